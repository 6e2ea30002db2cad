import pytest

from offramp.model import DateValue, PartialDate


def test_partial_dates_keep_only_what_is_known() -> None:
    assert PartialDate.parse("1970").to_text() == "1970"
    assert PartialDate.parse("1970-05").to_text() == "1970-05"
    assert PartialDate.parse("1970-05-03") == PartialDate(1970, 5, 3)


@pytest.mark.parametrize("text", ["1970-13", "1970-02-30", "70", "1970/05/03", "", "0000"])
def test_invalid_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_ranges_and_circa_round_trip() -> None:
    for text in ["1968/1970", "~1962", "1960-01-01", "~1968-01/1970-12"]:
        assert DateValue.parse(text).to_text() == text
    value = DateValue.parse("1968/1970")
    assert value.start == PartialDate(1968) and value.end == PartialDate(1970)
    assert DateValue.year(1962, circa=True).to_text() == "~1962"


def test_range_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValueError):
        DateValue.parse("1970/1968")
