"""Edges from FollowTheMoney ``Ownership`` objects (``ParsedList.extras["ownership"]``).

The FtM reader keeps them as :class:`offramp.sources.ftm.Ownership`; this module reads
anything of that shape (a structural protocol, so this pure package need not import the
readers above it). The share comes from ``percentage_text`` re-parsed here: the reader's
own number drops ranges silently, and a range must stay visible as "share unknown".
A share count (``sharesCount``; FtM's ``sharesValue`` likewise) gives no percentage without
the total issued, which Ownership objects do not carry: it is kept in the note only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from offramp.ownership.edges import EdgeKind, OwnershipEdge
from offramp.ownership.percent import parse_percent

# FtM ``role`` values that describe control rather than a shareholding.
_CONTROL_WORDS = ("control", "beneficial owner", "voting")


class FtmOwnershipLike(Protocol):
    """The fields of :class:`offramp.sources.ftm.Ownership` read here."""

    @property
    def id(self) -> str: ...
    @property
    def owner_id(self) -> str: ...
    @property
    def asset_id(self) -> str: ...
    @property
    def owner_name(self) -> str | None: ...
    @property
    def asset_name(self) -> str | None: ...
    @property
    def percentage(self) -> float | None: ...
    @property
    def percentage_text(self) -> str | None: ...
    @property
    def shares_count(self) -> str | None: ...
    @property
    def role(self) -> str | None: ...
    @property
    def start_date(self) -> str | None: ...
    @property
    def end_date(self) -> str | None: ...
    @property
    def source_url(self) -> str | None: ...
    @property
    def datasets(self) -> tuple[str, ...]: ...


def _kind(role: str | None, has_share: bool) -> EdgeKind:
    if role and not has_share and any(w in role.lower() for w in _CONTROL_WORDS):
        return EdgeKind.CONTROL
    return EdgeKind.OWNERSHIP


def edge_from_ftm(item: FtmOwnershipLike, *, source: str = "opensanctions",
                  source_date: str | None = None) -> OwnershipEdge:
    """One FtM Ownership -> one edge (``owner_id`` owns ``asset_id``).

    ``percentage_text`` is parsed with :func:`~offramp.ownership.percent.parse_percent`;
    when it is absent the reader's number is used. A ``role`` that speaks of control and
    gives no share makes a ``control`` edge; every other Ownership is ``ownership``.
    """
    if item.percentage_text is not None:
        parsed = parse_percent(item.percentage_text)
        percent, share_note = parsed.value, parsed.note
    else:
        percent, share_note = item.percentage, None
    notes = [n for n in (
        share_note,
        f"role: {item.role}" if item.role else None,
        f"shares: {item.shares_count}" if item.shares_count else None,
    ) if n]
    datasets = f" (datasets: {', '.join(item.datasets)})" if item.datasets else ""
    citation = f"FtM Ownership {item.id}{datasets}"
    if item.source_url:
        citation += f", {item.source_url}"
    return OwnershipEdge(
        owner=item.owner_id,
        owned=item.asset_id,
        percent=percent,
        kind=_kind(item.role, percent is not None),
        source=source,
        source_date=source_date,
        citation=citation,
        owner_label=item.owner_name,
        owned_label=item.asset_name,
        start_date=item.start_date,
        end_date=item.end_date,
        note="; ".join(notes) or None,
    )


def edges_from_ftm(items: Iterable[FtmOwnershipLike], *, source: str = "opensanctions",
                   source_date: str | None = None) -> list[OwnershipEdge]:
    """All FtM Ownership objects as edges, in order; none is dropped.

    Ended holdings (``end_date`` set) are kept here; :class:`OwnershipGraph` decides which
    are current.
    """
    return [edge_from_ftm(item, source=source, source_date=source_date) for item in items]
