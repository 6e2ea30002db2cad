"""Screening runs and their results, subjects, alerts, decisions and the allow-list.

A :class:`ReviewStore` works over an open :class:`~offramp.store.db.Database` (usually the
:class:`~offramp.store.lists.ListStore`), sharing its connection, so its writes can join one
transaction with other store writes. Every state change that matters to an auditor (run start
and finish, each decision and approval, allow-list changes, alerts closed by a list update)
appends an audit record in the same transaction as the change itself.

Batch screening, resumable after ``kill -9``::

    reviews = ReviewStore(store)
    run_id = reviews.start_run(input_name="vendors.csv", input_sha256=digest,
                               list_versions={s: v.id for s, v in store.current().items()},
                               algorithm=algo, threshold=0.8)
    done = reviews.done_rows(run_id)          # empty for a new run
    for batch in batches(rows_not_in(done)):
        with reviews.transaction():           # a row and its alerts: both or neither
            reviews.add_results(run_id, batch)
            for row in batch:
                for m in row.matches:
                    if reviews.allowed(row.key, m["source"], m["entity_id"],
                                       m["entity_content_hash"]) is None:
                        reviews.open_alert(...)
    reviews.finish_run(run_id, "done")

Decisions follow the four-eyes rule: clearing an alert (false positive) whose score is at or
above the approval level is stored pending, and the alert stays open until a different user
approves it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from json.encoder import encode_basestring as _json_string
from operator import itemgetter
from typing import Any, TypeVar

from offramp.model import Match, StoreError
from offramp.store.audit import AuditLog, canonical_json, current_user
from offramp.store.db import Database
from offramp.store.transaction import timestamp, transaction

DEFAULT_APPROVAL_LEVEL = 0.90
"""Clearing an alert scored at or above this needs a second person's approval."""

BULK_CACHE_KIB = 32 * 1024
"""SQLite page cache while a batch stores its results (:meth:`ReviewStore.bulk_writes`)."""
BULK_CHECKPOINT_PAGES = 40_000
"""Write-ahead log pages between checkpoints while a batch stores its results (4 KiB each:
the log file may reach some 160 MB on disk during a long batch)."""

_CHUNK = 500  # ids per IN (...) list: well under SQLite's bound-parameter limit

_E = TypeVar("_E", bound=StrEnum)


class ReviewError(StoreError):
    """A review action the rules do not allow: no reason, the same approver, a closed alert."""


class RunStatus(StrEnum):
    """Where a screening run stands."""

    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ResultStatus(StrEnum):
    """What screening said about one row."""

    MATCH = "match"
    CLEAR = "clear"
    UNSCREENED = "unscreened"


class AlertStatus(StrEnum):
    """An alert's state; ``open`` and ``escalated`` alerts are active."""

    OPEN = "open"
    CLOSED = "closed"
    ESCALATED = "escalated"


class Verdict(StrEnum):
    """What a reviewer decided about an alert."""

    TRUE_MATCH = "true-match"
    FALSE_POSITIVE = "false-positive"
    ESCALATE = "escalate"
    APPROVE = "approve"
    REOPEN = "reopen"


# -- subjects ----------------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """A name folded for identity, not for matching: NFKC, case-folded, spaces collapsed.

    Deliberately simple and stable (the store may not use the matching normaliser, which is
    tuned and versioned): a subject key must not change when the matcher does.
    """
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def subject_key(name: str, subject_id: str | None = None) -> str:
    """The stable key of a screened subject: sha256 of (your id, normalised name).

    Pass ``subject_id`` only when it is a real identifier (a vendor number), not a row
    number, or the same vendor gets a new key in every file.
    """
    # canonical_json([id, name]) spelled out for two strings (the same text, tested): this
    # runs for every row of a batch, and building a JSON encoder per call costs more.
    body = f"[{_json_string((subject_id or '').strip())},{_json_string(normalise_name(name))}]"
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


# -- records -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    """One screening run: what was screened, against which list versions, how it ended."""

    id: int
    started_at: datetime
    finished_at: datetime | None
    status: RunStatus
    actor: str
    input_name: str
    input_sha256: str
    row_count: int | None
    list_versions: dict[str, int]
    algorithm: str
    threshold: float
    options: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One row's screening result, as given to :meth:`ReviewStore.add_results` and read back.

    ``matches`` are JSON-ready mappings (see :func:`match_record`). ``country`` and
    ``birth_date`` describe the subject and are stored with it for re-screening.
    ``subject_key`` is computed from ``subject_id`` and ``name`` when not given.
    """

    row_number: int
    name: str
    status: ResultStatus | str
    subject_id: str | None = None
    reason: str | None = None
    matches: Sequence[Mapping[str, Any]] = ()
    country: str | None = None
    birth_date: str | None = None
    subject_key: str | None = None

    @property
    def key(self) -> str:
        """The subject key: the given one, or :func:`subject_key` of id and name."""
        return self.subject_key or subject_key(self.name, self.subject_id)


