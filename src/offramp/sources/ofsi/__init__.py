"""OFSI's Consolidated List of financial sanctions targets, CSV edition.

Format ``ofsi-conlist-csv``, list ``ofsi``. HM Treasury's Office of Financial Sanctions
Implementation publishes ``ConList.csv`` (the "2022format" layout) from
https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets :
one row per name, rows grouped into entries by Group ID. Built from OFSI's format notes and
public parsers, and tested on hand-made files in the same shape: see docs/formats-uk-eu.md.
"""

from __future__ import annotations

from pathlib import Path

from offramp.sources.base import ParsedList
from offramp.sources.ofsi.mapper import map_group
from offramp.sources.ofsi.reader import read_file


class OfsiFormat:
    """Reader for ``ConList.csv``."""

    name = "ofsi-conlist-csv"
    default_source = "ofsi"
    description = "UK OFSI Consolidated List (ConList.csv)"

    def sniff(self, path: Path, head: bytes) -> bool:
        """True for a ``Last Updated`` first line followed by the ``Name 6`` header."""
        start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
        return start[:12].lower() == b"last updated" and b"Name 6" in head

    def read(self, path: Path, source: str | None = None) -> ParsedList:
        """Read the whole file; any malformed row fails the whole read."""
        conlist = read_file(path)
        src = source or self.default_source
        warnings: list[str] = []
        if conlist.last_updated_text and conlist.last_updated is None:
            warnings.append(f"Last Updated {conlist.last_updated_text!r} is not a date")
        if conlist.encoding != "utf-8":
            warnings.append(f"read as {conlist.encoding} (not UTF-8)")
        if not conlist.ends_with_newline:
            # Real files end with a line break; one that does not may have been cut off
            # exactly at a field boundary, which no other check can see.
            warnings.append("the file does not end with a line break: it may be truncated")
        entities = []
        for group in conlist.groups:
            entity, notes = map_group(group, src, str(path))
            entities.append(entity)
            warnings.extend(notes)
        return ParsedList(
            source=src,
            format=self.name,
            entities=tuple(entities),
            files=(path,),
            publisher_date=conlist.last_updated,
            warnings=tuple(warnings),
        )


FORMAT = OfsiFormat()
