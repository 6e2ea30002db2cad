"""Screening runs, alerts, decisions (four eyes), the allow-list, and their audit trail."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest

from offramp.model import Entity, Match, Name, Schema, StoreError
from offramp.model.match import FeatureScore
from offramp.store import (
    AlertStatus,
    ListStore,
    ResultRow,
    ReviewError,
    ReviewStore,
    RunStatus,
    Verdict,
    match_record,
    subject_key,
)
from offramp.store.audit import AuditLog, canonical_json
from offramp.store.reviews import BULK_CACHE_KIB, BULK_CHECKPOINT_PAGES, normalise_name

HASH_V1 = "1" * 64
HASH_V2 = "2" * 64


@pytest.fixture
def reviews(fresh_store: ListStore) -> Iterator[ReviewStore]:
    """A review store over a fresh database; approvals needed from a score of 0.9."""
    yield ReviewStore(fresh_store, approval_level=0.9)


def _start(reviews: ReviewStore, row_count: int | None = None) -> int:
    return reviews.start_run(input_name="vendors.csv", input_sha256="f" * 64,
                             list_versions={"ofac-sdn": 3, "un-sc": 7}, algorithm="names-v1",
                             threshold=0.8, options={"name_column": "name"},
                             row_count=row_count, actor="alice")


def _match(entity_id: str = "30946", score: float = 0.95,
           content_hash: str = HASH_V1) -> dict[str, Any]:
    return {"source": "ofac-cons", "entity_id": entity_id, "entity_content_hash": content_hash,
            "matched_name": "HIKVISION", "score": score}


def _row(n: int, name: str | None = None, status: str = "clear",
         matches: tuple[dict[str, Any], ...] = ()) -> ResultRow:
    return ResultRow(row_number=n, name=name or f"Vendor {n}", status=status,
                     subject_id=f"V{n:03}", matches=matches, country="CN")


def _alert_for(reviews: ReviewStore, run_id: int | None = None, score: float = 0.85,
               content_hash: str = HASH_V1, name: str = "Hikvision") -> int:
    row = _row(1, name, "match", (_match(score=score, content_hash=content_hash),))
    if run_id is None:
        run_id = _start(reviews)
    reviews.add_results(run_id, [row])
    alert = reviews.open_alert(subject_key=row.key, source="ofac-cons", entity_id="30946",
                               entity_content_hash=content_hash, score=score,
                               matched_name="HIKVISION", run_id=run_id)
    return alert.id


def _audit(reviews: ReviewStore) -> list[tuple[str, str, str | None]]:
    return [(r.action, r.actor, r.object) for r in reviews.audit.records()]


# -- subjects -------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "subject_id"), [
    ("Hangzhou Hikvision", "V001"), ('"Quoted" \\ back\\slash', None), ("杭州海康威视", " V 7 "),
    ("control\x01\x1f\nchars", ""), ("Ünïcode ﬁ ligature", "\u2028"),
])
def test_subject_key_is_the_hash_of_the_canonical_json_of_id_and_name(
        name: str, subject_id: str | None) -> None:
    # subject_key spells canonical_json out for speed: it must stay the very same text.
    body = canonical_json([(subject_id or "").strip(), normalise_name(name)])
    assert subject_key(name, subject_id) == hashlib.sha256(body.encode()).hexdigest()


def test_bulk_writes_tune_the_connection_only_while_they_last(reviews: ReviewStore,
                                                              fresh_store: ListStore) -> None:
    db = fresh_store.connection

    def settings() -> tuple[int, int]:
        return (db.execute("PRAGMA cache_size").fetchone()[0],
                db.execute("PRAGMA wal_autocheckpoint").fetchone()[0])

    before = settings()
    with reviews.bulk_writes():
        assert settings() == (-BULK_CACHE_KIB, BULK_CHECKPOINT_PAGES)
        run_id = _start(reviews)
        with reviews.transaction():
            reviews.add_results(run_id, [_row(1), _row(2)])
    assert settings() == before
    assert reviews.done_rows(run_id) == {1, 2}


def test_subject_key_is_stable_across_case_and_spacing() -> None:
    key = subject_key("Hangzhou  Hikvision ", "V001")
    assert key == subject_key("HANGZHOU HIKVISION", "V001")
    assert key == subject_key("Ｈａｎｇｚｈｏｕ Hikvision", " V001 ")  # full-width, NFKC
    assert key != subject_key("Hangzhou Hikvision", "V002")
    assert key != subject_key("Hangzhou Hikvision")
    assert len(key) == 64 and key == ResultRow(1, "hangzhou hikvision", "clear", "V001").key


# -- runs -----------------------------------------------------------------------------------


def test_a_run_is_recorded_with_what_it_was_screened_against(reviews: ReviewStore) -> None:
    run_id = _start(reviews, row_count=3)
    run = reviews.get_run(run_id)
    assert run.status == RunStatus.RUNNING and run.finished_at is None
    assert run.list_versions == {"ofac-sdn": 3, "un-sc": 7}
    assert (run.algorithm, run.threshold, run.actor) == ("names-v1", 0.8, "alice")
    assert run.options == {"name_column": "name"} and run.input_sha256 == "f" * 64
    assert reviews.unfinished_runs() == [run]
    [record] = reviews.audit.records()
    assert (record.action, record.object) == ("run.start", f"run:{run_id}")
    assert record.payload["list_versions"] == {"ofac-sdn": 3, "un-sc": 7}


def test_results_are_idempotent_per_row_and_a_run_resumes(reviews: ReviewStore) -> None:
    run_id = _start(reviews, row_count=4)
    assert reviews.done_rows(run_id) == set()
    assert reviews.add_results(run_id, [_row(1), _row(2, "Hikvision", "match", (_match(),))]) == 2
    assert reviews.done_rows(run_id) == {1, 2}
    # A resumed run sends rows 2 and 3: row 2 is not stored twice.
    assert reviews.add_results(run_id, [_row(2, "Other", "clear"), _row(3)]) == 1
    with pytest.raises(ReviewError, match="3 of 4 rows"):
        reviews.finish_run(run_id, "done")
    reviews.add_results(run_id, [ResultRow(4, "", "unscreened", reason="empty name")])
    stored = reviews.results(run_id)
    assert [(r.row_number, r.status) for r in stored] == [
        (1, "clear"), (2, "match"), (3, "clear"), (4, "unscreened")]
    assert stored[1].name == "Hikvision" and stored[1].matches[0]["entity_id"] == "30946"
    assert stored[3].reason == "empty name" and stored[0].country == "CN"
    run = reviews.finish_run(run_id, "done", actor="alice")
    assert run.status == RunStatus.DONE and run.finished_at is not None
    assert reviews.unfinished_runs() == []
    [finish] = reviews.audit.records(action="run.finish")
    assert finish.payload["by_status"] == {"clear": 2, "match": 1, "unscreened": 1}
    with pytest.raises(ReviewError, match="already done"):
        reviews.finish_run(run_id, "failed")
    with pytest.raises(ReviewError, match="is done"):
        reviews.add_results(run_id, [_row(5)])


def test_an_unfinished_run_can_be_marked_failed(reviews: ReviewStore) -> None:
    run_id = _start(reviews, row_count=10)
    reviews.add_results(run_id, [_row(1)])
    run = reviews.finish_run(run_id, RunStatus.FAILED)
    assert run.status == RunStatus.FAILED and run.row_count == 10
    assert [r.id for r in reviews.list_runs()] == [run_id]
    with pytest.raises(ReviewError, match="unknown run status 'paused'"):
        reviews.finish_run(_start(reviews), "paused")
    with pytest.raises(StoreError, match="no screening run 99"):
        reviews.done_rows(99)


def test_results_are_checked(reviews: ReviewStore) -> None:
    run_id = _start(reviews)
    with pytest.raises(ReviewError, match="unknown status of row 1 'maybe'"):
        reviews.add_results(run_id, [_row(1, status="maybe")])
    with pytest.raises(ReviewError, match="'clear' but has matches"):
        reviews.add_results(run_id, [_row(1, status="clear", matches=(_match(),))])
    assert reviews.done_rows(run_id) == set()


def test_subjects_are_stored_for_rescreening(reviews: ReviewStore) -> None:
    first = _start(reviews)
    reviews.add_results(first, [_row(1, "Hikvision")])
    second = _start(reviews)
    reviews.add_results(second, [ResultRow(7, "HIKVISION", "clear", subject_id="V001")])
    [subject] = reviews.subjects()
    assert subject.key == subject_key("hikvision", "V001") and subject.name == "HIKVISION"
    assert subject.country == "CN"  # kept: the second file had no country
    assert subject.last_run_id == second
    assert subject.last_list_versions == {"ofac-sdn": 3, "un-sc": 7}
    assert reviews.subject(subject.key) == subject and reviews.subject("nope") is None


def test_kill_9_mid_batch_loses_only_the_uncommitted_batch(fresh_store: ListStore,
                                                           reviews: ReviewStore) -> None:
    run_id = _start(reviews, row_count=9)
    child = textwrap.dedent(f"""
        import os, signal
        from offramp.store import ListStore, ResultRow, ReviewStore
        reviews = ReviewStore(ListStore({str(fresh_store.path)!r}))
        for start in (1, 4, 7):
            with reviews.transaction():
                reviews.add_results({run_id}, [
                    ResultRow(n, "Hikvision %d" % n, "match", subject_id="V%d" % n)
                    for n in range(start, start + 3)])
                for n in range(start, start + 3):
                    reviews.open_alert(subject_key=ResultRow(n, "Hikvision %d" % n, "match",
                                       subject_id="V%d" % n).key, source="ofac-cons",
                                       entity_id="30946", entity_content_hash="h",
                                       score=0.9, matched_name="HIKVISION", run_id={run_id})
                if start == 7:
                    os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", child], capture_output=True, timeout=60)
    assert proc.returncode == -9, proc.stderr
    reopened = ReviewStore(ListStore(fresh_store.path))
    assert [r.id for r in reopened.unfinished_runs()] == [run_id]
    assert reopened.done_rows(run_id) == {1, 2, 3, 4, 5, 6}
    assert len(reopened.alerts(run_id)) == 6  # the killed batch's alerts went with its rows
    with pytest.raises(ReviewError, match="6 of 9 rows"):
        reopened.finish_run(run_id, "done")
    todo = [n for n in range(1, 10) if n not in reopened.done_rows(run_id)]
    reopened.add_results(run_id, [ResultRow(n, f"Hikvision {n}", "clear") for n in todo])
    assert reopened.finish_run(run_id, "done").status == RunStatus.DONE
    assert reopened.audit.verify().ok


