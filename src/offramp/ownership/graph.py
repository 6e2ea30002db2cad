"""The ownership graph: the edges that hold on a date, indexed in both directions.

Two statements about the same holding (the same owner, owned party and kind, from two
sources or two register extracts) are not added up: the largest stated share counts and a
warning says they differ. Adding them would double a holding every time two sources
repeat it. Holdings of one party that add up to more than 100% are kept and warned about:
the data is wrong somewhere, and the user must see it rather than a silently capped number.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from offramp.model import PartialDate
from offramp.ownership.edges import EdgeKind, OwnershipEdge, format_percent


@dataclass(frozen=True, slots=True)
class ExcludedEdge:
    """An edge left out of the graph and why (ended, not yet started, a self-loop)."""

    edge: OwnershipEdge
    reason: str


def _first_day(text: str) -> date:
    d = PartialDate.parse(text.strip()[:10])
    return date(d.year, d.month or 1, d.day or 1)


def _last_day(text: str) -> date:
    d = PartialDate.parse(text.strip()[:10])
    month = d.month or 12
    return date(d.year, month, d.day or calendar.monthrange(d.year, month)[1])


def _exclusion(edge: OwnershipEdge, as_of: date | None) -> str | None:
    """Why ``edge`` does not hold on ``as_of`` (None: it holds). Raises ValueError on bad dates.

    Partial dates are read in the edge's favour (a start of "2015" counts from 1 January,
    an end of "2023" until 31 December): when in doubt, a holding is current.
    """
    if edge.owner == edge.owned:
        return "owner and owned are the same party"
    if as_of is None:
        # No date asked for: the current state. Sources state an end date once a holding
        # has ended (OpenSanctions keeps a company's past shareholders with endDate).
        return f"ended {edge.end_date}" if edge.end_date else None
    if edge.start_date and _first_day(edge.start_date) > as_of:
        return f"starts {edge.start_date}, after {as_of.isoformat()}"
    if edge.end_date and _last_day(edge.end_date) < as_of:
        return f"ended {edge.end_date}, before {as_of.isoformat()}"
    return None


class OwnershipGraph:
    """Ownership, control and link edges between nodes (entity ids or named nodes).

    ``as_of`` picks the holdings current on that day (edges with a start after it or an end
    before it are left out); None means "now", which leaves out every edge with an end
    date. What is left out is kept in :attr:`excluded` with the reason.
    """

    def __init__(self, edges: Iterable[OwnershipEdge], *, as_of: date | None = None) -> None:
        self.as_of = as_of
        kept: list[OwnershipEdge] = []
        excluded: list[ExcludedEdge] = []
        warnings: list[str] = []
        for edge in edges:
            try:
                reason = _exclusion(edge, as_of)
            except ValueError:
                reason = None
                warnings.append(f"unreadable start or end date on {edge.describe()}; "
                                "treated as current")
            if reason is None:
                kept.append(edge)
            else:
                excluded.append(ExcludedEdge(edge, reason))
        self.edges: tuple[OwnershipEdge, ...] = tuple(kept)
        self.excluded: tuple[ExcludedEdge, ...] = tuple(excluded)
        self._in: dict[str, list[OwnershipEdge]] = {}
        self._out: dict[str, list[OwnershipEdge]] = {}
        self._labels: dict[str, str] = {}
        for edge in self.edges:
            self._in.setdefault(edge.owned, []).append(edge)
            self._out.setdefault(edge.owner, []).append(edge)
            if edge.owner_label:
                self._labels.setdefault(edge.owner, edge.owner_label)
            if edge.owned_label:
                self._labels.setdefault(edge.owned, edge.owned_label)
        self._stakes: dict[str, dict[str, OwnershipEdge]] = {}
        for node, inbound in self._in.items():
            self._stakes[node] = self._pick_stakes(node, inbound, warnings)
        self._holdings: dict[str, list[OwnershipEdge]] = {}
        for stakes in self._stakes.values():
            for edge in stakes.values():
                self._holdings.setdefault(edge.owner, []).append(edge)
        self.warnings: tuple[str, ...] = tuple(warnings)

    def _pick_stakes(self, node: str, inbound: list[OwnershipEdge],
                     warnings: list[str]) -> dict[str, OwnershipEdge]:
        """Per owner, the counted ownership edge in ``node``: the largest stated share."""
        by_owner: dict[str, list[OwnershipEdge]] = {}
        for edge in inbound:
            if edge.counts:
                by_owner.setdefault(edge.owner, []).append(edge)
        stakes: dict[str, OwnershipEdge] = {}
        for owner, edges in by_owner.items():
            best = max(edges, key=lambda e: e.percent or 0.0)
            stakes[owner] = best
            values = sorted({e.percent for e in edges if e.percent is not None})
            if len(values) > 1:
                stated = ", ".join(f"{format_percent(v)}%" for v in values)
                warnings.append(
                    f"{self.label(owner)} -> {self.label(node)}: sources state different "
                    f"current shares ({stated}); the largest, {format_percent(best.percent)}%, "
                    "counts")
        total = sum(e.percent or 0.0 for e in stakes.values())
        if total > 100.0 + 1e-9:
            warnings.append(f"{self.label(node)}: current stated holdings add up to "
                            f"{format_percent(total)}%, more than 100%; check the data")
        return stakes

    @property
    def nodes(self) -> frozenset[str]:
        """Every node that has a current edge."""
        return frozenset(self._in) | frozenset(self._out)

    @property
    def labels(self) -> Mapping[str, str]:
        """Display names by node, read-only (nodes without a label are absent)."""
        return MappingProxyType(self._labels)

    def label(self, node: str) -> str:
        """A display name for ``node``: a label from its edges, else the id itself."""
        return self._labels.get(node, node)

    def owners(self, node: str, kind: EdgeKind | None = None) -> tuple[OwnershipEdge, ...]:
        """Edges into ``node`` (its owners, controllers, parties linked to it)."""
        return tuple(e for e in self._in.get(node, ()) if kind is None or e.kind is kind)

    def holdings(self, node: str, kind: EdgeKind | None = None) -> tuple[OwnershipEdge, ...]:
        """Edges out of ``node`` (what it owns, controls, or is linked to)."""
        return tuple(e for e in self._out.get(node, ()) if kind is None or e.kind is kind)

    def linked(self, node: str) -> tuple[OwnershipEdge, ...]:
        """``linked`` edges touching ``node`` in either direction."""
        return self.owners(node, EdgeKind.LINKED) + self.holdings(node, EdgeKind.LINKED)

    def stakes(self, node: str) -> dict[str, OwnershipEdge]:
        """The counted ownership edge of each owner of ``node`` (share stated), by owner."""
        return dict(self._stakes.get(node, {}))

    def counted_holdings(self, node: str) -> tuple[OwnershipEdge, ...]:
        """The counted ownership edges out of ``node``: one per party it holds a share in."""
        return tuple(self._holdings.get(node, ()))
