"""The 50% rule on hand-checked graphs (OFAC FAQ 401 examples, the issue's cases, cycles)."""

from __future__ import annotations

import random
import time

import pytest

from offramp.ownership import (
    EdgeKind,
    Exposure,
    ExposureKind,
    OwnershipEdge,
    OwnershipGraph,
    OwnerStatus,
    Rule,
    analyse,
    derived_blocks,
    named_node,
    reaches_threshold,
)
from offramp.ownership.rule50 import MAX_CHAINS

RULES = [Rule.OFAC, Rule.LOOK_THROUGH]


def graph(*holdings: tuple[str, str, float | None]) -> OwnershipGraph:
    """``("A", "B", 30)``: A owns 30% of B; labels are the ids."""
    return OwnershipGraph(OwnershipEdge(owner, owned, pct, owner_label=owner,
                                        owned_label=owned)
                          for owner, owned, pct in holdings)


def totals(result: dict[str, Exposure]) -> dict[str, float]:
    return {node: exp.total_percent for node, exp in result.items()}


# --- thresholds -----------------------------------------------------------------------------

@pytest.mark.parametrize("rule", RULES)
def test_exactly_fifty_percent_blocks(rule: Rule) -> None:
    result = derived_blocks(graph(("X", "A", 50)), {"X"}, rule=rule)
    assert totals(result) == {"A": 50.0}
    assert result["A"].explain().startswith("blocked by the 50% rule")
    assert "X owns 50% directly; 50% in aggregate (threshold 50%)" in result["A"].explain()


@pytest.mark.parametrize("rule", RULES)
def test_just_below_fifty_does_not_block(rule: Rule) -> None:
    analysis = analyse(graph(("X", "A", 49.99)), {"X"}, rule=rule)
    assert analysis.derived == {}
    exposure = analysis.related["A"]
    assert exposure.kind is ExposureKind.MINORITY
    assert not exposure.blocked
    assert exposure.total_percent == 49.99
    assert "X owns 49.99% directly; 49.99% in aggregate, below 50%" in exposure.explain()


def test_float_noise_does_not_hide_a_fifty_percent_sum() -> None:
    # 33.33 + 16.67 is 50 on paper; binary floats may land a hair either side.
    result = derived_blocks(graph(("X", "A", 33.33), ("Y", "A", 16.67)), {"X", "Y"})
    assert set(result) == {"A"}
    assert reaches_threshold(49.999999999999)
    assert not reaches_threshold(49.9999)


# --- aggregation --------------------------------------------------------------------------

@pytest.mark.parametrize("rule", RULES)
def test_two_blocked_owners_add_up(rule: Rule) -> None:
    result = derived_blocks(graph(("A", "T", 30), ("B", "T", 25)), {"A", "B"}, rule=rule)
    assert totals(result) == {"T": 55.0}
    stakes = result["T"].stakes
    assert [(s.owner, s.percent, s.status) for s in stakes] == [
        ("A", 30.0, OwnerStatus.LISTED), ("B", 25.0, OwnerStatus.LISTED)]
    assert "A owns 30% directly; B owns 25% directly; 55% in aggregate" in (
        result["T"].explain())


def test_one_blocked_owner_of_two_is_not_enough() -> None:
    analysis = analyse(graph(("A", "T", 30), ("B", "T", 25)), {"A"})
    assert analysis.derived == {}
    assert analysis.related["T"].total_percent == 30.0


# --- the issue's examples -----------------------------------------------------------------

def issue_graph() -> OwnershipGraph:
    return graph(
        ("HIK", "Sixty Ltd", 60),
        ("HIK", "Joint Ltd", 30), ("OTHER-SDN", "Joint Ltd", 30),
        ("HIK", "Mixed Ltd", 30), ("Private Investor", "Mixed Ltd", 30),
    )


@pytest.mark.parametrize("rule", RULES)
def test_issue_examples(rule: Rule) -> None:
    analysis = analyse(issue_graph(), {"HIK", "OTHER-SDN"}, rule=rule)
    assert totals(analysis.derived) == {"Sixty Ltd": 60.0, "Joint Ltd": 60.0}
    assert "HIK owns 30% directly; OTHER-SDN owns 30% directly; 60% in aggregate" in (
        analysis.derived["Joint Ltd"].explain())
    mixed = analysis.related["Mixed Ltd"]
    assert (mixed.kind, mixed.total_percent) == (ExposureKind.MINORITY, 30.0)
    # The unblocked investor's 30% is not counted, whoever it is.
    assert [s.owner for s in mixed.stakes] == ["HIK"]
    assert "Private Investor" not in analysis.related


