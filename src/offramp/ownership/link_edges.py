"""Edges from the relations list entries state (:attr:`offramp.model.Entity.links`).

OFAC's "Linked To: NAME" remarks (legacy CSV, and the US CSL's equivalent) name a party
the entry was designated for its ties to, without saying who owns whom or how much: they
become ``linked`` edges, which never block by themselves. The advanced XML's "Owned or
Controlled By" relationship says the named party owns *or* controls the entry, again
without a share: it becomes a ``control`` edge from that party to the entry, so the
exposure is reported under OFAC's "caution" wording and never counted as ownership.
"""

from __future__ import annotations

from collections.abc import Iterable

from offramp.model import Entity, Link
from offramp.ownership.edges import EdgeKind, OwnershipEdge
from offramp.ownership.resolve import EntityResolver, Resolution, ResolvedBy


def _target(link: Link, resolver: EntityResolver) -> Resolution | None:
    if link.target_id:
        label = resolver.label(link.target_id) or link.target_name or link.target_id
        return Resolution(link.target_id, ResolvedBy.ID, label)
    if link.target_name and link.target_name.strip():
        try:
            return resolver.resolve(link.target_name)
        except ValueError:
            return None  # a name of punctuation only: nothing to point at
    return None


def edges_from_links(entities: Iterable[Entity], *, resolve_among: Iterable[Entity] = (),
                     source_date: str | None = None) -> list[OwnershipEdge]:
    """One edge per link of each entity, resolved as documented in docs/ownership.md.

    A link that names its target by id (the reader resolved it within the publication)
    keeps that id; one that gives only a name is resolved among ``entities`` and
    ``resolve_among`` (exact folded name, unique), else kept as a named node; a link that
    names nothing at all gives no edge. The edge's ``source`` is the entity's list id
    (``ofac-sdn``) and its citation the remark.
    """
    entities = list(entities)
    resolver = EntityResolver([*entities, *resolve_among])
    edges: list[OwnershipEdge] = []
    for entity in entities:
        for link in entity.links:
            target = _target(link, resolver)
            if target is None:
                continue
            relation = link.relation.strip().lower()
            named = link.target_name or link.target_id or ""
            stated = f'"Linked To: {named}"' if relation == "linked_to" else (
                f'"{link.relation}: {named}"')
            citation = f"{entity.source} {entity.id} states {stated}"
            if entity.source_url:
                citation += f", {entity.source_url}"
            note = None
            if target.by is ResolvedBy.AMBIGUOUS:
                note = f"name matches several entries: {', '.join(target.candidates)}"
            # A former control relation is history: shown as a link, not as control.
            if relation.startswith("owned or controlled by") and "(former)" not in relation:
                edges.append(OwnershipEdge(
                    owner=target.node, owned=entity.id, percent=None, kind=EdgeKind.CONTROL,
                    source=entity.source, source_date=source_date, citation=citation,
                    owner_label=target.label, owned_label=entity.caption, note=note,
                ))
            else:
                edges.append(OwnershipEdge(
                    owner=entity.id, owned=target.node, percent=None, kind=EdgeKind.LINKED,
                    source=entity.source, source_date=source_date, citation=citation,
                    owner_label=entity.caption, owned_label=target.label, note=note,
                ))
    return edges
