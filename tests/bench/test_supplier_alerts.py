"""A tiny run of bench/supplier_alerts.py: alerts counted, written, read back and compared."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import supplier_alerts  # noqa: E402


def test_tiny_run_writes_the_alerts_it_counts_and_compares_them(tmp_path: Path) -> None:
    out = tmp_path / "alerts.tsv"
    figures = supplier_alerts.main(["--rows", "3000", "--workers", "1", "--out", str(out),
                                    "--cache-dir", str(tmp_path)])
    alerts = supplier_alerts.read_alerts(out)
    # the file sprinkles real list names among the suppliers, so some alert
    assert 0 < figures["alerts"] == len(alerts) < figures["names"] <= 3000
    assert all(score >= 0.78 for _, score in alerts.values())
    # the same run compared with itself changes nothing
    assert supplier_alerts.compare(alerts, alerts) == []


def test_compare_names_what_came_on_went_off_and_moved() -> None:
    old = {"A": ("X", 0.8), "B": ("Y", 0.9), "C": ("Z", 0.85)}
    new = {"A": ("X", 0.81), "C": ("W", 0.85), "D": ("V", 0.79)}
    assert supplier_alerts.compare(old, new) == [
        "+ D | V 0.79", "- B | Y 0.9", "~ C | Z 0.85 => W 0.85"]
