"""offramp: find and leave restricted suppliers.

Screen counterparties against official sanctions and restriction lists, find equipment made
by restricted vendors, and plan the way out.
"""

from offramp.model import Entity, ListSnapshot, Match
from offramp.screening.screener import Screener

__all__ = ["Entity", "ListSnapshot", "Match", "Screener"]
__version__ = "0.1.0"
