"""``offramp``: one command, subcommands per concern."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from offramp import __version__
from offramp.cli.audit_cmd import audit
from offramp.cli.context import AppContext
from offramp.cli.demo_cmd import demo
from offramp.cli.devices_cmd import devices
from offramp.cli.lists_cmd import lists
from offramp.cli.rescreen_cmd import rescreen_cmd
from offramp.cli.review_cmd import alerts, approve, decide
from offramp.cli.screen_cmd import screen
from offramp.cli.search_cmd import compare, search
from offramp.cli.serve_cmd import serve
from offramp.cli.whatif_cmd import whatif
from offramp.model import OfframpError


class OfframpGroup(click.Group):
    """A group that turns offramp's own errors into one clear line and exit code 1.

    Anything else is a bug and keeps its traceback.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OfframpError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=OfframpGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="offramp")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), envvar="OFFRAMP_DB",
              help="SQLite database to use (default: $OFFRAMP_HOME/offramp.db, "
                   "~/.local/share/offramp/offramp.db).")
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> None:
    """offramp: do we do business with a restricted party, where is their equipment, and
    how do we get out?

    Screens names against official sanctions and restriction lists (OFAC, UN, US CSL, BIS,
    UK, EU, your own watchlists), keeping every list version it loads.
    """
    app = AppContext(db_override=db)
    ctx.obj = app
    ctx.call_on_close(app.close)


cli.add_command(lists)
cli.add_command(screen)
cli.add_command(search)
cli.add_command(compare)
cli.add_command(demo)
cli.add_command(alerts)
cli.add_command(decide)
cli.add_command(approve)
cli.add_command(audit)
cli.add_command(rescreen_cmd)
cli.add_command(whatif)
cli.add_command(devices)
cli.add_command(serve)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="offramp")
