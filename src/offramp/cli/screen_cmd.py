"""``offramp screen``: a file of names against the lists in use, stored as a run."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import click

from offramp.cli.context import AppContext, pass_app
from offramp.cli.output import json_option
from offramp.cli.progress import estimate_rows, row_progress
from offramp.model import ListSnapshot, OfframpError
from offramp.screening.batch import MATCHES_PER_ROW, RowResult, ScreeningOptions
from offramp.screening.exports import open_writer
from offramp.screening.parallel import DEFAULT_CHUNK_ROWS
from offramp.screening.records import result_json
from offramp.screening.result_table import COLUMNS, NUMERIC, ResultTable
from offramp.screening.runs import BatchRun, RunRequest, RunTally
from offramp.screening.screener import Screener
from offramp.screening.subjects import SubjectFile, open_subjects

ROWS_SHOWN = 1000  # a longer file prints its summary only: the rows go to --out / the store
STORE_ROWS = 10_000  # rows per transaction (whole chunks): fewer, larger writes to the store

_LABELS = {"match": "MATCH", "clear": "clear", "unscreened": "UNSCREENED"}


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the results to this file, one line per input row (CSV, XLSX, "
                   "Parquet or JSON lines, from its extension or --format).")
@click.option("--format", "out_format", type=click.Choice(["csv", "xlsx", "parquet", "jsonl"]),
              help="Format of --out (default: from its extension).")
@click.option("--input-format", type=click.Choice(["csv", "tsv", "xlsx", "parquet", "jsonl"]),
              help="Format of FILE (default: from its extension).")
@click.option("--name-column", help="Column holding the names (detected when unambiguous).")
@click.option("--id-column", help="Column holding your own id for each row (detected when "
                                  "unambiguous; else the row number is shown).")
@click.option("--country-column", help="Column holding a country (name or ISO code) that "
                                       "counts as evidence (detected when unambiguous).")
@click.option("--dob-column", help="Column holding a date of birth, YYYY[-MM[-DD]] "
                                   "(detected when unambiguous).")
@click.option("--delimiter", help="CSV delimiter, e.g. ';' or 'tab' (sniffed when omitted).")
@click.option("--encoding", help="CSV encoding, e.g. cp1252 (detected when omitted).")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0, min_open=True),
              help="Alert at this score or above, for this run (default: the matcher's).")
@click.option("--lists", "lists_option", metavar="SOURCE,...",
              help="Only matches on these lists count, e.g. ofac-sdn,un-sc (default: every "
                   "list loaded).")
@click.option("--workers", type=click.IntRange(min=1),
              help="Processes screening in parallel (default: one per CPU).")
@click.option("--fail-on-match", is_flag=True, help="Exit with status 3 when any row matches.")
@click.option("--resume", "resume_id", type=int, metavar="RUN_ID",
              help="Continue an interrupted run (found by itself when the same file is "
                   "screened again with the same options).")
@json_option
@pass_app
def screen(app: AppContext, file: Path, out: Path | None, out_format: str | None,
           input_format: str | None, name_column: str | None, id_column: str | None,
           country_column: str | None, dob_column: str | None, delimiter: str | None,
           encoding: str | None, threshold: float | None, lists_option: str | None,
           workers: int | None, fail_on_match: bool, resume_id: int | None,
           as_json: bool) -> None:
    """Screen the names in FILE (CSV, XLSX, Parquet or JSON lines) against the lists in use.

    Each row is searched like `offramp search`, with its country and date of birth as
    evidence when the file has them. Every row is reported once: MATCH (an entry at or above
    the threshold), clear, or UNSCREENED with the reason (empty names, punctuation only,
    nothing but legal forms, an unknown country, a bad date) -- never silently clear.

    The run is stored with its input hash, list versions, threshold and user; each match
    opens an alert for review (`offramp alerts`) unless the subject is allow-listed against
    that version of the entry. A run killed part way resumes when run again.
    """
    if out_format is not None and out is None:
        raise click.UsageError("--format applies to --out; give --out FILE too")
    if out is not None and file.exists() and out.resolve() == file.resolve():
        raise click.UsageError("--out must not be the input file")
    subjects = open_subjects(file, format=input_format, name_column=name_column,
                             id_column=id_column, country_column=country_column,
                             dob_column=dob_column, delimiter=delimiter, encoding=encoding)
    sources = _sources(lists_option)
    tally = screen_file(app, subjects, out=out, out_format=out_format, threshold=threshold,
                        sources=sources, workers=workers or default_workers(),
                        resume=resume_id, as_json=as_json)
    if fail_on_match and tally.by_status["match"]:
        raise SystemExit(3)


def default_workers() -> int:
    """One worker per CPU this process may run on (a container's limit, where the OS says)."""
    if hasattr(os, "sched_getaffinity"):
        return max(len(os.sched_getaffinity(0)), 1)
    return os.cpu_count() or 1


def _sources(option: str | None) -> frozenset[str] | None:
    if option is None:
        return None
    names = frozenset(s.strip() for s in option.split(",") if s.strip())
    if not names:
        raise click.UsageError("--lists needs at least one list id, e.g. ofac-sdn,un-sc")
    return names


def screen_file(app: AppContext, subjects: SubjectFile, *, out: Path | None = None,
                out_format: str | None = None, threshold: float | None = None,
                sources: frozenset[str] | None = None, workers: int = 1,
                resume: int | None = None, as_json: bool = False,
                screener: Screener | None = None) -> RunTally:
    """Screen a file as a stored run, writing results as they come; returns the counts.

    Prints one line per row and per match then the summary (only the summary for files over
    :data:`ROWS_SHOWN` rows), or the rows as JSON with ``as_json``. ``screener`` must be the
    one over the store's current lists (built when not given).
    """
    # Unlike `search`, no fallback to the bundled snapshot: every result names the stored
    # list version it was screened against.
    store = app.store()
    versions = _selected(store.current(), sources)
    if screener is None:
        screener = Screener.from_store(store, app.settings.home / "cache")
    alert_at = threshold if threshold is not None else screener.threshold
    list_versions = {s: v.id for s, v in versions.items() if v.id is not None}
    request = RunRequest(
        input_name=str(subjects.path), input_sha256=subjects.input_sha256(),
        list_versions=list_versions, algorithm=screener.algorithm, threshold=alert_at,
        options={"input_format": subjects.format, "columns": dict(subjects.columns),
                 "delimiter": subjects.delimiter, "encoding": subjects.encoding,
                 "sheet": subjects.sheet, "lists": sorted(sources) if sources else None,
                 "matches_per_row": MATCHES_PER_ROW},
        actor=app.user)
    run = BatchRun.start(app.reviews(), request, resume=resume)
    if run.resumed:
        click.echo(f"resuming run {run.id} (started {run.run.started_at:%Y-%m-%d %H:%M}Z by "
                   f"{run.run.actor}, interrupted): rows already stored are not screened "
                   "again", err=True)
    options = ScreeningOptions(threshold=alert_at, sources=sources,
                               list_versions=list_versions)
    table = ResultTable(run.id, alert_at, screener.algorithm,
                        {s: str(v.publisher_date) if v.publisher_date else None
                         for s, v in versions.items()})
    printer = _JsonPrinter(run.id, versions) if as_json else _RowPrinter(versions)
    writer = (open_writer(out, COLUMNS, format=out_format, numeric=NUMERIC)
              if out is not None else None)
    try:
        total = estimate_rows(subjects) if not as_json else None
        with row_progress(f"run {run.id}", total) as advance:
            for rows in run.screen(screener, subjects, options, workers=workers,
                                   chunk_rows=DEFAULT_CHUNK_ROWS, store_rows=STORE_ROWS,
                                   id_column="id" in subjects.columns):
                if writer is not None:
                    writer.write_many(table.line(r) for r in rows)
                printer.add(rows)
                advance(len(rows))
        if writer is not None:
            writer.close()
    finally:
        if writer is not None:
            writer.abort()  # after close() this does nothing; on an error, no partial file
    printer.finish(run.tally)
    if not as_json:
        _summary(run, out, app.db_path)
    return run.tally


def _selected(current: dict[str, ListSnapshot],
              sources: frozenset[str] | None) -> dict[str, ListSnapshot]:
    if sources is None:
        return current
    unknown = sorted(sources - current.keys())
    if unknown:
        raise OfframpError(f"--lists: {', '.join(unknown)} not loaded (loaded: "
                           f"{', '.join(sorted(current)) or 'none'})")
    return {s: v for s, v in current.items() if s in sources}


def _summary(run: BatchRun, out: Path | None, db_path: Path) -> None:
    t = run.tally
    parts = [f"{t.alerts_opened} alert(s) opened"]
    if t.already_open:
        parts.append(f"{t.already_open} match(es) already under review from earlier runs")
    if t.allow_listed:
        parts.append(f"{t.allow_listed} match(es) allow-listed")
    resumed = f", {t.resumed_rows} of them from before the interruption" if t.resumed_rows else ""
    click.echo(f"run {run.id} stored ({t.rows} rows{resumed}): {'; '.join(parts)}"
               + (f"; review with `offramp alerts --run {run.id}`" if t.alerts_opened else ""))
    if out is not None:
        click.echo(f"results written to {out}")
    elif t.rows > ROWS_SHOWN:
        click.echo(f"results stored in {db_path}; add --out FILE to get them as a file")


class _RowPrinter:
    """One line per row and per match, then the summary; only the summary for long files."""

    def __init__(self, versions: Mapping[str, ListSnapshot]) -> None:
        self.versions = versions
        self.held: list[RowResult] | None = []  # None once the file proved too long to list

    def add(self, rows: list[RowResult]) -> None:
        if self.held is not None:
            self.held.extend(rows)
            if len(self.held) > ROWS_SHOWN:
                self.held = None

    def finish(self, tally: RunTally) -> None:
        print_results(self.held or [], self.versions)
        counts = tally.by_status
        click.echo(f"\n{tally.rows} rows: {counts['match']} match, {counts['clear']} clear, "
                   f"{counts['unscreened']} unscreened")


def print_results(results: Iterable[RowResult], versions: Mapping[str, ListSnapshot]) -> None:
    """Human-readable results, one line per row plus one per match."""
    for r in results:
        click.echo(f"{r.row_number:>5}  {_LABELS[r.status]:<10}  {r.subject_id:<10}  {r.name}"
                   + (f"  ({r.reason})" if r.reason else ""))
        for m in r.matches:
            programs = ", ".join(m.programs)
            sub = f" / {m.source_list}" if m.source_list else ""
            via = f" via {m.matched_name!r}" if m.matched_name != m.entity_name else ""
            snapshot = versions.get(m.source)
            when = (snapshot.publisher_date if snapshot else None) or "unknown date"
            allowed = (f" ALLOW-LISTED (decision {m.allowed_by})"
                       if m.allowed_by is not None else "")
            click.echo(f"{'':>19}-> {m.score:.2f} {m.source}{sub} #{m.entity_id} "
                       f"{m.entity_name!r}{via}" + (f" [{programs}]" if programs else "")
                       + f" (list of {when}){allowed}")
            if m.exposure:
                click.echo(f"{'':>22}{m.basis.upper()}, not listed itself: {m.exposure}")


class _JsonPrinter:
    """The rows as one JSON array, streamed: each row printed as soon as it is stored."""

    def __init__(self, run_id: int, versions: Mapping[str, ListSnapshot]) -> None:
        self.run_id = run_id
        self.dates = {source: str(v.publisher_date) if v.publisher_date else None
                      for source, v in versions.items()}
        self.count = 0

    def add(self, rows: list[RowResult]) -> None:
        for r in rows:
            text = json.dumps(result_json(r, self.dates, self.run_id), indent=2,
                              ensure_ascii=False)
            click.echo(("[\n" if self.count == 0 else ",\n") + text, nl=False)
            self.count += 1

    def finish(self, tally: RunTally) -> None:
        click.echo("\n]" if self.count else "[]")


