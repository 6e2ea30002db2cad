"""US Consolidated Screening List: CSV (both headers) and the trade.gov JSON shape."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from offramp.model import DateValue, Entity, NameKind, PartialDate, Schema, SourceFormatError
from offramp.sources.csl import FORMAT, FORMATS, JSON_FORMAT
from offramp.sources.csl.cells import parse_date
from offramp.sources.csl.codes import source_code
from offramp.sources.csl.ids import parse_ids_cell
from offramp.sources.csl.json_format import FORMAT as REGISTRY_JSON_FORMAT
from offramp.sources.files import head

CSL = Path(__file__).parent.parent / "fixtures" / "lists" / "csl"
OLD = CSL / "csl-sample-2019.csv"
NEW = CSL / "consolidated-sample-2025.csv"
JSON = CSL / "csl-hikvision-dahua.json"
BAD = CSL / "bad"


def by_name(entities: Sequence[Entity], name: str) -> Entity:
    found = [e for e in entities if e.caption == name]
    assert len(found) == 1, f"{name!r}: {len(found)} entries"
    return found[0]


def test_formats_are_named_as_the_registry_expects() -> None:
    assert [f.name for f in FORMATS] == ["us-csl-csv", "us-csl-json"]
    assert FORMAT.default_source == JSON_FORMAT.default_source == "us-csl"
    assert REGISTRY_JSON_FORMAT is JSON_FORMAT


def test_old_header_counts_and_sub_lists() -> None:
    parsed = FORMAT.read(OLD)
    assert parsed.source == "us-csl"
    assert parsed.format == "us-csl-csv"
    assert parsed.files == [OLD]
    assert parsed.publisher_date is None  # the CSV states none
    assert parsed.warnings == []
    assert len(parsed.entities) == 115
    assert Counter(e.source_list for e in parsed.entities) == {
        "SDN": 28, "SSI": 26, "EL": 22, "PLC": 13, "DTC": 10, "DPL": 8, "UVL": 4, "ISN": 3,
        "CAPTA": 1,
    }
    assert Counter(e.schema for e in parsed.entities) == {
        Schema.LEGAL_ENTITY: 93, Schema.PERSON: 20, Schema.VESSEL: 2,
    }
    assert len({e.id for e in parsed.entities}) == 115


def test_huawei_entity_list_affiliate_2019() -> None:
    entities = FORMAT.read(OLD).entities
    huawei = by_name(entities, "Gui’an New District Huawei Investment Co., Ltd., Guiyang, Guizhou")
    assert huawei.source_list == "EL"
    assert huawei.schema is Schema.LEGAL_ENTITY  # the CSL gives no type for EL rows
    assert huawei.id.startswith("csl-") and len(huawei.id) == 20
    assert huawei.countries == ("CN",)
    assert huawei.addresses[0].full == "Guiyang, CN"
    assert huawei.listed_on == DateValue(PartialDate(2019, 5, 21))
    assert huawei.properties["federalRegisterNotice"] == ("84 FR 22961",)
    assert huawei.properties["licensePolicy"] == ("Presumption of denial",)
    # The record keeps the publisher's text, stray C1 control character included.
    assert huawei.record["name"] == (
        "Gui\x92an New District Huawei Investment Co., Ltd., Guiyang, Guizhou")
    assert huawei.record["source"] == "Entity List (EL) - Bureau of Industry and Security"


def test_old_ids_cell_is_country_number_type() -> None:
    entities = FORMAT.read(OLD).entities
    psa = by_name(entities, "200G PSA HOLDINGS LLC")
    assert psa.id == "20264"  # entity_number when there is no _id
    assert [(i.type, i.value, i.country, i.label) for i in psa.identifiers] == [
        ("tax_id", "80-0890696", "US", "Tax ID No."),
    ]
    vessel = by_name(entities, "7-28")
    assert vessel.schema is Schema.VESSEL
    assert [(i.type, i.value) for i in vessel.identifiers] == [("imo", "8898831")]
    assert vessel.properties["flag"] == ("KP",)
    assert vessel.properties["sanctionInfo"] == (
        "Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and "
        "510.210",)
    assert [(link.relation, link.target_name) for link in vessel.links] == [
        ("linked_to", "YUSONG SHIPPING CO")]
    tanker = by_name(entities, "ADRIAN DARYA 1")
    assert tanker.properties["pastFlags"] == ("PA",)
    assert tanker.properties["type"] == ("Crude Oil Tanker",)
    assert [(n.value, n.kind) for n in tanker.names] == [
        ("ADRIAN DARYA 1", NameKind.PRIMARY), ("GRACE 1", NameKind.AKA)]


def test_old_file_multi_valued_cells() -> None:
    entities = FORMAT.read(OLD).entities
    two_dobs = [e for e in entities if len(e.birth_dates) == 2]
    assert len(two_dobs) == 1
    assert two_dobs[0].birth_dates == (DateValue.year(1974), DateValue.year(1975))
    caribe = by_name(entities, "2904977 CANADA, INC.")
    assert [n.value for n in caribe.names[1:]] == ["CARIBE SOL", "HAVANTUR CANADA INC."]
    denied = by_name(entities, "ADRIAN MANUEL HERNANDEZ")  # leading space in the file
    assert denied.source_list == "DPL"
    assert denied.schema is Schema.LEGAL_ENTITY
    assert denied.properties["endDate"] == ("2020-10-13",)
    assert denied.properties["standardOrder"] == ("Y",)
    assert denied.addresses[0].country is None  # "..., AZ, 85043": not guessed
    multi = [e for e in entities if e.programs == ("IFSR", "NPWMD")]
    assert [e.caption for e in multi] == ["7TH OF TIR", "ABU REIHAN GROUP"]


def test_new_header_uses_record_id_and_type_first_ids() -> None:
    parsed = FORMAT.read(NEW)
    assert len(parsed.entities) == 13
    assert {e.source_list for e in parsed.entities} == {
        "ISN", "UVL", "MEU", "PLC", "SDN", "DTC", "DPL", "FSE", "SSI", "EL"}
    assert all(e.id == e.record["_id"] for e in parsed.entities)
    rim = by_name(parsed.entities, "RIM, Ryong Nam")
    assert rim.id == "52291"
    assert rim.schema is Schema.PERSON
    assert rim.gender == "male"
    assert rim.nationalities == ("KP",)
    assert rim.birth_dates == (DateValue(PartialDate(1978, 12, 5)),)
    assert [(i.type, i.value, i.country) for i in rim.identifiers] == [
        ("passport", "836238033", "KP")]
    assert rim.countries == ("CN", "KP")
    meu = by_name(parsed.entities, "Academy of Aerospace Solid Propulsion Technology (AASPT)")
    assert meu.source_list == "MEU"
    assert meu.id == "66f6ab3f26234b75a9093fce79ef0ce0"
    el = next(e for e in parsed.entities if e.source_list == "EL")
    # "...; and 21 Changsheng Street, ...": the joining "and" is not part of the address.
    assert (el.addresses[1].full or "").startswith("21 Changsheng Street")
    tnk = by_name(parsed.entities, "TNK Trading International S.A.")
    assert [(i.type, i.value, i.country) for i in tnk.identifiers] == [
        ("tax_id", "CHE-267.936.404", "CH"), ("registration", "CH-660.0.559.011-2", "CH")]
    assert tnk.programs == ("VENEZUELA-EO13850", "UKRAINE-EO13662")


def test_ids_stable_across_loads_and_round_trip() -> None:
    for path in (OLD, NEW):
        first = FORMAT.read(path).entities
        second = FORMAT.read(path).entities
        assert [e.id for e in first] == [e.id for e in second]
        for entity in first:
            assert Entity.from_dict(json.loads(json.dumps(entity.to_dict()))) == entity
            assert entity.content_hash() == second[first.index(entity)].content_hash()


def test_gzip_copy_reads_the_same(tmp_path: Path) -> None:
    packed = tmp_path / "consolidated.csv.gz"
    packed.write_bytes(gzip.compress(NEW.read_bytes(), mtime=0))
    assert FORMAT.read(packed).entities == FORMAT.read(NEW).entities


def test_json_form() -> None:
    parsed = JSON_FORMAT.read(JSON)
    assert parsed.format == "us-csl-json"
    assert parsed.publisher_date == date(2025, 7, 1)  # newest source_last_updated
    assert len(parsed.extras["sources_used"]) == 3
    assert len(parsed.entities) == 4
    hik = parsed.entities[0]
    assert hik.caption == "Hangzhou Hikvision Digital Technology Co., Ltd."
    assert hik.source_list == "EL"
    assert hik.schema is Schema.LEGAL_ENTITY
    assert [n.value for n in hik.names] == [hik.caption, "Hikvision"]
    address = hik.addresses[0]
    assert (address.street, address.city, address.region, address.postal_code,
            address.country) == ("No. 555 Qianmo Road, Binjiang District", "Hangzhou",
                                 "Zhejiang", "310051", "CN")
    assert hik.listed_on == DateValue(PartialDate(2019, 10, 9))
    dahua = parsed.entities[1]
    assert dahua.caption == "Zhejiang Dahua Technology Co., Ltd."
    assert "Dahua Technology" in [n.value for n in dahua.names]
    cmic = parsed.entities[2]
    assert cmic.source_list == "CMIC"
    assert cmic.programs == ("CMIC-EO13959",)
    assert cmic.addresses[0].country == "CN"  # "China" in the file
    assert [(i.type, i.value, i.country) for i in cmic.identifiers] == [
        ("uscc", "91330000733796106P", "CN"), ("isin", "CNE100000PM8", None),
        ("Equity Ticker", "002415", None)]
    assert cmic.properties["sanctionInfo"] == ("Target Type Private Company",)
    for entity in parsed.entities:
        assert Entity.from_dict(json.loads(json.dumps(entity.to_dict()))) == entity


def test_json_and_csv_forms_of_one_row_agree() -> None:
    from_json = JSON_FORMAT.read(JSON).entities[3]
    from_csv = by_name(FORMAT.read(NEW).entities, "RIM, Ryong Nam")
    for field in ("id", "schema", "names", "source_list", "nationalities", "birth_dates",
                  "gender", "programs", "countries"):
        assert getattr(from_json, field) == getattr(from_csv, field), field
    assert [(i.type, i.value, i.country) for i in from_json.identifiers] == [
        (i.type, i.value, i.country) for i in from_csv.identifiers]
    assert from_json.identifiers[0].note == "issued 2016-03-01; expires 2021-03-01"
    assert from_json.properties["sanctionInfo"] == from_csv.properties["sanctionInfo"]


@pytest.mark.parametrize(("text", "code"), [
    ("Entity List (EL) - Bureau of Industry and Security", "EL"),
    ("Denied Persons List (DPL) - Bureau of Industry and Security", "DPL"),
    ("Unverified List (UVL) - Bureau of Industry and Security", "UVL"),
    ("Military End User (MEU) List - Bureau of Industry and Security", "MEU"),
    ("Nonproliferation Sanctions (ISN) - State Department", "ISN"),
    ("ITAR Debarred (DTC) - State Department", "DTC"),
    ("Specially Designated Nationals (SDN) - Treasury Department", "SDN"),
    ("Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department",
     "CMIC"),
    ("Sectoral Sanctions Identifications List (SSI) - Treasury Department", "SSI"),
    ("Foreign Sanctions Evaders (FSE) - Treasury Department", "FSE"),
    ("Palestinian Legislative Council List (PLC) - Treasury Department", "PLC"),
    ("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department", "MBS"),
    ("Capta List (CAP) - Treasury Department", "CAPTA"),
    ("Correspondent Account or Payable-Through Account Sanctions (CAPTA) - Treasury Department",
     "CAPTA"),
    ("Some Future List (SFL) - Commerce", "SFL"),
])
def test_source_codes(text: str, code: str) -> None:
    assert source_code(text) == code


def test_ids_cell_order_decided_by_known_labels() -> None:
    old = parse_ids_cell("CO, 830106350-0, NIT #; 01200175 (Bogota), Matricula Mercantil No",
                         type_first=False)
    assert [(e.label, e.value, e.country) for e in old] == [
        ("NIT #", "830106350-0", "CO"), ("Matricula Mercantil No", "01200175 (Bogota)", None)]
    # A known label at the front wins over the file's default order.
    new = parse_ids_cell("Passport, U00242309, TR; Gender, Male", type_first=False)
    assert [(e.label, e.value, e.country, e.id_type) for e in new] == [
        ("Passport", "U00242309", "TR", "passport"), ("Gender", "Male", None, None)]


def test_sniff() -> None:
    assert FORMAT.sniff(OLD, head(OLD)) and FORMAT.sniff(NEW, head(NEW))
    assert not FORMAT.sniff(JSON, head(JSON))
    assert JSON_FORMAT.sniff(JSON, head(JSON))
    assert not JSON_FORMAT.sniff(NEW, head(NEW))
    ftm = CSL.parent / "opensanctions" / "t1.ftm.json"
    assert not JSON_FORMAT.sniff(ftm, head(ftm))
    for fmt in FORMATS:
        assert not fmt.sniff(Path("x"), b"") and not fmt.sniff(Path("x"), bytes(range(256)))


@pytest.mark.parametrize(("name", "where", "words"), [
    ("truncated-in-quote.csv", "line 6", "unexpected end of data"),
    ("truncated-row.csv", "line 5", "expected 28 fields, found 7"),
    ("wrong-header.csv", "line 1", "missing column(s) source"),
    ("latin1.csv", "byte 1054", "not valid utf-8"),
])
def test_bad_csv(name: str, where: str, words: str) -> None:
    with pytest.raises(SourceFormatError) as caught:
        FORMAT.read(BAD / name)
    assert caught.value.path == str(BAD / name)
    assert caught.value.where == where
    assert words in caught.value.problem


@pytest.mark.parametrize(("name", "where", "words"), [
    ("truncated.json", "line 76, column 7", "malformed or truncated JSON"),
    ("search-page.json", "total", "holds 2 of 1187 results"),
    ("missing-name.json", "results[2]", 'missing or empty "name"'),
])
def test_bad_json(name: str, where: str, words: str) -> None:
    with pytest.raises(SourceFormatError) as caught:
        JSON_FORMAT.read(BAD / name)
    assert caught.value.where == where
    assert words in caught.value.problem


def test_empty_and_header_only(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(SourceFormatError, match="empty file"):
        FORMAT.read(empty)
    header_only = tmp_path / "header.csv"
    header_only.write_bytes(NEW.read_bytes().split(b"\n", 1)[0] + b"\n")
    with pytest.raises(SourceFormatError, match="no entries"):
        FORMAT.read(header_only)


def test_repeated_row_keeps_both_entries_apart(tmp_path: Path) -> None:
    lines = OLD.read_bytes().split(b"\n")
    el_row = next(line for line in lines if line.startswith(b"Entity List (EL)"))
    path = tmp_path / "dup.csv"
    path.write_bytes(b"\n".join([lines[0], el_row, el_row]) + b"\n")
    parsed = FORMAT.read(path)
    first, second = parsed.entities
    assert first.id.startswith("csl-")
    assert second.id == first.id + "-EL"
    assert parsed.warnings == [f"line 3: id {first.id} already used, entry kept as {second.id}"]


@pytest.mark.parametrize(("text", "expected"), [
    ("1965", "1965"),
    ("1965-07", "1965-07"),
    ("1967-10-31", "1967-10-31"),
    ("circa 1962", "~1962"),
    ("1968 to 1970", "1968/1970"),
    ("03 May 1970", "1970-05-03"),
    ("2025-06-30T08:01:12.000-04:00", "2025-06-30"),
    ("1970 to 1968", None),
    ("unknown", None),
])
def test_csl_dates(text: str, expected: str | None) -> None:
    parsed = parse_date(text)
    assert (parsed.to_text() if parsed else None) == expected
