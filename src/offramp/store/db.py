"""The store's database: one SQLite connection in WAL mode, migrated on open.

:class:`~offramp.store.lists.ListStore` is a :class:`Database`; other parts of the store
(:class:`~offramp.store.reviews.ReviewStore`, :class:`~offramp.store.audit.AuditLog`) work over
the same connection, so their writes can share one transaction with list writes.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Self

from offramp.model import StoreError
from offramp.store.audit import AuditLog, current_user
from offramp.store.schema import (
    APPEND_ONLY_GUARDS,
    AUDIT_LOG_MIGRATION,
    MIGRATIONS,
    SQLITE_GUARD_NAMES,
    migration_sql,
)
from offramp.store.transaction import timestamp, transaction


class Database:
    """An open offramp database (SQLite, WAL), with every migration applied."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc
        self._db.row_factory = sqlite3.Row
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StoreError(f"{self.path} is not a usable offramp database: {exc}") from exc

    @property
    def connection(self) -> sqlite3.Connection:
        """The underlying connection (autocommit mode; use :meth:`transaction` to write)."""
        return self._db

    @property
    def audit(self) -> AuditLog:
        """The audit log kept in this database."""
        return AuditLog(self._db)

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """A write transaction, or a savepoint when one is already open: all or nothing."""
        return transaction(self._db)

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema -------------------------------------------------------------------------

    def _migrate(self) -> None:
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        done = {r[0] for r in self._db.execute("SELECT version FROM schema_migrations")}
        for version, _ in MIGRATIONS:
            if version in done:
                continue
            with self.transaction():
                for stmt in migration_sql(version, "sqlite"):
                    self._db.execute(stmt)
                self._db.execute("INSERT INTO schema_migrations VALUES (?, ?)",
                                 (version, timestamp()))
        self._guard_audit_log(fresh=AUDIT_LOG_MIGRATION not in done)

    def _guard_audit_log(self, *, fresh: bool) -> None:
        """Install the append-only triggers; note in the log when some had been removed."""
        present = {r[0] for r in self._db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        missing = [name for name in SQLITE_GUARD_NAMES if name not in present]
        if not missing:
            return
        with self.transaction():
            for stmt in APPEND_ONLY_GUARDS["sqlite"]:
                self._db.execute(stmt)
            if not fresh:
                # Someone dropped a guard: that is itself worth a record.
                self.audit.append("audit.guards-restored", current_user(), "audit_log",
                                  {"missing": missing})

    def schema_version(self) -> int:
        """The highest migration applied."""
        row = self._db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)
