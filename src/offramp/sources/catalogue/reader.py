"""The restricted-vendor catalogue CSV (see docs/catalogue.md) -> rows as written.

offramp's own file, reviewed like code: UTF-8, comma-delimited, a header row naming every
column. Structure problems (a missing column, a wrong number of fields, an unclosed quote)
raise :class:`~offramp.model.SourceFormatError` naming the line; what the cells mean is
checked by :mod:`offramp.sources.catalogue.mapper`.
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
    "party_id", "instrument", "instrument_name", "party", "kind", "parent", "aliases",
    "country", "date", "scope", "source_url", "source_date", "confirmed", "note",
)
# Enough to tell the catalogue from other CSV lists when sniffing (the custom watchlist
# format has ``id`` and ``name`` instead).
_SIGNATURE: tuple[str, ...] = ("party_id", "instrument", "party", "confirmed")


@dataclass(frozen=True, slots=True)
class CatalogueRow:
    """One data row: ``line`` where it starts in the file, ``cells`` by column name."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """The cell, stripped; empty when blank."""
        return self.cells.get(column, "").strip()


@dataclass(frozen=True, slots=True)
class CatalogueCsv:
    """The parsed file: its header and rows in file order."""

    header: tuple[str, ...]
    rows: Sequence[CatalogueRow]

    @property
    def unknown_columns(self) -> tuple[str, ...]:
        """Columns offramp does not read (kept in each entity's record)."""
        return tuple(c for c in self.header if c not in COLUMNS)


def _fields(line: str) -> list[str]:
    try:
        return [f.strip().lower() for f in next(csv.reader([line]), [])]
    except csv.Error:
        return []  # not a CSV line (a binary file being sniffed)


def looks_like_catalogue(head: bytes) -> bool:
    """True when the first line is a catalogue header."""
    text = head.lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace")
    first = text.splitlines()[0] if text.strip() else ""
    fields = _fields(first)
    return all(c in fields for c in _SIGNATURE)


def _check_header(path: Path, header: tuple[str, ...]) -> None:
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise SourceFormatError(
            str(path), "line 1",
            f"missing column(s) {', '.join(missing)} (the header must name: "
            f"{', '.join(COLUMNS)})")
    for column in header:
        if column and header.count(column) > 1:
            raise SourceFormatError(str(path), f"line 1, column {column}",
                                    "column appears twice in the header")


def read_catalogue(path: Path) -> CatalogueCsv:
    """Parse ``path``; structural problems raise :class:`SourceFormatError` with the line."""
    text = decode_text(path, read_bytes(path))
    if not text.strip():
        raise SourceFormatError(str(path), None, "empty file (a header row is required)")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: tuple[str, ...] | None = None
    rows: list[CatalogueRow] = []
    last_line = 0
    try:
        for fields in reader:
            start, last_line = last_line + 1, reader.line_num
            if header is None:
                header = tuple(f.strip().lower() for f in fields)
                _check_header(path, header)
                continue
            if not any(f.strip() for f in fields):
                continue  # blank line
            if len(fields) != len(header):
                raise SourceFormatError(
                    str(path), f"line {start}",
                    f"expected {len(header)} fields, found {len(fields)} (a missing or extra "
                    "comma, or an unclosed quote?)")
            rows.append(CatalogueRow(start, dict(zip(header, fields, strict=True))))
    except csv.Error as exc:
        # csv's own line_num is where it gave up (often the end of the file for an unclosed
        # quote); the broken row starts after the last complete one.
        raise SourceFormatError(str(path), f"line {last_line + 1}",
                                f"malformed CSV ({exc}); an unclosed quote?") from exc
    assert header is not None
    return CatalogueCsv(header, rows)
