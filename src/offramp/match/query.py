"""The two sides of a comparison: a query and a prepared list name."""

from __future__ import annotations

from dataclasses import dataclass

from offramp.model import DateValue, Identifier, NameKind, Schema
from offramp.normalize.names import NormalizedName


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


@dataclass(frozen=True, slots=True)
class PreparedName:
    """One name of one list entry, normalised and weighted once at index build."""

    entity: int  # position of the entity in the screener's entity list
    text: str
    kind: NameKind
    name: NormalizedName
    weights: tuple[float, ...]
