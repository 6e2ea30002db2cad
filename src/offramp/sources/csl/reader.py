"""US Consolidated Screening List, CSV download: file -> rows in the list's own shape.

Two header variants exist: the 28-column header used until about 2023 (``source`` first)
and the current 29-column header with the publisher's record id ``_id`` first. Both are
read; rows keep every cell as text, keyed by the header.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from offramp.model import SourceFormatError
from offramp.sources.files import decode_text, read_bytes

# The 28 columns of the old header, in order; the current header is "_id" + these.
OLD_COLUMNS: tuple[str, ...] = (
    "source", "entity_number", "type", "programs", "name", "title", "addresses",
    "federal_register_notice", "start_date", "end_date", "standard_order",
    "license_requirement", "license_policy", "call_sign", "vessel_type", "gross_tonnage",
    "gross_registered_tonnage", "vessel_flag", "vessel_owner", "remarks", "source_list_url",
    "alt_names", "citizenships", "dates_of_birth", "nationalities", "places_of_birth",
    "source_information_url", "ids",
)
NEW_COLUMNS: tuple[str, ...] = ("_id", *OLD_COLUMNS)


@dataclass(frozen=True, slots=True)
class CslRow:
    """One CSV row: ``line`` is where it starts (1 = header), ``cells`` by column name."""

    line: int
    cells: dict[str, str]


@dataclass(frozen=True, slots=True)
class CslCsv:
    """A whole CSV file: its header and rows. ``current_header`` is True with ``_id``."""

    header: tuple[str, ...]
    rows: Sequence[CslRow]

    @property
    def current_header(self) -> bool:
        """True for the 29-column header (``_id`` first) in use since about 2023."""
        return "_id" in self.header


def looks_like_csl_csv(head: bytes) -> bool:
    """True when the first line is one of the CSL headers (quoted or not)."""
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    fields = [f.strip().strip('"').strip() for f in first.strip().split(",")]
    return fields[:3] in (list(OLD_COLUMNS[:3]), list(NEW_COLUMNS[:3]))


def read_csv(path: Path) -> CslCsv:
    """Parse ``path`` (plain or .gz).

    Raises :class:`SourceFormatError` for a missing column, a row with the wrong number of
    fields (a truncated or mis-quoted file), undecodable bytes or an unterminated quote.
    """
    text = decode_text(path, read_bytes(path))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[CslRow] = []
    header: tuple[str, ...] | None = None
    last_line = 0
    try:
        for fields in reader:
            start, last_line = last_line + 1, reader.line_num
            if header is None:
                header = tuple(f.strip() for f in fields)
                missing = [c for c in OLD_COLUMNS if c not in header]
                if missing:
                    raise SourceFormatError(
                        str(path), "line 1",
                        f"not a Consolidated Screening List header: missing column(s) "
                        f"{', '.join(missing)}",
                    )
                continue
            if not fields or fields == [""]:
                continue  # blank line, typically at the end
            if len(fields) != len(header):
                raise SourceFormatError(
                    str(path), f"line {start}",
                    f"expected {len(header)} fields, found {len(fields)} "
                    "(truncated or mis-quoted row)",
                )
            rows.append(CslRow(start, dict(zip(header, fields, strict=True))))
    except csv.Error as exc:
        # The failing row starts after the last complete one; csv's own line_num is
        # where it gave up, often the end of the file for an unclosed quote.
        raise SourceFormatError(str(path), f"line {last_line + 1}",
                                f"malformed CSV ({exc}); an unclosed quote or a truncated file?"
                                ) from exc
    if header is None:
        raise SourceFormatError(str(path), None, "empty file")
    if not rows:
        raise SourceFormatError(str(path), None, "header only, no entries")
    return CslCsv(header, rows)
