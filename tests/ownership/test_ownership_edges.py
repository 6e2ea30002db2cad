"""Edges, named nodes and how parties named in sources are resolved."""

from __future__ import annotations

import pytest

from offramp.model import Entity, Name, NameKind, Schema
from offramp.ownership import (
    EdgeKind,
    EntityResolver,
    OwnershipEdge,
    ResolvedBy,
    is_named,
    named_node,
)


def test_edge_checks_its_fields() -> None:
    edge = OwnershipEdge("A", "B", 30.0, "ownership")  # type: ignore[arg-type]
    assert edge.kind is EdgeKind.OWNERSHIP and edge.counts
    assert not OwnershipEdge("A", "B", None).counts
    assert not OwnershipEdge("A", "B", 30.0, EdgeKind.CONTROL).counts
    for bad in (-0.1, 100.01, float("nan")):
        with pytest.raises(ValueError, match="percent must be within 0-100"):
            OwnershipEdge("A", "B", bad)
    with pytest.raises(ValueError, match="needs both an owner and an owned party"):
        OwnershipEdge("", "B", 10.0)


def test_describe() -> None:
    edge = OwnershipEdge("A", "B", 30.0, source="register", source_date="2025-01",
                         citation="x.csv line 2", owner_label="Alpha", owned_label="Beta")
    assert edge.describe() == "Alpha owns 30% of Beta (register, 2025-01, x.csv line 2)"
    assert OwnershipEdge("A", "B", None).describe() == "A owns an unstated share of B"
    assert OwnershipEdge("A", "B", None, EdgeKind.CONTROL).describe() == "A controls B"
    assert OwnershipEdge("A", "B", None, EdgeKind.LINKED).describe() == "A is linked to B"


def test_named_nodes_fold_spelling_not_meaning() -> None:
    assert named_node("Foo Trading, Ltd.") == "name:foo trading ltd"
    assert named_node("FOO  TRADING LTD") == named_node("Foo Trading, Ltd.")
    assert named_node("Société Générale") == "name:societe generale"
    assert named_node("Foo Trading Limited") != named_node("Foo Trading Ltd")
    assert is_named(named_node("x")) and not is_named("12345")
    with pytest.raises(ValueError, match="no letters or digits"):
        named_node(" -- ")


def entity(eid: str, *names: str, weak: tuple[str, ...] = ()) -> Entity:
    return Entity(id=eid, schema=Schema.COMPANY, source="test",
                  names=(*(Name(n, NameKind.PRIMARY if i == 0 else NameKind.AKA)
                           for i, n in enumerate(names)),
                         *(Name(w, NameKind.WEAK) for w in weak)))


def test_resolution_order() -> None:
    resolver = EntityResolver([
        entity("100", "Alpha Trading LLC", "Alpha"),
        entity("200", "Beta Holding"),
        entity("300", "Beta Holding"),  # same name as 200: ambiguous
        entity("400", "Gamma Industries", weak=("GI",)),
        entity("Alpha Trading LLC", "An entity whose id looks like a name"),
    ])
    by_id = resolver.resolve("100")
    assert (by_id.node, by_id.by, by_id.label) == ("100", ResolvedBy.ID, "Alpha Trading LLC")
    # The id wins over a name match.
    assert resolver.resolve("Alpha Trading LLC").node == "Alpha Trading LLC"
    by_name = resolver.resolve("  ALPHA ")
    assert (by_name.node, by_name.by, by_name.resolved) == ("100", ResolvedBy.NAME, True)
    ambiguous = resolver.resolve("beta holding")
    assert (ambiguous.node, ambiguous.by, ambiguous.candidates) == (
        "name:beta holding", ResolvedBy.AMBIGUOUS, ("200", "300"))
    assert not ambiguous.resolved
    # Weak aliases are not used to identify a party.
    assert resolver.resolve("GI").by is ResolvedBy.UNRESOLVED
    # Never fuzzy: a near miss stays a named node.
    near = resolver.resolve("Alpha Tradings LLC")
    assert (near.node, near.by, near.label) == (
        "name:alpha tradings llc", ResolvedBy.UNRESOLVED, "Alpha Tradings LLC")