# -- alerts ---------------------------------------------------------------------------------


def test_open_alert_does_not_duplicate_an_active_one(reviews: ReviewStore) -> None:
    run_id = _start(reviews)
    alert_id = _alert_for(reviews, run_id)
    alert = reviews.get_alert(alert_id)
    assert alert.status == AlertStatus.OPEN and alert.active and alert.run_id == run_id
    assert (alert.score, alert.entity_content_hash) == (0.85, HASH_V1)
    assert alert.previous_alert_id is None
    again = reviews.open_alert(subject_key=alert.subject_key, source="ofac-cons",
                               entity_id="30946", entity_content_hash=HASH_V1, score=0.86,
                               matched_name="HIKVISION", run_id=_start(reviews))
    assert again == alert
    other = reviews.open_alert(subject_key=alert.subject_key, source="ofac-sdn",
                               entity_id="30946", entity_content_hash=HASH_V1, score=0.8,
                               matched_name="HIKVISION")
    assert other.id != alert.id
    assert [a.id for a in reviews.alerts(run_id=run_id)] == [alert.id]
    assert [a.id for a in reviews.alerts(status="open")] == [alert.id, other.id]
    assert reviews.alerts(status=AlertStatus.CLOSED) == []
    with pytest.raises(StoreError, match="no alert 99"):
        reviews.get_alert(99)
    with pytest.raises(ReviewError, match="unknown alert status"):
        reviews.alerts(status="pending")


