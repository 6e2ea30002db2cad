"""The `offramp` command line, driven in-process on a temporary home directory."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from conftest import LISTS
from offramp.cli.main import cli


def run(home: Path, *args: str) -> Result:
    runner = CliRunner()
    return runner.invoke(cli, list(args), env={"OFFRAMP_HOME": str(home), "OFFRAMP_DB": None,
                                               "OFFRAMP_CONFIG": None})


@pytest.fixture(scope="module")
def loaded_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A home directory whose database holds the bundled lists (loaded once per module)."""
    home = tmp_path_factory.mktemp("home")
    result = run(home, "lists", "load", "--bundled", "--json")
    assert result.exit_code == 0, result.output
    yield home


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    # (through list_commands and get_command: the top group imports its commands on demand)
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_every_command_has_help_text(tmp_path: Path) -> None:
    commands = list(_commands(cli))
    assert ("lists", "status") in commands and ("demo",) in commands
    for path in commands:
        result = run(tmp_path, *path, "--help")
        assert result.exit_code == 0, path
        command: click.Command | None = cli
        for part in path:
            assert isinstance(command, click.Group)
            command = command.get_command(click.Context(command), part)
        assert command is not None
        assert command.help and len(command.help) > 20, f"{' '.join(path)} lacks help text"
    assert not (tmp_path / "offramp.db").exists(), "--help must not create a database"


def test_commands_that_only_read_the_database_start_without_the_matcher(tmp_path: Path) -> None:
    """Subcommands are imported when they run: `lists status`, `alerts` and `audit` do not
    load the screener, numpy or numba (half a second of every start)."""
    heavy = ("offramp.screening.screener", "numba", "numpy")
    for args in (["lists", "status"], ["alerts"], ["audit"]):
        code = ("import sys\n"
                "from offramp.cli.main import main\n"
                f"sys.argv = ['offramp', *{args!r}]\n"
                "try:\n    main()\n"
                "except SystemExit:\n    pass\n"
                f"print([m for m in {heavy!r} if m in sys.modules])\n")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={"OFFRAMP_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
                              timeout=60, check=True)
        assert done.stdout.strip().splitlines()[-1] == "[]", (args, done.stdout, done.stderr)


def test_every_lazy_command_is_the_command_of_its_name(tmp_path: Path) -> None:
    from offramp.cli.main import COMMANDS
    for name in COMMANDS:
        command = cli.get_command(click.Context(cli), name)
        assert command is not None and command.name == name
    assert run(tmp_path, "no-such-command").exit_code == 2


def test_status_shows_bundled_sources_with_dates_counts_and_staleness(loaded_home: Path) -> None:
    result = run(loaded_home, "lists", "status", "--json")
    assert result.exit_code == 0, result.output
    rows = {r["source"]: r for r in json.loads(result.output)}
    expected = {"ofac-sdn": ("2024-05-03", 14965), "ofac-cons": ("2025-12-19", 442),
                "un-sc": ("2026-02-27", 1003), "bis-dpl": ("2022-09-07", 459)}
    for source, (when, count) in expected.items():
        current = rows[source]["current"]
        assert (current["publisher_date"], current["entry_count"]) == (when, count)
        assert rows[source]["stale"] is True  # the bundled data is old and says so
        assert rows[source]["age_days"] > 200
    assert rows["uk-sanctions"]["current"] is None  # known publisher, nothing loaded

    text = run(loaded_home, "lists", "status")
    assert text.exit_code == 0
    assert "STALE" in text.output and "WARNING: ofac-sdn is from 2024-05-03" in text.output


def test_loading_the_bundle_again_adds_no_version(loaded_home: Path) -> None:
    result = run(loaded_home, "lists", "load", "--bundled", "--json")
    assert result.exit_code == 0
    assert [r["new"] for r in json.loads(result.output)] == [False] * 5
    versions = json.loads(run(loaded_home, "lists", "versions", "--json").output)
    assert len(versions) == 5


def test_show_entry_with_identifiers(loaded_home: Path) -> None:
    result = run(loaded_home, "lists", "show", "30946", "--json")
    assert result.exit_code == 0, result.output
    [found] = json.loads(result.output)
    entity = found["entity"]
    assert entity["source"] == "ofac-cons"
    assert {"HIKVISION", "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."} <= {
        n["value"] for n in entity["names"]}
    assert {(i["type"], i["value"]) for i in entity["identifiers"]} >= {
        ("uscc", "91330000733796106P"), ("isin", "CNE100000PM8")}
    text = run(loaded_home, "lists", "show", "30946")
    assert "91330000733796106P (CN)" in text.output
    missing = run(loaded_home, "lists", "show", "no-such-id")
    assert missing.exit_code == 1 and "no entry 'no-such-id'" in missing.output


