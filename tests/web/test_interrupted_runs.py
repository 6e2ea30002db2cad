"""Web runs left "running" by a server process that stopped are marked failed at start-up,
with a note on the run page; runs of a process still alive are left alone.

The owner is a real process holding its lock (as every server process does), killed with
SIGKILL: the kernel releases its lock, as it would for a crashed server.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from offramp.store import ListStore, ReviewStore
from offramp.web.config import WebConfig
from offramp.web.interrupted_runs import RunOwner
from offramp.web.keys_store import Role

from .conftest import Template, Web, make_config, started

OWNER = ("import sys, time; from pathlib import Path; "
         "from offramp.web.interrupted_runs import RunOwner; "
         "o = RunOwner(Path(sys.argv[1])); print(o.token, flush=True); time.sleep(120)")


@pytest.fixture
def owner(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """A process that owns runs like a server process: its lock held until it dies."""
    process = subprocess.Popen([sys.executable, "-c", OWNER, str(tmp_path / "home" /
                                                                  "web-runs")],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    token = process.stdout.readline().strip()
    try:
        yield process, token
    finally:
        process.kill()
        process.wait()


def web_run(config: WebConfig, token: str, upload: str) -> int:
    """A run as a web server process records it, one row of four stored."""
    (config.uploads_dir).mkdir(parents=True, exist_ok=True)
    (config.uploads_dir / upload).write_text("name\nA\nB\nC\nD\n")
    with ListStore(config.db_path) as store:
        reviews = ReviewStore(store)
        run_id = reviews.start_run(
            input_name="suppliers.csv", input_sha256="0" * 64, list_versions={"custom": 1},
            algorithm="offramp-match-2", threshold=0.8, actor="ana",
            options={"via": "web", "owner": token, "upload": upload, "rows_expected": 4})
        store.connection.execute(
            "INSERT INTO subjects (subject_key, name, first_seen_at) VALUES ('k', 'A', 'now')")
        store.connection.execute(
            "INSERT INTO run_results (run_id, row_number, subject_key, name, status, matches) "
            "VALUES (?, 2, 'k', 'A', 'clear', '[]')", (run_id,))
    return run_id


def test_a_run_of_a_killed_server_is_marked_failed_with_a_note(
        web_template: Template, tmp_path: Path,
        owner: tuple[subprocess.Popen[str], str]) -> None:
    process, token = owner
    config = make_config(web_template, tmp_path / "home")
    upload = "0123456789abcdef0123456789abcdef.csv"
    run_id = web_run(config, token, upload)
    process.kill()
    process.wait()
    for client in started(config):
        web = Web(client, config, web_template.keys)
        progress = web.client.get(f"/runs/{run_id}", headers=web.auth(Role.VIEWER)).json()
        assert progress["status"] == "failed"
        assert progress["note"].startswith("Interrupted: the server stopped")
        assert "after 1 of 4 rows" in progress["note"]
        web.login("vera")
        page = web.client.get(f"/ui/runs/{run_id}").text
        assert 'class="error run-note"' in page and "upload the file again" in page
        assert 'http-equiv="refresh"' not in page  # no longer refreshing for ever
    assert not (config.uploads_dir / upload).exists()  # the leftover upload is removed
    assert not (config.home / "web-runs" / f"{token}.lock").exists()
    with ListStore(config.db_path) as store:
        row = store.connection.execute(
            "SELECT actor, payload FROM audit_log WHERE action = 'run.finish'").fetchone()
    assert row["actor"] == "offramp-serve"
    assert json.loads(row["payload"])["status"] == "failed"


def test_a_run_of_a_live_server_process_is_left_running(
        web_template: Template, tmp_path: Path,
        owner: tuple[subprocess.Popen[str], str]) -> None:
    _process, token = owner
    config = make_config(web_template, tmp_path / "home")
    upload = "fedcba9876543210fedcba9876543210.csv"
    run_id = web_run(config, token, upload)
    for client in started(config):
        web = Web(client, config, web_template.keys)
        progress = web.client.get(f"/runs/{run_id}", headers=web.auth(Role.VIEWER)).json()
        assert progress["status"] == "running" and progress["note"] is None
    assert (config.uploads_dir / upload).exists()


def test_command_line_runs_are_not_touched(web: Web) -> None:
    with ListStore(web.config.db_path) as store:
        run_id = ReviewStore(store).start_run(
            input_name="x.csv", input_sha256="0" * 64, list_versions={"custom": 1},
            algorithm="offramp-match-2", threshold=0.8, options={"workers": 1})
    for _client in started(web.config):
        pass
    with ListStore(web.config.db_path) as store:
        assert ReviewStore(store).get_run(run_id).status == "running"


def test_an_owner_sees_itself_alive_and_a_stranger_dead(tmp_path: Path) -> None:
    me = RunOwner(tmp_path)
    assert me.alive(me.token)
    other = RunOwner(tmp_path)
    assert me.alive(other.token)  # another live owner, even in this process
    other.release()
    assert not me.alive(other.token)
    assert not me.alive("../../etc/passwd") and not me.alive(None)
    me.release()