def test_alert_needs_a_stored_subject(reviews: ReviewStore) -> None:
    with pytest.raises(StoreError, match="could not open the alert"):
        reviews.open_alert(subject_key="unknown", source="s", entity_id="1",
                           entity_content_hash="h", score=0.9, matched_name="X")


def test_delisted_entries_close_alerts_without_deleting_them(reviews: ReviewStore) -> None:
    first = _alert_for(reviews)
    escalated = reviews.open_alert(subject_key=reviews.get_alert(first).subject_key,
                                   source="ofac-cons", entity_id="999",
                                   entity_content_hash="h", score=0.9, matched_name="X")
    reviews.decide(escalated.id, "escalate", "needs a senior look", "bob")
    assert reviews.close_alerts_for_entities("ofac-cons", ["30946", "999", "404"], "delisted",
                                             actor="system") == [first, escalated.id]
    for alert_id in (first, escalated.id):
        alert = reviews.get_alert(alert_id)
        assert alert.status == AlertStatus.CLOSED and alert.close_reason == "delisted"
        assert alert.closed_at is not None
    assert len(reviews.alerts()) == 2  # still there
    [record] = reviews.audit.records(action="alert.close")
    assert record.payload["alert_ids"] == [first, escalated.id]
    assert record.payload["entity_ids"] == ["30946", "999"] and record.actor == "system"
    # Nothing left to close: no new audit record.
    before = reviews.audit.count()
    assert reviews.close_alerts_for_entities("ofac-cons", ["30946"], "delisted") == []
    assert reviews.audit.count() == before
    with pytest.raises(ReviewError, match="needs a reason"):
        reviews.close_alerts_for_entities("ofac-cons", ["30946"], " ")