# --- chains -------------------------------------------------------------------------------

@pytest.mark.parametrize("rule", RULES)
def test_faq_401_example_1_chain_through_blocked_intermediate(rule: Rule) -> None:
    # X owns 50% of A, A owns 50% of B: A and B are blocked. A pure product (25%) would
    # wrongly clear B; both rules count A's holding in full because A is blocked.
    result = derived_blocks(graph(("X", "A", 50), ("A", "B", 50)), {"X"}, rule=rule)
    assert totals(result) == {"A": 50.0, "B": 50.0}
    stake = result["B"].stakes[0]
    assert (stake.owner, stake.status, stake.attributed) == ("A", OwnerStatus.DERIVED, 50.0)
    assert [c.nodes() for c in stake.chains] == [("X", "A")]
    assert "X owns 50% through A (blocked); 50% in aggregate" in result["B"].explain()
    assert result["B"].paths() == ["X → A → B: 50%"]


@pytest.mark.parametrize("rule", RULES)
def test_faq_401_example_2_two_blocked_intermediates(rule: Rule) -> None:
    g = graph(("X", "A", 50), ("X", "B", 50), ("A", "C", 25), ("B", "C", 25))
    result = derived_blocks(g, {"X"}, rule=rule)
    assert totals(result) == {"A": 50.0, "B": 50.0, "C": 50.0}
    assert ("X owns 25% through A (blocked) and 25% through B (blocked); 50% in aggregate"
            in result["C"].explain())


@pytest.mark.parametrize("rule", RULES)
def test_faq_401_example_3_direct_and_indirect(rule: Rule) -> None:
    g = graph(("X", "A", 50), ("X", "B", 10), ("A", "B", 40))
    result = derived_blocks(g, {"X"}, rule=rule)
    assert totals(result) == {"A": 50.0, "B": 50.0}
    assert "X owns 40% through A (blocked) and 10% directly; 50% in aggregate" in (
        result["B"].explain())


def test_chain_through_unblocked_intermediate() -> None:
    # X owns 40% of A (A not blocked), A owns 60% of B, X owns 30% of B directly.
    g = graph(("X", "A", 40), ("A", "B", 60), ("X", "B", 30))
    # OFAC: A is not blocked, so its 60% of B is not attributed: B has 30%.
    ofac = analyse(g, {"X"}, rule="ofac")
    assert ofac.derived == {}
    assert {n: (e.kind, e.total_percent) for n, e in ofac.related.items()} == {
        "A": (ExposureKind.MINORITY, 40.0), "B": (ExposureKind.MINORITY, 30.0)}
    # Look-through: 30 + 40% x 60 = 54: blocked.
    look = analyse(g, {"X"}, rule="look-through")
    assert set(look.derived) == {"B"}
    b = look.derived["B"]
    assert b.total_percent == pytest.approx(54.0)
    through_a = next(s for s in b.stakes if s.owner == "A")
    assert (through_a.status, through_a.percent, through_a.owner_blocked_share) == (
        OwnerStatus.NOT_BLOCKED, 60.0, 40.0)
    assert through_a.attributed == pytest.approx(24.0)
    assert "24% through A (not blocked; 40% owned by blocked parties, holding 60%)" in (
        b.explain())
    assert "look-through, stricter than OFAC" in b.explain()


def test_look_through_multiplies_along_a_chain_of_unblocked_parties() -> None:
    g = graph(("X", "A", 40), ("A", "B", 40), ("B", "C", 100))
    look = analyse(g, {"X"}, rule=Rule.LOOK_THROUGH)
    assert look.derived == {}
    shares = {n: e.total_percent for n, e in look.related.items()}
    assert shares == pytest.approx({"A": 40.0, "B": 16.0, "C": 16.0})
    assert set(analyse(g, {"X"}).related) == {"A"}  # OFAC: only the direct holding


