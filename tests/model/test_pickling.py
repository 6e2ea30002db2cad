"""model.pickling: frozen slotted dataclasses pickled as their field values."""

import dataclasses
import pickle

import pytest

from offramp.model import Address, DateValue, Entity, Identifier, Link, Name, NameKind, Schema
from offramp.model.pickling import quick_pickle
from offramp.normalize.names import normalize_name


def _entity() -> Entity:
    return Entity(
        id="30946", schema=Schema.COMPANY,
        names=(Name("HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."),
               Name("海康威视", NameKind.AKA)),
        source="ofac-cons", countries=("CN",),
        identifiers=(Identifier("uscc", "91330000733796106P", "CN", "USCC"),),
        addresses=(Address(city="Hangzhou", country="CN"),),
        programs=("CMIC-EO13959",), birth_dates=(DateValue.parse("~1970"),),
        listed_on=DateValue.parse("2021-06-03"),
        links=(Link("linked_to", target_name="EZVIZ", percent=51.0),),
        properties={"ticker": ["002415 CN"]}, record={"ent_num": "30946"})


def test_an_entity_comes_back_equal_field_for_field_and_still_frozen() -> None:
    entity = _entity()
    back = pickle.loads(pickle.dumps(entity, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == entity and back is not entity
    for f in dataclasses.fields(Entity):
        assert getattr(back, f.name) == getattr(entity, f.name), f.name
    assert back.names[1].script == entity.names[1].script == "Hani"
    assert back.birth_dates[0].circa and back.links[0].percent == 51.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.id = "1"  # type: ignore[misc]
    assert hash(back.names[0]) == hash(entity.names[0])


def test_a_normalised_name_keeps_the_fields_it_worked_out() -> None:
    norm = normalize_name("AL-QAIDA, Abu Bakr")
    assert norm.sorted_joined  # (worked out on first use, then kept in its slot)
    back = pickle.loads(pickle.dumps(norm))
    assert back == norm
    for f in dataclasses.fields(norm):
        assert getattr(back, f.name) == getattr(norm, f.name), f.name
    assert back.key_tokens == norm.key_tokens and back.joined == norm.joined


def test_fields_declared_by_a_base_class_come_back_too() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Base:
        a: int

    @quick_pickle
    @dataclasses.dataclass(frozen=True, slots=True)
    class Child(Base):
        b: str = "x"

    globals()["Child"] = Child  # (pickle finds a class by its module and name)
    Child.__qualname__ = "Child"
    try:
        back = pickle.loads(pickle.dumps(Child(1, "y")))
    finally:
        del globals()["Child"]
    assert (back.a, back.b) == (1, "y")


def test_a_class_without_slots_is_refused() -> None:
    @dataclasses.dataclass(frozen=True)
    class Plain:
        a: int

    with pytest.raises(TypeError, match="slots=True"):
        quick_pickle(Plain)
    with pytest.raises(TypeError, match="slots=True"):
        quick_pickle(int)


def test_a_subclass_is_pickled_as_the_dataclass_would_pickle_it() -> None:
    back = pickle.loads(pickle.dumps(_Dated(DateValue.parse("1970-05-03").start, None, True)))
    assert type(back) is _Dated and back.circa and back.start.year == 1970


class _Dated(DateValue):
    """A subclass of a quick-pickled class (found by pickle at module level)."""

    __slots__ = ()
