"""Read OFSI's ConList.csv into groups of rows, one group per Group ID.

Layout (the "2022format" file): line 1 is ``Last Updated,DD/MM/YYYY``; line 2 the header
(``Name 6,Name 1,...,Group ID``); then one row per *name* of a listed person, entity or ship,
every row repeating the group's other details. Rows sharing a Group ID are one entry.

OFSI has published the file in UTF-8 and, earlier, in Windows-1252. UTF-8 is tried first
(its byte patterns practically never occur by accident in Windows-1252 text), then
Windows-1252; both decode losslessly. Bytes neither can decode, or UTF-16 (a file re-saved
by a spreadsheet), are a format error naming the byte: never silently mangled names.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from offramp.model import SourceFormatError
from offramp.sources.files import decode_text, read_bytes
from offramp.sources.uk_fcdo.conventions import full_date

NAME_COLUMNS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
# Without these a file is not a ConList; every other column is optional, because OFSI has
# added columns over the years (seven in February 2022) and may again.
REQUIRED_COLUMNS = (*NAME_COLUMNS, "Group Type", "Alias Type", "Regime", "Group ID")
ENCODINGS = ("utf-8", "windows-1252")


@dataclass(frozen=True, slots=True)
class Row:
    """One CSV row: its line number (for messages) and its non-empty cells by column."""

    line: int
    cells: dict[str, str]


@dataclass(slots=True)
class Group:
    """All rows of one Group ID, in file order."""

    group_id: str
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ConList:
    """Everything read from one file."""

    groups: list[Group]
    last_updated: date | None
    last_updated_text: str | None
    encoding: str
    ends_with_newline: bool


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was read with (see the module docstring)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise SourceFormatError(str(path), "byte 0", "the file is UTF-16 (or binary); OFSI "
                                "publishes ConList.csv in UTF-8 or Windows-1252")
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return decode_text(path, data, ENCODINGS), "windows-1252"


def read_file(path: Path) -> ConList:
    """Read and group every row of ``path``.

    Raises :class:`SourceFormatError` naming the line for a missing or wrong first line or
    header, a row with the wrong number of fields (a truncated file ends in one), an
    unterminated quote, or a row without a Group ID.
    """
    text, encoding = decode(path, read_bytes(path))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        first = next(reader, None)
        if first is None:
            raise SourceFormatError(str(path), None, "empty file")
        last_updated_text: str | None = None
        if _cell(first, 0).rstrip(":").lower() == "last updated":
            last_updated_text = _cell(first, 1) or None
            header_cells = next(reader, None)
        else:
            header_cells = first  # tolerate a file whose date line was cut off by hand
        if header_cells is None:
            raise SourceFormatError(str(path), "line 2", "no header row")
        header = [cell.strip() for cell in header_cells]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise SourceFormatError(
                str(path), f"line {reader.line_num}",
                "not an OFSI ConList header (expected 'Last Updated,DD/MM/YYYY' then "
                f"'Name 6,Name 1,...,Group ID'; missing columns: {', '.join(missing)})")
        groups: dict[str, Group] = {}
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            line = reader.line_num
            if len(cells) != len(header):
                raise SourceFormatError(
                    str(path), f"line {line}",
                    f"{len(cells)} fields where the header has {len(header)} (a truncated "
                    "or damaged file)")
            row = {name: cell.strip() for name, cell in zip(header, cells, strict=True)
                   if name and cell.strip()}
            group_id = row.get("Group ID")
            if not group_id:
                raise SourceFormatError(str(path), f"line {line}", "row without a Group ID")
            groups.setdefault(group_id, Group(group_id)).rows.append(Row(line, row))
    except csv.Error as exc:
        raise SourceFormatError(str(path), f"line {reader.line_num}",
                                f"malformed CSV ({exc}; a truncated file ends inside a "
                                "quoted field)") from exc
    if not groups:
        raise SourceFormatError(str(path), None, "header but no rows")
    return ConList(list(groups.values()), full_date(last_updated_text), last_updated_text,
                   encoding, text.endswith(("\n", "\r")))


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""
