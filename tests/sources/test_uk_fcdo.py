"""UK Sanctions List (FCDO XML) reader, on a hand-made file in the published shape."""

from __future__ import annotations

import gzip
import json
import shutil
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
    UnsafeInputError,
)
from offramp.sources.base import ParsedList
from offramp.sources.files import head
from offramp.sources.registry import detect_format
from offramp.sources.uk_fcdo import FORMAT
from offramp.sources.uk_fcdo.conventions import document_country, parse_uk_date

FIXTURES = Path(__file__).parent.parent / "fixtures" / "lists" / "uk"
GOOD = FIXTURES / "UK_Sanctions_List.xml"


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return FORMAT.read(GOOD)


def by_id(parsed: ParsedList) -> dict[str, Entity]:
    return {e.id: e for e in parsed.entities}


def test_whole_file(parsed: ParsedList) -> None:
    assert FORMAT.name == "uk-fcdo-xml"
    assert parsed.source == "uk-sanctions"
    assert parsed.format == "uk-fcdo-xml"
    assert parsed.files == (GOOD,)
    assert parsed.publisher_date == date(2024, 5, 9)
    assert [e.id for e in parsed.entities] == [
        "RUS1501", "RUS1502", "RUS1503", "AFG0199", "DPR0142", "CYB0151", "GHR0211", "IRN0150"]
    schemas = [e.schema for e in parsed.entities]
    assert schemas.count(Schema.PERSON) == 4
    assert schemas.count(Schema.LEGAL_ENTITY) == 3
    assert schemas.count(Schema.VESSEL) == 1
    # The one unusable date of birth is reported, not dropped silently.
    assert parsed.warnings == (
        "GHR0211: date of birth '15/08/19yy' is not a date; kept in the record only",)


def test_person_names_dates_documents(parsed: ParsedList) -> None:
    ivan = by_id(parsed)["RUS1501"]
    assert ivan.schema is Schema.PERSON
    assert ivan.names == (
        Name("Ivan Sergeyevich PETROVSKY", NameKind.PRIMARY),
        Name("Ivan Sergeevich PETROVSKII", NameKind.AKA),
        Name("VANYA", NameKind.WEAK),  # AliasStrength "Low quality a.k.a"
        Name("Иван Сергеевич ПЕТРОВСКИЙ", NameKind.AKA, "Cyrl", "ru"),
    )
    assert ivan.caption == "Ivan Sergeyevich PETROVSKY"
    # dd/mm/1969 is a year of birth, not 1 January 1969.
    assert ivan.birth_dates == (DateValue(PartialDate(1968, 3, 14)), DateValue.year(1969))
    assert ivan.birth_places == ("Perm, Russia",)
    assert ivan.nationalities == ("RU",)
    assert ivan.gender == "male"
    assert ivan.identifiers == (
        Identifier("passport", "720011223", "RU", "Passport", "Issued by Russia"),
        Identifier("national_id", "4509 123456", None, "National Identifier",
                   "Russian internal passport"),
    )
    assert ivan.addresses == (Address(street="12 Tverskaya Street, Office 4", city="Moscow",
                                      postal_code="125009", country="RU"),)
    assert ivan.countries == ("RU",)
    assert ivan.programs == ("The Russia (Sanctions) (EU Exit) Regulations 2019",)
    assert ivan.listed_on == DateValue(PartialDate(2022, 3, 15))
    assert ivan.remarks == "Deputy Director of a state-owned defence holding."
    assert ivan.properties["ofsiGroupId"] == ("14950",)
    assert ivan.properties["provisions"] == (
        "Asset freeze", "Travel Ban", "Director disqualification sanction")
    assert ivan.properties["title"] == ("Mr",)
    assert ivan.properties["modifiedAt"] == ("2024-04-12",)
    # The statement of reasons is wrapped over lines in the file; kept whole, one line.
    assert ivan.properties["reason"][0].startswith(
        "Ivan Sergeyevich PETROVSKY is an involved person under the Russia (Sanctions)")


