"""What one running app holds: its configuration, the index, the screening jobs, and one
database connection per thread.

SQLite connections must not cross threads, and requests run on the event loop thread and in a
pool of worker threads. Each thread therefore gets its own connection the first time it needs
one and keeps it (opening one costs a few tenths of a millisecond, more than most requests
spend in the database). In WAL mode each statement sees the latest committed data, so a
long-lived connection never serves stale rows.
"""

from __future__ import annotations

import threading

from fastapi import Request

from offramp.store import ListStore, ReviewStore
from offramp.web.config import WebConfig
from offramp.web.device_imports import DeviceImports
from offramp.web.index_holder import IndexHolder
from offramp.web.interrupted_runs import RunOwner, mark_interrupted
from offramp.web.jobs import ScreeningJobs
from offramp.web.keys_store import KeysStore
from offramp.web.rate_limit import RateLimiter


class AppState:
    """The app's shared parts; reach it from a request with :func:`app_state`."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self.holder = IndexHolder(config.db_path, config.cache_dir, config.reload_seconds)
        self.run_owner = RunOwner(config.home / "web-runs")
        self.jobs = ScreeningJobs(config, self.run_owner)
        self.device_imports = DeviceImports(config)
        self.limiter = RateLimiter(
            per_caller=(config.rate_per_caller, config.burst_per_caller),
            per_client=(config.rate_per_client, config.burst_per_client),
            exempt=config.rate_exempt)
        self._local = threading.local()
        # Opened (and migrated) once up front, so a bad database path fails at start-up
        # rather than on the first request; runs a stopped server left "running" are marked
        # failed now, before anyone looks at them.
        with ListStore(config.db_path) as store:
            reviews = ReviewStore(store, approval_level=config.approval_level)
            self.interrupted = mark_interrupted(store, reviews, self.run_owner,
                                                config.uploads_dir)

    def store(self) -> ListStore:
        """This thread's store connection."""
        store: ListStore | None = getattr(self._local, "store", None)
        if store is None:
            store = ListStore(self.config.db_path)
            self._local.store = store
        return store

    def keys(self) -> KeysStore:
        """Keys, users and sessions over this thread's connection."""
        keys: KeysStore | None = getattr(self._local, "keys", None)
        if keys is None:
            keys = KeysStore(self.store().connection)
            self._local.keys = keys
        return keys

    def reviews(self) -> ReviewStore:
        """Runs, alerts and decisions over this thread's connection."""
        return ReviewStore(self.store(), approval_level=self.config.approval_level)


def app_state(request: Request) -> AppState:
    """The :class:`AppState` of the app serving ``request``."""
    state: AppState = request.app.state.offramp
    return state
