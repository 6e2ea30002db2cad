"""A user's own watchlist as CSV (format ``custom-csv``), documented in docs/custom-list.md.

Columns: ``id`` and ``name`` (required), ``schema``, ``aliases``, ``country``,
``birth_date``, ``identifiers``, ``program``, ``notes``, ``source_url``. Errors name the
line and the column.
"""

from __future__ import annotations

from pathlib import Path

from offramp.sources.base import ParsedList
from offramp.sources.custom.mapper import map_rows
from offramp.sources.custom.reader import COLUMNS, looks_like_custom, read_custom


class CustomCsvFormat:
    """The custom watchlist CSV."""

    name = "custom-csv"
    default_source = "custom"
    description = "Custom watchlist, CSV (id, name, schema, aliases, country, ...)"

    def sniff(self, path: Path, head: bytes) -> bool:
        """True when the first line is a header with ``id`` and ``name`` columns."""
        return looks_like_custom(head)

    def read(self, path: Path, source: str | None = None) -> ParsedList:
        """Read and check every row; the first problem fails the load."""
        parsed = read_custom(path)
        source = source or self.default_source
        entities = map_rows(str(path), parsed.rows, source)
        warnings: list[str] = []
        if parsed.unknown_columns:
            warnings.append(
                f"column(s) not read by offramp, kept in each entry's record: "
                f"{', '.join(parsed.unknown_columns)} (known: {', '.join(COLUMNS)})")
        if not entities:
            warnings.append("the list has a header but no entries")
        return ParsedList(source=source, format=self.name, entities=entities, files=[path],
                          warnings=warnings)


FORMAT = CustomCsvFormat()

__all__ = ["FORMAT", "CustomCsvFormat"]
