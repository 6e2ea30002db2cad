"""OFAC legacy CSV reader on the real SDN (2021, 2024) and consolidated (2025) files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from offramp.model import (
    Address,
    DateValue,
    Entity,
    Identifier,
    Link,
    Name,
    NameKind,
    PartialDate,
    Schema,
    SourceFormatError,
)
from offramp.model import identifiers as ids
from offramp.sources.base import ParsedList
from offramp.sources.files import head
from offramp.sources.ofac_legacy import FORMAT

OFAC = Path(__file__).resolve().parent.parent / "fixtures" / "lists" / "ofac"


@pytest.fixture(scope="module")
def sdn_2024() -> ParsedList:
    return FORMAT.read(OFAC / "sdn-2024-05-03" / "sdn.csv.gz")


@pytest.fixture(scope="module")
def sdn_2021() -> ParsedList:
    return FORMAT.read(OFAC / "sdn-2021-07-07" / "sdn.csv.gz")


@pytest.fixture(scope="module")
def cons() -> ParsedList:
    return FORMAT.read(OFAC / "cons-2025-12-19" / "cons_prim.csv.gz")


def by_id(parsed: ParsedList) -> dict[str, Entity]:
    return {e.id: e for e in parsed.entities}


# --- the SDN list of 2024-05-03 (primary file only) -----------------------------------------


def test_sdn_2024_counts_and_kinds(sdn_2024: ParsedList) -> None:
    assert sdn_2024.source == "ofac-sdn"
    assert sdn_2024.format == "ofac-legacy-csv"
    assert [p.name for p in sdn_2024.files] == ["sdn.csv.gz"]
    assert sdn_2024.publisher_date is None  # the legacy files carry no date
    assert len(sdn_2024.entities) == 14_965
    assert len({e.id for e in sdn_2024.entities}) == 14_965
    kinds = [e.schema for e in sdn_2024.entities]
    assert kinds.count(Schema.PERSON) == 6_854
    assert kinds.count(Schema.VESSEL) == 851
    assert kinds.count(Schema.AIRCRAFT) == 376
    # "-0-" entries: LegalEntity unless a "Target Type" says company or organisation
    assert (kinds.count(Schema.LEGAL_ENTITY), kinds.count(Schema.COMPANY),
            kinds.count(Schema.ORGANIZATION)) == (6_613, 199, 72)


def test_sdn_2024_aliases_come_only_from_remarks_and_are_weak(sdn_2024: ParsedList) -> None:
    entities = by_id(sdn_2024)
    assert entities["306"].names == (
        Name("BANCO NACIONAL DE CUBA", NameKind.PRIMARY),
        Name("BNC", NameKind.WEAK),
    )
    kinds = {n.kind for e in sdn_2024.entities for n in e.names}
    assert kinds == {NameKind.PRIMARY, NameKind.WEAK}
    assert sum(len(e.names) - 1 for e in sdn_2024.entities) == 3_663


def test_sdn_2024_warns_that_cut_remarks_cannot_be_completed(sdn_2024: ParsedList) -> None:
    assert len(sdn_2024.warnings) == 1
    assert sdn_2024.warnings[0].startswith("16 entries have Remarks cut at 1,000 characters")
    # the cut alias "a.k.a. 'snowsjo" must not become a name
    tian = by_id(sdn_2024)["28263"]
    assert [n.value for n in tian.names if n.kind is NameKind.WEAK] == ["tianyinyin0404"]
    assert tian.remarks == "a.k.a. 'snowsjo"


def test_person_with_range_alt_dob_pob_nationality_passport(sdn_2024: ParsedList) -> None:
    e = by_id(sdn_2024)["47704"]
    assert e.caption == "FALAHZADEH, Mohammad Reza"
    assert e.schema is Schema.PERSON
    assert e.birth_dates == (DateValue(PartialDate(1962), PartialDate(1963)),
                             DateValue(PartialDate(1961, 12, 31)))
    assert e.birth_places == ("Yazd, Iran",)
    assert e.nationalities == ("IR",)
    assert e.gender == "male"
    assert e.identifiers == (
        Identifier(ids.PASSPORT, "D10008862", "IR", "Passport", "expires 04 Oct 2026"),
    )
    assert e.programs == ("SDGT", "IRGC", "IFSR")
    assert e.links == (Link("linked_to", "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE",
                            target_id="10465"),)
    assert e.source_url == "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=47704"


def test_person_with_circa_dob(sdn_2024: ParsedList) -> None:
    e = by_id(sdn_2024)["11748"]
    assert [d.to_text() for d in e.birth_dates] == ["~1979/1982", "1982"]
    assert e.birth_dates[0].circa
    assert e.nationalities == ("SO",)
    assert [n.value for n in e.names[1:]] == ["MUSCAB, Abu", "QORGAB"]


def test_packed_programs(sdn_2024: ParsedList) -> None:
    e = by_id(sdn_2024)["4702"]
    assert e.caption == "KURDISTAN WORKERS' PARTY"
    assert e.programs == ("SDNTK", "FTO", "SDGT")
    assert e.record["Program"] == "SDNTK] [FTO] [SDGT"


def test_vessel_columns_and_remarks(sdn_2024: ParsedList) -> None:
    e = by_id(sdn_2024)["15036"]
    assert e.caption == "ARTAVIL"
    assert e.schema is Schema.VESSEL
    assert e.identifiers == (
        Identifier(ids.IMO, "9187629", None, "Vessel Registration Identification IMO"),
        Identifier(ids.MMSI, "572469210", None, "MMSI"),
    )
    assert dict(e.properties) == {
        "callSign": ("T2EU4",),
        "type": ("Crude/Oil Products Tanker",),
        "tonnage": ("99,144",),
        "grossRegisteredTonnage": ("56,068",),
        "flag": ("IR",),
        "pastFlags": ("MT", "TV", "TZ"),
        "provisions": ("Additional Sanctions Information - Subject to Secondary Sanctions",),
    }
    assert e.links == (Link("linked_to", "NATIONAL IRANIAN TANKER COMPANY", target_id="15117"),)
    assert e.names[1] == Name("ALPHA", NameKind.WEAK)


def test_linked_to_resolves_only_names_of_this_list(sdn_2024: ParsedList) -> None:
    links = [link for e in sdn_2024.entities for link in e.links]
    assert len(links) == 6_375
    unresolved = {link.target_name for link in links if link.target_id is None}
    # Gazprom is on the consolidated (SSI) list, not the SDN list: left for later steps
    assert "PUBLIC JOINT STOCK COMPANY GAZPROM" in unresolved
    assert len([link for link in links if link.target_id]) == 6_365


def test_sdn_2024_04_26_is_a_week_older(tmp_path: Path) -> None:
    parsed = FORMAT.read(OFAC / "sdn-2024-04-26" / "sdn.csv.gz")
    assert len(parsed.entities) == 14_668


# --- the full SDN set of 2021-07-07 ---------------------------------------------------------


def test_sdn_2021_reads_all_four_files(sdn_2021: ParsedList) -> None:
    assert [p.name for p in sdn_2021.files] == [
        "sdn.csv.gz", "alt.csv.gz", "add.csv.gz", "sdn_comments.csv",
    ]
    assert len(sdn_2021.entities) == 8_976
    assert sdn_2021.warnings == ()


def test_sdn_2021_aliases_attach_to_their_entries(sdn_2021: ParsedList) -> None:
    entities = by_id(sdn_2021)
    assert entities["306"].names == (
        Name("BANCO NACIONAL DE CUBA"),
        Name("NATIONAL BANK OF CUBA", NameKind.AKA),  # alt.csv
        Name("BNC", NameKind.WEAK),  # Remarks
    )
    assert entities["36"].names[1] == Name("AERO-CARIBBEAN", NameKind.AKA)
    # alt.csv has 11,910 rows; two repeat a name of the same entry (8407, 16448)
    strong = [n for e in sdn_2021.entities for n in e.names
              if n.kind in (NameKind.AKA, NameKind.FKA, NameKind.NKA)]
    assert len(strong) == 11_908
    assert sum(1 for n in strong if n.kind is NameKind.FKA) == 369
    assert sum(1 for n in strong if n.kind is NameKind.NKA) == 18
    # the repeated row stays in the original record, once among the names
    shanab = entities["8407"]
    assert len(shanab.record["alt"]) == 8
    assert [n.value for n in shanab.names].count("AMIN ABU SHANAB AND SONS CO.") == 1
    assert len(shanab.names) == 8


def test_sdn_2021_addresses(sdn_2021: ParsedList) -> None:
    entities = by_id(sdn_2021)
    # add.csv has 13,837 rows; 2,397 are all "-0-" (address unknown) and carry nothing
    assert sum(len(e.addresses) for e in sdn_2021.entities) == 11_440
    bnc = entities["306"]
    assert bnc.addresses[0] == Address(
        full="Zweierstrasse 35, Zurich CH-8022, Switzerland", street="Zweierstrasse 35",
        city="Zurich CH-8022", country="CH",
    )
    assert bnc.countries == ("CH", "ES", "JP", "PA")
    assert len(bnc.record["add"]) == 4


def test_sdn_2021_comments_continue_the_remarks(sdn_2021: ParsedList) -> None:
    entities = by_id(sdn_2021)
    cifuentes = entities["12300"]
    names = [link.target_name for link in cifuentes.links]
    assert len(names) == 25
    # "...Linked To: PROMO RAI" in sdn.csv + "Z S.A.S.; ..." in sdn_comments.csv
    assert "PROMO RAIZ S.A.S." in names
    assert names[-1] == "R D I S.A"
    assert cifuentes.remarks is None  # every clause understood
    tian = entities["28263"]
    assert [n.value for n in tian.names if n.kind is NameKind.WEAK] == [
        "tianyinyin0404", "snowsjohn",
    ]
    assert tian.links == (Link("linked_to", "LAZARUS GROUP", target_id="27307"),)
    assert tian.record["Remarks_Extended"] == ["hn'; Linked To: LAZARUS GROUP."]


# --- the consolidated (non-SDN) list of 2025-12 ---------------------------------------------


def test_cons_counts(cons: ParsedList) -> None:
    assert cons.source == "ofac-cons"
    assert [p.name for p in cons.files] == [
        "cons_prim.csv.gz", "cons_alt.csv", "cons_add.csv", "cons_comments.csv",
    ]
    assert len(cons.entities) == 442
    assert cons.warnings == ()


def test_cons_hikvision(cons: ParsedList) -> None:
    e = by_id(cons)["30946"]
    assert e.caption == "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."
    assert e.schema is Schema.COMPANY  # "Target Type Public Company"
    assert e.programs == ("CMIC-EO13959",)
    assert e.names[1:] == (Name("HIKVISION", NameKind.AKA),
                           Name("HANGZHOU HIKVISION DIGITAL TECHNOLOGY", NameKind.AKA))
    assert Identifier(ids.USCC, "91330000733796106P", "CN",
                      "Unified Social Credit Code (USCC)") in e.identifiers
    assert Identifier(ids.ISIN, "CNE100000PM8", None, "ISIN") in e.identifiers
    assert e.listed_on == DateValue(PartialDate(2021, 6, 3))
    assert e.properties["ticker"] == ("002415 CN",)
    assert e.addresses[0].country == "CN"
    assert e.addresses[0].city == "Hangzhou 310051"


def test_cons_comments_complete_a_clause_cut_in_two(cons: ParsedList) -> None:
    bank = by_id(cons)["17014"]
    # "...; Registratio" + "n Number 1027700342890 (Russia); ...; a.k.a. 'RUSAG'."
    assert Identifier(ids.REGISTRATION, "1027700342890", "RU",
                      "Registration Number") in bank.identifiers
    assert bank.names[-1] == Name("RUSAG", NameKind.WEAK)


def test_cons_huawei_links(cons: ParsedList) -> None:
    holding = by_id(cons)["32087"]
    assert holding.caption == "HUAWEI INVESTMENT & HOLDING CO., LTD."
    # the remark drops the final "." of the name; the link still finds entry 30947
    assert holding.links == (
        Link("linked_to", "HUAWEI TECHNOLOGIES CO., LTD", target_id="30947"),
    )


def test_source_can_be_given(tmp_path: Path) -> None:
    parsed = FORMAT.read(OFAC / "cons-2025-12-19" / "cons_prim.csv.gz", source="my-cons")
    assert parsed.source == "my-cons"
    assert {e.source for e in parsed.entities} == {"my-cons"}


# --- entities are faithful and round-trip ---------------------------------------------------


def test_entities_round_trip_and_records_are_json(sdn_2021: ParsedList, cons: ParsedList) -> None:
    for parsed in (sdn_2021, cons):
        for e in parsed.entities:
            data = e.to_dict()
            json.dumps(data)
            assert Entity.from_dict(data) == e


def test_names_script_matches_the_model_detection(sdn_2021: ParsedList) -> None:
    for e in sdn_2021.entities[:2000]:
        for n in e.names:
            assert n.script == Name(n.value, n.kind).script


def test_record_keeps_original_columns(sdn_2021: ParsedList) -> None:
    e = by_id(sdn_2021)["306"]
    assert e.record["ent_num"] == "306"
    assert e.record["SDN_Name"] == "BANCO NACIONAL DE CUBA"
    assert e.record["SDN_Type"] is None  # "-0- "
    assert e.record["Remarks"] == "a.k.a. 'BNC'."
    assert e.record["alt"] == [{"ent_num": "306", "alt_num": "220", "alt_type": "aka",
                                "alt_name": "NATIONAL BANK OF CUBA", "alt_remarks": None}]


# --- file names, siblings and sniffing ------------------------------------------------------


def test_upper_case_names_and_siblings() -> None:
    parsed = FORMAT.read(OFAC / "excerpt-upper" / "SDN.CSV")
    assert [p.name for p in parsed.files] == ["SDN.CSV", "ALT.CSV"]
    assert parsed.source == "ofac-sdn"
    assert [e.id for e in parsed.entities] == ["36", "173", "306", "424", "475"]
    assert by_id(parsed)["306"].names[1] == Name("NATIONAL BANK OF CUBA", NameKind.AKA)


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("sdn-2024-05-03/sdn.csv.gz", True),
        ("sdn-2021-07-07/sdn.csv.gz", True),
        ("cons-2025-12-19/cons_prim.csv.gz", True),
        ("excerpt-upper/SDN.CSV", True),
        ("sdn-2021-07-07/alt.csv.gz", False),
        ("sdn-2021-07-07/add.csv.gz", False),
        ("sdn-2021-07-07/sdn_comments.csv", False),
        ("cons-2025-12-19/cons_alt.csv", False),
    ],
)
def test_sniff(relative: str, expected: bool) -> None:
    path = OFAC / relative
    assert FORMAT.sniff(path, head(path)) is expected


def test_sniff_refuses_other_csv() -> None:
    header = b'"_id","source","entity_number","type","programs","name"\r\n"x","y","1"\r\n'
    assert not FORMAT.sniff(Path("consolidated.csv"), header)
    assert not FORMAT.sniff(Path("x.xml"), b'<?xml version="1.0"?>\n<sdnList>\n')
    assert not FORMAT.sniff(Path("x.csv"), b"36,")  # no whole line


# --- encodings ------------------------------------------------------------------------------


def test_cp1252_file_decodes_losslessly() -> None:
    parsed = FORMAT.read(OFAC / "encoding" / "cp1252" / "sdn.csv")
    assert by_id(parsed)["475"].caption == "CASA DE CUBA MÉXICO"


def test_utf8_file_with_bom() -> None:
    parsed = FORMAT.read(OFAC / "encoding" / "utf8" / "sdn.csv")
    assert parsed.entities[0].id == "36"
    assert by_id(parsed)["475"].caption == "CASA DE CUBA MÉXICO"


# --- failure paths --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "where", "problem"),
    [
        ("bad/truncated/sdn.csv", "line 3", "malformed CSV"),
        ("bad/wrong-columns/sdn.csv", "line 4", "expected 12 columns, found 11"),
        ("bad/non-integer/sdn.csv", "line 2", "ent_num is not a number: '17E'"),
        ("bad/undecodable/sdn.csv", "byte 344", "not valid utf-8 or cp1252 text"),
        ("bad/nul/sdn.csv", "line 6", "NUL byte"),
        ("bad/duplicate/sdn.csv", "line 6", "duplicate ent_num 306 (first at line 3)"),
        ("bad/unknown-type/sdn.csv", "line 2", "unknown SDN_Type 'robot'"),
        ("bad/empty/sdn.csv", None, "no entries"),
        ("bad/truncated-gz/sdn.csv.gz", None, "truncated or corrupt gzip"),
    ],
)
def test_bad_primary_files(relative: str, where: str | None, problem: str) -> None:
    path = OFAC / relative
    with pytest.raises(SourceFormatError) as info:
        FORMAT.read(path)
    assert info.value.path == str(path)
    assert info.value.where == where
    assert problem in info.value.problem


def test_bad_sibling_file_is_named() -> None:
    with pytest.raises(SourceFormatError) as info:
        FORMAT.read(OFAC / "bad" / "alt-columns" / "sdn.csv")
    assert info.value.path == str(OFAC / "bad" / "alt-columns" / "alt.csv")
    assert info.value.where == "line 3"
    assert "expected 5 columns, found 3" in info.value.problem


def test_missing_file_is_a_format_error(tmp_path: Path) -> None:
    with pytest.raises(SourceFormatError, match="cannot open"):
        FORMAT.read(tmp_path / "sdn.csv")


def test_rows_for_missing_entries_are_warnings_not_misattached() -> None:
    parsed = FORMAT.read(OFAC / "orphans" / "sdn.csv")
    assert len(parsed.entities) == 5
    assert parsed.warnings == (
        "alt.csv: 1 row(s) refer to an ent_num missing from the primary file and were "
        "ignored: 99999 (line 4)",
        "add.csv: 1 row(s) refer to an ent_num missing from the primary file and were "
        "ignored: 99999 (line 2)",
    )
    all_names = [n.value for e in parsed.entities for n in e.names]
    assert "SOMEONE ELSE" not in all_names
    assert [a.city for e in parsed.entities for a in e.addresses] == ["Zurich CH-8022"]


def test_consolidated_entries_name_their_list_and_sdn_entries_say_sdn() -> None:
    from offramp.sources.ofac_legacy.mapper import cons_list

    assert cons_list(["CMIC-EO13959"]) == "NS-CMIC"
    assert cons_list(["UKRAINE-EO13662", "RUSSIA-EO14024"]) == "SSI"
    assert cons_list(["SDGT", "NS-PLC"]) == "NS-PLC"
    assert cons_list(["RUSSIA-EO14024"]) is None  # the program alone does not say which list
    assert cons_list(["CMIC-EO13959", "NS-PLC"]) is None  # two lists: not guessed
