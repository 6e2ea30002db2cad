"""Derived exposure: parties blocked through ownership, screenable next to the lists.

Under OFAC's 50% rule a company on no list is blocked when SDN-listed parties own 50% or
more of it (docs/ownership.md). Screening shows that as its own kind of result: for every
party the rule blocks, :func:`derived_entities` makes an entity with the party's names,
source :data:`DERIVED_SOURCE` and the rule's explanation ("blocked by the 50% rule (OFAC):
HIKVISION owns 60% directly ..."), so a subject matching it gets a hit that says *derived*,
never mistaken for a listing.

Which lists carry an ownership rule is a legal fact, so it is data with citations
(``data/ownership/designation_lists.csv``): today only the OFAC SDN list is computed. The
holdings come from the list versions in use: FollowTheMoney ``Ownership`` records of any
FtM list, OFAC "Linked To:" remarks (links only: they state no share), and holdings files
loaded as the ``ownership`` source (:mod:`offramp.sources.ownership_csv`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from offramp.model import Entity, Name, NameKind, OfframpError, Schema
from offramp.ownership import (
    Exposure,
    OwnershipEdge,
    OwnershipGraph,
    Rule,
    derived_blocks,
    edges_from_ftm,
    edges_from_links,
    is_named,
    parse_ownership_csv,
)
from offramp.sources.ownership_csv import EXTRA_KIND as HOLDINGS_KIND
from offramp.store import ListStore

DERIVED_SOURCE = "ownership-rule"
"""The source id of derived entities (never a list's id)."""


@dataclass(frozen=True, slots=True)
class DesignationList:
    """A list a party can be designated on, and whether an ownership rule follows."""

    id: str
    source: str
    name: str
    ownership_rule: Rule | None
    effect: str
    citation: str
    source_url: str


@cache
def designation_lists() -> dict[str, DesignationList]:
    """The lists from ``data/ownership/designation_lists.csv``, by id (``sdn``, ...)."""
    path = resources.files("offramp").joinpath("data", "ownership", "designation_lists.csv")
    out: dict[str, DesignationList] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rule = None if row["ownership_rule"] == "none" else Rule.parse(row["ownership_rule"])
            out[row["id"]] = DesignationList(row["id"], row["source"], row["name"], rule,
                                             row["effect"], row["citation"], row["source_url"])
    return out


def blocking_sources() -> dict[str, DesignationList]:
    """Source id -> list, for the lists whose parties block what they own (the SDN list)."""
    return {d.source: d for d in designation_lists().values() if d.ownership_rule is not None}


class _FtmRecord:
    """A stored FtM Ownership record (a dict) with the attributes the edge reader wants."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.id: str = data["id"]
        self.owner_id: str = data["owner_id"]
        self.asset_id: str = data["asset_id"]
        self.owner_name: str | None = data.get("owner_name")
        self.asset_name: str | None = data.get("asset_name")
        self.percentage: float | None = data.get("percentage")
        self.percentage_text: str | None = data.get("percentage_text")
        self.shares_count: str | None = data.get("shares_count")
        self.role: str | None = data.get("role")
        self.start_date: str | None = data.get("start_date")
        self.end_date: str | None = data.get("end_date")
        self.source_url: str | None = data.get("source_url")
        self.datasets: tuple[str, ...] = tuple(data.get("datasets") or ())


def store_edges(store: ListStore, entities: Sequence[Entity]) -> tuple[list[OwnershipEdge],
                                                                       list[str]]:
    """Every ownership edge in the list versions in use, and the warnings about them.

    Holdings files are parsed again here, resolved against ``entities`` (the entries in
    use), so a holdings row naming a listed party by its exact name links to that entry.
    """
    edges: list[OwnershipEdge] = list(edges_from_links(entities))
    warnings: list[str] = []
    for snapshot in store.current().values():
        if snapshot.id is None:
            continue
        ftm = store.extras(snapshot.id, "ownership")
        if ftm:
            edges.extend(edges_from_ftm([_FtmRecord(r) for r in ftm], source=snapshot.source,
                                        source_date=_date(snapshot.publisher_date)))
        for record in store.extras(snapshot.id, HOLDINGS_KIND):
            parsed = parse_ownership_csv(record["text"], path=record.get("file") or "holdings",
                                         entities=entities)
            edges.extend(parsed.edges)
            warnings.extend(parsed.warnings)
    return edges, warnings


def _date(value: object) -> str | None:
    return None if value is None else str(value)


def derived_entities(entities: Sequence[Entity], edges: Iterable[OwnershipEdge], *,
                     blocked: Iterable[str] = (), source: str = DERIVED_SOURCE,
                     source_list: str = "blocked through ownership (50% rule)",
                     programs: Sequence[str] = ()) -> list[Entity]:
    """Entities for the parties the 50% rule blocks, with the explanation in ``remarks``.

    The blocked parties are the ``entities`` of lists with an ownership rule (see
    :func:`blocking_sources`) plus ``blocked`` (graph nodes: the what-if adds its
    hypothetical designations here). A derived party that is a list entry keeps that
    entry's names and schema; one known only from a holdings file gets the name the file
    gives. Ids are ``derived:<node>``.
    """
    rules = blocking_sources()
    by_id = {e.id: e for e in entities}
    listed = {e.id for e in entities if e.source in rules} | set(blocked)
    if not listed:
        return []
    edges = list(edges)
    if not edges:
        return []
    graph = OwnershipGraph(edges)
    out: list[Entity] = []
    for node, exposure in sorted(derived_blocks(graph, listed & graph.nodes).items()):
        out.append(derived_entity(node, exposure, by_id.get(node), graph.label(node),
                                  source=source, source_list=source_list,
                                  programs=programs))
    return out


def derived_entity(node: str, exposure: Exposure, entry: Entity | None, label: str, *,
                   source: str = DERIVED_SOURCE,
                   source_list: str = "blocked through ownership (50% rule)",
                   programs: Sequence[str] = ()) -> Entity:
    """One derived party as a screenable entity (see :func:`derived_entities`)."""
    if entry is not None:
        names: tuple[Name, ...] = tuple(n for n in entry.names if n.kind is not NameKind.WEAK)
        schema = entry.schema
        countries = entry.countries
    else:
        names = (Name(label),)
        schema = Schema.LEGAL_ENTITY if is_named(node) else Schema.COMPANY
        countries = ()
    if not names:
        raise OfframpError(f"derived party {node} has no name to screen")
    return Entity(
        id=f"derived:{node}", schema=schema, names=names, source=source,
        source_list=source_list, countries=countries, programs=tuple(programs),
        remarks=exposure.explain(),
        properties={"ownership_paths": tuple(exposure.paths()),
                     "ownership_node": (node,)},
    )