def test_long_chain_terminates_quickly_and_elides_the_middle() -> None:
    n = 5000
    g = OwnershipGraph(OwnershipEdge(f"n{i}", f"n{i + 1}", 100.0) for i in range(n))
    started = time.perf_counter()
    result = derived_blocks(g, {"n0"})
    assert len(result) == n
    assert time.perf_counter() - started < 10
    last = result[f"n{n}"]
    assert last.stakes[0].chains[0].length == n
    assert "… 4992 more …" in last.explain()


def test_paths_are_capped() -> None:
    # Ten listed parties each own 10% of H; H owns 100% of S: S's one holding has ten roots.
    g = graph(*((f"L{i}", "H", 10) for i in range(10)), ("H", "S", 100))
    result = derived_blocks(g, {f"L{i}" for i in range(10)})
    assert len(result["S"].stakes[0].chains) == MAX_CHAINS
    assert "together own 100% through H (blocked)" in result["S"].explain()


# --- cycles -------------------------------------------------------------------------------

@pytest.mark.parametrize("rule", RULES)
def test_cycle_with_one_blocked_party(rule: Rule) -> None:
    g = graph(("A", "B", 60), ("B", "A", 60))
    analysis = analyse(g, {"A"}, rule=rule)
    assert totals(analysis.derived) == {"B": 60.0}
    assert analysis.related == {}


@pytest.mark.parametrize("rule", RULES)
def test_cycle_fed_from_outside(rule: Rule) -> None:
    # X owns 50% of A; A owns 60% of B; B owns 40% of A.
    g = graph(("X", "A", 50), ("A", "B", 60), ("B", "A", 40))
    result = derived_blocks(g, {"X"}, rule=rule)
    assert totals(result) == {"A": 90.0, "B": 60.0}
    # B's 40% of A counts at the fixed point; its path shows the loop honestly.
    assert "X owns 50% directly and 40% through A (blocked) → B (blocked)" in (
        result["A"].explain())


def test_cycle_of_unblocked_parties_under_look_through() -> None:
    # X owns 30% of A; A and B own 60% of each other. Look-through: a = 30 + 0.6 b,
    # b = 0.6 a, so a = 30 / 0.64 = 46.875 and b = 28.125: neither is blocked.
    g = graph(("X", "A", 30), ("A", "B", 60), ("B", "A", 60))
    look = analyse(g, {"X"}, rule="look-through")
    assert look.derived == {}
    assert look.related["A"].total_percent == pytest.approx(46.875)
    assert look.related["B"].total_percent == pytest.approx(28.125)
    assert not any("did not settle" in w for w in look.warnings)
    ofac = analyse(g, {"X"})
    assert set(ofac.related) == {"A"}


def test_cycle_whose_limit_is_exactly_fifty_blocks_under_look_through() -> None:
    # With 32%: a = 32 / 0.64 = 50 exactly, approached from below; it must count.
    g = graph(("X", "A", 32), ("A", "B", 60), ("B", "A", 60))
    look = derived_blocks(g, {"X"}, rule="look-through")
    assert set(look) == {"A", "B"}
    assert look["B"].total_percent == 60.0  # A blocked: its 60% counts in full


# --- what never blocks --------------------------------------------------------------------

def test_links_never_block_and_are_reported_as_weaker_exposure() -> None:
    g = OwnershipGraph([
        OwnershipEdge("A", "X", None, EdgeKind.LINKED, source="ofac-sdn",
                      owner_label="Alpha", owned_label="Xeno"),
        OwnershipEdge("X", "B", None, EdgeKind.LINKED, source="ofac-sdn"),
    ])
    analysis = analyse(g, {"X"})
    assert analysis.derived == {}
    assert {n: e.kind for n, e in analysis.related.items()} == {
        "A": ExposureKind.LINKED, "B": ExposureKind.LINKED}
    assert analysis.related["A"].explain() == (
        "not blocked: linked to Xeno (blocked) per ofac-sdn; no ownership stated")


def test_a_link_with_a_percent_still_does_not_count() -> None:
    g = OwnershipGraph([OwnershipEdge("X", "A", 80.0, EdgeKind.LINKED)])
    assert derived_blocks(g, {"X"}) == {}


