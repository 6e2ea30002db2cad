"""End to end in a real headless Chromium: ``offramp serve`` in a subprocess on 127.0.0.1,
driven with Playwright through Debian's ``/usr/bin/chromium`` (never a downloaded browser).

Log in, search a name and read the explanation, upload a CSV and see its results (the run page
refreshes itself), decide an alert as one user and approve it as another, import estate files
and see the exposure by site and vendor, and see a list entry and a device named
``<script>alert(1)</script>`` shown as text with no script run.

Every page is also saved as a screenshot, into a temporary folder, or into
``OFFRAMP_SCREENSHOTS`` when set (docs/web.md's "Pages" describes what they show), and each is
checked to be a real, non-empty PNG.
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
PNG = b"\x89PNG\r\n\x1a\n"
DEVICES = [WEB / "devices" / "warehouse-assets.csv",
           WEB.parent / "scans" / "register" / "townhall-assets.csv",
           WEB.parent / "scans" / "nmap" / "townhall-sV.xml"]
SHOTS = ("login", "search", "run", "alerts", "decided", "approved", "lists", "devices",
         "devices-xss")

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
            [sys.executable, "-m", "offramp", "serve", "--host", "127.0.0.1", "--port", str(port)],
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


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where the screenshots go: ``OFFRAMP_SCREENSHOTS`` if set, else a temporary folder."""
    folder = Path(os.environ.get("OFFRAMP_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_web_ui_in_chromium(server: tuple[str, Path], shots: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, log = server
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(20_000)

            def shot(name: str) -> None:
                page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

            def log_in(user: str) -> None:
                page.goto(url + "/ui/search")
                expect(page).to_have_url(url + "/login")  # not logged in: sent to log in
                if user == "ana":
                    shot("login")
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
            shot("search")

            # Upload a CSV; the run page refreshes itself until done.
            page.click("a:has-text('Screen a file')")
            page.set_input_files("input[name=file]", str(WEB / "subjects.csv"))
            page.click("button:has-text('Screen')")
            expect(page).to_have_url(re.compile(r"/ui/runs/\d+$"))
            expect(page.locator(".progress .status")).to_have_text("done")
            expect(page.locator("table.results")).to_contain_text(
                "Hangzhou Hikvision Digital Technology Co. Ltd.")
            expect(page.locator("tr.unscreened")).to_contain_text("no letters or digits")
            shot("run")

            # Decide as ana (an analyst): a high score cleared needs a second user.
            page.click("nav a:has-text('Alerts')")
            shot("alerts")
            item = page.locator("article.alert-item").filter(has_text="Hikvision").first
            item.locator("select[name=verdict]").select_option("false-positive")
            item.locator("input[name=reason]").fill("a different company of the same name")
            item.locator("button:has-text('Decide alert')").click()
            expect(page.locator(".notice")).to_contain_text("needs approval by another user")
            shot("decided")
            page.click("button:has-text('Log out')")
            expect(page).to_have_url(url + "/login")

            # Approve as otto (an approver).
            log_in("otto")
            page.click("nav a:has-text('Alerts')")
            pending = page.locator(".pending").filter(has_text="by ana")
            expect(pending).to_have_count(1)
            pending.locator("button:has-text('Approve decision')").click()
            expect(page.locator(".notice")).to_contain_text("approved: alert closed")
            shot("approved")

            # A list entry named as markup shows as text; nothing runs.
            page.click("nav a:has-text('Search')")
            page.fill("input[name=name]", XSS)
            page.click("button:has-text('Search')")
            expect(page.locator("li.match .entity-name").first).to_have_text(XSS)
            assert page.locator("main script").count() == 0
            page.click("nav a:has-text('Lists')")
            expect(page.locator("table.lists")).to_contain_text("custom")
            shot("lists")

            # Devices: otto (an approver) imports estate files; exposure by site and vendor.
            page.click("nav a:has-text('Devices')")
            expect(page.locator("main")).to_contain_text("No assessment stored yet")
            page.set_input_files("input[name=file]", [str(p) for p in DEVICES])
            page.click("button:has-text('Import')")
            expect(page).to_have_url(re.compile(r"/ui/devices\?assessment=\d+$"))
            warehouse = page.locator("table.exposure").filter(has_text="Warehouse")
            expect(warehouse.locator("tr.restricted")).to_have_count(2)
            expect(warehouse).to_contain_text("RESTRICTED")
            expect(page.locator("table.devices")).to_contain_text("fcc-covered-list")
            expect(page.locator("table.devices .model").filter(has_text=XSS)).to_have_count(1)
            assert page.locator("main script").count() == 0
            shot("devices")
            page.click("table.exposure caption a:has-text('Warehouse')")
            expect(page.locator("table.devices tbody tr")).to_have_count(3)
            shot("devices-xss")
        finally:
            browser.close()
    assert dialogs == []  # alert(1) never ran
    for name in SHOTS:
        data = (shots / f"{name}.png").read_bytes()
        assert data.startswith(PNG) and len(data) > 1000, name
    logged = log.read_text()
    assert "GET /ui/search 200" in logged and "Jane Example" not in logged
