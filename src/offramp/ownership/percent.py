"""Ownership shares as sources write them: ``51``, ``51%``, ``51.5``, ``51,5``, ``25-50``.

FollowTheMoney's ``percentage`` is free text: registers publish ranges ("25-50%"),
bounds (">50", "more than 25") and stray formatting. A share the rule cannot rely on as a
number comes back as None with a note saying what was written, so the edge is kept and
shown, not counted and not dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_RANGE = re.compile(r"^\d+(?:[.,]\d+)?\s*%?\s*(?:-|–|—|to|bis)\s*\d+(?:[.,]\d+)?$")
_BOUND = re.compile(
    r"^(?:>|<|>=|<=|≥|≤|more than|less than|over|under|at least|up to|above|below)\s*"
    r"\d+(?:[.,]\d+)?$|^\d+(?:[.,]\d+)?\s*\+$"
)


@dataclass(frozen=True, slots=True)
class ParsedPercent:
    """``value`` in 0-100, or None; ``problem`` says why text gave no number.

    ``problem`` is a short phrase ("a range", "outside 0-100", ...), None when a number was
    read or nothing was written; ``note`` is the sentence kept on an edge.
    """

    value: float | None
    text: str = ""
    problem: str | None = None

    @property
    def note(self) -> str | None:
        """``share '25-50%' is a range: not counted``, or None."""
        if self.problem is None:
            return None
        return f"share {self.text!r} is {self.problem}: not counted"


def parse_percent(text: str | None) -> ParsedPercent:
    """Read a share in percent; never raises.

    ``"51"``, ``"51%"``, ``"51.5"``, ``"51,5"`` and ``" 51 % "`` give a number. Empty text
    gives None without a problem (nothing was stated). Ranges, bounds, values outside 0-100
    and anything else give None and the problem. ``"0.51"`` is 0.51 percent, not 51: FtM's
    ``percentage`` is in percent, and guessing fractions would invent shares.
    """
    if text is None or not text.strip():
        return ParsedPercent(None)
    raw = text.strip()
    body = raw.removesuffix("%").strip()
    lowered = body.lower()
    if _NUMBER.match(body):
        value = float(body.replace(",", "."))
        if value > 100.0:
            return ParsedPercent(None, raw, "outside 0-100")
        return ParsedPercent(value, raw)
    if _RANGE.match(lowered):
        return ParsedPercent(None, raw, "a range")
    if _BOUND.match(lowered):
        return ParsedPercent(None, raw, "a bound, not a share")
    if lowered.startswith("-") and _NUMBER.match(lowered[1:].strip()):
        return ParsedPercent(None, raw, "outside 0-100")
    return ParsedPercent(None, raw, "not a number")
