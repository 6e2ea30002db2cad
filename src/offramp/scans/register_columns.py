"""Which column of an asset register holds what: detected from the header, or mapped.

The header spellings recognised are data (``data/register_headers.csv``: field, header,
language, source), compared after :func:`header_key` folds case, accents and punctuation, so
"Serial No.", "serial_no" and "SERIAL-NO" are one spelling, and "Numéro de série" another.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from offramp.model import SourceFormatError

#: Every field a register column can fill, in the order they are reported.
FIELDS: tuple[str, ...] = (
    "vendor", "brand", "model", "serial", "mac", "ip", "hostname", "site", "location",
    "purchase_date", "cost", "description", "firmware", "asset_id", "last_seen",
)
#: A register must have at least one of these, or there is nothing to find a device by.
IDENTIFYING: tuple[str, ...] = ("vendor", "brand", "model", "serial", "mac", "ip", "hostname")

_MAX_LISTED = 30
_BRACKETED = re.compile(r"\([^)]*\)")


def header_key(header: str) -> str:
    """A header as compared: lower case, accents dropped, punctuation runs as one ``_``.

    "Numéro de série" -> ``numero_de_serie``; "S/N" -> ``s_n``; "Serial #" -> ``serial``.
    """
    folded = unicodedata.normalize("NFKD", header.strip().lower())
    bare = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", "_", bare).strip("_")


@cache
def known_headers() -> Mapping[str, str]:
    """Header key -> field, from the bundled data file (a header names one field only)."""
    data = resources.files("offramp.scans").joinpath("data/register_headers.csv").read_text(
        encoding="utf-8")
    found: dict[str, str] = {}
    for line, row in enumerate(csv.DictReader(io.StringIO(data)), start=2):
        key, field = header_key(row["header"]), row["field"]
        if field not in FIELDS or found.setdefault(key, field) != field:
            raise ValueError(f"register_headers.csv line {line}: bad row {row}")
    return found


def field_of(header: str) -> str | None:
    """The field a header names, also with a bracketed unit dropped ("Cost (GBP)" -> cost)."""
    known = known_headers()
    found = known.get(header_key(header))
    if found is None and "(" in header:
        found = known.get(header_key(_BRACKETED.sub(" ", header)))
    return found


def resolve_columns(path: Path, where: str, header: Sequence[str],
                    mapping: Mapping[str, str] | None) -> dict[str, int]:
    """Field -> column index, from ``mapping`` (field -> header) then the header names.

    A mapped field names its column exactly or after :func:`header_key`; other fields are
    detected when exactly one column fits (an ambiguous descriptive field, such as two
    notes columns, is left to ``fields``). Raises :class:`SourceFormatError` naming the
    mapping to give when a field is ambiguous, when a mapping is wrong, or when no
    identifying column (vendor, model, serial, MAC, IP, hostname) is found.
    """
    chosen: dict[str, int] = {}
    for field, column in (mapping or {}).items():
        if field not in FIELDS:
            raise SourceFormatError(str(path), None, f"mapping: unknown field {field!r} "
                                    f"(fields: {', '.join(FIELDS)})")
        chosen[field] = _given(path, where, header, field, column)
    taken = set(chosen.values())
    fields = [field_of(h) for h in header]
    for field in FIELDS:
        if field in chosen:
            continue
        found = [i for i, f in enumerate(fields) if i not in taken and f == field]
        if len(found) > 1 and field not in IDENTIFYING:
            continue  # two "Notes" columns: both stay in ``fields`` under their own names
        if len(found) > 1:
            which = ", ".join(repr(header[i]) for i in found)
            raise SourceFormatError(
                str(path), where, f"several columns could be the {field} ({which}); say which "
                f"with the mapping option {field}=COLUMN")
        if found:
            chosen[field] = found[0]
    if not any(f in chosen for f in IDENTIFYING):
        raise SourceFormatError(
            str(path), where, "no recognisable columns: none is a vendor/make/manufacturer, "
            "brand, model, serial, MAC, IP or hostname column; name them with the mapping "
            f"option, e.g. mac=COLUMN (columns: {listing(header)})")
    return {f: chosen[f] for f in FIELDS if f in chosen}


def recognised(cells: Sequence[str], mapping: Mapping[str, str] | None) -> int:
    """How many of ``cells`` are known headers or mapped columns (to find the header row)."""
    mapped = {header_key(c) for c in (mapping or {}).values()}
    return sum(1 for c in cells if c.strip() and (field_of(c) is not None
                                                   or header_key(c) in mapped))


def listing(header: Sequence[str]) -> str:
    """The columns for an error message, blank ones shown as such, long lists cut."""
    shown = [repr(h) if h else "(blank)" for h in header[:_MAX_LISTED]]
    more = len(header) - len(shown)
    return ", ".join(shown) + (f", ... ({more} more)" if more > 0 else "")


def _given(path: Path, where: str, header: Sequence[str], field: str, column: str) -> int:
    exact = [i for i, h in enumerate(header) if h == column]
    loose = [i for i, h in enumerate(header) if header_key(h) == header_key(column)]
    for found in (exact, loose):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise SourceFormatError(str(path), where, f"mapping {field}={column!r}: "
                                    f"{len(found)} columns have that name; rename one")
    raise SourceFormatError(str(path), where, f"mapping {field}={column!r}: no such column "
                            f"(columns: {listing(header)})")
