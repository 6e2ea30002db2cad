"""OFAC advanced XML: the real 2020 cons_advanced.xml and a hand-made SDN file in the newer
namespace."""

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
    Link,
    NameKind,
    PartialDate,
    Schema,
    SourceFormatError,
)
from offramp.model import identifiers as ids
from offramp.sources.base import ParsedList
from offramp.sources.files import head
from offramp.sources.ofac_advanced import FORMAT
from offramp.sources.ofac_advanced.dates import period_to_date

FIXTURES = Path(__file__).parent.parent / "fixtures" / "lists"
CONS = FIXTURES / "ofac-advanced" / "cons_advanced-2020-03-17.xml.gz"
SDN = FIXTURES / "ofac-advanced" / "sdn_advanced-handmade.xml"
UN = FIXTURES / "un" / "consolidated-2026-02-27.xml.gz"
NEW_NAMESPACE = (b"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
                 b"ADVANCED_XML")


@pytest.fixture(scope="module")
def cons() -> ParsedList:
    return FORMAT.read(CONS)


@pytest.fixture(scope="module")
def cons_by_id(cons: ParsedList) -> dict[str, Entity]:
    return {e.id: e for e in cons.entities}


@pytest.fixture(scope="module")
def sdn() -> dict[str, Entity]:
    parsed = FORMAT.read(SDN)
    return {e.id: e for e in parsed.entities}


def test_format_attributes() -> None:
    assert FORMAT.name == "ofac-advanced-xml"
    assert FORMAT.default_source == "ofac-sdn"
    assert FORMAT.description


def test_real_cons_advanced_counts(cons: ParsedList) -> None:
    assert cons.source == "ofac-cons"  # from the file name
    assert cons.format == "ofac-advanced-xml"
    assert cons.publisher_date == date(2020, 3, 17)
    assert list(cons.files) == [CONS]
    assert len(cons.entities) == 375
    schemas = [e.schema for e in cons.entities]
    assert schemas.count(Schema.PERSON) == 82
    assert schemas.count(Schema.LEGAL_ENTITY) == 293
    assert sum(len(e.names) for e in cons.entities) == 1289
    assert sum(1 for e in cons.entities for n in e.names if n.kind is NameKind.WEAK) == 30
    assert sum(len(e.links) for e in cons.entities) == 276
    assert not cons.warnings


def test_real_person_with_year_of_birth(cons_by_id: dict[str, Entity]) -> None:
    haniya = cons_by_id["9639"]
    assert haniya.schema is Schema.PERSON
    assert haniya.caption == "HANIYA, Ismail Abdul Salah"
    assert [(n.value, n.kind) for n in haniya.names[1:]] == [
        ("HANIYA, Ismail", NameKind.AKA), ("HANIYYA, Ismaeel", NameKind.AKA)]
    # 1962-01-01 .. 1962-12-31 in the file: a year, never a fake 1 January.
    assert haniya.birth_dates == (DateValue.year(1962),)
    assert haniya.birth_places == ("Shati",)
    assert haniya.programs == ("NS-PLC",)
    assert haniya.source_list == "Non-SDN Palestinian Legislative Council List"
    # On two lists (PLC 2006, Consolidated 2014): the first listing counts.
    assert haniya.listed_on == DateValue(PartialDate(2006, 4, 12))
    assert haniya.source_url == "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=9639"
    assert haniya.record["fixed_ref"] == "9639"


def test_real_weak_alias_and_documents(cons_by_id: dict[str, Entity]) -> None:
    veb = cons_by_id["17015"]
    assert veb.caption == "Vnesheconombank"
    assert [n.value for n in veb.names if n.kind is NameKind.WEAK] == ["VEB"]

    vtb = cons_by_id["17013"]
    assert vtb.caption == "VTB BANK OAO"
    assert vtb.programs == ("UKRAINE-EO13662",)
    assert vtb.source_list == "Sectoral Sanctions Identifications List"
    assert Identifier(ids.REGISTRATION, "1027739609391", "RU", "Registration ID") in \
        vtb.identifiers
    assert Identifier(ids.TAX_ID, "7702070139", "RU", "Tax ID No.") in vtb.identifiers
    assert Identifier(ids.SWIFT_BIC, "VTBRRUMM", None, "SWIFT/BIC") in vtb.identifiers
    # A label nothing recognises keeps OFAC's wording as its type.
    assert Identifier("License", "1000", "RU", "License") in vtb.identifiers
    assert Address(street="29, Bolshaya Morskaya str.", city="St. Petersburg",
                   postal_code="190000", country="RU") in vtb.addresses


