"""FollowTheMoney JSON lines (OpenSanctions excerpts; CC BY-NC test fixtures)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest

from offramp.model import DateValue, Entity, NameKind, PartialDate, Schema, SourceFormatError
from offramp.sources.files import head
from offramp.sources.ftm import FORMAT, Ownership

OS = Path(__file__).parent.parent / "fixtures" / "lists" / "opensanctions"
T1 = OS / "t1.ftm.json"
ZALA = OS / "zala.ftm.json"
BAD = OS / "bad"


def by_caption(entities: Sequence[Entity], caption: str) -> Entity:
    found = [e for e in entities if e.caption == caption]
    assert len(found) == 1
    return found[0]


def test_t1_entities() -> None:
    parsed = FORMAT.read(T1)
    assert parsed.format == "ftm-json"
    assert parsed.source == "opensanctions"
    assert parsed.publisher_date is None
    assert Counter(e.schema for e in parsed.entities) == {
        Schema.PERSON: 4, Schema.ORGANIZATION: 2}
    assert "ownership" not in parsed.extras
    tobacco = parsed.entities[0]
    assert tobacco.id == "NK-2GdmHtZTeNXjNVrBGEXZNj"
    assert tobacco.names[0].value == "RAB „Inter Tobacco“"  # the caption leads
    assert tobacco.names[0].kind is NameKind.PRIMARY
    assert len(tobacco.names) == 12
    assert {n.script for n in tobacco.names} == {"Latn", "Cyrl", "Grek"}
    assert tobacco.countries == ("BY",)
    assert [(i.type, i.value) for i in tobacco.identifiers] == [("registration", "808000714")]
    assert tobacco.listed_on == DateValue(PartialDate(2022, 6, 3))  # createdAt
    assert tobacco.remarks == "Belarus (Minsk Free Economic Zone)"
    assert tobacco.properties["target"] == ("true",)
    kuzmenko = by_caption(parsed.entities, "Vitaly Yurievich KUZMENKO")
    assert kuzmenko.birth_dates == (DateValue(PartialDate(1971, 1, 22)),)
    assert [(i.type, i.value) for i in kuzmenko.identifiers] == [("tax_id", "366510784303")]
    # the record is the published object, minus the crawler's last_seen stamp
    assert kuzmenko.record["id"] == kuzmenko.id
    assert "last_seen" not in kuzmenko.record and "first_seen" in kuzmenko.record


def test_zala_entities_sanctions_and_addresses() -> None:
    parsed = FORMAT.read(ZALA)
    assert Counter(e.schema for e in parsed.entities) == {
        Schema.PERSON: 6, Schema.COMPANY: 11}
    cst = by_caption(parsed.entities, "LLC CST")
    assert cst.id == "NK-abdzbEBkqyT29GyREbiURZ"
    assert cst.schema is Schema.COMPANY
    # Programs come from the entity and from its 28 Sanction objects.
    assert len(cst.record["_sanctions"]) == 28
    assert {"US-BIS-EL", "EU-UKR", "GB-RUS", "AU-RUSSIA"} <= set(cst.programs)
    assert cst.listed_on == DateValue(PartialDate(2021, 10, 30))
    assert "Office of Foreign Assets Control" in cst.properties["sanctionAuthority"]
    # An addressEntity resolved through the Address object's referents:
    resolved = [a for a in cst.addresses if a.region == "Udmurt Republic"]
    assert len(resolved) == 1
    assert (resolved[0].postal_code, resolved[0].country) == ("426011", "RU")
    zakharov = by_caption(parsed.entities, "Alexander Vyacheslavovich ZAKHAROV")
    assert zakharov.schema is Schema.PERSON
    assert zakharov.gender == "male"
    assert zakharov.birth_dates == (DateValue(PartialDate(1965, 9, 21)),)
    assert zakharov.nationalities == ("RU",) and zakharov.citizenships == ("RU",)
    assert "Izhevsk" in zakharov.birth_places
    assert ("tax_id", "183111242406") in [(i.type, i.value) for i in zakharov.identifiers]
    assert "Александр Вячеславович Захаров" in [n.value for n in zakharov.names]
    egrul = by_caption(parsed.entities, 'ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "СПС"')
    assert egrul.properties["target"] == ("false",)  # kept: owned by a sanctioned person
    assert [(i.type, i.value, i.label) for i in egrul.identifiers] == [
        ("tax_id", "9715374145", "innCode"), ("registration", "1207700002212", "ogrnCode")]
    for entity in parsed.entities:
        assert Entity.from_dict(json.loads(json.dumps(entity.to_dict()))) == entity


def test_zala_ownership_edges() -> None:
    parsed = FORMAT.read(ZALA)
    edges = parsed.extras["ownership"]
    assert len(edges) == 14
    assert all(isinstance(e, Ownership) for e in edges)
    kalashnikov = [e for e in edges if e.owner_name == "JSC Kalashnikov Concern"
                   and e.percentage is not None]
    assert len(kalashnikov) == 1
    edge = kalashnikov[0]
    assert edge.owner_id == "NK-nR5AXM9AVPq4pQaSPSaVam"
    assert edge.asset_id == "NK-abdzbEBkqyT29GyREbiURZ"
    assert edge.asset_name == "LLC CST"
    assert (edge.percentage, edge.percentage_text) == (49.0, "49")
    assert (edge.start_date, edge.end_date, edge.shares_count) == ("2016-03-29", None,
                                                                    "6401.77")
    zakharov_in_cst = sorted(e.percentage for e in edges
                             if e.owner_name == "Alexander Vyacheslavovich ZAKHAROV"
                             and e.asset_name == "LLC CST" and e.percentage is not None)
    assert zakharov_in_cst == [48.0, 50.0, 51.0]
    assert Ownership.from_dict(json.loads(json.dumps(edge.to_dict()))) == edge
    # Schemata that are neither entries nor used for them are counted, not silently lost.
    assert "3 Directorship, 4 Family" in parsed.warnings[-1]


def test_nested_and_array_forms(tmp_path: Path) -> None:
    nested = [{
        "id": "p-1", "schema": "Person",
        "properties": {
            "name": ["Jane Example"], "weakAlias": ["JE"], "previousName": ["Jane Sample"],
            "birthDate": ["1970-05"], "addressEntity": [
                {"id": "a-1", "schema": "Address",
                 "properties": {"full": ["1 Example Road, Exampleton"], "country": ["gb"]}}],
            "sanctions": [
                {"id": "s-1", "schema": "Sanction",
                 "properties": {"entity": ["p-1"], "programId": ["EX-1"],
                                "listingDate": ["2020-01-02"]}}],
        },
    }]
    path = tmp_path / "nested.json"
    path.write_text(json.dumps(nested), encoding="utf-8")
    parsed = FORMAT.read(path)
    assert len(parsed.entities) == 1
    jane = parsed.entities[0]
    assert [(n.value, n.kind) for n in jane.names] == [
        ("Jane Example", NameKind.PRIMARY), ("Jane Sample", NameKind.FKA),
        ("JE", NameKind.WEAK)]
    assert jane.birth_dates == (DateValue(PartialDate(1970, 5)),)  # stays partial
    assert jane.programs == ("EX-1",)
    assert jane.listed_on == DateValue(PartialDate(2020, 1, 2))
    assert jane.addresses[0].country == "GB"
    assert "sanctions" not in jane.properties  # a reference, not a property value


def test_sniff() -> None:
    assert FORMAT.sniff(T1, head(T1)) and FORMAT.sniff(ZALA, head(ZALA))
    csl_json = OS.parent / "csl" / "csl-hikvision-dahua.json"
    assert not FORMAT.sniff(csl_json, head(csl_json))
    assert not FORMAT.sniff(Path("x"), b"") and not FORMAT.sniff(Path("x"), bytes(range(256)))


@pytest.mark.parametrize(("name", "where", "words"), [
    ("broken-line.ftm.json", "line 4, column 309", "not a complete JSON object"),
    ("truncated.ftm.json", "line 49, column 717", "not a complete JSON object"),
    ("latin1.ftm.json", "byte 2427", "not valid utf-8"),
    ("missing-schema.ftm.json", "line 3", 'missing or empty "schema"'),
])
def test_bad_files(name: str, where: str, words: str) -> None:
    with pytest.raises(SourceFormatError) as caught:
        FORMAT.read(BAD / name)
    assert caught.value.path == str(BAD / name)
    assert caught.value.where == where
    assert words in caught.value.problem


def test_entity_without_any_name_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "noname.ftm.json"
    path.write_text('{"id": "c-1", "schema": "Company", "properties": {"country": ["ru"]}}\n',
                    encoding="utf-8")
    with pytest.raises(SourceFormatError) as caught:
        FORMAT.read(path)
    assert caught.value.path == str(path)
    assert caught.value.where == "line 1"
