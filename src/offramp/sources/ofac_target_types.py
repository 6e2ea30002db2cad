"""OFAC's "Target Type" words -> schema, shared by the legacy CSV and advanced XML readers.

CMIC, Russia-related and other programs state what kind of entity a party is ("Target Type
Public Company"); both OFAC formats carry the same words, so both map them the same way.
"""

from __future__ import annotations

from offramp.model import Schema

TARGET_TYPES: dict[str, Schema] = {
    "public company": Schema.COMPANY,
    "private company": Schema.COMPANY,
    "state-owned enterprise": Schema.COMPANY,
    "financial institution": Schema.COMPANY,
    "government entity": Schema.ORGANIZATION,
    "unrecognized government entity": Schema.ORGANIZATION,
    "charity or nonprofit organization": Schema.ORGANIZATION,
    "criminal organization": Schema.ORGANIZATION,
}
