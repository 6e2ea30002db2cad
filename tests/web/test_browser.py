"""End to end in a real headless Chromium: ``offramp serve`` in a subprocess on 127.0.0.1,
driven with Playwright through Debian's ``/usr/bin/chromium`` (never a downloaded browser).

Log in, search a name and read the explanation, upload a CSV and see its results (the run page
refreshes itself), decide an alert as one user and approve it as another, and see a list entry
named ``<script>alert(1)</script>`` shown as text with no script run.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import PASSWORD, WEB, Template, make_config

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
XSS = "<script>alert(1)</script>"
# Runs the real command; registering it on the group is the integrator's line in cli/main.py,
# done here too so the test does not depend on it.
SERVE = ("import sys; from offramp.cli.main import cli; from offramp.cli.serve_cmd import serve;"
         " cli.add_command(serve); cli(sys.argv[1:], prog_name='offramp')")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="Debian's chromium is not installed (/usr/bin/chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(web_template: Template, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``offramp serve`` on a free port of 127.0.0.1; yields its URL and its log file."""
    config = make_config(web_template, tmp_path / "home")
    port = free_port()
    log = tmp_path / "server.log"
    env = {**os.environ, "OFFRAMP_HOME": str(config.home), "OFFRAMP_DB": str(config.db_path),
           "OFFRAMP_WEB_RELOAD_SECONDS": "0.5"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", SERVE, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url + "/readyz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError):
                pass
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield url, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_the_web_ui_in_chromium(server: tuple[str, Path]) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, log = server
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(20_000)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

            def log_in(user: str) -> None:
                page.goto(url + "/ui/search")
                expect(page).to_have_url(url + "/login")  # not logged in: sent to log in
                page.fill("input[name=username]", user)
                page.fill("input[name=password]", PASSWORD)
                page.click("button:has-text('Log in')")
                expect(page).to_have_url(url + "/ui/search")

            log_in("ana")
            # Search with the explanation.
            page.fill("input[name=name]", "Hikvision")
            page.click("button:has-text('Search')")
            first = page.locator("li.match").first
            expect(first.locator(".entity-name")).to_have_text(
                "Hangzhou Hikvision Digital Technology Co. Ltd.")
            expect(first.locator(".flag")).to_have_text("ALERT")
            expect(first.locator("table.explanation tbody tr").first).to_contain_text("name")

            # Upload a CSV; the run page refreshes itself until done.
            page.click("a:has-text('Screen a file')")
            page.set_input_files("input[name=file]", str(WEB / "subjects.csv"))
            page.click("button:has-text('Screen')")
            expect(page).to_have_url(re.compile(r"/ui/runs/\d+$"))
            expect(page.locator(".progress .status")).to_have_text("done")
            expect(page.locator("table.results")).to_contain_text(
                "Hangzhou Hikvision Digital Technology Co. Ltd.")
            expect(page.locator("tr.unscreened")).to_contain_text("no letters or digits")

            # Decide as ana (an analyst): a high score cleared needs a second user.
            page.click("nav a:has-text('Alerts')")
            item = page.locator("article.alert-item").filter(has_text="Hikvision").first
            item.locator("select[name=verdict]").select_option("false-positive")
            item.locator("input[name=reason]").fill("a different company of the same name")
            item.locator("button:has-text('Decide alert')").click()
            expect(page.locator(".notice")).to_contain_text("needs approval by another user")
            page.click("button:has-text('Log out')")
            expect(page).to_have_url(url + "/login")

            # Approve as otto (an approver).
            log_in("otto")
            page.click("nav a:has-text('Alerts')")
            pending = page.locator(".pending").filter(has_text="by ana")
            expect(pending).to_have_count(1)
            pending.locator("button:has-text('Approve decision')").click()
            expect(page.locator(".notice")).to_contain_text("approved: alert closed")

            # A list entry named as markup shows as text; nothing runs.
            page.click("nav a:has-text('Search')")
            page.fill("input[name=name]", XSS)
            page.click("button:has-text('Search')")
            expect(page.locator("li.match .entity-name").first).to_have_text(XSS)
            assert page.locator("main script").count() == 0
            page.click("nav a:has-text('Lists')")
            expect(page.locator("table.lists")).to_contain_text("custom")
        finally:
            browser.close()
    assert dialogs == []  # alert(1) never ran
    logged = log.read_text()
    assert "GET /ui/search 200" in logged and "Jane Example" not in logged
