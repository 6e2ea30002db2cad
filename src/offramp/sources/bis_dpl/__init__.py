"""BIS Denied Persons List (``dpl.txt``), tab-separated with quoted fields.

Rows of one party are merged into one entity (see :mod:`offramp.sources.bis_dpl.mapper`).
The file states no publication date; ``publisher_date`` is taken from the file name only
when it carries a full date (``dpl-2022-09-07.txt``), never from the file's mtime.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from offramp.sources.base import ParsedList
from offramp.sources.bis_dpl.mapper import map_rows
from offramp.sources.bis_dpl.reader import looks_like_dpl, read_rows

_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def date_from_name(path: Path) -> date | None:
    """A ``YYYY-MM-DD`` date in the file name (archives are named so), else None."""
    match = _NAME_DATE.search(path.name)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


class BisDplFormat:
    """The BIS Denied Persons List text file."""

    name = "bis-dpl-txt"
    default_source = "bis-dpl"
    description = "BIS Denied Persons List, tab-separated text (bis.doc.gov dpl.txt)"

    def sniff(self, path: Path, head: bytes) -> bool:
        """True when the first line is the DPL header."""
        return looks_like_dpl(head)

    def read(self, path: Path, source: str | None = None) -> ParsedList:
        """Read and merge all rows; any malformed row fails the whole load."""
        rows = read_rows(path)
        source = source or self.default_source
        entities = map_rows(str(path), rows, source)
        return ParsedList(source=source, format=self.name, entities=entities, files=[path],
                          publisher_date=date_from_name(path))


FORMAT = BisDplFormat()

__all__ = ["FORMAT", "BisDplFormat", "date_from_name"]
