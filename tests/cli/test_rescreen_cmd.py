"""`offramp rescreen`, and `lists load/update --rescreen`, on the real SDN change
2024-04-26 -> 2024-05-03 (305 entries added, 8 removed) and on a hand-made watchlist."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from conftest import LISTS, FixtureServer, Route
from offramp.cli.main import cli
from offramp.lists.diff import diff_versions
from offramp.lists.loading import load_file
from offramp.sources.files import read_bytes
from offramp.store import ListStore, ReviewStore

SDN_OLD = LISTS / "ofac" / "sdn-2024-04-26" / "sdn.csv.gz"
SDN_NEW = LISTS / "ofac" / "sdn-2024-05-03" / "sdn.csv.gz"


def run(home: Path, *args: str, user: str = "alice") -> Result:
    env = {"OFFRAMP_HOME": str(home), "OFFRAMP_DB": None, "OFFRAMP_CONFIG": None,
           "OFFRAMP_USER": user, "OFFRAMP_APPROVAL_LEVEL": None}
    return CliRunner().invoke(cli, list(args), env=env)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def as_json(result: Result) -> Any:
    return json.loads(ok(result).stdout)


@dataclass(frozen=True)
class Screened:
    """A home with SDN 2024-04-26 in use and subjects screened against it."""

    home: Path
    added: dict[str, str]  # entity id -> a subject of that name
    removed: dict[str, str]


@pytest.fixture(scope="module")
def screened(tmp_path_factory: pytest.TempPathFactory) -> Screened:
    scratch = tmp_path_factory.mktemp("diff")
    with ListStore(scratch / "offramp.db") as store:
        old, new = load_file(store, SDN_OLD).snapshot, load_file(store, SDN_NEW).snapshot
        assert old.id is not None and new.id is not None
        diff = diff_versions(store, old.id, new.id)
    added = {e.entity_id: e.caption for e in diff.added[:10]}
    removed = {e.entity_id: e.caption for e in diff.removed[:3]}
    home = tmp_path_factory.mktemp("screened") / "home"
    ok(run(home, "lists", "load", str(SDN_OLD)))
    names = [*added.values(), *removed.values(), "Northwind Traders", "Jan Kowalski"]
    lines = ["id,name"] + [f'S{n},"{name}"' for n, name in enumerate(names, 1)]
    (home / "subjects.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ok(run(home, "screen", str(home / "subjects.csv"), "--workers", "1"))
    return Screened(home, added, removed)


@pytest.fixture
def home(screened: Screened, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(screened.home, copy)
    return copy


def rescreen_runs(home: Path) -> list[int]:
    with ListStore(home / "offramp.db") as store:
        return [r.id for r in ReviewStore(store).list_runs()
                if r.options.get("kind") == "rescreen"]


def test_load_with_rescreen_opens_alerts_for_added_entries_and_closes_delisted_ones(
        screened: Screened, home: Path) -> None:
    text = ok(run(home, "lists", "load", str(SDN_NEW), "--rescreen")).output
    assert "ofac-sdn: loaded version 2" in text
    assert "rescreen run 2 (delta) against ofac-sdn version 2" in text
    assert "ofac-sdn: version 1 -> 2: 305 added or changed, 8 removed" in text
    assert "closed (reason 'delisted')" in text and "offramp alerts --run 2" in text
    opened = as_json(run(home, "alerts", "--run", "2", "--json"))
    assert {a["entity_id"] for a in opened} >= set(screened.added)
    assert {a["subject"]["name"] for a in opened if a["entity_id"] in screened.added} == set(
        screened.added.values())
    closed = as_json(run(home, "alerts", "--status", "closed", "--json"))
    assert {a["entity_id"] for a in closed} == set(screened.removed)
    assert {a["close_reason"] for a in closed} == {"delisted"}


def test_without_the_flag_loading_rescreens_nothing(screened: Screened, home: Path) -> None:
    before = as_json(run(home, "alerts", "--status", "all", "--json"))
    text = ok(run(home, "lists", "load", str(SDN_NEW))).output
    assert "rescreen" not in text and rescreen_runs(home) == []
    assert as_json(run(home, "alerts", "--status", "all", "--json")) == before

    # Asked for later, the same delta; once done, nothing is left to do.
    first = as_json(run(home, "rescreen", "--json"))
    assert first["mode"] == "delta" and first["subjects"] == 15 and first["alerts_opened"] >= 10
    assert first["delisted_closed"] == 3
    again = as_json(run(home, "rescreen", "--json"))
    assert (again["subjects"], again["up_to_date"], again["alerts_opened"]) == (0, 15, 0)
    assert again["run_id"] is None
    text = ok(run(home, "rescreen")).output
    assert "nothing to re-screen, every stored subject (15) is screened against ofac-sdn" in text


def test_delisted_alerts_close_even_when_every_subject_is_up_to_date(
        screened: Screened, home: Path) -> None:
    ok(run(home, "lists", "load", str(SDN_NEW)))
    # Screened again as a file: stamped with 2024-05-03, the old alerts left as they were.
    ok(run(home, "screen", str(home / "subjects.csv"), "--workers", "1"))
    report = as_json(run(home, "rescreen", "--json"))
    assert (report["run_id"], report["subjects"], report["delisted_closed"]) == (None, 0, 3)
    closed = as_json(run(home, "alerts", "--status", "closed", "--json"))
    assert {a["entity_id"] for a in closed} == set(screened.removed)


def test_json_output_of_load_with_rescreen(home: Path) -> None:
    data = as_json(run(home, "lists", "load", str(SDN_NEW), "--rescreen", "--json"))
    [loaded] = data["loaded"]
    assert loaded["source"] == "ofac-sdn" and loaded["new"] is True
    report = data["rescreen"]
    assert report["run_id"] == 2 and report["list_versions"] == {"ofac-sdn": 2}
    assert report["changes"] == [{"source": "ofac-sdn", "old_version": 1, "new_version": 2,
                                  "added_or_changed": 305, "removed": 8, "subjects": 15}]


def test_the_delta_and_a_full_rescreen_open_the_same_alerts(home: Path, tmp_path: Path) -> None:
    other = tmp_path / "full"
    shutil.copytree(home, other)
    delta = as_json(run(home, "lists", "load", str(SDN_NEW), "--rescreen", "--json"))["rescreen"]
    ok(run(other, "lists", "load", str(SDN_NEW)))
    full = as_json(run(other, "rescreen", "--full", "--json"))
    assert full["mode"] == "full" and full["subjects"] == delta["subjects"] == 15
    assert full["alerts_opened"] == delta["alerts_opened"] > 0
    assert full["delisted_closed"] == delta["delisted_closed"] == 3

    def alerts(where: Path) -> set[tuple[Any, ...]]:
        return {(a["subject"]["key"], a["entity_id"], a["entity_content_hash"], a["score"],
                 a["status"], a["close_reason"])
                for a in as_json(run(where, "alerts", "--status", "all", "--json"))}

    assert alerts(home) == alerts(other)


def _config(home: Path, url: str) -> None:
    (home / "config.toml").write_text(f'[sources.ofac-sdn]\nfiles = [["sdn.csv", "{url}"]]\n',
                                      encoding="utf-8")


def test_update_with_rescreen_rescreens_after_the_switch(home: Path,
                                                        http_server: FixtureServer) -> None:
    http_server.routes["/sdn.csv"] = Route(read_bytes(SDN_NEW))
    _config(home, http_server.url("/sdn.csv"))
    data = as_json(run(home, "lists", "update", "ofac-sdn", "--rescreen", "--json"))
    assert [u["ok"] for u in data["updated"]] == [True]
    assert data["rescreen"]["changes"][0]["added_or_changed"] == 305


def test_a_failed_update_rescreens_nothing(home: Path, http_server: FixtureServer) -> None:
    http_server.routes["/sdn.csv"] = Route(b"oops", status=500)
    _config(home, http_server.url("/sdn.csv"))
    failed = run(home, "lists", "update", "ofac-sdn", "--rescreen", "--json")
    assert failed.exit_code == 1
    data = json.loads(failed.stdout)
    assert data["updated"][0]["ok"] is False and data["rescreen"] is None
    text = run(home, "lists", "update", "ofac-sdn", "--rescreen")
    assert text.exit_code == 1 and "rescreen run" not in text.output
    assert rescreen_runs(home) == []


def test_unknown_source(home: Path) -> None:
    result = run(home, "rescreen", "--source", "un-sc")
    assert result.exit_code == 1 and "not loaded: un-sc" in result.output


# -- a changed entry, and --source ----------------------------------------------------------

WATCH = """\
id,name,schema,aliases,country,birth_date,identifiers,program,notes,source_url
w-1,Golden Phoenix Logistics LLC,company,,CN,,,{program},,
w-2,Northern Star Shipping Company,company,,,,,test-ban,,
"""


def test_a_changed_entry_brings_an_allow_listed_alert_back_and_source_limits_the_lists(
        home: Path) -> None:
    watch = home / "watch.csv"
    watch.write_text(WATCH.format(program="test-ban"), encoding="utf-8")
    ok(run(home, "lists", "load", str(watch), "--source", "watch"))
    (home / "suppliers.csv").write_text("id,name\nV1,Golden Phoenix Logistics\n"
                                        "V2,Northern Star Shipping Co\n", encoding="utf-8")
    ok(run(home, "screen", str(home / "suppliers.csv"), "--workers", "1"))
    [first] = [a for a in as_json(run(home, "alerts", "--json")) if a["entity_id"] == "w-1"]
    decided = as_json(run(home, "decide", str(first["id"]), "--as", "false-positive",
                          "--reason", "our partner in Leeds", "--allow-list", "--json"))
    if decided["decision"]["pending"]:
        ok(run(home, "approve", str(decided["decision"]["id"]), user="bob"))

    # The SDN moves on too, but only the watchlist is re-screened now.
    ok(run(home, "lists", "load", str(SDN_NEW)))
    watch.write_text(WATCH.format(program="test-ban; eu-ban"), encoding="utf-8")
    report = as_json(run(home, "lists", "load", str(watch), "--source", "watch", "--rescreen",
                         "--json"))["rescreen"]
    assert report["list_versions"] == {"watch": 4}
    # V1 and V2 against the one changed entry; the 15 SDN subjects, never screened against the
    # watchlist, against all of it.
    assert {(c["old_version"], c["added_or_changed"], c["subjects"])
            for c in report["changes"]} == {(2, 1, 2), (None, 2, 15)}
    [back] = [a for a in as_json(run(home, "alerts", "--json")) if a["entity_id"] == "w-1"]
    assert back["id"] != first["id"] and back["previous"]["alert_id"] == first["id"]
    assert back["previous"]["decision"]["verdict"] == "false-positive"
    with ListStore(home / "offramp.db") as store:
        stamps = {s.name: s.last_list_versions for s in ReviewStore(store).subjects()}
    assert stamps["Golden Phoenix Logistics"] == {"ofac-sdn": 1, "watch": 4}

    # The SDN change is still to do, and only that.
    sdn = as_json(run(home, "rescreen", "--json"))
    assert [(c["source"], c["old_version"], c["new_version"]) for c in sdn["changes"]] == [
        ("ofac-sdn", 1, 3)]
