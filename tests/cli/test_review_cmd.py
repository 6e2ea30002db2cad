"""`offramp alerts / decide / approve`: reasons, four eyes with two users, the allow-list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from offramp.cli.main import cli
from offramp.model import OfframpError
from offramp.settings import load_settings
from offramp.store import ListStore

WATCHLIST = """\
id,name,schema,aliases,country,birth_date,identifiers,program,notes,source_url
w-1,Golden Phoenix Logistics LLC,company,,CN,,,test-ban,{note},
w-4,Northern Star Shipping Company,company,,,,,,,
"""
SUPPLIERS = "id,name\nS1,Golden Phoenix Logistics\nS2,Northern Star\nS3,Northwind Traders\n"
LEVEL = "0.95"  # approval level: Golden Phoenix (1.00) needs a second user, Northern Star not


def run(home: Path, *args: str, user: str = "alice") -> Result:
    env = {"OFFRAMP_HOME": str(home), "OFFRAMP_DB": None, "OFFRAMP_CONFIG": None,
           "OFFRAMP_USER": user, "OFFRAMP_APPROVAL_LEVEL": LEVEL}
    return CliRunner().invoke(cli, list(args), env=env)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def load_list(home: Path, note: str = "") -> None:
    path = home / "watch.csv"
    path.write_text(WATCHLIST.format(note=note), encoding="utf-8")
    ok(run(home, "lists", "load", str(path), "--source", "watch"))


def screen(home: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(ok(run(home, "screen", str(home / "suppliers.csv"),
                                                   "--workers", "1", "--json")).stdout)
    return rows


def alerts(home: Path, *args: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(ok(run(home, "alerts", "--json", *args)).stdout)
    return found


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A home with the watchlist loaded and the supplier file screened once (run 1)."""
    load_list(tmp_path)
    (tmp_path / "suppliers.csv").write_text(SUPPLIERS, encoding="utf-8")
    screen(tmp_path)
    return tmp_path


def alert_on(home: Path, entity_id: str, *args: str) -> dict[str, Any]:
    return next(a for a in alerts(home, *args) if a["entity_id"] == entity_id)


def test_alerts_lists_subject_entry_score_and_status(home: Path) -> None:
    found = alerts(home)
    assert [(a["subject"]["subject_id"], a["entity_id"], a["status"]) for a in found] == [
        ("S1", "w-1", "open"), ("S2", "w-4", "open")]
    phoenix = found[0]
    assert phoenix["subject"]["name"] == "Golden Phoenix Logistics"
    assert phoenix["entity_name"] == "Golden Phoenix Logistics LLC"
    assert phoenix["source"] == "watch" and phoenix["run_id"] == 1
    assert phoenix["score"] >= 0.95 and phoenix["pending_approvals"] == []
    text = ok(run(home, "alerts")).output
    assert "Golden Phoenix Logistics (S1)" in text and "watch #w-1" in text
    assert alerts(home, "--run", "1") == found and alerts(home, "--status", "closed") == []
    assert "no closed alerts" in ok(run(home, "alerts", "--status", "closed")).output
    missing = run(home, "alerts", "--run", "7")
    assert missing.exit_code == 1 and "no screening run 7" in missing.output


def test_a_reason_is_required(home: Path) -> None:
    alert = alert_on(home, "w-4")["id"]
    absent = run(home, "decide", str(alert), "--as", "false-positive")
    assert absent.exit_code == 2 and "Missing option '--reason'" in absent.output
    blank = run(home, "decide", str(alert), "--as", "false-positive", "--reason", "   ")
    assert blank.exit_code == 1 and "needs a reason" in blank.output
    assert alert_on(home, "w-4")["status"] == "open"


def test_clearing_a_high_score_needs_a_second_user(home: Path) -> None:
    alert = alert_on(home, "w-1")["id"]
    pending = ok(run(home, "decide", str(alert), "--as", "false-positive", "--reason",
                     "another company, other address"))
    assert "approval by a different user" in pending.output
    assert "offramp approve 1" in pending.output
    shown = alert_on(home, "w-1")
    assert shown["status"] == "open"
    [waiting] = shown["pending_approvals"]
    assert (waiting["id"], waiting["actor"], waiting["verdict"]) == (1, "alice",
                                                                     "false-positive")
    assert "awaits approval" in ok(run(home, "alerts")).output

    same = run(home, "approve", "1")
    assert same.exit_code == 1 and "four-eyes" in same.output and "another user" in same.output
    approved = ok(run(home, "approve", "1", "--reason", "checked the address", user="bob"))
    assert "approved by bob" in approved.output and "now closed" in approved.output
    closed = alert_on(home, "w-1", "--status", "closed")
    assert closed["close_reason"] == "false-positive" and closed["pending_approvals"] == []
    again = run(home, "approve", "1", user="carol")
    assert again.exit_code == 1 and "already approved by bob" in again.output


