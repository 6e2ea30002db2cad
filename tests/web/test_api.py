"""The JSON API against a store holding the small custom watchlist."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from offramp.cli.main import cli
from offramp.web.app import create_app
from offramp.web.keys_store import Role

from .conftest import WEB, Web


def wait_done(web: Web, run_id: int, timeout: float = 30.0) -> dict[str, object]:
    """Poll a run's progress until it is no longer running."""
    deadline = time.monotonic() + timeout
    while True:
        answer = web.client.get(f"/runs/{run_id}", headers=web.auth(Role.VIEWER)).json()
        if answer["status"] != "running" or time.monotonic() > deadline:
            return dict(answer)
        time.sleep(0.05)


def screen_fixture(web: Web, name: str = "subjects.csv") -> int:
    """Upload a fixture file as the analyst and wait for the run; returns its id."""
    answer = web.client.post("/screen", headers=web.auth(Role.ANALYST),
                             files={"file": (name, (WEB / name).read_bytes())})
    assert answer.status_code == 202, answer.text
    run_id = int(answer.json()["run_id"])
    assert wait_done(web, run_id)["status"] == "done"
    return run_id


def test_health_and_readiness(web: Web) -> None:
    assert web.client.get("/healthz").json() == {"status": "ok"}
    assert web.client.get("/readyz").json() == {"ready": True}


def test_not_ready_until_the_lists_are_loaded(web: Web, tmp_path: Path) -> None:
    # An app whose index has not loaded (its lifespan not started): 503, and searches too.
    app = create_app(web.config)
    from fastapi.testclient import TestClient

    client = TestClient(app)  # no "with": the background loader never starts
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json()["ready"] is False
    search = client.get("/search", params={"name": "Hikvision"}, headers=web.auth(Role.VIEWER))
    assert search.status_code == 503 and "not ready" in search.json()["detail"]


