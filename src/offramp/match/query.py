"""The two sides of a comparison: a query and a prepared list name."""

from __future__ import annotations

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


@dataclass(frozen=True, slots=True)
class PreparedName:
    """One name of one list entry, normalised and weighted once at index build."""

    entity: int  # position of the entity in the screener's entity list
    text: str
    kind: NameKind
    name: NormalizedName
    weights: tuple[float, ...]
    surname: tuple[bool, ...] = ()  # per token: written before the comma ("SURNAME, Given")


def surname_mask(name: NormalizedName) -> tuple[bool, ...]:
    """Which tokens were written before the first comma: the family name in the
    "SURNAME, Given Names" form lists use for persons. Empty when there is no comma."""
    head, comma, _ = name.original.partition(",")
    if not comma or not head.strip():
        return ()
    count = len(normalize_name(head).tokens)
    return tuple(i < count for i in range(len(name.tokens)))
