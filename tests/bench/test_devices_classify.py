"""A tiny run of bench/devices_classify.py: the workload is mixed, fixed and classified right."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import devices_classify  # noqa: E402

from offramp.fingerprint import OuiRegistry  # noqa: E402


def test_rows_are_fixed_by_the_seed_and_drawn_from_real_blocks() -> None:
    registry = OuiRegistry.bundled()
    first = devices_classify.Generator(registry, 7).rows(400)
    assert first == devices_classify.Generator(registry, 7).rows(400)
    assert first != devices_classify.Generator(registry, 8).rows(400)
    macs = [r[3] for r in first if r[3]]
    local = [m for m in macs if int(m[:2], 16) & 0x02]
    assert local and all(int(m[:2], 16) & 0x01 == 0 for m in macs)
    assert all(registry.block(m) is not None for m in macs if m not in local)
    assert {r[7] for r in first} >= {None, "hikvision", "dahua"}


def test_tiny_run_reports_speed_and_agrees_with_expectations(tmp_path: Path) -> None:
    report = devices_classify.main(["--rows", "3000", "--csv-rows", "300",
                                    "--json", str(tmp_path / "r.json")])
    assert report["rows"] == 3000 and (tmp_path / "r.json").exists()
    assert report["identify"]["rows_per_s"] > 0 and report["peak_rss_mb"] > 0
    assert report["identify"]["expected_vendor_named"] == 1.0
    # The naive baseline misses model-only units and Wi-Fi-module OUIs.
    assert report["baseline"]["expected_vendor_named"] < 1.0
    assert sum(report["identify"]["vendors"].values()) == 3000
    e2e = report["end_to_end_csv"]
    if e2e is not None:  # offramp.scans present
        assert e2e["rows"] == 300
