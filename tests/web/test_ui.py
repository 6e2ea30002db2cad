"""The web UI's pages through the in-process client (the browser test drives the same pages in
Chromium)."""

from __future__ import annotations

import re
import time

from .conftest import WEB, Web

XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def csrf(html: str) -> str:
    return html.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def upload_and_wait(web: Web, token: str, name: str, data: bytes) -> str:
    answer = web.client.post("/ui/screen", data={"csrf_token": token},
                             files={"file": (name, data)}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert re.fullmatch(r"/ui/runs/\d+", location)
    deadline = time.monotonic() + 30
    while True:
        page = web.client.get(location).text
        if 'data-status="running"' not in page or time.monotonic() > deadline:
            return page
        assert '<meta http-equiv="refresh"' in page  # progress without script
        time.sleep(0.05)


def test_search_page_shows_matches_with_explanations(web: Web) -> None:
    token = web.login("vera")
    page = web.client.post("/ui/search", data={"name": "Hikvision", "csrf_token": token})
    assert page.status_code == 200
    assert "Hangzhou Hikvision Digital Technology Co. Ltd." in page.text
    assert "ALERT" in page.text and "custom v1" in page.text
    assert re.search(r"<td>name</td><td>\+[01]\.\d\d</td>", page.text)
    assert "<script" not in page.text  # no script on any page, by design


def test_unscreenable_name_is_an_error_not_clear(web: Web) -> None:
    token = web.login("vera")
    page = web.client.post("/ui/search", data={"name": "!!!", "csrf_token": token})
    assert page.status_code == 422 and "no letters or digits" in page.text
    assert "No list entry resembles" not in page.text


def test_list_entry_named_markup_is_rendered_as_text(web: Web) -> None:
    token = web.login("ana")
    page = web.client.post("/ui/search", data={"name": XSS, "csrf_token": token})
    assert ESCAPED in page.text and XSS not in page.text
    run = upload_and_wait(web, token, "xss.csv", f"name\n{XSS}\n".encode())
    assert ESCAPED in run and XSS not in run
    alerts = web.client.get("/ui/alerts").text
    assert ESCAPED in alerts and XSS not in alerts


def test_upload_and_see_results(web: Web) -> None:
    token = web.login("ana")
    page = upload_and_wait(web, token, "subjects.xlsx", (WEB / "subjects.xlsx").read_bytes())
    assert 'data-status="done"' in page and '<meta http-equiv="refresh"' not in page
    assert "4 of 4 rows screened" in " ".join(page.split())
    assert "Hangzhou Hikvision Digital Technology Co. Ltd." in page
    assert "no letters or digits" in page
    assert re.search(r'href="/runs/\d+/results.csv"', page)
    screen = web.client.get("/ui/screen").text
    assert "subjects.xlsx" in screen  # the recent runs


def test_upload_errors_show_on_the_form(web: Web) -> None:
    token = web.login("ana")
    answer = web.client.post("/ui/screen", data={"csrf_token": token},
                             files={"file": ("zip-bomb.xlsx",
                                             (WEB / "bad" / "zip-bomb.xlsx").read_bytes())})
    assert answer.status_code == 413 and "zip bomb" in answer.text


def test_decide_as_one_user_approve_as_another(web: Web) -> None:
    token = web.login("ana")
    upload_and_wait(web, token, "subjects.csv", (WEB / "subjects.csv").read_bytes())
    queue = web.client.get("/ui/alerts").text
    alert_id = re.search(r'action="/ui/alerts/(\d+)/decide"', queue)
    assert alert_id is not None
    decided = web.client.post(f"/ui/alerts/{alert_id[1]}/decide", data={
        "verdict": "false-positive", "reason": "a different company", "csrf_token": token})
    assert decided.status_code == 200
    assert "needs approval by another user" in decided.text
    decision_id = re.search(r'action="/ui/decisions/(\d+)/approve"', decided.text)
    assert decision_id is None  # an analyst is offered no approve button
    web.client.cookies.clear()
    token = web.login("otto")  # an approver
    queue = web.client.get("/ui/alerts").text
    decision_id = re.search(r'action="/ui/decisions/(\d+)/approve"', queue)
    assert decision_id is not None and "by ana" in queue
    approved = web.client.post(f"/ui/decisions/{decision_id[1]}/approve",
                               data={"csrf_token": token})
    assert approved.status_code == 200 and "approved: alert closed" in approved.text


def test_four_eyes_in_the_ui(web: Web) -> None:
    ana = web.login("ana")
    upload_and_wait(web, ana, "subjects.csv", (WEB / "subjects.csv").read_bytes())
    web.client.cookies.clear()
    token = web.login("otto")
    queue = web.client.get("/ui/alerts").text
    alert_id = re.search(r'action="/ui/alerts/(\d+)/decide"', queue)
    assert alert_id is not None
    decided = web.client.post(f"/ui/alerts/{alert_id[1]}/decide", data={
        "verdict": "false-positive", "reason": "not them", "csrf_token": token})
    decision_id = re.search(r'action="/ui/decisions/(\d+)/approve"', decided.text)
    assert decision_id is not None
    own = web.client.post(f"/ui/decisions/{decision_id[1]}/approve", data={"csrf_token": token})
    assert own.status_code == 409 and "four-eyes rule" in own.text


def test_lists_page_shows_freshness(web: Web) -> None:
    web.login("vera")
    page = web.client.get("/ui/lists").text
    assert "Searches are answered from: custom v1." in " ".join(page.split())
    assert re.search(r"<td>custom</td>\s*<td>1</td>", page)
    assert "not loaded" in page  # the official lists of this store were never loaded
