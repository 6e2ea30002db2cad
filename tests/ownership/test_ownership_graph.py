"""The ownership graph: current edges, both directions, repeated and inconsistent data."""

from __future__ import annotations

from datetime import date

from offramp.ownership import EdgeKind, OwnershipEdge, OwnershipGraph


def test_adjacency_in_both_directions() -> None:
    own = OwnershipEdge("A", "B", 60.0, owner_label="Alpha")
    ctl = OwnershipEdge("C", "B", None, EdgeKind.CONTROL)
    link = OwnershipEdge("B", "D", None, EdgeKind.LINKED)
    g = OwnershipGraph([own, ctl, link])
    assert g.nodes == {"A", "B", "C", "D"}
    assert g.owners("B") == (own, ctl)
    assert g.owners("B", EdgeKind.OWNERSHIP) == (own,)
    assert g.holdings("A") == (own,)
    assert g.holdings("B") == (link,)
    assert g.linked("B") == (link,) and g.linked("D") == (link,)
    assert g.stakes("B") == {"A": own}
    assert g.counted_holdings("A") == (own,)
    assert g.counted_holdings("C") == ()
    assert (g.label("A"), g.label("B")) == ("Alpha", "B")
    assert dict(g.labels) == {"A": "Alpha"}


def test_now_leaves_out_ended_holdings() -> None:
    current = OwnershipEdge("A", "B", 51.0, start_date="2015-11-25")
    ended = OwnershipEdge("A", "B", 50.0, start_date="2015-11-25", end_date="2023-03-02")
    g = OwnershipGraph([current, ended])
    assert g.edges == (current,)
    assert [(x.edge, x.reason) for x in g.excluded] == [(ended, "ended 2023-03-02")]
    assert g.warnings == ()


def test_as_of_picks_the_holdings_of_that_day() -> None:
    early = OwnershipEdge("A", "B", 100.0, start_date="2013-06-06", end_date="2019-08-02")
    late = OwnershipEdge("C", "B", 100.0, start_date="2022-04")
    year_only = OwnershipEdge("D", "B", 10.0, end_date="2019")
    g = OwnershipGraph([early, late, year_only], as_of=date(2019, 12, 31))
    # A partial end date is read in the holding's favour: "2019" lasts until 31 December.
    assert g.edges == (year_only,)
    assert [x.reason for x in g.excluded] == [
        "ended 2019-08-02, before 2019-12-31", "starts 2022-04, after 2019-12-31"]
    g = OwnershipGraph([early, late], as_of=date(2022, 4, 1))
    assert g.edges == (late,)


def test_unreadable_dates_keep_the_edge_and_say_so() -> None:
    edge = OwnershipEdge("A", "B", 30.0, end_date="sometime")
    g = OwnershipGraph([edge], as_of=date(2024, 1, 1))
    assert g.edges == (edge,)
    assert g.warnings == ("unreadable start or end date on A owns 30% of B; treated as current",)


def test_self_ownership_is_left_out() -> None:
    edge = OwnershipEdge("A", "A", 10.0)
    g = OwnershipGraph([edge])
    assert g.edges == () and g.excluded[0].reason == "owner and owned are the same party"


def test_repeated_statements_are_not_added_up() -> None:
    a = OwnershipEdge("A", "B", 30.0, source="register")
    b = OwnershipEdge("A", "B", 30.0, source="annual report")
    c = OwnershipEdge("A", "B", 35.0, source="press")
    unknown = OwnershipEdge("A", "B", None, source="news")
    g = OwnershipGraph([a, b, unknown])
    assert g.stakes("B") == {"A": a}
    assert g.warnings == ()
    g = OwnershipGraph([a, c, b])
    assert g.stakes("B") == {"A": c}
    assert g.warnings == ("A -> B: sources state different current shares (30%, 35%); the "
                          "largest, 35%, counts",)


def test_more_than_a_hundred_percent_is_warned_about() -> None:
    g = OwnershipGraph([OwnershipEdge("A", "B", 70.0), OwnershipEdge("C", "B", 40.0)])
    assert g.warnings == ("B: current stated holdings add up to 110%, more than 100%; check "
                          "the data",)
