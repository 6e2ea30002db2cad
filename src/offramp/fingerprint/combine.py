"""How evidence becomes a confidence: noisy-OR per vendor, discounted by contrary evidence.

For each vendor family ``v`` and each kind of signal ``k`` (oui, model, serial, banner, ...),
only the strongest piece of kind ``k`` pointing to ``v`` counts: overlapping patterns
(``DS-\\d`` and ``DS-2CD\\d``) and the same model seen in two files say one thing, not two.

* support ``S(v) = 1 - prod_k (1 - w_k(v))`` -- noisy-OR: the kinds are treated as
  independent witnesses, any one of which, if right, would establish the maker; two moderate
  signals of different kinds (a Dahua model and Dahua's RTSP banner) reinforce each other.
* contra ``C(v)``: the same noisy-OR over evidence pointing elsewhere -- to another family, or
  away from every restricted vendor (an OUI registered to an unrelated maker).
* confidence ``S(v) * (1 - C(v))``: a contrary witness, if right, refutes the claim, so it
  scales the support down rather than being subtracted from it (which could go negative).

The vendor with the highest confidence is named when it reaches :data:`MIN_CONFIDENCE`;
otherwise the device is "unknown" (``None``) -- offramp never guesses. White-label brands
weigh below the minimum on purpose: a brand that also sells other makers' units is a hint
until a model pattern or an OEM platform field backs it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MIN_CONFIDENCE = 0.5


@dataclass(frozen=True, slots=True)
class Score:
    """One vendor's standing: support, contrary evidence and the resulting confidence."""

    vendor: str
    support: float
    contra: float
    confidence: float


def _noisy_or(weights: Iterable[float]) -> float:
    miss = 1.0
    for weight in weights:
        miss *= 1.0 - weight
    return 1.0 - miss


def scores(evidence: Iterable[tuple[str, str | None, float]]) -> list[Score]:
    """Score every vendor named in ``(signal, vendor, weight)`` triples, best first.

    Ties are broken by vendor id so that the result never depends on input order.
    """
    best: dict[tuple[str, str | None], float] = {}
    for signal, vendor, weight in evidence:
        key = (signal, vendor)
        if weight > best.get(key, 0.0):
            best[key] = weight
    vendors = sorted({v for (_, v) in best if v is not None})
    result = []
    for vendor in vendors:
        support = _noisy_or(w for (_, v), w in best.items() if v == vendor)
        against: dict[str, float] = {}
        for (signal, other), weight in best.items():
            if other != vendor and weight > against.get(signal, 0.0):
                against[signal] = weight
        contra = _noisy_or(against.values())
        result.append(Score(vendor, support, contra, support * (1.0 - contra)))
    result.sort(key=lambda s: (-s.confidence, s.vendor))
    return result


def decide(ranked: list[Score]) -> tuple[str | None, float]:
    """The named vendor (or ``None`` below :data:`MIN_CONFIDENCE`) and the best confidence."""
    if not ranked:
        return None, 0.0
    top = ranked[0]
    confidence = round(top.confidence, 4)
    return (top.vendor if confidence >= MIN_CONFIDENCE else None), confidence
