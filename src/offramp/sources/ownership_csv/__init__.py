"""A holdings file as a list source (format ``offramp-ownership-csv``, source ``ownership``).

Who owns whom is not a list of parties but it changes like one: loading a holdings file with
``offramp lists load holdings.csv`` keeps it versioned, content-hashed, audited and shown in
``lists status`` like any list, and screening reads the version in use. The columns are the
ones of :mod:`offramp.ownership.csv_edges` (docs/ownership.md): ``owner``, ``owned``,
``percent``, and optionally ``source``, ``date``, ``kind``, ``citation``.

The file is checked completely when loaded (a bad row fails the load, naming its line, and
the version in use stays). It is stored as its text, not as resolved edges: parties are
resolved against the list entries in use each time screening builds its view, so a holdings
row naming an SDN entry by name links to it once that entry is loaded, whatever the order.
"""

from __future__ import annotations

import csv
from pathlib import Path

from offramp.ownership.csv_edges import REQUIRED, read_ownership_csv
from offramp.sources.base import ParsedList

SOURCE = "ownership"
EXTRA_KIND = "holdings"
"""``version_extras`` kind: one record ``{"file": name, "text": csv text}`` per file."""


def _header_fields(head: bytes) -> list[str]:
    text = head.lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return [f.strip().lower() for f in next(csv.reader([first], delimiter=delimiter), [])]
    except csv.Error:
        return []


class OwnershipCsvFormat:
    """Holdings (owner, owned, percent, ...) as a versioned source."""

    name = "offramp-ownership-csv"
    default_source = SOURCE
    description = "Ownership holdings, CSV (owner, owned, percent, source, date, ...)"

    def sniff(self, path: Path, head: bytes) -> bool:
        """True when the header names the three required columns."""
        fields = _header_fields(head)
        return all(column in fields for column in REQUIRED)

    def read(self, path: Path, source: str | None = None) -> ParsedList:
        """Check every row (without resolving parties) and keep the text."""
        parsed = read_ownership_csv(path)  # raises on the first bad row, naming its line
        # Checked as UTF-8 by the parse; stored as text so it resolves against later lists.
        text = path.read_bytes().decode("utf-8-sig")
        # Unresolved-party warnings are expected here (nothing is resolved at load time);
        # only the ones about the file itself are worth showing.
        warnings = [w for w in parsed.warnings if "matches no given" not in w]
        return ParsedList(
            source=source or self.default_source, format=self.name, entities=[],
            files=[path], extras={EXTRA_KIND: [{"file": path.name, "text": text}]},
            warnings=warnings, record_count=len(parsed.edges),
        )


FORMAT = OwnershipCsvFormat()

__all__ = ["EXTRA_KIND", "FORMAT", "SOURCE", "OwnershipCsvFormat"]
