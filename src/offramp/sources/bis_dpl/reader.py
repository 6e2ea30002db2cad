"""BIS Denied Persons List text file -> rows as published.

The file (``dpl.txt``) is tab-separated with every field in double quotes and a header
``Name, Street_Address, City, State, Country, Postal_Code, Effective_Date,
Expiration_Date, Standard_Order, Last_Update, Action, FR_Citation``. One row per
(party, address, order): the same party appears on several rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from offramp.model import SourceFormatError
from offramp.sources.files import decode_text, read_bytes

COLUMNS: tuple[str, ...] = (
    "Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date",
    "Expiration_Date", "Standard_Order", "Last_Update", "Action", "FR_Citation",
)

# Older BIS files were written by Windows tools; UTF-8 first, then Windows-1252, whose
# five undefined bytes still make a corrupt file fail instead of turning into mojibake.
ENCODINGS: tuple[str, ...] = ("utf-8", "cp1252")


@dataclass(frozen=True, slots=True)
class DplRow:
    """One row: ``line`` is its line number in the file (1 = header)."""

    line: int
    cells: dict[str, str]


def looks_like_dpl(head: bytes) -> bool:
    """True when the first line is the DPL header (quoted or not)."""
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    fields = [f.strip().strip('"').strip().lower() for f in first.strip().split("\t")]
    return fields[:3] == [c.lower() for c in COLUMNS[:3]]


def read_rows(path: Path) -> Sequence[DplRow]:
    """All rows of ``path`` (plain or .gz), checked against the header.

    A wrong header, a row with another number of fields (a truncated file), an unterminated
    quote or undecodable bytes raise :class:`SourceFormatError` naming the line.
    """
    text = decode_text(path, read_bytes(path), ENCODINGS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", strict=True)
    rows: list[DplRow] = []
    header: list[str] | None = None
    last_line = 0
    try:
        for fields in reader:
            start, last_line = last_line + 1, reader.line_num
            if header is None:
                header = [f.strip() for f in fields]
                if [h.lower() for h in header] != [c.lower() for c in COLUMNS]:
                    raise SourceFormatError(
                        str(path), "line 1",
                        "not a Denied Persons List header (expected the tab-separated "
                        f"columns {', '.join(COLUMNS)})",
                    )
                continue
            if not fields or fields == [""]:
                continue
            if len(fields) != len(COLUMNS):
                raise SourceFormatError(
                    str(path), f"line {start}",
                    f"expected {len(COLUMNS)} tab-separated fields, found {len(fields)} "
                    "(truncated or mis-quoted row)",
                )
            rows.append(DplRow(start, dict(zip(COLUMNS, fields, strict=True))))
    except csv.Error as exc:
        # The failing row starts after the last complete one; csv's own line_num is
        # where it gave up, often the end of the file for an unclosed quote.
        raise SourceFormatError(str(path), f"line {last_line + 1}",
                                f"malformed row ({exc}); an unclosed quote or a truncated file?"
                                ) from exc
    if header is None:
        raise SourceFormatError(str(path), None, "empty file")
    if not rows:
        raise SourceFormatError(str(path), None, "header only, no entries")
    return rows
