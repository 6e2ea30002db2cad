"""FollowTheMoney Ownership objects from the real zala excerpt (CC BY-NC test fixture)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from offramp.ownership import (
    EdgeKind,
    ExposureKind,
    OwnershipEdge,
    OwnershipGraph,
    analyse,
    edge_from_ftm,
    edges_from_ftm,
)
from offramp.sources.base import ParsedList
from offramp.sources.ftm import FORMAT, Ownership

ZALA = Path(__file__).parent.parent / "fixtures" / "lists" / "opensanctions" / "zala.ftm.json"
ZAKHAROV = "NK-aU5ybkbRFJucf8YMwsJvDw"
KALASHNIKOV = "NK-nR5AXM9AVPq4pQaSPSaVam"
CST = "NK-abdzbEBkqyT29GyREbiURZ"
SPS = "NK-9Xa4Kg7Y7nfccE7VcZt6Q6"
RTC = "NK-ERScv7cLkkvZ3ejz7xiToj"


@pytest.fixture(scope="module")
def zala() -> ParsedList:
    return FORMAT.read(ZALA)


@pytest.fixture(scope="module")
def edges(zala: ParsedList) -> list[OwnershipEdge]:
    return edges_from_ftm(zala.extras["ownership"])


def test_every_ownership_object_becomes_an_edge(edges: list[OwnershipEdge]) -> None:
    assert len(edges) == 14
    kalashnikov = [e for e in edges if e.owner == KALASHNIKOV]
    assert {(e.owned, e.percent, e.kind) for e in kalashnikov} == {
        (CST, 49.0, EdgeKind.OWNERSHIP), (CST, None, EdgeKind.OWNERSHIP)}
    stated = next(e for e in kalashnikov if e.percent is not None)
    assert stated.owner_label == "JSC Kalashnikov Concern"
    assert stated.owned_label == "LLC CST"
    assert stated.start_date == "2016-03-29" and stated.end_date is None
    assert stated.source == "opensanctions"
    assert stated.citation == ("FtM Ownership ru-29477727b21c0f44d9c8b2e0c3697b8e028f8f5f "
                               "(datasets: ext_ru_egrul)")
    assert stated.note == "shares: 6401.77"
    subsidiary = next(e for e in kalashnikov if e.percent is None)
    assert subsidiary.note == "role: subsidiary of"


def test_current_graph_and_zakharov_blocked(edges: list[OwnershipEdge]) -> None:
    graph = OwnershipGraph(edges)
    # Eleven of the fourteen holdings have ended (endDate); three are current.
    assert len(graph.edges) == 3 and len(graph.excluded) == 11
    analysis = analyse(graph, {ZAKHAROV})
    # Zakharov's current 51% of CST (since 2015-11-25, no end date) blocks it.
    assert set(analysis.derived) == {CST}
    cst = analysis.derived[CST]
    assert cst.total_percent == 51.0
    assert cst.explain() == ("blocked by the 50% rule (OFAC): Alexander Vyacheslavovich "
                             "ZAKHAROV owns 51% directly; 51% in aggregate (threshold 50%)")
    assert cst.stakes[0].edge.citation.startswith(
        "FtM Ownership ru-dfe0a021cb69f99e198bb8cbbcb93e81130b32a7")


def test_kalashnikov_alone_does_not_block_cst(edges: list[OwnershipEdge]) -> None:
    analysis = analyse(OwnershipGraph(edges), {KALASHNIKOV})
    assert analysis.derived == {}
    cst = analysis.related[CST]
    # 49% stated; the "subsidiary of" edge without a share is a second statement about
    # the same holding, so the stated share stands for it.
    assert (cst.kind, cst.total_percent) == (ExposureKind.MINORITY, 49.0)
    assert cst.unknown == ()
    assert cst.explain().startswith("not blocked (OFAC): JSC Kalashnikov Concern owns 49% "
                                    "directly; 49% in aggregate, below 50%")


def test_as_of_2022_counts_the_holdings_then(edges: list[OwnershipEdge]) -> None:
    graph = OwnershipGraph(edges, as_of=date(2022, 6, 1))
    # Zakharov: 50%, 48% and 51% of CST all stated current in mid-2022 (register extracts
    # overlap); the largest counts and the conflict is reported.
    assert any("sources state different current shares (48%, 50%, 51%)" in w
               for w in graph.warnings)
    blocked = analyse(graph, {ZAKHAROV}).derived
    assert {n: e.total_percent for n, e in blocked.items()} == {
        CST: 51.0, SPS: 75.0, RTC: 100.0}


def test_percentage_text_is_parsed_again() -> None:
    item = Ownership(id="own-1", owner_id="P", asset_id="C", percentage=None,
                     percentage_text="25-50%", shares_count="10", role="shareholder")
    edge = edge_from_ftm(item, source="opensanctions", source_date="2026-04-01")
    assert edge.percent is None
    assert edge.note == "share '25-50%' is a range: not counted; role: shareholder; shares: 10"
    assert edge.source_date == "2026-04-01"
    item = Ownership(id="own-2", owner_id="P", asset_id="C", percentage=51.5,
                     percentage_text="51,5 %", source_url="https://example.org/r")
    edge = edge_from_ftm(item)
    assert edge.percent == 51.5
    assert edge.citation == "FtM Ownership own-2, https://example.org/r"


def test_a_control_role_without_share_is_control() -> None:
    item = Ownership(id="own-3", owner_id="P", asset_id="C", role="Ultimate beneficial owner")
    assert edge_from_ftm(item).kind is EdgeKind.CONTROL
    item = Ownership(id="own-4", owner_id="P", asset_id="C", percentage_text="60",
                     role="controlling shareholder")
    assert edge_from_ftm(item).kind is EdgeKind.OWNERSHIP
