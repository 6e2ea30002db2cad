"""The device exposure API: import estate files as an assessment, read its summary and its
devices, paged, filtered and as CSV; refusals store nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from offramp.devices.inventory import assess_files, make_identifier
from offramp.store import ListStore
from offramp.web.keys_store import Role

from .conftest import WEB, Web, make_config, started

SCANS = WEB.parent / "scans"
ESTATE = [SCANS / "register" / "townhall-assets.csv", SCANS / "nmap" / "townhall-sV.xml",
          SCANS / "dhcp" / "dhcpd.leases"]
WAREHOUSE = WEB / "devices" / "warehouse-assets.csv"
XSS = "<script>alert(1)</script>"


def upload(web: Web, paths: list[Path], role: Role = Role.ANALYST,
           **fields: str) -> Any:
    return web.client.post("/devices/imports", headers=web.auth(role), data=fields,
                           files=[("file", (p.name, p.read_bytes())) for p in paths])


def assessment_count(web: Web) -> int:
    with ListStore(web.config.db_path) as store:
        return int(store.connection.execute(
            "SELECT COUNT(*) FROM device_assessments").fetchone()[0])


def test_an_import_is_the_assessment_the_command_line_makes(web: Web) -> None:
    answer = upload(web, ESTATE)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    expected = assess_files(ESTATE, make_identifier(web.config.home))
    assert body["summary"] == json.loads(json.dumps(expected.summary))
    assert body["registry_date"] == expected.registry_date
    assert [(f["name"], f["kind"], f["observations"]) for f in body["files"]] == [
        (p.name, f.kind.value, f.observations) for p, f in zip(ESTATE, expected.files,
                                                               strict=True)]
    assert body["created_by"] == "analyst-key"
    # Every device stored with its evidence and instruments, as the command line stores it.
    listed = web.client.get("/devices", params={"page_size": 1000},
                            headers=web.auth(Role.VIEWER)).json()
    assert listed["assessment"] == body["assessment"]
    assert listed["total"] == len(expected.devices)
    by_key = {d["device"]: d for d in listed["devices"]}
    for device in expected.devices:
        # Evidence cites the files by the names they were uploaded under.
        record = json.dumps(device.to_json())
        for path in ESTATE:
            record = record.replace(str(path), path.name)
        expected_record = json.loads(record)
        expected_record["sources"].sort()
        assert by_key[device.device.key] == expected_record
    assert str(web.config.uploads_dir) not in json.dumps(listed)
    # Stored files are gone; the assessment keeps their hashes, and the audit log has it.
    assert not any((web.config.uploads_dir).glob("*"))
    with ListStore(web.config.db_path) as store:
        row = store.connection.execute(
            "SELECT actor, payload FROM audit_log WHERE action = 'devices.assess'").fetchone()
    assert row["actor"] == "analyst-key"
    assert json.loads(row["payload"])["devices"] == len(expected.devices)


def test_summary_counts_by_site_and_vendor(web: Web) -> None:
    first = upload(web, ESTATE).json()["assessment"]
    second = upload(web, [WAREHOUSE], site="ignored: the file names its site").json()
    latest = web.client.get("/devices/summary", headers=web.auth(Role.VIEWER)).json()
    assert latest["assessment"] == second["assessment"]
    assert latest["by_site"] == {"Warehouse": {
        "devices": 3, "restricted": 2, "vendors": {
            "dahua": {"devices": 1, "restricted": 1},
            "hikvision": {"devices": 1, "restricted": 1},
            "unknown": {"devices": 1, "restricted": 0}}}}
    assert latest["restricted_vendors"] == ["dahua", "hikvision"]
    older = web.client.get("/devices/summary", params={"assessment": first},
                           headers=web.auth(Role.VIEWER)).json()
    expected = assess_files(ESTATE, make_identifier(web.config.home)).summary
    assert {s: v["devices"] for s, v in older["by_site"].items()} == expected["by_site"]
    assert {s: {k: c["devices"] for k, c in v["vendors"].items()}
            for s, v in older["by_site"].items()} == expected["by_site_vendor"]
    assert older["restricted"] == expected["restricted"]
    assert older["registry_date"]
    listed = web.client.get("/devices/assessments", headers=web.auth(Role.VIEWER)).json()
    assert [a["assessment"] for a in listed["assessments"]] == [second["assessment"], first]
    assert listed["assessments"][0]["files"][0]["name"] == WAREHOUSE.name


def test_device_filters_and_pages(web: Web) -> None:
    upload(web, ESTATE)
    viewer = web.auth(Role.VIEWER)
    everything = web.client.get("/devices", params={"page_size": 1000}, headers=viewer).json()
    restricted = web.client.get("/devices", params={"restricted": "true"},
                                headers=viewer).json()
    assert restricted["total"] == sum(d["restricted"] for d in everything["devices"]) > 0
    assert all(d["restricted"] for d in restricted["devices"])
    unplaced = web.client.get("/devices", params={"site": "(no site)"}, headers=viewer).json()
    assert unplaced["total"] == sum(d["site"] is None for d in everything["devices"]) > 0
    pages = [web.client.get("/devices", params={"page": n, "page_size": 4},
                            headers=viewer).json()["devices"] for n in (1, 2, 3)]
    assert [d["device"] for p in pages for d in p] == [d["device"] for d in
                                                       everything["devices"]]
    assert web.client.get("/devices", params={"page": 0}, headers=viewer).status_code == 422


def test_csv_download_has_every_device_with_formulas_neutralised(web: Web) -> None:
    upload(web, [WAREHOUSE])
    answer = web.client.get("/devices.csv", headers=web.auth(Role.VIEWER))
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text.lstrip("\ufeff"))))
    assert {r["vendor"] for r in rows} == {"hikvision", "dahua", "unknown"}
    hostnames = {r["hostname"] for r in rows}
    assert XSS in hostnames
    formula = next(h for h in hostnames if "HYPERLINK" in h)
    assert not formula.startswith("=")  # neutralised, as every export is
    hikvision = next(r for r in rows if r["vendor"] == "hikvision")
    assert "fcc-covered-list" in hikvision["instruments"] and "oui:" in hikvision["evidence"]
    only = web.client.get("/devices.csv", params={"vendor": "dahua"},
                          headers=web.auth(Role.VIEWER))
    assert [r["vendor"] for r in csv.DictReader(io.StringIO(only.text.lstrip("\ufeff")))] == [
        "dahua"]


def test_roles(web: Web) -> None:
    refused = upload(web, [WAREHOUSE], role=Role.VIEWER)
    assert refused.status_code == 403 and "analyst" in refused.json()["detail"]
    assert web.client.get("/devices/summary").status_code == 401
    assert web.client.post("/devices/imports", files=[("file", ("a.csv", b"x"))]
                           ).status_code == 401
    assert assessment_count(web) == 0


def test_nothing_stored_yet_is_404(web: Web) -> None:
    for path in ("/devices/summary", "/devices", "/devices.csv"):
        answer = web.client.get(path, headers=web.auth(Role.VIEWER))
        assert answer.status_code == 404 and "no device assessment" in answer.json()["detail"]
    assert web.client.get("/devices/summary", params={"assessment": 7},
                          headers=web.auth(Role.VIEWER)).status_code == 404


@pytest.mark.parametrize("bad,place", [
    ("truncated-nmap.xml", "line"),
    ("truncated.leases", "line"),
    ("no-columns.csv", None),
    ("camera-photo.png", None),
])
def test_a_bad_file_is_422_naming_it_and_nothing_is_stored(web: Web, bad: str,
                                                           place: str | None) -> None:
    good = SCANS / "register" / "townhall-assets.csv"
    answer = upload(web, [good, SCANS / "bad" / bad])
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["file"] == bad and body["detail"].startswith(bad)
    if place:
        assert place in (body["where"] or "")
    assert str(web.config.uploads_dir) not in body["detail"]
    assert assessment_count(web) == 0
    assert not any(web.config.uploads_dir.glob("*"))


def test_unsafe_xml_is_refused(web: Web) -> None:
    answer = upload(web, [SCANS / "bad" / "dtd-bomb-nmap.xml"])
    assert answer.status_code == 422
    assert answer.json()["file"] == "dtd-bomb-nmap.xml"
    assert assessment_count(web) == 0


def test_caps(web_template: Any, tmp_path: Path) -> None:
    config = make_config(web_template, tmp_path / "home", max_upload_bytes=4000, max_rows=5)
    for client in started(config):
        web = Web(client, config, web_template.keys)
        big = upload(web, [SCANS / "nmap" / "townhall-sV.xml"])  # over 4,000 bytes
        assert big.status_code == 413
        many = upload(web, [SCANS / "arp" / "linux-arp-a.txt", SCANS / "dhcp" /
                            "dnsmasq.leases"])
        assert many.status_code == 413 and "records read" in many.json()["detail"]
        bomb = upload(web, [SCANS / "bad" / "zip-bomb.xlsx"])
        assert bomb.status_code == 413
        too_many = web.client.post("/devices/imports", headers=web.auth(Role.ANALYST),
                                   files=[("file", (f"{n}.txt", b"x")) for n in range(21)])
        assert too_many.status_code == 413 and "at most 20" in too_many.json()["detail"]
        none = web.client.post("/devices/imports", headers=web.auth(Role.ANALYST),
                               data={"site": "x"}, files=[("other", ("a.txt", b"x"))])
        assert none.status_code == 400
        assert assessment_count(web) == 0
