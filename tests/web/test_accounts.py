"""Account management: new password, new role, removal. Each ends the user's sessions and
is audited without password material; through the store, the command line and the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from offramp.cli.context import AppContext
from offramp.cli.serve_cmd import serve
from offramp.model import OfframpError
from offramp.store import ListStore
from offramp.web.keys_store import KeysStore, Role

from .conftest import PASSWORD, Web

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def keys(tmp_path: Path) -> KeysStore:
    store = KeysStore(ListStore(tmp_path / "offramp.db").connection)
    store.add_user("alice", Role.ANALYST, PASSWORD, "admin")
    return store


def audit(db: Path, action: str) -> list[dict[str, object]]:
    with ListStore(db) as store:
        rows = store.connection.execute(
            "SELECT actor, payload FROM audit_log WHERE action = ? ORDER BY seq",
            (action,)).fetchall()
    return [{"actor": r["actor"], **json.loads(r["payload"])} for r in rows]


def test_a_new_password_replaces_the_old_and_ends_sessions(keys: KeysStore) -> None:
    user = keys.authenticate("alice", PASSWORD)
    assert user is not None
    token, _ = keys.start_session(user, 3600)
    keys.set_password("ALICE", NEW_PASSWORD, "admin")  # names are found ignoring case
    assert keys.session_for(token) is None
    assert keys.authenticate("alice", PASSWORD) is None
    assert keys.authenticate("alice", NEW_PASSWORD) is not None
    with pytest.raises(OfframpError, match="at least 12"):
        keys.set_password("alice", "short", "admin")
    with pytest.raises(OfframpError, match="no user called 'bob'"):
        keys.set_password("bob", NEW_PASSWORD, "admin")


def test_a_new_role_ends_sessions(keys: KeysStore) -> None:
    user = keys.user("alice")
    assert user is not None
    token, _ = keys.start_session(user, 3600)
    changed = keys.set_role("alice", Role.VIEWER, "admin")
    assert changed.role == Role.VIEWER and keys.session_for(token) is None
    with pytest.raises(OfframpError, match="viewer role already"):
        keys.set_role("alice", Role.VIEWER, "admin")


def test_removal_ends_sessions_and_frees_the_name(keys: KeysStore) -> None:
    user = keys.user("alice")
    assert user is not None
    token, _ = keys.start_session(user, 3600)
    keys.remove_user("alice", "admin")
    assert keys.user("alice") is None and keys.session_for(token) is None
    assert keys.authenticate("alice", PASSWORD) is None
    keys.add_user("Alice", Role.VIEWER, PASSWORD, "admin")  # the name can be used again
    with pytest.raises(OfframpError, match="no user called"):
        keys.remove_user("nobody", "admin")


def test_names_are_unique_ignoring_case(keys: KeysStore) -> None:
    with pytest.raises(OfframpError, match="already a user"):
        keys.add_user("ALICE", Role.VIEWER, PASSWORD, "admin")


# -- the command line ----------------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OFFRAMP_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("OFFRAMP_USER", "operator")
    path = tmp_path / "offramp.db"
    with ListStore(path) as store:
        KeysStore(store.connection).add_user("alice", Role.ANALYST, PASSWORD, "admin")
    return path


def run(db: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(serve, list(args), obj=AppContext(db_override=db), input=input)


def test_passwd_prompts_twice_or_reads_stdin(db: Path) -> None:
    prompted = run(db, "users", "passwd", "alice", input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert prompted.exit_code == 0, prompted.output
    assert NEW_PASSWORD not in prompted.output  # hidden
    mismatch = run(db, "users", "passwd", "alice",
                   input=f"{NEW_PASSWORD}\nsomething else entirely\n{PASSWORD}\n{PASSWORD}\n")
    assert mismatch.exit_code == 0 and "do not match" in mismatch.output.lower()
    piped = run(db, "users", "passwd", "alice", "--password-stdin", input="too short\n")
    assert piped.exit_code == 1 and "at least 12" in piped.output
    with ListStore(db) as store:
        assert KeysStore(store.connection).authenticate("alice", PASSWORD) is not None
    records = audit(db, "web.user.password")
    assert [r["actor"] for r in records] == ["operator", "operator"]
    everything = json.dumps(audit(db, "web.user.password"))
    assert NEW_PASSWORD not in everything and PASSWORD not in everything
    assert "scrypt" not in everything


def test_set_role_remove_and_list(db: Path) -> None:
    assert run(db, "users", "set-role", "alice", "approver").exit_code == 0
    assert "approver  alice" in run(db, "users", "list").output
    assert audit(db, "web.user.role")[0] | {"user_id": 0} == {
        "actor": "operator", "user_id": 0, "name": "alice", "from": "analyst",
        "to": "approver", "sessions_ended": 0}
    bad = run(db, "users", "set-role", "alice", "superuser")
    assert bad.exit_code == 2
    assert run(db, "users", "remove", "alice").exit_code == 0
    assert "no users" in run(db, "users", "list").output
    assert audit(db, "web.user.remove")[0]["name"] == "alice"
    missing = run(db, "users", "remove", "alice")
    assert missing.exit_code == 1 and "no user called 'alice'" in missing.output


# -- through the app -----------------------------------------------------------------------


def test_a_logged_in_browser_is_logged_out_by_a_change(web: Web) -> None:
    web.login("ana")
    assert web.client.get("/ui/alerts").status_code == 200
    with ListStore(web.config.db_path) as store:
        KeysStore(store.connection).set_role("ana", Role.VIEWER, "operator")
    answer = web.client.get("/ui/alerts", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/login"
    web.login("ana")  # logs in again, now a viewer
    assert "ana (viewer)" in web.client.get("/ui/search").text
