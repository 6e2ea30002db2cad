"""OFAC advanced XML: ``sdn_advanced.xml`` (the SDN list) and ``cons_advanced.xml`` (the
non-SDN consolidated list: SSI, NS-PLC, FSE, CAPTA, NS-CMIC, ...).

The richest OFAC format: structured names with alias types and "low quality" flags, dates as
periods, identity documents with issuing countries, and ownership relationships between
parties by id. Entity ids are the FixedRef, equal to the legacy files' ``ent_num``.
"""

from __future__ import annotations

import re
from pathlib import Path

from offramp.model import Entity, SourceFormatError
from offramp.sources.base import ParsedList
from offramp.sources.ofac_advanced.mapper import caption_of, to_entity
from offramp.sources.ofac_advanced.reader import looks_advanced, read_publication

SDN = "ofac-sdn"
CONS = "ofac-cons"
_SDN_LIST = "SDN List"


def source_for(path: Path, lists: list[str]) -> str:
    """``ofac-sdn`` or ``ofac-cons``: from the file name, else from the lists the entries
    are on (a file whose entries are all on the "SDN List" is the SDN file)."""
    name = path.name.lower()
    if re.match(r"sdn[_-]?advanced", name):
        return SDN
    if re.match(r"cons[_-]?advanced", name):
        return CONS
    return SDN if lists and all(item == _SDN_LIST for item in lists) else CONS


class OfacAdvancedFormat:
    """The OFAC advanced XML format (``ofac-advanced-xml``)."""

    name = "ofac-advanced-xml"
    default_source = SDN
    description = "OFAC advanced XML (sdn_advanced.xml / cons_advanced.xml)"

    def sniff(self, path: Path, head: bytes) -> bool:
        """True for a document whose root is ``<Sanctions>`` with OFAC's sections."""
        return looks_advanced(head)

    def read(self, path: Path, source: str | None = None) -> ParsedList:
        """Read one advanced XML file; the source is decided from the file when not given."""
        publication = read_publication(path)
        chosen = source or source_for(path, publication.lists)
        captions = {str(p["fixed_ref"]): c for p in publication.parties
                    if (c := caption_of(p))}
        entities: list[Entity] = []
        seen: set[str] = set()
        for number, party in enumerate(publication.parties, 1):
            where = f"<DistinctParty> #{number} (FixedRef {party['fixed_ref']})"
            if party["fixed_ref"] in seen:
                raise SourceFormatError(str(path), where, "duplicate FixedRef")
            seen.add(party["fixed_ref"])
            try:
                entities.append(to_entity(party, chosen, captions))
            except ValueError as exc:
                raise SourceFormatError(str(path), where, str(exc)) from exc
        return ParsedList(
            source=chosen,
            format=self.name,
            entities=tuple(entities),
            files=(path,),
            publisher_date=publication.date_of_issue,
            warnings=tuple(publication.warnings),
        )


FORMAT = OfacAdvancedFormat()

__all__ = ["FORMAT", "OfacAdvancedFormat", "source_for"]
