"""FollowTheMoney entity files -> entity objects as published.

The usual form (OpenSanctions ``entities.ftm.json``) is one JSON object per line::

    {"id": "...", "schema": "Person", "properties": {"name": ["..."], ...},
     "caption": "...", "datasets": [...], "referents": [...], "target": true, ...}

Also read: a JSON array of such objects, and the "nested" form where a property value is
itself an entity object instead of an id (OpenSanctions' nested exports put ``Sanction`` and
``Address`` objects inside the entity): nested objects are lifted out and replaced by their
id, so the mapper sees one flat collection.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from offramp.model import SourceFormatError
from offramp.sources.files import decode_text, read_bytes


@dataclass(frozen=True, slots=True)
class FtmRecord:
    """One entity object and where it was found (``where``: "line 12", "item 3")."""

    where: str
    data: dict[str, Any]

    @property
    def id(self) -> str:
        """The entity id."""
        return str(self.data["id"])

    @property
    def schema(self) -> str:
        """The FollowTheMoney schema name ("Person", "Ownership", ...)."""
        return str(self.data["schema"])

    def values(self, prop: str) -> list[str]:
        """The values of ``prop`` (always a list of strings)."""
        values: list[str] = self.data["properties"].get(prop, [])
        return values

    def first(self, prop: str) -> str | None:
        """The first value of ``prop``, or None."""
        values = self.values(prop)
        return values[0] if values else None


def looks_like_ftm(head: bytes) -> bool:
    """True when the first bytes are a JSON object (or array) with FtM's keys."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if not text.startswith((b"{", b"[")):
        return False
    return b'"schema"' in text and (b'"properties"' in text or b'"id"' in text)


def _check(path: Path, where: str, obj: Any, out: list[FtmRecord]) -> str:
    """Validate one entity object, lift nested entities into ``out``; returns its id."""
    if not isinstance(obj, dict):
        raise SourceFormatError(str(path), where, "not a JSON object")
    for key in ("id", "schema"):
        if not isinstance(obj.get(key), str) or not obj[key]:
            raise SourceFormatError(str(path), where, f'missing or empty "{key}"')
    props = obj.get("properties", {})
    if not isinstance(props, dict):
        raise SourceFormatError(str(path), where, '"properties" is not an object')
    flat: dict[str, list[str]] = {}
    for prop, values in props.items():
        if not isinstance(values, list):
            values = [values]
        texts: list[str] = []
        for value in values:
            if isinstance(value, dict):
                texts.append(_check(path, f"{where}, nested in {prop}", value, out))
            elif isinstance(value, str | int | float) and not isinstance(value, bool):
                texts.append(str(value))
            elif value is not None:
                raise SourceFormatError(str(path), where,
                                        f"property {prop!r} holds a {type(value).__name__}")
        flat[prop] = texts
    record = dict(obj)
    record["properties"] = flat
    out.append(FtmRecord(where, record))
    return str(obj["id"])


def read_records(path: Path) -> Sequence[FtmRecord]:
    """All entity objects of ``path`` (plain or .gz), in file order.

    A line that is not valid JSON raises :class:`SourceFormatError` naming its line number
    and column; so does an object without ``id`` or ``schema``.
    """
    text = decode_text(path, read_bytes(path))
    records: list[FtmRecord] = []
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceFormatError(str(path), f"line {exc.lineno}, column {exc.colno}",
                                    f"malformed or truncated JSON ({exc.msg})") from exc
        for number, item in enumerate(items):
            _check(path, f"item {number}", item, records)
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SourceFormatError(
                    str(path), f"line {number}, column {exc.colno}",
                    f"not a complete JSON object ({exc.msg}); truncated or corrupt file?",
                ) from exc
            _check(path, f"line {number}", obj, records)
    if not records:
        raise SourceFormatError(str(path), None, "no entities")
    return records
