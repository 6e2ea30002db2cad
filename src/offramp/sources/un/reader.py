"""UN Security Council consolidated list XML -> records in the list's own shape.

The file is ``<CONSOLIDATED_LIST dateGenerated="...">`` with ``INDIVIDUALS/INDIVIDUAL`` and
``ENTITIES/ENTITY``. Each entry becomes a dict keyed by the UN's own element names:
single-text elements as strings (None when empty), ``<X><VALUE>..</VALUE></X>`` groups as
lists of strings, and the repeated sub-records (aliases, addresses, dates and places of
birth, documents) as lists of dicts, with the empty placeholders the UN writes
(``<INDIVIDUAL_DOCUMENT/>``, an alias with empty QUALITY and ALIAS_NAME) left out.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from offramp.model import SourceFormatError
from offramp.sources import xmlsafe

ROOT = "CONSOLIDATED_LIST"
INDIVIDUAL = "INDIVIDUAL"
ENTITY = "ENTITY"

# Sub-records that repeat; always lists of dicts, even when the file has one or none.
GROUPS = frozenset({
    "INDIVIDUAL_ALIAS", "ENTITY_ALIAS", "INDIVIDUAL_ADDRESS", "ENTITY_ADDRESS",
    "INDIVIDUAL_DATE_OF_BIRTH", "INDIVIDUAL_PLACE_OF_BIRTH", "INDIVIDUAL_DOCUMENT",
})
# Elements holding one or more <VALUE> children; always lists of strings.
VALUE_LISTS = frozenset({"TITLE", "DESIGNATION", "NATIONALITY", "LIST_TYPE",
                         "LAST_DAY_UPDATED"})

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class UnRecord:
    """One list entry: its kind (``INDIVIDUAL`` or ``ENTITY``), position and fields."""

    kind: str
    number: int  # 1-based position among entries of its kind, for error messages
    fields: Record


def _group(elem: Element) -> Record:
    fields: Record = {}
    for sub in elem:
        name = xmlsafe.local(sub.tag)
        value = xmlsafe.text(sub)
        if value is None:
            continue
        # A repeated field inside a sub-record is rare; keep every value rather than one.
        if name in fields:
            previous = fields[name]
            fields[name] = [*previous, value] if isinstance(previous, list) else [previous,
                                                                                   value]
        else:
            fields[name] = value
    return fields


def entry_fields(elem: Element) -> Record:
    """One INDIVIDUAL/ENTITY element as a JSON-ready dict in the UN's own shape."""
    fields: Record = {}
    for sub in elem:
        name = xmlsafe.local(sub.tag)
        if name in GROUPS or (len(sub) and name not in VALUE_LISTS):
            group = _group(sub)
            items = fields.setdefault(name, [])
            if group:
                items.append(group)
        elif name in VALUE_LISTS:
            values = fields.setdefault(name, [])
            values.extend(v for v in (xmlsafe.text(x) for x in sub) if v)
        else:
            fields[name] = xmlsafe.text(sub)
    return fields


def generated_on(path: Path, root: Element) -> date | None:
    """The ``dateGenerated`` attribute as a date (it is a timestamp, e.g.
    ``2026-02-27T00:00:09.554Z``); None when absent."""
    stamp = root.get("dateGenerated")
    if not stamp:
        return None
    try:
        return date.fromisoformat(stamp[:10])
    except ValueError as exc:
        raise SourceFormatError(str(path), f"<{ROOT}> dateGenerated",
                                f"not a date: {stamp!r}") from exc


def read_records(path: Path) -> tuple[date | None, Iterator[UnRecord]]:
    """Check the root, then stream the entries (raising on the first malformed byte)."""
    root = xmlsafe.root_element(path)
    found = xmlsafe.local(root.tag)
    if found != ROOT:
        raise SourceFormatError(str(path), "root element", f"expected <{ROOT}> (UN Security "
                                f"Council consolidated list), found <{found}>")
    return generated_on(path, root), _records(path)


def _records(path: Path) -> Iterator[UnRecord]:
    counts = {INDIVIDUAL: 0, ENTITY: 0}
    try:
        for _root_elem, elem in xmlsafe.iter_records(path, {INDIVIDUAL, ENTITY}):
            kind = xmlsafe.local(elem.tag)
            counts[kind] += 1
            yield UnRecord(kind, counts[kind], entry_fields(elem))
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise SourceFormatError(str(path), f"after {counts[INDIVIDUAL]} individuals and "
                                f"{counts[ENTITY]} entities",
                                f"truncated or corrupt gzip: {exc}") from exc
    except OSError as exc:
        raise SourceFormatError(str(path), None, f"cannot read: {exc}") from exc
