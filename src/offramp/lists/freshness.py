"""How old each list in use is, and whether that is too old."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from offramp.lists.publishers import Publisher
from offramp.model import ListSnapshot
from offramp.store import ListStore, UpdateAttempt


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """One source as ``lists status`` shows it.

    ``stale`` is True when the publisher's date is older than the publisher's limit, or unknown
    for a published list; None for user lists with no publisher (their age is the user's
    business). ``last_failure`` is the newest failed update since the last success.
    """

    source: str
    title: str
    snapshot: ListSnapshot | None
    age_days: int | None
    max_age_days: int | None
    stale: bool | None
    last_success: UpdateAttempt | None
    last_failure: UpdateAttempt | None
    version_count: int


def source_status(store: ListStore, publishers: dict[str, Publisher],
                  today: date) -> list[SourceStatus]:
    """Status of every source that has a version in use or a known publisher."""
    current = store.current()
    statuses = []
    for source in sorted(current.keys() | publishers.keys()):
        snapshot = current.get(source)
        publisher = publishers.get(source)
        age = snapshot.age_days(today) if snapshot else None
        stale: bool | None = None
        if publisher is not None and snapshot is not None:
            stale = age is None or age > publisher.max_age_days
        attempts = store.attempts(source, limit=50)
        last_success = next((a for a in attempts if a.ok), None)
        last_failure = None
        for attempt in attempts:
            if attempt.ok:
                break
            last_failure = last_failure or attempt
        statuses.append(SourceStatus(
            source=source,
            title=publisher.title if publisher else source,
            snapshot=snapshot,
            age_days=age,
            max_age_days=publisher.max_age_days if publisher else None,
            stale=stale,
            last_success=last_success,
            last_failure=last_failure,
            version_count=len(store.versions(source)),
        ))
    return statuses
