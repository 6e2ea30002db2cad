"""The declared matching algorithm: which features, with which weights, and its version.

score = clip(sum(weight * value), 0, 1), where the name feature has weight 1 and the others
add or subtract evidence; an exact identifier match is decisive (the score is raised to at
least ``IDENTIFIER_FLOOR``). 1.0 means identical after normalisation (or a decisive
identifier). Change a weight, and the version must change with it: stored results record
the version they were made with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from offramp.match import features as f
from offramp.match.query import PreparedName, Query
from offramp.model import Entity, FeatureScore

FeatureFn = Callable[[Query, PreparedName, Entity, bool], f.Result]

VERSION = "offramp-match-26"
# Chosen from bench/match_quality.py (recall first, at most 0.5% false alerts on innocent
# names); see the README's benchmark section for the figures behind it.
DEFAULT_THRESHOLD = 0.78
IDENTIFIER_FLOOR = 0.98


@dataclass(frozen=True, slots=True)
class Feature:
    """A feature function and its weight."""

    name: str
    function: FeatureFn
    weight: float

    @property
    def description(self) -> str:
        """The first line of the function's docstring."""
        return (self.function.__doc__ or self.name).strip().splitlines()[0]


FEATURES: tuple[Feature, ...] = (
    Feature("name", f.name_similarity, 1.0),
    Feature("numbers", f.numbers, 0.30),
    Feature("legal_form", f.legal_form, 0.05),
    Feature("schema", f.schema_fit, 0.20),
    Feature("weak_alias", f.weak_alias, 0.25),
    Feature("birth_date", f.birth_date, 0.10),
    Feature("country", f.country, 0.05),
    Feature("identifier", f.identifiers, 0.30),
)


# The features that weigh evidence given with the query rather than the names; the compiled
# scorer (match.kernels) covers the others.
EVIDENCE: tuple[Feature, ...] = tuple(f for f in FEATURES
                                      if f.name in ("birth_date", "country", "identifier"))


def score(q: Query, c: PreparedName, entity: Entity, explain: bool = True,
          name_value: float | None = None) -> tuple[float, tuple[FeatureScore, ...]]:
    """Score one list name against a query, with the explanation when asked.

    ``name_value`` passes an already computed :func:`name_only` (when not explaining).
    """
    total = 0.0
    decisive = False
    parts: list[FeatureScore] = []
    for feature in FEATURES:
        if name_value is not None and not explain and feature.name == "name":
            total += feature.weight * name_value
            continue
        result = feature.function(q, c, entity, explain)
        if result is None:
            continue
        value, detail = result
        total += feature.weight * value
        if feature.name == "identifier" and value >= 1.0:
            decisive = True
        if explain:
            parts.append(FeatureScore(feature.name, round(value, 4), feature.weight, detail))
    total = min(1.0, max(0.0, total))
    if decisive:
        total = max(total, IDENTIFIER_FLOOR)
    return total, tuple(parts)


def name_only(q: Query, c: PreparedName, entity: Entity) -> float:
    """The name feature's value alone: a cheap upper bound for pruning candidates."""
    result = f.name_similarity(q, c, entity, False)
    return 0.0 if result is None else result[0]
