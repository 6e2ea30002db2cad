"""Ownership edges: "this party holds that share of that party", with where it was said.

An edge is one statement from one source. Nodes are list entity ids (the OFAC ent_num, the
FtM id, a custom list's id) or, when a source names a party that no given entity matches,
a *named node* ``name:<folded name>`` (see :func:`named_node`) so nothing is dropped and two
spellings that fold alike meet in one node.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum

from offramp.normalize.text import fold

NAMED_PREFIX = "name:"
# Sums of decimal percentages carry binary rounding noise far below this.
_FLOAT_NOISE = 1e-9


class EdgeKind(StrEnum):
    """What an edge asserts; only ``ownership`` with a stated percent counts for the 50% rule.

    * ``ownership``: ``owner`` holds ``percent`` of ``owned`` (None: share not stated).
    * ``control``: ``owner`` controls ``owned`` by other means (board seats, voting
      agreements, "owned or controlled by" without a share). OFAC's rule ignores control
      (FAQ 398), so it is reported, never counted.
    * ``linked``: a relation the source states without saying who owns whom (OFAC's
      "Linked To:" remarks); read in both directions.
    """

    OWNERSHIP = "ownership"
    CONTROL = "control"
    LINKED = "linked"


def named_node(name: str) -> str:
    """The node id for a party known only by name: ``name:`` + the folded name.

    ``named_node("Foo Trading, Ltd.") == "name:foo trading ltd"``. Folding is exact-match
    normalisation (case, accents, script, punctuation), never fuzzy matching: two different
    companies must not be merged by accident.
    """
    folded = fold(name)
    if not folded:
        raise ValueError(f"{name!r} has no letters or digits to name a party by")
    return NAMED_PREFIX + folded


def is_named(node: str) -> bool:
    """True for a named node (no list entity matched the party)."""
    return node.startswith(NAMED_PREFIX)


@dataclass(frozen=True, slots=True)
class OwnershipEdge:
    """``owner`` owns / controls / is linked to ``owned``, as ``source`` states.

    ``percent`` is in 0-100, or None when the source gives no usable number (``note`` then
    says why, e.g. a range). ``source_date`` is the date of the statement or of the
    publication it comes from; ``start_date`` / ``end_date`` bound the holding itself (ISO
    text, possibly partial: ``2015``, ``2015-11``). ``citation`` says where to look (a URL,
    "file.csv line 4", "FtM Ownership ru-1de0..."). Labels are display names when known.
    For a ``linked`` edge ``owner`` is the party whose record states the link and ``owned``
    the party it names.
    """

    owner: str
    owned: str
    percent: float | None
    kind: EdgeKind = EdgeKind.OWNERSHIP
    source: str = ""
    source_date: str | None = None
    citation: str = ""
    owner_label: str | None = None
    owned_label: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        if not self.owner or not self.owned:
            raise ValueError("an ownership edge needs both an owner and an owned party")
        if self.percent is not None and (
            math.isnan(self.percent) or not 0.0 <= self.percent <= 100.0
        ):
            raise ValueError(f"percent must be within 0-100, not {self.percent}")
        if not isinstance(self.kind, EdgeKind):
            object.__setattr__(self, "kind", EdgeKind(self.kind))

    @property
    def counts(self) -> bool:
        """True when the edge can count towards the 50% rule: ownership with a percent."""
        return self.kind is EdgeKind.OWNERSHIP and self.percent is not None

    def describe(self) -> str:
        """One line for display: ``A owns 30% of B (source, date; citation)``."""
        owner = self.owner_label or self.owner
        owned = self.owned_label or self.owned
        if self.kind is EdgeKind.OWNERSHIP:
            share = f"{format_percent(self.percent)}%" if self.percent is not None else (
                "an unstated share")
            text = f"{owner} owns {share} of {owned}"
        elif self.kind is EdgeKind.CONTROL:
            text = f"{owner} controls {owned}"
        else:
            text = f"{owner} is linked to {owned}"
        where = ", ".join(p for p in (self.source, self.source_date, self.citation) if p)
        return f"{text} ({where})" if where else text


def format_percent(value: float | None) -> str:
    """A percent for people: ``30``, ``25.5``, ``49.99``, ``46.875`` (at most 4 decimals).

    Cut, not rounded, after absorbing float noise (``0.1 * 3``, a look-through sum that
    should be 100): 49.99999 reads "49.9999", never "50", so a share below the threshold
    never reads as reaching it.
    """
    if value is None:
        return "?"
    cut = Decimal(repr(value + _FLOAT_NOISE)).quantize(Decimal("0.0001"), rounding=ROUND_DOWN)
    text = f"{cut:f}".rstrip("0").rstrip(".")
    return text or "0"
