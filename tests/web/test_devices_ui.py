"""The device exposure page through the in-process client: exposure per site, the device list
with evidence, the import form (CSRF-protected, analysts only), and inert rendering."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import WEB, Web

WAREHOUSE = WEB / "devices" / "warehouse-assets.csv"
TOWNHALL = WEB.parent / "scans" / "register" / "townhall-assets.csv"
XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def csrf(html: str) -> str:
    return html.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def import_files(web: Web, token: str, *paths: Path, **fields: str) -> str:
    """Post the import form; returns the page it leads to."""
    answer = web.client.post(
        "/ui/devices", data={"csrf_token": token, **fields},
        files=[("file", (p.name, p.read_bytes())) for p in paths],
        follow_redirects=False)
    assert answer.status_code == 303, answer.text
    assert re.fullmatch(r"/ui/devices\?assessment=\d+", answer.headers["location"])
    return web.client.get(answer.headers["location"]).text


def test_devices_are_in_the_nav_and_say_when_nothing_is_stored(web: Web) -> None:
    web.login("vera")
    page = web.client.get("/ui/devices")
    assert page.status_code == 200
    assert '<a href="/ui/devices">Devices</a>' in page.text
    assert "No assessment stored yet" in page.text
    assert "Importing needs the analyst role" in page.text and 'name="file"' not in page.text


def test_an_import_shows_exposure_by_site_and_the_devices(web: Web) -> None:
    token = web.login("ana")
    page = import_files(web, token, TOWNHALL, WAREHOUSE)
    # One table per site, restricted vendors marked.
    captions = re.findall(r"<caption><a [^>]*>([^<]+)</a></caption>", page)
    assert "Town Hall" in captions and "Warehouse" in captions
    warehouse = page.split(">Warehouse</a></caption>", 1)[1].split("</table>", 1)[0]
    assert re.search(r">hikvision</a> <span class=\"flag\">RESTRICTED</span></td><td>1</td>"
                     r"<td>1</td>", warehouse)
    assert re.search(r">unknown</a></td><td>1</td><td>0</td>", warehouse)
    # The devices with their evidence, and the instruments that name the vendor.
    assert "oui " in page and ">fcc-covered-list <span" in page
    assert "title=\"FCC Covered List" in page
    assert "OUI registry of" in page and "by ana" in page
    assert 'href="/devices.csv?assessment=' in page


def test_markup_from_a_file_is_rendered_as_text(web: Web) -> None:
    token = web.login("ana")
    page = import_files(web, token, WAREHOUSE)
    assert ESCAPED in page and XSS not in page
    assert "<script" not in page


def test_filter_by_site_and_vendor(web: Web) -> None:
    token = web.login("ana")
    page = import_files(web, token, TOWNHALL, WAREHOUSE)
    assessment = re.search(r"Assessment (\d+) by", page)
    assert assessment
    only = web.client.get("/ui/devices", params={"assessment": assessment.group(1),
                                                 "site": "Warehouse", "vendor": "dahua"}).text
    rows = only.split('<table class="devices">', 1)[1].split("</table>", 1)[0]
    assert rows.count("<tr class=") == 1 and "dahua" in rows
    assert "1 device(s)" in only


def test_the_form_needs_the_csrf_token_and_the_analyst_role(web: Web) -> None:
    files = [("file", (WAREHOUSE.name, WAREHOUSE.read_bytes()))]
    token = web.login("ana")
    refused = web.client.post("/ui/devices", data={"csrf_token": "wrong"}, files=files)
    assert refused.status_code == 403 and "CSRF" in refused.text
    assert web.client.post("/ui/devices", files=files).status_code == 403
    web.client.post("/logout", data={"csrf_token": token})
    token = web.login("vera")
    viewer = web.client.post("/ui/devices", data={"csrf_token": token}, files=files)
    assert viewer.status_code == 403 and "analyst" in viewer.text
    assert "No assessment stored yet" in web.client.get("/ui/devices").text


def test_a_bad_file_shows_the_readers_error(web: Web) -> None:
    token = web.login("ana")
    bad = WEB.parent / "scans" / "bad" / "truncated-nmap.xml"
    page = web.client.post("/ui/devices", data={"csrf_token": token},
                           files=[("file", (bad.name, bad.read_bytes()))])
    assert page.status_code == 422
    assert re.search(r'class="error" role="alert">truncated-nmap.xml at line \d+', page.text)
    assert "No assessment stored yet" in page.text


def test_an_unknown_assessment_is_404(web: Web) -> None:
    web.login("vera")
    assert web.client.get("/ui/devices", params={"assessment": 42}).status_code == 404
