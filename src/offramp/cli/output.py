"""Printing for the CLI: rich tables on a terminal, plain text in pipes, JSON on request."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import date, datetime
from typing import Any

import click
from rich.console import Console


def console() -> Console:
    """A console that does not squeeze tables into 80 columns when output is piped."""
    width = shutil.get_terminal_size((140, 40)).columns if sys.stdout.isatty() else 140
    return Console(width=max(width, 100), highlight=False, soft_wrap=False)


def _default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit_json(data: Any) -> None:
    """Print ``data`` as indented JSON on stdout."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=_default))


def json_option(func: Any) -> Any:
    """The shared ``--json`` flag."""
    return click.option("--json", "as_json", is_flag=True,
                        help="Print machine-readable JSON instead of a table.")(func)
