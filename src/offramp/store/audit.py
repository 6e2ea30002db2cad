"""The append-only, hash-chained audit log.

Each record carries the hash of the one before it::

    hash = sha256(prev_hash + canonical_json({seq, at, actor, action, object, payload}))

where ``canonical_json`` sorts keys and leaves out whitespace, and the first record's
``prev_hash`` is :data:`GENESIS`. Editing a record changes its hash; deleting one leaves a gap
in ``seq`` or a record whose ``prev_hash`` names nothing; moving one makes a ``prev_hash``
name a record that comes later. :meth:`AuditLog.verify` reports the first of these it meets.

Removing records from the *end* of the log leaves a valid, shorter chain: a hash chain alone
cannot tell. Note the head hash (``offramp audit verify`` prints it) somewhere else and pass it
back as ``anchor`` to have its absence reported.

The log has no update or delete API, and on SQLite triggers refuse UPDATE and DELETE on the
table; verification does not rely on them, so edits made around them are still caught.
"""

from __future__ import annotations

import csv
import getpass
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from offramp.model import StoreError
from offramp.store.transaction import timestamp, transaction

GENESIS = "0" * 64
"""The ``prev_hash`` of the first record."""

ExportFormat = Literal["csv", "json"]
ProblemKind = Literal["edited", "deleted", "reordered", "truncated"]

_FIELDS = ("seq", "at", "actor", "action", "object", "payload", "prev_hash", "hash")


def current_user() -> str:
    """The default actor for actions nobody named one for: ``OFFRAMP_USER`` when set (a
    shared service account names its real users so), else the operating-system user."""
    named = os.environ.get("OFFRAMP_USER", "").strip()
    if named:
        return named
    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError, ImportError):
        # No login name in the environment and no passwd entry (some containers).
        return "unknown"


def canonical_json(value: Any) -> str:
    """``value`` as compact JSON with sorted keys: the form that is stored and hashed."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def record_hash(prev_hash: str, seq: int, at: str, actor: str, action: str,
                object: str | None, payload: Any) -> str:
    """The hash a record with these fields must carry (see the module docstring)."""
    body = canonical_json({"seq": seq, "at": at, "actor": actor, "action": action,
                           "object": object, "payload": payload})
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One audit record as stored.

    ``at`` is kept as the stored ISO 8601 text (UTC) because that exact text is hashed;
    ``payload`` is the decoded JSON value (``None`` when the action had none).
    """

    seq: int
    at: str
    actor: str
    action: str
    object: str | None
    payload: Any
    prev_hash: str
    hash: str

    @property
    def timestamp(self) -> datetime:
        """``at`` as a datetime."""
        return datetime.fromisoformat(self.at)

    def expected_hash(self) -> str:
        """The hash this record's fields and ``prev_hash`` call for."""
        return record_hash(self.prev_hash, self.seq, self.at, self.actor, self.action,
                           self.object, self.payload)

    def to_dict(self) -> dict[str, Any]:
        """The record as a JSON-ready dict (payload decoded)."""
        return {name: getattr(self, name) for name in _FIELDS}


@dataclass(frozen=True, slots=True)
class AuditProblem:
    """The first thing wrong with the chain: what, at which record, in words."""

    kind: ProblemKind
    seq: int | None
    message: str


@dataclass(frozen=True, slots=True)
class AuditReport:
    """The outcome of :meth:`AuditLog.verify`.

    ``count`` is the number of records read, ``head`` the hash of the last one (note it to
    detect later truncation), ``problem`` the first problem found, if any.
    """

    ok: bool
    count: int
    head: str | None
    problem: AuditProblem | None = None

    def summary(self) -> str:
        """One line for a person."""
        if self.problem is not None:
            return f"audit log check FAILED: {self.problem.message}"
        head = f", head {self.head}" if self.head else ""
        records = "record" if self.count == 1 else "records"
        return f"audit log intact: {self.count} {records}{head}"