@dataclass(frozen=True, slots=True)
class Subject:
    """A screened party as stored for re-screening."""

    key: str
    name: str
    subject_id: str | None
    country: str | None
    birth_date: str | None
    first_seen_at: datetime
    last_run_id: int | None
    last_list_versions: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Alert:
    """A subject's match against one list entry, awaiting or past review."""

    id: int
    run_id: int | None
    subject_key: str
    source: str
    entity_id: str
    entity_content_hash: str
    score: float
    matched_name: str
    status: AlertStatus
    opened_at: datetime
    closed_at: datetime | None
    close_reason: str | None
    previous_alert_id: int | None

    @property
    def active(self) -> bool:
        """True while open or escalated."""
        return self.status != AlertStatus.CLOSED


@dataclass(frozen=True, slots=True)
class Decision:
    """A reviewer's decision, with who, when, why, the score and the entry's content hash."""

    id: int
    alert_id: int
    actor: str
    at: datetime
    verdict: Verdict
    reason: str
    score: float
    entity_content_hash: str
    allow_list: bool
    needs_approval: bool
    approved_by: str | None
    approved_at: datetime | None

    @property
    def pending(self) -> bool:
        """True while it waits for a second person's approval."""
        return self.needs_approval and self.approved_by is None


def match_record(match: Match, list_version: int | None = None) -> dict[str, Any]:
    """A match as a JSON-ready mapping for :attr:`ResultRow.matches`.

    Carries what an alert needs (source, entity id and content hash, matched name, score) and
    what makes the result readable later (threshold, algorithm, explanation).
    """
    entity = match.entity
    return {
        "source": entity.source, "entity_id": entity.id,
        "entity_content_hash": entity.content_hash(), "entity_name": entity.caption,
        "matched_name": match.matched_name, "score": match.score,
        "threshold": match.threshold, "algorithm": match.algorithm,
        "list_version": list_version,
        "explanation": [{"feature": f.feature, "value": f.value, "weight": f.weight,
                         "detail": f.detail} for f in match.explanation],
    }


# -- the store ---------------------------------------------------------------------------


