import json

import pytest

from offramp.model import (
    Address,
    DateValue,
    Entity,
    Identifier,
    Link,
    Name,
    NameKind,
    Schema,
)


def _entity(**overrides: object) -> Entity:
    data: dict[str, object] = {
        "id": "30946",
        "schema": Schema.COMPANY,
        "names": [Name("HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."),
                  Name("HIKVISION", NameKind.AKA), Name("海康威视", NameKind.AKA)],
        "source": "ofac-cons",
        "countries": ["CN"],
        "identifiers": [Identifier("uscc", "91330000733796106P", "CN",
                                   "Unified Social Credit Code (USCC)")],
        "addresses": [Address(city="Hangzhou", country="CN")],
        "programs": ["CMIC-EO13959"],
        "birth_dates": [],
        "listed_on": DateValue.parse("2021-06-03"),
        "links": [Link("linked_to", target_name="EZVIZ")],
        "properties": {"ticker": ["002415 CN"]},
        "record": {"ent_num": "30946", "raw": "..."},
    }
    data.update(overrides)
    return Entity(**data)  # type: ignore[arg-type]


def test_entity_round_trips_through_json() -> None:
    entity = _entity()
    data = json.loads(json.dumps(entity.to_dict()))
    assert Entity.from_dict(data) == entity
    assert Entity.from_dict(data).record == entity.record


def test_entity_is_immutable_and_freezes_lists() -> None:
    entity = _entity()
    assert isinstance(entity.names, tuple) and isinstance(entity.programs, tuple)
    with pytest.raises(AttributeError):
        entity.id = "x"  # type: ignore[misc]


def test_caption_is_the_primary_name() -> None:
    entity = _entity(names=[Name("HIKVISION", NameKind.AKA), Name("HANGZHOU HIKVISION")])
    assert entity.caption == "HANGZHOU HIKVISION"


def test_names_keep_their_script() -> None:
    assert [n.script for n in _entity().names] == ["Latn", "Latn", "Hani"]


def test_content_hash_changes_with_content_including_the_raw_record() -> None:
    base = _entity()
    assert base.content_hash() == _entity().content_hash()
    assert base.content_hash() != _entity(programs=["CMIC-EO13959", "SDGT"]).content_hash()
    changed_record = _entity(record={"ent_num": "30946", "raw": "changed"})
    assert base.content_hash() != changed_record.content_hash()


def test_entity_requires_id_and_name() -> None:
    with pytest.raises(ValueError):
        _entity(id="")
    with pytest.raises(ValueError):
        _entity(names=[])


@pytest.mark.parametrize(("text", "schema"), [("person", Schema.PERSON),
                                                ("Individual", Schema.PERSON),
                                                ("legal_entity", Schema.LEGAL_ENTITY),
                                                ("LegalEntity", Schema.LEGAL_ENTITY),
                                                ("Vessel", Schema.VESSEL)])
def test_schema_parse(text: str, schema: Schema) -> None:
    assert Schema.parse(text) is schema


def test_schema_parse_rejects_unknown() -> None:
    with pytest.raises(ValueError, match="unknown schema"):
        Schema.parse("robot")
