"""A custom watchlist CSV (see docs/custom-list.md) -> rows as written.

UTF-8 (a byte-order mark, as Excel writes it, is allowed); comma or semicolon delimiter,
decided from the header line. Column names are matched case-insensitively.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from offramp.model import SourceFormatError
from offramp.normalize.text import utf8_error_place
from offramp.sources.files import decode_text, read_bytes

REQUIRED: tuple[str, ...] = ("id", "name")
OPTIONAL: tuple[str, ...] = (
    "schema", "aliases", "country", "birth_date", "identifiers", "program", "notes",
    "source_url",
)
COLUMNS: tuple[str, ...] = REQUIRED + OPTIONAL


@dataclass(frozen=True, slots=True)
class CustomRow:
    """One data row: ``line`` where it starts in the file, ``cells`` by column name."""

    line: int
    cells: dict[str, str]


@dataclass(frozen=True, slots=True)
class CustomCsv:
    """The parsed file: header (lower-cased), delimiter and rows."""

    header: tuple[str, ...]
    delimiter: str
    rows: Sequence[CustomRow]

    @property
    def unknown_columns(self) -> tuple[str, ...]:
        """Columns offramp does not read (kept in each entity's ``record``)."""
        return tuple(c for c in self.header if c not in COLUMNS)


def _header_fields(line: str, delimiter: str) -> list[str]:
    try:
        row = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []  # not a CSV line at all (sniffing a binary or CR-only file)
    return [f.strip().lower() for f in row]


def detect_delimiter(first_line: str) -> str:
    """``,`` or ``;``: the one that makes the header hold both ``id`` and ``name``.

    When both would (a one-column-pair header), the one giving more columns wins; when
    neither does, ``,`` so the error names the missing column.
    """
    candidates = []
    for delimiter in (",", ";"):
        fields = _header_fields(first_line, delimiter)
        if all(c in fields for c in REQUIRED):
            candidates.append((len(fields), delimiter))
    return max(candidates)[1] if candidates else ","


def looks_like_custom(head: bytes) -> bool:
    """True when the first line is a header with at least ``id`` and ``name`` columns."""
    text = head.lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace")
    first = text.splitlines()[0] if text.strip() else ""
    fields = _header_fields(first, detect_delimiter(first))
    return all(c in fields for c in REQUIRED)


def read_custom(path: Path) -> CustomCsv:
    """Parse ``path``; structural problems raise :class:`SourceFormatError` with line/column."""
    data = read_bytes(path)
    try:
        text = decode_text(path, data)
    except SourceFormatError as exc:
        raise SourceFormatError(
            str(path), utf8_error_place(data),
            f"{exc.problem}; save the file as \"CSV UTF-8\"") from exc
    if not text.strip():
        raise SourceFormatError(str(path), None, "empty file (a header row is required)")
    first_line = text.splitlines()[0]
    delimiter = detect_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: tuple[str, ...] | None = None
    rows: list[CustomRow] = []
    last_line = 0
    try:
        for fields in reader:
            start, last_line = last_line + 1, reader.line_num
            if header is None:
                header = tuple(f.strip().lower() for f in fields)
                for column in REQUIRED:
                    if column not in header:
                        raise SourceFormatError(
                            str(path), f"line {start}",
                            f"missing required column {column!r} (the first row must be "
                            f"a header naming the columns: {', '.join(COLUMNS)})",
                        )
                for column in header:
                    if column and header.count(column) > 1:
                        raise SourceFormatError(str(path), f"line {start}, column {column}",
                                                "column appears twice in the header")
                continue
            if not any(f.strip() for f in fields):
                continue  # blank line
            if len(fields) != len(header):
                raise SourceFormatError(
                    str(path), f"line {start}",
                    f"expected {len(header)} fields separated by {delimiter!r}, found "
                    f"{len(fields)} (a missing or extra delimiter, or an unclosed quote?)",
                )
            rows.append(CustomRow(start, dict(zip(header, fields, strict=True))))
    except csv.Error as exc:
        # The failing row starts after the last complete one; csv's own line_num is
        # where it gave up, often the end of the file for an unclosed quote.
        raise SourceFormatError(str(path), f"line {last_line + 1}",
                                f"malformed CSV ({exc}); an unclosed quote or a truncated file?"
                                ) from exc
    assert header is not None
    return CustomCsv(header, delimiter, rows)
