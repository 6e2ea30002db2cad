"""The two sides of a comparison: a query and a prepared list name."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from offramp.model import DateValue, Identifier, NameKind, Schema
from offramp.normalize.names import NormalizedName, normalize_name


@dataclass(frozen=True, slots=True)
class Query:
    """What the user screens: a name and, optionally, evidence to weigh with it.

    ``country`` is ISO alpha-2; ``schema`` None means "any kind of party".
    """

    text: str
    name: NormalizedName
    weights: tuple[float, ...]
    schema: Schema | None = None
    country: str | None = None
    birth_date: DateValue | None = None
    identifiers: tuple[Identifier, ...] = ()
    surname: tuple[bool, ...] = ()  # per token: written before the comma ("SURNAME, Given")


def _setter(field: str) -> Callable[[Query, object], None]:
    setter: Callable[[Query, object], None] = vars(Query)[field].__set__
    return setter


# Slot setters of Query (frozen: ``__setattr__`` refuses, the slots do not), for query_of.
_set_text, _set_name, _set_weights, _set_schema = (
    _setter("text"), _setter("name"), _setter("weights"), _setter("schema"))
_set_country, _set_birth_date, _set_identifiers, _set_surname = (
    _setter("country"), _setter("birth_date"), _setter("identifiers"), _setter("surname"))


def query_of(text: str, name: NormalizedName, weights: tuple[float, ...],
             schema: Schema | None, country: str | None, birth_date: DateValue | None,
             identifiers: tuple[Identifier, ...], surname: tuple[bool, ...]) -> Query:
    """``Query(...)`` with every field given, equal to it: every search makes one, and
    filling the frozen slots directly costs half of the dataclass's ``__init__``."""
    query: Query = object.__new__(Query)
    _set_text(query, text)
    _set_name(query, name)
    _set_weights(query, weights)
    _set_schema(query, schema)
    _set_country(query, country)
    _set_birth_date(query, birth_date)
    _set_identifiers(query, identifiers)
    _set_surname(query, surname)
    return query


@dataclass(frozen=True, slots=True)
class PreparedName:
    """One name of one list entry, normalised and weighted once at index build."""

    entity: int  # position of the entity in the screener's entity list
    text: str
    kind: NameKind
    name: NormalizedName
    weights: tuple[float, ...]
    surname: tuple[bool, ...] = ()  # per token: written before the comma ("SURNAME, Given")
    # Another name of the same entity has all this name's key words and more: this one is a
    # short form (the catalogue's "Dahua" beside "Dahua Technology"; see ``extended_names``).
    extended: bool = False


def extended_names(entities: Sequence[int], names: Sequence[NormalizedName]) -> list[bool]:
    """Per name (of the entity at ``entities[i]``): does another name of the same entity have
    all its key words and more -- is it that entity's short form.

    A brand written alone ("Dahua") beside the entity's full name ("Dahua Technology") says
    less than a name the entity only ever writes that way: a query that adds generic words
    to a short form ("Dahua Electronics Corporation") is as likely another company.
    """
    by_entity: dict[int, list[int]] = {}
    for i, entity in enumerate(entities):
        by_entity.setdefault(entity, []).append(i)
    extended = [False] * len(names)
    for members in by_entity.values():
        if len(members) < 2:
            continue
        keys = [(len(words), words) for words in (frozenset(names[i].key_tokens)
                                                    for i in members)]
        for a, (size, mine) in zip(members, keys, strict=True):
            for other_size, other in keys:
                if other_size > size and mine < other:
                    extended[a] = True
                    break
    return extended


def surname_mask(name: NormalizedName) -> tuple[bool, ...]:
    """Which tokens were written before the first comma: the family name in the
    "SURNAME, Given Names" form lists use for persons. Empty when there is no comma."""
    head, comma, _ = name.original.partition(",")
    if not comma or not head.strip():
        return ()
    count = len(normalize_name(head).tokens)
    return tuple(i < count for i in range(len(name.tokens)))
