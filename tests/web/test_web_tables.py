"""The web tables live in migration 5: a new database gets them, and a database made before,
whose tables the web app created itself (CREATE TABLE IF NOT EXISTS on open), migrates with
its keys, users and sessions intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from offramp.store import ListStore
from offramp.store.schema import MIGRATIONS, migration_sql
from offramp.web.keys_store import KeysStore, Role, hash_password, sha256_hex

from .conftest import PASSWORD

# The statements keys_store.py ran on every open before migration 5 (commit 302e4e6), as
# they were: a database made by that version has exactly these tables.
OLD_WEB_TABLES = (
    "CREATE TABLE IF NOT EXISTS web_api_keys ("
    " id INTEGER PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,"
    " key_sha256 TEXT NOT NULL UNIQUE, prefix TEXT NOT NULL, created_at TEXT NOT NULL,"
    " created_by TEXT NOT NULL, revoked_at TEXT)",
    "CREATE TABLE IF NOT EXISTS web_users ("
    " id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, role TEXT NOT NULL,"
    " password_hash TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS web_sessions ("
    " token_sha256 TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES web_users (id),"
    " csrf_token TEXT NOT NULL, created_at REAL NOT NULL, expires_at REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS web_login_failures ("
    " id INTEGER PRIMARY KEY, at REAL NOT NULL, username TEXT NOT NULL, client TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS web_login_failures_user ON web_login_failures (username, at)",
    "CREATE INDEX IF NOT EXISTS web_login_failures_client ON web_login_failures (client, at)",
)
WEB_TABLES = {"web_api_keys", "web_users", "web_sessions", "web_login_failures",
              "web_run_notes"}


def tables(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def make_old_database(db: Path) -> str:
    """A database at migration 4 with the web tables made the old way and a key, a user and
    a session in them; returns the key's secret."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                 "applied_at TEXT NOT NULL)")
    for version, _ in MIGRATIONS[:4]:
        for stmt in migration_sql(version, "sqlite"):
            conn.execute(stmt)
        conn.execute("INSERT INTO schema_migrations VALUES (?, '2026-01-01T00:00:00+00:00')",
                     (version,))
    for stmt in OLD_WEB_TABLES:
        conn.execute(stmt)
    secret = "ofr_" + "k" * 43
    conn.execute("INSERT INTO web_api_keys (name, role, key_sha256, prefix, created_at, "
                 "created_by) VALUES ('erp', 'analyst', ?, ?, '2026-01-01', 'admin')",
                 (sha256_hex(secret), secret[:12]))
    conn.execute("INSERT INTO web_users (name, role, password_hash, created_at, created_by) "
                 "VALUES ('Alice', 'approver', ?, '2026-01-01', 'admin')",
                 (hash_password(PASSWORD),))
    conn.execute("INSERT INTO web_sessions VALUES (?, 1, 'csrf', 1.0, 9e99)",
                 (sha256_hex("cookie"),))
    conn.close()
    return secret


def test_a_new_database_gets_the_web_tables_from_migration_5(tmp_path: Path) -> None:
    with ListStore(tmp_path / "new.db") as store:
        assert store.schema_version() >= 5
    assert tables(tmp_path / "new.db") >= WEB_TABLES


def test_keys_store_no_longer_creates_tables(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "bare.db")
    KeysStore(conn)  # on a database that was never migrated: creates nothing
    assert tables(tmp_path / "bare.db") == set()


def test_a_database_made_the_old_way_migrates_with_its_accounts(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    secret = make_old_database(db)
    with ListStore(db) as store:
        assert store.schema_version() >= 5
        keys = KeysStore(store.connection)
        key = keys.key_for(secret)
        assert key is not None and key.name == "erp" and key.role == Role.ANALYST
        user = keys.authenticate("alice", PASSWORD)  # the old table ignored case; still so
        assert user is not None and user.name == "Alice"
        session = keys.session_for("cookie")
        assert session is not None and session.user == user
        keys.set_role("ALICE", Role.VIEWER, "admin")  # and account changes work on it
        assert keys.session_for("cookie") is None
    assert tables(db) >= WEB_TABLES
