"""offramp: find and leave restricted suppliers.

Screen counterparties against official sanctions and restriction lists, find equipment made
by restricted vendors, and plan the way out.
"""

from offramp.model import Entity, ListSnapshot

__all__ = ["Entity", "ListSnapshot"]
__version__ = "0.1.0"
