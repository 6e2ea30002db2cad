"""The OFAC Remarks mini-language, clause by clause (texts taken from the real files)."""

from __future__ import annotations

import pytest

from offramp.model import DateValue, Identifier, PartialDate
from offramp.model import identifiers as ids
from offramp.sources.ofac_legacy.dates import parse_date_value, parse_partial
from offramp.sources.ofac_legacy.mapper import split_programs
from offramp.sources.ofac_legacy.remarks import parse_remarks, split_clauses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 Dec 1948", "1948-12-10"),
        ("Sep 1938", "1938-09"),
        ("1936", "1936"),
        ("circa 1951", "~1951"),
        ("circa 07 Jul 1966", "~1966-07-07"),
        ("1951 to 1953", "1951/1953"),
        ("01 Jan 1961 to 31 Dec 1962", "1961-01-01/1962-12-31"),
        ("Mar 1962 to Feb 1963", "1962-03/1963-02"),
        ("circa 1979-1982", "~1979/1982"),
        ("10 October 1969", "1969-10-10"),
    ],
)
def test_date_phrases(text: str, expected: str) -> None:
    value = parse_date_value(text)
    assert value is not None
    assert value.to_text() == expected


@pytest.mark.parametrize("text", ["31 Feb 1960", "Foo 1960", "1970 to 1960", "unknown", ""])
def test_date_phrases_that_are_not_dates(text: str) -> None:
    assert parse_date_value(text) is None


def test_partial_dates_stay_partial() -> None:
    assert parse_partial("1948") == PartialDate(1948)
    assert parse_partial("Dec 1948") == PartialDate(1948, 12)


def test_programs_split_packed_and_bracketed() -> None:
    assert split_programs("SDNTK] [FTO") == ("SDNTK", "FTO")
    assert split_programs("[SDGT] [IRGC] [IFSR]") == ("SDGT", "IRGC", "IFSR")
    assert split_programs("CAATSA - RUSSIA") == ("CAATSA - RUSSIA",)
    assert split_programs("CMIC-EO13959") == ("CMIC-EO13959",)
    assert split_programs(None) == ()


def test_clauses_drop_only_the_final_full_stop() -> None:
    text = "a.k.a. 'FOO S.A.'; possibly Palestinian;arrested 23 Apr 2002."
    assert split_clauses(text) == ["a.k.a. 'FOO S.A.'", "possibly Palestinian",
                                   "arrested 23 Apr 2002"]


def test_person_remarks_ent_47704() -> None:
    # sdn.csv 2024-05-03, ent_num 47704 (FALAHZADEH, Mohammad Reza)
    parsed = parse_remarks(
        "DOB 1962 to 1963; alt. DOB 31 Dec 1961; POB Yazd, Iran; nationality Iran; "
        "Gender Male; Secondary sanctions risk: section 1(b) of Executive Order 13224, as "
        "amended by Executive Order 13886; Passport D10008862 (Iran) expires 04 Oct 2026; "
        "Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE."
    )
    assert parsed.birth_dates == [
        DateValue(PartialDate(1962), PartialDate(1963)),
        DateValue(PartialDate(1961, 12, 31)),
    ]
    assert parsed.birth_places == ["Yazd, Iran"]
    assert parsed.nationalities == ["IR"]
    assert parsed.gender == "male"
    assert parsed.identifiers == [
        Identifier(ids.PASSPORT, "D10008862", "IR", "Passport", "expires 04 Oct 2026"),
    ]
    assert parsed.links == ["ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE"]
    assert parsed.provisions == [
        "Secondary sanctions risk: section 1(b) of Executive Order 13224, as amended by "
        "Executive Order 13886"
    ]
    assert parsed.leftover == []


def test_circa_and_weak_aliases_ent_11748() -> None:
    parsed = parse_remarks("nationality Somalia; DOB circa 1979-1982; alt. DOB 1982; "
                           "a.k.a. 'MUSCAB, Abu'; a.k.a. 'QORGAB'.")
    assert [d.to_text() for d in parsed.birth_dates] == ["~1979/1982", "1982"]
    assert parsed.nationalities == ["SO"]
    assert parsed.aliases == [("aka", "MUSCAB, Abu"), ("aka", "QORGAB")]


def test_alias_kinds_and_apostrophes() -> None:
    parsed = parse_remarks("f.k.a. 'ANA I'; n.k.a. 'LGOK'; a.k.a. 'AL QA'IDA'.")
    assert parsed.aliases == [("fka", "ANA I"), ("nka", "LGOK"), ("aka", "AL QA'IDA")]


def test_alias_cut_by_the_1000_character_limit_is_not_a_name() -> None:
    # sdn.csv 2024 ent 28263 ends "...; a.k.a. 'snowsjo" (the rest is in sdn_comments.csv)
    parsed = parse_remarks("a.k.a. 'tianyinyin0404'; a.k.a. 'snowsjo")
    assert parsed.aliases == [("aka", "tianyinyin0404")]
    assert parsed.leftover == ["a.k.a. 'snowsjo"]


