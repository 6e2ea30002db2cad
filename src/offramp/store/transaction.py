"""Transactions that compose, and the store's clock.

Every store method that writes runs in :func:`transaction`. Called on its own, it is one
``BEGIN IMMEDIATE ... COMMIT``; called while the caller already has a transaction open, it
becomes a savepoint inside it. That lets a caller make several store calls all or nothing
(a batch of screening results together with the alerts they raise, a list version together
with its audit record) while each call stays all or nothing when used alone.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

_savepoints = itertools.count(1)


def utc_now() -> datetime:
    """The current time in UTC (one place, so tests and records agree on the zone)."""
    return datetime.now(UTC)


def timestamp(when: datetime | None = None) -> str:
    """``when`` (default now) as stored: ISO 8601 in UTC with microseconds.

    A fixed ``timespec`` matters: ``isoformat()`` drops a zero microsecond field, and stored
    text that changed shape on a round trip would break the audit hash chain.
    """
    return (when or utc_now()).astimezone(UTC).isoformat(timespec="microseconds")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block in a write transaction, or in a savepoint of the caller's transaction.

    The connection must be in autocommit mode (``isolation_level=None``), as the store's is.
    ``BEGIN IMMEDIATE`` takes the write lock up front, so reads made inside the block (such as
    the audit log's last hash) cannot be overtaken by another writer before the block commits.
    """
    if conn.in_transaction:
        name = f"offramp_sp{next(_savepoints)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            # SQLite may already have rolled the whole transaction back (disk full, I/O
            # error); then there is no savepoint left to undo and the original error matters.
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        # A failed COMMIT (disk full, busy) can leave the transaction open: end it, so the
        # connection is usable and nothing half-written is committed later by accident.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
