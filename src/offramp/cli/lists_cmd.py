"""``offramp lists``: list versions, loading, updates, diffs, entries."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from offramp.cli.context import AppContext, pass_app
from offramp.cli.output import console, emit_json, json_option
from offramp.lists.diff import VersionDiff, diff_versions, resolve_version
from offramp.lists.fetch import DEFAULT_TIMEOUT
from offramp.lists.freshness import SourceStatus, source_status
from offramp.lists.loading import LoadResult, load_bundled, load_file
from offramp.lists.update import update_source
from offramp.model import Entity, ListSnapshot, OfframpError
from offramp.screening.records import snapshot_json, status_json
from offramp.sources.registry import formats


def _load_json(r: LoadResult) -> dict[str, Any]:
    return {**snapshot_json(r.snapshot), "new": r.new, "note": r.note,
            "previous_version": r.previous.id if r.previous else None,
            "warnings": list(r.warnings)}


@click.group()
def lists() -> None:
    """Official lists: status, loading, updates from the publishers, version diffs."""


@lists.command("status")
@json_option
@pass_app
def status_cmd(app: AppContext, as_json: bool) -> None:
    """Show each list in use: version, publisher's date, age, entries, freshness.

    Lists older than their publisher's update interval are flagged STALE: nothing here
    pretends to be current.
    """
    today = date.today()
    rows = source_status(app.store(), app.publishers(), today)
    if as_json:
        emit_json([status_json(s) for s in rows])
        return
    out = console()
    table = Table(title=f"Lists in {app.db_path} (today {today})")
    for col in ("source", "version", "publisher date", "age", "entries", "fresh?",
                "last update"):
        table.add_column(col)
    loaded = [s for s in rows if s.snapshot is not None]
    for s in loaded:
        snap = s.snapshot
        assert snap is not None
        age = f"{s.age_days} d" if s.age_days is not None else "unknown"
        fresh = {True: "[red]STALE[/red]", False: "ok", None: "-"}[s.stale]
        table.add_row(s.source, str(snap.id), str(snap.publisher_date or "unknown"), age,
                      f"{snap.entry_count:,}", fresh, _attempt_text(s))
    if loaded:
        out.print(table)
    else:
        out.print("No lists loaded yet: run `offramp lists load --bundled` or "
                  "`offramp lists update`.")
    not_loaded = [s.source for s in rows if s.snapshot is None]
    if not_loaded:
        out.print(f"Not loaded: {', '.join(not_loaded)} (`offramp lists update SOURCE`)")
    for s in rows:
        if s.snapshot is None and s.last_failure is not None:
            out.print(f"[yellow]WARNING[/yellow]: {s.source} has never loaded; the last try "
                      f"({s.last_failure.attempted_at:%Y-%m-%d %H:%M}Z) failed: "
                      f"{s.last_failure.message}")
    for s in loaded:
        if s.stale:
            assert s.snapshot is not None
            when = s.snapshot.publisher_date or "an unknown date"
            out.print(f"[yellow]WARNING[/yellow]: {s.source} is from {when}"
                      + (f", {s.age_days} days old" if s.age_days is not None else "")
                      + f" (limit {s.max_age_days} days): run `offramp lists update {s.source}`")
        if s.last_failure is not None:
            out.print(f"[yellow]WARNING[/yellow]: last update of {s.source} failed "
                      f"{s.last_failure.attempted_at:%Y-%m-%d %H:%M}Z: {s.last_failure.message}")


def _attempt_text(s: SourceStatus) -> str:
    if s.last_failure is not None:
        return f"FAILED {s.last_failure.attempted_at:%Y-%m-%d}"
    if s.last_success is not None:
        return f"ok {s.last_success.attempted_at:%Y-%m-%d}"
    return "never"


@lists.command("load")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--bundled", is_flag=True, help="Load the snapshot bundled with offramp.")
@click.option("--format", "format_name",
              help="File format (see `offramp lists formats`; detected when omitted).")
@click.option("--source", help="List id to store it under (default: decided by the format).")
@click.option("--date", "pub_date", help="Publisher's date YYYY-MM-DD when the file has none.")
@click.option("--accept-shrink", is_flag=True,
              help="Accept an entry count more than 10% away from the version in use "
                   "(recorded with the version).")
@click.option("--rescreen", is_flag=True,
              help="Then re-screen the stored subjects against what changed (as `offramp "
                   "rescreen --source` for the lists loaded).")
@json_option
@pass_app
def load_cmd(app: AppContext, file: Path | None, bundled: bool, format_name: str | None,
             source: str | None, pub_date: str | None, accept_shrink: bool, rescreen: bool,
             as_json: bool) -> None:
    """Load a list FILE (or --bundled) as a new version and make it current.

    For multi-file lists (OFAC sdn.csv + alt.csv + add.csv + sdn_comments.csv) give the main
    file; the others are read from beside it. A file that cannot be read changes nothing.
    """
    if bundled == (file is not None):
        raise click.UsageError("give either FILE or --bundled")
    store = app.store()
    if bundled:
        results = load_bundled(store)
    else:
        assert file is not None
        when = _parse_date(pub_date) if pub_date else None
        results = [load_file(store, file, format_name=format_name, source=source,
                             publisher_date=when, accept_change=accept_shrink)]
    # Only once every file is stored: a load that failed raised above and re-screens nothing.
    loaded = {r.snapshot.source for r in results}
    # (re-screening needs the screener and its compiled matcher: imported only then, so that
    # `lists status` and the like start quickly)
    from offramp.cli.rescreen_cmd import print_report, run_rescreen
    if as_json:
        rows = [_load_json(r) for r in results]
        emit_json({"loaded": rows, "rescreen": run_rescreen(app, sources=loaded,
                                                            quiet=True).to_json()}
                  if rescreen else rows)
        return
    for r in results:
        s = r.snapshot
        verb = "loaded" if r.new else "already stored, now current:"
        click.echo(f"{s.source}: {verb} version {s.id}, {s.entry_count:,} entries, "
                   f"publisher's date {s.publisher_date or 'unknown'}, sha256 {s.sha256[:16]}")
        if r.note:
            click.echo(f"  note: {r.note}")
        for warning in r.warnings[:10]:
            click.echo(f"  warning: {warning}")
        if len(r.warnings) > 10:
            click.echo(f"  ... and {len(r.warnings) - 10} more warnings")
    if rescreen:
        print_report(run_rescreen(app, sources=loaded))


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a date YYYY-MM-DD",
                                 param_hint="--date") from None


@lists.command("update")
@click.argument("sources", nargs=-1)
@click.option("--accept-shrink", is_flag=True,
              help="Accept an entry count more than 10% away from the version in use "
                   "(recorded).")
@click.option("--timeout", type=float, default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds to wait on the publisher before giving up.")
@click.option("--rescreen", is_flag=True,
              help="Then re-screen the stored subjects against what changed (as `offramp "
                   "rescreen --source` for the lists updated).")
@json_option
@pass_app
def update_cmd(app: AppContext, sources: tuple[str, ...], accept_shrink: bool, timeout: float,
               rescreen: bool, as_json: bool) -> None:
    """Download current lists from their official publishers (all, or SOURCES).

    Each file is validated before it replaces anything; on any failure the last good version
    stays in use and the reason is recorded. Exits 1 when any source failed.
    """
    publishers = app.publishers()
    unknown = [s for s in sources if s not in publishers]
    if unknown:
        raise OfframpError(f"unknown source(s): {', '.join(unknown)} "
                           f"(known: {', '.join(sorted(publishers))})")
    chosen = [publishers[s] for s in (sources or sorted(publishers))]
    outcomes = [update_source(app.store(), p, accept_change=accept_shrink, timeout=timeout)
                for p in chosen]
    # A failed source kept its last good version: nothing of it to re-screen.
    updated = {o.source for o in outcomes if o.ok}
    from offramp.cli.rescreen_cmd import print_report, run_rescreen  # (see load_cmd)
    if as_json:
        results = [{"source": o.source, "ok": o.ok, "message": o.message,
                    "version": o.result.snapshot.id if o.result else None} for o in outcomes]
        if rescreen:
            report = run_rescreen(app, sources=updated, quiet=True) if updated else None
            emit_json({"updated": results, "rescreen": report.to_json() if report else None})
        else:
            emit_json(results)
    else:
        for o in outcomes:
            click.echo(f"{o.source}: {'ok' if o.ok else 'FAILED'}: {o.message}",
                       err=not o.ok)
        if rescreen and updated:
            print_report(run_rescreen(app, sources=updated))
    if not all(o.ok for o in outcomes):
        raise SystemExit(1)


@lists.command("versions")
@click.argument("source", required=False)
@json_option
@pass_app
def versions_cmd(app: AppContext, source: str | None, as_json: bool) -> None:
    """List every stored version (of SOURCE, or of all lists); * marks the one in use."""
    store = app.store()
    current = {s.id for s in store.current().values()}
    versions = store.versions(source)
    if as_json:
        emit_json([{**snapshot_json(v), "current": v.id in current} for v in versions])
        return
    table = Table()
    for col in ("version", "source", "publisher date", "entries", "fetched", "sha256", "origin"):
        table.add_column(col)
    for v in versions:
        mark = "*" if v.id in current else " "
        table.add_row(f"{mark}{v.id}", v.source, str(v.publisher_date or "unknown"),
                      f"{v.entry_count:,}", f"{v.fetched_at:%Y-%m-%d %H:%M}", v.sha256[:16],
                      v.origin or "")
    console().print(table)


@lists.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--limit", type=int, default=50, show_default=True,
              help="Entries to print per section (JSON output is never cut).")
@json_option
@pass_app
def diff_cmd(app: AppContext, old: str, new: str, limit: int, as_json: bool) -> None:
    """What changed from version OLD to NEW: added, removed and changed entries.

    OLD and NEW are version numbers (see `lists versions`), SOURCE for the version in use,
    or SOURCE@YYYY-MM-DD.
    """
    store = app.store()
    a, b = resolve_version(store, old), resolve_version(store, new)
    assert a.id is not None and b.id is not None
    diff = diff_versions(store, a.id, b.id)
    if as_json:
        emit_json(_diff_json(diff))
        return
    click.echo(f"{diff.old.source}: version {diff.old.id} ({diff.old.publisher_date or '?'}, "
               f"{diff.old.entry_count:,} entries) -> version {diff.new.id} "
               f"({diff.new.publisher_date or '?'}, {diff.new.entry_count:,} entries)")
    click.echo(f"added {len(diff.added)}, removed {len(diff.removed)}, "
               f"changed {len(diff.changed)}")
    for title, entries in (("Added", diff.added), ("Removed", diff.removed)):
        if entries:
            click.echo(f"\n{title}:")
            for e in entries[:limit]:
                click.echo(f"  {e.entity_id:>8}  {e.caption}")
            if len(entries) > limit:
                click.echo(f"  ... {len(entries) - limit} more")
    if diff.changed:
        click.echo("\nChanged:")
        for c in diff.changed[:limit]:
            click.echo(f"  {c.entity_id:>8}  {c.caption}  [{', '.join(c.fields)}]")
        if len(diff.changed) > limit:
            click.echo(f"  ... {len(diff.changed) - limit} more")


def _diff_json(diff: VersionDiff) -> dict[str, Any]:
    return {
        "old": snapshot_json(diff.old), "new": snapshot_json(diff.new),
        "added": [{"id": e.entity_id, "name": e.caption} for e in diff.added],
        "removed": [{"id": e.entity_id, "name": e.caption} for e in diff.removed],
        "changed": [{"id": c.entity_id, "name": c.caption, "fields": list(c.fields)}
                    for c in diff.changed],
    }


@lists.command("show")
@click.argument("entity_id")
@click.option("--source", help="Only this list (ids can repeat across lists).")
@click.option("--version", "version_ref", help="A stored version instead of the one in use.")
@json_option
@pass_app
def show_cmd(app: AppContext, entity_id: str, source: str | None, version_ref: str | None,
             as_json: bool) -> None:
    """Show one list entry by the list's own id (e.g. an OFAC ent_num), with its original
    record."""
    store = app.store()
    found: list[tuple[ListSnapshot, Entity]]
    if version_ref:
        snap = resolve_version(store, version_ref)
        assert snap.id is not None
        entity = store.entity(snap.id, entity_id)
        found = [(snap, entity)] if entity else []
    else:
        found = [(s, e) for s, e in store.find_entities(entity_id)
                 if source is None or s.source == source]
    if not found:
        raise OfframpError(f"no entry {entity_id!r} in "
                           f"{'version ' + version_ref if version_ref else 'the lists in use'}")
    if as_json:
        emit_json([{"version": snapshot_json(s), "entity": e.to_dict()} for s, e in found])
        return
    for snap, entity in found:
        _print_entity(snap, entity)


def _print_entity(snap: ListSnapshot, e: Entity) -> None:
    click.echo(f"{e.caption}  [{e.schema.value}]")
    click.echo(f"  list: {e.source}{' / ' + e.source_list if e.source_list else ''}, id {e.id}, "
               f"version {snap.id} ({snap.publisher_date or 'unknown date'})")
    rows: list[tuple[str, str]] = []
    for n in e.names:
        if n.value != e.caption or n.kind.value != "primary":
            rows.append((n.kind.value, f"{n.value}" + (f" ({n.script})" if n.script != "Latn"
                                                     else "")))
    rows += [("program", p) for p in e.programs]
    rows += [("birth date", d.to_text()) for d in e.birth_dates]
    rows += [("birth place", p) for p in e.birth_places]
    rows += [("nationality", c) for c in e.nationalities]
    rows += [("citizenship", c) for c in e.citizenships]
    rows += [("country", c) for c in e.countries]
    if e.gender:
        rows.append(("gender", e.gender))
    rows += [(f"id: {i.label or i.type}", i.value + (f" ({i.country})" if i.country else ""))
             for i in e.identifiers]
    rows += [("address", a.text()) for a in e.addresses]
    rows += [(f"link: {link.relation}", link.target_name or link.target_id or "")
             for link in e.links]
    rows += [(k, "; ".join(v)) for k, v in sorted(e.properties.items())]
    if e.listed_on:
        rows.append(("listed on", e.listed_on.to_text()))
    if e.remarks:
        rows.append(("remarks", e.remarks))
    if e.source_url:
        rows.append(("official record", e.source_url))
    for label, value in rows:
        click.echo(f"  {label + ':':<22} {value}")


@lists.command("formats")
@json_option
def formats_cmd(as_json: bool) -> None:
    """List the file formats `lists load` reads."""
    found = formats()
    if as_json:
        emit_json([{"format": f.name, "default_source": f.default_source,
                    "description": f.description} for f in found.values()])
        return
    for f in found.values():
        click.echo(f"{f.name:<20} {f.default_source:<14} {f.description}")


