"""UN Security Council consolidated list (``consolidated.xml``): every individual and entity
under the Council's sanctions regimes (ISIL/Al-Qaida, Taliban, DPRK, Iran, Libya, ...).

Entity ids are the UN reference numbers ("CDi.001"); names keep the original-script form the
UN gives (mostly Arabic) beside the Latin one, and "Low" quality aliases are weak names.
"""

from __future__ import annotations

import re
from pathlib import Path

from offramp.model import Entity, SourceFormatError
from offramp.sources.base import ParsedList
from offramp.sources.un.mapper import to_entity
from offramp.sources.un.reader import ROOT, read_records

SOURCE = "un-sc"
_ROOT_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?" + ROOT.encode() + rb"[\s>/]")


class UnScFormat:
    """The UN Security Council consolidated list XML format (``un-sc-xml``)."""

    name = "un-sc-xml"
    default_source = SOURCE
    description = "UN Security Council consolidated list (XML)"

    def sniff(self, path: Path, head: bytes) -> bool:
        """True when the document element is ``<CONSOLIDATED_LIST>``."""
        return bool(_ROOT_TAG.search(head))

    def read(self, path: Path, source: str | None = None) -> ParsedList:
        """Read the whole file; any malformed byte or entry fails the whole read."""
        chosen = source or SOURCE
        publisher_date, records = read_records(path)
        entities: list[Entity] = []
        warnings: list[str] = []
        seen: dict[str, str] = {}
        for record in records:
            dataid = record.fields.get("DATAID") or "?"
            where = f"<{record.kind}> #{record.number} (DATAID {dataid})"
            try:
                mapped = to_entity(record.kind, record.fields, chosen)
            except ValueError as exc:
                raise SourceFormatError(str(path), where, str(exc)) from exc
            if mapped.entity.id in seen:
                raise SourceFormatError(str(path), where, f"reference number "
                                        f"{mapped.entity.id} also used by {seen[mapped.entity.id]}")
            seen[mapped.entity.id] = where
            entities.append(mapped.entity)
            warnings.extend(mapped.warnings)
        return ParsedList(
            source=chosen,
            format=self.name,
            entities=tuple(entities),
            files=(path,),
            publisher_date=publisher_date,
            warnings=tuple(warnings),
        )


FORMAT = UnScFormat()

__all__ = ["FORMAT", "UnScFormat"]
