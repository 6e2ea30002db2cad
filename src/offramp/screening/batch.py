"""Screening rows of a file: every row comes back matched, clear or unscreened.

Each :class:`~offramp.screening.subjects.Subject` is searched with the
:class:`~offramp.screening.screener.Screener`; a row with at least one match at or above the
threshold is a "match", one without is "clear", and a row that cannot be screened (empty name,
punctuation only, nothing but legal forms, too long, an unknown country, a bad date of birth, a
row the reader could not decode) is "unscreened" with the reason -- never "clear". One bad row
never stops the file.

Results are plain values (:class:`RowResult` holding :class:`Hit` records), cheap to send back
from a worker process and the same whether just screened or read back from the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from offramp.model import Entity, FeatureScore, Match, OfframpError, UnscreenableError
from offramp.screening.screener import Screener
from offramp.screening.subjects import Subject
from offramp.store.reviews import ResultRow, ResultStatus, match_record, subject_key

MATCHES_PER_ROW = 5  # candidates considered per row; only those at the threshold are kept
# With --lists, matches from other lists are dropped after ranking; looking further down the
# ranking keeps a selected list's entry that ranked below other lists' entries.
FILTERED_SEARCH_LIMIT = 50

MATCH = ResultStatus.MATCH.value
CLEAR = ResultStatus.CLEAR.value
UNSCREENED = ResultStatus.UNSCREENED.value


@dataclass(frozen=True, slots=True)
class ScreeningOptions:
    """What shapes the results of a batch, the same for every row.

    ``threshold``: a match at or above it is an alert (it may differ from the screener's
    own). ``sources``: only matches on these lists count (None: every list in the screener).
    ``list_versions``: source -> stored version id, stamped on each hit.
    """

    threshold: float
    sources: frozenset[str] | None = None
    limit: int = MATCHES_PER_ROW
    list_versions: Mapping[str, int] = field(default_factory=dict)


LISTED = "listed"
"""Basis of a hit on a list entry."""
OWNERSHIP = "ownership"
"""Basis of a hit on a party blocked through ownership (the 50% rule), not listed itself."""
HYPOTHETICAL = "hypothetical"
"""Basis of a hit on a what-if designation: not the law today."""


def hit_basis(entity: Entity) -> tuple[str, str | None]:
    """Why a matched entity is restricted: listed, through ownership, or hypothetically.

    Derived and hypothetical entities carry their explanation in ``remarks`` and mark
    themselves in ``properties`` (see :mod:`offramp.screening.exposure` and
    :mod:`offramp.screening.whatif`).
    """
    if "hypothetical" in entity.properties:
        return HYPOTHETICAL, entity.remarks
    if "ownership_node" in entity.properties:
        return OWNERSHIP, entity.remarks
    return LISTED, None


@dataclass(frozen=True, slots=True)
class Hit:
    """One match at or above the threshold, in plain values.

    ``allowed_by`` is the decision whose allow-list entry covers this subject and this exact
    version of the entry (then no alert is opened); None otherwise. ``basis`` says why the
    party is restricted (:data:`LISTED`, :data:`OWNERSHIP`, :data:`HYPOTHETICAL`) and
    ``exposure`` explains a derived or hypothetical one ("blocked by the 50% rule ...").
    """

    source: str
    entity_id: str
    entity_name: str
    entity_content_hash: str
    matched_name: str
    score: float
    threshold: float
    algorithm: str
    source_list: str | None = None
    programs: tuple[str, ...] = ()
    features: tuple[FeatureScore, ...] = ()
    list_version: int | None = None
    allowed_by: int | None = None
    basis: str = LISTED
    exposure: str | None = None

    @property
    def explanation(self) -> str:
        """The features' details joined: the short explanation shown with a match.

        A derived or hypothetical hit starts with why the party is blocked at all.
        """
        names = "; ".join(f"{f.feature}: {f.detail}" for f in self.features if f.detail)
        if self.exposure:
            return f"{self.basis.upper()}: {self.exposure}; name: {names}"
        return names

    @classmethod
    def from_match(cls, match: Match, threshold: float,
                   list_version: int | None = None) -> Hit:
        """A hit from a screener match, judged against ``threshold``."""
        basis, exposure = hit_basis(match.entity)
        return cls.from_record({**match_record(match, list_version), "threshold": threshold,
                                "source_list": match.entity.source_list,
                                "programs": list(match.entity.programs),
                                "basis": basis, "exposure": exposure})

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> Hit:
        """A hit from its stored record (see :meth:`record`)."""
        features = tuple(FeatureScore(f["feature"], float(f["value"]), float(f["weight"]),
                                      f.get("detail") or "")
                         for f in data.get("explanation") or ())
        return cls(source=data["source"], entity_id=data["entity_id"],
                   entity_name=data.get("entity_name") or "",
                   entity_content_hash=data.get("entity_content_hash") or "",
                   matched_name=data.get("matched_name") or "", score=float(data["score"]),
                   threshold=float(data["threshold"]), algorithm=data.get("algorithm") or "",
                   source_list=data.get("source_list"),
                   programs=tuple(data.get("programs") or ()), features=features,
                   list_version=data.get("list_version"), allowed_by=data.get("allowed_by"),
                   basis=data.get("basis") or LISTED, exposure=data.get("exposure"))

    def record(self) -> dict[str, Any]:
        """The hit as a JSON-ready mapping, as stored with the run's results."""
        return {
            "source": self.source, "source_list": self.source_list,
            "entity_id": self.entity_id, "entity_name": self.entity_name,
            "entity_content_hash": self.entity_content_hash,
            "matched_name": self.matched_name, "programs": list(self.programs),
            "score": self.score, "threshold": self.threshold, "algorithm": self.algorithm,
            "list_version": self.list_version, "allowed_by": self.allowed_by,
            "basis": self.basis, "exposure": self.exposure,
            "explanation": [{"feature": f.feature, "value": f.value, "weight": f.weight,
                             "detail": f.detail} for f in self.features],
        }


