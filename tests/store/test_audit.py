"""The hash-chained audit log: appending, verifying, catching tampering, exporting."""

from __future__ import annotations

import csv
import itertools
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from conftest import LISTS
from offramp.lists.loading import load_file
from offramp.model import Entity, ListSnapshot, Name, Schema, StoreError
from offramp.store import ListStore
from offramp.store.audit import (
    GENESIS,
    AuditLog,
    read_json_export,
    record_hash,
    verify_chain,
)
from offramp.store.schema import MIGRATIONS, migration_sql


@pytest.fixture
def log(fresh_store: ListStore) -> AuditLog:
    """The audit log of a fresh store, holding five records."""
    audit = fresh_store.audit
    for i in range(1, 6):
        audit.append("test.action", f"user{i}", f"thing:{i}", {"n": i, "note": "x" * i})
    return audit


@pytest.fixture
def raw(fresh_store: ListStore) -> Iterator[sqlite3.Connection]:
    """A separate sqlite3 connection to the store's file, with the append-only triggers
    dropped: what someone with file access could do."""
    con = sqlite3.connect(fresh_store.path, isolation_level=None)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("DROP TRIGGER audit_log_no_delete")
    yield con
    con.close()


def test_records_are_chained_from_the_genesis_value(log: AuditLog) -> None:
    records = list(log.records())
    assert [r.seq for r in records] == [1, 2, 3, 4, 5]
    assert records[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(records):
        assert after.prev_hash == before.hash
    first = records[0]
    assert first.hash == record_hash(GENESIS, 1, first.at, "user1", "test.action", "thing:1",
                                     {"n": 1, "note": "x"})
    assert first.payload == {"n": 1, "note": "x"}
    assert first.timestamp.tzinfo is not None
    report = log.verify()
    assert report.ok and report.count == 5 and report.head == records[-1].hash
    assert report.problem is None and "intact: 5 records" in report.summary()


def test_stored_payload_is_canonical_json(fresh_store: ListStore) -> None:
    fresh_store.audit.append("x", "alice", payload={"b": 1, "a": [date(2026, 1, 2)]})
    text = fresh_store.connection.execute("SELECT payload FROM audit_log").fetchone()[0]
    assert text == '{"a":["2026-01-02"],"b":1}'
    assert fresh_store.audit.verify().ok


def test_empty_log_verifies_and_bad_input_is_refused(fresh_store: ListStore) -> None:
    report = fresh_store.audit.verify()
    assert report.ok and report.count == 0 and report.head is None
    with pytest.raises(StoreError, match="action and an actor"):
        fresh_store.audit.append("x", "  ")
    with pytest.raises(StoreError, match="not JSON"):
        fresh_store.audit.append("x", "alice", payload={"n": float("nan")})
    assert fresh_store.audit.count() == 0


def test_append_joins_the_callers_transaction(fresh_store: ListStore) -> None:
    with pytest.raises(RuntimeError), fresh_store.transaction():
        fresh_store.audit.append("kept?", "alice")
        raise RuntimeError("the action failed")
    assert fresh_store.audit.count() == 0
    with fresh_store.transaction():
        fresh_store.audit.append("kept", "alice")
    assert [r.action for r in fresh_store.audit.records()] == ["kept"]


def test_records_filter_by_action_and_object(log: AuditLog) -> None:
    log.append("other", "bob", "thing:2")
    assert [r.seq for r in log.records(object="thing:2")] == [2, 6]
    assert [r.seq for r in log.records(action="other")] == [6]
    head = log.head()
    assert head is not None and head.seq == 6


def test_triggers_refuse_update_and_delete(fresh_store: ListStore, log: AuditLog) -> None:
    con = sqlite3.connect(fresh_store.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("DELETE FROM audit_log WHERE seq = 5")
    con.close()
    assert log.verify().ok


def test_edited_payload_is_reported(log: AuditLog, raw: sqlite3.Connection) -> None:
    raw.execute("""UPDATE audit_log SET payload = '{"n":3,"note":"y"}' WHERE seq = 3""")
    report = log.verify()
    assert not report.ok and report.count == 5
    assert report.problem is not None
    assert (report.problem.kind, report.problem.seq) == ("edited", 3)
    assert "record 3 was edited (hash mismatch)" in report.summary()


def test_edited_actor_is_reported(log: AuditLog, raw: sqlite3.Connection) -> None:
    raw.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 4")
    problem = log.verify().problem
    assert problem is not None and (problem.kind, problem.seq) == ("edited", 4)


def test_payload_that_is_no_longer_json_is_an_edit(log: AuditLog,
                                                   raw: sqlite3.Connection) -> None:
    raw.execute("UPDATE audit_log SET payload = 'not json {' WHERE seq = 2")
    problem = log.verify().problem
    assert problem is not None and (problem.kind, problem.seq) == ("edited", 2)


def test_rewritten_record_with_a_recomputed_hash_breaks_the_next_link(
        log: AuditLog, raw: sqlite3.Connection) -> None:
    two = next(r for r in log.records() if r.seq == 2)
    forged = record_hash(two.prev_hash, 2, two.at, "mallory", two.action, two.object,
                         two.payload)
    raw.execute("UPDATE audit_log SET actor = 'mallory', hash = ? WHERE seq = 2", (forged,))
    problem = log.verify().problem
    assert problem is not None and (problem.kind, problem.seq) == ("deleted", 3)
    assert "record 2 was rewritten" in problem.message


def test_deleted_record_is_reported_as_a_gap(log: AuditLog, raw: sqlite3.Connection) -> None:
    raw.execute("DELETE FROM audit_log WHERE seq = 3")
    report = log.verify()
    assert report.problem is not None
    assert (report.problem.kind, report.problem.seq) == ("deleted", 4)
    assert "record 3 missing" in report.problem.message and report.count == 4


def test_deleted_first_record_is_reported(log: AuditLog, raw: sqlite3.Connection) -> None:
    raw.execute("DELETE FROM audit_log WHERE seq = 1")
    problem = log.verify().problem
    assert problem is not None and (problem.kind, problem.seq) == ("deleted", 2)


def test_deleted_and_renumbered_records_break_the_chain(log: AuditLog,
                                                        raw: sqlite3.Connection) -> None:
    raw.execute("DELETE FROM audit_log WHERE seq = 3")
    raw.execute("UPDATE audit_log SET seq = seq - 1 WHERE seq > 3")
    problem = log.verify().problem
    assert problem is not None and (problem.kind, problem.seq) == ("deleted", 3)
    assert "prev_hash matches no record" in problem.message


def test_swapped_records_are_reported_as_reordered(log: AuditLog,
                                                   raw: sqlite3.Connection) -> None:
    raw.execute("UPDATE audit_log SET seq = -1 WHERE seq = 2")
    raw.execute("UPDATE audit_log SET seq = 2 WHERE seq = 4")
    raw.execute("UPDATE audit_log SET seq = 4 WHERE seq = -1")
    report = log.verify()
    assert report.problem is not None and report.count == 5
    assert (report.problem.kind, report.problem.seq) == ("reordered", 2)
    assert "out of order" in report.problem.message


def test_truncation_is_caught_with_an_anchor(log: AuditLog, raw: sqlite3.Connection) -> None:
    anchor = log.verify().head
    assert anchor is not None and log.verify(anchor=anchor).ok
    raw.execute("DELETE FROM audit_log WHERE seq = 5")
    assert log.verify().ok  # a shorter chain is still a valid chain...
    problem = log.verify(anchor=anchor).problem  # ...but the noted head is gone
    assert problem is not None and problem.kind == "truncated"
    assert "ends at seq 4" in problem.message


def test_dropped_guards_come_back_and_are_recorded(fresh_store: ListStore, log: AuditLog,
                                                   raw: sqlite3.Connection) -> None:
    raw.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")
    reopened = ListStore(fresh_store.path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            sqlite3.connect(fresh_store.path).execute("DELETE FROM audit_log")
        last = reopened.audit.head()
        assert last is not None and last.action == "audit.guards-restored"
        assert last.payload == {"missing": ["audit_log_no_update", "audit_log_no_delete"]}
        problem = reopened.audit.verify().problem
        assert problem is not None and (problem.kind, problem.seq) == ("edited", 1)
    finally:
        reopened.close()
    # A store opened with its guards in place adds nothing.
    before = fresh_store.audit.count()
    ListStore(fresh_store.path).close()
    assert fresh_store.audit.count() == before


def test_export_csv(log: AuditLog, tmp_path: Path) -> None:
    log.append("decision.false-positive", "=cmd|' /C calc'!A0", "alert:1",
               {"reason": "-not a formula"})
    out = tmp_path / "audit.csv"
    assert log.export(out, "csv") == 6
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [int(r["seq"]) for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0]["prev_hash"] == GENESIS and rows[1]["prev_hash"] == rows[0]["hash"]
    assert json.loads(rows[0]["payload"]) == {"n": 1, "note": "x"}
    assert rows[5]["actor"] == "'=cmd|' /C calc'!A0"  # neutralised for spreadsheets


def test_export_json_can_be_verified_elsewhere(log: AuditLog, tmp_path: Path) -> None:
    out = tmp_path / "audit.json"
    assert log.export(out, "json") == 5
    data = json.loads(out.read_text("utf-8"))
    assert data["count"] == 5 and data["genesis"] == GENESIS and "sha256" in data["hash_rule"]
    assert data["records"][2]["payload"] == {"n": 3, "note": "xxx"}
    records = read_json_export(out)
    assert verify_chain(records).ok
    data["records"][2]["payload"]["n"] = 4
    out.write_text(json.dumps(data), "utf-8")
    problem = verify_chain(read_json_export(out)).problem
    assert problem is not None and (problem.kind, problem.seq) == ("edited", 3)


def test_export_errors_are_clear(log: AuditLog, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unknown export format 'xml'"):
        log.export(tmp_path / "a.xml", "xml")  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="cannot write"):
        log.export(tmp_path / "no" / "such" / "dir" / "a.csv")
    with pytest.raises(StoreError, match="not an offramp audit export"):
        read_json_export(tmp_path / "missing.json")


# -- list loads are audited ------------------------------------------------------------------


def _snapshot(sha: str) -> ListSnapshot:
    return ListSnapshot(source="test-list", format="custom-csv", sha256=sha, entry_count=1,
                        fetched_at=datetime(2026, 1, 1, tzinfo=UTC))


def _entity(eid: str) -> Entity:
    return Entity(id=eid, schema=Schema.PERSON, names=(Name(f"PERSON {eid}"),),
                  source="test-list")


def test_adding_a_version_appends_list_load(fresh_store: ListStore) -> None:
    v1 = fresh_store.add_version(_snapshot("a" * 64), [_entity("1")], actor="carol",
                                 note="accepted by operator: 50% shrink")
    [record] = fresh_store.audit.records()
    assert (record.action, record.actor, record.object) == ("list.load", "carol",
                                                            "list:test-list")
    assert record.payload["version_id"] == v1.id and record.payload["sha256"] == "a" * 64
    assert record.payload["entry_count"] == 1 and record.payload["new"] is True
    assert record.payload["note"] == "accepted by operator: 50% shrink"
    # The same publication again, already current: nothing happened, nothing recorded.
    fresh_store.add_version(_snapshot("a" * 64), [_entity("1")])
    assert fresh_store.audit.count() == 1
    # A new version, then switching back to the first: both recorded, by the OS user.
    fresh_store.add_version(_snapshot("b" * 64), [_entity("2")])
    fresh_store.add_version(_snapshot("a" * 64), [_entity("1")])
    actions = [(r.payload["version_id"], r.payload["new"]) for r in fresh_store.audit.records()]
    assert actions == [(v1.id, True), (v1.id + 1, True), (v1.id, False)]
    assert all(r.actor for r in fresh_store.audit.records())
    assert fresh_store.audit.verify().ok


def test_a_failed_load_leaves_no_audit_record(fresh_store: ListStore) -> None:
    with pytest.raises(StoreError):
        fresh_store.add_version(_snapshot("a" * 64), [_entity("1"), _entity("1")])

    class Exploding(Entity):
        def content_hash(self, canonical: str | None = None) -> str:
            raise RuntimeError("disk on fire")

    bad = Exploding(id="2", schema=Schema.PERSON, names=(Name("X"),), source="test-list")
    with pytest.raises(RuntimeError):
        fresh_store.add_version(_snapshot("c" * 64), [_entity("1"), bad])
    assert fresh_store.audit.count() == 0


def test_load_file_records_the_actor(fresh_store: ListStore) -> None:
    result = load_file(fresh_store, LISTS / "custom" / "example.csv", actor="dora")
    [record] = fresh_store.audit.records()
    assert record.actor == "dora" and record.payload["version_id"] == result.snapshot.id
    assert record.payload["source"] == result.snapshot.source
    assert record.payload["entry_count"] == result.snapshot.entry_count


def test_a_version_1_database_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                "applied_at TEXT NOT NULL)")
    for stmt in migration_sql(1, "sqlite"):
        con.execute(stmt)
    con.execute("INSERT INTO schema_migrations VALUES (1, '2026-01-01T00:00:00+00:00')")
    con.execute("INSERT INTO list_versions (source, format, sha256, entry_count, fetched_at, "
                "loaded_at) VALUES ('old', 'custom-csv', 'abc', 0, '2026-01-01', '2026-01-01')")
    con.close()
    with ListStore(path) as store:
        assert store.schema_version() == max(v for v, _ in MIGRATIONS)
        assert [v.source for v in store.versions()] == ["old"]
        assert store.audit.count() == 0  # new guards on a new table are not "restored"
        store.audit.append("x", "alice")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store.connection.execute("DELETE FROM audit_log")
