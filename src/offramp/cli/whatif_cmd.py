"""``offramp whatif``: hypothetical designations and their impact, saved as scenarios."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

import click

from offramp.cli.context import AppContext, pass_app
from offramp.cli.search_cmd import compile_notice
from offramp.screening.exposure import designation_lists
from offramp.screening.screener import Screener
from offramp.screening.whatif import HYPOTHETICAL_NOTICE, Designation, designate
from offramp.store.scenarios import ScenarioStore, StoredScenario

_ROUTE_TEXT = {
    "designated": "directly (the designated party)",
    "subsidiary": "through a subsidiary, affiliate or brand designated with it",
    "ownership": "through the 50% rule",
}


@click.group()
def whatif() -> None:
    """Hypothetical designations: "what if X is designated tomorrow?".

    A scenario applies a designation on top of the lists in use -- never into them -- and
    reports which stored counterparties would become blocked and which alerts would open.
    """


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from exc


@whatif.command("designate")
@click.argument("party")
@click.option("--list", "list_id", default="sdn", show_default=True,
              type=click.Choice(sorted(designation_lists())),
              help="The list to designate on (data/ownership/designation_lists.csv says which "
                   "carry an ownership rule: the SDN list's 50% rule).")
@click.option("--with-subsidiaries", is_flag=True,
              help="Also designate the subsidiaries, affiliates and brands the restricted-"
                   "vendor catalogue records for the party.")
@click.option("--effective", callback=_parse_date, metavar="YYYY-MM-DD",
              help="The date the hypothetical designation takes effect (recorded).")
@click.option("--name", "scenario_name", help="Name to save the scenario under "
              "(default: made from the designation).")
@click.option("--replace", is_flag=True, help="Replace a saved scenario of the same name.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_app
def designate_cmd(app: AppContext, party: str, list_id: str, with_subsidiaries: bool,
                  effective: date | None, scenario_name: str | None, replace: bool,
                  as_json: bool) -> None:
    """Designate PARTY (a name or a list entry id) hypothetically, and report the impact on
    every stored screening subject. Nothing in the lists or alerts changes."""
    store = app.store()
    compile_notice()
    screener = Screener.from_store(store, app.settings.home / "cache")
    designation = Designation(party, list_id, with_subsidiaries, effective)
    saved = designate(store, app.reviews(), designation, name=scenario_name, actor=app.user,
                      replace=replace, screener=screener)
    _print(saved, as_json)


@whatif.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_app
def list_cmd(app: AppContext, as_json: bool) -> None:
    """The saved scenarios, newest first."""
    scenarios = ScenarioStore(app.store()).list()
    if as_json:
        click.echo(json.dumps([{"id": s.id, "name": s.name, "created_at":
                                s.created_at.isoformat(), "created_by": s.created_by,
                                "params": dict(s.params), "summary": s.report.get("summary")}
                               for s in scenarios], indent=2, ensure_ascii=False))
        return
    if not scenarios:
        click.echo("no scenarios saved (`offramp whatif designate NAME`)")
        return
    for s in scenarios:
        summary = s.report.get("summary", {})
        click.echo(f"{s.id:>4}  {s.name}  ({s.created_at:%Y-%m-%d %H:%M}, {s.created_by}): "
                   f"designate {s.params.get('query')!r} on {s.params.get('list')}"
                   + (" with subsidiaries" if s.params.get("with_subsidiaries") else "")
                   + f"; {summary.get('subjects_affected', 0)} of "
                   f"{summary.get('subjects_screened', 0)} subjects affected  [HYPOTHETICAL]")


@whatif.command("show")
@click.argument("scenario")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_app
def show_cmd(app: AppContext, scenario: str, as_json: bool) -> None:
    """Show a saved SCENARIO (name or id) again."""
    found = ScenarioStore(app.store()).get(scenario)
    if found is None:
        raise click.ClickException(f"no scenario {scenario!r} (`offramp whatif list`)")
    _print(found, as_json)


def _print(saved: StoredScenario, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({"id": saved.id, **saved.report}, indent=2, ensure_ascii=False))
        return
    print_report(saved.id, saved.report)


def print_report(scenario_id: int, report: Mapping[str, Any]) -> None:
    """The scenario's report as text: parties, derived blocks, affected subjects, summary."""
    d = report["designation"]
    lst = report["list"]
    click.echo(f"*** {HYPOTHETICAL_NOTICE} ***")
    click.echo(f"Scenario {scenario_id} {report['name']!r}: designate {d['query']!r} on the "
               f"{lst['name']}" + (" with its subsidiaries" if d["with_subsidiaries"] else "")
               + (f", effective {d['effective']}" if d["effective"] else ""))
    click.echo(f"  effect: {lst['effect']} ({lst['citation']})")
    click.echo("Parties designated in this scenario:")
    for p in report["parties"]:
        entries = f" [{', '.join(p['entries'])}]" if p["entries"] else ""
        click.echo(f"  - {p['name']}{entries}: {p['note']}")
    if report["derived"]:
        click.echo("Parties the 50% rule would block (from the holdings in use):")
        for item in report["derived"]:
            click.echo(f"  - {item['name']}: {item['explanation']}")
    if report["minority"]:
        click.echo("Other ownership ties (not blocked; review):")
        for item in report["minority"]:
            click.echo(f"  - {item['name']}: {item['explanation']}")
    summary = report["summary"]
    click.echo(f"Impact on {summary['subjects_screened']} stored subject(s): "
               f"{summary['subjects_affected']} affected, "
               f"{summary['alerts_would_open']} alert(s) would open")
    for impact in report["impacts"]:
        who = f"{impact['subject_id']} " if impact["subject_id"] else ""
        today = impact["today_status"] + (f" ({'; '.join(impact['today_hits'])})"
                                          if impact["today_hits"] else "")
        click.echo(f"  {who}{impact['name']}: would be blocked "
                   f"{_ROUTE_TEXT.get(impact['route'], impact['route'])}; today: {today}")
        for hit in impact["new_hits"]:
            reason = hit["explanation"].replace(HYPOTHETICAL_NOTICE, "").strip()
            click.echo(f"      + {hit['score']:.2f} {hit['entity_name']!r} ({hit['route']}): "
                       f"{reason}")
    click.echo(f"  by route: {summary['affected_designated']} directly, "
               f"{summary['affected_subsidiary']} through subsidiaries, "
               f"{summary['affected_ownership']} through ownership; "
               f"{summary['clear_today']} of them are clear today")
    devices = report.get("devices") or {}
    if devices:
        sites = ", ".join(f"{s} {n}" for s, n in devices["by_site"].items()) or "none"
        click.echo(f"Equipment (device assessment {devices['assessment']}): "
                   f"{devices['devices']} of {devices.get('of', '?')} device(s) made by a "
                   f"designated vendor ({sites})")
    for warning in report.get("warnings", []):
        click.echo(f"  note: {warning}")
    click.echo(f"*** HYPOTHETICAL: lists in use are unchanged; saved as scenario "
               f"{scenario_id} (`offramp whatif show {report['name']}`) ***")
