"""Authentication, roles, CSRF and the login rate limit, over every route."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute

from offramp.store import ListStore
from offramp.web.app import OPEN_PATHS
from offramp.web.keys_store import KeysStore, Role

from .conftest import PASSWORD, Template, Web, make_config, started


def all_routes(routes: Iterable[BaseRoute]) -> Iterator[BaseRoute]:
    """Routes, those of included routers too (FastAPI 0.16x keeps those as one entry)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from all_routes(included.routes)
        else:
            yield route


def every_route(client: TestClient) -> Iterator[tuple[str, str]]:
    """(method, concrete path) for every route the app has, path parameters filled in."""
    app = client.app
    assert isinstance(app, FastAPI)
    for route in all_routes(app.routes):
        if not isinstance(route, APIRoute):
            continue
        for method in sorted(route.methods - {"HEAD"}):
            yield method, re.sub(r"\{[^}]+\}", "1", route.path)


def is_open(path: str) -> bool:
    return path.startswith(OPEN_PATHS)


def test_every_route_but_the_open_ones_needs_credentials(web: Web) -> None:
    checked = 0
    for method, path in every_route(web.client):
        if is_open(path):
            continue
        answer = web.client.request(method, path, follow_redirects=False)
        checked += 1
        if path.startswith("/ui") or path in ("/", "/logout"):
            assert answer.status_code == 303, (method, path)
            assert answer.headers["location"] == "/login"
        else:
            assert answer.status_code == 401, (method, path, answer.status_code)
            assert answer.headers["www-authenticate"] == "Bearer"
    assert checked >= 20  # the API and the pages: a route table that lost routes fails here


def test_the_open_routes_are_only_health_login_and_style(web: Web) -> None:
    opened = sorted({path for _, path in every_route(web.client) if is_open(path)})
    assert opened == ["/healthz", "/login", "/readyz"]
    assert web.client.get("/static/style.css").status_code == 200


def test_bad_keys_are_refused(web: Web) -> None:
    for headers in ({"Authorization": "Bearer ofr_not-a-key"}, {"X-API-Key": "ofr_nope"},
                    {"Authorization": f"Basic {web.keys[Role.ADMIN]}"},
                    {"Authorization": "Bearer"}):
        assert web.client.get("/lists", headers=headers).status_code == 401, headers
    assert web.client.get("/lists", headers={"X-API-Key": web.keys[Role.VIEWER]}).status_code \
        == 200


def test_a_revoked_key_stops_working_at_once(web: Web) -> None:
    assert web.client.get("/lists", headers=web.auth(Role.VIEWER)).status_code == 200
    with ListStore(web.config.db_path) as store:
        keys = KeysStore(store.connection)
        viewer = next(k for k in keys.api_keys() if k.role == Role.VIEWER)
        keys.revoke_key(viewer.id, "test")
    assert web.client.get("/lists", headers=web.auth(Role.VIEWER)).status_code == 401


@pytest.mark.parametrize(("method", "path", "body", "role"), [
    ("POST", "/screen", {"rows": [{"name": "Acme"}]}, Role.VIEWER),
    ("POST", "/alerts/1/decisions", {"verdict": "true-match", "reason": "x"}, Role.VIEWER),
    ("POST", "/decisions/1/approve", {}, Role.ANALYST),
])
def test_a_role_too_low_is_forbidden(web: Web, method: str, path: str, body: dict[str, object],
                                     role: Role) -> None:
    answer = web.client.request(method, path, json=body, headers=web.auth(role))
    assert answer.status_code == 403
    assert f"{role.label} role" in answer.json()["detail"]


def test_a_role_too_low_is_forbidden_in_the_ui(web: Web) -> None:
    token = web.login("vera")  # a viewer
    answer = web.client.post("/ui/screen", data={"csrf_token": token},
                             files={"file": ("s.csv", b"name\nAcme\n")})
    assert answer.status_code == 403 and "analyst role" in answer.text
    answer = web.client.post("/ui/decisions/1/approve", data={"csrf_token": token})
    assert answer.status_code == 403


def test_csrf_token_is_required_on_session_posts(web: Web) -> None:
    token = web.login("ana")
    form = {"name": "Hikvision"}
    assert web.client.post("/ui/search", data=form).status_code == 403
    assert web.client.post("/ui/search", data={**form, "csrf_token": "x" * 43}).status_code \
        == 403
    assert web.client.post("/ui/search", data={**form, "csrf_token": token}).status_code == 200
    # The JSON API with the session cookie: the token goes in a header.
    assert web.client.post("/search", json=form).status_code == 403
    assert web.client.post("/search", json=form,
                           headers={"X-CSRF-Token": token}).status_code == 200
    # Reading needs no token.
    assert web.client.get("/search", params=form).status_code == 200


def test_another_sessions_token_does_not_pass(web: Web, web_template: Template,
                                              tmp_path: Path) -> None:
    mine = web.login("ana")
    other = TestClient(web.client.app)
    other_web = Web(other, web.config, web.keys)
    theirs = other_web.login("otto")
    assert mine != theirs
    assert web.client.post("/ui/search", data={"name": "Hikvision",
                                                "csrf_token": theirs}).status_code == 403


def test_login_form_needs_its_own_token(web: Web) -> None:
    answer = web.client.post("/login", data={"username": "ana", "password": PASSWORD,
                                             "csrf_token": "forged"}, follow_redirects=False)
    assert answer.status_code == 403
    assert "offramp_session" not in answer.cookies


def test_session_cookie_flags_and_logout(web: Web) -> None:
    form = web.client.get("/login")
    token = form.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    answer = web.client.post("/login", data={"username": "ana", "password": PASSWORD,
                                             "csrf_token": token}, follow_redirects=False)
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    session = web.client.cookies["offramp_session"]
    csrf = web.client.get("/ui/search").text.split('name="csrf_token" value="', 1)[1][:43]
    out = web.client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    # The old cookie, replayed, is dead.
    replay = TestClient(web.client.app, cookies={"offramp_session": session})
    assert replay.get("/ui/search", follow_redirects=False).status_code == 303
    assert replay.get("/lists").status_code == 401


def test_failed_logins_are_rate_limited_per_user(web_template: Template,
                                                 tmp_path: Path) -> None:
    config = make_config(web_template, tmp_path / "home", max_failures_per_user=3,
                         max_failures_per_client=10)
    for client in started(config):
        web = Web(client, config, web_template.keys)
        for _ in range(3):
            assert login_status(web, "ana", "wrong password!") == 401
        # Locked now: even the right password is refused, with a Retry-After.
        assert login_status(web, "ana", PASSWORD) == 429
        # Another user from elsewhere is not affected by ana's lock.
        assert login_status(web, "otto", PASSWORD) == 303


def test_failed_logins_are_rate_limited_per_client(web_template: Template,
                                                   tmp_path: Path) -> None:
    config = make_config(web_template, tmp_path / "home", max_failures_per_user=10,
                         max_failures_per_client=4)
    for client in started(config):
        web = Web(client, config, web_template.keys)
        for name in ("ana", "otto", "vera", "nobody"):  # spraying names from one address
            assert login_status(web, name, "wrong password!") == 401
        assert login_status(web, "paula", PASSWORD) == 429


def login_status(web: Web, user: str, password: str) -> int:
    form = web.client.get("/login")
    token = form.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    answer = web.client.post("/login", data={"username": user, "password": password,
                                             "csrf_token": token}, follow_redirects=False)
    if answer.status_code == 429:
        assert int(answer.headers["retry-after"]) > 0
        assert "too many failed logins" in answer.text
    return answer.status_code
