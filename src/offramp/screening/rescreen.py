"""Re-screening stored subjects when the lists change.

A delta re-screen screens each stored subject against only the list entries added or changed
since the versions it was last screened against, and closes the alerts on delisted entries
(reason "delisted"; closed, never deleted). ``full=True`` screens every subject against
everything instead: the baseline the delta must agree with. Either way the re-screen is a
stored run (``options["kind"] == "rescreen"``) and alerts follow the batch rules: the
allow-list holds while the entry's content hash is unchanged, and an alert that comes back
links to the earlier one and its decision.

How the delta stays equal to a full re-screen: a full re-screen keeps, for each subject, the
best :data:`~offramp.screening.batch.MATCHES_PER_ROW` entries at or above the threshold, with
word weights taken from every name of every list. A screener built over the few changed
entries alone weighs words by those few names, so its scores differ (on the real SDN change
of 2024-05-03 by up to 0.13 for variants of the changed names, and its ranking differs too:
a word rare among all list names can lift a score, and among a few names is not rare).
The delta therefore works in two stages:

1. *candidates*: each subject is searched in the small screener of its changes, at
   :data:`CANDIDATE_MARGIN` below the threshold -- most subjects end here, cheaply;
2. *exact*: a candidate is searched again with the full screener over the lists in use,
   exactly as a full re-screen would, and its hits on changed entries are kept.

So every alert the delta opens has the full screener's score and ranking, and the margin is
what stage 1 must cover (``tests/screening/test_rescreen.py`` measures it on the real
change). What no delta sees: a full re-screen can also alert on an *unchanged* entry whose
score crossed the threshold only because the new entries shifted the word weights of the
whole list; ``bench/rescreen.py`` counts those.

A subject never screened against a list in use (a list loaded after it was screened, or left
out with ``screen --lists``) is screened against all of that list.

What is stored: a full re-screen stores every subject's result, like a batch run. A delta
stores a result for each subject that matched a change or could not be screened, and stamps
every subject it screened with the run and the new versions (``subjects.last_run_id`` and
``last_list_versions``): writing 100,000 rows of "clear against 305 changes" at every list
update would cost more than the screening. Subjects are read a page at a time and each page's
results, stamps and alerts are stored in one transaction, so a killed re-screen loses
nothing: run again, it resumes the unfinished run and screens only the subjects not reached.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from offramp.match import algorithm
from offramp.model import Entity, ListSnapshot, OfframpError
from offramp.screening.batch import (
    CLEAR,
    MATCH,
    MATCHES_PER_ROW,
    UNSCREENED,
    Hit,
    RowResult,
    ScreeningOptions,
    screen_subject,
)
from offramp.screening.parallel import DEFAULT_CHUNK_ROWS, screen_chunks
from offramp.screening.screener import Screener
from offramp.screening.subjects import Subject as SubjectRow
from offramp.store import ListStore, ResultRow, ReviewStore, Run, RunStatus
from offramp.store.audit import canonical_json, current_user
from offramp.store.rescreen_queries import (
    RescreenQueries,
    StoredSubject,
    VersionGroup,
    decode_versions,
    encode_versions,
)

CANDIDATE_MARGIN = 0.32
"""How far below the threshold stage 1 looks. The small screener's scores for the entries a
full screen alerts on were at most 0.154 below the full screener's on the real SDN change
(offramp-match-5; 0.13 with match-4, 0.06 before its one-rare-word rule); a wide margin costs
little, since only the few subjects above it are searched again."""

DELISTED = "delisted"
"""The reason alerts on entries no longer listed are closed with."""

Progress = Callable[[int], None]


# -- what changed ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VersionDelta:
    """One list's change from ``old_version`` (None: never screened against) to
    ``new_version``: the entries added or changed, and the ids removed."""

    source: str
    old_version: int | None
    new_version: int
    entities: tuple[Entity, ...]
    removed: frozenset[str]

    @property
    def keys(self) -> frozenset[tuple[str, str]]:
        """(source, entity id) of every added or changed entry."""
        return frozenset((e.source, e.id) for e in self.entities)


def version_delta(store: ListStore, source: str, old_version: int | None,
                  new_version: int) -> VersionDelta:
    """The entries of ``new_version`` that ``old_version`` lacks or holds with other content.

    Compared by content hash, as ``offramp lists diff`` does; with no old version every entry
    counts as added.
    """
    after = store.entity_hashes(new_version)
    before = store.entity_hashes(old_version) if old_version is not None else {}
    fresh = sorted(i for i, digest in after.items() if before.get(i) != digest)
    return VersionDelta(source, old_version, new_version,
                        tuple(store.entity_by_hash(after[i]) for i in fresh),
                        frozenset(before.keys() - after.keys()))


# -- the report ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceChange:
    """A list change a delta re-screen screened subjects against."""

    source: str
    old_version: int | None
    new_version: int
    added_or_changed: int
    removed: int
    subjects: int


@dataclass
class RescreenReport:
    """What a re-screen did.

    ``flagged``: subjects the delta's first stage passed to the exact stage; ``up_to_date``:
    subjects already screened against the lists in use (delta only); ``alerts_opened``: ids
    of the alerts this run opened; ``already_open``: hits whose alert was open from before;
    ``delisted_closed``: ids of the alerts closed because their entry left the list.
    ``run_id`` is None when a delta found every subject screened against the lists in use:
    then no run is stored (a daily ``lists update --rescreen`` would otherwise store an empty
    run whenever nothing was published).
    """

    run_id: int | None
    mode: str
    list_versions: dict[str, int]
    threshold: float
    resumed: bool = False
    subjects: int = 0
    up_to_date: int = 0
    flagged: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    changes: list[SourceChange] = field(default_factory=list)
    alerts_opened: list[int] = field(default_factory=list)
    already_open: int = 0
    allow_listed: int = 0
    delisted_closed: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The report as a JSON-ready dict."""
        return {
            "run_id": self.run_id, "mode": self.mode, "list_versions": self.list_versions,
            "threshold": self.threshold, "resumed": self.resumed, "subjects": self.subjects,
            "up_to_date": self.up_to_date, "flagged": self.flagged,
            "by_status": dict(sorted(self.by_status.items())),
            "changes": [{"source": c.source, "old_version": c.old_version,
                         "new_version": c.new_version, "added_or_changed": c.added_or_changed,
                         "removed": c.removed, "subjects": c.subjects} for c in self.changes],
            "alerts_opened": len(self.alerts_opened), "alert_ids": self.alerts_opened,
            "already_open": self.already_open, "allow_listed": self.allow_listed,
            "delisted_closed": len(self.delisted_closed),
            "delisted_alert_ids": self.delisted_closed,
        }


