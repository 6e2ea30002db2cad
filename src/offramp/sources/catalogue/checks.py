"""What every catalogue row must satisfy, checked before anything is mapped.

The catalogue is evidence: a row without a source, a date or a yes/no on whether it was
confirmed is not a fact offramp can show. Every problem names the line and the column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from offramp.model import PartialDate, SourceFormatError
from offramp.normalize.countries import to_iso2
from offramp.sources.catalogue.reader import CatalogueRow

# Parties an instrument names, and parties it reaches through a named one.
LISTED_KINDS: tuple[str, ...] = ("manufacturer", "service-provider")
RELATED_KINDS: tuple[str, ...] = ("subsidiary", "affiliate", "brand")
# Brands reported to sell a listed maker's equipment: never a listed party, never screened.
WHITE_LABEL = "white-label"
KINDS: tuple[str, ...] = (*LISTED_KINDS, *RELATED_KINDS, WHITE_LABEL)
CONFIRMED: tuple[str, ...] = ("yes", "no")

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def split(cell: str) -> list[str]:
    """A ``;``-separated cell as its non-empty, stripped values."""
    return [v.strip() for v in cell.split(";") if v.strip()]


def error(path: str, row: CatalogueRow, column: str, problem: str) -> SourceFormatError:
    """A format error at ``row``'s line and ``column``."""
    return SourceFormatError(path, f"line {row.line}, column {column}", problem)


def parse_date(path: str, row: CatalogueRow, column: str) -> PartialDate | None:
    """The cell as a date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), None when blank."""
    text = row.get(column)
    if not text:
        return None
    try:
        return PartialDate.parse(text)
    except ValueError:
        raise error(path, row, column,
                    f"bad date {text!r} (use YYYY-MM-DD, or YYYY-MM / YYYY when only that is "
                    "known)") from None


def _check_row(path: str, row: CatalogueRow) -> None:
    kind = row.get("kind")
    if kind not in KINDS:
        raise error(path, row, "kind", f"unknown kind {kind!r} (use one of {', '.join(KINDS)})")
    if not _SLUG.match(row.get("party_id")):
        raise error(path, row, "party_id",
                    f"{row.get('party_id')!r} is not an id of lower-case letters, digits and "
                    "hyphens (alerts refer to it: keep it stable)")
    if not row.get("party"):
        raise error(path, row, "party", "empty party name")
    if row.get("confirmed") not in CONFIRMED:
        raise error(path, row, "confirmed",
                    f"{row.get('confirmed')!r} is not 'yes' or 'no'")
    for text in split(row.get("country")):
        if to_iso2(text) is None:
            raise error(path, row, "country", f"unknown country {text!r} (use an ISO code)")
    if kind == WHITE_LABEL:
        _check_white_label(path, row)
    else:
        _check_listed(path, row, kind)
    for column in ("date", "source_date"):
        parse_date(path, row, column)


def _check_white_label(path: str, row: CatalogueRow) -> None:
    # A white-label row must never read as a listing: no instrument, never "confirmed".
    if row.get("instrument"):
        raise error(path, row, "instrument",
                    "a white-label row names no instrument (it is not a listed party)")
    if row.get("confirmed") != "no":
        raise error(path, row, "confirmed", "white-label rows are never confirmed listings")
    if not row.get("parent"):
        raise error(path, row, "parent", "a white-label row needs the maker's party_id")
    if not row.get("note"):
        raise error(path, row, "note", "a white-label row needs a note saying where it is from")


def _check_listed(path: str, row: CatalogueRow, kind: str) -> None:
    if not _SLUG.match(row.get("instrument")):
        raise error(path, row, "instrument",
                    f"{row.get('instrument')!r} is not an instrument id such as "
                    "fcc-covered-list")
    if kind in RELATED_KINDS and not row.get("parent"):
        raise error(path, row, "parent", f"a {kind} row needs its parent's party_id")
    url = row.get("source_url")
    if not url.startswith(("https://", "http://")):
        raise error(path, row, "source_url",
                    f"{url!r} is not a URL (every listing row cites its primary source)")
    for column in ("date", "source_date"):
        if not row.get(column):
            raise error(path, row, column, "empty (every listing row needs its dates)")


def _check_parties(path: str, rows: Sequence[CatalogueRow]) -> None:
    """One row per (party, instrument); kind and parent the same on all rows of a party."""
    first: dict[str, CatalogueRow] = {}
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        party = row.get("party_id")
        key = (party, row.get("instrument"))
        if key in seen:
            raise error(path, row, "instrument",
                        f"party {party!r} already has a row for {key[1] or 'no instrument'!r} "
                        f"(line {seen[key]})")
        seen[key] = row.line
        earlier = first.setdefault(party, row)
        for column in ("kind", "parent"):
            if row.get(column) != earlier.get(column):
                raise error(path, row, column,
                            f"{row.get(column)!r} differs from {earlier.get(column)!r} on line "
                            f"{earlier.line} for party {party!r} (one party, one {column})")
    for row in rows:
        parent = row.get("parent")
        if not parent:
            continue
        if parent == row.get("party_id"):
            raise error(path, row, "parent", "a party cannot be its own parent")
        if parent not in first:
            raise error(path, row, "parent", f"no party {parent!r} in the catalogue")
        if first[parent].get("kind") == WHITE_LABEL:
            raise error(path, row, "parent", f"{parent!r} is a white-label brand, not a party")
    _check_no_cycles(path, first)


def _check_no_cycles(path: str, first: dict[str, CatalogueRow]) -> None:
    for party, row in first.items():
        chain = [party]
        parent = row.get("parent")
        while parent:
            if parent in chain:
                raise error(path, row, "parent",
                            f"parents form a cycle: {' -> '.join([*chain, parent])}")
            chain.append(parent)
            parent = first[parent].get("parent")


def check_rows(path: str, rows: Sequence[CatalogueRow]) -> None:
    """Check every row, then the rows together; the first problem raises."""
    for row in rows:
        _check_row(path, row)
    _check_parties(path, rows)