@dataclass(frozen=True, slots=True)
class RowResult:
    """One screened row: ``status`` is "match", "clear" or "unscreened".

    ``subject_id`` is the id column's value, or the row number when the file has none;
    ``id_column`` says which. ``matches`` holds the hits at or above the threshold, best first;
    ``reason`` says why a row is unscreened.
    """

    row_number: int
    subject_id: str
    name: str
    status: str
    matches: tuple[Hit, ...] = ()
    reason: str | None = None
    country: str | None = None
    birth_date: str | None = None
    id_column: bool = True

    @property
    def key(self) -> str:
        """The subject's key in the review store (see :func:`subject_key`).

        A row number is no identifier: without an id column the subject is keyed by its name
        alone, so the same supplier in next month's file is the same subject.
        """
        return subject_key(self.name, self.subject_id if self.id_column else None)

    def stored(self) -> ResultRow:
        """The row as the review store keeps it."""
        return ResultRow(row_number=self.row_number, name=self.name, status=self.status,
                         subject_id=self.subject_id if self.id_column else None,
                         reason=self.reason, matches=[h.record() for h in self.matches],
                         country=self.country, birth_date=self.birth_date,
                         subject_key=self.key)

    @classmethod
    def from_stored(cls, row: ResultRow) -> RowResult:
        """A row read back from the review store (a resumed run's earlier rows)."""
        return cls(row_number=row.row_number, subject_id=row.subject_id or str(row.row_number),
                   name=row.name, status=str(row.status),
                   matches=tuple(Hit.from_record(m) for m in row.matches), reason=row.reason,
                   country=row.country, birth_date=row.birth_date,
                   id_column=row.subject_id is not None)

    def with_matches(self, matches: Iterable[Hit]) -> RowResult:
        """The same row with its hits replaced (e.g. marked allow-listed)."""
        return replace(self, matches=tuple(matches))


# Scores are rounded to 4 places after ranking; asking the ranking for a little less than the
# threshold keeps a score that rounds up to it, and the exact test is made on the rounded score.
_MIN_SCORE_MARGIN = 1e-4


class Outcome(NamedTuple):
    """What screening a name says, before it is tied to a row: the same for every row with
    the same name, country and date of birth (which is what lets a batch screen a repeated
    name once)."""

    status: str
    matches: tuple[Hit, ...] = ()
    reason: str | None = None


def unscreened(reason: str) -> Outcome:
    """The outcome of a row that cannot be screened, for ``reason``."""
    return Outcome(UNSCREENED, (), reason)


CLEAR_OUTCOME = Outcome(CLEAR)


def screen_name(screener: Screener, name: str, country: str | None, birth_date: str | None,
                options: ScreeningOptions) -> Outcome:
    """Screen one name with its evidence; never raises: a bad value comes back unscreened."""
    limit = options.limit if options.sources is None else max(options.limit,
                                                                FILTERED_SEARCH_LIMIT)
    try:
        # Only matches at the threshold are kept, so the screener need not build the rest
        # (most rows have none: this is most of what a batch saves per row).
        found = screener.search(name, limit=limit, country=country, birth_date=birth_date,
                                min_score=max(options.threshold - _MIN_SCORE_MARGIN, 0.0))
        if options.sources is not None:
            found = [m for m in found if m.entity.source in options.sources]
        hits = tuple(Hit.from_match(m, options.threshold,
                                    options.list_versions.get(m.entity.source))
                     for m in found[:options.limit] if m.score >= options.threshold)
    except UnscreenableError as exc:
        return unscreened(exc.reason)
    except OfframpError as exc:  # an unknown country, a date of birth that is no date
        return unscreened(str(exc))
    except Exception as exc:  # a bug on one row must not lose the file
        # Reported as unscreened (never clear) with what went wrong, and the batch goes on.
        return unscreened(f"could not be screened: {type(exc).__name__}: {exc}")
    return Outcome(MATCH, hits) if hits else CLEAR_OUTCOME


def row_result(subject: Subject, outcome: Outcome, id_column: bool = True) -> RowResult:
    """The result of one row: its subject with the outcome of screening it."""
    return RowResult(subject.row_number, subject.subject_id, subject.name, outcome.status,
                     outcome.matches, outcome.reason, subject.country, subject.birth_date,
                     id_column)


def screen_subject(screener: Screener, subject: Subject, options: ScreeningOptions,
                   id_column: bool = True) -> RowResult:
    """Screen one row; never raises for a bad row, which comes back "unscreened"."""
    if subject.problem is not None:
        return row_result(subject, unscreened(subject.problem), id_column)
    return row_result(subject, screen_name(screener, subject.name, subject.country,
                                           subject.birth_date, options), id_column)


def screen_subjects(screener: Screener, subjects: Iterable[Subject],
                    options: ScreeningOptions, id_column: bool = True) -> Iterator[RowResult]:
    """Screen rows one after another, in order, in this process."""
    for subject in subjects:
        yield screen_subject(screener, subject, options, id_column)