def test_un_person_with_placeholder_dates_and_repeated_passport(parsed: ParsedList) -> None:
    nabi = by_id(parsed)["AFG0199"]
    assert [(n.value, n.kind, n.lang) for n in nabi.names] == [
        ("Mohammad Nabi ZARGHUNWAL", NameKind.PRIMARY, None),
        ("Mohammed Nabi ZARGHOONWAL", NameKind.AKA, None),  # "Good quality a.k.a"
        ("Nabi ZARGHUN", NameKind.AKA, None),  # NameType "ALias", as published once
        ("محمد نبی زرغونوال", NameKind.AKA, "fa"),
    ]
    assert nabi.names[3].script == "Arab"
    assert [d.to_text() for d in nabi.birth_dates] == ["1971", "1972-10-24"]
    # The export repeats the passport; it is one document, issued by Afghanistan.
    assert nabi.identifiers == (
        Identifier("passport", "D0001234", "AF", "Passport", "Afghanistan diplomatic passport"),
        Identifier("national_id", "5451670", None, "National Identifier",
                   "Afghan national ID card (tazkira)"),
    )
    assert nabi.addresses == (Address(city="Kandahar Province", country="AF"),)
    assert nabi.properties["unscId"] == ("TAi.901",)
    assert nabi.properties["authority"] == ("UN",)
    assert nabi.properties["title"] == ("Maulavi",)
    assert nabi.listed_on == DateValue(PartialDate(2001, 2, 23))


def test_entity_with_non_latin_alias_and_contacts(parsed: ParsedList) -> None:
    star = by_id(parsed)["RUS1502"]
    assert star.schema is Schema.LEGAL_ENTITY
    assert [(n.value, n.kind, n.script) for n in star.names] == [
        ("NORTHERN STAR TRADING LLC", NameKind.PRIMARY, "Latn"),
        ("OOO SEVERNAYA ZVEZDA", NameKind.AKA, "Latn"),
        ("ООО «Северная звезда»", NameKind.AKA, "Cyrl"),
    ]
    assert star.countries == ("RU", "AE")
    assert [a.city for a in star.addresses] == ["Saint Petersburg", "Dubai"]
    assert [(i.type, i.value) for i in star.identifiers] == [
        ("registration", "INN: 7801234567"),
        ("registration", "OGRN: 1157847012345"),
        ("phone", "+7 812 555 0142"),
        ("email", "info@northern-star.example"),
        ("website", "www.northern-star.example"),
    ]
    assert star.properties["legalForm"] == ("Limited Liability Company",)
    assert star.properties["parent"] == ("Uralsk Defence Holding JSC",)

    lens = by_id(parsed)["CYB0151"]
    assert lens.names[2] == Name("杭州明镜数字技术有限公司", NameKind.AKA, "Hani", "zh")
    korea = by_id(parsed)["DPR0142"]
    assert korea.names[1] == Name("SONGBONG TRADING", NameKind.WEAK)
    assert korea.names[2].script == "Hang" and korea.names[2].lang == "ko"
    assert korea.countries == ("KP",)


def test_ship(parsed: ParsedList) -> None:
    ship = by_id(parsed)["RUS1503"]
    assert ship.schema is Schema.VESSEL
    assert [n.value for n in ship.names] == ["OCEAN PEARL", "PEARL STAR"]
    # Published "IMO9123456": the number is the seven digits.
    assert ship.identifiers == (Identifier("imo", "9123456", None, "IMO Number"),)
    assert ship.properties["flag"] == ("CM",)
    assert ship.properties["pastFlags"] == ("PA",)
    assert ship.properties["type"] == ("Crude oil tanker",)
    assert ship.properties["tonnage"] == ("58000",)
    assert ship.properties["buildDate"] == ("2004",)
    assert ship.properties["owner"] == ("Blue Horizon Maritime Ltd",)
    assert ship.birth_dates == () and ship.gender is None


def test_partial_dates_and_unmapped_country(parsed: ParsedList) -> None:
    marie = by_id(parsed)["GHR0211"]
    assert marie.names == (Name("Marie Claire Amani KABONGO MUSEKA"),)
    assert marie.birth_dates == (DateValue(PartialDate(1975, 5)),)  # 00/05/1975
    # The FCDO writes "Congo (Democratic Republic)"; the country table maps it to CD.
    assert marie.nationalities == ("CD", "BE")
    assert marie.gender == "female"
    reza = by_id(parsed)["IRN0150"]
    assert reza.birth_dates == (DateValue.year(1973),)
    assert reza.identifiers[0].country == "IR"  # details "(Iran)"


