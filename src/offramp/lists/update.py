"""Refreshing lists from their publishers, keeping the last good version on any failure.

For each source: download every file into a private temporary folder, check that what
arrived is a list file at all (not an HTML error page served with status 200, not binary
or UTF-16 text), read it with the source's own reader, check its entry count against the
version in use, and only then store it -- in one transaction that also makes it current.
Every attempt, good or bad, is recorded so ``lists status`` can say when and why.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from offramp.lists.fetch import DEFAULT_TIMEOUT, download
from offramp.lists.loading import LoadResult, load_bundled, store_publication
from offramp.lists.publishers import Publisher
from offramp.model import OfframpError
from offramp.sources.files import head
from offramp.sources.registry import get_format
from offramp.store import ListStore, UpdateAttempt

_HTML = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class UpdateOutcome:
    """The result for one source."""

    source: str
    ok: bool
    message: str
    result: LoadResult | None = None


def check_payload(path: Path, url: str) -> None:
    """Refuse what is plainly not a list file before a reader sees it."""
    start = head(path, 65536)
    if not start.strip():
        raise OfframpError(f"{url}: empty response")
    if _HTML.match(start):
        raise OfframpError(f"{url}: the server sent an HTML page, not a list file")
    if b"\x00" in start:
        raise OfframpError(f"{url}: binary content (NUL bytes), not a text list file "
                           "(wrong encoding such as UTF-16, or the wrong file)")


def update_source(store: ListStore, publisher: Publisher, *, accept_change: bool = False,
                  timeout: float = DEFAULT_TIMEOUT) -> UpdateOutcome:
    """Fetch, validate and store one source; on failure keep the current version.

    A source with no files to fetch (offramp's own catalogue) is not downloaded: see
    :func:`update_from_installation`.
    """
    if not publisher.files:
        return update_from_installation(store, publisher)
    started = datetime.now(UTC)
    origin = publisher.files[0][1]
    try:
        with tempfile.TemporaryDirectory(prefix=f"offramp-{publisher.source}-") as tmp:
            folder = Path(tmp)
            for name, url in publisher.files:
                target = folder / name
                download(url, target, timeout=timeout)
                check_payload(target, url)
            fmt = get_format(publisher.format)
            parsed = fmt.read(folder / publisher.files[0][0], publisher.source)
            result = store_publication(
                store, parsed, origin=origin, licence=publisher.licence,
                accept_change=accept_change, fetched_at=started,
            )
    except OfframpError as exc:
        current = store.current().get(publisher.source)
        keeping = (f"; still using version {current.id} of "
                   f"{current.publisher_date or 'unknown date'}" if current else "")
        message = f"{exc}{keeping}"
        store.record_attempt(UpdateAttempt(publisher.source, started, False, message,
                                           origin=origin))
        return UpdateOutcome(publisher.source, False, message)
    snap = result.snapshot
    message = (f"new version {snap.id}: {snap.entry_count} entries"
               + (f" ({result.note})" if result.note else "")
               if result.new else f"unchanged: already have this publication (version {snap.id})")
    store.record_attempt(UpdateAttempt(
        publisher.source, started, True, message, version_id=snap.id, origin=origin,
        accepted_shrink=result.note is not None,
    ))
    return UpdateOutcome(publisher.source, True, message, result)


def update_from_installation(store: ListStore, publisher: Publisher) -> UpdateOutcome:
    """A source without a remote publisher: its publisher is this offramp installation.

    The copy bundled with offramp is loaded (so upgrading offramp and running ``lists update``
    brings the catalogue up to date), unless the version in use was loaded from a file by
    hand -- a reviewer's edited catalogue is never replaced behind their back. Not a failure
    either way: there is nothing to download.
    """
    started = datetime.now(UTC)
    origin = f"bundled:{publisher.source}"
    current = store.current().get(publisher.source)
    if current is not None and current.origin != origin:
        return UpdateOutcome(
            publisher.source, True,
            f"not fetched: {publisher.source} has no remote publisher, and version "
            f"{current.id} in use was loaded from {current.origin or 'a file'}: kept (`offramp "
            f"lists load --bundled` loads the copy shipped with offramp)")
    try:
        results = load_bundled(store, only={publisher.source})
    except OfframpError as exc:
        message = f"no remote publisher, and the copy shipped with offramp failed: {exc}"
        store.record_attempt(UpdateAttempt(publisher.source, started, False, message,
                                           origin=origin))
        return UpdateOutcome(publisher.source, False, message)
    if not results:
        return UpdateOutcome(publisher.source, False,
                             f"{publisher.source} has no remote publisher and is not bundled "
                             "with this offramp: load it with `offramp lists load FILE`")
    result = results[0]
    snap = result.snapshot
    message = (f"no remote publisher; loaded the copy shipped with offramp as version {snap.id}"
               f": {snap.entry_count} entries" if result.new else
               f"no remote publisher; the copy shipped with offramp is already in use "
               f"(version {snap.id})")
    store.record_attempt(UpdateAttempt(publisher.source, started, True, message,
                                       version_id=snap.id, origin=origin))
    return UpdateOutcome(publisher.source, True, message, result)