def test_cmic_remarks_hikvision() -> None:
    # cons_prim.csv 2025-12, ent_num 30946
    parsed = parse_remarks(
        "Equity Ticker 002415 CN; Issuer Name Hangzhou Hikvision Digital Technology; ISIN "
        "CNE100000PM8; Target Type Public Company; Effective Date (CMIC) 02 Aug 2021; "
        "Purchase/Sales For Divestment Date (CMIC) 03 Jun 2022; Listing Date (CMIC) 03 Jun "
        "2021; Unified Social Credit Code (USCC) 91330000733796106P (China)."
    )
    assert parsed.identifiers == [
        Identifier(ids.ISIN, "CNE100000PM8", None, "ISIN"),
        Identifier(ids.USCC, "91330000733796106P", "CN", "Unified Social Credit Code (USCC)"),
    ]
    assert parsed.target_type == "Public Company"
    assert parsed.listed_on == DateValue(PartialDate(2021, 6, 3))
    assert parsed.properties == {"ticker": ["002415 CN"], "legalForm": ["Public Company"]}
    assert parsed.provisions == [
        "Effective Date (CMIC) 02 Aug 2021",
        "Purchase/Sales For Divestment Date (CMIC) 03 Jun 2022",
        "Listing Date (CMIC) 03 Jun 2021",
    ]
    assert parsed.leftover == ["Issuer Name Hangzhou Hikvision Digital Technology"]


def test_listed_on_is_the_earliest_directive_listing() -> None:
    parsed = parse_remarks("Listing Date (EO 14024 Directive 3): 24 Feb 2022; "
                           "Listing Date (EO 14024 Directive 2): 24 Feb 2021.")
    assert parsed.listed_on == DateValue(PartialDate(2021, 2, 24))


def test_vessel_remarks() -> None:
    parsed = parse_remarks(
        "Vessel Registration Identification IMO 9187629; MMSI 572469210; Former Vessel Flag "
        "Malta; alt. Former Vessel Flag Tuvalu; alt. Former Vessel Flag None Identified; "
        "Other Vessel Call Sign 5IM713; Other Vessel Type Roll-on Roll-off; "
        "Other Vessel Flag Trinidad and Tobago; Vessel Year of Build 1999; "
        "Linked To: NATIONAL IRANIAN TANKER COMPANY."
    )
    assert [(i.type, i.value) for i in parsed.identifiers] == [
        (ids.IMO, "9187629"), (ids.MMSI, "572469210"),
    ]
    assert parsed.properties == {
        "pastFlags": ["MT", "TV"], "callSign": ["5IM713"], "type": ["Roll-on Roll-off"],
        "flag": ["TT"], "buildDate": ["1999"],
    }
    assert parsed.links == ["NATIONAL IRANIAN TANKER COMPANY"]


