"""offramp's restricted-vendor catalogue (format ``offramp-catalogue-csv``).

A data file reviewed like code (``data/catalogue/restricted_vendors.csv``, documented in
docs/catalogue.md): one row per instrument and party -- the FCC Covered List, NDAA section 889,
the BIS Entity List, OFAC NS-CMIC -- with source, dates, scope and whether the row was
confirmed against an official list file. Read as a list like any other: one entity per party,
screenable, versioned and diffable.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from offramp.sources.base import ParsedList
from offramp.sources.catalogue.mapper import map_catalogue, newest_source_date
from offramp.sources.catalogue.reader import COLUMNS, looks_like_catalogue, read_catalogue

SOURCE = "offramp-catalogue"


def catalogue_file() -> Path:
    """The reviewed catalogue shipped in the package (the bundle holds a checked copy)."""
    return Path(str(resources.files("offramp").joinpath(
        "data", "catalogue", "restricted_vendors.csv")))


class CatalogueCsvFormat:
    """The restricted-vendor catalogue CSV."""

    name = "offramp-catalogue-csv"
    default_source = SOURCE
    description = "offramp restricted-vendor catalogue, CSV (party_id, instrument, party, ...)"

    def sniff(self, path: Path, head: bytes) -> bool:
        """True when the first line is a catalogue header."""
        return looks_like_catalogue(head)

    def read(self, path: Path, source: str | None = None) -> ParsedList:
        """Read and check every row; the first problem fails the load."""
        parsed = read_catalogue(path)
        source = source or self.default_source
        entities, white_label = map_catalogue(str(path), parsed.rows, source)
        warnings: list[str] = []
        if parsed.unknown_columns:
            warnings.append(
                f"column(s) not read by offramp, kept in each entry's record: "
                f"{', '.join(parsed.unknown_columns)} (known: {', '.join(COLUMNS)})")
        return ParsedList(
            source=source, format=self.name, entities=entities, files=[path],
            publisher_date=newest_source_date(parsed.rows),
            extras={"white_label": white_label} if white_label else {},
            warnings=warnings,
        )


FORMAT = CatalogueCsvFormat()

__all__ = ["FORMAT", "SOURCE", "CatalogueCsvFormat", "catalogue_file"]
