"""What every list format provides, and what reading one returns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from offramp.model import Entity


@dataclass(frozen=True, slots=True)
class ParsedList:
    """The result of reading one publication of one list.

    ``files`` are the files actually read, in a fixed order (their contents make the
    version's sha256). ``extras`` carries records that are not list entries but matter later,
    e.g. FollowTheMoney ``Ownership`` entities under the key ``"ownership"``.
    ``warnings`` are recoverable oddities worth showing (an alias row whose entry is missing).
    ``record_count`` is set by sources whose records are not entities (an ownership holdings
    file): what the version's entry count and the size checks use instead of ``entities``.
    """

    source: str
    format: str
    entities: Sequence[Entity]
    files: Sequence[Path]
    publisher_date: date | None = None
    extras: Mapping[str, Sequence[Any]] = field(default_factory=dict)
    warnings: Sequence[str] = ()
    record_count: int | None = None

    @property
    def entry_count(self) -> int:
        """Entries for the version's count: entities, or ``record_count`` when set."""
        return self.record_count if self.record_count is not None else len(self.entities)


class ListFormat(Protocol):
    """One official file format.

    ``name`` is the format id users give to ``lists load --format``; ``default_source`` the
    list id entries get unless the caller says otherwise (some formats decide it from the
    content, e.g. OFAC files carry the SDN list or the consolidated list).
    """

    name: str
    default_source: str
    description: str

    def sniff(self, path: Path, head: bytes) -> bool:
        """True when ``head`` (the first 4 KiB, decompressed) looks like this format."""
        ...

    def read(self, path: Path, source: str | None = None) -> ParsedList:
        """Read the publication whose main file is ``path`` (siblings found beside it).

        Raises :class:`~offramp.model.SourceFormatError` naming the file and the place on any
        malformed or truncated input; never returns a partial list.
        """
        ...
