"""Relations stated by list entries: OFAC "Linked To:" remarks from the real 2021 SDN file."""

from __future__ import annotations

from pathlib import Path

import pytest

from offramp.model import Entity, Link, Name, NameKind, Schema
from offramp.ownership import (
    EdgeKind,
    ExposureKind,
    OwnershipEdge,
    OwnershipGraph,
    analyse,
    edges_from_links,
    named_node,
)
from offramp.sources.ofac_legacy import FORMAT

SDN_2021 = (Path(__file__).parent.parent / "fixtures" / "lists" / "ofac" / "sdn-2021-07-07"
            / "sdn.csv.gz")


@pytest.fixture(scope="module")
def sdn() -> list[Entity]:
    return list(FORMAT.read(SDN_2021).entities)


@pytest.fixture(scope="module")
def edges(sdn: list[Entity]) -> list[OwnershipEdge]:
    return edges_from_links(sdn)


def test_linked_to_lazarus_group(edges: list[OwnershipEdge]) -> None:
    # ent_num 28263, TIAN Yinyin: "...; Linked To: LAZARUS GROUP." (ent_num 27307).
    [edge] = [e for e in edges if e.owner == "28263"]
    assert edge == OwnershipEdge(
        owner="28263", owned="27307", percent=None, kind=EdgeKind.LINKED, source="ofac-sdn",
        citation=('ofac-sdn 28263 states "Linked To: LAZARUS GROUP", '
                  "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=28263"),
        owner_label="TIAN, Yinyin", owned_label="LAZARUS GROUP",
    )


def test_every_link_is_kept(sdn: list[Entity], edges: list[OwnershipEdge]) -> None:
    assert len(edges) == sum(len(e.links) for e in sdn) == 3408
    assert {e.kind for e in edges} == {EdgeKind.LINKED}
    assert all(e.percent is None for e in edges)
    # 25 links of CIFUENTES VILLA, Jorge Milton (12300), each to an entry of the same list.
    cifuentes = [e for e in edges if e.owner == "12300"]
    assert len(cifuentes) == 25
    assert not any(e.owned.startswith("name:") for e in cifuentes)


def test_names_that_match_several_entries_stay_unresolved(edges: list[OwnershipEdge]) -> None:
    # Two SDN entries are called "MINISTRY OF STATE SECURITY": the remark does not say
    # which one is meant, so neither is picked.
    [edge] = [e for e in edges if e.owner == "20130"]
    assert edge.owned == named_node("MINISTRY OF STATE SECURITY")
    assert edge.note == "name matches several entries: 20129, 25437"


def test_name_only_links_resolve_among_other_lists(sdn: list[Entity]) -> None:
    rostec = Entity(id="rostec-1", schema=Schema.COMPANY, source="other",
                    names=(Name("State Corporation Rostec"), Name("ROSTEC", NameKind.AKA)))
    rosoboron = [e for e in sdn if e.id == "18782"]
    [edge] = edges_from_links(rosoboron, resolve_among=[rostec])
    assert (edge.owner, edge.owned, edge.owned_label) == (
        "18782", "rostec-1", "State Corporation Rostec")
    [edge] = edges_from_links(rosoboron)
    assert edge.owned == "name:rostec"


def test_links_expose_but_never_block(edges: list[OwnershipEdge]) -> None:
    analysis = analyse(OwnershipGraph(edges), {"27307"})
    assert analysis.derived == {}
    tian = analysis.related["28263"]
    assert tian.kind is ExposureKind.LINKED
    assert tian.explain() == ("not blocked: linked to LAZARUS GROUP (blocked) per ofac-sdn; "
                              "no ownership stated")


def test_owned_or_controlled_by_is_control_towards_the_entry() -> None:
    entity = Entity(id="9", schema=Schema.COMPANY, source="ofac-sdn", names=(Name("Sub Co"),),
                    links=(Link("Owned or Controlled By", target_name="Parent", target_id="1"),
                           Link("Owned or Controlled By (former)", target_id="2"),
                           Link("Associate Of", target_name="   ")))
    control, former = edges_from_links([entity])
    assert (control.owner, control.owned, control.kind, control.percent) == (
        "1", "9", EdgeKind.CONTROL, None)
    assert control.citation == 'ofac-sdn 9 states "Owned or Controlled By: Parent"'
    assert (former.owner, former.owned, former.kind) == ("9", "2", EdgeKind.LINKED)