def test_a_low_score_clears_at_once(home: Path) -> None:
    alert = alert_on(home, "w-4")["id"]
    done = json.loads(ok(run(home, "decide", str(alert), "--as", "false-positive", "--reason",
                             "a bakery", "--json")).stdout)
    assert done["alert_status"] == "closed" and done["decision"]["pending"] is False
    assert done["approval_level"] == 0.95 and done["decision"]["actor"] == "alice"


def test_escalate_true_match_and_reopen(home: Path) -> None:
    alert = str(alert_on(home, "w-4")["id"])
    ok(run(home, "decide", alert, "--as", "escalate", "--reason", "ask legal"))
    assert alert_on(home, "w-4", "--status", "escalated")["status"] == "escalated"
    wrong = run(home, "decide", alert, "--as", "true-match", "--reason", "x", "--allow-list")
    assert wrong.exit_code == 1 and "only a false-positive" in wrong.output
    confirmed = ok(run(home, "decide", alert, "--as", "true-match", "--reason", "same IMO",
                       user="bob"))
    assert "true-match by bob; the alert is now closed" in confirmed.output
    closed_again = run(home, "decide", alert, "--as", "escalate", "--reason", "x")
    assert closed_again.exit_code == 1 and "reopen it" in closed_again.output
    ok(run(home, "decide", alert, "--as", "reopen", "--reason", "new evidence"))
    assert alert_on(home, "w-4")["status"] == "open"


def test_allow_list_suppresses_until_the_list_entry_changes(home: Path) -> None:
    first = alert_on(home, "w-1")["id"]
    ok(run(home, "decide", str(first), "--as", "false-positive", "--reason",
           "our logistics partner in Leeds, not the listed one", "--allow-list"))
    ok(run(home, "approve", "1", user="bob"))

    # Screened again: the match is still reported, but allow-listed and with no new alert.
    rows = screen(home)
    [hit] = rows[0]["matches"]
    assert hit["allow_listed_by_decision"] == 1
    assert [a["entity_id"] for a in alerts(home)] == ["w-4"]
    text = ok(run(home, "screen", str(home / "suppliers.csv"), "--workers", "1")).output
    assert "ALLOW-LISTED (decision 1)" in text and "1 match(es) allow-listed" in text

    # A new version of the list changes the entry: the alert returns, linked to the decision.
    load_list(home, note="now also on the EU list")
    rows = screen(home)
    assert rows[0]["matches"][0]["allow_listed_by_decision"] is None
    back = alert_on(home, "w-1")
    assert back["id"] != first and back["status"] == "open"
    assert back["previous"]["alert_id"] == first
    earlier = back["previous"]["decision"]
    assert (earlier["id"], earlier["verdict"], earlier["actor"]) == (1, "false-positive",
                                                                     "alice")
    text = ok(run(home, "alerts")).output  # a table: the note may wrap inside its cell
    assert "returned after" in text and "alert" in text and "by alice" in text


def test_every_review_action_is_in_the_audit_log(home: Path) -> None:
    alert = str(alert_on(home, "w-1")["id"])
    ok(run(home, "decide", alert, "--as", "false-positive", "--reason", "no", "--allow-list"))
    ok(run(home, "approve", "1", user="bob"))
    with ListStore(home / "offramp.db") as store:
        actions = [(r.action, r.actor) for r in store.audit.records()]
        decision = next(r for r in store.audit.records() if r.action == "decision.false-positive")
    assert ("list.load", "alice") in actions and ("run.start", "alice") in actions
    assert ("decision.false-positive", "alice") in actions
    assert ("decision.approve", "bob") in actions and ("allowlist.add", "bob") in actions
    assert decision.payload["approval_level"] == 0.95  # the level in force, on record
    assert "audit log intact" in ok(run(home, "audit", "verify")).output


def test_user_and_approval_level_come_from_the_environment() -> None:
    settings = load_settings({"OFFRAMP_HOME": "/x", "OFFRAMP_USER": " dana "})
    assert settings.user == "dana" and settings.approval_level == 0.90
    assert load_settings({"OFFRAMP_HOME": "/x"}).user  # the login name, whatever it is
    assert load_settings({"OFFRAMP_HOME": "/x",
                          "OFFRAMP_APPROVAL_LEVEL": "0.8"}).approval_level == 0.8
    for bad in ("1.5", "-0.1", "high", "nan"):
        with pytest.raises(OfframpError, match="OFFRAMP_APPROVAL_LEVEL"):
            load_settings({"OFFRAMP_HOME": "/x", "OFFRAMP_APPROVAL_LEVEL": bad})