# -- the use case --------------------------------------------------------------------------


def rescreen(store: ListStore, reviews: ReviewStore, *, sources: Collection[str] | None = None,
             full: bool = False, threshold: float | None = None, workers: int = 1,
             actor: str | None = None, cache_dir: Path | None = None,
             chunk_rows: int = DEFAULT_CHUNK_ROWS, progress: Progress | None = None,
             ) -> RescreenReport:
    """Re-screen the stored subjects against the lists in use, as one stored run.

    ``sources`` limits it to these lists (default: every list in use); a subject never
    screened against a list is screened against all of it. ``full`` screens every subject
    against everything rather than the changes. ``threshold`` defaults to the matcher's.
    ``cache_dir`` is where the full screener is cached (see :meth:`Screener.from_store`).
    ``progress`` is called with the number of subjects each stored page held.
    """
    current = _selected(store.current(), sources)
    versions = {s: v.id for s, v in current.items() if v.id is not None}
    who = actor or current_user()
    alert_at = algorithm.DEFAULT_THRESHOLD if threshold is None else threshold
    mode = "full" if full else "delta"
    options: dict[str, Any] = {"kind": "rescreen", "mode": mode,
                               "sources": sorted(sources) if sources else None,
                               "matches_per_row": MATCHES_PER_ROW}
    if not full:
        options["candidate_margin"] = CANDIDATE_MARGIN
    run = _unfinished(reviews, versions, alert_at, options)
    if run is None and not full and not pending_subjects(store, sources=sources):
        report = RescreenReport(None, mode, versions, alert_at)
        report.up_to_date = sum(g.count for g in RescreenQueries(store).version_groups())
        report.delisted_closed = close_delisted(store, reviews, current, who)
        return report
    resumed = run is not None
    if run is None:
        run = _start_run(reviews, versions, alert_at, options, who)
    # The options of a batch run, so that hits are judged exactly as `screen` judges them.
    screening = ScreeningOptions(threshold=alert_at, list_versions=versions,
                                 sources=frozenset(sources) if sources else None)
    job = _RescreenRun(store, reviews, run, cache_dir, chunk_rows, workers, progress, screening)
    report = job.report
    report.resumed = resumed
    report.delisted_closed = close_delisted(store, reviews, current, who)
    if full:
        job.screen_full()
    else:
        job.screen_changes()
    with reviews.transaction():
        reviews.finish_run(run.id, RunStatus.DONE, row_count=job.rows_stored, actor=who)
        report.alerts_opened = [a.id for a in reviews.alerts(run_id=run.id)]
        reviews.audit.append("rescreen.finish", who, f"run:{run.id}", _audit_payload(report))
    return report