# -- decisions ------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_a_reason_is_required(reviews: ReviewStore, reason: str) -> None:
    alert_id = _alert_for(reviews)
    before = reviews.audit.count()
    with pytest.raises(ReviewError, match="needs a reason"):
        reviews.decide(alert_id, "false-positive", reason, "bob")
    assert reviews.decisions(alert_id) == [] and reviews.audit.count() == before
    assert reviews.get_alert(alert_id).status == AlertStatus.OPEN


def test_verdicts_and_actors_are_checked(reviews: ReviewStore) -> None:
    alert_id = _alert_for(reviews)
    with pytest.raises(ReviewError, match="unknown verdict 'ok'"):
        reviews.decide(alert_id, "ok", "fine", "bob")
    with pytest.raises(ReviewError, match="who made it"):
        reviews.decide(alert_id, "true-match", "same company", " ")
    with pytest.raises(ReviewError, match="approve\\(decision_id"):
        reviews.decide(alert_id, "approve", "fine", "bob")
    with pytest.raises(ReviewError, match="only a false-positive"):
        reviews.decide(alert_id, "true-match", "same company", "bob", allow_list=True)
    with pytest.raises(StoreError, match="no alert 42"):
        reviews.decide(42, "true-match", "same company", "bob")


def test_false_positive_below_the_approval_level_closes_the_alert(
        reviews: ReviewStore) -> None:
    alert_id = _alert_for(reviews, score=0.85)
    decision = reviews.decide(alert_id, Verdict.FALSE_POSITIVE, "  different company, other "
                              "registration number ", "bob")
    assert decision.reason == "different company, other registration number"
    assert (decision.actor, decision.score, decision.entity_content_hash) == ("bob", 0.85,
                                                                              HASH_V1)
    assert not decision.needs_approval and not decision.pending and decision.at is not None
    alert = reviews.get_alert(alert_id)
    assert alert.status == AlertStatus.CLOSED and alert.close_reason == "false-positive"
    record = reviews.audit.head()
    assert record is not None and record.action == "decision.false-positive"
    assert (record.actor, record.object) == ("bob", f"alert:{alert_id}")
    assert record.payload["reason"] == decision.reason and record.payload["score"] == 0.85
    assert record.payload["entity_content_hash"] == HASH_V1
    assert "Hikvision" not in str(record.payload)  # no names in the audit payload
    with pytest.raises(ReviewError, match=r"is closed .* reopen it"):
        reviews.decide(alert_id, "true-match", "changed my mind", "bob")