class ReviewStore:
    """Runs, results, subjects, alerts, decisions and the allow-list of one database.

    ``approval_level``: the score at or above which clearing an alert needs approval by a
    second user (:data:`DEFAULT_APPROVAL_LEVEL` unless configured).
    """

    def __init__(self, db: Database, *, approval_level: float = DEFAULT_APPROVAL_LEVEL) -> None:
        self._db = db.connection
        self.approval_level = approval_level

    @property
    def audit(self) -> AuditLog:
        """The audit log these actions are recorded in."""
        return AuditLog(self._db)

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """Group several calls all or nothing (each call alone already is)."""
        return transaction(self._db)

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """Tune the connection for a long series of writes (a batch's results), then restore it.

        Subject keys are hashes, so every row lands on another page of the subject indexes: a
        larger page cache (SQLite's default is 2 MiB) keeps more of them in memory instead of
        reading them again, and a longer write-ahead log between checkpoints stops SQLite
        from checkpointing after nearly every chunk. Both are bounded (:data:`BULK_CACHE_KIB`,
        :data:`BULK_CHECKPOINT_PAGES`), and neither changes what a commit guarantees.
        """
        db = self._db
        cache = int(db.execute("PRAGMA cache_size").fetchone()[0])
        checkpoint = int(db.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        db.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
        db.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")
        try:
            yield
        finally:
            db.execute(f"PRAGMA cache_size = {cache}")
            db.execute(f"PRAGMA wal_autocheckpoint = {checkpoint}")

    @contextmanager
    def _write(self, what: str) -> Iterator[sqlite3.Connection]:
        """A transaction whose database errors become one clear StoreError."""
        try:
            with transaction(self._db) as conn:
                yield conn
        except sqlite3.Error as exc:
            raise StoreError(f"could not {what}: {exc}") from exc

    # -- runs -----------------------------------------------------------------------------

    def start_run(
        self,
        *,
        input_name: str,
        input_sha256: str,
        list_versions: Mapping[str, int],
        algorithm: str,
        threshold: float,
        options: Mapping[str, Any] | None = None,
        row_count: int | None = None,
        actor: str | None = None,
    ) -> int:
        """Record a new run as ``running`` and return its id.

        ``list_versions`` maps each source to the version id screened against;
        ``options`` holds whatever else shapes the results (columns, limits).
        """
        who = actor or current_user()
        started = timestamp()
        options = dict(options or {})
        with self._write("start the screening run") as db:
            cur = db.execute(
                "INSERT INTO screening_runs (started_at, status, actor, input_name, "
                "input_sha256, row_count, list_versions, algorithm, threshold, options) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (started, RunStatus.RUNNING.value, who, input_name, input_sha256, row_count,
                 canonical_json(dict(list_versions)), algorithm, threshold,
                 canonical_json(options)),
            )
            run_id = cur.lastrowid
            assert run_id is not None
            self.audit.append("run.start", who, f"run:{run_id}", {
                "run_id": run_id, "input_name": input_name, "input_sha256": input_sha256,
                "row_count": row_count, "list_versions": dict(list_versions),
                "algorithm": algorithm, "threshold": threshold, "options": options,
            })
        return run_id

    def add_results(self, run_id: int, results: Iterable[ResultRow]) -> int:
        """Store a batch of row results (and their subjects) in one transaction.

        Idempotent per (run, row number): rows already stored are left as they are, so a
        resumed run may send a batch again. Returns how many rows were new.
        """
        # In subject-key order (a stable sort: rows of one subject keep theirs): the keys are
        # hashes, and inserting them in order walks each index once instead of jumping about.
        rows = sorted(((r.key, r) for r in results), key=itemgetter(0))
        statuses = {r.row_number: _result_status(r) for _, r in rows}
        now = timestamp()
        with self._write(f"store results of run {run_id}") as db:
            # Checked inside the transaction: another process may have just finished the run.
            run = self.get_run(run_id)
            if run.status != RunStatus.RUNNING:
                raise ReviewError(f"run {run_id} is {run.status}; results can only be added "
                                  "to a running run")
            versions = canonical_json(run.list_versions)
            db.executemany(
                "INSERT INTO subjects (subject_key, name, subject_id, country, birth_date, "
                "first_seen_at, last_run_id, last_list_versions) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (subject_key) DO UPDATE SET name = excluded.name, "
                "subject_id = excluded.subject_id, "
                "country = COALESCE(excluded.country, subjects.country), "
                "birth_date = COALESCE(excluded.birth_date, subjects.birth_date), "
                "last_run_id = excluded.last_run_id, "
                "last_list_versions = excluded.last_list_versions",
                [(key, r.name, r.subject_id, r.country, r.birth_date, now, run_id, versions)
                 for key, r in rows],
            )
            cur = db.executemany(
                "INSERT INTO run_results (run_id, row_number, subject_key, subject_id, name, "
                "status, reason, matches) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (run_id, row_number) DO NOTHING",
                [(run_id, r.row_number, key, r.subject_id, r.name, statuses[r.row_number],
                  r.reason, _matches_json(r)) for key, r in rows],
            )
        return max(cur.rowcount, 0)

    def done_rows(self, run_id: int) -> set[int]:
        """Row numbers of ``run_id`` already stored: what a resumed run skips."""
        self.get_run(run_id)
        rows = self._db.execute("SELECT row_number FROM run_results WHERE run_id = ?", (run_id,))
        return {int(r[0]) for r in rows}

    def results(self, run_id: int, *, first: int | None = None,
                last: int | None = None) -> list[ResultRow]:
        """The stored results of a run in row order, with their subjects' details.

        ``first`` and ``last`` (inclusive) limit the row numbers: a resumed run reads back one
        chunk's worth at a time instead of the whole run.
        """
        bounds = ""
        params: list[int] = [run_id]
        if first is not None:
            bounds += " AND r.row_number >= ?"
            params.append(first)
        if last is not None:
            bounds += " AND r.row_number <= ?"
            params.append(last)
        rows = self._db.execute(
            "SELECT r.*, s.country, s.birth_date FROM run_results r "
            "JOIN subjects s ON s.subject_key = r.subject_key "
            f"WHERE r.run_id = ?{bounds} ORDER BY r.row_number", params)
        return [ResultRow(row_number=r["row_number"], name=r["name"],
                          status=ResultStatus(r["status"]), subject_id=r["subject_id"],
                          reason=r["reason"], matches=tuple(json.loads(r["matches"])),
                          country=r["country"], birth_date=r["birth_date"],
                          subject_key=r["subject_key"]) for r in rows]

    def finish_run(self, run_id: int, status: RunStatus | str = RunStatus.DONE, *,
                   row_count: int | None = None, actor: str | None = None) -> Run:
        """Mark a running run ``done`` or ``failed`` (for instance one found unfinished).

        A run cannot be ``done`` with fewer stored rows than its ``row_count``: that would
        be silent loss; finish it ``failed`` or resume it.
        """
        final = _parse(RunStatus, status, "run status")
        if final == RunStatus.RUNNING:
            raise ReviewError("a run is finished as done or failed, not running")
        who = actor or current_user()
        with self._write(f"finish run {run_id}") as db:
            run = self.get_run(run_id)
            if run.status != RunStatus.RUNNING:
                raise ReviewError(f"run {run_id} is already {run.status}")
            counts = self._status_counts(run_id)
            total = row_count if row_count is not None else run.row_count
            stored = sum(counts.values())
            if final == RunStatus.DONE and total is not None and stored < total:
                raise ReviewError(f"run {run_id} has {stored} of {total} rows stored; resume "
                                  "it or finish it as failed")
            db.execute("UPDATE screening_runs SET status = ?, finished_at = ?, "
                       "row_count = ? WHERE id = ?", (final.value, timestamp(), total, run_id))
            self.audit.append("run.finish", who, f"run:{run_id}", {
                "run_id": run_id, "status": final.value, "row_count": total,
                "rows_stored": stored, "by_status": dict(sorted(counts.items())),
            })
        return self.get_run(run_id)

    def _status_counts(self, run_id: int) -> Counter[str]:
        rows = self._db.execute("SELECT status, COUNT(*) FROM run_results WHERE run_id = ? "
                                "GROUP BY status", (run_id,))
        return Counter({r[0]: int(r[1]) for r in rows})

    def get_run(self, run_id: int) -> Run:
        """One run by id; StoreError when there is none."""
        row = self._db.execute("SELECT * FROM screening_runs WHERE id = ?",
                               (run_id,)).fetchone()
        if row is None:
            raise StoreError(f"no screening run {run_id}")
        return _run(row)

    def list_runs(self, limit: int = 50) -> list[Run]:
        """The most recent runs, newest first."""
        rows = self._db.execute("SELECT * FROM screening_runs ORDER BY id DESC LIMIT ?",
                                (limit,))
        return [_run(r) for r in rows]

    def unfinished_runs(self) -> list[Run]:
        """Runs still marked running, oldest first: on start-up, resume or fail each."""
        rows = self._db.execute("SELECT * FROM screening_runs WHERE status = ? ORDER BY id",
                                (RunStatus.RUNNING.value,))
        return [_run(r) for r in rows]

    # -- subjects -------------------------------------------------------------------------

    def subject(self, key: str) -> Subject | None:
        """One stored subject by key."""
        row = self._db.execute("SELECT * FROM subjects WHERE subject_key = ?",
                               (key,)).fetchone()
        return _subject(row) if row else None

    def subjects(self) -> Iterator[Subject]:
        """Every stored subject, in the order first seen: what re-screening goes through."""
        for row in self._db.execute("SELECT * FROM subjects ORDER BY first_seen_at, "
                                    "subject_key"):
            yield _subject(row)

    # -- alerts ---------------------------------------------------------------------------

    def open_alert(
        self,
        *,
        subject_key: str,
        source: str,
        entity_id: str,
        entity_content_hash: str,
        score: float,
        matched_name: str,
        run_id: int | None = None,
    ) -> Alert:
        """Open an alert for a subject's match on a list entry, and return it.

        When the subject already has an active (open or escalated) alert on that entry, that
        alert is returned and nothing is added. An alert for an entry the subject had an
        earlier, closed alert on links to it (``previous_alert_id``): the reviewer sees that
        it came back, and :meth:`previous_decision` says what was decided then.
        """
        with self._write("open the alert") as db:
            active = db.execute(
                "SELECT * FROM alerts WHERE subject_key = ? AND source = ? AND entity_id = ? "
                "AND status <> ?", (subject_key, source, entity_id, AlertStatus.CLOSED.value),
            ).fetchone()
            if active is not None:
                return _alert(active)
            previous = db.execute(
                "SELECT MAX(id) FROM alerts WHERE subject_key = ? AND source = ? "
                "AND entity_id = ?", (subject_key, source, entity_id)).fetchone()[0]
            cur = db.execute(
                "INSERT INTO alerts (run_id, subject_key, source, entity_id, "
                "entity_content_hash, score, matched_name, status, opened_at, "
                "previous_alert_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (run_id, subject_key, source, entity_id, entity_content_hash, score,
                 matched_name, AlertStatus.OPEN.value, timestamp(), previous),
            )
            assert cur.lastrowid is not None
            return self.get_alert(cur.lastrowid)

    def get_alert(self, alert_id: int) -> Alert:
        """One alert by id; StoreError when there is none."""
        row = self._db.execute("SELECT * FROM alerts WHERE id = ?", (alert_id,)).fetchone()
        if row is None:
            raise StoreError(f"no alert {alert_id}")
        return _alert(row)

    def alerts(self, run_id: int | None = None,
               status: AlertStatus | str | None = None) -> list[Alert]:
        """Alerts, oldest first: all, or of one run and/or in one status."""
        where: list[str] = []
        params: list[Any] = []
        if run_id is not None:
            where.append("run_id = ?")
            params.append(run_id)
        if status is not None:
            where.append("status = ?")
            params.append(_parse(AlertStatus, status, "alert status").value)
        sql = "SELECT * FROM alerts" + (" WHERE " + " AND ".join(where) if where else "")
        return [_alert(r) for r in self._db.execute(sql + " ORDER BY id", params)]

    def alert_count(self, run_id: int | None = None) -> int:
        """How many alerts there are: all, or those opened by one run."""
        if run_id is None:
            row = self._db.execute("SELECT COUNT(*) FROM alerts").fetchone()
        else:
            row = self._db.execute("SELECT COUNT(*) FROM alerts WHERE run_id = ?",
                                   (run_id,)).fetchone()
        return int(row[0])

    def close_alerts_for_entities(self, source: str, entity_ids: Iterable[str], reason: str,
                                  *, actor: str | None = None) -> list[int]:
        """Close the active alerts on these entries of ``source`` (e.g. reason "delisted").

        Alerts are closed with the reason, never deleted: the history stays. Returns the ids
        of the alerts closed; one audit record covers them.
        """
        why = _required(reason, "closing alerts needs a reason (e.g. 'delisted')")
        ids = sorted(set(entity_ids))
        who = actor or current_user()
        closed: dict[int, str] = {}  # alert id -> entity id
        with self._write(f"close alerts on {source} entries") as db:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start:start + _CHUNK]
                marks = ", ".join("?" * len(chunk))
                rows = db.execute(
                    f"SELECT id, entity_id FROM alerts WHERE source = ? AND entity_id IN "
                    f"({marks}) AND status <> ?", (source, *chunk, AlertStatus.CLOSED.value))
                closed.update((int(r[0]), r[1]) for r in rows)
            now = timestamp()
            db.executemany("UPDATE alerts SET status = ?, closed_at = ?, close_reason = ? "
                           "WHERE id = ?",
                           [(AlertStatus.CLOSED.value, now, why, a) for a in closed])
            if closed:
                self.audit.append("alert.close", who, f"list:{source}", {
                    "source": source, "reason": why, "alert_ids": sorted(closed),
                    "entity_ids": sorted(set(closed.values())),
                })
        return sorted(closed)

    # -- decisions ------------------------------------------------------------------------

    def decide(
        self,
        alert_id: int,
        verdict: Verdict | str,
        reason: str,
        actor: str,
        *,
        allow_list: bool = False,
        approval_level: float | None = None,
    ) -> Decision:
        """Record a decision on an alert, all or nothing, with its audit record.

        - ``false-positive`` closes the alert, unless its score is at or above the approval
          level (``approval_level``, default the store's): then the decision is pending and
          the alert stays open until :meth:`approve` by another user. ``allow_list=True``
          also allow-lists the subject against this version of the entry once effective.
        - ``true-match`` closes the alert as a confirmed match; ``escalate`` marks it
          escalated; ``reopen`` reopens a closed alert and withdraws its allow-list entries.

        A reason is required; decisions on a closed alert need a ``reopen`` first.
        """
        why = _required(reason, "a decision needs a reason")
        who = _required(actor, "a decision needs the name of who made it")
        kind = _parse(Verdict, verdict, "verdict")
        if kind == Verdict.APPROVE:
            raise ReviewError("approvals are given with approve(decision_id, actor)")
        if allow_list and kind != Verdict.FALSE_POSITIVE:
            raise ReviewError("only a false-positive decision can allow-list a subject")
        level = self.approval_level if approval_level is None else approval_level
        with self._write(f"record the decision on alert {alert_id}"):
            alert = self.get_alert(alert_id)
            _check_decidable(alert, kind)
            pending = kind == Verdict.FALSE_POSITIVE and alert.score >= level
            decision = self._insert_decision(alert, kind, why, who, allow_list=allow_list,
                                             needs_approval=pending)
            self.audit.append(f"decision.{kind.value}", who, f"alert:{alert.id}",
                              _decision_payload(decision, alert, approval_level=level))
            if kind == Verdict.REOPEN:
                self._reopen(alert, who)
            elif kind == Verdict.ESCALATE:
                self._set_status(alert.id, AlertStatus.ESCALATED)
            elif not pending:
                self._close(alert.id, kind.value)
                if allow_list:
                    self._allow(alert, decision.id, who)
        return decision

    def approve(self, decision_id: int, actor: str, reason: str | None = None) -> Decision:
        """Approve a pending decision as a second, different user; it then takes effect.

        Records an ``approve`` decision of its own and returns the approved decision.
        """
        who = _required(actor, "an approval needs the name of who gave it")
        with self._write(f"approve decision {decision_id}"):
            decision = self.get_decision(decision_id)
            alert = self.get_alert(decision.alert_id)
            self._check_approvable(decision, alert, who)
            self._db.execute("UPDATE decisions SET approved_by = ?, approved_at = ? "
                             "WHERE id = ?", (who, timestamp(), decision_id))
            why = (reason or "").strip() or f"approves decision {decision_id}"
            approval = self._insert_decision(alert, Verdict.APPROVE, why, who,
                                             allow_list=False, needs_approval=False)
            self.audit.append("decision.approve", who, f"alert:{alert.id}", {
                **_decision_payload(approval, alert), "approves": decision_id,
                "decided_by": decision.actor, "approved_verdict": decision.verdict.value,
            })
            self._close(alert.id, decision.verdict.value)
            if decision.allow_list:
                self._allow(alert, decision.id, who)
        return self.get_decision(decision_id)

    def _check_approvable(self, decision: Decision, alert: Alert, approver: str) -> None:
        if not decision.needs_approval:
            raise ReviewError(f"decision {decision.id} does not need approval")
        if decision.approved_by is not None:
            raise ReviewError(f"decision {decision.id} was already approved by "
                              f"{decision.approved_by}")
        if approver.casefold() == decision.actor.strip().casefold():
            raise ReviewError(f"four-eyes rule: decision {decision.id} was made by "
                              f"{decision.actor}; another user must approve it")
        if not alert.active:
            raise ReviewError(f"alert {alert.id} is closed; decision {decision.id} can no "
                              "longer be approved")
        latest = self._latest_decision_id(alert.id)
        if latest != decision.id:
            raise ReviewError(f"decision {decision.id} was superseded by decision {latest} "
                              f"on alert {alert.id}")

    def get_decision(self, decision_id: int) -> Decision:
        """One decision by id; StoreError when there is none."""
        row = self._db.execute("SELECT * FROM decisions WHERE id = ?",
                               (decision_id,)).fetchone()
        if row is None:
            raise StoreError(f"no decision {decision_id}")
        return _decision(row)

    def decisions(self, alert_id: int | None = None) -> list[Decision]:
        """Decisions in the order made: all, or on one alert."""
        if alert_id is None:
            rows = self._db.execute("SELECT * FROM decisions ORDER BY id")
        else:
            rows = self._db.execute("SELECT * FROM decisions WHERE alert_id = ? ORDER BY id",
                                    (alert_id,))
        return [_decision(r) for r in rows]

    def pending_approvals(self) -> list[Decision]:
        """Decisions waiting for a second user, oldest first."""
        rows = self._db.execute("SELECT * FROM decisions WHERE needs_approval = 1 AND "
                                "approved_by IS NULL ORDER BY id")
        return [d for d in map(_decision, rows)
                if self.get_alert(d.alert_id).active and self._latest_decision_id(
                    d.alert_id) == d.id]

    # -- allow-list -----------------------------------------------------------------------

    def allowed(self, subject_key: str, source: str, entity_id: str,
                content_hash: str) -> int | None:
        """The decision that allow-listed this subject against this entry, or None.

        Only while the entry is unchanged: an allow-list entry is made against the entry's
        content hash, and a changed entry (new name, new programme) no longer matches it.
        """
        row = self._db.execute(
            "SELECT decision_id FROM allow_list WHERE subject_key = ? AND source = ? AND "
            "entity_id = ? AND entity_content_hash = ?",
            (subject_key, source, entity_id, content_hash)).fetchone()
        return int(row[0]) if row else None

    def previous_decision(self, subject_key: str, source: str,
                          entity_id: str) -> Decision | None:
        """The latest decision (approvals aside) on any alert of this subject and entry."""
        row = self._db.execute(
            "SELECT d.* FROM decisions d JOIN alerts a ON a.id = d.alert_id "
            "WHERE a.subject_key = ? AND a.source = ? AND a.entity_id = ? AND d.verdict <> ? "
            "ORDER BY d.id DESC LIMIT 1",
            (subject_key, source, entity_id, Verdict.APPROVE.value)).fetchone()
        return _decision(row) if row else None

    # -- internals ------------------------------------------------------------------------

    def _insert_decision(self, alert: Alert, verdict: Verdict, reason: str, actor: str, *,
                         allow_list: bool, needs_approval: bool) -> Decision:
        cur = self._db.execute(
            "INSERT INTO decisions (alert_id, actor, at, verdict, reason, score, "
            "entity_content_hash, allow_list, needs_approval) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (alert.id, actor, timestamp(), verdict.value, reason, alert.score,
             alert.entity_content_hash, int(allow_list), int(needs_approval)),
        )
        assert cur.lastrowid is not None
        return self.get_decision(cur.lastrowid)

    def _latest_decision_id(self, alert_id: int) -> int | None:
        row = self._db.execute("SELECT MAX(id) FROM decisions WHERE alert_id = ? AND "
                               "verdict <> ?", (alert_id, Verdict.APPROVE.value)).fetchone()
        return int(row[0]) if row[0] is not None else None

    def _set_status(self, alert_id: int, status: AlertStatus) -> None:
        self._db.execute("UPDATE alerts SET status = ? WHERE id = ?", (status.value, alert_id))

    def _close(self, alert_id: int, reason: str) -> None:
        self._db.execute("UPDATE alerts SET status = ?, closed_at = ?, close_reason = ? "
                         "WHERE id = ?", (AlertStatus.CLOSED.value, timestamp(), reason,
                                          alert_id))

    def _reopen(self, alert: Alert, actor: str) -> None:
        try:
            self._db.execute("UPDATE alerts SET status = ?, closed_at = NULL, "
                             "close_reason = NULL WHERE id = ?",
                             (AlertStatus.OPEN.value, alert.id))
        except sqlite3.IntegrityError:
            raise ReviewError(f"alert {alert.id} cannot be reopened: the subject has another "
                              "active alert on the same entry") from None
        # Reopening withdraws the clearance: the allow-list entries it created must go.
        withdrawn = [dict(r) for r in self._db.execute(
            "SELECT * FROM allow_list WHERE decision_id IN "
            "(SELECT id FROM decisions WHERE alert_id = ?)", (alert.id,))]
        if withdrawn:
            self._db.execute("DELETE FROM allow_list WHERE decision_id IN "
                             "(SELECT id FROM decisions WHERE alert_id = ?)", (alert.id,))
            self.audit.append("allowlist.remove", actor, f"alert:{alert.id}",
                              {"alert_id": alert.id, "entries": withdrawn})

    def _allow(self, alert: Alert, decision_id: int, actor: str) -> None:
        entry = {"subject_key": alert.subject_key, "source": alert.source,
                 "entity_id": alert.entity_id,
                 "entity_content_hash": alert.entity_content_hash, "decision_id": decision_id}
        self._db.execute(
            "INSERT INTO allow_list (subject_key, source, entity_id, entity_content_hash, "
            "decision_id, created_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (subject_key, source, entity_id, entity_content_hash) "
            "DO UPDATE SET decision_id = excluded.decision_id, created_at = excluded.created_at",
            (*entry.values(), timestamp()),
        )
        self.audit.append("allowlist.add", actor, f"alert:{alert.id}", entry)