def close_delisted(store: ListStore, reviews: ReviewStore, current: Mapping[str, ListSnapshot],
                   actor: str) -> list[int]:
    """Close, with the reason "delisted", the active alerts on entries that the versions in
    ``current`` (source -> version in use) no longer hold; returns their ids."""
    queries = RescreenQueries(store)
    closed: list[int] = []
    for source, snapshot in current.items():
        assert snapshot.id is not None
        gone = queries.active_alert_entities(source) - store.entity_hashes(snapshot.id).keys()
        if gone:
            closed += reviews.close_alerts_for_entities(source, gone, DELISTED, actor=actor)
    return sorted(closed)


def pending_subjects(store: ListStore, *, sources: Collection[str] | None = None,
                     full: bool = False) -> int:
    """How many stored subjects a re-screen would screen (a progress bar's total).

    An estimate for a re-screen that resumes an interrupted one, which skips those done.
    """
    groups = RescreenQueries(store).version_groups()
    if full:
        return sum(g.count for g in groups)
    versions = {s: v.id for s, v in _selected(store.current(), sources).items()}
    return sum(g.count for g in groups
               if any(g.versions.get(s) != v for s, v in versions.items()))


def _selected(current: dict[str, ListSnapshot],
              sources: Collection[str] | None) -> dict[str, ListSnapshot]:
    if not current:
        raise OfframpError("no lists loaded: run `offramp lists load --bundled` or "
                           "`offramp lists update`")
    if sources is None or not sources:
        return current
    unknown = sorted(set(sources) - current.keys())
    if unknown:
        raise OfframpError(f"not loaded: {', '.join(unknown)} (loaded: "
                           f"{', '.join(sorted(current))})")
    return {s: v for s, v in current.items() if s in sources}


def _unfinished(reviews: ReviewStore, versions: Mapping[str, int], threshold: float,
                options: Mapping[str, Any]) -> Run | None:
    """An interrupted re-screen of the same kind against the same lists: to resume."""
    wanted = json.loads(canonical_json(dict(options)))  # compared as stored
    for run in reversed(reviews.unfinished_runs()):
        if (run.options == wanted and run.list_versions == dict(versions)
                and run.threshold == threshold and run.algorithm == algorithm.VERSION):
            return run
    return None


def _start_run(reviews: ReviewStore, versions: Mapping[str, int], threshold: float,
               options: Mapping[str, Any], actor: str) -> Run:
    # No input file: the "input" is the stored subjects, named by what was asked.
    digest = hashlib.sha256(canonical_json({"options": dict(options),
                                            "list_versions": dict(versions)})
                            .encode("utf-8")).hexdigest()
    run_id = reviews.start_run(input_name=f"rescreen ({options['mode']})", input_sha256=digest,
                               list_versions=versions, algorithm=algorithm.VERSION,
                               threshold=threshold, options=options, actor=actor)
    return reviews.get_run(run_id)