def test_bad_file_gives_one_line_and_changes_nothing(loaded_home: Path, tmp_path: Path) -> None:
    before = run(loaded_home, "lists", "versions", "--json").output
    bad = tmp_path / "sdn.csv"
    bad.write_bytes(b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,'
                    b'-0- ,-0- ,-0- \r\n173,"ANGLO-CARIBBEAN CO., LT')
    result = run(loaded_home, "lists", "load", str(bad))
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and str(bad) in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert run(loaded_home, "lists", "versions", "--json").output == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("lists", "load", "/no/such/file.csv"), "no such file"),
        (("lists", "load"), "give either FILE or --bundled"),
        (("lists", "load", "x.csv", "--date", "03/05/2024"), "not a date"),
        (("lists", "load", "x.csv", "--format", "pdf"), "unknown format"),
        (("lists", "diff", "1", "99"), "no list version 99"),
        (("lists", "update", "atlantis"), "unknown source"),
        (("screen", "/no/such/file.csv"), "no such file"),
    ],
)
def test_user_mistakes_are_one_clear_line(loaded_home: Path, args: tuple[str, ...],
                                          message: str, tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("id,name\n1,A\n")
    args = tuple(str(tmp_path / a) if a == "x.csv" else a for a in args)
    result = run(loaded_home, *args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_diff_command_on_real_sdn_versions(tmp_path: Path) -> None:
    home = tmp_path
    assert run(home, "lists", "load", str(LISTS / "ofac/sdn-2024-04-26/sdn.csv.gz")).exit_code == 0
    assert run(home, "lists", "load", str(LISTS / "ofac/sdn-2024-05-03/sdn.csv.gz")).exit_code == 0
    result = run(home, "lists", "diff", "ofac-sdn@2024-04-26", "ofac-sdn", "--json")
    assert result.exit_code == 0, result.output
    diff = json.loads(result.output)
    assert len(diff["removed"]) == 8
    assert len(diff["added"]) + len(diff["changed"]) == 305
    text = run(home, "lists", "diff", "1", "2", "--limit", "3")
    assert "removed 8" in text.output and "more" in text.output


def test_screen_sample_file(loaded_home: Path, tmp_path: Path) -> None:
    from offramp.cli.demo_cmd import sample_file

    out = tmp_path / "results.csv"
    result = run(loaded_home, "screen", str(sample_file()), "--json", "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = {r["subject_id"]: r for r in json.loads(result.output)}
    assert len(rows) == 14
    assert rows["S001"]["status"] == "match"
    assert rows["S001"]["matches"][0]["entity_id"] == "30946"
    assert rows["S002"]["matches"][0]["matched_name"] == "HIKVISION"
    assert rows["S003"]["matches"][0]["source"] == "ofac-sdn"
    # The Chinese-script alias on the UN list, and the same company on the SDN list.
    assert {m["entity_id"] for m in rows["S004"]["matches"]} >= {"KPe.059", "23777"}
    # The Denied Person "Dahua Electronics", not Dahua Technology's catalogue entry.
    assert [m["source"] for m in rows["S006"]["matches"]] == ["bis-dpl"]
    # Dahua Technology: in no bundled official list, found in the restricted-vendor catalogue
    # (first), then its subsidiary Zhejiang Dahua Zhilian, which shares two of its words.
    assert [(m["source"], m["entity_id"]) for m in rows["S007"]["matches"]] == [
        ("offramp-catalogue", "dahua"), ("offramp-catalogue", "dahua-zhilian")]
    for clear in ("S008", "S009"):
        assert rows[clear]["status"] == "clear"
    assert rows["S010"]["status"] == "unscreened" and rows["S010"]["reason"] == "empty name"
    assert rows["S011"]["status"] == "unscreened"
    assert rows["S012"]["matches"][0]["entity_id"] == "306"  # Kuba ~ Cuba
    assert rows["S013"]["matches"][0]["entity_id"] == "17018"  # Sberbank, from Cyrillic
    # Hikvision from Chinese: the catalogue has the Chinese name, OFAC only the Latin one.
    assert [m["entity_id"] for m in rows["S014"]["matches"]] == ["hikvision", "30946"]
    assert all(m["score"] >= m["threshold"] for r in rows.values() for m in r["matches"])
    assert out.read_text(encoding="utf-8").count("\n") >= 11
    failing = run(loaded_home, "screen", str(sample_file()), "--fail-on-match")
    assert failing.exit_code == 3


def test_screen_output_neutralises_formulas(loaded_home: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text('id,name\n1,"=HYPERLINK(""http://x"",""y"")"\n2,-5 Trading\n', "utf-8")
    out = tmp_path / "out.csv"
    assert run(loaded_home, "screen", str(src), "--out", str(out)).exit_code == 0
    text = out.read_text("utf-8")
    assert "'=HYPERLINK" in text and "'-5 Trading" in text


def test_screen_needs_a_name_column_it_can_find(loaded_home: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("ref,title\n1,Acme\n", "utf-8")
    result = run(loaded_home, "screen", str(src))
    assert result.exit_code == 1 and "--name-column" in result.output
    ok = run(loaded_home, "screen", str(src), "--name-column", "title", "--json")
    assert json.loads(ok.output)[0]["status"] == "clear"


def test_demo_runs_end_to_end(tmp_path: Path) -> None:
    result = run(tmp_path, "demo")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "demo.db").exists() and not (tmp_path / "offramp.db").exists()
    assert "ofac-sdn" in result.output and "14,965" in result.output
    assert "MATCH" in result.output and "UNSCREENED" in result.output
    assert "offramp-catalogue" in result.output and "#dahua" in result.output
    assert "14 rows: 10 match, 2 clear, 2 unscreened" in result.output
    # the review step: one decision, one that needs and gets a second reviewer's approval
    assert "demo-analyst decides true-match" in result.output
    assert "needs approval by another user" in result.output
    assert "demo-approver approves decision" in result.output
    assert "hash chain intact" in result.output


def test_python_dash_m_works() -> None:
    result = subprocess.run([sys.executable, "-m", "offramp", "--version"], capture_output=True,
                            text=True, check=True)
    assert "offramp" in result.stdout


def test_search_explains_ranked_matches(loaded_home: Path) -> None:
    result = run(loaded_home, "search", "Hangzhou Hikvision Digital Technology", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    top = data["matches"][0]
    assert (top["entity_id"], top["source"], top["alert"]) == ("30946", "ofac-cons", True)
    assert data["algorithm"] and data["threshold"] == top["threshold"]
    assert top["explanation"][0]["feature"] == "name" and top["explanation"][0]["detail"]
    text = run(loaded_home, "search", "Hikvision", "--limit", "1")
    assert "ALERT" in text.output and "name" in text.output


def test_search_with_identifier_and_country(loaded_home: Path) -> None:
    result = run(loaded_home, "search", "HZ Digital", "--id", "uscc:91330000733796106P",
                 "--country", "China", "--json")
    top = json.loads(result.output)["matches"][0]
    assert top["entity_id"] == "30946" and top["score"] >= 0.98
    assert {"identifier", "country"} <= {f["feature"] for f in top["explanation"]}


def test_unscreenable_search_is_an_error(loaded_home: Path) -> None:
    result = run(loaded_home, "search", "LLC")
    assert result.exit_code == 1 and "cannot screen" in result.output
    bad_dob = run(loaded_home, "search", "Ali", "--dob", "yesterday")
    assert bad_dob.exit_code == 1 and "date of birth" in bad_dob.output


def test_compare_prints_score_and_explanation(loaded_home: Path) -> None:
    result = run(loaded_home, "compare", "MADURO MOROS, Nicolas", "Nicolas Maduro",
                 "--schema", "person", "--json")
    data = json.loads(result.output)
    assert data["alert"] and 0.8 <= data["score"] < 1.0
    text = run(loaded_home, "compare", "Maru No. 8", "Maru No. 6")
    assert "no alert" in text.output and "different numbers: 8 vs 6" in text.output


def test_status_reports_a_failed_first_update(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        '[sources.un-sc]\nfiles = [["consolidated.xml", "http://127.0.0.1:9/none.xml"]]\n')
    failed = run(tmp_path, "lists", "update", "un-sc", "--timeout", "2")
    assert failed.exit_code == 1 and "un-sc: FAILED" in failed.output
    status = run(tmp_path, "lists", "status")
    assert "un-sc has never loaded" in status.output and "cannot connect" in status.output
    data = {r["source"]: r for r in json.loads(run(tmp_path, "lists", "status", "--json").output)}
    assert data["un-sc"]["current"] is None and data["un-sc"]["last_failure"] is not None


def test_screen_without_loaded_lists_says_what_to_do(tmp_path: Path) -> None:
    from offramp.cli.demo_cmd import sample_file

    result = run(tmp_path, "screen", str(sample_file()))
    assert result.exit_code == 1 and "no lists loaded" in result.output
    assert "Traceback" not in result.output
