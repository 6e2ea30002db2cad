"""Reading a publication and storing it as a new list version."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from offramp.lists.bundle import BundledList, bundled_lists
from offramp.lists.supplement import apply_aliases
from offramp.model import ListSnapshot, OfframpError, SourceFormatError
from offramp.sources.base import ParsedList
from offramp.sources.files import content_sha256
from offramp.sources.registry import detect_format, get_format
from offramp.store import ListStore

# A list whose entry count moves more than this against the version in use is held back
# unless an operator accepts it: a half-empty download must never replace a good list.
COUNT_BAND = 0.10

_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What loading did: the version now current, and whether it was new."""

    snapshot: ListSnapshot
    new: bool
    previous: ListSnapshot | None
    warnings: tuple[str, ...] = ()
    note: str | None = None  # set when an out-of-band entry count was accepted


def read_publication(path: Path, format_name: str | None = None,
                     source: str | None = None) -> ParsedList:
    """Read ``path`` with the named format, or the detected one."""
    if not path.exists():
        raise SourceFormatError(str(path), None, "no such file")
    if path.is_dir():
        raise SourceFormatError(str(path), None, "is a directory; give the list's main file")
    fmt = get_format(format_name) if format_name else detect_format(path)
    return fmt.read(path, source)


def date_from_name(path: Path) -> date | None:
    """A ``YYYY-MM-DD`` in the file's or its folder's name (archives are named so)."""
    for part in (path.name, path.parent.name):
        m = _DATE_IN_NAME.search(part)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                continue
    return None


def check_count(source: str, previous: ListSnapshot | None, new_count: int,
                accept_change: bool) -> str | None:
    """Refuse an empty list, and one whose size moved more than the band, unless accepted.

    Returns the note to record when an out-of-band change was accepted.
    """
    if new_count == 0:
        raise OfframpError(f"{source}: the new file has no entries; keeping the current version")
    if previous is None or previous.entry_count == 0:
        return None
    change = (new_count - previous.entry_count) / previous.entry_count
    if abs(change) <= COUNT_BAND:
        return None
    text = (f"{source}: entry count {previous.entry_count} -> {new_count} "
            f"({change:+.0%}, outside ±{COUNT_BAND:.0%})")
    if not accept_change:
        raise OfframpError(f"{text}; keeping the current version (use --accept-shrink to "
                           "accept it)")
    return f"accepted by operator: {text}"


def store_publication(
    store: ListStore,
    parsed: ParsedList,
    *,
    publisher_date: date | None = None,
    origin: str | None = None,
    licence: str | None = None,
    accept_change: bool = False,
    fetched_at: datetime | None = None,
    actor: str | None = None,
) -> LoadResult:
    """Validate ``parsed`` against the version in use and store it as the current version.

    Storing it appends a ``list.load`` audit record in the same transaction, made by
    ``actor`` (default: the operating-system user).
    """
    previous = store.current().get(parsed.source)
    sha256 = content_sha256(list(parsed.files))
    existing = store.find_version(parsed.source, sha256)
    note = None
    if existing is None:
        note = check_count(parsed.source, previous, parsed.entry_count, accept_change)
    snapshot = ListSnapshot(
        source=parsed.source,
        format=parsed.format,
        sha256=sha256,
        entry_count=parsed.entry_count,
        fetched_at=fetched_at or datetime.now(UTC),
        publisher_date=parsed.publisher_date or publisher_date,
        origin=origin,
        licence=licence,
    )
    extras = {kind: [_plain(r) for r in records] for kind, records in parsed.extras.items()}
    stored = store.add_version(snapshot, parsed.entities, extras, note=note, actor=actor)
    return LoadResult(stored, existing is None, previous, tuple(parsed.warnings), note)


def _plain(record: Any) -> Any:
    """Extras as JSON-ready values: readers may give small dataclasses with ``to_dict``."""
    to_dict = getattr(record, "to_dict", None)
    return to_dict() if callable(to_dict) else record


def load_file(
    store: ListStore,
    path: Path,
    *,
    format_name: str | None = None,
    source: str | None = None,
    publisher_date: date | None = None,
    licence: str | None = None,
    accept_change: bool = False,
    actor: str | None = None,
) -> LoadResult:
    """Read a list file and store it; nothing changes in the store if anything fails."""
    parsed = read_publication(path, format_name, source)
    return store_publication(
        store, parsed, publisher_date=publisher_date or date_from_name(path),
        origin=str(path.resolve()), licence=licence, accept_change=accept_change, actor=actor,
    )


def load_bundled(store: ListStore, only: set[str] | None = None) -> list[LoadResult]:
    """Load the bundled snapshot (idempotent: an already stored publication is reused).

    The bundled files are checked against the manifest's hashes first, so a damaged
    installation is reported instead of silently loaded.
    """
    results = []
    for item in bundled_lists():
        if only is not None and item.source not in only:
            continue
        parsed = read_bundled(item)
        # The bundled snapshot is a fixed reference; it may legitimately be smaller than a
        # newer version the user already fetched, and loading it makes it current again.
        results.append(store_publication(
            store, parsed, publisher_date=item.publisher_date,
            origin=f"bundled:{item.source}", licence=item.licence, accept_change=True,
        ))
    return results


def read_bundled(item: BundledList) -> ParsedList:
    """Read one bundled publication (with its carried-over aliases), checked against the
    manifest."""
    parsed = get_format(item.format).read(item.main_file, item.source)
    if item.aliases_file is not None:
        parsed = apply_aliases(parsed, item.aliases_file, item.aliases_label or "")
    actual = content_sha256(list(parsed.files))
    if actual != item.sha256:
        raise OfframpError(f"bundled {item.source} data does not match its manifest "
                           f"(sha256 {actual[:16]} != {item.sha256[:16]}); reinstall offramp")
    if len(parsed.entities) != item.entry_count:
        raise OfframpError(f"bundled {item.source}: read {len(parsed.entities)} entries, "
                           f"manifest says {item.entry_count}")
    return parsed
