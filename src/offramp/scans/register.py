"""Asset registers: CSV or XLSX exports with free-text columns -> observations.

Registers are typed by people: columns are found by their header names (in several
languages, see :mod:`.register_columns`) or mapped explicitly, the header may sit below a
title row, and cells hold whatever someone typed. A bad cell (a MAC that is not one, an IP
with a typo) never loses the row: the raw text stays in ``fields`` under its column's name
with a note under :data:`~offramp.scans.result.NOTE_FIELD`.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import ipaddress
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from offramp.model import SourceFormatError
from offramp.model.device import Observation, SourceKind, normalize_mac
from offramp.normalize.cells import cell_text
from offramp.scans.register_columns import recognised, resolve_columns
from offramp.scans.result import NOTE_FIELD, ScanResult, Skipped
from offramp.scans.text import decode_export
from offramp.sources.files import open_binary, read_bytes
from offramp.sources.xlsx_guard import OLE_MAGIC, XLSX_MAX_EXPANDED_BYTES, check_zip

HEADER_SEARCH_ROWS = 10  # the header may follow a title block; it is within the first rows
_SNIFF_CHARS = 64 * 1024
_DELIMITERS = ",;\t|"
_ZIP_MAGIC = b"PK\x03\x04"

# Fields copied to ``fields`` under their own name (the Observation has no attribute for them).
_DESCRIPTIVE = ("brand", "location", "purchase_date", "cost", "description", "asset_id")

_CANONICAL_MAC = re.compile(r"[0-9a-f]{2}(?::[0-9a-f]{2}){5}")
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_CANONICAL_IPV4 = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")

_Row = tuple[str, list[str]]  # (where, cells)
T = TypeVar("T")


def read_register(path: Path, *, site: str | None = None,
                  mapping: Mapping[str, str] | None = None) -> ScanResult:
    """Read an asset register, XLSX (by its zip signature) or else delimited text."""
    with open_binary(path) as fh:
        magic = fh.read(len(OLE_MAGIC))
    # An old .xls goes to the XLSX reader too, which refuses it with a hint.
    if magic.startswith((_ZIP_MAGIC, OLE_MAGIC)) or path.suffix.lower() == ".xlsx":
        return read_register_xlsx(path, site=site, mapping=mapping)
    return read_register_csv(path, site=site, mapping=mapping)


def read_register_csv(path: Path, *, site: str | None = None,
                      mapping: Mapping[str, str] | None = None) -> ScanResult:
    """A CSV/TSV register: encoding and delimiter detected, header found, rows read.

    ``mapping`` maps a field (``vendor``, ``model``, ``serial``, ``mac``, ``ip``,
    ``hostname``, ``site``, ... see :data:`~offramp.scans.register_columns.FIELDS`) to the
    header of the column holding it, overriding detection. ``site`` fills
    ``Observation.site`` on rows with no site of their own.
    """
    text = decode_export(path, read_bytes(path))
    if not text.strip():
        raise SourceFormatError(str(path), None, "empty file (a header row is required)")
    delimiter = _sniff_delimiter(text)
    skipped: list[Skipped] = []
    rows = list(_csv_rows(text, delimiter, skipped))
    return _read_rows(path, rows, skipped, site, mapping)


def read_register_xlsx(path: Path, *, site: str | None = None,
                       mapping: Mapping[str, str] | None = None, sheet: str | None = None,
                       max_expanded_bytes: int = XLSX_MAX_EXPANDED_BYTES) -> ScanResult:
    """An XLSX register (first sheet unless ``sheet``), zip bombs refused before parsing.

    Read with openpyxl in read-only mode; formulas give the value Excel last computed.
    Same ``mapping`` and ``site`` as :func:`read_register_csv`.
    """
    import openpyxl  # deferred: a slow import that only XLSX needs

    with open_binary(path) as fh:
        check_zip(path, fh, max_expanded_bytes)
        try:
            workbook = openpyxl.load_workbook(fh, read_only=True, data_only=True,
                                              keep_links=False)
        except Exception as exc:  # openpyxl raises many types on damaged files
            raise SourceFormatError(str(path), None, "not a readable XLSX workbook "
                                    f"({type(exc).__name__}: {exc})") from exc
        with contextlib.closing(workbook):
            ws = _pick_sheet(path, workbook, sheet)
            rows = list(_xlsx_rows(path, ws))
    return _read_rows(path, rows, [], site, mapping)


# -- rows of either format --------------------------------------------------------------------


def _read_rows(path: Path, rows: Sequence[_Row], skipped: list[Skipped], site: str | None,
               mapping: Mapping[str, str] | None) -> ScanResult:
    header_at = _header_index(rows, mapping)
    if header_at is None:
        raise SourceFormatError(str(path), None, "no header row (the file holds no data)")
    where, header = rows[header_at][0], tuple(c.strip() for c in rows[header_at][1])
    columns = resolve_columns(path, where, header, mapping)
    skipped[:0] = [Skipped(w, "above the header row", " | ".join(c for c in cells if c))
                   for w, cells in rows[:header_at]]
    names = _field_names(header)
    file = str(path)
    roles: list[str | None] = [None] * len(header)  # the field each column fills, if any
    for field, index in columns.items():
        roles[index] = field
    observations = [_observation(file, w, names, columns, roles, cells, site)
                    for w, cells in rows[header_at + 1:]]
    return ScanResult(tuple(observations), SourceKind.ASSET_REGISTER, tuple(skipped))


def _header_index(rows: Sequence[_Row], mapping: Mapping[str, str] | None) -> int | None:
    """The row among the first ones naming the most known columns; else the first row."""
    if not rows:
        return None
    scores = [recognised(cells, mapping) for _, cells in rows[:HEADER_SEARCH_ROWS]]
    best = max(scores)
    return scores.index(best) if best else 0


def _field_names(header: Sequence[str]) -> list[str]:
    """The ``fields`` key of each column: its header, or ``column N`` when blank or repeated."""
    names: list[str] = []
    for number, name in enumerate(header, 1):
        names.append(name if name and name not in names else f"column {number}")
    return names


def _observation(file: str, where: str, names: Sequence[str], columns: Mapping[str, int],
                 roles: Sequence[str | None], cells: Sequence[str],
                 site: str | None) -> Observation:
    # Called once per row of registers of a million rows: one pass over the cells, and the
    # parsers' fast paths for values already in canonical form.
    fields: dict[str, str] = {}
    values: dict[str, str] = {}
    for index, cell in enumerate(cells):
        if not cell:
            continue
        role = roles[index] if index < len(roles) else None
        if role is None:
            fields[names[index] if index < len(names) else f"column {index + 1}"] = cell
        else:
            values[role] = cell
    notes: list[str] = []
    mac = _checked(values, "mac", _mac_text, "a MAC address", names, columns, fields, notes)
    ip = _checked(values, "ip", _ip_text, "an IP address", names, columns, fields, notes)
    seen_at = _checked(values, "last_seen", _when, "a date and time", names, columns, fields,
                       notes)
    for field in _DESCRIPTIVE:
        if field in values:
            fields[field] = values[field]
    if notes:
        fields[NOTE_FIELD] = "; ".join(notes)
    return Observation(
        source=SourceKind.ASSET_REGISTER, file=file, where=where, mac=mac, ip=ip,
        hostname=values.get("hostname"), vendor=values.get("vendor") or values.get("brand"),
        model=values.get("model"), serial=values.get("serial"),
        firmware=values.get("firmware"),
        site=values.get("site") or values.get("location") or site, seen_at=seen_at,
        fields=fields)


def _checked(values: Mapping[str, str], field: str, parse: Callable[[str], T | None],
             what: str, names: Sequence[str], columns: Mapping[str, int],
             fields: dict[str, str], notes: list[str]) -> T | None:
    """``parse`` the cell of ``field``; when it fails keep the raw text and note why."""
    raw = values.get(field)
    if raw is None:
        return None
    parsed = parse(raw)
    if parsed is None:
        name = names[columns[field]]
        fields[name] = raw
        notes.append(f"{name}: {raw!r} is not {what}")
    return parsed


def _mac_text(text: str) -> str | None:
    """The MAC normalised; most registers already hold ``aa:bb:..`` form."""
    return text if _CANONICAL_MAC.fullmatch(text) else normalize_mac(text)


def _ip_text(text: str) -> str | None:
    """The address in ``10.0.0.5`` or ``10.0.0.5/24`` form, or None."""
    if _CANONICAL_IPV4.fullmatch(text):
        return text  # ipaddress is slow, and this is already its canonical text
    try:
        return str(ipaddress.ip_interface(text.strip()).ip)
    except ValueError:
        return None


def _when(text: str) -> dt.datetime | None:
    """An ISO 8601 date or date and time (naive taken as UTC), or None."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


