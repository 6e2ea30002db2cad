"""EU Financial Sanctions File (XML) reader, on a hand-made file in the published shape."""

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
    UnsafeInputError,
)
from offramp.sources.base import ParsedList
from offramp.sources.eu_fsf import FORMAT
from offramp.sources.files import head
from offramp.sources.registry import detect_format

FIXTURES = Path(__file__).parent.parent / "fixtures" / "lists" / "eu"
GOOD = FIXTURES / "xmlFullSanctionsList_1_1.xml"


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return FORMAT.read(GOOD)


def by_id(parsed: ParsedList) -> dict[str, Entity]:
    return {e.id: e for e in parsed.entities}


def test_whole_file(parsed: ParsedList) -> None:
    assert FORMAT.name == "eu-fsf-xml"
    assert parsed.source == "eu-fsf"
    assert parsed.files == (GOOD,)
    # generationDate="2024-05-08T18:02:11.374+02:00": the publisher's own calendar date.
    assert parsed.publisher_date == date(2024, 5, 8)
    assert [e.id for e in parsed.entities] == [
        "139001", "139002", "139003", "3601", "4102", "5201", "6311", "9310"]
    assert [e.schema for e in parsed.entities].count(Schema.PERSON) == 4
    assert [e.schema for e in parsed.entities].count(Schema.LEGAL_ENTITY) == 4
    assert parsed.warnings == ()


def test_person(parsed: ParsedList) -> None:
    ivan = by_id(parsed)["139001"]
    assert ivan.schema is Schema.PERSON
    assert ivan.names == (
        Name("Ivan Sergeyevich PETROVSKY", NameKind.PRIMARY),
        Name("Иван Сергеевич Петровский", NameKind.AKA, "Cyrl", "ru"),  # nameLanguage="RU"
        Name("Ivan Sergeevich Petrovskii", NameKind.AKA),
        Name("Vanya", NameKind.WEAK),  # strong="false"
    )
    # year="1969" alone, countryIso2Code="00": a year, and no invented country.
    assert ivan.birth_dates == (DateValue(PartialDate(1968, 3, 14)), DateValue.year(1969))
    assert ivan.birth_places == ("Perm, RUSSIAN FEDERATION",)
    assert ivan.citizenships == ("RU",)
    assert ivan.gender == "male"
    assert ivan.identifiers == (
        Identifier("passport", "720011223", "RU", "National passport"),)
    assert ivan.addresses == (Address(street="12 Tverskaya Street, Office 4", city="Moscow",
                                      postal_code="125009", country="RU"),)
    assert ivan.programs == ("UKR",)
    assert ivan.listed_on == DateValue(PartialDate(2022, 3, 16))  # designationDate
    assert ivan.source_url == "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32022R0427"
    assert ivan.remarks == ("Deputy Director General of Uralsk Defence Holding JSC, a "
                            "state-owned defence manufacturer.")
    assert ivan.properties["authorityId"] == ("EU.7251.33",)
    assert ivan.properties["programId"] == ("2022/427 (OJ L87I)",)
    assert ivan.properties["position"] == (
        "Deputy Director General of Uralsk Defence Holding JSC",)


def test_un_person_with_two_regulations(parsed: ParsedList) -> None:
    nabi = by_id(parsed)["3601"]
    assert [n.value for n in nabi.names] == [
        "Mohammad Nabi Zarghunwal", "Mohammed Nabi Zarghoonwal", "محمد نبی زرغونوال"]
    assert nabi.names[2].script == "Arab" and nabi.names[2].lang is None
    assert [d.to_text() for d in nabi.birth_dates] == ["1971", "1972-10-24"]
    assert nabi.birth_places == ("Shahjoi District, Zabul Province, AFGHANISTAN",)
    assert nabi.identifiers == (
        Identifier("passport", "D0001234", "AF", "National passport",
                   "Afghan diplomatic passport"),
        Identifier("national_id", "5451670", "AF", "National identification card"),
    )
    assert nabi.addresses == (Address(region="Kandahar Province", country="AF"),)
    assert nabi.programs == ("TAQA",)
    # No designationDate: the earliest regulation's publication date.
    assert nabi.listed_on == DateValue(PartialDate(2011, 8, 2))
    assert nabi.properties["unscId"] == ("TAi.901",)
    assert nabi.properties["programId"] == ("753/2011 (OJ L199)", "2015/359 (OJ L62)")
    assert nabi.properties["title"] == ("Maulavi",)


def test_partial_circa_and_range_dates(parsed: ParsedList) -> None:
    marie = by_id(parsed)["5201"]
    # No wholeName: first, middle and last names make the name.
    assert marie.names == (Name("Marie Claire Amani Kabongo Museka"),)
    assert marie.birth_dates == (DateValue(PartialDate(1975, 5)),)  # monthOfYear + year
    assert marie.citizenships == ("CD", "BE")
    assert marie.gender == "female"
    reza = by_id(parsed)["6311"]
    assert reza.birth_dates == (
        DateValue(PartialDate(1973), None, circa=True),
        DateValue(PartialDate(1970), PartialDate(1972)),  # yearRangeFrom/yearRangeTo
    )
    assert reza.identifiers == (
        Identifier("passport", "K12345678", "IR", "National passport",
                   "issued by Ministry of Foreign Affairs"),)


