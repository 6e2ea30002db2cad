"""Safe, namespace-agnostic XML reading for list files.

Publishers change namespaces between years (OFAC's advanced XML did), so readers match on
local names only. DTDs, entity declarations and external references are refused before any
expansion happens (billion laughs, XXE): official list files have none.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from offramp.model import SourceFormatError, UnsafeInputError
from offramp.sources.files import head, open_binary


def local(tag: str) -> str:
    """``{http://ns}Name`` -> ``Name``."""
    return tag.rsplit("}", 1)[-1]


def child(elem: Element, name: str) -> Element | None:
    """The first direct child with local name ``name``."""
    for sub in elem:
        if local(sub.tag) == name:
            return sub
    return None


def children(elem: Element, name: str) -> list[Element]:
    """All direct children with local name ``name``."""
    return [sub for sub in elem if local(sub.tag) == name]


def text(elem: Element | None, name: str | None = None) -> str | None:
    """Stripped text of ``elem`` (or of its child ``name``); None when empty or missing."""
    if elem is not None and name is not None:
        elem = child(elem, name)
    if elem is None or elem.text is None:
        return None
    value = elem.text.strip()
    return value or None


def iter_records(path: Path, record: str | set[str]) -> Iterator[tuple[Element, Element]]:
    """Stream ``(root, element)`` for each element whose local name is ``record``.

    Each element is complete when yielded and is cleared afterwards to bound memory.
    Malformed XML raises :class:`SourceFormatError` with line and column; DTDs and
    entities raise :class:`UnsafeInputError`.
    """
    wanted = {record} if isinstance(record, str) else record
    root: Element | None = None
    count = 0
    with open_binary(path) as fh:
        try:
            for event, elem in SafeET.iterparse(fh, events=("start", "end"), forbid_dtd=True):
                if event == "start":
                    if root is None:
                        root = elem
                    continue
                if local(elem.tag) in wanted:
                    count += 1
                    assert root is not None
                    yield root, elem
                    elem.clear()
        except defusedxml.DefusedXmlException as exc:
            raise UnsafeInputError(
                str(path), None, f"refused: {type(exc).__name__} (DTDs and entities are not "
                "allowed in list files)"
            ) from exc
        except ParseError as exc:
            line, column = exc.position
            raise SourceFormatError(
                str(path), f"line {line}, column {column}",
                f"malformed XML after {count} complete records ({exc})",
            ) from exc
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise SourceFormatError(str(path), f"after {count} complete records",
                                    f"truncated or corrupt gzip ({exc})") from exc


def root_element(path: Path) -> Element:
    """The document element (its name and attributes), read from the start of the file.

    Readers check it before streaming, so a file of the wrong kind is named as such
    instead of failing somewhere in the middle.
    """
    if not head(path, 512).strip():
        raise SourceFormatError(str(path), None, "empty file")
    with open_binary(path) as fh:
        try:
            for _event, elem in SafeET.iterparse(fh, events=("start",), forbid_dtd=True):
                found: Element = elem
                return found
        except defusedxml.DefusedXmlException as exc:
            raise UnsafeInputError(
                str(path), None, f"refused: {type(exc).__name__} (DTDs and entities are not "
                "allowed in list files)"
            ) from exc
        except ParseError as exc:
            line, column = exc.position
            raise SourceFormatError(str(path), f"line {line}, column {column}",
                                    f"malformed XML ({exc})") from exc
        except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
            raise SourceFormatError(str(path), None,
                                    f"truncated or corrupt gzip: {exc}") from exc
    raise SourceFormatError(str(path), None, "no XML element found")