# -- helpers -------------------------------------------------------------------------------


def _parse(kind: type[_E], value: _E | str, what: str) -> _E:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise ReviewError(f"unknown {what} {value!r} (one of: {allowed})") from None


def _required(text: str, message: str) -> str:
    if not text or not text.strip():
        raise ReviewError(message)
    return text.strip()


_STATUSES = {s.value: s.value for s in ResultStatus}


def _result_status(row: ResultRow) -> str:
    # A dictionary look-up first: this runs for every row of a batch.
    status = _STATUSES.get(row.status) or _parse(ResultStatus, row.status,
                                                 f"status of row {row.row_number}").value
    if status == ResultStatus.CLEAR and row.matches:
        raise ReviewError(f"row {row.row_number} is 'clear' but has matches")
    return status


def _matches_json(row: ResultRow) -> str:
    if not row.matches:
        return "[]"  # most rows of a batch: no need to encode anything
    try:
        return canonical_json([dict(m) for m in row.matches])
    except (TypeError, ValueError) as exc:
        raise StoreError(f"row {row.row_number}: matches are not JSON: {exc}") from exc


def _check_decidable(alert: Alert, verdict: Verdict) -> None:
    if verdict == Verdict.REOPEN:
        if alert.active:
            raise ReviewError(f"alert {alert.id} is {alert.status}, not closed; nothing to "
                              "reopen")
    elif not alert.active:
        raise ReviewError(f"alert {alert.id} is closed ({alert.close_reason}); reopen it "
                          "before deciding again")


