import pytest

from offramp.normalize.legal_forms import (
    find_legal_forms,
    legal_form_family,
    legal_forms_compatible,
)
from offramp.normalize.names import normalize_name


@pytest.mark.parametrize(
    ("name", "tokens", "forms"),
    [
        # limited-liability family, many languages, dotted / undotted / spaced
        (
            "Hangzhou Hikvision Digital Technology Co., Ltd.",
            ("hangzhou", "hikvision", "digital", "technology"),
            ("ltd",),
        ),
        ("Alpha Co Ltd", ("alpha",), ("ltd",)),
        # Persian sherkat-e (company of), hyphened or written as one word as OFAC does
        ("SHERKAT-E DEY", ("dey",), ("co",)),
        ("SHERKATE BEH TAAM", ("beh", "taam"), ("co",)),
        ("Alpha Limited", ("alpha",), ("ltd",)),
        ("Alpha Ltd", ("alpha",), ("ltd",)),
        ("阿尔法有限公司", ("aerfa",), ("ltd",)),
        ("Alpha Ltda.", ("alpha",), ("llc",)),
        ("Alpha S.R.L.", ("alpha",), ("llc",)),
        ("Alpha Sp. z o.o.", ("alpha",), ("llc",)),
        ("Alpha GmbH", ("alpha",), ("llc",)),
        ("OOO Romashka", ("romashka",), ("llc",)),
        ("ООО Ромашка", ("romashka",), ("llc",)),
        ("Alpha LLC", ("alpha",), ("llc",)),
        ("Orta A.C.", ("orta",), ("ac",)),
        ("Díaz S.C.", ("diaz",), ("sc",)),
        ("Alpha L.L.C.", ("alpha",), ("llc",)),
        ("TOO Alpha", ("alpha",), ("llc",)),
        ("TOV Alpha", ("alpha",), ("llc",)),
        ("Obshchestvo s Ogranichennoy Otvetstvennostyu Alpha", ("alpha",), ("llc",)),
        ("Alpha Pte. Ltd.", ("alpha",), ("ltd",)),
        ("Alpha Pvt Ltd", ("alpha",), ("ltd",)),
        ("Alpha Sdn Bhd", ("alpha",), ("ltd",)),
        ("Alpha FZE", ("alpha",), ("fze",)),
        # a Liechtenstein Anstalt is an establishment (AVIATRANS ANSTALT / ESTABLISHMENT)
        ("Aviatrans Anstalt", ("aviatrans",), ("est",)),
        ("Aviatrans Establishment", ("aviatrans",), ("est",)),
        ("Anstalt fur Luftfahrt", ("anstalt", "fur", "luftfahrt"), ()),
        ("Alpha FZCO", ("alpha",), ("fzco",)),
        ("Alpha DMCC", ("alpha",), ("dmcc",)),
        ("Al Safa W.L.L.", ("al", "safa"), ("llc",)),
        # corporation
        ("Alpha Inc.", ("alpha",), ("corp",)),
        ("Alpha Incorporated", ("alpha",), ("corp",)),
        ("Alpha Corp", ("alpha",), ("corp",)),
        ("Alpha Corporation", ("alpha",), ("corp",)),
        # joint-stock family
        ("Alpha PLC", ("alpha",), ("plc",)),
        ("Alpha Public Limited Company", ("alpha",), ("plc",)),
        ("JSC Rosneft", ("rosneft",), ("jsc",)),
        ("AO Almaz", ("almaz",), ("jsc",)),
        ("АО Алмаз", ("almaz",), ("jsc",)),
        ("OAO Almaz", ("almaz",), ("ojsc",)),
        ("ОАО Алмаз", ("almaz",), ("ojsc",)),
        ("ПАО Газпром нефть", ("gazprom", "neft"), ("pjsc",)),
        ("Gazprom Neft PAO", ("gazprom", "neft"), ("pjsc",)),
        ("ZAO Almaz", ("almaz",), ("cjsc",)),
        ("ЗАО Алмаз", ("almaz",), ("cjsc",)),
        ("Almaz PJSC", ("almaz",), ("pjsc",)),
        ("Almaz CJSC", ("almaz",), ("cjsc",)),
        ("Aktsionernoye Obshchestvo Almaz", ("almaz",), ("jsc",)),
        # a name's leading "joint stock" / "aktsionerny" (OFAC's Russian banks)
        ("JOINT STOCK COMMERCIAL BANK RUBLEV", ("commercial", "bank", "rublev"), ("jsc",)),
        ("JOINT-STOCK BANK ALMAZ", ("bank", "almaz"), ("jsc",)),
        ("AKTSIONERNY KOMMERCHESKI BANK EVROFINANS", ("commercial", "bank", "evrofinans"),
         ("jsc",)),
        ("Alpha AG", ("alpha",), ("jsc",)),
        ("Alpha S.A.", ("alpha",), ("jsc",)),
        ("Alpha SA", ("alpha",), ("jsc",)),
        ("Grupo Industrial S.A. de C.V.", ("group", "industry"), ("jsc",)),
        ("Alpha SpA", ("alpha",), ("jsc",)),
        ("Alpha N.V.", ("alpha",), ("jsc",)),
        ("Alpha B.V.", ("alpha",), ("llc",)),
        ("Alpha K.K.", ("alpha",), ("jsc",)),
        ("株式会社トヨタ", ("toyota",), ("jsc",)),
        ("Toyota Kabushiki Kaisha", ("toyota",), ("jsc",)),
        ("Alpha A.Ş.", ("alpha",), ("jsc",)),
        ("Alpha AŞ", ("alpha",), ("jsc",)),
        ("Alpha Anonim Şirketi", ("alpha",), ("jsc",)),
        ("AB Volvo", ("volvo",), ("jsc",)),
        ("PT Bank Negara Indonesia Tbk", ("bank", "negara", "indonesia"), ("ltd", "plc")),
        # Indonesian state companies and limited partnerships
        ("PT Pertamina (Persero) Tbk", ("pertamina",), ("ltd", "sue", "plc")),
        ("Perum Bulog", ("bulog",), ("sue",)),
        ("CV Kurniawan", ("kurniawan",), ("lp",)),
        ("SURABAYA HOBBY CV", ("surabaya", "hobby"), ("lp",)),
        # partnerships and others
        ("Alpha LLP", ("alpha",), ("llp",)),
        ("Alpha LP", ("alpha",), ("lp",)),
        ("Alpha GmbH & Co. KG", ("alpha",), ("kg",)),
        ("Alpha KG", ("alpha",), ("kg",)),
        ("Alpha EST", ("alpha",), ("est",)),
        ("Alpha Co.", ("alpha",), ("co",)),
        ("Alpha Company", ("alpha",), ("co",)),
        ("Alpha & Co", ("alpha",), ("co",)),
        # long forms as OFAC's aliases write them
        ("COMERCIALIZADORA TROPPO SOCIEDAD ANONIMA", ("comercializadora", "troppo"),
         ("jsc",)),
        ("L INMO SOCIEDAD ANONIMA DE CAPITAL VARIABLE", ("l", "inmo"), ("jsc",)),
        ("BAJER SOCIEDAD DE RESPONSABILIDAD LIMITADA", ("bajer",), ("llc",)),
        ("PUBLICHNOE AKTSIONERNOE OBSCHESTVO SOLLERS", ("sollers",), ("pjsc",)),
        ("OTKRYTOYE AKTSIONERNOYE OBSCHESTVO TAE AVIA", ("tae", "avia"), ("ojsc",)),
        ("OBSCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU MOKRAN", ("mokran",), ("llc",)),
        ("STARS COMMUNICATION SAL (OFF SHORE)", ("stars", "communications"), ("jsc",)),
        ("GOLDEN FISH S.A.L. (OFFSHORE)", ("golden", "fish"), ("jsc",)),
        ("FEDERAL STATE UNITARY ENTERPRISE BAZALT", ("bazalt",), ("sue",)),
        ("FEDERALNOE GOSUDARSTVENNOE UNITARNOE PREDPRIYATIE LUCH", ("luch",), ("sue",)),
        # the Russian state corporation, at a name's edge (an interstate corporation is none)
        ("STATE CORPORATION ROSTEC", ("rostec",), ("goscorp",)),
        ("GOSUDARSTVENNAYA KORPORATSIYA RAZVITIYA VEB.RF", ("development", "veb", "rf"),
         ("goscorp",)),
        ("PUBLIC JOINT STOCK COMPANY VYMPEL INTERSTATE CORPORATION", ("vympel", "interstate"),
         ("pjsc", "corp")),
        # a Romance form of three or four letters spelt apart (OFAC SDN 2021 alias of EMMR &
        # CIA. S.A.S.); not the two letters of S.A., which may be a person's initials
        ("EMMR Y COMPANIA S A S", ("emmr", "y"), ("co", "jsc")),
        ("TRANSPORTES ACME S R L", ("transportes", "acme"), ("llc",)),
        ("ACME S. A.", ("acme", "s", "a"), ()),
        ("JOHN A. B. S.", ("john", "a", "b", "s"), ()),
        # several forms, in reading order
        ("บริษัท ปตท. จำกัด (มหาชน)", ("ptth",), ("co", "ltd", "plc")),
        ("삼성전자 주식회사", ("samsong", "electronics"), ("jsc",)),
    ],
)
def test_legal_forms_in_names(name: str, tokens: tuple[str, ...], forms: tuple[str, ...]) -> None:
    normalized = normalize_name(name)
    assert normalized.tokens == tokens
    assert normalized.legal_forms == forms


