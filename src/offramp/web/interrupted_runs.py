"""Web runs cut short by a server stop: found at start-up and marked failed, with a note.

A run started over HTTP screens in a thread of the server process that took the upload. If
that process stops (a restart, a crash, kill -9) the run stays "running" in the store for
ever, and its upload is left on disk. So every server process holds a lock for as long as it
lives (:class:`RunOwner`: an exclusive ``flock`` on a file of its own, released by the kernel
however the process ends) and records the lock's name in the options of each run it starts.
At start-up, :func:`mark_interrupted` looks at every web run still "running": when its owner's
lock can be taken, the owner is gone, and the run is finished as failed with a note saying why
(shown on the run page and in ``GET /runs/{id}``), and its leftover upload deleted. Runs of a
live process (another worker of the same server) are left alone.

The run is not resumed: its upload may be a file the user has since corrected, and screening
it again is one click. A note is kept in ``web_run_notes`` (migration 5), beside the run.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import secrets
import sqlite3
from pathlib import Path

from offramp.model import StoreError
from offramp.store import ListStore, ReviewStore
from offramp.store.reviews import RunStatus
from offramp.store.transaction import timestamp, transaction

SERVER_ACTOR = "offramp-serve"  # who the audit log says finished an interrupted run
_TOKEN = re.compile(r"[0-9a-f]{16,64}")
_UPLOAD = re.compile(r"[0-9a-f]{32}\.[a-z0-9]{1,10}")

log = logging.getLogger("offramp.web")


class RunOwner:
    """This process's claim on the runs it starts: a token and the lock that proves it lives.

    ``folder`` holds one ``<token>.lock`` file per server process.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.token = secrets.token_hex(16)
        folder.mkdir(parents=True, exist_ok=True)
        self._fd: int | None = os.open(self.path(self.token), os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def path(self, token: str) -> Path:
        """The lock file of the owner ``token``."""
        return self.folder / f"{token}.lock"

    def alive(self, token: object) -> bool:
        """Whether the process that recorded ``token`` still runs (holds its lock)."""
        if not isinstance(token, str) or not _TOKEN.fullmatch(token):
            return False
        if token == self.token:
            return self._fd is not None
        try:
            fd = os.open(self.path(token), os.O_RDWR)
        except FileNotFoundError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)  # closing releases a lock taken here
        return False

    def forget(self, token: object) -> None:
        """Remove a dead owner's lock file."""
        if isinstance(token, str) and _TOKEN.fullmatch(token) and token != self.token:
            with contextlib.suppress(OSError):
                self.path(token).unlink()

    def release(self) -> None:
        """Give the lock up (the server is stopping) and remove its file."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                self.path(self.token).unlink()
            os.close(self._fd)
            self._fd = None


def add_note(connection: sqlite3.Connection, run_id: int, note: str) -> None:
    """Keep ``note`` (why a run ended as it did) beside run ``run_id``; a later one replaces
    it."""
    with transaction(connection):
        connection.execute("DELETE FROM web_run_notes WHERE run_id = ?", (run_id,))
        connection.execute("INSERT INTO web_run_notes (run_id, at, note) VALUES (?, ?, ?)",
                           (run_id, timestamp(), note))


def note_for(connection: sqlite3.Connection, run_id: int) -> str | None:
    """The note kept for run ``run_id``, if any."""
    row = connection.execute("SELECT note FROM web_run_notes WHERE run_id = ?",
                             (run_id,)).fetchone()
    return str(row[0]) if row else None


def mark_interrupted(store: ListStore, reviews: ReviewStore, owner: RunOwner,
                     uploads: Path) -> list[int]:
    """Finish as failed every web run whose server process is gone; returns their ids."""
    marked: list[int] = []
    for run in reviews.unfinished_runs():
        if run.options.get("via") != "web" or owner.alive(run.options.get("owner")):
            continue  # a command-line run resumes from the command line; a live one goes on
        stored = int(store.connection.execute(
            "SELECT COUNT(*) FROM run_results WHERE run_id = ?", (run.id,)).fetchone()[0])
        expected = run.options.get("rows_expected")
        of = f" of {expected}" if expected is not None else ""
        note = (f"Interrupted: the server stopped while this run was screening, after {stored}"
                f"{of} rows had been stored. The rows shown are those stored; upload the file "
                "again to screen it whole.")
        try:
            with transaction(store.connection):
                reviews.finish_run(run.id, RunStatus.FAILED, actor=SERVER_ACTOR)
                add_note(store.connection, run.id, note)
        except StoreError:
            continue  # another worker starting at the same moment finished it first
        marked.append(run.id)
        log.warning("screening run %s was interrupted by a server stop: marked failed", run.id)
        upload = run.options.get("upload")
        if isinstance(upload, str) and _UPLOAD.fullmatch(upload):
            with contextlib.suppress(OSError):
                (uploads / upload).unlink()
        owner.forget(run.options.get("owner"))
    return marked
