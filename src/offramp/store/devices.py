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

    # -- reading for the web front end (paged lists, exposure counts) ---------------------

    def assessments(self, limit: int = 50, offset: int = 0) -> list[Assessment]:
        """Stored assessments, newest first, ``limit`` of them from ``offset``."""
        rows = self._db.connection.execute(
            "SELECT * FROM device_assessments ORDER BY id DESC LIMIT ? OFFSET ?",
            (limit, offset)).fetchall()
        return [_assessment(r) for r in rows]

    def exposure(self, assessment_id: int) -> list[Exposure]:
        """Devices and restricted devices per site and vendor, counted from the stored rows
        (sites in order, ``None`` for devices no file placed; vendors by count)."""
        rows = self._db.connection.execute(
            "SELECT site, vendor, COUNT(*) AS devices, SUM(restricted) AS restricted "
            "FROM devices WHERE assessment_id = ? GROUP BY site, vendor",
            (assessment_id,)).fetchall()
        found = [Exposure(r["site"], r["vendor"], int(r["devices"]), int(r["restricted"] or 0))
                 for r in rows]
        return sorted(found, key=lambda e: (e.site is None, e.site or "", -e.devices, e.vendor))

    def count_devices(self, assessment_id: int, *, site: str | None = None,
                      vendor: str | None = None, restricted: bool | None = None) -> int:
        """How many devices of an assessment pass the filters (see :meth:`device_page`)."""
        where, params = _device_filter(assessment_id, site, vendor, restricted)
        row = self._db.connection.execute(f"SELECT COUNT(*) FROM devices WHERE {where}",
                                          params).fetchone()
        return int(row[0])

    def device_page(self, assessment_id: int, *, site: str | None = None,
                    vendor: str | None = None, restricted: bool | None = None,
                    limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """A page of an assessment's device records in the report's reading order
        (restricted first, then identified, then by site and key).

        ``site`` is a site's name, or :data:`NO_SITE` for devices no file placed; ``vendor``
        a vendor family id (``unknown`` included); ``restricted`` keeps only restricted
        (True) or only other (False) devices.
        """
        where, params = _device_filter(assessment_id, site, vendor, restricted)
        rows = self._db.connection.execute(
            f"SELECT data FROM devices WHERE {where} ORDER BY restricted DESC, "
            "CASE WHEN vendor = 'unknown' THEN 1 ELSE 0 END, COALESCE(site, ''), device_key "
            "LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
        return [json.loads(r[0]) for r in rows]


NO_SITE = "(no site)"
"""How a device no file placed at a site is named in summaries and filters."""


@dataclass(frozen=True, slots=True)
class Exposure:
    """One site's devices of one vendor family in an assessment."""

    site: str | None
    vendor: str
    devices: int
    restricted: int


def _device_filter(assessment_id: int, site: str | None, vendor: str | None,
                   restricted: bool | None) -> tuple[str, list[object]]:
    clauses = ["assessment_id = ?"]
    params: list[object] = [assessment_id]
    if site == NO_SITE:
        clauses.append("site IS NULL")
    elif site is not None:
        clauses.append("site = ?")
        params.append(site)
    if vendor is not None:
        clauses.append("vendor = ?")
        params.append(vendor)
    if restricted is not None:
        clauses.append("restricted = ?")
        params.append(int(restricted))
    return " AND ".join(clauses), params
