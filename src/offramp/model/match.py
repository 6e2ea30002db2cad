"""Results of matching a name against list entries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from offramp.model.entity import Entity
from offramp.model.errors import OfframpError


@dataclass(frozen=True, slots=True)
class FeatureScore:
    """One matching feature's contribution to a score, as shown to users.

    ``value`` is what the feature measured (in [0, 1], or negative for evidence against),
    ``weight`` how much it counts, ``detail`` a sentence saying why
    ("'hikvision' = 'hikvision'; 'digital' = 'digital'; 1 of 4 words unmatched").
    """

    feature: str
    value: float
    weight: float
    detail: str


Explanation = tuple[FeatureScore, ...]


@dataclass(frozen=True, slots=True, init=False)
class Match:
    """A list entry found for a query, with its score and the reasons for it.

    ``score`` is on offramp's calibrated [0, 1] scale; ``threshold`` and ``algorithm`` record
    what it was judged against, so a stored result stays interpretable after re-tuning.
    ``explanation`` may be given as a function: it is then computed the first time it is
    read (writing explanations for matches nobody looks at is most of a search's cost).
    """

    entity: Entity
    score: float
    matched_name: str
    threshold: float
    algorithm: str
    _explanation: Explanation | Callable[[], Explanation]

    def __init__(self, entity: Entity, score: float, matched_name: str,
                 explanation: Explanation | Callable[[], Explanation], threshold: float,
                 algorithm: str) -> None:
        object.__setattr__(self, "entity", entity)
        object.__setattr__(self, "score", score)
        object.__setattr__(self, "matched_name", matched_name)
        object.__setattr__(self, "threshold", threshold)
        object.__setattr__(self, "algorithm", algorithm)
        object.__setattr__(self, "_explanation", explanation)

    @property
    def explanation(self) -> Explanation:
        """The features behind the score: feature, value, weight and a readable detail."""
        if callable(self._explanation):
            object.__setattr__(self, "_explanation", self._explanation())
        assert isinstance(self._explanation, tuple)
        return self._explanation

    @property
    def alert(self) -> bool:
        """True when the score reaches the threshold it was made with."""
        return self.score >= self.threshold


class UnscreenableError(OfframpError):
    """A query that cannot be screened: empty, punctuation only, untransliterable, too long.

    Never an empty result: an empty result would read as "clear".
    """

    def __init__(self, query: str, reason: str) -> None:
        self.query = query
        self.reason = reason
        super().__init__(f"cannot screen {query[:60]!r}: {reason}")