class _RescreenRun:
    """One re-screen run being carried out: reads pages of subjects, screens, stores."""

    def __init__(self, store: ListStore, reviews: ReviewStore, run: Run,
                 cache_dir: Path | None, chunk_rows: int, workers: int,
                 progress: Progress | None, options: ScreeningOptions) -> None:
        self.store = store
        self.reviews = reviews
        self.queries = RescreenQueries(store)
        self.run = run
        self.cache_dir = cache_dir
        self.chunk_rows = chunk_rows
        self.workers = workers
        self.progress = progress or (lambda rows: None)
        self.options = options
        self.versions = dict(options.list_versions)
        self._run_stamp = encode_versions(self.versions)  # what add_results stamps
        self._merged: dict[str | None, str] = {}  # a subject's old stamp -> its new one
        self.rows_stored = self.queries.last_row_number(run.id)  # > 0 when resumed
        self._full: Screener | None = None
        self._changes: dict[tuple[str, int | None, int], SourceChange] = {}
        self.report = RescreenReport(run.id, run.options["mode"], self.versions,
                                     options.threshold)

    def full_screener(self) -> Screener:
        """The screener over every list in use, built or loaded when first needed."""
        if self._full is None:
            self._full = Screener.from_store(self.store, self.cache_dir)
        return self._full

    # -- full ----------------------------------------------------------------------------

    def screen_full(self) -> None:
        """Every subject against every entry of the lists in use (the baseline)."""
        run_id = self.run.id
        pages = _pages(lambda after: self.queries.subjects_not_in_run(
            run_id, after=after, limit=self.chunk_rows))
        for page, rows in screen_chunks(self.full_screener(), self._work(pages), self.options,
                                        workers=self.workers):
            self._store(page, rows)

    # -- delta ---------------------------------------------------------------------------

    def screen_changes(self) -> None:
        """Each group of subjects against the entries changed since its list versions."""
        deltas: dict[tuple[str, int | None, int], VersionDelta] = {}
        for group in self.queries.version_groups():
            behind = [(s, group.versions.get(s), v) for s, v in self.versions.items()
                      if group.versions.get(s) != v]
            if not behind:
                self.report.up_to_date += group.count
                continue
            for pair in behind:
                if pair not in deltas:
                    deltas[pair] = version_delta(self.store, *pair)
            changes = [deltas[pair] for pair in behind]
            done = self._screen_group(group, changes)
            for d in changes:
                pair = (d.source, d.old_version, d.new_version)
                seen = self._changes.get(pair)
                self._changes[pair] = (replace(seen, subjects=seen.subjects + done) if seen
                                       else SourceChange(*pair, len(d.entities),
                                                         len(d.removed), done))
        self.report.changes = list(self._changes.values())

    def _screen_group(self, group: VersionGroup, changes: Sequence[VersionDelta]) -> int:
        """Screen one group against its changes; returns how many subjects it held."""
        small = Screener.from_entities(e for d in changes for e in d.entities)
        changed = frozenset(key for d in changes for key in d.keys)
        stamp = encode_versions({**group.versions, **self.versions})
        candidates = replace(self.options, threshold=max(
            self.options.threshold - CANDIDATE_MARGIN, 0.0), sources=None)
        pages = _pages(lambda after: self.queries.subjects_in_group(
            group, after=after, limit=self.chunk_rows))
        count = 0
        for page, rows in screen_chunks(small, self._work(pages), candidates,
                                        workers=self.workers):
            exact = [self._exact(subject, row, changed) if row.status == MATCH else row
                     for subject, row in zip(page, rows, strict=True)]
            self._store(page, exact, stamp)
            count += len(page)
        return count

    def _exact(self, subject: StoredSubject, row: RowResult,
               changed: frozenset[tuple[str, str]]) -> RowResult:
        """A stage-1 candidate searched as a full re-screen would; hits on changes kept."""
        self.report.flagged += 1
        result = screen_subject(self.full_screener(), _screening_row(subject, row.row_number),
                                self.options)
        if result.status == UNSCREENED:
            return result
        hits = [h for h in result.matches if (h.source, h.entity_id) in changed]
        return replace(result, matches=tuple(hits), status=MATCH if hits else CLEAR)

    # -- reading and storing -------------------------------------------------------------

    def _work(self, pages: Iterable[list[StoredSubject]],
              ) -> Iterator[tuple[list[StoredSubject], list[SubjectRow]]]:
        """Each page of stored subjects with the rows to screen (numbered within the page;
        results are numbered as stored)."""
        for page in pages:
            yield page, [_screening_row(s, n) for n, s in enumerate(page, 1)]

    def _store(self, page: Sequence[StoredSubject], rows: Sequence[RowResult],
               stamp: str | None = None) -> None:
        """Store a page's results, new version stamps and alerts in one transaction.

        ``stamp`` (delta): the versions the whole page is now screened against. A delta stores
        a result for each subject that matched a change or could not be screened, and stamps
        every subject of the page with the run and the versions: 100,000 "clear against 305
        changes" rows a week would cost more than the screening. Without ``stamp`` (full),
        every result is stored, like a batch run's, and each subject keeps its own versions
        of the lists not re-screened.
        """
        kept = [(s, r) for s, r in zip(page, rows, strict=True)
                if stamp is None or r.status != CLEAR]
        reviews = self.reviews
        with reviews.transaction():
            marked = [(s, r.with_matches(self._allow_listed(s, r.matches)) if r.matches else r)
                      for s, r in kept]
            if marked:
                first = self.rows_stored + 1
                reviews.add_results(self.run.id, [_result_row(s, r, first + n)
                                                  for n, (s, r) in enumerate(marked)])
            if stamp is not None:
                self.queries.stamp([s.key for s in page], decode_versions(stamp), self.run.id)
            else:
                self._keep_other_stamps(page)
            for s, row in marked:
                for hit in row.matches:
                    if hit.allowed_by is not None:
                        self.report.allow_listed += 1
                        continue
                    alert = reviews.open_alert(
                        subject_key=s.key, source=hit.source, entity_id=hit.entity_id,
                        entity_content_hash=hit.entity_content_hash, score=hit.score,
                        matched_name=hit.matched_name, run_id=self.run.id)
                    if alert.run_id != self.run.id:
                        self.report.already_open += 1
        self.rows_stored += len(marked)
        self.report.subjects += len(page)
        self.report.by_status.update(r.status for r in rows)
        self.progress(len(page))

    def _keep_other_stamps(self, page: Sequence[StoredSubject]) -> None:
        """Give back each subject its versions of the lists this run did not screen
        (add_results stamped the run's versions alone)."""
        stamps: dict[str, list[str]] = {}
        for s in page:
            text = self._merged.get(s.stamp)
            if text is None:
                text = self._merged[s.stamp] = encode_versions({**decode_versions(s.stamp),
                                                                 **self.versions})
            if text != self._run_stamp:  # the usual case needs no second write
                stamps.setdefault(text, []).append(s.key)
        for text, keys in stamps.items():
            self.queries.stamp(keys, decode_versions(text))

    def _allow_listed(self, subject: StoredSubject, hits: Iterable[Hit]) -> list[Hit]:
        """The hits, each marked with the allow-list decision that covers it, if any."""
        return [replace(h, allowed_by=self.reviews.allowed(subject.key, h.source, h.entity_id,
                                                           h.entity_content_hash))
                for h in hits]


