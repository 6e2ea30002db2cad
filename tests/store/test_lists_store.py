import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from offramp.model import Entity, ListSnapshot, Name, NameKind, Schema, StoreError
from offramp.store import ListStore, UpdateAttempt
from offramp.store.schema import MIGRATIONS


def _entity(eid: str, name: str, alias: str | None = None) -> Entity:
    names = [Name(name)] + ([Name(alias, NameKind.AKA)] if alias else [])
    return Entity(id=eid, schema=Schema.LEGAL_ENTITY, names=names, source="test-list",
                  record={"row": [eid, name]})


def _snapshot(sha: str, count: int, day: int = 1) -> ListSnapshot:
    return ListSnapshot(source="test-list", format="custom-csv", sha256=sha, entry_count=count,
                        fetched_at=datetime(2026, 1, day, tzinfo=UTC),
                        publisher_date=date(2026, 1, day))


def test_new_store_is_migrated_and_in_wal_mode(tmp_path: Path) -> None:
    store = ListStore(tmp_path / "x.db")
    assert store.schema_version() == MIGRATIONS[-1][0]
    store.close()
    con = sqlite3.connect(tmp_path / "x.db")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # Reopening does not re-run migrations.
    ListStore(tmp_path / "x.db").close()


def test_versions_are_kept_and_entities_shared(fresh_store: ListStore) -> None:
    v1 = fresh_store.add_version(_snapshot("a" * 64, 2),
                                 [_entity("1", "ALPHA"), _entity("2", "BETA")])
    v2 = fresh_store.add_version(_snapshot("b" * 64, 2, day=8),
                                 [_entity("1", "ALPHA"), _entity("3", "GAMMA", "G")])
    assert [v.id for v in fresh_store.versions("test-list")] == [v1.id, v2.id]
    assert fresh_store.current()["test-list"].id == v2.id
    assert v1.id is not None and v2.id is not None
    assert [e.caption for e in fresh_store.entities(v1.id)] == ["ALPHA", "BETA"]
    assert [e.caption for e in fresh_store.entities(v2.id)] == ["ALPHA", "GAMMA"]
    assert fresh_store.entity(v2.id, "3") == _entity("3", "GAMMA", "G")
    # ALPHA is identical in both versions: stored once.
    count = fresh_store._db.execute("SELECT COUNT(*) FROM entity_blobs").fetchone()[0]
    assert count == 3


def test_same_publication_twice_is_one_version(fresh_store: ListStore) -> None:
    first = fresh_store.add_version(_snapshot("a" * 64, 1), [_entity("1", "ALPHA")])
    fresh_store.add_version(_snapshot("b" * 64, 1), [_entity("1", "OMEGA")])
    again = fresh_store.add_version(_snapshot("a" * 64, 1), [_entity("1", "ALPHA")])
    assert again.id == first.id
    assert len(fresh_store.versions()) == 2
    assert fresh_store.current()["test-list"].id == first.id


def test_duplicate_ids_are_refused_and_nothing_is_stored(fresh_store: ListStore) -> None:
    with pytest.raises(StoreError, match="appears twice"):
        fresh_store.add_version(_snapshot("a" * 64, 2), [_entity("1", "A"), _entity("1", "B")])
    assert fresh_store.versions() == []


def test_failed_write_rolls_back_completely(fresh_store: ListStore) -> None:
    good = fresh_store.add_version(_snapshot("a" * 64, 1), [_entity("1", "ALPHA")])

    class Exploding(Entity):
        def content_hash(self, canonical: str | None = None) -> str:
            raise RuntimeError("disk on fire")

    bad = Exploding(id="2", schema=Schema.PERSON, names=(Name("X"),), source="test-list")
    with pytest.raises(RuntimeError):
        fresh_store.add_version(_snapshot("c" * 64, 2), [_entity("1", "ALPHA"), bad])
    assert [v.id for v in fresh_store.versions()] == [good.id]
    assert fresh_store.current()["test-list"].id == good.id


def test_extras_and_attempts(fresh_store: ListStore) -> None:
    v = fresh_store.add_version(_snapshot("a" * 64, 1), [_entity("1", "A")],
                                {"ownership": [{"owner": "x", "asset": "y", "percent": 60}]})
    assert v.id is not None
    assert fresh_store.extras(v.id, "ownership") == [{"asset": "y", "owner": "x", "percent": 60}]
    now = datetime(2026, 11, 27, tzinfo=UTC)
    fresh_store.record_attempt(UpdateAttempt("test-list", now, False, "HTTP 500"))
    fresh_store.record_attempt(UpdateAttempt("test-list", now, True, "ok", version_id=v.id))
    attempts = fresh_store.attempts("test-list")
    assert [a.ok for a in attempts] == [True, False]
    assert attempts[1].message == "HTTP 500"


def test_find_entities_across_sources(fresh_store: ListStore) -> None:
    fresh_store.add_version(_snapshot("a" * 64, 1), [_entity("7", "SEVEN")])
    found = fresh_store.find_entities("7")
    assert [(s.source, e.caption) for s, e in found] == [("test-list", "SEVEN")]
    assert fresh_store.find_entities("8") == []


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "not.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable offramp database"):
        ListStore(path)
