"""Denied Persons List rows -> one :class:`~offramp.model.Entity` per denied party.

BIS writes one row per (party, address, order), so "ABDULAH AL NASSER" fills two rows and
"AIR FREIGHT LTD" four. Rows are merged by name (case and spacing ignored) into one entity
with all its addresses and orders because:

* a screening hit should be one alert for one denied party, not one per address;
* all the party's addresses are then at hand when an analyst compares them with the
  counterparty's (the DPL gives no other identifying data);
* the id, a hash of the normalised name ("dpl-" + 16 hex), then stays the same when BIS
  adds, drops or reorders address rows, so decisions pinned to it survive list updates.

The DPL does not say whether a party is a person or a company (it holds both, e.g.
DAHUA ELECTRONICS CORPORATION), so every entry is a ``LegalEntity`` (the FollowTheMoney
parent of both); the name is never used to guess.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from offramp.model import Address, DateValue, Entity, Name, PartialDate, Schema, SourceFormatError
from offramp.normalize.countries import to_iso2
from offramp.sources.bis_dpl.reader import DplRow

SOURCE_LIST = "DPL"
_SPACES = re.compile(r"\s+")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def name_key(name: str) -> str:
    """What makes two rows the same party: the name, case and spacing ignored."""
    return _clean(name).casefold()


def entity_id(name: str) -> str:
    """Stable id for a party: ``dpl-`` + the first 16 hex of sha256 of its name key."""
    return "dpl-" + hashlib.sha256(name_key(name).encode("utf-8")).hexdigest()[:16]


def parse_date(path: str, row: DplRow, column: str) -> PartialDate | None:
    """``MM/DD/YYYY`` (order dates) or ``YYYY-MM-DD`` (Last_Update); None when empty."""
    text = row.cells[column].strip()
    if not text:
        return None
    for fmt in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return PartialDate(parsed.year, parsed.month, parsed.day)
    raise SourceFormatError(path, f"line {row.line}, column {column}",
                            f"not a date: {text!r} (expected MM/DD/YYYY or YYYY-MM-DD)")


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        if value and value not in out:
            out.append(value)
    return tuple(out)


def map_party(path: str, rows: Sequence[DplRow], source: str) -> Entity:
    """One entity from all rows of one party (in file order)."""
    name = _clean(rows[0].cells["Name"])
    addresses: list[Address] = []
    starts: list[PartialDate] = []
    ends: list[PartialDate] = []
    updates: list[PartialDate] = []
    for row in rows:
        cells = {k: _clean(v) for k, v in row.cells.items()}
        country_text = cells["Country"]
        address = Address(
            street=cells["Street_Address"] or None,
            city=cells["City"] or None,
            region=cells["State"] or None,
            postal_code=cells["Postal_Code"] or None,
            # An empty Country is usual for US addresses; it is left empty, not guessed.
            country=(to_iso2(country_text) or country_text) if country_text else None,
        )
        if address.text() and address not in addresses:
            addresses.append(address)
        for column, bucket in (("Effective_Date", starts), ("Expiration_Date", ends),
                               ("Last_Update", updates)):
            parsed = parse_date(path, row, column)
            if parsed is not None and parsed not in bucket:
                bucket.append(parsed)
    cells_of = [{k: _clean(v) for k, v in row.cells.items()} for row in rows]
    properties = {
        "startDate": tuple(d.to_text() for d in sorted(starts)),
        "endDate": tuple(d.to_text() for d in sorted(ends)),
        "modifiedAt": tuple(d.to_text() for d in sorted(updates)),
        "federalRegisterNotice": _unique(c["FR_Citation"] for c in cells_of),
        "action": _unique(c["Action"] for c in cells_of),
        # "y" occurs once in the 2022 file: the flag's case carries no meaning.
        "standardOrder": _unique(c["Standard_Order"].upper() for c in cells_of),
    }
    return Entity(
        id=entity_id(name),
        schema=Schema.LEGAL_ENTITY,
        names=(Name(name),),
        source=source,
        source_list=SOURCE_LIST,
        countries=_unique(a.country or "" for a in addresses),
        addresses=tuple(addresses),
        listed_on=DateValue(min(starts)) if starts else None,
        properties=properties,
        # The original rows, without line numbers: those shift whenever BIS adds a row
        # above, and would change the entry's content hash for nothing.
        record={"rows": [dict(row.cells) for row in rows]},
    )


def map_rows(path: str, rows: Sequence[DplRow], source: str) -> list[Entity]:
    """Group rows by party (first appearance order) and map each group."""
    groups: dict[str, list[DplRow]] = {}
    for row in rows:
        if not _clean(row.cells["Name"]):
            raise SourceFormatError(path, f"line {row.line}, column Name", "empty name")
        groups.setdefault(name_key(row.cells["Name"]), []).append(row)
    return [map_party(path, group, source) for group in groups.values()]