def test_enterprises(parsed: ParsedList) -> None:
    star = by_id(parsed)["139002"]
    assert star.schema is Schema.LEGAL_ENTITY
    assert star.names[1] == Name("Общество с ограниченной ответственностью «Северная звезда»",
                                 NameKind.AKA, "Cyrl", "ru")
    assert star.identifiers == (
        Identifier("registration", "1157847012345", "RU", "Registration Number", "OGRN"),
        Identifier("tax_id", "7801234567", "RU", "Fiscal Code", "INN"),
        Identifier("phone", "+7 812 555 0142", None, "PHONE"),
        Identifier("email", "info@northern-star.example", None, "EMAIL"),
        Identifier("website", "www.northern-star.example", None, "WEB"),
    )
    korea = by_id(parsed)["4102"]
    assert [(n.value, n.kind, n.script) for n in korea.names] == [
        ("Korea Songbong General Trading Corporation", NameKind.PRIMARY, "Latn"),
        ("조선송봉총무역회사", NameKind.AKA, "Hang"),
        ("Songbong Trading", NameKind.WEAK, "Latn"),
    ]
    assert korea.countries == ("KP",)
    assert korea.properties["unscId"] == ("KPe.901",)
    lens = by_id(parsed)["9310"]
    assert lens.names[1].script == "Hani"
    assert lens.identifiers[0] == Identifier("registration", "91330108MA2B12345X", "CN",
                                             "Registration Number", "Unified Social Credit Code")
    assert lens.addresses[0].region == "Zhejiang"
    assert lens.programs == ("CYB",)


def test_ship_is_an_enterprise_with_an_imo_number(parsed: ParsedList) -> None:
    # The EU has no ship subject type; the IMO number is kept, the schema is not guessed.
    ship = by_id(parsed)["139003"]
    assert ship.schema is Schema.LEGAL_ENTITY
    assert ship.identifiers == (Identifier("imo", "9123456", None, "IMO Number"),)


def test_record_and_round_trip(parsed: ParsedList) -> None:
    for entity in parsed.entities:
        data = entity.to_dict()
        json.dumps(data, ensure_ascii=False)
        assert Entity.from_dict(data) == entity
    ivan = by_id(parsed)["139001"]
    assert ivan.record["euReferenceNumber"] == "EU.7251.33"
    assert ivan.record["nameAlias"][3] == {
        "wholeName": "Vanya", "gender": "M", "strong": "false", "regulationLanguage": "en",
        "logicalId": "152104"}
    assert ivan.record["regulation"][0]["publicationUrl"] == [
        "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32022R0427"]


def test_namespace_agnostic_and_sniff(tmp_path: Path) -> None:
    assert FORMAT.sniff(GOOD, head(GOOD))
    assert not FORMAT.sniff(FIXTURES / "bad" / "wrong-root.xml",
                            head(FIXTURES / "bad" / "wrong-root.xml"))
    # A future namespace (or none) reads the same.
    text = GOOD.read_text(encoding="utf-8").replace(
        ' xmlns="http://eu.europa.ec/fpi/fsd/export"', "")
    bare = tmp_path / "export.xml"
    bare.write_text(text, encoding="utf-8")
    assert [e.to_dict() for e in FORMAT.read(bare).entities] == [
        e.to_dict() for e in FORMAT.read(GOOD).entities]


@pytest.mark.parametrize(("name", "where", "problem"), [
    ("truncated.xml", "line 52, column 8", "malformed XML after 3 complete records"),
    ("wrong-root.xml", "root element", "<CONSOLIDATED_LIST> is not an EU Financial Sanctions "
                                       "File root"),
    ("no-logical-id.xml", "element <sanctionEntity> #2", "no logicalId attribute"),
    ("unknown-subject.xml", "element <sanctionEntity> #1 (logicalId 139003)",
     "subjectType is 'vessel'"),
])
def test_bad_files(name: str, where: str, problem: str) -> None:
    path = FIXTURES / "bad" / name
    with pytest.raises(SourceFormatError) as info:
        FORMAT.read(path)
    assert not isinstance(info.value, UnsafeInputError)
    assert info.value.path == str(path)
    assert info.value.where == where
    assert problem in info.value.problem


def test_dtd_with_external_entity_is_refused() -> None:
    with pytest.raises(UnsafeInputError, match="DTD"):
        FORMAT.read(FIXTURES / "bad" / "dtd.xml")


def test_duplicate_logical_id(tmp_path: Path) -> None:
    text = GOOD.read_text(encoding="utf-8").replace('logicalId="139002"', 'logicalId="139001"')
    copy = tmp_path / "export.xml"
    copy.write_text(text, encoding="utf-8")
    with pytest.raises(SourceFormatError, match="logicalId 139001 appears twice"):
        FORMAT.read(copy)


def test_detected_among_all_formats() -> None:
    assert detect_format(GOOD).name == FORMAT.name


def test_source_can_be_given() -> None:
    parsed = FORMAT.read(GOOD, source="my-copy")
    assert parsed.source == "my-copy"
    assert {e.source for e in parsed.entities} == {"my-copy"}