def verify_chain(records: Iterable[AuditRecord], anchor: str | None = None) -> AuditReport:
    """Check a sequence of records (in ``seq`` order) against the chain rules.

    Works on any source of records (the database, a JSON export), so an auditor can check an
    export away from the system that wrote it. ``anchor`` is a hash that must appear.
    """
    it = iter(records)
    count = 0
    prev_hash, prev_seq = GENESIS, 0
    anchor_seen = anchor is None
    for record in it:
        count += 1
        problem, looked_ahead = _check(record, prev_hash, prev_seq, it)
        if problem is not None:
            # The count stays the size of the whole log, also when a problem stops the walk.
            return AuditReport(False, count + looked_ahead + sum(1 for _ in it), None, problem)
        anchor_seen = anchor_seen or record.hash == anchor
        prev_hash, prev_seq = record.hash, record.seq
    head = prev_hash if count else None
    if not anchor_seen:
        message = (f"the record with hash {anchor} is missing: records were deleted from the "
                   f"end of the log (it now ends at seq {prev_seq})")
        return AuditReport(False, count, head, AuditProblem("truncated", None, message))
    return AuditReport(True, count, head)


def _check(record: AuditRecord, prev_hash: str, prev_seq: int,
           rest: Iterator[AuditRecord]) -> tuple[AuditProblem | None, int]:
    """The problem with ``record`` given its predecessor, and how many of ``rest`` it read."""
    expected_seq = prev_seq + 1
    if record.seq != expected_seq:
        missing = (f"record {expected_seq}" if record.seq == expected_seq + 1
                   else f"records {expected_seq}-{record.seq - 1}")
        message = f"{missing} missing (gap in seq before record {record.seq})"
        return AuditProblem("deleted", record.seq, message), 0
    # The link is checked before the record's own hash: a moved record still hashes correctly,
    # and "reordered" says more than "edited" about what happened to it.
    if record.prev_hash != prev_hash:
        return _broken_link(record, prev_seq, rest)
    if record.hash != record.expected_hash():
        return AuditProblem("edited", record.seq,
                            f"record {record.seq} was edited (hash mismatch)"), 0
    return None, 0


def _broken_link(record: AuditRecord, prev_seq: int,
                 rest: Iterator[AuditRecord]) -> tuple[AuditProblem, int]:
    """Classify a ``prev_hash`` that does not name the record before: moved, or a gap."""
    read = 0
    for other in rest:
        read += 1
        if other.hash == record.prev_hash:
            message = (f"record {record.seq} is out of order: it was written after record "
                       f"{other.seq}, which now comes later (prev_hash mismatch)")
            return AuditProblem("reordered", record.seq, message), read
    where = f"record {prev_seq}" if prev_seq else "the start of the log"
    message = (f"broken chain at record {record.seq}: its prev_hash matches no record; a "
               f"record after {where} was deleted, or {where} was rewritten")
    return AuditProblem("deleted", record.seq, message), read