def test_real_ownership_links(cons: ParsedList, cons_by_id: dict[str, Entity]) -> None:
    orenburg = cons_by_id["18267"]
    assert orenburg.links == (Link("Owned or Controlled By",
                                   target_name="Open Joint-Stock Company Rosneft Oil Company",
                                   target_id="17022"),)
    assert orenburg.countries == ("RU",)
    # Every relationship in the file points at a party of the same file.
    assert all(link.target_id in cons_by_id for e in cons.entities for link in e.links)


def test_real_citizenship_from_location_text(cons_by_id: dict[str, Entity]) -> None:
    # The citizenship location holds only an "Unknown" part reading "Switzerland".
    bektas = cons_by_id["17526"]
    assert bektas.citizenships == ("CH",)
    assert Identifier(ids.PASSPORT, "X0906223", "CH", "Passport") in bektas.identifiers
    assert cons_by_id["26182"].gender == "male"
    assert cons_by_id["23552"].properties["jurisdiction"] == ("RU",)


def test_real_entities_round_trip(cons: ParsedList) -> None:
    for entity in cons.entities:
        data = entity.to_dict()
        json.dumps(data)
        assert Entity.from_dict(json.loads(json.dumps(data))) == entity


def test_handmade_file_uses_a_different_namespace(sdn: dict[str, Entity]) -> None:
    assert NEW_NAMESPACE in SDN.read_bytes()
    assert b"http://www.un.org/sanctions/1.0" in head(CONS)
    parsed = FORMAT.read(SDN)
    assert parsed.source == "ofac-sdn"
    assert parsed.publisher_date == date(2024, 5, 3)
    assert sorted(sdn) == ["90001", "90002", "90003", "90004"]


def test_handmade_person(sdn: dict[str, Entity]) -> None:
    person = sdn["90001"]
    assert person.schema is Schema.PERSON
    assert [(n.value, n.kind) for n in person.names] == [
        ("EXAMPLEVA, Mina Test", NameKind.PRIMARY),
        ("Umm Mina", NameKind.WEAK),  # LowQuality="true"
        ("OLDNAME, Mina", NameKind.FKA),
    ]
    assert [d.to_text() for d in person.birth_dates] == [
        "~1962", "1968/1970", "1971-02", "1972-07-15"]
    assert person.birth_places == ("Tehran, Iran",)
    assert person.nationalities == ("IR",)
    assert person.citizenships == ("IR",)
    assert person.gender == "female"
    assert person.addresses == ()  # the only location is "undetermined"
    assert person.identifiers == (
        Identifier(ids.PASSPORT, "K12345678", "IR", "Passport", "Issue Date 2015-06-01"),)
    assert person.programs == ("SDGT",)
    assert person.source_list == "SDN List"


def test_handmade_vessel(sdn: dict[str, Entity]) -> None:
    vessel = sdn["90002"]
    assert vessel.schema is Schema.VESSEL
    assert [(n.value, n.kind) for n in vessel.names] == [
        ("SEA EXAMPLE", NameKind.PRIMARY), ("OCEAN SAMPLE", NameKind.NKA)]
    assert dict(vessel.properties) == {
        "flag": ("PA",), "callSign": ("3FAB4",), "type": ("Crude Oil Tanker",)}
    assert Identifier(ids.IMO, "9187629", None, "Vessel Registration Identification") in \
        vessel.identifiers
    assert Identifier(ids.MMSI, "352001234", None, "MMSI") in vessel.identifiers
    assert vessel.programs == ("IRAN", "SDGT")
    assert vessel.remarks == "Invented tanker for tests."


def test_handmade_company_original_script_and_owner(sdn: dict[str, Entity]) -> None:
    company = sdn["90003"]
    assert company.schema is Schema.COMPANY  # Target Type: Private Company
    assert sdn["90004"].schema is Schema.LEGAL_ENTITY  # no Target Type
    assert company.caption == "EXAMPLE VISION TECHNOLOGY CO., LTD."
    chinese = [n for n in company.names if n.script == "Hani"]
    assert [(n.value, n.kind) for n in chinese] == [("示例视觉技术有限公司", NameKind.PRIMARY)]
    assert Identifier(ids.USCC, "91330000000000000X", "CN",
                      "Unified Social Credit Code (USCC)") in company.identifiers
    assert Identifier(ids.WEBSITE, "www.example-vision.invalid", None, "Website") in \
        company.identifiers
    assert company.addresses == (Address(street="No. 555 Example Road, Binjiang District",
                                         city="Hangzhou", postal_code="310051", country="CN"),)
    assert company.links == (Link("Owned or Controlled By", target_name="EXAMPLE HOLDING GROUP",
                                  target_id="90004"),)
    assert company.listed_on == DateValue(PartialDate(2024, 5, 1))