def _decision_payload(decision: Decision, alert: Alert,
                      approval_level: float | None = None) -> dict[str, Any]:
    # Identifiers and the decision itself; the subject's name stays in the subjects table.
    payload = {
        "decision_id": decision.id, "alert_id": alert.id, "verdict": decision.verdict.value,
        "reason": decision.reason, "score": decision.score,
        "entity_content_hash": decision.entity_content_hash,
        "subject_key": alert.subject_key, "source": alert.source,
        "entity_id": alert.entity_id, "allow_list": decision.allow_list,
        "needs_approval": decision.needs_approval,
    }
    if approval_level is not None:
        payload["approval_level"] = approval_level
    return payload


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _run(row: sqlite3.Row) -> Run:
    started = datetime.fromisoformat(row["started_at"])
    return Run(id=row["id"], started_at=started, finished_at=_when(row["finished_at"]),
               status=RunStatus(row["status"]), actor=row["actor"],
               input_name=row["input_name"], input_sha256=row["input_sha256"],
               row_count=row["row_count"], list_versions=json.loads(row["list_versions"]),
               algorithm=row["algorithm"], threshold=row["threshold"],
               options=json.loads(row["options"]))


def _subject(row: sqlite3.Row) -> Subject:
    versions = json.loads(row["last_list_versions"]) if row["last_list_versions"] else {}
    return Subject(key=row["subject_key"], name=row["name"], subject_id=row["subject_id"],
                   country=row["country"], birth_date=row["birth_date"],
                   first_seen_at=datetime.fromisoformat(row["first_seen_at"]),
                   last_run_id=row["last_run_id"], last_list_versions=versions)


def _alert(row: sqlite3.Row) -> Alert:
    return Alert(id=row["id"], run_id=row["run_id"], subject_key=row["subject_key"],
                 source=row["source"], entity_id=row["entity_id"],
                 entity_content_hash=row["entity_content_hash"], score=row["score"],
                 matched_name=row["matched_name"], status=AlertStatus(row["status"]),
                 opened_at=datetime.fromisoformat(row["opened_at"]),
                 closed_at=_when(row["closed_at"]), close_reason=row["close_reason"],
                 previous_alert_id=row["previous_alert_id"])


def _decision(row: sqlite3.Row) -> Decision:
    return Decision(id=row["id"], alert_id=row["alert_id"], actor=row["actor"],
                    at=datetime.fromisoformat(row["at"]), verdict=Verdict(row["verdict"]),
                    reason=row["reason"], score=row["score"],
                    entity_content_hash=row["entity_content_hash"],
                    allow_list=bool(row["allow_list"]),
                    needs_approval=bool(row["needs_approval"]),
                    approved_by=row["approved_by"], approved_at=_when(row["approved_at"]))
