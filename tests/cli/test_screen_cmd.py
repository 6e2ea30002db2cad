"""`offramp screen`: every row out once in every format, stored runs, kill -9 and resume."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from offramp.cli.main import cli
from offramp.store import ListStore, ReviewStore, RunStatus

WATCHLIST = """\
id,name,schema,aliases,country,birth_date,identifiers,program,notes,source_url
w-1,Golden Phoenix Logistics LLC,company,,CN,,,test-ban,,
w-2,BABA Ali,person,,,1970-01-01,,,,
w-3,Hangzhou Hikvision Digital Technology Co. Ltd.,company,Hikvision,CN,,,,,
w-4,Northern Star Shipping Company,company,,,,,,,
"""
INJECTION = '=HYPERLINK("http://evil.example","click")'

# id, name, country, date of birth, expected status, part of the expected reason
SUPPLIERS: list[tuple[str, str, str, str, str, str]] = [
    ("S1", "Golden Phoenix Logistics", "CN", "", "match", ""),
    ("S2", "Northwind Traders", "", "", "clear", ""),
    ("S3", "", "", "", "unscreened", "empty name"),
    ("S4", "Hikvision", "Narnia", "", "unscreened", "unknown country"),
    ("S5", "Ali Baba", "", "yesterday", "unscreened", "date of birth"),
    ("S6", INJECTION, "", "", "clear", ""),
    ("S7", "-5 Trading", "", "", "clear", ""),
    ("S8", "Northern Star Shipping Co", "", "", "match", ""),
    ("S9", "LLC", "", "", "unscreened", "only legal forms"),
    ("S10", "@SUM(A1:A9) Holdings", "US", "", "clear", ""),
]
HEADER = ["id", "name", "country", "dob"]


def run(home: Path, *args: str, user: str | None = None) -> Result:
    env = {"OFFRAMP_HOME": str(home), "OFFRAMP_DB": None, "OFFRAMP_CONFIG": None,
           "OFFRAMP_USER": user, "OFFRAMP_APPROVAL_LEVEL": None}
    return CliRunner().invoke(cli, list(args), env=env)


def make_home(tmp_path: Path, name: str = "home") -> Path:
    """A home whose database holds a four-entry watchlist as the list "watch"."""
    home = tmp_path / name
    home.mkdir()
    (home / "watch.csv").write_text(WATCHLIST, encoding="utf-8")
    loaded = run(home, "lists", "load", str(home / "watch.csv"), "--source", "watch")
    assert loaded.exit_code == 0, loaded.output
    return home


def suppliers_csv(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(s[:4] for s in SUPPLIERS)
    return path


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return make_home(tmp_path)


@pytest.fixture
def suppliers(tmp_path: Path) -> Path:
    return suppliers_csv(tmp_path / "suppliers.csv")


def read_back(path: Path) -> list[dict[str, Any]]:
    """The rows of a result file, whatever its format, as dicts."""
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    if path.suffix == ".parquet":
        return pq.read_table(path).to_pylist()
    with path.open("rb") as fh:
        sheet = openpyxl.load_workbook(fh).worksheets[0]
    header, *rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(header, row, strict=True)) for row in rows]


def check_statuses(rows: list[dict[str, Any]], id_key: str = "subject_id") -> None:
    by_id = {r[id_key]: r for r in rows}
    assert len(by_id) == len(rows) == len(SUPPLIERS), "every row exactly once"
    for sid, _, _, _, status, reason in SUPPLIERS:
        assert by_id[sid]["status"] == status, sid
        if reason:
            assert reason in by_id[sid]["reason"], sid


# -- outputs -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet", "jsonl"])
def test_every_row_appears_once_in_each_output_format(home: Path, suppliers: Path,
                                                      tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"results.{fmt}"
    result = run(home, "screen", str(suppliers), "--out", str(out), "--workers", "1")
    assert result.exit_code == 0, result.output
    rows = read_back(out)
    check_statuses(rows)
    assert sorted(int(r["row"]) for r in rows) == list(range(2, 2 + len(SUPPLIERS)))
    phoenix = next(r for r in rows if r["subject_id"] == "S1")
    assert phoenix["entity_id"] == "w-1" and phoenix["source"] == "watch"
    assert phoenix["entity_name"] == "Golden Phoenix Logistics LLC"
    assert phoenix["explanation"].startswith("name: ")
    assert float(phoenix["score"]) >= float(phoenix["threshold"])
    assert phoenix["programs"] == "test-ban" and int(phoenix["list_version"]) == 1
    clear = next(r for r in rows if r["subject_id"] == "S2")
    assert clear["entity_id"] in (None, "") and int(clear["match_count"]) == 0
    assert f"results written to {out}" in result.output


def test_spreadsheet_outputs_neutralise_formulas_and_keep_numbers(home: Path, suppliers: Path,
                                                                  tmp_path: Path) -> None:
    out_csv, out_xlsx = tmp_path / "r.csv", tmp_path / "r.xlsx"
    assert run(home, "screen", str(suppliers), "--out", str(out_csv)).exit_code == 0
    assert run(home, "screen", str(suppliers), "--out", str(out_xlsx)).exit_code == 0
    text = out_csv.read_text("utf-8")
    assert "'=HYPERLINK" in text and "'-5 Trading" in text and "'@SUM(A1:A9)" in text
    rows = {r["subject_id"]: r for r in read_back(out_xlsx)}
    assert rows["S6"]["name"] == "'" + INJECTION
    assert rows["S7"]["name"] == "'-5 Trading"
    # Real numbers stay numbers (openpyxl reads 1.0 back as 1).
    assert isinstance(rows["S1"]["score"], int | float) and isinstance(rows["S1"]["row"], int)
    # JSON lines are data, not a spreadsheet: the name is kept exactly.
    out_jsonl = tmp_path / "r.jsonl"
    assert run(home, "screen", str(suppliers), "--out", str(out_jsonl)).exit_code == 0
    assert {r["subject_id"]: r for r in read_back(out_jsonl)}["S6"]["name"] == INJECTION


def test_format_option_overrides_the_extension(home: Path, suppliers: Path,
                                               tmp_path: Path) -> None:
    out = tmp_path / "results.txt"
    result = run(home, "screen", str(suppliers), "--out", str(out), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert len(out.read_text("utf-8").splitlines()) == len(SUPPLIERS)
    alone = run(home, "screen", str(suppliers), "--format", "jsonl")
    assert alone.exit_code == 2 and "--out" in alone.output
    same = run(home, "screen", str(suppliers), "--out", str(suppliers))
    assert same.exit_code == 2 and "input file" in same.output


# -- inputs --------------------------------------------------------------------------------


def _write_input(path: Path) -> Path:
    records = [dict(zip(HEADER, s[:4], strict=True)) for s in SUPPLIERS]
    if path.suffix == ".xlsx":
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(HEADER)
        for r in records:
            # A formula-looking name must arrive as text, as a user would type it quoted.
            sheet.append([r[h] or None for h in HEADER])
            if r["name"].startswith("="):
                sheet.cell(sheet.max_row, 2).data_type = "s"
        book.save(path)
    elif path.suffix == ".parquet":
        pq.write_table(pa.Table.from_pylist(records), path)
    else:
        path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet", ".jsonl"])
def test_each_input_format_screens_end_to_end(home: Path, tmp_path: Path, suffix: str) -> None:
    source = _write_input(tmp_path / f"suppliers{suffix}")
    result = run(home, "screen", str(source), "--json")
    assert result.exit_code == 0, result.output
    check_statuses(json.loads(result.stdout))


def test_columns_can_be_named_and_a_missing_name_column_is_explained(home: Path,
                                                                     tmp_path: Path) -> None:
    source = tmp_path / "odd.csv"
    source.write_text("ref;title;land\n1;Golden Phoenix Logistics;China\n2;Acme;\n", "utf-8")
    unclear = run(home, "screen", str(source))
    assert unclear.exit_code == 1 and "--name-column" in unclear.output
    named = run(home, "screen", str(source), "--name-column", "title", "--id-column", "ref",
                "--country-column", "land", "--delimiter", ";", "--json")
    assert named.exit_code == 0, named.output
    rows = json.loads(named.stdout)
    assert [(r["subject_id"], r["status"], r["country"]) for r in rows] == [
        ("1", "match", "China"), ("2", "clear", None)]


# -- exit codes, options, the stored run ---------------------------------------------------


def test_fail_on_match_exits_3_only_when_a_row_matched(home: Path, suppliers: Path,
                                                       tmp_path: Path) -> None:
    assert run(home, "screen", str(suppliers), "--fail-on-match").exit_code == 3
    harmless = tmp_path / "harmless.csv"
    harmless.write_text("name\nNorthwind Traders\n\n", "utf-8")
    assert run(home, "screen", str(harmless), "--fail-on-match").exit_code == 0


def test_human_output_lists_rows_then_the_summary(home: Path, suppliers: Path) -> None:
    result = run(home, "screen", str(suppliers))
    assert result.exit_code == 0, result.output
    assert "MATCH       S1" in result.output and "-> 1.00 watch #w-1" in result.output
    assert "UNSCREENED  S3" in result.output and "(empty name)" in result.output
    assert "10 rows: 2 match, 4 clear, 4 unscreened" in result.output
    assert "run 1 stored (10 rows): 2 alert(s) opened" in result.output
    assert "offramp alerts --run 1" in result.output


def test_the_run_is_stored_with_its_provenance(home: Path, suppliers: Path) -> None:
    result = run(home, "screen", str(suppliers), "--threshold", "0.9", user="carol")
    assert result.exit_code == 0, result.output
    with ListStore(home / "offramp.db") as store:
        reviews = ReviewStore(store)
        [stored] = reviews.list_runs()
        assert stored.status == RunStatus.DONE and stored.actor == "carol"
        assert stored.input_sha256 == hashlib.sha256(suppliers.read_bytes()).hexdigest()
        assert stored.input_name == str(suppliers) and stored.row_count == len(SUPPLIERS)
        assert stored.list_versions == {"watch": 1} and stored.threshold == 0.9
        assert stored.algorithm and stored.options["columns"] == {
            "name": "name", "id": "id", "country": "country", "dob": "dob"}
        assert len(reviews.results(stored.id)) == len(SUPPLIERS)
        actions = [(r.action, r.actor) for r in store.audit.records()]
        assert ("run.start", "carol") in actions and ("run.finish", "carol") in actions


def test_threshold_sets_what_alerts(home: Path, tmp_path: Path) -> None:
    near = tmp_path / "near.csv"
    near.write_text("name\nGolden Fenix Logistics\nNorthern Star\n", "utf-8")
    strict = json.loads(run(home, "screen", str(near), "--threshold", "0.99", "--json").stdout)
    loose = json.loads(run(home, "screen", str(near), "--threshold", "0.5", "--json").stdout)
    assert [r["status"] for r in strict] == ["clear", "clear"]
    assert [r["status"] for r in loose] == ["match", "match"]
    assert all(m["threshold"] == 0.5 for r in loose for m in r["matches"])
    assert run(home, "screen", str(near), "--threshold", "1.5").exit_code == 2


def test_lists_restricts_the_run_to_some_sources(home: Path, suppliers: Path) -> None:
    other = home / "other.csv"
    other.write_text(WATCHLIST.splitlines()[0] + "\nx-1,Northern Star Shipping Company,company"
                     ",,,,,,,\n", "utf-8")
    assert run(home, "lists", "load", str(other), "--source", "other").exit_code == 0
    result = run(home, "screen", str(suppliers), "--lists", "other", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {m["source"] for r in rows for m in r["matches"]} == {"other"}
    assert {r["subject_id"] for r in rows if r["status"] == "match"} == {"S8"}
    with ListStore(home / "offramp.db") as store:
        assert ReviewStore(store).list_runs()[0].list_versions == {"other": 2}
    unknown = run(home, "screen", str(suppliers), "--lists", "watch,atlantis")
    assert unknown.exit_code == 1 and "atlantis not loaded" in unknown.output


def _big_csv(path: Path, count: int) -> Path:
    """``count`` suppliers: every 10th one matches, every 97th has no name."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name"])
        for i in range(count):
            name = ("Golden Phoenix Logistics" if i % 10 == 0 else "" if i % 97 == 0
                    else f"Acme Widgets Branch {i}")  # 2500 rows: 250 match, 23 empty
            writer.writerow([f"V{i}", name])
    return path


