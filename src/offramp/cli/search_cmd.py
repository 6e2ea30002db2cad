"""``offramp search`` and ``offramp compare``: one name, ranked and explained."""

from __future__ import annotations

import sys

import click

from offramp.cli.context import AppContext, pass_app
from offramp.cli.output import emit_json, json_option
from offramp.model import Match
from offramp.screening.records import match_json
from offramp.screening.screener import Screener, kernels_compiled

SCHEMAS = ["person", "organization", "company", "legal_entity", "vessel", "aircraft"]


def print_match(rank: int, m: Match) -> None:
    """A match with its explanation, for people."""
    e = m.entity
    flag = "ALERT" if m.alert else "     "
    sub = f"/{e.source_list}" if e.source_list else ""
    click.echo(f"{rank:>2}. {m.score:.2f} {flag} {e.caption}  [{e.schema.value}, "
               f"{e.source}{sub} #{e.id}{', ' + ', '.join(e.programs) if e.programs else ''}]")
    if m.matched_name != e.caption:
        click.echo(f"           matched name: {m.matched_name}")
    for f in m.explanation:
        click.echo(f"           {f.feature:<11} {f.value:+.2f} x {f.weight:.2f}  {f.detail}")


def screener_for(app: AppContext) -> Screener:
    """The lists in use in the database, or the bundled snapshot when none are loaded."""
    compile_notice()
    store = app.store()
    if store.current():
        return Screener.from_store(store, app.settings.home / "cache")
    click.echo("(no lists loaded: searching the bundled snapshot; see `offramp lists status`)",
               err=True)
    return Screener.default(app.settings.home / "cache")


def compile_notice() -> None:
    """Say so on a terminal's stderr when this run will compile the matcher (first run on a
    machine); scripts and pipes get their output untouched."""
    if sys.stderr.isatty() and not kernels_compiled():
        click.echo("(first run on this machine: compiling the matcher, about half a minute; "
                   "later runs start at once)", err=True)


@click.command()
@click.argument("name")
@click.option("--schema", type=click.Choice(SCHEMAS), help="Kind of party the name is.")
@click.option("--country", help="Country (ISO code or name): evidence for or against.")
@click.option("--dob", help="Date of birth YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--id", "identifiers", multiple=True,
              help="An identifier TYPE:VALUE (passport:X123, uscc:9133..., imo:9123456); "
                   "repeatable. An exact match is decisive.")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@json_option
@pass_app
def search(app: AppContext, name: str, schema: str | None, country: str | None,
           dob: str | None, identifiers: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Look up one NAME in the lists in use: ranked matches with scores and explanations.

    Scores are on one scale: 1.0 is identical after normalisation; ALERT marks a score at or
    above the threshold. A name that cannot be screened (empty, punctuation only, only legal
    forms) is an error, never an empty "clear" result.
    """
    screener = screener_for(app)
    matches = screener.search(name, schema=schema, limit=limit, country=country,
                              birth_date=dob, identifiers=identifiers)
    if as_json:
        emit_json({"query": name, "threshold": screener.threshold,
                   "algorithm": screener.algorithm, "matches": [match_json(m) for m in matches]})
        return
    alerts = sum(m.alert for m in matches)
    click.echo(f"{name!r}: {alerts} alert(s) at threshold {screener.threshold:.2f} "
               f"({screener.algorithm})")
    for rank, m in enumerate(matches, 1):
        print_match(rank, m)
    if not matches:
        click.echo("no list entry resembles this name")


@click.command()
@click.argument("name_a")
@click.argument("name_b")
@click.option("--schema", type=click.Choice(SCHEMAS), help="Kind of party both names are.")
@json_option
@pass_app
def compare(app: AppContext, name_a: str, name_b: str, schema: str | None,
            as_json: bool) -> None:
    """Score NAME_A against NAME_B on the same scale as `search`, with the explanation."""
    screener = screener_for(app)
    m = screener.explain(name_a, name_b, schema)
    if as_json:
        emit_json({"name_a": name_a, "name_b": name_b, "score": m.score, "alert": m.alert,
                   "threshold": m.threshold, "algorithm": m.algorithm,
                   "explanation": match_json(m)["explanation"]})
        return
    click.echo(f"{m.score:.2f} {'ALERT' if m.alert else 'no alert'} "
               f"(threshold {m.threshold:.2f}, {m.algorithm})")
    for f in m.explanation:
        click.echo(f"  {f.feature:<11} {f.value:+.2f} x {f.weight:.2f}  {f.detail}")
