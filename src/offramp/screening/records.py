"""Results as JSON-ready dicts: the shapes ``--json`` prints and the HTTP API answers.

``offramp search --json``, ``screen --json``, ``alerts --json``, ``decide --json`` and
``lists status --json`` and the API routes of the same names print these very fields (a test
compares the two). They live here, below both front ends, because ``cli`` and ``web`` sit side
by side at the top of the layers and do not import each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from offramp.lists.freshness import SourceStatus
from offramp.model import ListSnapshot, Match, StoreError
from offramp.store import Alert, Decision, ListStore, ReviewStore, Verdict

if TYPE_CHECKING:
    # (batch brings the screener and its compiled matcher, which the status and review
    # records never need)
    from offramp.screening.batch import RowResult


def match_json(m: Match) -> dict[str, Any]:
    """A match as JSON, explanation included (as ``offramp search --json``)."""
    e = m.entity
    return {
        "entity_id": e.id, "name": e.caption, "schema": e.schema.value, "source": e.source,
        "source_list": e.source_list, "programs": list(e.programs), "matched_name": m.matched_name,
        "score": m.score, "alert": m.alert, "threshold": m.threshold, "algorithm": m.algorithm,
        "explanation": [{"feature": f.feature, "value": f.value, "weight": f.weight,
                         "detail": f.detail} for f in m.explanation],
    }


def snapshot_json(s: ListSnapshot) -> dict[str, Any]:
    """A list version as JSON (``offramp lists versions --json``, ``/lists``)."""
    return {
        "version": s.id, "source": s.source, "format": s.format,
        "publisher_date": s.publisher_date, "fetched_at": s.fetched_at,
        "entry_count": s.entry_count, "sha256": s.sha256, "origin": s.origin,
        "licence": s.licence,
    }


def status_json(s: SourceStatus) -> dict[str, Any]:
    """One source's freshness (as ``offramp lists status --json``)."""
    return {
        "source": s.source, "title": s.title,
        "current": snapshot_json(s.snapshot) if s.snapshot else None,
        "age_days": s.age_days, "max_age_days": s.max_age_days, "stale": s.stale,
        "versions_stored": s.version_count,
        "last_success": s.last_success.attempted_at if s.last_success else None,
        "last_failure": ({"at": s.last_failure.attempted_at, "message": s.last_failure.message}
                         if s.last_failure else None),
    }


def result_json(r: RowResult, list_dates: Mapping[str, str | None],
                run_id: int | None = None) -> dict[str, Any]:
    """One row's result, each match with its list version (as ``offramp screen --json``)."""
    return {
        "row": r.row_number, "subject_id": r.subject_id, "name": r.name, "status": r.status,
        "reason": r.reason, "country": r.country, "birth_date": r.birth_date, "run_id": run_id,
        "matches": [
            {"basis": m.basis, "exposure": m.exposure,
             "source": m.source, "source_list": m.source_list, "entity_id": m.entity_id,
             "entity_name": m.entity_name, "matched_name": m.matched_name,
             "programs": list(m.programs), "score": m.score, "threshold": m.threshold,
             "algorithm": m.algorithm, "explanation": [f.detail for f in m.features],
             "list_version": m.list_version, "list_date": list_dates.get(m.source),
             "allow_listed_by_decision": m.allowed_by}
            for m in r.matches
        ],
    }


def decision_json(d: Decision) -> dict[str, Any]:
    """A decision as JSON (as ``offramp decide --json``)."""
    return {"id": d.id, "alert_id": d.alert_id, "verdict": d.verdict.value, "actor": d.actor,
            "at": d.at, "reason": d.reason, "score": d.score,
            "entity_content_hash": d.entity_content_hash, "allow_list": d.allow_list,
            "needs_approval": d.needs_approval, "pending": d.pending,
            "approved_by": d.approved_by, "approved_at": d.approved_at}


def alert_json(store: ListStore, reviews: ReviewStore, alert: Alert,
               pending: list[Decision]) -> dict[str, Any]:
    """An alert with its subject, entry, pending approvals and history (as ``offramp alerts
    --json``)."""
    subject = reviews.subject(alert.subject_key)
    try:
        entity_name = store.entity_by_hash(alert.entity_content_hash).caption
    except StoreError:
        entity_name = alert.matched_name  # the entry's version is not stored (hand-made)
    previous = None
    if alert.previous_alert_id is not None:
        earlier = reviews.decisions(alert.previous_alert_id)
        last = next((d for d in reversed(earlier) if d.verdict != Verdict.APPROVE), None)
        previous = {"alert_id": alert.previous_alert_id,
                    "decision": decision_json(last) if last else None}
    return {
        "id": alert.id, "run_id": alert.run_id, "status": alert.status.value,
        "subject": {"key": alert.subject_key, "name": subject.name if subject else None,
                    "subject_id": subject.subject_id if subject else None},
        "source": alert.source, "entity_id": alert.entity_id, "entity_name": entity_name,
        "entity_content_hash": alert.entity_content_hash, "matched_name": alert.matched_name,
        "score": alert.score, "opened_at": alert.opened_at, "closed_at": alert.closed_at,
        "close_reason": alert.close_reason, "previous": previous,
        "pending_approvals": [decision_json(d) for d in pending],
    }