def test_empty_store_is_not_ready_and_says_why(web: Web, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from offramp.web.config import WebConfig

    config = WebConfig(db_path=tmp_path / "empty.db", home=tmp_path, reload_seconds=0.2)
    app = create_app(config)
    with TestClient(app) as client:
        assert app.state.offramp.holder.wait_tried(30)
        ready = client.get("/readyz")
    assert ready.status_code == 503
    assert "no lists loaded" in ready.json()["problem"]


def test_search_answers_what_the_cli_answers(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OFFRAMP_HOME", str(web.config.home))
    for name, extra in [("Hikvision", []), ("Dahua Technlogy", ["--schema", "company"]),
                        ("Zorvath Quillembrook", ["--dob", "1961-07-23", "--country", "GB"])]:
        printed = CliRunner().invoke(cli, ["--db", str(web.config.db_path), "search", name,
                                           "--json", *extra])
        assert printed.exit_code == 0, printed.output
        expected = json.loads(printed.output)
        params = {"name": name, **dict(zip(["schema" if a == "--schema" else a.lstrip("-")
                                             for a in extra[::2]], extra[1::2], strict=True))}
        got = web.client.get("/search", params=params, headers=web.auth(Role.VIEWER)).json()
        posted = web.client.post("/search", json=params, headers=web.auth(Role.VIEWER)).json()
        assert got["matches"] == expected["matches"] == posted["matches"]
        assert got["matches"], name  # each of these names is on the watchlist
        assert got["matches"][0]["explanation"]
        assert (got["threshold"], got["algorithm"]) == (expected["threshold"],
                                                        expected["algorithm"])
        assert got["list_versions"] == {"custom": 1}


def test_search_refuses_what_cannot_be_screened(web: Web) -> None:
    for name, reason in [("!!!", "no letters or digits"),
                         ("LLC", "only legal forms or stop words")]:
        answer = web.client.get("/search", params={"name": name}, headers=web.auth(Role.VIEWER))
        assert answer.status_code == 422
        assert answer.json()["unscreened"] is True and reason in answer.json()["reason"]
    bad_date = web.client.get("/search", params={"name": "Hikvision", "dob": "23/07/1961"},
                              headers=web.auth(Role.VIEWER))
    assert bad_date.status_code == 422 and "bad date of birth" in bad_date.json()["detail"]
    too_many = web.client.get("/search", params={"name": "Hikvision", "limit": 101},
                              headers=web.auth(Role.VIEWER))
    assert too_many.status_code == 422


def test_lists_status_with_freshness(web: Web) -> None:
    answer = web.client.get("/lists", headers=web.auth(Role.VIEWER)).json()
    custom = next(s for s in answer["lists"] if s["source"] == "custom")
    assert custom["current"]["entry_count"] == 4 and custom["current"]["version"] == 1
    assert custom["stale"] is None  # a user's list has no publisher's deadline
    published = [s for s in answer["lists"] if s["max_age_days"] is not None]
    assert published and all(s["current"] is None for s in published)
    assert answer["serving"] == {"custom": 1}


def test_screen_a_csv_upload(web: Web) -> None:
    run_id = screen_fixture(web)
    page = web.client.get(f"/runs/{run_id}/results", headers=web.auth(Role.VIEWER)).json()
    assert page["rows_stored"] == page["rows_expected"] == 4
    assert page["actor"] == "analyst-key" and page["list_versions"] == {"custom": 1}
    by_id = {r["subject_id"]: r for r in page["results"]}
    assert by_id["V-100"]["status"] == "match"
    assert by_id["V-100"]["matches"][0]["entity_id"] == "web-001"
    assert by_id["V-100"]["matches"][0]["list_version"] == 1
    assert by_id["V-102"]["status"] == "clear"
    assert by_id["V-103"]["status"] == "unscreened"
    assert by_id["V-103"]["reason"] == "no letters or digits"


def test_results_are_paged(web: Web) -> None:
    run_id = screen_fixture(web)
    pages = [web.client.get(f"/runs/{run_id}/results", params={"page": n, "page_size": 3},
                            headers=web.auth(Role.VIEWER)).json()["results"]
             for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [3, 1, 0]
    assert [r["subject_id"] for p in pages for r in p] == ["V-100", "V-101", "V-102", "V-103"]


def test_screen_an_xlsx_upload_and_download_both_formats(web: Web) -> None:
    run_id = screen_fixture(web, "subjects.xlsx")
    csv_answer = web.client.get(f"/runs/{run_id}/results.csv", headers=web.auth(Role.VIEWER))
    assert csv_answer.status_code == 200
    assert csv_answer.headers["content-type"].startswith("text/csv")
    lines = csv_answer.text.splitlines()
    assert lines[0].startswith("row,subject_id,name,") and len(lines) == 5
    assert "web-001" in lines[1]
    xlsx = web.client.get(f"/runs/{run_id}/results.xlsx", headers=web.auth(Role.VIEWER))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("row", "subject_id", "name") and len(rows) == 5
    assert rows[4][5] == "unscreened"


def test_screen_json_rows(web: Web) -> None:
    rows = [{"id": "P-1", "name": "Zhejiang Dahua Technology", "country": "CN"},
            {"name": "Someone Else Entirely"}]
    answer = web.client.post("/screen", json={"rows": rows}, headers=web.auth(Role.ANALYST))
    assert answer.status_code == 202
    run_id = answer.json()["run_id"]
    assert wait_done(web, run_id)["status"] == "done"
    results = web.client.get(f"/runs/{run_id}/results",
                             headers=web.auth(Role.VIEWER)).json()["results"]
    assert [r["status"] for r in results] == ["match", "clear"]
    assert results[0]["subject_id"] == "P-1"


def test_screen_json_rows_must_be_rows(web: Web) -> None:
    answer = web.client.post("/screen", json={"rows": [{"nom": "x"}]},
                             headers=web.auth(Role.ANALYST))
    assert answer.status_code == 422 and "rows.0.name" in answer.json()["detail"]
    assert web.client.post("/screen", json={"rows": []},
                           headers=web.auth(Role.ANALYST)).status_code == 400
    assert web.client.post("/screen", content=b"name\nx\n", headers={
        **web.auth(Role.ANALYST), "content-type": "text/csv"}).status_code == 415


def test_unknown_run_is_404(web: Web) -> None:
    for path in ("/runs/99", "/runs/99/results", "/runs/99/results.csv"):
        assert web.client.get(path, headers=web.auth(Role.VIEWER)).status_code == 404


def test_alerts_decide_and_four_eyes(web: Web) -> None:
    screen_fixture(web)
    alerts = web.client.get("/alerts", headers=web.auth(Role.VIEWER)).json()
    assert {a["entity_id"] for a in alerts} == {"web-001", "web-002"}
    hikvision = next(a for a in alerts if a["entity_id"] == "web-001")
    assert hikvision["subject"]["name"] == "Hikvision" and hikvision["score"] >= 0.9
    # A high score cleared as a false positive waits for a second person.
    decided = web.client.post(f"/alerts/{hikvision['id']}/decisions",
                              json={"verdict": "false-positive", "reason": "other company"},
                              headers=web.auth(Role.APPROVER))
    assert decided.status_code == 201
    decision = decided.json()["decision"]
    assert decision["pending"] is True and decision["actor"] == "approver-key"
    assert decided.json()["alert_status"] == "open"
    # The same caller cannot approve it, whatever their role ...
    same = web.client.post(f"/decisions/{decision['id']}/approve",
                           headers=web.auth(Role.APPROVER))
    assert same.status_code == 409 and "four-eyes" in same.json()["detail"]
    # ... another approver can.
    other = web.client.post(f"/decisions/{decision['id']}/approve", json={"reason": "checked"},
                            headers=web.auth(Role.ADMIN))
    assert other.status_code == 200
    assert other.json()["decision"]["approved_by"] == "admin-key"
    assert other.json()["alert_status"] == "closed"
    closed = web.client.get("/alerts", params={"status": "closed"},
                            headers=web.auth(Role.VIEWER)).json()
    assert [a["id"] for a in closed] == [hikvision["id"]]
    audit = web.client.get("/audit/verify", headers=web.auth(Role.VIEWER)).json()
    assert audit["ok"] is True and audit["problem"] is None


def test_decision_errors(web: Web) -> None:
    screen_fixture(web)
    alert = web.client.get("/alerts", headers=web.auth(Role.VIEWER)).json()[0]
    no_reason = web.client.post(f"/alerts/{alert['id']}/decisions",
                                json={"verdict": "true-match", "reason": ""},
                                headers=web.auth(Role.ANALYST))
    assert no_reason.status_code == 422
    missing = web.client.post("/alerts/999/decisions", json={"verdict": "true-match",
                                                             "reason": "x"},
                              headers=web.auth(Role.ANALYST))
    assert missing.status_code == 404
    assert web.client.post("/decisions/999/approve",
                           headers=web.auth(Role.APPROVER)).status_code == 404
    done = web.client.post(f"/alerts/{alert['id']}/decisions",
                           json={"verdict": "true-match", "reason": "confirmed"},
                           headers=web.auth(Role.ANALYST))
    assert done.status_code == 201 and done.json()["alert_status"] == "closed"
    again = web.client.post(f"/alerts/{alert['id']}/decisions",
                            json={"verdict": "escalate", "reason": "again"},
                            headers=web.auth(Role.ANALYST))
    assert again.status_code == 409 and "reopen it" in again.json()["detail"]
    not_pending = web.client.post(f"/decisions/{done.json()['decision']['id']}/approve",
                                  headers=web.auth(Role.APPROVER))
    assert not_pending.status_code == 409


def test_audit_verify_reports_a_broken_chain(web: Web) -> None:
    import sqlite3

    screen_fixture(web)
    with sqlite3.connect(web.config.db_path) as conn:
        conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")
    answer = web.client.get("/audit/verify", headers=web.auth(Role.VIEWER)).json()
    assert answer["ok"] is False and answer["problem"]["seq"] == 1


def test_openapi_lists_the_api(web: Web) -> None:
    spec = web.client.get("/openapi.json", headers=web.auth(Role.VIEWER)).json()
    for path in ("/healthz", "/readyz", "/lists", "/search", "/screen", "/runs/{run_id}/results",
                 "/runs/{run_id}/results.csv", "/runs/{run_id}/results.xlsx", "/alerts",
                 "/alerts/{alert_id}/decisions", "/decisions/{decision_id}/approve",
                 "/audit/verify"):
        assert path in spec["paths"], path
    assert "multipart/form-data" in spec["paths"]["/screen"]["post"]["requestBody"]["content"]
    assert not any(p.startswith("/ui") for p in spec["paths"])


def test_security_headers_on_every_response(web: Web) -> None:
    for answer in (web.client.get("/healthz"), web.client.get("/login"),
                   web.client.get("/lists"), web.client.get("/static/style.css")):
        csp = answer.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src" not in csp and "unsafe-inline" not in csp
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
