"""Persistence: SQLite (WAL) by default, schema written to run on PostgreSQL too."""

from offramp.store.lists import ListStore, UpdateAttempt

__all__ = ["ListStore", "UpdateAttempt"]
