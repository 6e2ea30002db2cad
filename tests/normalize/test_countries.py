import pytest

from offramp.normalize.countries import country_name, to_iso2


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("China", "CN"), ("cn", "CN"), ("Korea, North", "KP"), ("Burma", "MM"),
        ("Iran (Islamic Republic of)", "IR"), ("Russian Federation", "RU"), ("Russia", "RU"),
        ("Democratic Republic of the Congo", "CD"), ("Türkiye", "TR"), ("Turkey", "TR"),
        ("United Kingdom", "GB"), ("Côte d'Ivoire", "CI"), ("Cote d Ivoire", "CI"),
        ("Kosovo", "XK"), ("Region: Crimea", "UA"),
    ],
)
def test_list_spellings_map_to_iso(text: str, code: str) -> None:
    assert to_iso2(text) == code


@pytest.mark.parametrize("text", ["", None, "XX", "Atlantis", "  "])
def test_unknown_countries_stay_unknown(text: str | None) -> None:
    assert to_iso2(text) is None


def test_country_name() -> None:
    assert country_name("CN") == "China"
    assert country_name("ZZ") == "ZZ"
