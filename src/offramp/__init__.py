"""offramp: find and leave restricted suppliers.

Screen counterparties against official sanctions and restriction lists, find equipment made
by restricted vendors, and plan the way out.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from offramp.model import Entity, ListSnapshot, Match
    from offramp.screening.screener import Screener

__all__ = ["Entity", "ListSnapshot", "Match", "Screener"]
__version__ = "0.1.0"

# The public names are imported when first used: the screener brings numpy and the compiled
# matcher (half a second), which a command that only reads the database, or ``--help``,
# never needs.
_PUBLIC = {"Entity": "offramp.model", "ListSnapshot": "offramp.model", "Match": "offramp.model",
           "Screener": "offramp.screening.screener"}


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'offramp' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])
