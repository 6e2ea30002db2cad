"""OFSI ConList.csv reader, on hand-made files in the published shape."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from offramp.model import (
    Address,
    DateValue,
    Entity,
    Identifier,
    Name,
    NameKind,
    PartialDate,
    Schema,
    SourceFormatError,
)
from offramp.sources.base import ParsedList
from offramp.sources.files import head
from offramp.sources.ofsi import FORMAT
from offramp.sources.registry import detect_format

FIXTURES = Path(__file__).parent.parent / "fixtures" / "lists" / "ofsi"
GOOD = FIXTURES / "ConList.csv"
CP1252 = FIXTURES / "ConList-windows-1252.csv"


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return FORMAT.read(GOOD)


def by_id(parsed: ParsedList) -> dict[str, Entity]:
    return {e.id: e for e in parsed.entities}


def test_whole_file(parsed: ParsedList) -> None:
    assert FORMAT.name == "ofsi-conlist-csv"
    assert parsed.source == "ofsi"
    assert parsed.files == (GOOD,)
    assert parsed.publisher_date == date(2024, 5, 9)  # "Last Updated,09/05/2024"
    # 18 rows, one per name, make 8 entries.
    assert [e.id for e in parsed.entities] == [
        "14950", "15871", "16001", "7001", "13599", "15650", "15901", "11205"]
    assert [e.schema for e in parsed.entities] == [
        Schema.PERSON, Schema.LEGAL_ENTITY, Schema.VESSEL, Schema.PERSON, Schema.LEGAL_ENTITY,
        Schema.PERSON, Schema.PERSON, Schema.LEGAL_ENTITY]
    assert parsed.warnings == ()


def test_group_rows_become_one_person(parsed: ParsedList) -> None:
    ivan = by_id(parsed)["14950"]
    # Name 6 is the family name, listed first in the CSV, said last.
    assert ivan.names == (
        Name("Ivan Sergeyevich PETROVSKY", NameKind.PRIMARY),
        Name("Иван Сергеевич ПЕТРОВСКИЙ", NameKind.AKA, "Cyrl", "ru"),
        Name("Ivan Sergeevich PETROVSKII", NameKind.AKA),  # Primary name variation
        Name("VANYA", NameKind.WEAK),  # AKA, Alias Quality "Low quality"
    )
    # Two rows give two dates of birth; 00/00/1969 is a year only.
    assert ivan.birth_dates == (DateValue(PartialDate(1968, 3, 14)), DateValue.year(1969))
    assert ivan.birth_places == ("Perm, Russia",)
    assert ivan.nationalities == ("RU",)
    assert ivan.gender == "male"  # from "(Gender):Male" in Other Information
    assert ivan.identifiers == (
        Identifier("passport", "720011223", "RU", "Passport Number", "Issued by Russia"),
        Identifier("national_id", "4509 123456", None, "National Identification Number",
                   "Russian internal passport"),
    )
    assert ivan.addresses == (Address(street="12 Tverskaya Street, Office 4", city="Moscow",
                                      postal_code="125009", country="RU"),)
    assert ivan.programs == ("Russia",)
    assert ivan.listed_on == DateValue(PartialDate(2022, 3, 15))
    assert ivan.properties["ukSanctionsListRef"] == ("RUS1501",)
    assert ivan.properties["startDate"] == ("2022-03-15",)
    assert ivan.properties["modifiedAt"] == ("2024-04-12",)
    assert ivan.properties["title"] == ("Mr",)
    assert ivan.remarks is not None and ivan.remarks.startswith("(UK Sanctions List Ref):RUS1501.")
    assert len(ivan.record["rows"]) == 4
    alias_row = ivan.record["rows"][3]
    assert (alias_row["Name 6"], alias_row["Alias Type"], alias_row["Alias Quality"]) == (
        "VANYA", "AKA", "Low quality")
    assert "Name 1" not in alias_row  # empty cells are left out of the record
    assert ivan.record["Group ID"] == "14950"


def test_un_person(parsed: ParsedList) -> None:
    nabi = by_id(parsed)["7001"]
    assert [(n.value, n.kind) for n in nabi.names] == [
        ("Mohammad Nabi ZARGHUNWAL", NameKind.PRIMARY),
        ("محمد نبی زرغونوال", NameKind.AKA),
        ("Mohammed Nabi ZARGHOONWAL", NameKind.AKA),
        ("Nabi ZARGHUN", NameKind.AKA),
    ]
    assert [d.to_text() for d in nabi.birth_dates] == ["1971", "1972-10-24"]
    assert nabi.birth_places == ("Shahjoi District, Zabul Province, Afghanistan",)
    assert nabi.identifiers[0] == Identifier(
        "passport", "D0001234", "AF", "Passport Number", "Afghanistan diplomatic passport")
    assert nabi.addresses == (Address(city="Kandahar Province", country="AF"),)
    assert nabi.properties["title"] == ("Maulavi",)
    assert nabi.properties["position"] == (
        "Deputy Minister of Frontier Affairs under the Taliban regime",)
    assert nabi.properties["startDate"] == ("2020-12-31",)
    assert nabi.listed_on == DateValue(PartialDate(2001, 2, 23))


def test_numbered_values_and_partial_dob(parsed: ParsedList) -> None:
    marie = by_id(parsed)["15650"]
    assert marie.birth_dates == (DateValue(PartialDate(1975, 5)),)  # 00/05/1975
    assert marie.nationalities == ("CD", "BE")  # "(1) ... (2) ..."
    assert marie.gender == "female"
    reza = by_id(parsed)["15901"]
    assert reza.birth_dates == (DateValue.year(1973),)
    # "(1) K12345678 (2) K87654321" with "(1) (Iran) (2) Expired passport": paired in order.
    assert reza.identifiers == (
        Identifier("passport", "K12345678", "IR", "Passport Number", "(Iran)"),
        Identifier("passport", "K87654321", None, "Passport Number", "Expired passport"),
    )


def test_entities_and_ship(parsed: ParsedList) -> None:
    star = by_id(parsed)["15871"]
    assert [(n.value, n.kind, n.script) for n in star.names] == [
        ("NORTHERN STAR TRADING LLC", NameKind.PRIMARY, "Latn"),
        ("ООО «Северная звезда»", NameKind.AKA, "Cyrl"),
        ("OOO SEVERNAYA ZVEZDA", NameKind.AKA, "Latn"),
    ]
    assert star.countries == ("RU",)
    korea = by_id(parsed)["13599"]
    assert korea.names[1] == Name("조선송봉총무역회사", NameKind.AKA, "Hang", "ko")
    assert korea.names[2] == Name("SONGBONG TRADING", NameKind.WEAK)
    metals = by_id(parsed)["11205"]
    assert metals.names == (Name("GLOBAL METALS TRADING FZE", NameKind.PRIMARY),
                            Name("GULF MINERALS TRADING FZE", NameKind.FKA))
    assert metals.programs == ("Iran (Nuclear)",)
    ship = by_id(parsed)["16001"]
    assert ship.schema is Schema.VESSEL
    assert [n.value for n in ship.names] == ["OCEAN PEARL", "PEARL STAR"]
    assert ship.identifiers == (
        Identifier("imo", "9123456", None, "IMO number (Other Information)"),)
    assert ship.properties["ukSanctionsListRef"] == ("RUS1503",)


def test_round_trip(parsed: ParsedList) -> None:
    for entity in parsed.entities:
        data = entity.to_dict()
        json.dumps(data, ensure_ascii=False)
        assert Entity.from_dict(data) == entity


def test_windows_1252_file_is_read_losslessly() -> None:
    parsed = FORMAT.read(CP1252)
    assert parsed.publisher_date == date(2020, 12, 31)
    assert parsed.warnings == ("read as windows-1252 (not UTF-8)",)
    jerome, company = parsed.entities
    # Pre-2022 layout: "Prime Alias" is the main name; no Alias Quality column.
    assert jerome.names == (Name("Jérôme François MÜLLER-DUBOIS", NameKind.PRIMARY),
                            Name("Jerome MULLER DUBOIS", NameKind.AKA))
    assert jerome.remarks == "Gel des avoirs – fonds estimés à 2 000 000 €"
    assert jerome.properties["position"] == ("Général de brigade",)
    # ’ and Œ exist in Windows-1252 but not in Latin-1: proof of the right code page.
    assert company.caption == "COMPAGNIE D’ÉCHANGES ŒUVRE SARL"


def test_sniff() -> None:
    assert FORMAT.sniff(GOOD, head(GOOD))
    assert FORMAT.sniff(CP1252, head(CP1252))
    assert not FORMAT.sniff(FIXTURES / "bad" / "wrong-header.csv",
                            head(FIXTURES / "bad" / "wrong-header.csv"))


def test_unterminated_last_line_is_flagged(tmp_path: Path) -> None:
    copy = tmp_path / "ConList.csv"
    copy.write_bytes(GOOD.read_bytes().rstrip(b"\r\n"))
    parsed = FORMAT.read(copy)
    assert len(parsed.entities) == 8
    assert parsed.warnings == ("the file does not end with a line break: it may be truncated",)


@pytest.mark.parametrize(("name", "where", "problem"), [
    ("truncated-in-quotes.csv", "line 11", "unexpected end of data"),
    ("truncated-row.csv", "line 20", "16 fields where the header has 36"),
    ("wrong-header.csv", "line 2", "not an OFSI ConList header"),
    ("utf16.csv", "byte 0", "the file is UTF-16"),
    ("bad-bytes.csv", "byte 509", "not valid utf-8 or windows-1252 text"),
    ("no-group-id.csv", "line 3", "row without a Group ID"),
    ("unknown-group-type.csv", "line 3", "Group Type is 'Aircraft'"),
])
def test_bad_files(name: str, where: str, problem: str) -> None:
    path = FIXTURES / "bad" / name
    with pytest.raises(SourceFormatError) as info:
        FORMAT.read(path)
    assert info.value.path == str(path)
    assert info.value.where == where
    assert problem in info.value.problem


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "ConList.csv"
    empty.write_bytes(b"")
    with pytest.raises(SourceFormatError, match="empty file"):
        FORMAT.read(empty)
    header_only = tmp_path / "header.csv"
    header_only.write_bytes(b"\r\n".join(GOOD.read_bytes().split(b"\r\n")[:2]) + b"\r\n")
    with pytest.raises(SourceFormatError, match="header but no rows"):
        FORMAT.read(header_only)


def test_detected_among_all_formats() -> None:
    assert detect_format(GOOD).name == FORMAT.name


def test_source_can_be_given() -> None:
    parsed = FORMAT.read(GOOD, source="my-copy")
    assert parsed.source == "my-copy"
    assert {e.source for e in parsed.entities} == {"my-copy"}
