"""``offramp audit``: check and export the append-only, hash-chained audit log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from offramp.cli.context import AppContext, pass_app
from offramp.cli.output import emit_json, json_option
from offramp.store.audit import AuditReport


@click.group()
def audit() -> None:
    """The audit log: who loaded which list, who decided what, when and why.

    Every record carries the hash of the one before it, so an edited, deleted or reordered
    record breaks the chain and `offramp audit verify` reports it.
    """


@audit.command("verify")
@click.option("--anchor", metavar="HASH",
              help="A head hash noted from an earlier verify: report it missing if records "
                   "were cut from the end of the log since.")
@json_option
@pass_app
def verify_cmd(app: AppContext, anchor: str | None, as_json: bool) -> None:
    """Check the whole audit log's hash chain.

    Exits 0 when the log is intact, and 1 with a one-line explanation of the first problem
    (an edited, deleted or reordered record) when it is not. Note the head hash it prints:
    passed back with --anchor it also catches records deleted from the end.
    """
    report = app.store().audit.verify(anchor=anchor)
    if as_json:
        emit_json(_report_json(report))
    elif report.ok:
        click.echo(report.summary())
    else:
        click.echo(report.summary(), err=True)
    if not report.ok:
        raise SystemExit(1)


def _report_json(report: AuditReport) -> dict[str, Any]:
    problem = report.problem
    return {
        "ok": report.ok, "count": report.count, "head": report.head,
        "problem": ({"kind": problem.kind, "seq": problem.seq, "message": problem.message}
                    if problem else None),
    }


@audit.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True, help="CSV for spreadsheets, JSON to verify elsewhere.")
@click.option("--out", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="File to write.")
@pass_app
def export_cmd(app: AppContext, fmt: str, out: Path) -> None:
    """Write every audit record to a CSV or JSON file.

    JSON keeps each record exactly as hashed, with the hash rule, so an auditor can recheck
    the chain; CSV prefixes cells a spreadsheet would run as formulas with an apostrophe.
    """
    count = app.store().audit.export(out, "json" if fmt == "json" else "csv")
    click.echo(f"exported {count} audit records to {out}")
