"""The FCDO's UK Sanctions List, XML edition (format ``uk-fcdo-xml``, list ``uk-sanctions``).

Published at https://www.gov.uk/government/publications/the-uk-sanctions-list as
``UK_Sanctions_List.xml``: every person, entity and ship designated under the Sanctions and
Anti-Money Laundering Act 2018, one ``<Designation>`` each, identified by its Unique ID
(``RUS0001``). Built from the FCDO's format guidance and public parsers, and tested on
hand-made files in the same shape: see docs/formats-uk-eu.md.
"""

from __future__ import annotations

import re
from pathlib import Path

from offramp.model import SourceFormatError
from offramp.sources.base import ParsedList
from offramp.sources.uk_fcdo.mapper import map_designation
from offramp.sources.uk_fcdo.reader import read_file

_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?Designations[\s>/]")


class UkFcdoFormat:
    """Reader for ``UK_Sanctions_List.xml``."""

    name = "uk-fcdo-xml"
    default_source = "uk-sanctions"
    description = "UK Sanctions List (FCDO), XML"

    def sniff(self, path: Path, head: bytes) -> bool:
        """True when the root element is ``<Designations>``."""
        return _ROOT.search(head) is not None

    def read(self, path: Path, source: str | None = None) -> ParsedList:
        """Read the whole file; any malformed designation fails the whole read."""
        parsed = read_file(path)
        entities = []
        warnings: list[str] = []
        if parsed.generated_text and parsed.generated is None:
            warnings.append(f"DateGenerated {parsed.generated_text!r} is not a date")
        seen: set[str] = set()
        for designation in parsed.designations:
            entity, notes = map_designation(designation.record, source or self.default_source,
                                            str(path), designation.number)
            if entity.id in seen:
                # The Unique ID is the key users look entries up by; two would be ambiguous.
                raise SourceFormatError(str(path), f"element <Designation> #{designation.number}",
                                        f"UniqueID {entity.id} appears twice")
            seen.add(entity.id)
            entities.append(entity)
            warnings.extend(notes)
        return ParsedList(
            source=source or self.default_source,
            format=self.name,
            entities=tuple(entities),
            files=(path,),
            publisher_date=parsed.generated,
            warnings=tuple(warnings),
        )


FORMAT = UkFcdoFormat()
