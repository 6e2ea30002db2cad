"""No personal data in logs: a canary name and date of birth, screened every way the server
takes names, never appear in anything logged.

The canary (``Zorvath Quillembrook``, born 1961-07-23) is on the test watchlist, so it also
matches, opens an alert and goes through a decision: every path a name takes. The test client's
own ``httpx`` log lines (which print the URL it requested, on the client's side) are left out:
they are not the server's.
"""

from __future__ import annotations

import logging
import time

import pytest

from offramp.web.keys_store import Role

from .conftest import Web

CANARY_WORDS = ("Zorvath", "Quillembrook", "ZORVATH", "zorvath", "quillembrook",
                "1961-07-23", "1961")
CLIENT_LOGGERS = ("httpx", "httpcore")


def test_the_canary_never_reaches_the_logs(web: Web, caplog: pytest.LogCaptureFixture,
                                           capfd: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    name, dob = "Zorvath Quillembrook", "1961-07-23"
    viewer, analyst = web.auth(Role.VIEWER), web.auth(Role.ANALYST)
    assert web.client.get("/search", params={"name": name, "dob": dob},
                          headers=viewer).json()["matches"]
    assert web.client.post("/search", json={"name": name, "dob": dob},
                           headers=viewer).status_code == 200
    # An unscreenable variant and a bad date: error paths quote the input back to the caller.
    assert web.client.get("/search", params={"name": name, "dob": "23.07.1961"},
                          headers=viewer).status_code == 422
    upload = f"id,name,dob\nC-1,{name},{dob}\n".encode()
    run = web.client.post("/screen", files={"file": ("canary.csv", upload)}, headers=analyst)
    rows = web.client.post("/screen", json={"rows": [{"name": name, "dob": dob}]},
                           headers=analyst)
    for answer in (run, rows):
        assert answer.status_code == 202
        run_id = answer.json()["run_id"]
        deadline = time.monotonic() + 30
        while web.client.get(f"/runs/{run_id}", headers=viewer).json()["status"] == "running":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        results = web.client.get(f"/runs/{run_id}/results", headers=viewer).json()["results"]
        assert results[0]["status"] == "match"
    alerts = web.client.get("/alerts", headers=viewer).json()
    assert any(a["subject"]["name"] == name for a in alerts)
    decided = web.client.post(f"/alerts/{alerts[0]['id']}/decisions",
                              json={"verdict": "escalate", "reason": "check"}, headers=analyst)
    assert decided.status_code == 201
    token = web.login("ana")
    assert name in web.client.post("/ui/search", data={"name": name, "dob": dob,
                                                       "csrf_token": token}).text
    assert web.client.get(f"/ui/runs/{run.json()['run_id']}").status_code == 200

    server_lines = [r.getMessage() for r in caplog.records
                    if not r.name.startswith(CLIENT_LOGGERS)]
    assert any(line.startswith("GET /search 200") for line in server_lines)
    assert any(line.startswith("GET /runs/{run_id}/results 200") for line in server_lines)
    out, err = capfd.readouterr()
    logged = "\n".join([*server_lines, out, err])
    for word in CANARY_WORDS:
        assert word not in logged, word


def test_an_unexpected_error_is_logged_by_its_type_only(web: Web,
                                                        caplog: pytest.LogCaptureFixture,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from offramp.web import api_lists

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("could not screen 'Zorvath Quillembrook' born 1961-07-23")

    monkeypatch.setattr(api_lists, "source_status", broken)
    caplog.set_level(logging.DEBUG)
    answer = web.client.get("/lists", headers=web.auth(Role.VIEWER))
    assert answer.status_code == 500 and answer.json() == {"detail": "internal error"}
    server = [r for r in caplog.records if not r.name.startswith(CLIENT_LOGGERS)]
    lines = [r.getMessage() for r in server]
    assert "unhandled RuntimeError on GET /lists" in lines
    assert "GET /lists 500" in " ".join(lines)
    assert not any("Zorvath" in line for line in lines)
    assert not any(r.exc_info for r in server)  # no traceback, which would quote the message