def test_control_is_reported_not_counted() -> None:
    g = OwnershipGraph([
        OwnershipEdge("X", "A", None, EdgeKind.CONTROL, owner_label="X"),
        OwnershipEdge("X", "B", 70.0, EdgeKind.CONTROL),  # e.g. 70% of the votes
        OwnershipEdge("X", "B", 20.0),
    ])
    analysis = analyse(g, {"X"})
    assert analysis.derived == {}
    assert analysis.related["A"].kind is ExposureKind.CONTROLLED
    assert "control does not count under OFAC's rule" in analysis.related["A"].explain()
    b = analysis.related["B"]
    assert (b.kind, b.total_percent) == (ExposureKind.MINORITY, 20.0)
    assert "Also: controlled by X (blocked)" in b.explain()


def test_unstated_share_is_possibly_blocked() -> None:
    g = OwnershipGraph([
        OwnershipEdge("X", "A", None, note="share '25-50%' is a range: not counted"),
        OwnershipEdge("Y", "A", 30.0),
    ])
    analysis = analyse(g, {"X", "Y"})
    exposure = analysis.related["A"]
    assert (exposure.kind, exposure.total_percent) == (ExposureKind.SHARE_UNKNOWN, 30.0)
    assert exposure.explain() == (
        "possibly blocked, share unknown: Y owns 30% directly; X (blocked) owns an unstated "
        "share (share '25-50%' is a range: not counted); stated shares give 30% in aggregate")


def test_unstated_share_of_an_unblocked_owner_is_nothing() -> None:
    g = OwnershipGraph([OwnershipEdge("P", "A", None), OwnershipEdge("X", "P", 10.0)])
    assert set(analyse(g, {"X"}).related) == {"P"}


# --- inputs -------------------------------------------------------------------------------

def test_listed_parties_get_no_derived_exposure() -> None:
    g = graph(("A", "B", 100), ("B", "A", 100))
    assert analyse(g, {"A", "B"}).derived == {}


def test_blocked_ids_outside_the_graph_are_fine() -> None:
    assert derived_blocks(graph(("A", "B", 100)), {"nobody"}) == {}
    assert derived_blocks(graph(("A", "B", 100)), []) == {}


def test_named_nodes_can_be_blocked() -> None:
    owner = named_node("Hypothetical Holdings Ltd.")
    g = OwnershipGraph([OwnershipEdge(owner, "B", 75.0, owner_label="Hypothetical Holdings")])
    result = derived_blocks(g, {named_node("HYPOTHETICAL HOLDINGS LTD")})
    assert "Hypothetical Holdings owns 75% directly" in result["B"].explain()


def test_rule_names() -> None:
    assert Rule.parse("OFAC") is Rule.OFAC
    assert Rule.parse("look_through") is Rule.LOOK_THROUGH
    with pytest.raises(ValueError, match="unknown ownership rule 'multiply'"):
        derived_blocks(graph(("A", "B", 50)), {"A"}, rule="multiply")


# --- properties on random graphs ----------------------------------------------------------

def naive_ofac(edges: list[tuple[str, str, float]], listed: set[str]) -> set[str]:
    """The rule's definition, iterated literally until nothing changes."""
    blocked = set(listed)
    while True:
        stake: dict[tuple[str, str], float] = {}
        for owner, owned, pct in edges:
            stake[owner, owned] = max(stake.get((owner, owned), 0.0), pct)
        totals: dict[str, float] = {}
        for (owner, owned), pct in stake.items():
            if owner in blocked and owner != owned:
                totals[owned] = totals.get(owned, 0.0) + pct
        new = {n for n, t in totals.items() if t >= 50 - 1e-9} - blocked
        if not new:
            return blocked - listed
        blocked |= new


@pytest.mark.parametrize("seed", range(30))
def test_ofac_matches_the_literal_definition_and_look_through_blocks_more(seed: int) -> None:
    rng = random.Random(seed)
    nodes = [f"n{i}" for i in range(25)]
    edges = [(rng.choice(nodes), rng.choice(nodes), float(rng.choice([5, 10, 20, 25, 30, 50])))
             for _ in range(45)]
    listed = set(rng.sample(nodes, 3))
    g = OwnershipGraph(OwnershipEdge(o, d, p) for o, d, p in edges)
    ofac = derived_blocks(g, listed)
    assert set(ofac) == naive_ofac(edges, listed)
    look = derived_blocks(g, listed, rule="look-through")
    assert set(ofac) <= set(look)
    for exposure in ofac.values():
        assert exposure.total_percent >= 50 - 1e-9
        assert exposure.total_percent == pytest.approx(sum(s.attributed for s in exposure.stakes))
