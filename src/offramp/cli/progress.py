"""A progress bar for long runs: rows done, rows per second, time left; only on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from offramp.screening.subjects import SubjectFile

_COUNT_BLOCK = 1 << 20


class _RateColumn(ProgressColumn):
    """Rows per second, smoothed over the last few updates."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "- rows/s")


@contextmanager
def row_progress(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """Yield ``advance(rows)``; draws a bar on stderr when stderr is a terminal, else nothing.

    ``total`` may be an estimate or None (unknown: no bar or time left, just the count).
    """
    if not sys.stderr.isatty():
        yield lambda rows: None
        return
    # No auto-refresh: it would run a thread, and worker processes are forked from this one.
    progress = Progress(
        TextColumn("{task.description}"), BarColumn(),
        TextColumn("{task.completed:,.0f} rows"), _RateColumn(),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
        console=Console(stderr=True), auto_refresh=False, transient=True,
    )
    with progress:
        task = progress.add_task(description, total=total)

        def advance(rows: int) -> None:
            progress.advance(task, rows)
            done = progress.tasks[0].completed
            if total is not None and done > total:  # the estimate was low
                progress.update(task, total=None)
            progress.refresh()

        yield advance


def estimate_rows(subjects: SubjectFile) -> int | None:
    """Roughly how many rows the file holds, for the ETA; None when it cannot be told cheaply.

    Parquet says so in its metadata; CSV and JSON lines are counted by line ends (a fast
    byte scan; quoted line breaks make it an estimate); XLSX is not counted.
    """
    try:
        if subjects.format == "parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(subjects.path).metadata.num_rows)
        if subjects.format in ("csv", "jsonl"):
            return max(_count_lines(subjects.path) - (subjects.format == "csv"), 0)
    except (OSError, ValueError):
        pass  # only an ETA is lost
    return None


def _count_lines(path: Path) -> int:
    lines = 0
    last = b"\n"
    with path.open("rb") as fh:
        while block := fh.read(_COUNT_BLOCK):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (last != b"\n")
