"""Saved what-if scenarios: a hypothetical designation and the impact report it gave.

Scenarios live apart from the lists (their own table), so a hypothetical designation can
never be mistaken for, or mixed into, a list version. Saving one appends a
``whatif.save`` audit record in the same transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from offramp.model import StoreError
from offramp.store.audit import canonical_json
from offramp.store.db import Database
from offramp.store.transaction import timestamp


@dataclass(frozen=True, slots=True)
class StoredScenario:
    """One saved scenario: its parameters, the list versions it ran on, its report."""

    id: int
    name: str
    created_at: datetime
    created_by: str
    params: Mapping[str, Any]
    list_versions: Mapping[str, int]
    report: Mapping[str, Any]


def _scenario(row: sqlite3.Row) -> StoredScenario:
    return StoredScenario(row["id"], row["name"], datetime.fromisoformat(row["created_at"]),
                          row["created_by"], json.loads(row["params"]),
                          json.loads(row["list_versions"]), json.loads(row["report"]))


class ScenarioStore:
    """Scenarios over an open database's connection."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def save(self, name: str, params: Mapping[str, Any], list_versions: Mapping[str, int],
             report: Mapping[str, Any], actor: str, *, replace: bool = False) -> StoredScenario:
        """Store a scenario under ``name``; an existing one is kept unless ``replace``."""
        if not name.strip():
            raise StoreError("a scenario needs a name")
        with self._db.transaction() as db:
            old = db.execute("SELECT id FROM scenarios WHERE name = ?", (name,)).fetchone()
            if old is not None and not replace:
                raise StoreError(f"a scenario named {name!r} exists; give another --name or "
                                 "--replace it")
            if old is not None:
                db.execute("DELETE FROM scenarios WHERE id = ?", (old[0],))
            cur = db.execute(
                "INSERT INTO scenarios (name, created_at, created_by, params, list_versions, "
                "report) VALUES (?, ?, ?, ?, ?, ?)",
                (name, timestamp(), actor, canonical_json(params),
                 canonical_json(list_versions), canonical_json(report)))
            scenario_id = cur.lastrowid
            assert scenario_id is not None
            # Identifiers and counts only: the audit log holds no names of subjects.
            self._db.audit.append("whatif.save", actor, f"scenario:{scenario_id}", {
                "name": name, "params": dict(params), "list_versions": dict(list_versions),
                "replaced": old is not None, "summary": report.get("summary", {})})
        found = self.get(name)
        assert found is not None
        return found

    def get(self, name: str) -> StoredScenario | None:
        """The scenario called ``name`` (or with that numeric id), if saved."""
        row = self._db.connection.execute(
            "SELECT * FROM scenarios WHERE name = ? OR CAST(id AS TEXT) = ?",
            (name, name)).fetchone()
        return _scenario(row) if row else None

    def list(self) -> list[StoredScenario]:
        """All saved scenarios, newest first."""
        rows = self._db.connection.execute(
            "SELECT * FROM scenarios ORDER BY created_at DESC, id DESC").fetchall()
        return [_scenario(r) for r in rows]
