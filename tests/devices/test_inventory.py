"""The estate use case end to end: the bundled sample estate read, merged, identified,
stored, and shown by `offramp devices` (and counted by a what-if designation)."""

from __future__ import annotations

import csv
import json
import random
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from offramp.cli.main import cli
from offramp.devices.inventory import (
    UNKNOWN,
    IdentifiedDevice,
    _sort_for_reading,
    assess_files,
    catalogue_instruments,
    make_identifier,
    summarise,
)
from offramp.sources.catalogue import catalogue_file
from offramp.store import ListStore
from offramp.store.devices import DeviceStore

ESTATE = Path(__file__).parents[2] / "src" / "offramp" / "data" / "samples" / "estate"
FILES = [ESTATE / n for n in ("asset-register.csv", "nmap-townhall.xml", "dhcpd.leases",
                              "nvr-channels.xml")]
BAD = Path(__file__).parents[1] / "fixtures" / "scans" / "bad"


def run(home: Path, *args: str) -> Result:
    env = {"OFFRAMP_HOME": str(home), "OFFRAMP_DB": str(home / "offramp.db"),
           "OFFRAMP_CONFIG": None, "OFFRAMP_USER": "alice"}
    return CliRunner().invoke(cli, list(args), env=env)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def test_catalogue_instruments_cite_their_sources() -> None:
    table = catalogue_instruments()
    hik = {i.instrument for i in table["hikvision"]}
    assert {"fcc-covered-list", "ndaa-889", "bis-entity-list", "ofac-ns-cmic"} <= hik
    assert all(i.source_url.startswith("https://") for i in table["hikvision"])
    assert "wl-amcrest" not in table  # white-label rows name no instrument of their own


def test_sample_estate_is_identified(tmp_path: Path) -> None:
    estate = assess_files(FILES, make_identifier(tmp_path))
    by_key = {d.device.key: d for d in estate.devices}
    nvr = by_key["mac:bc:ad:28:91:0e:44"]  # register + nmap + DHCP: one device
    assert nvr.vendor == "hikvision" and nvr.identification.restricted
    assert len({o.source for o in nvr.device.observations}) >= 2
    lorex = by_key["mac:e0:50:8b:17:c2:9a"]  # white-label unit, Dahua OUI
    assert lorex.vendor == "dahua" and lorex.identification.brand == "Lorex"
    synology = next(d for d in estate.devices if d.device.model == "DS920+")
    assert synology.vendor == "unknown" and not synology.identification.restricted
    assert estate.summary["devices"] == len(estate.devices)
    assert estate.summary["by_site_vendor"]["Town Hall"]["hikvision"] >= 2
    # Restricted devices come first, and each names the instruments with their citation.
    first = estate.devices[0]
    assert first.identification.restricted
    assert any(i.instrument == "fcc-covered-list" for i in first.identification.instruments)


