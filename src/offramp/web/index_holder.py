"""The screener the server answers with, and the list versions it was built from.

A :class:`LoadedIndex` pairs a :class:`~offramp.screening.screener.Screener` with the list
versions it holds. :class:`IndexHolder` builds the first one in a background thread (the
server answers ``/readyz`` with "not ready" until then) and then looks for a new version in use
every few seconds; when there is one it builds the new screener beside the old and swaps the
reference in one assignment. A request reads the reference once and uses that pair throughout,
so every answer names exactly the list versions it was made with: no query ever sees a mix of
old and new entries.

The versions and the screener are read inside one read transaction, so they are the same
snapshot of the store even when a list update commits in between.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from offramp.model import OfframpError
from offramp.screening.screener import Screener
from offramp.store import ListStore

WARM_UP_NAME = "Warm Up Trading Company"
PREBUILD_TIMEOUT = 900.0  # seconds; the official lists build in well under a minute


@dataclass(frozen=True, slots=True)
class LoadedIndex:
    """A screener and the list versions it was built from (source -> version id)."""

    screener: Screener
    list_versions: Mapping[str, int]
    list_dates: Mapping[str, str | None]
    loaded_at: datetime


def current_versions(store: ListStore) -> dict[str, int]:
    """source -> id of the version in use."""
    return {s: v.id for s, v in sorted(store.current().items()) if v.id is not None}


def build_index(store: ListStore, cache_dir: Path) -> LoadedIndex:
    """A screener over the versions in use, read as one consistent snapshot of the store.

    Raises OfframpError when no list is loaded.
    """
    conn = store.connection
    # A deferred read transaction: in WAL mode every read in it sees the same snapshot, and
    # a list update committing meanwhile neither waits nor shows up half way.
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        current = store.current()
        screener = Screener.from_store(store, cache_dir)
    finally:
        if own and conn.in_transaction:
            conn.execute("COMMIT")
    # One search before it serves: loading the compiled matcher happens here, in the
    # background, not in the first request after a swap.
    screener.search(WARM_UP_NAME)
    return LoadedIndex(
        screener=screener,
        list_versions={s: v.id for s, v in sorted(current.items()) if v.id is not None},
        list_dates={s: str(v.publisher_date) if v.publisher_date else None
                    for s, v in sorted(current.items())},
        loaded_at=datetime.now(UTC))


class IndexHolder:
    """Keeps :attr:`current` up to date with the lists in use; see the module docstring."""

    def __init__(self, db_path: Path, cache_dir: Path, interval: float) -> None:
        self.db_path = db_path
        self.cache_dir = cache_dir
        self.interval = interval
        self.current: LoadedIndex | None = None
        self.problem: str | None = "loading the lists"
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._tried = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Load in the background, then keep watching for new versions until :meth:`stop`."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._watch, name="offramp-index",
                                            daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop watching (the current index stays usable)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=60)
            self._thread = None

    def wait_ready(self, timeout: float) -> bool:
        """Wait until an index is loaded; False when ``timeout`` seconds passed first."""
        return self._ready.wait(timeout)

    def wait_tried(self, timeout: float) -> bool:
        """Wait until the first load has succeeded or failed (no lists loaded, say)."""
        return self._tried.wait(timeout)

    def refresh(self, store: ListStore) -> bool:
        """Build and swap in a new index when the versions in use changed; True if it did."""
        loaded = self.current
        if loaded is not None and current_versions(store) == dict(loaded.list_versions):
            return False
        if loaded is not None:
            self._prebuild()
        try:
            self.current = build_index(store, self.cache_dir)
        except OfframpError as exc:
            # A failed rebuild keeps the last good index serving (and says why not newer).
            self.problem = str(exc)
            return False
        except Exception as exc:  # the watcher must outlive a database hiccup
            self.problem = f"could not load the lists: {type(exc).__name__}"
            return False
        self.problem = None
        self._ready.set()
        return True

    def _prebuild(self) -> None:
        """Build the new screener's cache in a child process while this one keeps answering
        (see :mod:`offramp.web.prebuild`); whatever happens there, :meth:`refresh` then
        loads the cache or builds it itself."""
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run([sys.executable, "-m", "offramp.web.prebuild", str(self.db_path),
                            str(self.cache_dir)], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=PREBUILD_TIMEOUT, check=False)

    def _watch(self) -> None:
        store = ListStore(self.db_path)  # this thread's own connection
        try:
            while not self._stop.is_set():
                self.refresh(store)
                self._tried.set()
                self._stop.wait(self.interval)
        finally:
            store.close()
