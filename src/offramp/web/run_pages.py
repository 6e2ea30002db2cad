"""A stored run read back a page at a time, its progress, and its results as a file.

Pages are counted in stored rows, not row numbers (a CSV's row numbers skip its header and
blank lines): the first and last row number of a page are looked up, then the store reads that
range (:meth:`~offramp.store.reviews.ReviewStore.results`).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from offramp.screening.batch import RowResult
from offramp.screening.exports import open_writer
from offramp.screening.result_table import COLUMNS, NUMERIC, ResultTable
from offramp.store import ListStore, ReviewStore
from offramp.store.reviews import Run
from offramp.web.interrupted_runs import note_for

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
EXPORT_CHUNK = 5000


@dataclass(frozen=True, slots=True)
class RunProgress:
    """Where a run stands: its status, rows stored, rows expected (when known)."""

    run: Run
    stored: int
    expected: int | None
    note: str | None = None  # why a web run failed (an error, or a server stop)

    @property
    def percent(self) -> int | None:
        """Whole percent of the expected rows stored, when the total is known."""
        if not self.expected:
            return None
        return min(100, self.stored * 100 // self.expected)

    def to_json(self) -> dict[str, Any]:
        """As the API answers it."""
        run = self.run
        return {"run_id": run.id, "status": run.status.value, "rows_stored": self.stored,
                "rows_expected": self.expected, "percent": self.percent,
                "started_at": run.started_at, "finished_at": run.finished_at,
                "actor": run.actor, "input_name": run.input_name,
                "input_sha256": run.input_sha256, "list_versions": run.list_versions,
                "algorithm": run.algorithm, "threshold": run.threshold, "note": self.note}


def progress(store: ListStore, reviews: ReviewStore, run_id: int) -> RunProgress:
    """The run's progress; StoreError when there is no such run."""
    run = reviews.get_run(run_id)
    stored = int(store.connection.execute(
        "SELECT COUNT(*) FROM run_results WHERE run_id = ?", (run_id,)).fetchone()[0])
    expected = run.options.get("rows_expected", run.row_count)
    return RunProgress(run, stored, int(expected) if expected is not None else None,
                       note_for(store.connection, run_id))


def page(store: ListStore, reviews: ReviewStore, run_id: int, number: int,
         size: int = PAGE_SIZE) -> list[RowResult]:
    """Page ``number`` (from 1) of a run's stored results, in row order."""
    offset = (number - 1) * size
    bounds = store.connection.execute(
        "SELECT MIN(row_number), MAX(row_number) FROM (SELECT row_number FROM run_results "
        "WHERE run_id = ? ORDER BY row_number LIMIT ? OFFSET ?)",
        (run_id, size, offset)).fetchone()
    if bounds[0] is None:
        return []
    return [RowResult.from_stored(r)
            for r in reviews.results(run_id, first=bounds[0], last=bounds[1])]


def list_dates(store: ListStore, run: Run) -> dict[str, str | None]:
    """source -> publisher's date of each list version the run screened against."""
    dates: dict[str, str | None] = {}
    for source, version in run.list_versions.items():
        found = [v for v in store.versions(source) if v.id == version]
        dates[source] = (str(found[0].publisher_date)
                         if found and found[0].publisher_date else None)
    return dates


def export_file(store: ListStore, reviews: ReviewStore, run_id: int,
                format: Literal["csv", "xlsx"]) -> Path:
    """The run's results written to a new temporary folder, one line per row, in the columns
    of ``offramp screen --out`` (formula injection neutralised). The caller removes the
    folder (``path.parent``) once the file is sent."""
    run = reviews.get_run(run_id)
    table = ResultTable(run.id, run.threshold, run.algorithm, list_dates(store, run))
    folder = Path(tempfile.mkdtemp(prefix="offramp-export-"))
    path = folder / f"run-{run_id}.{format}"
    try:
        with open_writer(path, COLUMNS, format=format, numeric=NUMERIC) as writer:
            number = 1
            while rows := page(store, reviews, run_id, number, EXPORT_CHUNK):
                writer.write_many(table.line(r) for r in rows)
                number += 1
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return path
