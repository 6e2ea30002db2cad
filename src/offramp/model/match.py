"""Results of matching a name against list entries."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial

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

    @classmethod
    def many(cls, entities: list[Entity], scores: list[float], matched_names: list[str],
             explanations: list[Explanation | Callable[[], Explanation]], threshold: float,
             algorithm: str) -> list[Match]:
        """Matches from parallel lists, as ``Match(...)`` would make them one by one.

        A search returns up to ``limit`` matches thousands of times a second; filling the
        frozen slots directly costs half of going through ``__init__`` each time.
        """
        new = object.__new__
        out = []
        for entity, score, name, explanation in zip(entities, scores, matched_names,
                                                     explanations, strict=True):
            match = new(cls)
            _SET_ENTITY(match, entity)
            _SET_SCORE(match, score)
            _SET_MATCHED_NAME(match, name)
            _SET_THRESHOLD(match, threshold)
            _SET_ALGORITHM(match, algorithm)
            _SET_EXPLANATION(match, explanation)
            out.append(match)
        return out

    @classmethod
    def ranked(cls, entities: Sequence[Entity], texts: Sequence[str], positions: Iterable[int],
               names: Iterable[int], scores: Iterable[float],
               explain: Callable[[int, Entity], Explanation], threshold: float, algorithm: str,
               ndigits: int) -> list[Match]:
        """Matches for a search's ranked results: per result the entity ``entities[p]``, the
        name ``texts[i]`` it matched on, its score rounded to ``ndigits`` and the explanation
        ``explain(i, entity)``, computed when first read.

        :meth:`many` without the parallel lists: one loop per result is a third cheaper, and
        a search makes these thousands of times a second.
        """
        new = object.__new__
        out = []
        for position, name, score in zip(positions, names, scores, strict=True):
            entity = entities[position]
            match = new(cls)
            _SET_ENTITY(match, entity)
            _SET_SCORE(match, round(score, ndigits))
            _SET_MATCHED_NAME(match, texts[name])
            _SET_THRESHOLD(match, threshold)
            _SET_ALGORITHM(match, algorithm)
            _SET_EXPLANATION(match, partial(explain, name, entity))
            out.append(match)
        return out

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


# The slot setters behind ``Match.many`` (frozen: ``__setattr__`` refuses, the slots do not).
_SET_ENTITY = Match.__dict__["entity"].__set__
_SET_SCORE = Match.__dict__["score"].__set__
_SET_MATCHED_NAME = Match.__dict__["matched_name"].__set__
_SET_THRESHOLD = Match.__dict__["threshold"].__set__
_SET_ALGORITHM = Match.__dict__["algorithm"].__set__
_SET_EXPLANATION = Match.__dict__["_explanation"].__set__


class UnscreenableError(OfframpError):
    """A query that cannot be screened: empty, punctuation only, untransliterable, too long.

    Never an empty result: an empty result would read as "clear".
    """

    def __init__(self, query: str, reason: str) -> None:
        self.query = query
        self.reason = reason
        super().__init__(f"cannot screen {query[:60]!r}: {reason}")
