"""FollowTheMoney entity files (OpenSanctions ``*.ftm.json``), one JSON object per line.

Entities keep their FtM id; ``Ownership`` edges come back in
``ParsedList.extras["ownership"]`` (see :mod:`offramp.sources.ftm.mapper` for what is read
and what is skipped). The files state no publication date: ``publisher_date`` is None.
"""

from __future__ import annotations

from pathlib import Path

from offramp.model import SourceFormatError
from offramp.sources.base import ParsedList
from offramp.sources.ftm.mapper import FtmMapper
from offramp.sources.ftm.ownership import Ownership
from offramp.sources.ftm.reader import looks_like_ftm, read_records


class FtmFormat:
    """FollowTheMoney JSON lines."""

    name = "ftm-json"
    default_source = "opensanctions"
    description = "FollowTheMoney entities, JSON lines (OpenSanctions and other FtM exports)"

    def sniff(self, path: Path, head: bytes) -> bool:
        """True when the file starts with a JSON object carrying FtM keys."""
        return looks_like_ftm(head)

    def read(self, path: Path, source: str | None = None) -> ParsedList:
        """Read every object; a broken line fails the load with its line number."""
        records = read_records(path)
        mapper = FtmMapper(records, source or self.default_source)
        try:
            entities, edges = mapper.map()
        except SourceFormatError as exc:
            raise SourceFormatError(str(path), exc.where, exc.problem) from exc
        return ParsedList(source=mapper.source, format=self.name, entities=entities,
                          files=[path], extras={"ownership": edges} if edges else {},
                          warnings=mapper.warnings)


FORMAT = FtmFormat()

__all__ = ["FORMAT", "FtmFormat", "Ownership"]
