"""Which node a party named in an ownership source is.

A source names a party by list id or by name. The order is fixed and documented
(docs/ownership.md): an exact entity id first; then the exact folded name (case, accents,
script and punctuation ignored; see :func:`offramp.normalize.text.fold`) among the given
entities' names; else a named node that keeps the party in the graph unresolved. Fuzzy
matching is deliberately not used: wrongly merging two companies would block the wrong one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from offramp.model import Entity, NameKind
from offramp.normalize.text import fold
from offramp.ownership.edges import named_node


class ResolvedBy(StrEnum):
    """How a party's text became a node."""

    ID = "id"
    NAME = "name"
    UNRESOLVED = "unresolved"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True, slots=True)
class Resolution:
    """The node for a party's text, how it was found, and its display label.

    ``candidates`` lists the entity ids an ambiguous name matched (the node is then a named
    node: the source does not say which of them it means).
    """

    node: str
    by: ResolvedBy
    label: str
    candidates: tuple[str, ...] = ()

    @property
    def resolved(self) -> bool:
        """True when the party is a list entity."""
        return self.by in (ResolvedBy.ID, ResolvedBy.NAME)


class EntityResolver:
    """Resolves party texts against a fixed set of entities (see the module docstring).

    Weak aliases (OFAC's "low quality" a.k.a.s, FtM ``weakAlias``) are not used: they are
    too short or common to identify a party on their own.
    """

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        self._by_id: dict[str, Entity] = {}
        self._by_name: dict[str, list[str]] = {}
        for entity in entities:
            self._by_id.setdefault(entity.id, entity)
            for name in entity.names:
                if name.kind is NameKind.WEAK:
                    continue
                key = fold(name.value)
                ids = self._by_name.setdefault(key, []) if key else []
                if key and entity.id not in ids:
                    ids.append(entity.id)

    def label(self, node: str) -> str | None:
        """The caption of the entity with id ``node``, if given."""
        entity = self._by_id.get(node)
        return entity.caption if entity is not None else None

    def resolve(self, text: str) -> Resolution:
        """The node for ``text``: entity id, else unique folded name, else a named node.

        Raises ValueError when ``text`` has no letters or digits at all.
        """
        text = text.strip()
        entity = self._by_id.get(text)
        if entity is not None:
            return Resolution(entity.id, ResolvedBy.ID, entity.caption)
        ids = self._by_name.get(fold(text), [])
        if len(ids) == 1:
            return Resolution(ids[0], ResolvedBy.NAME, self._by_id[ids[0]].caption)
        node = named_node(text)
        if ids:
            return Resolution(node, ResolvedBy.AMBIGUOUS, text, tuple(ids))
        return Resolution(node, ResolvedBy.UNRESOLVED, text)