def _pages(read: Callable[[int | None], list[StoredSubject]],
           ) -> Iterator[list[StoredSubject]]:
    """Pages from ``read(after_position)`` until one comes back empty."""
    after: int | None = None
    while page := read(after):
        yield page
        after = page[-1].position


def _screening_row(subject: StoredSubject, row_number: int) -> SubjectRow:
    return SubjectRow(row_number=row_number, subject_id=subject.subject_id or "",
                      name=subject.name, country=subject.country,
                      birth_date=subject.birth_date)


def _result_row(subject: StoredSubject, row: RowResult, row_number: int) -> ResultRow:
    # The stored subject's own key and id: a re-screen must not re-key anyone.
    return ResultRow(row_number=row_number, name=subject.name, status=row.status,
                     subject_id=subject.subject_id, reason=row.reason,
                     matches=[h.record() for h in row.matches], country=subject.country,
                     birth_date=subject.birth_date, subject_key=subject.key)


def _audit_payload(report: RescreenReport) -> dict[str, Any]:
    # Counts and identifiers only: subjects' names stay in the subjects table.
    data = report.to_json()
    return {k: data[k] for k in ("run_id", "mode", "list_versions", "threshold", "subjects",
                                 "up_to_date", "flagged", "by_status", "changes",
                                 "alerts_opened", "already_open", "allow_listed",
                                 "delisted_alert_ids")}

