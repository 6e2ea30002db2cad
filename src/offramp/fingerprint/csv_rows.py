"""Data rows of the registry and knowledge CSV files, each checked for its width."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TYPE_CHECKING

from offramp.model import SourceFormatError

if TYPE_CHECKING:
    from _csv import Reader


def strict_rows(reader: Reader, path: str, width: int) -> Iterator[tuple[int, list[str]]]:
    """``(line, fields)`` for each non-blank row after the header, read with ``reader``.

    A broken row (an unclosed quote) or one of another width than ``width`` raises
    :class:`SourceFormatError` naming its line: a registry or rule file is used whole or not
    at all.
    """
    while True:
        line = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SourceFormatError(path, f"line {line}", f"broken CSV row ({exc})") from exc
        if not fields:
            continue
        if len(fields) != width:
            raise SourceFormatError(path, f"line {line}",
                                    f"expected {width} fields, found {len(fields)}")
        yield line, fields
