"""``offramp rescreen``: stored subjects against what changed in the lists."""

from __future__ import annotations

from collections.abc import Collection

import click

from offramp.cli.context import AppContext, pass_app
from offramp.cli.output import emit_json, json_option
from offramp.cli.progress import row_progress
from offramp.cli.screen_cmd import default_workers
from offramp.screening.rescreen import DELISTED, RescreenReport, pending_subjects, rescreen


@click.command("rescreen")
@click.option("--source", "sources", multiple=True, metavar="SOURCE",
              help="Only this list, e.g. ofac-sdn (repeat for several; default: every list "
                   "in use).")
@click.option("--full", is_flag=True,
              help="Screen every subject against every entry, not only the changes.")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0, min_open=True),
              help="Alert at this score or above (default: the matcher's).")
@click.option("--workers", type=click.IntRange(min=1),
              help="Processes screening in parallel (default: one per CPU).")
@json_option
@pass_app
def rescreen_cmd(app: AppContext, sources: tuple[str, ...], full: bool,
                 threshold: float | None, workers: int | None, as_json: bool) -> None:
    """Re-screen the stored subjects against the entries added or changed since the list
    versions each was last screened against.

    Subjects are those of earlier `offramp screen` runs; a subject never screened against a
    list is screened against all of it. Alerts on entries that left a list are closed with
    the reason "delisted" (never deleted). New matches open alerts as `screen` does: an
    allow-listed subject stays suppressed until the list entry changes. The re-screen is
    stored as a run (see `offramp alerts --run ID`); one that is interrupted resumes when run
    again. `lists load --rescreen` and `lists update --rescreen` run it after a new version.
    """
    report = run_rescreen(app, sources=sources, full=full, threshold=threshold,
                          workers=workers, quiet=as_json)
    if as_json:
        emit_json(report.to_json())
    else:
        print_report(report)


def run_rescreen(app: AppContext, *, sources: Collection[str] = (), full: bool = False,
                 threshold: float | None = None, workers: int | None = None,
                 quiet: bool = False) -> RescreenReport:
    """Re-screen with the app's store, user and cache, a progress bar on a terminal."""
    store = app.store()
    chosen = sorted(set(sources)) or None
    total = None if quiet else pending_subjects(store, sources=chosen, full=full)
    with row_progress("rescreen", total) as advance:
        return rescreen(store, app.reviews(), sources=chosen, full=full, threshold=threshold,
                        workers=workers or default_workers(), actor=app.user,
                        cache_dir=app.settings.home / "cache", progress=advance)


def print_report(report: RescreenReport) -> None:
    """The re-screen's outcome for a person."""
    lists = ", ".join(f"{s} version {v}" for s, v in sorted(report.list_versions.items()))
    if report.run_id is None:
        click.echo(f"rescreen: nothing to re-screen, every stored subject "
                   f"({report.up_to_date:,}) is screened against {lists}")
        _print_delisted(report)
        return
    resumed = ", resumed" if report.resumed else ""
    click.echo(f"rescreen run {report.run_id} ({report.mode}{resumed}) against {lists}, "
               f"threshold {report.threshold:.2f}")
    for c in report.changes:
        old = f"version {c.old_version}" if c.old_version is not None else "never screened"
        click.echo(f"  {c.source}: {old} -> {c.new_version}: {c.added_or_changed:,} added or "
                   f"changed, {c.removed:,} removed; {c.subjects:,} subject(s)")
    if report.up_to_date:
        click.echo(f"  {report.up_to_date:,} subject(s) already screened against these "
                   "versions: not screened again")
    counts = report.by_status
    stage = (f" ({report.flagged:,} searched again with the full lists)"
             if report.mode == "delta" else "")
    click.echo(f"  {report.subjects:,} subject(s) re-screened{stage}: {counts['match']:,} "
               f"match, {counts['clear']:,} clear, {counts['unscreened']:,} unscreened")
    parts = [f"{len(report.alerts_opened):,} alert(s) opened"]
    if report.already_open:
        parts.append(f"{report.already_open:,} match(es) already under review")
    if report.allow_listed:
        parts.append(f"{report.allow_listed:,} match(es) allow-listed")
    click.echo("  " + "; ".join(parts))
    _print_delisted(report)
    if report.alerts_opened:
        click.echo(f"review with `offramp alerts --run {report.run_id}`")


def _print_delisted(report: RescreenReport) -> None:
    if report.delisted_closed:
        click.echo(f"  {len(report.delisted_closed):,} alert(s) on entries no longer listed "
                   f"closed (reason {DELISTED!r})")
