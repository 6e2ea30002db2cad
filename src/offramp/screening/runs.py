"""A stored batch screening run: started or resumed, stored chunk by chunk, then finished.

Each chunk's results, and the alerts they raise, are written in one transaction (or several
whole chunks in one, see :meth:`BatchRun.screen`), in input order. A run killed at any point
(``kill -9`` included) therefore holds whole chunks only, and
running it again skips the rows already stored and screens the rest: no row is lost and none
is stored twice (:meth:`ReviewStore.add_results` is idempotent per row as a second line of
defence).

A run is resumed when asked for by id, or found: an unfinished run of the same file (same
sha256) with the same options, list versions, algorithm and threshold. A run with other list
versions is never resumed, since its results would mix two versions of a list.

Alerts: every hit opens an alert for the subject on that list entry (or finds the one already
open), unless the allow-list holds the subject against this very version of the entry (its
content hash). When the entry has changed since it was allow-listed, the alert opens again,
linked by the store to the earlier alert and its decision.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from offramp.model import OfframpError
from offramp.screening.batch import RowResult, ScreeningOptions
from offramp.screening.parallel import DEFAULT_CHUNK_ROWS, IN_FLIGHT_PER_WORKER, screen_chunks
from offramp.screening.screener import Screener
from offramp.screening.subjects import Subject
from offramp.store.audit import canonical_json
from offramp.store.reviews import ReviewStore, Run, RunStatus


@dataclass(frozen=True, slots=True)
class RunRequest:
    """What a run screens and how: recorded with the run, and compared to resume one.

    ``options`` holds whatever else shapes the results (columns read, lists selected, rows
    considered per name); it must be JSON-ready.
    """

    input_name: str
    input_sha256: str
    list_versions: Mapping[str, int]
    algorithm: str
    threshold: float
    options: Mapping[str, Any]
    actor: str

    def same_as(self, run: Run) -> list[str]:
        """What differs between this request and a stored run ([] when it can resume it)."""
        differences = []
        if run.input_sha256 != self.input_sha256:
            differences.append("the input file's content (sha256)")
        if run.list_versions != dict(self.list_versions):
            differences.append("the list versions in use")
        if run.algorithm != self.algorithm:
            differences.append("the matching algorithm")
        if run.threshold != self.threshold:
            differences.append("the threshold")
        # Compared as stored: JSON turns tuples into lists.
        if run.options != json.loads(canonical_json(dict(self.options))):
            differences.append("the options (columns, lists, format)")
        return differences


@dataclass
class RunTally:
    """Counts for the summary of a run, its resumed rows included."""

    rows: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    resumed_rows: int = 0  # read back from an earlier, interrupted attempt
    alerts_opened: int = 0  # alerts this run opened (set when the run finishes)
    already_open: int = 0  # hits whose alert was already open from an earlier run
    allow_listed: int = 0  # hits the allow-list suppressed

    def add(self, rows: Sequence[RowResult]) -> None:
        """Count a chunk's rows."""
        self.rows += len(rows)
        self.by_status.update(r.status for r in rows)


class _InputError(OfframpError):
    """The input file failed while being read: resuming would fail at the same place."""