def test_several_workers_give_the_same_file_and_long_files_print_a_summary(
        home: Path, tmp_path: Path) -> None:
    big = _big_csv(tmp_path / "big.csv", 2500)  # three chunks: the pool is used
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    first = run(home, "screen", str(big), "--out", str(one), "--workers", "1")
    second = run(home, "screen", str(big), "--out", str(two), "--workers", "2")
    assert first.exit_code == 0 and second.exit_code == 0, second.output
    strip = [{k: v for k, v in r.items() if k != "run_id"} for r in read_back(one)]
    assert strip == [{k: v for k, v in r.items() if k != "run_id"} for r in read_back(two)]
    assert len(strip) == 2500
    assert "Acme Widgets" not in second.output  # no row lines for a long file
    assert "2500 rows: 250 match, 2227 clear, 23 unscreened" in second.output
    assert f"results written to {two}" in second.output


def test_json_output_is_one_array_of_rows(home: Path, suppliers: Path) -> None:
    result = run(home, "screen", str(suppliers), "--json")
    rows = json.loads(result.stdout)
    assert [r["subject_id"] for r in rows] == [s[0] for s in SUPPLIERS]
    [match] = rows[0]["matches"]
    assert match["entity_id"] == "w-1" and match["list_version"] == 1
    assert match["explanation"] and match["allow_listed_by_decision"] is None
    assert rows[0]["run_id"] == 1