def test_true_match_and_escalate_change_the_alert(reviews: ReviewStore) -> None:
    alert_id = _alert_for(reviews)
    reviews.decide(alert_id, "escalate", "unsure, same city", "bob")
    assert reviews.get_alert(alert_id).status == AlertStatus.ESCALATED
    reviews.decide(alert_id, "true-match", "same registration number", "carol")
    alert = reviews.get_alert(alert_id)
    assert alert.status == AlertStatus.CLOSED and alert.close_reason == "true-match"
    assert [d.verdict for d in reviews.decisions(alert_id)] == [Verdict.ESCALATE,
                                                               Verdict.TRUE_MATCH]
    assert [a for a, _, _ in _audit(reviews)][-2:] == ["decision.escalate",
                                                       "decision.true-match"]


def test_four_eyes_high_score_clearance_waits_for_another_user(reviews: ReviewStore) -> None:
    alert_id = _alert_for(reviews, score=0.95)
    pending = reviews.decide(alert_id, "false-positive", "different address", "bob")
    assert pending.needs_approval and pending.pending
    assert reviews.get_alert(alert_id).status == AlertStatus.OPEN
    assert reviews.pending_approvals() == [pending]
    for same in ("bob", "BOB", " bob "):
        with pytest.raises(ReviewError, match=r"four-eyes rule: decision .* made by bob"):
            reviews.approve(pending.id, same)
    assert reviews.get_alert(alert_id).status == AlertStatus.OPEN
    approved = reviews.approve(pending.id, "carol")
    assert approved.approved_by == "carol" and approved.approved_at is not None
    assert not approved.pending
    alert = reviews.get_alert(alert_id)
    assert alert.status == AlertStatus.CLOSED and alert.close_reason == "false-positive"
    [_, approval] = reviews.decisions(alert_id)
    assert (approval.verdict, approval.actor) == (Verdict.APPROVE, "carol")
    assert approval.reason == f"approves decision {pending.id}"
    record = reviews.audit.head()
    assert record is not None and record.action == "decision.approve"
    assert record.payload["approves"] == pending.id and record.payload["decided_by"] == "bob"
    assert reviews.pending_approvals() == []
    with pytest.raises(ReviewError, match="already approved by carol"):
        reviews.approve(pending.id, "dave")


def test_approval_level_is_configurable(fresh_store: ListStore) -> None:
    strict = ReviewStore(fresh_store, approval_level=0.5)
    alert_id = _alert_for(strict, score=0.6)
    assert strict.decide(alert_id, "false-positive", "other person", "bob").pending
    lenient = ReviewStore(fresh_store)  # the default level is above 0.6
    other = lenient.open_alert(subject_key=lenient.get_alert(alert_id).subject_key,
                               source="un-sc", entity_id="KPe.1", entity_content_hash="h",
                               score=0.6, matched_name="X")
    assert not lenient.decide(other.id, "false-positive", "other person", "bob").pending
    third = lenient.open_alert(subject_key=other.subject_key, source="un-sc",
                               entity_id="KPe.2", entity_content_hash="h", score=0.6,
                               matched_name="X")
    assert lenient.decide(third.id, "false-positive", "other person", "bob",
                          approval_level=0.6).pending  # "at or above"


def test_approval_of_a_superseded_or_needless_decision_is_refused(
        reviews: ReviewStore) -> None:
    alert_id = _alert_for(reviews, score=0.95)
    pending = reviews.decide(alert_id, "false-positive", "different address", "bob")
    reviews.decide(alert_id, "escalate", "not so sure", "carol")
    with pytest.raises(ReviewError, match="superseded by decision"):
        reviews.approve(pending.id, "carol")
    assert reviews.pending_approvals() == []
    true_match = reviews.decide(alert_id, "true-match", "confirmed", "carol")
    with pytest.raises(ReviewError, match="does not need approval"):
        reviews.approve(true_match.id, "dave")
    with pytest.raises(StoreError, match="no decision 99"):
        reviews.approve(99, "dave")