def test_devices_command_prints_stores_and_exports(tmp_path: Path) -> None:
    home = tmp_path / "home"
    out = ok(run(home, "devices", *map(str, FILES), "--csv", str(tmp_path / "d.csv"),
                 "--xlsx", str(tmp_path / "d.xlsx"))).output
    assert "made by a restricted vendor" in out and "Town Hall:" in out
    assert "assessment 1 stored" in out
    with (tmp_path / "d.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["vendor"] for r in rows} >= {"hikvision", "dahua", "unknown"}
    assert (tmp_path / "d.xlsx").stat().st_size > 0
    data: dict[str, Any] = json.loads(ok(run(home, "devices", *map(str, FILES), "--json",
                                             "--no-store")).stdout)
    assert data["assessment"] is None and data["registry_date"] == "2026-05"
    assert all(e["signal"] and e["detail"] for d in data["devices"] for e in d["evidence"])
    with ListStore(home / "offramp.db") as store:
        devices = DeviceStore(store)
        latest = devices.latest()
        assert latest is not None and latest.id == 1
        assert len(devices.devices(1, vendor="hikvision")) >= 3
        assert "devices.assess" in [r.action for r in store.audit.records()]


def test_a_bad_file_is_a_clear_error_and_nothing_is_stored(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = run(home, "devices", str(FILES[0]), str(BAD / "truncated-nmap.xml"))
    assert result.exit_code == 1 and "truncated-nmap.xml" in result.output
    with ListStore(home / "offramp.db") as store:
        assert DeviceStore(store).latest() is None


def test_registry_status_and_bad_map(tmp_path: Path) -> None:
    status = json.loads(ok(run(tmp_path, "devices", "registry", "status", "--json")).stdout)
    assert status["date"] == "2026-05" and status["counts"]["MA-L"] > 30000
    bad = run(tmp_path, "devices", str(FILES[0]), "--map", "vendor")
    assert bad.exit_code == 2 and "FIELD=COLUMN" in bad.output
    assert "discover" in ok(run(tmp_path, "devices", "--help")).output


def test_whatif_counts_the_designated_vendors_devices(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ok(run(home, "lists", "load", str(catalogue_file())))
    ok(run(home, "devices", *map(str, FILES)))
    report = json.loads(ok(run(home, "whatif", "designate", "hikvision", "--json")).stdout)
    devices = report["devices"]
    assert devices["assessment"] == 1 and devices["vendors"] == ["hikvision"]
    with ListStore(home / "offramp.db") as store:
        expected = len(DeviceStore(store).devices(1, vendor="hikvision"))
    assert devices["devices"] == expected >= 3
    assert sum(devices["by_site"].values()) == expected


def _reading_order_by_definition(devices: list[IdentifiedDevice]) -> list[IdentifiedDevice]:
    return sorted(devices, key=lambda d: (not d.identification.restricted,
                                          d.vendor == UNKNOWN, d.device.site or "",
                                          d.device.key))


def _summary_by_definition(devices: list[IdentifiedDevice]) -> dict[str, Any]:
    by_vendor = Counter(d.vendor for d in devices)
    by_site = Counter(d.device.site or "(no site)" for d in devices)
    by_site_vendor: dict[str, dict[str, int]] = {}
    for d in devices:
        site = by_site_vendor.setdefault(d.device.site or "(no site)", {})
        site[d.vendor] = site.get(d.vendor, 0) + 1
    return {"devices": len(devices),
            "restricted": sum(1 for d in devices if d.identification.restricted),
            "unknown": by_vendor.get(UNKNOWN, 0), "by_vendor": dict(by_vendor.most_common()),
            "by_site": dict(sorted(by_site.items())),
            "by_site_vendor": {s: dict(sorted(v.items()))
                               for s, v in sorted(by_site_vendor.items())}}


def _identified(tmp_path: Path) -> list[IdentifiedDevice]:
    estate = assess_files(FILES, make_identifier(tmp_path))
    devices = list(estate.devices)
    # Sites that are prefixes of one another, empty and missing, keys in every order.
    sites = ("Town Hall", "Town", "Town Hall Annex", "", None, "Depot")
    more = [IdentifiedDevice(replace(d.device, key=f"{k}{d.device.key}", site=s),
                             d.identification)
            for k, d in enumerate(devices) for s in sites]
    random.Random(3).shuffle(more)
    return more


def test_reading_order_and_summary_match_their_definitions(tmp_path: Path) -> None:
    devices = _identified(tmp_path)
    assert {d.identification.restricted for d in devices} == {True, False}
    assert UNKNOWN in {d.vendor for d in devices}
    ordered = list(devices)
    _sort_for_reading(ordered)
    assert ordered == _reading_order_by_definition(devices)
    for some in (devices, ordered, devices[:7], []):
        assert json.dumps(summarise(some)) == json.dumps(_summary_by_definition(some))


def test_reading_order_with_a_nul_in_a_site(tmp_path: Path) -> None:
    devices = [IdentifiedDevice(replace(d.device, site=site), d.identification)
               for d, site in zip(_identified(tmp_path)[:60],
                                  ["a\0b", "a", "a\0", "a\x01"] * 15, strict=True)]
    ordered = list(devices)
    _sort_for_reading(ordered)
    assert ordered == _reading_order_by_definition(devices)
