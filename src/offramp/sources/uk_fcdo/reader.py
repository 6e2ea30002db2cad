"""Read the FCDO "UK Sanctions List" XML into one plain dict per ``<Designation>``.

The file is ``<Designations>`` with a ``<DateGenerated>`` child and one ``<Designation>`` per
designated person, entity or ship. Designations carry no data in attributes, only in child
elements, so a designation becomes a dict of element name -> text (leaf) or dict (container);
a name that repeats (``<Name>``, ``<DOB>``, ``<Address>``) becomes a list. Empty elements are
left out. That dict is the entity's ``record``: the designation as published.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from offramp.model import SourceFormatError
from offramp.sources import xmlsafe
from offramp.sources.uk_fcdo.conventions import full_date
from offramp.sources.xmlsafe import iter_records, local

ROOT = "Designations"
RECORD = "Designation"
DATE_ELEMENT = "DateGenerated"



@dataclass(frozen=True, slots=True)
class Designation:
    """One ``<Designation>``: its position in the file (1-based) and its content."""

    number: int
    record: dict[str, Any]


@dataclass(frozen=True, slots=True)
class UkSanctionsFile:
    """Everything read from one file."""

    designations: list[Designation]
    generated: date | None
    generated_text: str | None


def element_record(elem: Element) -> dict[str, Any]:
    """An element's children as a dict (see the module docstring for the shape)."""
    record: dict[str, Any] = {}
    for sub in elem:
        # A container becomes a dict, a leaf its text; empty ones are left out.
        value: Any = (element_record(sub) if len(sub) else (sub.text or "").strip()) or None
        if value is None:
            continue
        key = local(sub.tag)
        if key not in record:
            record[key] = value
        elif isinstance(record[key], list):
            record[key].append(value)
        else:
            record[key] = [record[key], value]
    return record


def read_file(path: Path) -> UkSanctionsFile:
    """All designations of ``path`` in file order, and the file's ``DateGenerated``.

    Raises :class:`SourceFormatError` for malformed or truncated XML, a root other than
    ``<Designations>`` or a file with no designations; DTDs raise ``UnsafeInputError``.
    """
    designations: list[Designation] = []
    generated_text: str | None = None
    for root, elem in _iter(path):
        if local(root.tag) != ROOT:
            raise SourceFormatError(str(path), "root element",
                                    f"<{local(root.tag)}> is not a UK Sanctions List root "
                                    f"(expected <{ROOT}>)")
        if local(elem.tag) == DATE_ELEMENT:
            generated_text = (elem.text or "").strip() or None
            continue
        designations.append(Designation(len(designations) + 1, element_record(elem)))
    if not designations:
        found = local(xmlsafe.root_element(path).tag)
        if found != ROOT:
            raise SourceFormatError(str(path), "root element",
                                    f"<{found}> is not a UK Sanctions List root "
                                    f"(expected <{ROOT}>)")
        raise SourceFormatError(str(path), None, f"no <{RECORD}> elements: not a UK "
                                "Sanctions List file, or an empty one")
    return UkSanctionsFile(designations, full_date(generated_text), generated_text)


def _iter(path: Path) -> Iterator[tuple[Element, Element]]:
    # DateGenerated is a direct child of the root; a <Designation> never contains one.
    yield from iter_records(path, {RECORD, DATE_ELEMENT})