def test_a_decision_is_all_or_nothing(reviews: ReviewStore,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    alert_id = _alert_for(reviews, score=0.5)
    before = reviews.audit.count()

    def failing_append(self: AuditLog, *args: object, **kwargs: object) -> None:
        raise StoreError("disk full")

    monkeypatch.setattr(AuditLog, "append", failing_append)
    with pytest.raises(StoreError, match="disk full"):
        reviews.decide(alert_id, "false-positive", "other person", "bob", allow_list=True)
    monkeypatch.undo()
    assert reviews.decisions(alert_id) == [] and reviews.audit.count() == before
    assert reviews.get_alert(alert_id).status == AlertStatus.OPEN
    assert reviews.allowed(reviews.get_alert(alert_id).subject_key, "ofac-cons", "30946",
                           HASH_V1) is None


# -- allow-list -----------------------------------------------------------------------------


def test_allow_list_applies_only_while_the_entry_is_unchanged(reviews: ReviewStore) -> None:
    alert_id = _alert_for(reviews, score=0.85)
    key = reviews.get_alert(alert_id).subject_key
    decision = reviews.decide(alert_id, "false-positive", "our own subsidiary, checked",
                              "bob", allow_list=True)
    assert reviews.allowed(key, "ofac-cons", "30946", HASH_V1) == decision.id
    assert reviews.allowed(key, "ofac-cons", "30946", HASH_V2) is None  # entry changed
    assert reviews.allowed(key, "ofac-sdn", "30946", HASH_V1) is None
    assert _audit(reviews)[-1] == ("allowlist.add", "bob", f"alert:{alert_id}")
    # The entry changed: the alert comes back, linked to the earlier one and its decision.
    returning = reviews.open_alert(subject_key=key, source="ofac-cons", entity_id="30946",
                                   entity_content_hash=HASH_V2, score=0.86,
                                   matched_name="HIKVISION")
    assert returning.id != alert_id and returning.previous_alert_id == alert_id
    previous = reviews.previous_decision(key, "ofac-cons", "30946")
    assert previous is not None and previous.id == decision.id and previous.allow_list
    assert reviews.previous_decision(key, "ofac-sdn", "30946") is None


def test_allow_listing_a_high_score_waits_for_approval(reviews: ReviewStore) -> None:
    alert_id = _alert_for(reviews, score=0.97)
    key = reviews.get_alert(alert_id).subject_key
    pending = reviews.decide(alert_id, "false-positive", "checked the register", "bob",
                             allow_list=True)
    assert reviews.allowed(key, "ofac-cons", "30946", HASH_V1) is None
    reviews.approve(pending.id, "carol", "agree, register checked")
    assert reviews.allowed(key, "ofac-cons", "30946", HASH_V1) == pending.id
    approval = reviews.decisions(alert_id)[-1]
    assert approval.reason == "agree, register checked"
    assert _audit(reviews)[-1] == ("allowlist.add", "carol", f"alert:{alert_id}")
    # previous_decision skips the approval itself and names the decision approved.
    previous = reviews.previous_decision(key, "ofac-cons", "30946")
    assert previous is not None and previous.id == pending.id


def test_reopen_withdraws_the_allow_list_entry(reviews: ReviewStore) -> None:
    alert_id = _alert_for(reviews, score=0.5)
    key = reviews.get_alert(alert_id).subject_key
    reviews.decide(alert_id, "false-positive", "other person", "bob", allow_list=True)
    with pytest.raises(ReviewError, match="not closed; nothing to reopen"):
        reviews.decide(_alert_for(reviews, name="Other"), "reopen", "why not", "carol")
    reopen = reviews.decide(alert_id, "reopen", "new information from the bank", "carol")
    assert reopen.verdict == Verdict.REOPEN
    alert = reviews.get_alert(alert_id)
    assert alert.status == AlertStatus.OPEN and alert.closed_at is None
    assert reviews.allowed(key, "ofac-cons", "30946", HASH_V1) is None
    assert [a for a, _, _ in _audit(reviews)][-2:] == ["decision.reopen", "allowlist.remove"]


def test_reopen_is_refused_while_the_alert_has_come_back(reviews: ReviewStore) -> None:
    alert_id = _alert_for(reviews, score=0.5)
    key = reviews.get_alert(alert_id).subject_key
    reviews.decide(alert_id, "false-positive", "other person", "bob")
    reviews.open_alert(subject_key=key, source="ofac-cons", entity_id="30946",
                       entity_content_hash=HASH_V2, score=0.6, matched_name="HIKVISION")
    with pytest.raises(ReviewError, match="another active alert"):
        reviews.decide(alert_id, "reopen", "look again", "carol")
    assert [d.verdict for d in reviews.decisions(alert_id)] == [Verdict.FALSE_POSITIVE]


def test_the_whole_workflow_leaves_a_verifiable_trail(reviews: ReviewStore) -> None:
    run_id = _start(reviews, row_count=1)
    alert_id = _alert_for(reviews, run_id, score=0.95)
    pending = reviews.decide(alert_id, "false-positive", "other company", "bob",
                             allow_list=True)
    reviews.approve(pending.id, "carol")
    reviews.finish_run(run_id, "done", actor="alice")
    assert [a for a, _, _ in _audit(reviews)] == [
        "run.start", "decision.false-positive", "decision.approve", "allowlist.add",
        "run.finish"]
    assert reviews.audit.verify().ok


# -- match records ----------------------------------------------------------------------------


def test_match_record_carries_what_an_alert_needs() -> None:
    entity = Entity(id="30946", schema=Schema.LEGAL_ENTITY, names=(Name("HIKVISION"),),
                    source="ofac-cons")
    match = Match(entity, 0.97, "HIKVISION",
                  (FeatureScore("name", 1.0, 1.0, "'hikvision' = 'hikvision'"),), 0.8, "v1")
    record = match_record(match, list_version=4)
    assert record["entity_content_hash"] == entity.content_hash()
    assert (record["source"], record["entity_id"], record["score"]) == ("ofac-cons", "30946",
                                                                        0.97)
    assert record["explanation"][0]["detail"] == "'hikvision' = 'hikvision'"
    assert record["list_version"] == 4


def test_reviews_share_the_list_store_transaction(fresh_store: ListStore) -> None:
    reviews = ReviewStore(fresh_store)
    with pytest.raises(RuntimeError), fresh_store.transaction():
        run_id = _start(reviews)
        reviews.add_results(run_id, [_row(1)])
        raise RuntimeError("crash before commit")
    assert reviews.list_runs() == [] and reviews.audit.count() == 0


def test_a_failed_call_inside_a_larger_transaction_undoes_only_itself(
        reviews: ReviewStore) -> None:
    alert_id = _alert_for(reviews, score=0.5)
    key = reviews.get_alert(alert_id).subject_key
    reviews.decide(alert_id, "false-positive", "other person", "bob")
    reviews.open_alert(subject_key=key, source="ofac-cons", entity_id="30946",
                       entity_content_hash=HASH_V2, score=0.6, matched_name="HIKVISION")
    before = reviews.audit.count()
    with reviews.transaction():
        run_id = _start(reviews)
        # decide() writes its decision and audit record, then finds it cannot reopen.
        with pytest.raises(ReviewError, match="another active alert"):
            reviews.decide(alert_id, "reopen", "look again", "carol")
    assert reviews.get_run(run_id).status == RunStatus.RUNNING
    assert [r.action for r in reviews.audit.records()][before:] == ["run.start"]
    assert len(reviews.decisions(alert_id)) == 1
    assert reviews.audit.verify().ok