# -- kill -9 and resume -----------------------------------------------------------------------


def test_a_run_killed_with_sigkill_resumes_without_loss_or_duplicates(home: Path,
                                                                      tmp_path: Path) -> None:
    count = 20_000
    big = _big_csv(tmp_path / "big.csv", count)
    db = home / "offramp.db"
    env = {k: v for k, v in os.environ.items()
           if k not in ("OFFRAMP_DB", "OFFRAMP_CONFIG", "OFFRAMP_USER")}
    child = subprocess.Popen(
        [sys.executable, "-m", "offramp", "screen", str(big), "--workers", "1",
         "--out", str(tmp_path / "first.csv")],
        env={**env, "OFFRAMP_HOME": str(home)}, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE)
    stored = 0
    deadline = time.monotonic() + 120
    try:
        while stored == 0 and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
            with sqlite3.connect(db, timeout=5) as conn:
                stored = conn.execute("SELECT COUNT(*) FROM run_results").fetchone()[0]
    finally:
        child.send_signal(signal.SIGKILL)
        _, err = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, err.decode()
    assert 0 < stored < count
    with ListStore(db) as store:
        [killed] = ReviewStore(store).unfinished_runs()
        kept = len(ReviewStore(store).done_rows(killed.id))
        assert 0 < kept < count and kept % 1000 == 0  # whole chunks only
    assert not (tmp_path / "first.csv").exists()  # no half-written result file either

    out = tmp_path / "results.csv"
    resumed = run(home, "screen", str(big), "--workers", "1", "--out", str(out))
    assert resumed.exit_code == 0, resumed.output
    assert f"resuming run {killed.id}" in resumed.output
    assert f"{count} rows: 2000 match" in resumed.output
    with sqlite3.connect(db) as conn:
        total, distinct, low, high = conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT row_number), MIN(row_number), MAX(row_number) "
            "FROM run_results WHERE run_id = ?", (killed.id,)).fetchone()
        alerts = conn.execute("SELECT COUNT(*) FROM alerts").fetchone()[0]
        status = conn.execute("SELECT status FROM screening_runs WHERE id = ?",
                              (killed.id,)).fetchone()[0]
    assert (total, distinct, low, high) == (count, count, 2, count + 1)
    assert alerts == count // 10 and status == "done"  # one alert per matching supplier
    rows = read_back(out)
    assert sorted(int(r["row"]) for r in rows) == list(range(2, count + 2))
    assert len({r["subject_id"] for r in rows}) == count


def test_resume_option_needs_an_unfinished_run_of_the_same_file(home: Path, suppliers: Path,
                                                                 ) -> None:
    missing = run(home, "screen", str(suppliers), "--resume", "99")
    assert missing.exit_code == 1 and "no screening run 99" in missing.output
    assert run(home, "screen", str(suppliers)).exit_code == 0
    finished = run(home, "screen", str(suppliers), "--resume", "1")
    assert finished.exit_code == 1 and "nothing to resume" in finished.output