@pytest.mark.parametrize(
    ("name", "key_tokens", "forms"),
    [
        # never a match on legal forms or stop words alone
        ("CORP", (), ("corp",)),
        ("LLC", (), ("llc",)),
        ("THE COMPANY", (), ("co",)),
        ("Anonim Sirketi", (), ("jsc",)),
        ("11420 CORP", ("11420",), ("corp",)),
        ("EMMA LLC", ("emma",), ("llc",)),
        # "A-B-C" is one acronym token, the legal form is not a token
        ("A-B-C Company", ("abc",), ("co",)),
        # ... but a name whose every word reads as a form, the first only at a name's edge,
        # is named by that word: OFAC's aliases SPC (SYRIAN PETROLEUM COMPANY), KHK (the
        # PKK) and SAE OOO (SISTEMY AVTONOMNOI ENERGII), and a company named Sá
        ("SPC", ("spc",), ()),
        ("KHK", ("khk",), ()),
        ("SAE OOO", ("sae",), ("llc",)),
        ("Sá S.A.", ("sa",), ("jsc",)),
        ("Co.", (), ("co",)),
        ("Cia", (), ("co",)),
    ],
)
def test_names_made_of_legal_forms(
    name: str, key_tokens: tuple[str, ...], forms: tuple[str, ...]
) -> None:
    normalized = normalize_name(name)
    assert normalized.key_tokens == key_tokens
    assert normalized.legal_forms == forms


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        # short forms count only at the edges of a name: inside they are name words
        ("Alpha Sa Beta", ("alpha", "sa", "beta")),
        ("Alpha Pt Beta", ("alpha", "pt", "beta")),
        ("Alpha Ag Beta", ("alpha", "ag", "beta")),
        ("Pt Alpha", ("alpha",)),
        ("Sa Alpha", ("alpha",)),
        # "end" forms are not taken at the start, even when the list writes them dotted
        ("KK Alpha", ("kk", "alpha")),
        ("K.K. Alpha", ("kk", "alpha")),
        ("AS Alpha", ("as", "alpha")),
        # "start" forms only at the start: a Russian bank's AKB, not the letters that end an
        # aircraft's registration (OFAC SDN: YK-AKB, whose YK is also an "end" form)
        ("AKB Mosoblbank OAO", ("mosoblbank",)),
        ("JSB Sobinbank", ("sobinbank",)),
        ("YK-AKB", ("yk", "akb")),
        ("Alpha AKB", ("alpha", "akb")),
        # unambiguous forms are taken anywhere
        ("Alpha GmbH Beta", ("alpha", "beta")),
    ],
)
def test_short_forms_only_at_the_edges(name: str, tokens: tuple[str, ...]) -> None:
    assert normalize_name(name).tokens == tokens


