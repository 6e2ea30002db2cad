"""Fixtures for the web tests: a store with a small custom watchlist, keys and users for each
role, and the app driven in-process.

The store is built once per session (loading the list, hashing passwords) and copied for each
test, so every test starts from the same state and may change it freely. Built screeners are
cached in one shared folder: the list is the same in every copy.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from offramp.lists.loading import load_file
from offramp.screening.screener import Screener
from offramp.store import ListStore
from offramp.web.app import create_app
from offramp.web.config import WebConfig
from offramp.web.keys_store import KeysStore, Role

WEB = Path(__file__).parent.parent / "fixtures" / "web"
PASSWORD = "correct horse battery staple"
USERS = {"vera": Role.VIEWER, "ana": Role.ANALYST, "otto": Role.APPROVER,
         "paula": Role.APPROVER}


@dataclass
class Template:
    """The session's prepared store and the secrets made for it."""

    db: Path
    cache: Path
    keys: dict[Role, str]


@dataclass
class Web:
    """One test's app: its client, configuration and credentials."""

    client: TestClient
    config: WebConfig
    keys: dict[Role, str]
    extra: dict[str, Any] = field(default_factory=dict)

    def auth(self, role: Role) -> dict[str, str]:
        """Headers carrying the API key of ``role``."""
        return {"Authorization": f"Bearer {self.keys[role]}"}

    def login(self, user: str, password: str = PASSWORD) -> str:
        """Log ``user`` in through the login form; returns the session's CSRF token."""
        form = self.client.get("/login")
        token = form.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        answer = self.client.post("/login", data={"username": user, "password": password,
                                                  "csrf_token": token},
                                  follow_redirects=False)
        assert answer.status_code == 303, answer.text
        page = self.client.get("/ui/search")
        return page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


@pytest.fixture(scope="session")
def web_template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """A store with ``watchlist.csv`` loaded, an API key per role and a user per role."""
    folder = tmp_path_factory.mktemp("web-template")
    db = folder / "offramp.db"
    cache = folder / "cache"
    with ListStore(db) as store:
        load_file(store, WEB / "watchlist.csv", actor="test")
        keys_store = KeysStore(store.connection)
        keys = {role: keys_store.create_key(f"{role.label}-key", role, "test")[1]
                for role in Role}
        for name, role in USERS.items():
            keys_store.add_user(name, role, PASSWORD, "test")
        Screener.from_store(store, cache)  # built once; each test's app loads it
    return Template(db, cache, keys)


def make_config(template: Template, home: Path, **limits: Any) -> WebConfig:
    """A configuration over a fresh copy of the template's store in ``home``."""
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(template.db, home / "offramp.db")
    if not (home / "cache").exists():
        (home / "cache").symlink_to(template.cache, target_is_directory=True)
    return WebConfig(db_path=home / "offramp.db", home=home, reload_seconds=0.2, **limits)


def started(config: WebConfig) -> Iterator[TestClient]:
    """The app over ``config``, started, with its lists loaded."""
    app = create_app(config)
    with TestClient(app, base_url="http://testserver") as client:
        assert app.state.offramp.holder.wait_ready(60)
        yield client


@pytest.fixture
def web(web_template: Template, tmp_path: Path) -> Iterator[Web]:
    """The app over a fresh copy of the template store, ready to answer."""
    config = make_config(web_template, tmp_path / "home")
    for client in started(config):
        yield Web(client, config, web_template.keys)


@pytest.fixture
def unlimited_web(web_template: Template, tmp_path: Path) -> Iterator[Web]:
    """Like ``web``, with the viewer's key exempt from rate limits (as the load benchmark's
    is): for tests that search as fast as they can."""
    config = make_config(web_template, tmp_path / "home",
                         rate_exempt=frozenset({f"{Role.VIEWER.label}-key"}))
    for client in started(config):
        yield Web(client, config, web_template.keys)
