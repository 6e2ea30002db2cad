"""``offramp serve``: keys, users, and ``--get`` (one request through the real app)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from offramp.cli.context import AppContext
from offramp.cli.serve_cmd import serve

from .conftest import Template, make_config


@pytest.fixture
def db(web_template: Template, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    config = make_config(web_template, tmp_path / "home")
    monkeypatch.setenv("OFFRAMP_HOME", str(config.home))
    monkeypatch.setenv("OFFRAMP_USER", "operator")
    monkeypatch.delenv("OFFRAMP_API_KEY", raising=False)
    return config.db_path


def run(db: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(serve, list(args), obj=AppContext(db_override=db), input=input)


def test_keys_create_list_revoke(db: Path) -> None:
    made = run(db, "keys", "create", "--name", "erp", "--role", "analyst", "--json")
    assert made.exit_code == 0, made.output
    key = json.loads(made.output)
    assert key["key"].startswith("ofr_") and key["role"] == "analyst"
    listed = run(db, "keys", "list")
    assert f"{key['prefix']}..." in listed.output and "erp" in listed.output
    assert key["key"] not in listed.output
    assert run(db, "--get", "/lists", "--api-key", key["key"]).exit_code == 0
    assert run(db, "keys", "revoke", str(key["id"])).exit_code == 0
    refused = run(db, "--get", "/lists", "--api-key", key["key"])
    assert refused.exit_code == 1 and "unknown or revoked API key" in refused.output


def test_plain_create_prints_only_the_key_on_stdout(db: Path) -> None:
    made = CliRunner().invoke(serve, ["keys", "create", "--name", "x", "--role", "viewer"],
                              obj=AppContext(db_override=db))
    assert made.exit_code == 0
    assert made.stdout.strip().startswith("ofr_") and len(made.stdout.strip().split()) == 1


def test_users_add_and_list(db: Path) -> None:
    added = run(db, "users", "add", "carol", "--role", "approver", "--password-stdin",
                input="a long enough password\n")
    assert added.exit_code == 0 and "carol" in added.output
    assert "approver  carol" in run(db, "users", "list").output
    short = run(db, "users", "add", "dan", "--role", "viewer", input="short\nshort\n")
    assert short.exit_code != 0 and "at least 12" in short.output


def test_get_health_and_errors(db: Path) -> None:
    health = run(db, "--get", "/healthz")
    assert health.exit_code == 0 and json.loads(health.output) == {"status": "ok"}
    ready = run(db, "--get", "/readyz")
    assert ready.exit_code == 0 and json.loads(ready.output) == {"ready": True}
    unauthorised = run(db, "--get", "/search?name=Hikvision")
    assert unauthorised.exit_code == 1 and "HTTP 401" in unauthorised.output
    missing = run(db, "--get", "/nothing-here")
    assert missing.exit_code == 1 and "HTTP 404" in missing.output


def test_get_search_with_a_key(db: Path) -> None:
    key = json.loads(run(db, "keys", "create", "--name", "k", "--role", "viewer",
                         "--json").output)["key"]
    found = run(db, "--get", "/search?name=Hikvision", "--api-key", key)
    assert found.exit_code == 0, found.output
    assert json.loads(found.output)["matches"][0]["entity_id"] == "web-001"