class AuditLog:
    """The audit log of one store, over that store's connection.

    Writers call :meth:`append` inside their own transaction so the action and its record
    commit together or not at all; without an open transaction, ``append`` makes its own.
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    def append(self, action: str, actor: str, object: str | None = None,
               payload: Any = None) -> AuditRecord:
        """Add a record (in the caller's transaction when one is open) and return it.

        ``action`` is a dotted verb such as ``"list.load"`` or ``"decision.false-positive"``,
        ``object`` what it acted on (``"alert:12"``), ``payload`` any JSON-ready details.
        Records hold identifiers, not personal data such as names.
        """
        if not action.strip() or not actor.strip():
            raise StoreError("an audit record needs an action and an actor")
        try:
            payload_text = canonical_json(payload)
        except (TypeError, ValueError) as exc:
            raise StoreError(f"audit payload for {action} is not JSON: {exc}") from exc
        # Hash what will be read back, so verification sees exactly the hashed value.
        value = json.loads(payload_text)
        try:
            with transaction(self._db):
                last = self._db.execute(
                    "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
                seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
                at = timestamp()
                digest = record_hash(prev_hash, seq, at, actor, action, object, value)
                # seq is the primary key: two writers racing for the same seq cannot both
                # commit, so the chain never forks.
                self._db.execute(
                    "INSERT INTO audit_log (seq, at, actor, action, object, payload, prev_hash, "
                    "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (seq, at, actor, action, object, payload_text, prev_hash, digest),
                )
        except sqlite3.Error as exc:
            raise StoreError(f"could not write the audit record for {action}: {exc}") from exc
        return AuditRecord(seq, at, actor, action, object, value, prev_hash, digest)

    def records(self, *, action: str | None = None,
                object: str | None = None) -> Iterator[AuditRecord]:
        """Records in ``seq`` order, all or those with this action and/or object."""
        sql = "SELECT * FROM audit_log"
        where: list[str] = []
        params: list[str] = []
        if action is not None:
            where.append("action = ?")
            params.append(action)
        if object is not None:
            where.append("object = ?")
            params.append(object)
        if where:
            sql += " WHERE " + " AND ".join(where)
        for row in self._db.execute(sql + " ORDER BY seq", params):
            yield _record(row)

    def head(self) -> AuditRecord | None:
        """The last record, or None for an empty log."""
        row = self._db.execute("SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        return _record(row) if row else None

    def count(self) -> int:
        """How many records the log holds."""
        return int(self._db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0])

    def verify(self, anchor: str | None = None) -> AuditReport:
        """Walk the whole chain and report whether it is intact, and the first problem if not.

        ``anchor``: a head hash noted earlier; its absence is reported as truncation.
        """
        return verify_chain(self.records(), anchor)

    def export(self, path: Path | str, format: ExportFormat = "csv") -> int:
        """Write every record to ``path`` as CSV or JSON; returns the number written.

        JSON is the faithful form (payloads as values, plus the hash rule) that
        :func:`verify_chain` can check elsewhere. CSV is for spreadsheets: text cells that a
        spreadsheet would run as a formula are prefixed with an apostrophe, so a CSV export
        is for reading, not for re-verification.
        """
        writers = {"csv": _write_csv, "json": _write_json}
        if format not in writers:
            raise StoreError(f"unknown export format {format!r} (csv or json)")
        target = Path(path)
        try:
            with target.open("w", newline="", encoding="utf-8") as fh:
                return writers[format](fh, self.records())
        except OSError as exc:
            raise StoreError(f"cannot write {target}: {exc.strerror or exc}") from exc


def _record(row: sqlite3.Row) -> AuditRecord:
    try:
        payload = json.loads(row["payload"])
    except (TypeError, ValueError):
        # Not JSON any more: someone edited it. Keep the text; its hash cannot match.
        payload = row["payload"]
    return AuditRecord(row["seq"], row["at"], row["actor"], row["action"], row["object"],
                       payload, row["prev_hash"], row["hash"])


def _write_csv(fh: Any, records: Iterable[AuditRecord]) -> int:
    writer = csv.writer(fh)
    writer.writerow(_FIELDS)
    count = 0
    for r in records:
        writer.writerow([r.seq, _cell(r.at), _cell(r.actor), _cell(r.action),
                         _cell(r.object or ""), _cell(canonical_json(r.payload)),
                         r.prev_hash, r.hash])
        count += 1
    return count


def _write_json(fh: Any, records: Iterable[AuditRecord]) -> int:
    # Written record by record so a large log is never held in memory as one document.
    header = {
        "format": "offramp-audit-export/1",
        "exported_at": timestamp(),
        "genesis": GENESIS,
        "hash_rule": "sha256(prev_hash + canonical_json({seq, at, actor, action, object, "
                     "payload})); canonical_json: sorted keys, no whitespace, UTF-8",
    }
    fh.write("{\n")
    for key, value in header.items():
        fh.write(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
    fh.write('  "records": [')
    count = 0
    for r in records:
        fh.write(("," if count else "") + "\n    " + canonical_json(r.to_dict()))
        count += 1
    fh.write(f'\n  ],\n  "count": {count}\n}}\n')
    return count


def read_json_export(path: Path | str) -> list[AuditRecord]:
    """The records of a JSON export, for :func:`verify_chain`."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return [AuditRecord(**{name: r[name] for name in _FIELDS}) for r in data["records"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"{path} is not an offramp audit export: {exc}") from exc


def _cell(value: str) -> str:
    # Formula injection: an actor or reason typed as "=HYPERLINK(...)" must stay text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