# -- CSV --------------------------------------------------------------------------------------


def _sniff_delimiter(text: str) -> str:
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[:sample.rindex("\n")]  # whole lines only: a cut line misleads
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        # Too few lines to be sure: the candidate seen most on the first line.
        first = sample.lstrip("\r\n").split("\n", 1)[0]
        counts = {d: first.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _csv_rows(text: str, delimiter: str, skipped: list[Skipped]) -> Iterator[_Row]:
    """(``line N``, stripped cells) per non-blank record; unreadable records go to skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # the reader resynchronises on the next line
            skipped.append(Skipped(f"line {line}", f"malformed CSV record ({exc})"))
            line = reader.line_num + 1
            continue
        stripped = [c.strip() for c in cells]
        if any(stripped):
            yield f"line {line}", stripped
        line = reader.line_num + 1


# -- XLSX -------------------------------------------------------------------------------------


def _pick_sheet(path: Path, workbook: Any, sheet: str | None) -> Any:
    if sheet is None:
        if not workbook.worksheets:
            raise SourceFormatError(str(path), None, "the workbook has no worksheet")
        return workbook.worksheets[0]
    if sheet not in workbook.sheetnames:
        raise SourceFormatError(str(path), None, f"no sheet {sheet!r} "
                                f"(sheets: {', '.join(workbook.sheetnames)})")
    return workbook[sheet]


def _xlsx_rows(path: Path, ws: Any) -> Iterator[_Row]:
    ws.reset_dimensions()  # some writers declare a wrong size; read what is there
    rows = iter(ws.iter_rows(values_only=True))
    number = 0
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # damaged XML or zip member: one clear line
            raise SourceFormatError(str(path), f"sheet {ws.title!r} after row {number}",
                                    f"damaged sheet ({type(exc).__name__}: {exc})") from exc
        number += 1
        cells = [cell_text(v) for v in values]
        if any(cells):
            yield f"sheet {ws.title!r} row {number}", cells

