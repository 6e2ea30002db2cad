"""US Consolidated Screening List (trade.gov): the CSV download and the JSON form.

The CSL merges the Commerce (Entity List, Denied Persons, Unverified, Military End User),
State (ITAR Debarred, Nonproliferation) and Treasury (SDN and non-SDN) lists in one file;
every entry keeps its sub-list as a short code in ``Entity.source_list`` ("EL", "DPL",
"SDN", "CMIC", ...), see :mod:`offramp.sources.csl.codes`.

``FORMAT`` is the CSV (``us-csl-csv``); the JSON form (``us-csl-json``) is
:data:`JSON_FORMAT`, also exposed as ``FORMAT`` by :mod:`offramp.sources.csl.json_format`
so the registry can list it as a module of its own. ``FORMATS`` holds both.
"""

from __future__ import annotations

from pathlib import Path

from offramp.sources.base import ParsedList
from offramp.sources.csl.json_reader import looks_like_csl_json, read_json
from offramp.sources.csl.mapper import CslMapper
from offramp.sources.csl.reader import looks_like_csl_csv, read_csv

SOURCE = "us-csl"


class CslCsvFormat:
    """The CSL CSV download, old (28 columns) and current (29, ``_id`` first) headers."""

    name = "us-csl-csv"
    default_source = SOURCE
    description = "US Consolidated Screening List, CSV (trade.gov)"

    def sniff(self, path: Path, head: bytes) -> bool:
        """True when the first line is a CSL header."""
        return looks_like_csl_csv(head)

    def read(self, path: Path, source: str | None = None) -> ParsedList:
        """Read the whole file; any malformed row fails the load (no partial lists)."""
        parsed = read_csv(path)
        mapper = CslMapper(source or self.default_source)
        entities = [mapper.map_row(row, type_first=parsed.current_header)
                    for row in parsed.rows]
        # The CSV carries no publication date; it is left unknown rather than guessed.
        return ParsedList(source=mapper.source, format=self.name, entities=entities,
                          files=[path], publisher_date=None, warnings=mapper.warnings)


class CslJsonFormat:
    """The CSL as trade.gov's search/bulk JSON (``results`` with structured fields)."""

    name = "us-csl-json"
    default_source = SOURCE
    description = "US Consolidated Screening List, JSON (trade.gov API shape)"

    def sniff(self, path: Path, head: bytes) -> bool:
        """True for JSON whose first bytes show CSL result fields."""
        return looks_like_csl_json(head)

    def read(self, path: Path, source: str | None = None) -> ParsedList:
        """Read the whole file; ``publisher_date`` is the newest ``source_last_updated``."""
        parsed = read_json(path)
        mapper = CslMapper(source or self.default_source)
        entities = [mapper.map_result(result, number)
                    for number, result in enumerate(parsed.results)]
        return ParsedList(source=mapper.source, format=self.name, entities=entities,
                          files=[path], publisher_date=parsed.last_updated(),
                          extras={"sources_used": list(parsed.sources_used)}
                          if parsed.sources_used else {},
                          warnings=mapper.warnings)


FORMAT = CslCsvFormat()
JSON_FORMAT = CslJsonFormat()
FORMATS = (FORMAT, JSON_FORMAT)

__all__ = ["FORMAT", "FORMATS", "JSON_FORMAT", "CslCsvFormat", "CslJsonFormat"]
