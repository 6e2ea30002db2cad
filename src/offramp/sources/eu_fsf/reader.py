"""Read the EU Financial Sanctions File (``xmlFullSanctionsList_1_1``) into plain dicts.

The file is ``<export generationDate="...">`` (namespace ``http://eu.europa.ec/fpi/fsd/export``,
matched by local name only) holding one ``<sanctionEntity>`` per listed person or entity.
Nearly all data is in attributes: a ``<sanctionEntity>`` becomes a dict of its attributes
plus, per child element name, a list of the children converted the same way; a child with
neither attributes nor children (``<remark>``, ``<publicationUrl>``) becomes its text.
Empty attributes (the file writes ``title=""`` for every missing value) are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from offramp.model import SourceFormatError
from offramp.sources import xmlsafe
from offramp.sources.xmlsafe import iter_records, local

ROOT = "export"
RECORD = "sanctionEntity"

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True, slots=True)
class SanctionEntity:
    """One ``<sanctionEntity>``: its position in the file (1-based) and its content."""

    number: int
    record: dict[str, Any]


@dataclass(frozen=True, slots=True)
class FsfFile:
    """Everything read from one file."""

    entities: list[SanctionEntity]
    generated: date | None
    generated_text: str | None


def convert(elem: Element) -> Any:
    """An element as a dict (attributes + child lists) or, with neither, its text."""
    attrs = {local(k): v.strip() for k, v in elem.attrib.items() if v and v.strip()}
    if not attrs and not len(elem):
        return (elem.text or "").strip() or None
    record: dict[str, Any] = dict(attrs)
    for sub in elem:
        value = convert(sub)
        if value is not None:
            record.setdefault(local(sub.tag), []).append(value)
    text = (elem.text or "").strip()
    if text:
        record["text"] = text
    return record


def parse_date(text: str | None) -> date | None:
    """``2018-12-21`` or ``2018-12-21T14:39:54.511+01:00`` -> the calendar date."""
    m = _ISO_DATE.match((text or "").strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def read_file(path: Path) -> FsfFile:
    """All ``<sanctionEntity>`` records of ``path``, in file order, and the file's date.

    Raises :class:`SourceFormatError` for malformed or truncated XML, a root other than
    ``<export>`` or a file with no entities; DTDs raise ``UnsafeInputError``.
    """
    entities: list[SanctionEntity] = []
    generated_text: str | None = None
    for root, elem in iter_records(path, RECORD):
        if local(root.tag) != ROOT:
            raise SourceFormatError(str(path), "root element",
                                    f"<{local(root.tag)}> is not an EU Financial Sanctions "
                                    f"File root (expected <{ROOT}>)")
        if not entities:
            generated_text = root.get("generationDate")
        record = convert(elem)
        entities.append(SanctionEntity(len(entities) + 1,
                                       record if isinstance(record, dict) else {}))
    if not entities:
        found = xmlsafe.local(xmlsafe.root_element(path).tag)
        if found != ROOT:
            raise SourceFormatError(str(path), "root element",
                                    f"<{found}> is not an EU Financial Sanctions File root "
                                    f"(expected <{ROOT}>)")
        raise SourceFormatError(str(path), None, f"no <{RECORD}> elements: not an EU "
                                "Financial Sanctions File, or an empty one")
    return FsfFile(entities, parse_date(generated_text), generated_text)
