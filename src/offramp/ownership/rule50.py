"""The OFAC 50% rule over an :class:`~offramp.ownership.graph.OwnershipGraph`.

OFAC's Revised Guidance of 2014-08-13 and FAQs 398-401: an entity owned 50% or more in
the aggregate, directly or indirectly, by one or more blocked persons is itself blocked.
"Indirectly" means through entities that are themselves 50% or more owned by blocked
persons (FAQ 401), i.e. through *blocked* intermediates, whose holdings then count in
full (FAQ 401 example 2: X owns 50% of A, A owns 25% of C, so X "indirectly owns 25%" of
C, not 12.5%). Control does not count (FAQ 398); interests blocked under different
programmes add up (FAQ 399).

The computation grows the blocked set to a fixed point: each newly blocked party passes
its holdings on, so chains of any length are followed and cycles end (a party is blocked
once). The ``look-through`` rule (see :class:`~offramp.ownership.exposure.Rule`) also
passes on the blocked share of parties that are not blocked, multiplied along the chain.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from offramp.ownership.edges import EdgeKind, OwnershipEdge
from offramp.ownership.exposure import (
    Chain,
    Exposure,
    ExposureKind,
    OwnerStatus,
    Rule,
    Stake,
    reaches_threshold,
)
from offramp.ownership.graph import OwnershipGraph

# Explanations name at most this many paths per holding: dense group structures have
# exponentially many, and a reviewer needs a few to check, not all.
MAX_CHAINS = 8
# Look-through shares in a cycle of parties that are not blocked converge geometrically;
# changes below this are rounding.
_CONVERGED = 1e-12


@dataclass(frozen=True, slots=True)
class OwnershipAnalysis:
    """Everything the rule found for one set of blocked parties.

    ``derived``: parties blocked by the rule (never the listed ones themselves).
    ``related``: parties with a weaker exposure (minority, unstated share, control, link).
    ``warnings``: the graph's data warnings, and a look-through that did not converge.
    """

    rule: Rule
    listed: frozenset[str]
    derived: dict[str, Exposure] = field(default_factory=dict)
    related: dict[str, Exposure] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


class _Propagation:
    """The blocked set at its fixed point, with the order parties joined it."""

    def __init__(self, graph: OwnershipGraph, listed: frozenset[str], rule: Rule) -> None:
        self.graph = graph
        self.listed = listed
        self.rule = rule
        self.order: dict[str, int] = dict.fromkeys(listed, 0)
        self.share: dict[str, float] = {}  # look-through: blocked share of unblocked parties
        self.converged = True
        self._chains: dict[str, tuple[Chain, ...]] = {}
        if rule is Rule.OFAC:
            self._ofac()
        else:
            self._look_through()

    def blocked(self, node: str) -> bool:
        return node in self.order

    def _block(self, node: str, queue: deque[str]) -> None:
        self.order[node] = len(self.order)
        self.share.pop(node, None)
        queue.append(node)

    def _ofac(self) -> None:
        # Each blocked party adds its stakes once; totals only grow, so a party is blocked
        # the moment its blocked owners reach 50%, and every party enters the queue once.
        totals: dict[str, float] = {}
        queue = deque(self.listed)
        while queue:
            owner = queue.popleft()
            for edge in self.graph.counted_holdings(owner):
                if self.blocked(edge.owned):
                    continue
                totals[edge.owned] = totals.get(edge.owned, 0.0) + (edge.percent or 0.0)
                if reaches_threshold(totals[edge.owned]):
                    self._block(edge.owned, queue)

    def weight(self, node: str) -> float:
        """The fraction of ``node`` that counts as blocked-owned when it holds shares."""
        if self.blocked(node):
            return 1.0
        return self.share.get(node, 0.0) / 100.0

    def _recompute(self, node: str) -> float:
        total = sum((e.percent or 0.0) * self.weight(e.owner)
                    for e in self.graph.stakes(node).values())
        return min(total, 100.0)

    def _look_through(self) -> None:
        # Shares only grow from zero (blocking a party raises its weight to 1), so the
        # worklist converges; a cap on updates guards against pathological cycles, and
        # what is found by then is a lower bound, flagged in the warnings.
        budget = 1000 * (len(self.graph.edges) + 1)
        queue = deque(self.listed)
        while queue:
            owner = queue.popleft()
            for edge in self.graph.counted_holdings(owner):
                node = edge.owned
                if self.blocked(node):
                    continue
                new = self._recompute(node)
                if new - self.share.get(node, 0.0) <= _CONVERGED:
                    continue
                budget -= 1
                if budget < 0:
                    self.converged = False
                    return
                self.share[node] = new
                if reaches_threshold(new):
                    self._block(node, queue)
                else:
                    queue.append(node)

    def _build_chains(self) -> None:
        # In the order parties were blocked, so every owner's chains exist before they are
        # extended; only owners blocked earlier count, which keeps cycles out of paths.
        for node in sorted(self.order, key=self.order.__getitem__):
            if node in self.listed:
                self._chains[node] = (Chain(node),)
                continue
            rank = self.order[node]
            found: list[Chain] = []
            stakes = sorted(self.graph.stakes(node).items(),
                            key=lambda item: (-(item[1].percent or 0.0), item[0]))
            for owner, _edge in stakes:
                if self.order.get(owner, rank) >= rank:
                    continue
                for chain in self._chains[owner][: MAX_CHAINS - len(found)]:
                    found.append(chain.then(node))
                if len(found) >= MAX_CHAINS:
                    break
            self._chains[node] = tuple(found)

    def chains(self, node: str) -> tuple[Chain, ...]:
        """Paths from listed parties to blocked ``node`` through parties blocked before it."""
        if not self._chains:
            self._build_chains()
        return self._chains.get(node, ())


def _stakes(prop: _Propagation, node: str) -> list[Stake]:
    stakes: list[Stake] = []
    for owner, edge in prop.graph.stakes(node).items():
        percent = edge.percent or 0.0
        if owner in prop.listed:
            stakes.append(Stake(owner, percent, percent, OwnerStatus.LISTED, edge,
                                (Chain(owner),)))
        elif prop.blocked(owner):
            stakes.append(Stake(owner, percent, percent, OwnerStatus.DERIVED, edge,
                                prop.chains(owner)))
        elif prop.rule is Rule.LOOK_THROUGH and prop.share.get(owner, 0.0) > 0.0:
            share = prop.share[owner]
            stakes.append(Stake(owner, percent, percent * share / 100.0,
                                OwnerStatus.NOT_BLOCKED, edge, (), share))
    stakes.sort(key=lambda s: (-s.attributed, s.owner))
    return stakes


def _touching(graph: OwnershipGraph, prop: _Propagation, node: str
              ) -> tuple[list[OwnershipEdge], list[OwnershipEdge], list[OwnershipEdge]]:
    """Uncounted ties of ``node`` to blocked parties: unstated shares, control, links."""
    stated = graph.stakes(node)
    unknown = [e for e in graph.owners(node, EdgeKind.OWNERSHIP)
               if e.percent is None and prop.blocked(e.owner) and e.owner not in stated]
    controls = [e for e in graph.owners(node, EdgeKind.CONTROL) if prop.blocked(e.owner)]
    links = [e for e in graph.linked(node)
             if prop.blocked(e.owned if e.owner == node else e.owner)]
    return unknown, controls, links


def _kind(blocked: bool, total: float, unknown: list[OwnershipEdge],
          controls: list[OwnershipEdge], links: list[OwnershipEdge]) -> ExposureKind | None:
    if blocked:
        return ExposureKind.BLOCKED
    if unknown:
        return ExposureKind.SHARE_UNKNOWN
    if total > 0.0:
        return ExposureKind.MINORITY
    if controls:
        return ExposureKind.CONTROLLED
    if links:
        return ExposureKind.LINKED
    return None


def analyse(graph: OwnershipGraph, blocked_ids: Iterable[str], *,
            rule: Rule | str = Rule.OFAC) -> OwnershipAnalysis:
    """Apply the 50% rule for ``blocked_ids`` and describe every party's exposure.

    ``blocked_ids`` are nodes of the graph (entity ids, or named nodes from
    :func:`~offramp.ownership.edges.named_node`); ids with no edges are allowed. The listed
    parties themselves get no exposure: they are blocked directly.
    """
    chosen = Rule.parse(rule)
    listed = frozenset(blocked_ids)
    prop = _Propagation(graph, listed, chosen)
    derived: dict[str, Exposure] = {}
    related: dict[str, Exposure] = {}
    for node in sorted(graph.nodes - listed):
        stakes = _stakes(prop, node)
        total = sum(s.attributed for s in stakes)
        unknown, controls, links = _touching(graph, prop, node)
        kind = _kind(prop.blocked(node), total, unknown, controls, links)
        if kind is None:
            continue
        exposure = Exposure(node=node, kind=kind, rule=chosen, total_percent=total,
                            stakes=tuple(stakes), unknown=tuple(unknown),
                            controls=tuple(controls), links=tuple(links),
                            labels=graph.labels)
        (derived if exposure.blocked else related)[node] = exposure
    warnings = list(graph.warnings)
    if not prop.converged:
        warnings.append("look-through shares did not settle within the step limit (a cycle "
                        "of parties that are not blocked?); shares shown are lower bounds")
    return OwnershipAnalysis(chosen, listed, derived, related, tuple(warnings))


def derived_blocks(graph: OwnershipGraph, blocked_ids: Iterable[str], *,
                   rule: Rule | str = Rule.OFAC) -> dict[str, Exposure]:
    """The parties blocked by the 50% rule because ``blocked_ids`` are blocked.

    Keys are nodes; each :class:`Exposure` has the aggregate percent, the counted holdings
    with their paths, and ``explain()``. ``rule`` is ``"ofac"`` (default: OFAC's guidance)
    or ``"look-through"`` (also counts chains through parties that are not blocked,
    multiplied). See :func:`analyse` for the weaker exposures too.
    """
    return analyse(graph, blocked_ids, rule=rule).derived
