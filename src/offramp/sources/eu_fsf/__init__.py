"""The EU Financial Sanctions File, full XML edition (format ``eu-fsf-xml``, list ``eu-fsf``).

The European Commission publishes the consolidated list of persons, groups and entities
subject to EU financial sanctions as ``xmlFullSanctionsList_1_1`` (linked from
https://data.europa.eu/data/datasets/consolidated-list-of-persons-groups-and-entities-subject-to-eu-financial-sanctions).
Entries are identified by their ``logicalId``; the EU reference number (``EU.36.64``) is kept
as ``authorityId``. Built from the schema's element and attribute names as real files and
public parsers show them, and tested on hand-made files in the same shape: see
docs/formats-uk-eu.md.
"""

from __future__ import annotations

import re
from pathlib import Path

from offramp.model import SourceFormatError
from offramp.sources.base import ParsedList
from offramp.sources.eu_fsf.mapper import map_entity
from offramp.sources.eu_fsf.reader import read_file

_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?export[\s>/]")


class EuFsfFormat:
    """Reader for the EU's ``xmlFullSanctionsList_1_1`` file."""

    name = "eu-fsf-xml"
    default_source = "eu-fsf"
    description = "EU Financial Sanctions File (FSF), full XML"

    def sniff(self, path: Path, head: bytes) -> bool:
        """True for an ``<export>`` root in the FSD namespace or holding sanctionEntity."""
        return _ROOT.search(head) is not None and (
            b"eu.europa.ec/fpi/fsd/export" in head or b"sanctionEntity" in head)

    def read(self, path: Path, source: str | None = None) -> ParsedList:
        """Read the whole file; any malformed entry fails the whole read."""
        parsed = read_file(path)
        src = source or self.default_source
        warnings: list[str] = []
        if parsed.generated_text and parsed.generated is None:
            warnings.append(f"generationDate {parsed.generated_text!r} is not a date")
        entities = []
        seen: set[str] = set()
        for item in parsed.entities:
            entity, notes = map_entity(item.record, src, str(path), item.number)
            if entity.id in seen:
                raise SourceFormatError(str(path), f"element <sanctionEntity> #{item.number}",
                                        f"logicalId {entity.id} appears twice")
            seen.add(entity.id)
            entities.append(entity)
            warnings.extend(notes)
        return ParsedList(
            source=src,
            format=self.name,
            entities=tuple(entities),
            files=(path,),
            publisher_date=parsed.generated,
            warnings=tuple(warnings),
        )


FORMAT = EuFsfFormat()