class BatchRun:
    """One stored screening run being carried out; see the module docstring."""

    def __init__(self, reviews: ReviewStore, run: Run, request: RunRequest, *,
                 resumed: bool) -> None:
        self.reviews = reviews
        self.run = run
        self.request = request
        self.resumed = resumed
        self.tally = RunTally()

    @property
    def id(self) -> int:
        """The run's id in the store."""
        return self.run.id

    @classmethod
    def start(cls, reviews: ReviewStore, request: RunRequest, *,
              resume: int | None = None) -> BatchRun:
        """Resume run ``resume``, or an unfinished run matching ``request``, or start one.

        Raises OfframpError when ``resume`` names a run that is finished or screened
        something else.
        """
        if resume is not None:
            run = reviews.get_run(resume)
            if run.status != RunStatus.RUNNING:
                raise OfframpError(f"run {resume} is {run.status}, not unfinished: nothing to "
                                   "resume")
            differences = request.same_as(run)
            if differences:
                raise OfframpError(f"run {resume} cannot be resumed with this command: "
                                   f"{', '.join(differences)} differ; start a new run without "
                                   "--resume")
            return cls(reviews, run, request, resumed=True)
        for run in reversed(reviews.unfinished_runs()):  # the newest match first
            if not request.same_as(run):
                return cls(reviews, run, request, resumed=True)
        run_id = reviews.start_run(input_name=request.input_name,
                                   input_sha256=request.input_sha256,
                                   list_versions=request.list_versions,
                                   algorithm=request.algorithm, threshold=request.threshold,
                                   options=request.options, actor=request.actor)
        return cls(reviews, reviews.get_run(run_id), request, resumed=False)

    def screen(self, screener: Screener, subjects: Iterable[Subject],
               options: ScreeningOptions, *, workers: int = 1,
               chunk_rows: int = DEFAULT_CHUNK_ROWS, id_column: bool = True,
               store_rows: int = 0) -> Iterator[list[RowResult]]:
        """Screen ``subjects``, yielding each chunk's results in row order once stored.

        Rows an earlier attempt stored are read back, not screened again. After the last
        chunk the run is finished as done (the store refuses "done" with rows missing). When
        the input file fails part way the run is finished as failed; any other interruption
        leaves it unfinished, to be resumed.

        ``store_rows``: new rows stored per transaction, in whole chunks (by default each
        chunk is one). Subject keys are hashes, so each transaction rewrites pages all over the
        subject indexes; a transaction of 10,000 rows writes several times less than ten of
        1,000. A run killed in between loses only what it had not committed, as ever.
        """
        work = self._work(subjects, chunk_rows)
        held: list[tuple[list[RowResult], list[RowResult]]] = []  # (stored before, fresh)
        held_rows = 0
        # While a transaction's worth of rows is stored and written, the workers must have
        # that much queued, or they wait for this process.
        in_flight = max(IN_FLIGHT_PER_WORKER,
                        -(-store_rows // (chunk_rows * max(workers, 1))) + 1)
        try:
            with self.reviews.bulk_writes():
                try:
                    for stored, fresh in screen_chunks(screener, work, options,
                                                       workers=workers, id_column=id_column,
                                                       in_flight=in_flight):
                        held.append((stored, fresh))
                        held_rows += len(fresh)
                        if held_rows >= store_rows:
                            yield from self._flush(held)
                            held_rows = 0
                except _InputError:
                    yield from self._flush(held)  # the rows read before the failure count
                    raise
                yield from self._flush(held)
        except _InputError:
            self.run = self.reviews.finish_run(self.id, RunStatus.FAILED,
                                               row_count=self.tally.rows,
                                               actor=self.request.actor)
            raise
        self.run = self.reviews.finish_run(self.id, RunStatus.DONE, row_count=self.tally.rows,
                                           actor=self.request.actor)
        self.tally.alerts_opened = self.reviews.alert_count(run_id=self.id)

    def _flush(self, held: list[tuple[list[RowResult], list[RowResult]]],
               ) -> Iterator[list[RowResult]]:
        """Store the held chunks' new rows in one transaction, then yield each chunk's rows."""
        chunks = list(held)
        held.clear()  # stored below: never again, whatever the caller does with the rows
        marked = iter(self._store([r for _, fresh in chunks for r in fresh]))
        for stored, fresh in chunks:
            rows = list(itertools.islice(marked, len(fresh)))
            if stored:  # a resumed chunk: merge the rows stored before, in order
                rows = sorted([*stored, *rows], key=lambda r: r.row_number)
            self.tally.add(rows)
            self.tally.resumed_rows += len(stored)
            yield rows

    def _work(self, subjects: Iterable[Subject],
              chunk_rows: int) -> Iterator[tuple[list[RowResult], list[Subject]]]:
        """(rows already stored, rows to screen) for each chunk of the input."""
        it = iter(subjects)
        while True:
            try:
                chunk = list(itertools.islice(it, chunk_rows))
            except OfframpError as exc:
                raise _InputError(str(exc)) from exc
            if not chunk:
                return
            stored: list[RowResult] = []
            if self.resumed:
                # Row numbers rise through a file, so one range query covers the chunk.
                stored = [RowResult.from_stored(r) for r in self.reviews.results(
                    self.id, first=chunk[0].row_number, last=chunk[-1].row_number)]
            done = {r.row_number for r in stored}
            yield stored, [s for s in chunk if s.row_number not in done]

    def _store(self, fresh: list[RowResult]) -> list[RowResult]:
        """Store a chunk's new rows and open their alerts, all in one transaction."""
        if not fresh:
            return []
        reviews = self.reviews
        with reviews.transaction():
            marked = [self._allow_listed(r) if r.matches else r for r in fresh]
            reviews.add_results(self.id, [r.stored() for r in marked])
            for row in marked:
                for hit in row.matches:
                    if hit.allowed_by is not None:
                        self.tally.allow_listed += 1
                        continue
                    alert = reviews.open_alert(
                        subject_key=row.key, source=hit.source, entity_id=hit.entity_id,
                        entity_content_hash=hit.entity_content_hash, score=hit.score,
                        matched_name=hit.matched_name, run_id=self.id)
                    if alert.run_id != self.id:
                        self.tally.already_open += 1
        return marked

    def _allow_listed(self, row: RowResult) -> RowResult:
        """The row with each hit marked by the allow-list decision that covers it, if any."""
        return row.with_matches(
            replace(h, allowed_by=self.reviews.allowed(row.key, h.source, h.entity_id,
                                                       h.entity_content_hash))
            for h in row.matches)
