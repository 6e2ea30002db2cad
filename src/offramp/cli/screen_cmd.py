"""``offramp screen``: a file of names against the lists in use."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import click

from offramp.cli.context import AppContext, pass_app
from offramp.cli.output import emit_json, json_option
from offramp.screening.exact import ExactIndex, RowResult, read_subjects


def result_json(r: RowResult) -> dict[str, Any]:
    """One row's result as JSON."""
    return {
        "row": r.row_number, "subject_id": r.subject_id, "name": r.name, "status": r.status,
        "reason": r.reason,
        "matches": [
            {"source": h.entity.source, "source_list": h.entity.source_list,
             "entity_id": h.entity.id, "entity_name": h.entity.caption,
             "matched_name": h.list_name, "programs": list(h.entity.programs),
             "list_version": h.version.id,
             "list_date": h.version.publisher_date}
            for h in r.hits
        ],
    }


def print_results(results: list[RowResult]) -> None:
    """Human-readable results, one line per row plus one per hit."""
    for r in results:
        label = {"match": "MATCH", "clear": "clear", "unscreened": "UNSCREENED"}[r.status]
        click.echo(f"{r.row_number:>5}  {label:<10}  {r.subject_id:<10}  {r.name}"
                   + (f"  ({r.reason})" if r.reason else ""))
        for h in r.hits:
            programs = ", ".join(h.entity.programs)
            sub = f" / {h.entity.source_list}" if h.entity.source_list else ""
            click.echo(f"{'':>19}-> {h.entity.source}{sub} #{h.entity.id} "
                       f"{h.entity.caption!r} via {h.list_name!r}"
                       + (f" [{programs}]" if programs else "")
                       + f" (list of {h.version.publisher_date or 'unknown date'})")
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

    Matching is exact after normalisation (case, accents, script, punctuation and spacing):
    every hit is self-evident, and a "clear" row means no list spells the name this way.
    Rows that cannot be screened (empty names, no letters) are reported UNSCREENED, never
    clear.
    """
    index = ExactIndex.from_store(app.store())
    results = [index.screen(line, sid, name) for line, sid, name in
               read_subjects(file, name_column, id_column)]
    if out is not None:
        write_csv(out, results)
    if as_json:
        emit_json([result_json(r) for r in results])
    else:
        print_results(results)
    if fail_on_match and any(r.status == "match" for r in results):
        raise SystemExit(3)


def write_csv(path: Path, results: list[RowResult]) -> None:
    """One line per hit (or per row without hits); cells that a spreadsheet would run as a
    formula are prefixed with an apostrophe."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["row", "subject_id", "name", "status", "reason", "source",
                         "entity_id", "entity_name", "matched_name", "list_date"])
        for r in results:
            base = [r.row_number, _cell(r.subject_id), _cell(r.name), r.status, r.reason or ""]
            if not r.hits:
                writer.writerow([*base, "", "", "", "", ""])
            for h in r.hits:
                writer.writerow([*base, h.entity.source, h.entity.id, _cell(h.entity.caption),
                                 _cell(h.list_name), h.version.publisher_date or ""])


def _cell(value: str) -> str:
    # Formula injection: a supplier called "=HYPERLINK(...)" must stay text in Excel.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