def test_source_decided_from_content_when_the_name_says_nothing(tmp_path: Path) -> None:
    plain = tmp_path / "advanced.xml"
    shutil.copy(SDN, plain)
    assert FORMAT.read(plain).source == "ofac-sdn"  # every entry on the "SDN List"
    other = tmp_path / "download.xml.gz"
    shutil.copy(CONS, other)
    assert FORMAT.read(other).source == "ofac-cons"
    assert FORMAT.read(plain, source="my-list").entities[0].source == "my-list"


def test_sniff() -> None:
    assert FORMAT.sniff(CONS, head(CONS))
    assert FORMAT.sniff(SDN, head(SDN))
    assert not FORMAT.sniff(UN, head(UN))


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("1962-01-01", "1962-12-31", "1962"),
    ("1968-01-01", "1970-12-31", "1968/1970"),
    ("1971-02-01", "1971-02-28", "1971-02"),
    ("1971-02-01", "1971-04-30", "1971-02/1971-04"),
    ("1972-07-15", "1972-07-15", "1972-07-15"),
    ("1972-07-15", "1972-07-20", "1972-07-15/1972-07-20"),
    ("1980", "1980", "1980"),
])
def test_period_to_date(start: str, end: str, expected: str) -> None:
    period = {"start": {"from": start, "to": start, "approximate": False},
              "end": {"from": end, "to": end, "approximate": False}}
    assert period_to_date(period) == DateValue.parse(expected)


def test_period_to_date_approximate_and_empty() -> None:
    period = {"start": {"from": "1950-01-01", "to": "1950-01-01", "approximate": True},
              "end": {"from": "1950-12-31", "to": "1950-12-31", "approximate": False}}
    assert period_to_date(period) == DateValue.year(1950, circa=True)
    assert period_to_date(None) is None


# -- failures ------------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_truncated_file_names_the_line(tmp_path: Path) -> None:
    text = SDN.read_text(encoding="utf-8")
    cut_at = text.index('<DistinctParty FixedRef="90003"')
    cut = _write(tmp_path, "sdn_advanced.xml", text[:cut_at])
    with pytest.raises(SourceFormatError) as err:
        FORMAT.read(cut)
    assert err.value.where is not None and err.value.where.startswith("line ")
    assert str(cut) in str(err.value)


def test_truncated_gzip(tmp_path: Path) -> None:
    data = CONS.read_bytes()
    cut = tmp_path / "cons_advanced.xml.gz"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceFormatError, match="gzip"):
        FORMAT.read(cut)


def test_wrong_encoding_names_the_line(tmp_path: Path) -> None:
    text = SDN.read_text(encoding="utf-8").replace("Umm Mina", "Umm Miña")
    bad = tmp_path / "sdn_advanced.xml"
    bad.write_bytes(text.encode("latin-1", errors="replace"))  # declares utf-8
    with pytest.raises(SourceFormatError) as err:
        FORMAT.read(bad)
    line = text[: text.index("Miña")].count("\n") + 1
    assert err.value.where is not None and err.value.where.startswith(f"line {line},")


def test_dangling_reference_is_refused(tmp_path: Path) -> None:
    text = SDN.read_text(encoding="utf-8").replace(
        'AliasTypeID="1401" Primary="false"', 'AliasTypeID="9999" Primary="false"')
    bad = _write(tmp_path, "sdn_advanced.xml", text)
    with pytest.raises(SourceFormatError, match="AliasType id 9999") as err:
        FORMAT.read(bad)
    assert err.value.where == "element <DistinctParty> #1"


def test_party_without_fixed_ref(tmp_path: Path) -> None:
    text = SDN.read_text(encoding="utf-8").replace('<DistinctParty FixedRef="90002">',
                                                   "<DistinctParty>")
    bad = _write(tmp_path, "sdn_advanced.xml", text)
    with pytest.raises(SourceFormatError, match="FixedRef") as err:
        FORMAT.read(bad)
    assert err.value.where == "element <DistinctParty> #2"


def test_impossible_date_names_the_party(tmp_path: Path) -> None:
    text = SDN.read_text(encoding="utf-8").replace(
        "<Year>1972</Year><Month>7</Month><Day>15</Day>",
        "<Year>1972</Year><Month>2</Month><Day>30</Day>")
    bad = _write(tmp_path, "sdn_advanced.xml", text)
    with pytest.raises(SourceFormatError, match="day out of range") as err:
        FORMAT.read(bad)
    assert err.value.where is not None and "FixedRef 90001" in err.value.where


def test_un_file_is_not_ofac_advanced() -> None:
    with pytest.raises(SourceFormatError, match=r"expected <Sanctions>.*<CONSOLIDATED_LIST>"):
        FORMAT.read(UN)


def test_empty_gzip_member(tmp_path: Path) -> None:
    empty = tmp_path / "sdn_advanced.xml.gz"
    empty.write_bytes(gzip.compress(b""))
    with pytest.raises(SourceFormatError, match="empty file"):
        FORMAT.read(empty)