def test_aircraft_remarks() -> None:
    parsed = parse_remarks(
        "Aircraft Construction Number (also called L/N or S/N or F/N) 8401; Aircraft "
        "Manufacture Date Sep 1984; Aircraft Model IL76-TD; Aircraft Operator MAHAN AIR; "
        "Aircraft Manufacturer's Serial Number (MSN) 1023409321; Aircraft Tail Number "
        "EP-MNF; Nationality of Registration Korea, North."
    )
    label = "Aircraft Construction Number (also called L/N or S/N or F/N)"
    assert [(i.type, i.value) for i in parsed.identifiers] == [
        (label, "8401"), (ids.AIRCRAFT_SERIAL, "1023409321"), (ids.AIRCRAFT_TAIL, "EP-MNF"),
    ]
    assert parsed.properties == {"buildDate": ["1984-09"], "model": ["IL76-TD"],
                                 "operator": ["MAHAN AIR"]}
    assert parsed.countries == ["KP"]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("Tax ID No. 100036386 (Serbia)", Identifier(ids.TAX_ID, "100036386", "RS", "Tax ID No.")),
        ("National ID No. 216040 (Yemen)",
         Identifier(ids.NATIONAL_ID, "216040", "YE", "National ID No.")),
        ("Cedula No. 6068015 (Colombia)", Identifier(ids.CEDULA, "6068015", "CO", "Cedula No.")),
        ("SSN 523-33-8386 (United States)", Identifier(ids.SSN, "523-33-8386", "US", "SSN")),
        ("SWIFT/BIC HAVIGB2L", Identifier(ids.SWIFT_BIC, "HAVIGB2L", None, "SWIFT/BIC")),
        ("Website www.rosneft.com", Identifier(ids.WEBSITE, "www.rosneft.com", None, "Website")),
        ("Email Address general@sovfracht.ru",
         Identifier(ids.EMAIL, "general@sovfracht.ru", None, "Email Address")),
        ("Phone Number 982188526300", Identifier(ids.PHONE, "982188526300", None, "Phone Number")),
        ("Telephone (98)(21)(66153220)",
         Identifier(ids.PHONE, "(98)(21)(66153220)", None, "Telephone")),
        ("Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h",
         Identifier(ids.CRYPTO_WALLET, "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h", None,
                    "Digital Currency Address - XBT")),
        ("D-U-N-S Number 542957624", Identifier(ids.DUNS, "542957624", None, "D-U-N-S Number")),
        ("Company Number 01074897 (United Kingdom)",
         Identifier(ids.REGISTRATION, "01074897", "GB", "Company Number")),
        ("Company Number IMO 5055293", Identifier(ids.IMO, "5055293", None, "Company Number IMO")),
        ("Legal Entity Number 253400V1H6ART1UQ0N98 (Russia)",
         Identifier(ids.LEI, "253400V1H6ART1UQ0N98", "RU", "Legal Entity Number")),
        ("Registration ID 14063277", Identifier(ids.REGISTRATION, "14063277", None,
                                                "Registration ID")),
        ("Passport E590976 (Tunisia) issued 19 Jun 1987 expires 18 Jun 1992",
         Identifier(ids.PASSPORT, "E590976", "TN", "Passport",
                    "issued 19 Jun 1987 expires 18 Jun 1992")),
        ("Passport G 649385 issued 08 Sep 2006 expires 17 Jul 2011",
         Identifier(ids.PASSPORT, "G 649385", None, "Passport",
                    "issued 08 Sep 2006 expires 17 Jul 2011")),
        ("Registration Number HRA 738077 (Stuttgart) (Germany)",
         Identifier(ids.REGISTRATION, "HRA 738077 (Stuttgart)", "DE", "Registration Number")),
        ("Matricula Mercantil No 12345 (Cali)",
         Identifier(ids.REGISTRATION, "12345", None, "Matricula Mercantil No", "Cali")),
        ("Identification Number 0000 (North Macedonia, The Republic of)",
         Identifier(ids.NATIONAL_ID, "0000", "MK", "Identification Number")),
        # a label offramp does not know: typed by the list's own label
        ("Government Gazette Number 09804148 (Russia)",
         Identifier("Government Gazette Number", "09804148", "RU",
                    "Government Gazette Number")),
        ("MSB Registration Number 31000172592626 (United States)",
         Identifier("MSB Registration Number", "31000172592626", "US",
                    "MSB Registration Number")),
    ],
)
def test_identifier_clauses(clause: str, expected: Identifier) -> None:
    parsed = parse_remarks(clause + ".")
    assert parsed.identifiers == [expected]
    assert parsed.leftover == []


@pytest.mark.parametrize(
    "clause",
    [
        "Passport issued in Sarajevo, Bosnia-Herzegovina",
        "Passport and National ID were issued in Ulm, Germany",
        "Member of the State Duma of the Federal Assembly of the Russian Federation",
        "ICTY indictee at large",
        "DOB unknown",
        "Gender Unknown",
    ],
)
def test_statements_are_kept_as_remarks(clause: str) -> None:
    parsed = parse_remarks(clause + ".")
    assert parsed.identifiers == []
    assert parsed.birth_dates == []
    assert parsed.leftover == [clause]


def test_sanctions_provisions_and_organisation_facts() -> None:
    parsed = parse_remarks(
        "Organization Established Date 28 Nov 2005; Organization Type: Construction of "
        "buildings; Additional Sanctions Information - Subject to Secondary Sanctions; "
        "alt. Secondary sanctions risk: See Section 11 of Executive Order 14024; "
        "Executive Order 13662 Directive Determination - Subject to Directive 1; "
        "alt. Executive Order 13846 information: FOREIGN EXCHANGE.  Sec. 5(a)(ii); "
        "citizen Colombia; alt. citizen Venezuela; Target Type Criminal Organization."
    )
    assert parsed.properties == {
        "incorporationDate": ["2005-11-28"], "sector": ["Construction of buildings"],
        "legalForm": ["Criminal Organization"],
    }
    assert parsed.provisions == [
        "Additional Sanctions Information - Subject to Secondary Sanctions",
        "Secondary sanctions risk: See Section 11 of Executive Order 14024",
        "Executive Order 13662 Directive Determination - Subject to Directive 1",
        "Executive Order 13846 information: FOREIGN EXCHANGE.  Sec. 5(a)(ii)",
    ]
    assert parsed.citizenships == ["CO", "VE"]
    assert parsed.leftover == []


def test_unrecognised_country_keeps_the_text() -> None:
    parsed = parse_remarks("nationality possibly Palestinian; POB Gaza.")
    assert parsed.nationalities == ["possibly Palestinian"]
    assert parsed.birth_places == ["Gaza"]


def test_empty_remarks() -> None:
    assert parse_remarks(None).leftover == []
    assert parse_remarks("").identifiers == []
