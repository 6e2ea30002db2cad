"""Metadata of one version of one list, as loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class ListSnapshot:
    """One version of one list.

    ``publisher_date`` is the date the publisher gave the file (None when the file does not
    say and the user did not either: shown as "unknown", never guessed); ``fetched_at`` is when
    offramp obtained it; ``sha256`` covers the original file bytes (all files of a multi-file
    list, in a fixed order) so the same publication loaded twice is recognised.
    """

    source: str
    format: str
    sha256: str
    entry_count: int
    fetched_at: datetime
    publisher_date: date | None = None
    origin: str | None = None  # the URL or path it came from
    licence: str | None = None
    id: int | None = None  # set by the store

    def age_days(self, today: date) -> int | None:
        """Days since the publisher's date, or None when that date is unknown."""
        if self.publisher_date is None:
            return None
        return (today - self.publisher_date).days