def test_find_legal_forms_marks_tokens() -> None:
    removed, codes = find_legal_forms(["ooo", "alpha", "beta", "co", "ltd"])
    assert removed == [True, False, False, True, True]
    assert codes == ("llc", "ltd")


@pytest.mark.parametrize(
    ("code", "family"),
    [
        ("llc", "limited"),
        ("ltd", "limited"),
        ("jsc", "stock"),
        ("pjsc", "stock"),
        ("corp", "corporation"),
        ("kg", "partnership"),
        ("co", "generic"),
        ("nonsense", None),
    ],
)
def test_legal_form_family(code: str, family: str | None) -> None:
    assert legal_form_family(code) == family


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ("ltd", "ltd", True),
        ("llc", "ltd", True),  # same family
        ("jsc", "pjsc", True),
        ("co", "kg", True),  # "Company" fits anything
        ("jsc", "ltd", True),  # 株式会社 is rendered "Co., Ltd."
        ("corp", "jsc", True),
        ("llc", "lp", False),  # a partnership is not a limited company
        ("corp", "est", False),
        ("sue", "llc", False),
        ("ltd", "unknown", True),
    ],
)
def test_legal_forms_compatible(a: str, b: str, compatible: bool) -> None:
    assert legal_forms_compatible(a, b) is compatible
    assert legal_forms_compatible(b, a) is compatible


def test_legal_form_table_is_consistent() -> None:
    from offramp.normalize.vocab import read_table

    families: dict[str, set[str]] = {}
    for row in read_table("legal_forms.csv"):
        assert row["position"] in {"any", "edge", "end", "start", "cyrillic"}, row
        assert row["source"], row
        families.setdefault(row["code"], set()).add(row["family"])
    assert all(len(f) == 1 for f in families.values()), families


@pytest.mark.parametrize(("name", "tokens", "forms"), [
    # РАО is a Russian joint-stock company where the name is written in Cyrillic ...
    ("РАО «Белов Степанова»", ("belov", "stepanova"), ("jsc",)),
    ("Белов Степанова РАО", ("belov", "stepanova"), ("jsc",)),
    # ... and the Indian name Rao in Latin letters
    ("RAO Mohan", ("rao", "mohan"), ()),
    ("Mohan Rao", ("mohan", "rao"), ()),
    ("ANWAR, Rao", ("anwar", "rao"), ()),
])
def test_cyrillic_only_forms(name: str, tokens: tuple[str, ...], forms: tuple[str, ...]) -> None:
    norm = normalize_name(name)
    assert (norm.tokens, norm.legal_forms) == (tokens, forms)
