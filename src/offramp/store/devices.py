"""Stored device assessments: what ``offramp devices`` found, for the plan and reports.

Each assessment keeps the input files (path, sha256, format), the OUI registry date used,
the summary and one row per device with its full JSON record (evidence and instruments
included). Saving one appends a ``devices.assess`` audit record in the same transaction
(counts and hashes only).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from offramp.store.audit import canonical_json
from offramp.store.db import Database
from offramp.store.transaction import timestamp


@dataclass(frozen=True, slots=True)
class Assessment:
    """One stored assessment (without its device rows)."""

    id: int
    created_at: datetime
    created_by: str
    inputs: Sequence[Mapping[str, Any]]
    registry_date: str | None
    summary: Mapping[str, Any]


def _assessment(row: sqlite3.Row) -> Assessment:
    return Assessment(row["id"], datetime.fromisoformat(row["created_at"]), row["created_by"],
                      json.loads(row["inputs"]), row["registry_date"], json.loads(row["summary"]))


class DeviceStore:
    """Device assessments over an open database's connection."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def save(self, inputs: Sequence[Mapping[str, Any]], registry_date: str | None,
             summary: Mapping[str, Any], devices: Iterable[Mapping[str, Any]],
             actor: str) -> Assessment:
        """Store an assessment; ``devices`` are JSON records with ``device``, ``site``,
        ``vendor``, ``brand``, ``model``, ``confidence`` and ``restricted``."""
        with self._db.transaction() as db:
            cur = db.execute(
                "INSERT INTO device_assessments (created_at, created_by, inputs, "
                "registry_date, summary) VALUES (?, ?, ?, ?, ?)",
                (timestamp(), actor, canonical_json(list(inputs)), registry_date,
                 canonical_json(summary)))
            assessment_id = cur.lastrowid
            assert assessment_id is not None
            db.executemany(
                "INSERT INTO devices (assessment_id, device_key, site, vendor, brand, model, "
                "confidence, restricted, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(assessment_id, d["device"], d.get("site"), d["vendor"], d.get("brand"),
                  d.get("model"), float(d["confidence"]), int(bool(d["restricted"])),
                  canonical_json(d)) for d in devices])
            self._db.audit.append("devices.assess", actor, f"assessment:{assessment_id}", {
                "inputs": [{"sha256": i.get("sha256"), "kind": i.get("kind")} for i in inputs],
                "registry_date": registry_date,
                "devices": summary.get("devices"), "restricted": summary.get("restricted")})
        found = self.get(assessment_id)
        assert found is not None
        return found

    def get(self, assessment_id: int) -> Assessment | None:
        """One assessment by id."""
        row = self._db.connection.execute(
            "SELECT * FROM device_assessments WHERE id = ?", (assessment_id,)).fetchone()
        return _assessment(row) if row else None

    def latest(self) -> Assessment | None:
        """The newest assessment, if any."""
        row = self._db.connection.execute(
            "SELECT * FROM device_assessments ORDER BY id DESC LIMIT 1").fetchone()
        return _assessment(row) if row else None

    def devices(self, assessment_id: int, *, vendor: str | None = None) -> list[dict[str, Any]]:
        """The device records of an assessment (optionally of one vendor family)."""
        sql = "SELECT data FROM devices WHERE assessment_id = ?"
        params: list[object] = [assessment_id]
        if vendor is not None:
            sql += " AND vendor = ?"
            params.append(vendor)
        rows = self._db.connection.execute(sql + " ORDER BY device_key", params).fetchall()
        return [json.loads(r[0]) for r in rows]
