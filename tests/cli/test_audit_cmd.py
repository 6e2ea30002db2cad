"""`offramp audit verify` and `offramp audit export`, on a temporary home directory."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner, Result

from conftest import LISTS
from offramp.cli.main import cli
from offramp.store.audit import read_json_export, verify_chain


def run(home: Path, *args: str) -> Result:
    runner = CliRunner()
    return runner.invoke(cli, list(args), env={"OFFRAMP_HOME": str(home), "OFFRAMP_DB": None,
                                               "OFFRAMP_CONFIG": None})


def _home_with_loads(tmp_path: Path) -> Path:
    """A home whose audit log holds two list loads."""
    for name in ("example.csv", "example-semicolon.csv"):
        loaded = run(tmp_path, "lists", "load", str(LISTS / "custom" / name), "--source",
                     name.removesuffix(".csv"))
        assert loaded.exit_code == 0, loaded.output + loaded.stderr
    return tmp_path


def _tamper(home: Path, sql: str) -> None:
    con = sqlite3.connect(home / "offramp.db", isolation_level=None)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("DROP TRIGGER audit_log_no_delete")
    con.execute(sql)
    con.close()


def test_verify_an_empty_log(tmp_path: Path) -> None:
    result = run(tmp_path, "audit", "verify")
    assert result.exit_code == 0 and "audit log intact: 0 records" in result.output


def test_list_loads_are_audited_and_verify(tmp_path: Path) -> None:
    home = _home_with_loads(tmp_path)
    result = run(home, "audit", "verify", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["count"] == 2 and report["problem"] is None
    text = run(home, "audit", "verify")
    assert text.exit_code == 0 and f"head {report['head']}" in text.output


def test_verify_reports_an_edit_in_one_line(tmp_path: Path) -> None:
    home = _home_with_loads(tmp_path)
    _tamper(home, """UPDATE audit_log SET payload = replace(payload, '"new":true',
                  '"new":false') WHERE seq = 1""")
    result = run(home, "audit", "verify")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines == ["audit log check FAILED: record 1 was edited (hash mismatch)"]
    assert "Traceback" not in result.output + result.stderr
    data = json.loads(run(home, "audit", "verify", "--json").stdout)
    assert data["ok"] is False and data["problem"]["kind"] == "edited"
    assert data["problem"]["seq"] == 1


def test_verify_reports_a_deletion(tmp_path: Path) -> None:
    home = _home_with_loads(tmp_path)
    _tamper(home, "DELETE FROM audit_log WHERE seq = 1")
    result = run(home, "audit", "verify")
    assert result.exit_code == 1 and "record 1 missing" in result.stderr


def test_verify_with_an_anchor_catches_a_cut_tail(tmp_path: Path) -> None:
    home = _home_with_loads(tmp_path)
    head = json.loads(run(home, "audit", "verify", "--json").stdout)["head"]
    assert run(home, "audit", "verify", "--anchor", head).exit_code == 0
    _tamper(home, "DELETE FROM audit_log WHERE seq = 2")
    assert run(home, "audit", "verify").exit_code == 0
    result = run(home, "audit", "verify", "--anchor", head)
    assert result.exit_code == 1 and "deleted from the end" in result.stderr


def test_export_csv_and_json(tmp_path: Path) -> None:
    home = _home_with_loads(tmp_path)
    out_csv = tmp_path / "audit.csv"
    result = run(home, "audit", "export", "--format", "csv", "--out", str(out_csv))
    assert result.exit_code == 0 and "exported 2 audit records" in result.output
    with out_csv.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["action"] for r in rows] == ["list.load", "list.load"]
    assert json.loads(rows[1]["payload"])["source"] == "example-semicolon"
    out_json = tmp_path / "audit.json"
    assert run(home, "audit", "export", "--format", "json", "--out",
               str(out_json)).exit_code == 0
    assert verify_chain(read_json_export(out_json)).ok


def test_export_needs_a_known_format_and_an_out_file(tmp_path: Path) -> None:
    bad = run(tmp_path, "audit", "export", "--format", "xml", "--out", str(tmp_path / "x"))
    assert bad.exit_code == 2 and "xml" in bad.stderr
    missing = run(tmp_path, "audit", "export")
    assert missing.exit_code == 2 and "--out" in missing.stderr
    unwritable = run(tmp_path, "audit", "export", "--out", str(tmp_path / "no" / "a.csv"))
    assert unwritable.exit_code == 1 and "cannot write" in unwritable.stderr
