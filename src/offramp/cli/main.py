"""``offramp``: one command, subcommands per concern."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click

from offramp import __version__
from offramp.cli.context import AppContext
from offramp.model import OfframpError

# Subcommand -> the module and attribute that define it, imported only when that command
# runs (or help lists it): each brings its own dependencies -- the screener and its compiled
# matcher, the device registries, the web server -- and importing them all made every
# command, ``offramp --help`` included, wait about half a second more.
COMMANDS = {
    "lists": ("offramp.cli.lists_cmd", "lists"),
    "screen": ("offramp.cli.screen_cmd", "screen"),
    "search": ("offramp.cli.search_cmd", "search"),
    "compare": ("offramp.cli.search_cmd", "compare"),
    "demo": ("offramp.cli.demo_cmd", "demo"),
    "alerts": ("offramp.cli.review_cmd", "alerts"),
    "decide": ("offramp.cli.review_cmd", "decide"),
    "approve": ("offramp.cli.review_cmd", "approve"),
    "audit": ("offramp.cli.audit_cmd", "audit"),
    "rescreen": ("offramp.cli.rescreen_cmd", "rescreen_cmd"),
    "whatif": ("offramp.cli.whatif_cmd", "whatif"),
    "devices": ("offramp.cli.devices_cmd", "devices"),
    "serve": ("offramp.cli.serve_cmd", "serve"),
}


class OfframpGroup(click.Group):
    """The ``offramp`` group: its subcommands are imported when first asked for
    (``COMMANDS``), and offramp's own errors become one clear line and exit code 1.

    Anything else is a bug and keeps its traceback.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name]
            command = getattr(importlib.import_module(module), attribute)
            if command.name != cmd_name:
                raise RuntimeError(f"{module}.{attribute} is {command.name!r}, "
                                   f"not {cmd_name!r}")
            self.add_command(command)
        return super().get_command(ctx, cmd_name)

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


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="offramp")