def test_record_and_round_trip(parsed: ParsedList) -> None:
    for entity in parsed.entities:
        data = entity.to_dict()
        json.dumps(data)
        assert Entity.from_dict(data) == entity
    ship = by_id(parsed)["RUS1503"]
    assert ship.record["UniqueID"] == "RUS1503"
    assert ship.record["ShipDetails"]["Ship"]["IMONumbers"]["IMONumber"] == "IMO9123456"
    nabi = by_id(parsed)["AFG0199"]
    passports = nabi.record["IndividualDetails"]["Individual"]["PassportDetails"]["Passport"]
    assert len(passports) == 2  # the record keeps the file's repetition


def test_dates() -> None:
    assert parse_uk_date("24/10/1972") == DateValue(PartialDate(1972, 10, 24))
    assert parse_uk_date("dd/mm/1967") == DateValue.year(1967)
    assert parse_uk_date("00/00/1967") == DateValue.year(1967)
    assert parse_uk_date("dd/05/1967") == DateValue(PartialDate(1967, 5))
    assert parse_uk_date("15/00/1970") == DateValue.year(1970)
    assert parse_uk_date("2024-05-09T10:01:02") == DateValue(PartialDate(2024, 5, 9))
    assert parse_uk_date("31/02/1970") is None
    assert parse_uk_date("15/08/19yy") is None
    assert document_country("ID card no. 12") is None  # "ID" is prose, not Indonesia
    assert document_country("Passport issued in the United Arab Emirates") == "AE"


def test_sniff_and_gzip(tmp_path: Path) -> None:
    assert FORMAT.sniff(GOOD, head(GOOD))
    assert not FORMAT.sniff(FIXTURES / "bad" / "wrong-root.xml",
                            head(FIXTURES / "bad" / "wrong-root.xml"))
    packed = tmp_path / "UK_Sanctions_List.xml.gz"
    with GOOD.open("rb") as src, gzip.open(packed, "wb") as dst:
        shutil.copyfileobj(src, dst)
    again = FORMAT.read(packed)
    assert [e.to_dict() for e in again.entities] == [
        e.to_dict() for e in FORMAT.read(GOOD).entities]


def test_date_generated_in_iso_form(tmp_path: Path) -> None:
    text = GOOD.read_text(encoding="utf-8").replace(
        "<DateGenerated>09/05/2024</DateGenerated>",
        "<DateGenerated>2024-05-09T06:30:00</DateGenerated>")
    copy = tmp_path / "UK_Sanctions_List.xml"
    copy.write_text(text, encoding="utf-8")
    assert FORMAT.read(copy).publisher_date == date(2024, 5, 9)


@pytest.mark.parametrize(("name", "where", "problem"), [
    ("truncated.xml", "line 219, column 27", "malformed XML after 4 complete records"),
    ("wrong-root.xml", "root element", "<ArrayOfFinancialSanctionsTarget> is not a UK "
                                       "Sanctions List root"),
    ("no-designations.xml", None, "no <Designation> elements"),
    ("no-unique-id.xml", "element <Designation> #2", "no <UniqueID>"),
    ("unknown-type.xml", "element <Designation> #1 (RUS1504)",
     "<IndividualEntityShip> is 'Aircraft'"),
])
def test_bad_files(name: str, where: str | None, problem: str) -> None:
    path = FIXTURES / "bad" / name
    with pytest.raises(SourceFormatError) as info:
        FORMAT.read(path)
    assert not isinstance(info.value, UnsafeInputError)
    assert info.value.path == str(path)
    assert info.value.where == where
    assert problem in info.value.problem


def test_dtd_is_refused() -> None:
    with pytest.raises(UnsafeInputError, match="DTD"):
        FORMAT.read(FIXTURES / "bad" / "dtd.xml")


def test_duplicate_unique_id(tmp_path: Path) -> None:
    text = GOOD.read_text(encoding="utf-8").replace(
        "<UniqueID>RUS1502</UniqueID>", "<UniqueID>RUS1501</UniqueID>")
    copy = tmp_path / "UK_Sanctions_List.xml"
    copy.write_text(text, encoding="utf-8")
    with pytest.raises(SourceFormatError, match="UniqueID RUS1501 appears twice") as info:
        FORMAT.read(copy)
    assert info.value.where == "element <Designation> #2"


def test_detected_among_all_formats() -> None:
    assert detect_format(GOOD).name == FORMAT.name


def test_source_can_be_given() -> None:
    parsed = FORMAT.read(GOOD, source="my-copy")
    assert parsed.source == "my-copy"
    assert {e.source for e in parsed.entities} == {"my-copy"}
