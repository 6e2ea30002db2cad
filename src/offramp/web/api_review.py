"""The JSON API for review: alerts, decisions, approvals, and the audit log check.

Decisions and approvals are recorded under the caller's name (the API key's or the user's),
never a name sent in the body. The four-eyes rule is the store's: an approval by the user who
made the decision is refused (409), whatever their role.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from offramp.model import StoreError
from offramp.screening.records import alert_json, decision_json
from offramp.store import Decision, ReviewError, ReviewStore
from offramp.web.auth import Principal, require
from offramp.web.keys_store import Role
from offramp.web.state import app_state
from offramp.web.views import json_response

router = APIRouter(tags=["review"])

Verdicts = Literal["true-match", "false-positive", "escalate", "reopen"]
Statuses = Literal["open", "escalated", "closed", "all"]


class ReviewConflict(Exception):
    """A review action refused: 404 for a missing alert or decision, 409 by the rules."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class DecisionRequest(BaseModel):
    """A decision on an alert, as ``offramp decide``."""

    verdict: Verdicts
    reason: str = Field(min_length=1, max_length=4000, description="Why (required).")
    allow_list: bool = Field(False, description="With false-positive: do not alert on this "
                                                "subject and entry again until it changes.")


class ApprovalRequest(BaseModel):
    """An approval of a pending decision, as ``offramp approve``."""

    reason: str | None = Field(None, max_length=4000)


def pending_by_alert(reviews: ReviewStore) -> dict[int, list[Decision]]:
    """Decisions awaiting a second user, by alert id."""
    pending: dict[int, list[Decision]] = {}
    for decision in reviews.pending_approvals():
        pending.setdefault(decision.alert_id, []).append(decision)
    return pending


@router.get("/alerts")
def alerts(request: Request, _: Annotated[Principal, Depends(require(Role.VIEWER))],
           status: Statuses = "open",
           run: Annotated[int | None, Query(description="Only alerts of this run.")] = None,
           ) -> Response:
    """Alerts with subject, list entry, score, pending approvals and history."""
    state = app_state(request)
    store, reviews = state.store(), state.reviews()
    found = reviews.alerts(run_id=run, status=None if status == "all" else status)
    pending = pending_by_alert(reviews)
    return json_response([alert_json(store, reviews, a, pending.get(a.id, []))
                          for a in found])


def decide(request: Request, principal: Principal, alert_id: int,
           body: DecisionRequest) -> dict[str, object]:
    """Record a decision as ``principal``; the JSON answer of ``offramp decide --json``."""
    reviews = app_state(request).reviews()
    try:
        reviews.get_alert(alert_id)
    except StoreError:
        raise ReviewConflict(404, f"no alert {alert_id}") from None
    try:
        decision = reviews.decide(alert_id, body.verdict, body.reason, principal.name,
                                  allow_list=body.allow_list)
    except ReviewError as exc:
        raise ReviewConflict(409, str(exc)) from None
    alert = reviews.get_alert(alert_id)
    return {"decision": decision_json(decision), "alert_status": alert.status.value,
            "approval_level": reviews.approval_level}


def approve(request: Request, principal: Principal, decision_id: int,
            reason: str | None) -> dict[str, object]:
    """Approve a pending decision as ``principal`` (four-eyes: not its author)."""
    reviews = app_state(request).reviews()
    try:
        reviews.get_decision(decision_id)
    except StoreError:
        raise ReviewConflict(404, f"no decision {decision_id}") from None
    try:
        decision = reviews.approve(decision_id, principal.name, reason)
    except ReviewError as exc:
        raise ReviewConflict(409, str(exc)) from None
    alert = reviews.get_alert(decision.alert_id)
    return {"decision": decision_json(decision), "alert_status": alert.status.value}


@router.post("/alerts/{alert_id}/decisions", status_code=201)
def post_decision(request: Request, alert_id: int, body: DecisionRequest,
                  principal: Annotated[Principal, Depends(require(Role.ANALYST))]) -> Response:
    """Decide an alert: true match, false positive (maybe pending approval), escalate,
    reopen."""
    return json_response(decide(request, principal, alert_id, body), 201)


@router.post("/decisions/{decision_id}/approve")
def post_approval(request: Request, decision_id: int,
                  principal: Annotated[Principal, Depends(require(Role.APPROVER))],
                  body: ApprovalRequest | None = None) -> Response:
    """Approve a pending decision as a second, different user; it then takes effect."""
    return json_response(approve(request, principal, decision_id,
                                 body.reason if body else None))


@router.get("/audit/verify", tags=["audit"])
def audit_verify(request: Request, _: Annotated[Principal, Depends(require(Role.VIEWER))],
                 anchor: Annotated[str | None, Query(description="A head hash noted from an "
                                                                 "earlier check.")] = None,
                 ) -> Response:
    """Check the audit log's hash chain (as ``offramp audit verify --json``); 200 either way,
    ``ok`` says whether it is intact."""
    report = app_state(request).store().audit.verify(anchor=anchor)
    problem = report.problem
    return json_response({
        "ok": report.ok, "count": report.count, "head": report.head,
        "problem": ({"kind": problem.kind, "seq": problem.seq, "message": problem.message}
                    if problem else None)})
