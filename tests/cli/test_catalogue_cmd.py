"""The restricted-vendor catalogue through the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from offramp.cli.main import cli
from offramp.sources.catalogue import catalogue_file


def run(home: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"OFFRAMP_HOME": str(home),
                                                    "OFFRAMP_DB": None, "OFFRAMP_CONFIG": None})


def test_load_status_show_and_search(tmp_path: Path) -> None:
    loaded = run(tmp_path, "lists", "load", str(catalogue_file()), "--json")
    assert loaded.exit_code == 0, loaded.output
    [result] = json.loads(loaded.output)
    assert (result["source"], result["format"]) == ("offramp-catalogue", "offramp-catalogue-csv")
    assert (result["entry_count"], result["publisher_date"]) == (25, "2025-12-19")

    status = {r["source"]: r
              for r in json.loads(run(tmp_path, "lists", "status", "--json").output)}
    assert status["offramp-catalogue"]["current"]["entry_count"] == 25
    assert status["offramp-catalogue"]["max_age_days"] == 365
    assert "offramp-catalogue" in run(tmp_path, "lists", "status").output

    shown = run(tmp_path, "lists", "show", "dahua", "--source", "offramp-catalogue")
    assert shown.exit_code == 0, shown.output
    assert "bis-entity-list: 2019-10-09" in shown.output
    assert "84-FR-54002" in shown.output and "bis-entity-list: no" in shown.output

    found = json.loads(run(tmp_path, "search", "EZVIZ", "--json").output)
    top = found["matches"][0]
    assert (top["source"], top["entity_id"], top["alert"]) == ("offramp-catalogue", "ezviz", True)


def test_update_explains_that_the_catalogue_has_no_remote_publisher(tmp_path: Path) -> None:
    first = run(tmp_path, "lists", "update", "offramp-catalogue")
    assert first.exit_code == 0, first.output
    assert "offramp-catalogue: ok: no remote publisher; loaded the copy shipped" in first.output
    again = run(tmp_path, "lists", "update", "offramp-catalogue")
    assert again.exit_code == 0 and "already in use" in again.output
