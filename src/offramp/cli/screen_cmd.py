"""``offramp screen``: a file of names against the lists in use."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import click

from offramp.cli.context import AppContext, pass_app
from offramp.cli.output import emit_json, json_option
from offramp.model import ListSnapshot
from offramp.screening.batch import RowResult, read_subjects, screen_rows
from offramp.screening.screener import Screener


def result_json(r: RowResult, versions: dict[str, ListSnapshot]) -> dict[str, Any]:
    """One row's result as JSON, each match with the list version it came from."""
    return {
        "row": r.row_number, "subject_id": r.subject_id, "name": r.name, "status": r.status,
        "reason": r.reason,
        "matches": [
            {"source": m.entity.source, "source_list": m.entity.source_list,
             "entity_id": m.entity.id, "entity_name": m.entity.caption,
             "matched_name": m.matched_name, "programs": list(m.entity.programs),
             "score": m.score, "threshold": m.threshold, "algorithm": m.algorithm,
             "explanation": [f.detail for f in m.explanation],
             "list_version": versions[m.entity.source].id,
             "list_date": versions[m.entity.source].publisher_date}
            for m in r.matches
        ],
    }


def print_results(results: list[RowResult], versions: dict[str, ListSnapshot]) -> None:
    """Human-readable results, one line per row plus one per match."""
    for r in results:
        label = {"match": "MATCH", "clear": "clear", "unscreened": "UNSCREENED"}[r.status]
        click.echo(f"{r.row_number:>5}  {label:<10}  {r.subject_id:<10}  {r.name}"
                   + (f"  ({r.reason})" if r.reason else ""))
        for m in r.matches:
            e = m.entity
            programs = ", ".join(e.programs)
            sub = f" / {e.source_list}" if e.source_list else ""
            via = f" via {m.matched_name!r}" if m.matched_name != e.caption else ""
            when = versions[e.source].publisher_date or "unknown date"
            click.echo(f"{'':>19}-> {m.score:.2f} {e.source}{sub} #{e.id} {e.caption!r}{via}"
                       + (f" [{programs}]" if programs else "") + f" (list of {when})")
    counts = Counter(r.status for r in results)
    click.echo(f"\n{len(results)} rows: {counts['match']} match, {counts['clear']} clear, "
               f"{counts['unscreened']} unscreened")


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--name-column", help="Column holding the names (detected when unambiguous).")
@click.option("--id-column", help="Column holding your own id for each row.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write the results to this CSV file.")
@click.option("--fail-on-match", is_flag=True, help="Exit with status 3 when any row matches.")
@json_option
@pass_app
def screen(app: AppContext, file: Path, name_column: str | None, id_column: str | None,
           out: Path | None, fail_on_match: bool, as_json: bool) -> None:
    """Screen the names in a CSV FILE against the lists in use.

    Each row is searched like `offramp search`; rows with a match at or above the threshold
    are MATCH, the others clear. Rows that cannot be screened (empty names, punctuation only,
    nothing but legal forms) are reported UNSCREENED with the reason, never clear.
    """
    # Unlike `search`, no fallback to the bundled snapshot: every result names the stored
    # list version it was screened against.
    store = app.store()
    screener = Screener.from_store(store, app.settings.home / "cache")
    versions = store.current()
    results = list(screen_rows(screener, read_subjects(file, name_column, id_column)))
    if out is not None:
        write_csv(out, results, versions)
    if as_json:
        emit_json([result_json(r, versions) for r in results])
    else:
        print_results(results, versions)
    if fail_on_match and any(r.status == "match" for r in results):
        raise SystemExit(3)


def write_csv(path: Path, results: list[RowResult],
              versions: dict[str, ListSnapshot]) -> None:
    """One line per match (or per row without matches); cells that a spreadsheet would run
    as a formula are prefixed with an apostrophe."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["row", "subject_id", "name", "status", "reason", "score", "source",
                         "entity_id", "entity_name", "matched_name", "list_date"])
        for r in results:
            base = [r.row_number, _cell(r.subject_id), _cell(r.name), r.status, r.reason or ""]
            if not r.matches:
                writer.writerow([*base, "", "", "", "", "", ""])
            for m in r.matches:
                writer.writerow([*base, m.score, m.entity.source, m.entity.id,
                                 _cell(m.entity.caption), _cell(m.matched_name),
                                 versions[m.entity.source].publisher_date or ""])


def _cell(value: str) -> str:
    # Formula injection: a supplier called "=HYPERLINK(...)" must stay text in Excel.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
