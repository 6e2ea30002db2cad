"""API keys, passwords, sessions and failed logins as stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from offramp.model import OfframpError
from offramp.store import ListStore
from offramp.web.keys_store import KeysStore, Role, check_password, hash_password


@pytest.fixture
def keys(tmp_path: Path) -> KeysStore:
    return KeysStore(ListStore(tmp_path / "offramp.db").connection)


def test_tables_are_made_on_open_and_opening_again_keeps_them(tmp_path: Path) -> None:
    with ListStore(tmp_path / "offramp.db") as store:
        KeysStore(store.connection).create_key("a", Role.VIEWER, "test")
    with ListStore(tmp_path / "offramp.db") as store:
        assert [k.name for k in KeysStore(store.connection).api_keys()] == ["a"]


def test_a_key_is_stored_hashed_and_found_by_its_secret(keys: KeysStore, tmp_path: Path) -> None:
    key, secret = keys.create_key("payments", Role.ANALYST, "admin")
    assert secret.startswith("ofr_") and len(secret) > 40
    assert keys.key_for(secret) == key
    assert keys.key_for(secret + "x") is None and keys.key_for("nope") is None
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("offramp"))
    assert secret.encode() not in raw and secret[12:].encode() not in raw
    assert key.prefix == secret[:12]


def test_revoked_keys_authenticate_nothing(keys: KeysStore) -> None:
    key, secret = keys.create_key("old", Role.ADMIN, "admin")
    revoked = keys.revoke_key(key.id, "admin")
    assert not revoked.active and keys.key_for(secret) is None
    with pytest.raises(OfframpError, match="already revoked"):
        keys.revoke_key(key.id, "admin")
    with pytest.raises(OfframpError, match="no API key 99"):
        keys.revoke_key(99, "admin")


def test_key_and_user_changes_are_audited(keys: KeysStore, tmp_path: Path) -> None:
    key, _ = keys.create_key("k", Role.VIEWER, "boss")
    keys.revoke_key(key.id, "boss")
    keys.add_user("alice", Role.APPROVER, "a long enough password", "boss")
    with ListStore(tmp_path / "offramp.db") as store:
        actions = [(r.action, r.actor) for r in store.audit.records()]
        assert store.audit.verify().ok
    assert actions[-3:] == [("web.key.create", "boss"), ("web.key.revoke", "boss"),
                            ("web.user.add", "boss")]


def test_passwords(keys: KeysStore) -> None:
    stored = hash_password("a long enough password")
    assert stored.startswith("scrypt$") and "a long enough" not in stored
    assert check_password("a long enough password", stored)
    assert not check_password("a long enough passworD", stored)
    assert not check_password("x", "md5$abc") and not check_password("x", "garbage")
    user = keys.add_user("Alice", Role.APPROVER, "a long enough password", "admin")
    assert keys.authenticate("alice", "a long enough password") == user  # any case
    assert keys.authenticate("alice", "wrong") is None
    assert keys.authenticate("bob", "a long enough password") is None
    with pytest.raises(OfframpError, match="at least 12"):
        keys.add_user("carol", Role.VIEWER, "short", "admin")
    with pytest.raises(OfframpError, match="already a user"):
        keys.add_user("ALICE", Role.VIEWER, "another long password", "admin")
    with pytest.raises(OfframpError, match="unknown role 'boss'"):
        Role.parse("boss")


def test_sessions_expire_and_end(keys: KeysStore) -> None:
    user = keys.add_user("alice", Role.ANALYST, "a long enough password", "admin")
    token, session = keys.start_session(user, 3600)
    found = keys.session_for(token)
    assert found is not None and found.user == user and found.csrf_token == session.csrf_token
    keys.end_session(token)
    assert keys.session_for(token) is None
    expired, _ = keys.start_session(user, -1)
    assert keys.session_for(expired) is None


def test_failures_are_counted_per_user_and_client(keys: KeysStore) -> None:
    keys.record_failure("Alice", "10.0.0.1")
    keys.record_failure("alice ", "10.0.0.2")
    keys.record_failure("bob", "10.0.0.1")
    assert keys.failures_since(0, username="ALICE") == 2
    assert keys.failures_since(0, client="10.0.0.1") == 2
    assert keys.failures_since(4e9, username="alice") == 0

