"""DeviceStore's read methods for the web: assessments newest first, exposure counts, and
filtered pages of devices, over an assessment of the scans fixtures stored as ``offramp
devices`` stores it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from offramp.devices.inventory import Estate, assess_files, make_identifier
from offramp.store import ListStore
from offramp.store.devices import NO_SITE, DeviceStore

SCANS = Path(__file__).parent.parent / "fixtures" / "scans"
FILES = [SCANS / "register" / "townhall-assets.csv", SCANS / "nmap" / "townhall-sV.xml",
         SCANS / "dhcp" / "dhcpd.leases"]


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> Estate:
    return assess_files(FILES, make_identifier(tmp_path_factory.mktemp("home")))


@pytest.fixture
def stored(estate: Estate, tmp_path: Path) -> tuple[DeviceStore, int, list[dict[str, Any]]]:
    store = ListStore(tmp_path / "offramp.db")
    devices = DeviceStore(store)
    records = [d.to_json() for d in estate.devices]
    first = devices.save([{"path": "a.csv"}], estate.registry_date, estate.summary, records,
                         "test")
    assert first.id == 1
    second = devices.save([{"path": "b.csv"}], estate.registry_date, estate.summary, records,
                          "test")
    return devices, second.id, records


def test_assessments_newest_first_with_limit_and_offset(stored: Any) -> None:
    devices, _, _ = stored
    assert [a.id for a in devices.assessments()] == [2, 1]
    assert [a.id for a in devices.assessments(limit=1)] == [2]
    assert [a.id for a in devices.assessments(limit=1, offset=1)] == [1]
    assert devices.assessments(offset=2) == []


def test_exposure_counts_what_the_summary_counts(stored: Any, estate: Estate) -> None:
    devices, assessment, records = stored
    rows = devices.exposure(assessment)
    by_site_vendor: dict[str, dict[str, int]] = {}
    for row in rows:
        by_site_vendor.setdefault(row.site or NO_SITE, {})[row.vendor] = row.devices
    assert by_site_vendor == estate.summary["by_site_vendor"]
    restricted = Counter((r["site"], r["vendor"]) for r in records if r["restricted"])
    assert {(r.site, r.vendor): r.restricted for r in rows if r.restricted} == dict(restricted)
    # Named sites in order, then the devices no file placed.
    sites = [r.site for r in rows]
    assert sites.index(None) > max(i for i, s in enumerate(sites) if s is not None)


def test_pages_cover_every_device_once_in_reading_order(stored: Any) -> None:
    devices, assessment, records = stored
    total = devices.count_devices(assessment)
    assert total == len(records)
    pages = [devices.device_page(assessment, limit=3, offset=o) for o in range(0, total, 3)]
    seen = [r["device"] for page in pages for r in page]
    assert sorted(seen) == sorted(r["device"] for r in records)
    flags = [r["restricted"] for page in pages for r in page]
    assert flags == sorted(flags, reverse=True)  # restricted first
    assert devices.device_page(assessment, offset=total) == []


@pytest.mark.parametrize("site,vendor,restricted", [
    ("Town Hall", None, None), (NO_SITE, None, None), (None, "hikvision", None),
    (None, "unknown", None), (None, None, True), (None, None, False),
    ("Town Hall", "dahua", True), ("Nowhere", None, None)])
def test_filters(stored: Any, site: str | None, vendor: str | None,
                 restricted: bool | None) -> None:
    devices, assessment, records = stored
    expected = {r["device"] for r in records
                if (site is None or (r["site"] or NO_SITE) == site)
                and (vendor is None or r["vendor"] == vendor)
                and (restricted is None or r["restricted"] == restricted)}
    found = devices.device_page(assessment, site=site, vendor=vendor, restricted=restricted)
    assert {r["device"] for r in found} == expected
    assert devices.count_devices(assessment, site=site, vendor=vendor,
                                 restricted=restricted) == len(expected)


def test_an_unknown_assessment_has_nothing(stored: Any) -> None:
    devices, _, _ = stored
    assert devices.exposure(99) == [] and devices.count_devices(99) == 0
    assert devices.device_page(99) == []
