"""The list store: every loaded version of every list, its entities, and which is current.

Entities are stored once per content hash (``entity_blobs``) and referenced by each version
that contains them, so keeping every version of a list costs little more than its changes.
Adding a version and making it current happen in one transaction: a reader sees the old
version or the new one, never a mix, and a failed load leaves nothing behind.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from offramp.model import Entity, ListSnapshot, StoreError
from offramp.store.audit import current_user
from offramp.store.db import Database


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class UpdateAttempt:
    """One try at refreshing a source, successful or not, as recorded."""

    source: str
    attempted_at: datetime
    ok: bool
    message: str
    version_id: int | None = None
    origin: str | None = None
    accepted_shrink: bool = False


def _snapshot(row: sqlite3.Row) -> ListSnapshot:
    return ListSnapshot(
        id=row["id"],
        source=row["source"],
        format=row["format"],
        sha256=row["sha256"],
        entry_count=row["entry_count"],
        publisher_date=date.fromisoformat(row["publisher_date"]) if row["publisher_date"] else None,
        fetched_at=datetime.fromisoformat(row["fetched_at"]),
        origin=row["origin"],
        licence=row["licence"],
    )


class ListStore(Database):
    """SQLite-backed store of list versions (WAL mode, schema migrations applied on open).

    Every version stored or made current is also written to the audit log, in the same
    transaction.
    """

    # -- writing ------------------------------------------------------------------------

    def find_version(self, source: str, sha256: str) -> ListSnapshot | None:
        """The stored version of ``source`` with this content hash, if any."""
        row = self._db.execute(
            "SELECT * FROM list_versions WHERE source = ? AND sha256 = ?", (source, sha256)
        ).fetchone()
        return _snapshot(row) if row else None

    def add_version(
        self,
        snapshot: ListSnapshot,
        entities: Sequence[Entity],
        extras: Mapping[str, Sequence[Any]] | None = None,
        *,
        make_current: bool = True,
        note: str | None = None,
        actor: str | None = None,
    ) -> ListSnapshot:
        """Store a new version with its entities and make it current, all or nothing.

        Entity ids must be unique within a version (each list's own id is). Loading the same
        publication twice (same source and sha256) stores nothing new and returns the
        existing version, made current again if asked.

        A new version, or a switch back to a stored one, appends a ``list.load`` audit record
        in the same transaction; ``actor`` defaults to the operating-system user.
        """
        seen: set[str] = set()
        for entity in entities:
            if entity.id in seen:
                raise StoreError(f"{snapshot.source}: entity id {entity.id!r} appears twice")
            seen.add(entity.id)
        who = actor or current_user()
        existing = self.find_version(snapshot.source, snapshot.sha256)
        if existing is not None:
            if make_current:
                assert existing.id is not None
                with self.transaction():
                    switched = self._current_id(snapshot.source) != existing.id
                    self._set_current(snapshot.source, existing.id)
                    if switched:
                        self._audit_load(existing, who, new=False, current=True, note=None)
            return existing
        try:
            with self.transaction():
                version_id = self._insert_version(snapshot, entities, extras, note)
                if make_current:
                    self._set_current(snapshot.source, version_id)
                self._audit_load(self.version(version_id), who, new=True, current=make_current,
                                 note=note)
        except sqlite3.Error as exc:
            raise StoreError(f"could not store {snapshot.source}: {exc}") from exc
        return self.version(version_id)

    def _insert_version(self, snapshot: ListSnapshot, entities: Sequence[Entity],
                        extras: Mapping[str, Sequence[Any]] | None, note: str | None) -> int:
        cur = self._db.execute(
            "INSERT INTO list_versions (source, format, sha256, entry_count, "
            "publisher_date, fetched_at, loaded_at, origin, licence, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                snapshot.source, snapshot.format, snapshot.sha256,
                len(entities) or snapshot.entry_count,
                snapshot.publisher_date.isoformat() if snapshot.publisher_date else None,
                snapshot.fetched_at.isoformat(timespec="seconds"), _now(),
                snapshot.origin, snapshot.licence, note,
            ),
        )
        version_id = cur.lastrowid
        assert version_id is not None
        blobs = []
        members = []
        for entity in entities:
            data = entity.canonical_json()
            digest = entity.content_hash(data)
            blobs.append((digest, data))
            members.append((version_id, entity.id, digest, entity.caption))
        self._db.executemany(
            "INSERT INTO entity_blobs (content_hash, data) VALUES (?, ?) "
            "ON CONFLICT (content_hash) DO NOTHING", blobs,
        )
        self._db.executemany(
            "INSERT INTO version_entities (version_id, entity_id, content_hash, caption) "
            "VALUES (?, ?, ?, ?)", members,
        )
        for kind, records in (extras or {}).items():
            self._db.executemany(
                "INSERT INTO version_extras (version_id, kind, position, data) "
                "VALUES (?, ?, ?, ?)",
                [(version_id, kind, i, json.dumps(r, default=str, sort_keys=True))
                 for i, r in enumerate(records)],
            )
        return version_id

    def _audit_load(self, version: ListSnapshot, actor: str, *, new: bool, current: bool,
                    note: str | None) -> None:
        # The override note (an accepted out-of-band entry count) belongs in the record: the
        # reliability notes require operator overrides to be recorded.
        self.audit.append("list.load", actor, f"list:{version.source}", {
            "source": version.source, "version_id": version.id, "sha256": version.sha256,
            "entry_count": version.entry_count, "publisher_date": version.publisher_date,
            "origin": version.origin, "new": new, "current": current, "note": note,
        })

    def _current_id(self, source: str) -> int | None:
        row = self._db.execute("SELECT version_id FROM current_versions WHERE source = ?",
                               (source,)).fetchone()
        return int(row[0]) if row else None

    def _set_current(self, source: str, version_id: int | None) -> None:
        self._db.execute(
            "INSERT INTO current_versions (source, version_id, switched_at) VALUES (?, ?, ?) "
            "ON CONFLICT (source) DO UPDATE SET version_id = excluded.version_id, "
            "switched_at = excluded.switched_at",
            (source, version_id, _now()),
        )

    def record_attempt(self, attempt: UpdateAttempt) -> None:
        """Remember an update attempt so ``lists status`` can say when and why one failed."""
        self._db.execute(
            "INSERT INTO update_attempts (source, attempted_at, ok, version_id, origin, message, "
            "accepted_shrink) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (attempt.source, attempt.attempted_at.isoformat(timespec="seconds"),
             int(attempt.ok), attempt.version_id, attempt.origin, attempt.message,
             int(attempt.accepted_shrink)),
        )

    # -- reading ------------------------------------------------------------------------

    def version(self, version_id: int) -> ListSnapshot:
        """One version by id; StoreError when there is none."""
        row = self._db.execute("SELECT * FROM list_versions WHERE id = ?",
                               (version_id,)).fetchone()
        if row is None:
            raise StoreError(f"no list version {version_id}")
        return _snapshot(row)

    def versions(self, source: str | None = None) -> list[ListSnapshot]:
        """All stored versions, oldest first, of one source or of all."""
        if source is None:
            rows = self._db.execute("SELECT * FROM list_versions ORDER BY id")
        else:
            rows = self._db.execute("SELECT * FROM list_versions WHERE source = ? ORDER BY id",
                                    (source,))
        return [_snapshot(r) for r in rows]

    def current(self) -> dict[str, ListSnapshot]:
        """The version in use for each source."""
        rows = self._db.execute(
            "SELECT v.* FROM current_versions c JOIN list_versions v ON v.id = c.version_id "
            "ORDER BY v.source"
        )
        return {r["source"]: _snapshot(r) for r in rows}

    def entities(self, version_id: int) -> Iterator[Entity]:
        """The entities of a version, in list order of their ids."""
        rows = self._db.execute(
            "SELECT b.data FROM version_entities m JOIN entity_blobs b "
            "ON b.content_hash = m.content_hash WHERE m.version_id = ? ORDER BY m.rowid",
            (version_id,),
        )
        for row in rows:
            yield Entity.from_dict(json.loads(row["data"]))

    def entity(self, version_id: int, entity_id: str) -> Entity | None:
        """One entity of a version by the list's own id."""
        row = self._db.execute(
            "SELECT b.data FROM version_entities m JOIN entity_blobs b "
            "ON b.content_hash = m.content_hash WHERE m.version_id = ? AND m.entity_id = ?",
            (version_id, entity_id),
        ).fetchone()
        return Entity.from_dict(json.loads(row["data"])) if row else None

    def entity_hashes(self, version_id: int) -> dict[str, str]:
        """entity id -> content hash for a version: what a diff compares."""
        rows = self._db.execute(
            "SELECT entity_id, content_hash FROM version_entities WHERE version_id = ?",
            (version_id,),
        )
        return {r["entity_id"]: r["content_hash"] for r in rows}

    def entity_by_hash(self, content_hash: str) -> Entity:
        """The entity stored under a content hash."""
        row = self._db.execute("SELECT data FROM entity_blobs WHERE content_hash = ?",
                               (content_hash,)).fetchone()
        if row is None:
            raise StoreError(f"no entity with content hash {content_hash}")
        return Entity.from_dict(json.loads(row["data"]))

    def find_entities(self, entity_id: str) -> list[tuple[ListSnapshot, Entity]]:
        """Every current-version entity with this id, across sources."""
        rows = self._db.execute(
            "SELECT v.*, b.data FROM current_versions c "
            "JOIN list_versions v ON v.id = c.version_id "
            "JOIN version_entities m ON m.version_id = v.id "
            "JOIN entity_blobs b ON b.content_hash = m.content_hash "
            "WHERE m.entity_id = ? ORDER BY v.source",
            (entity_id,),
        )
        return [(_snapshot(r), Entity.from_dict(json.loads(r["data"]))) for r in rows]

    def extras(self, version_id: int, kind: str) -> list[Any]:
        """Non-entity records stored with a version (e.g. ``"ownership"``)."""
        rows = self._db.execute(
            "SELECT data FROM version_extras WHERE version_id = ? AND kind = ? ORDER BY position",
            (version_id, kind),
        )
        return [json.loads(r["data"]) for r in rows]

    def attempts(self, source: str | None = None, limit: int = 20) -> list[UpdateAttempt]:
        """Recent update attempts, newest first."""
        sql = "SELECT * FROM update_attempts"
        params: tuple[Any, ...] = ()
        if source is not None:
            sql += " WHERE source = ?"
            params = (source,)
        sql += " ORDER BY id DESC LIMIT ?"
        rows = self._db.execute(sql, (*params, limit))
        return [
            UpdateAttempt(
                source=r["source"], attempted_at=datetime.fromisoformat(r["attempted_at"]),
                ok=bool(r["ok"]), message=r["message"], version_id=r["version_id"],
                origin=r["origin"], accepted_shrink=bool(r["accepted_shrink"]),
            )
            for r in rows
        ]
