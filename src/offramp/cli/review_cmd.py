"""``offramp alerts``, ``decide`` and ``approve``: reviewing what screening alerted.

Who acts is ``OFFRAMP_USER`` or the login name; clearing an alert scored at or above the
approval level (``OFFRAMP_APPROVAL_LEVEL``, default 0.90) needs a second, different user.
"""

from __future__ import annotations

from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from offramp.cli.context import AppContext, pass_app
from offramp.cli.output import console, emit_json, json_option
from offramp.screening.records import alert_json, decision_json
from offramp.store import Decision, Verdict

_STATUSES = ("open", "escalated", "closed", "all")
_VERDICTS = tuple(v.value for v in Verdict if v != Verdict.APPROVE)


@click.command()
@click.option("--run", "run_id", type=int, help="Only alerts opened by this screening run.")
@click.option("--status", type=click.Choice(_STATUSES), default="open", show_default=True,
              help="Which alerts to list.")
@json_option
@pass_app
def alerts(app: AppContext, run_id: int | None, status: str, as_json: bool) -> None:
    """List alerts: who matched which list entry, the score, and where review stands.

    An alert that came back after an allow-listed entry changed names the earlier alert and
    its decision; a decision waiting for a second user's approval is shown with its id, for
    `offramp approve`.
    """
    store = app.store()
    reviews = app.reviews()
    if run_id is not None:
        reviews.get_run(run_id)  # a clear error for a run that does not exist
    found = reviews.alerts(run_id=run_id, status=None if status == "all" else status)
    pending: dict[int, list[Decision]] = {}
    for decision in reviews.pending_approvals():
        pending.setdefault(decision.alert_id, []).append(decision)
    rows = [alert_json(store, reviews, a, pending.get(a.id, [])) for a in found]
    if as_json:
        emit_json(rows)
        return
    if not rows:
        where = f" from run {run_id}" if run_id is not None else ""
        click.echo(f"no {'' if status == 'all' else status + ' '}alerts{where}")
        return
    table = Table(title=f"{len(rows)} alert(s)" + (f", run {run_id}" if run_id else ""))
    for column in ("alert", "status", "subject", "list entry", "score", "opened",
                   "pending approvals, history"):
        table.add_column(column, overflow="fold")
    for row in rows:
        subject = row["subject"]
        table.add_row(
            str(row["id"]), row["status"],
            escape(f"{subject['name']}" + (f" ({subject['subject_id']})"
                                           if subject["subject_id"] else "")),
            escape(f"{row['source']} #{row['entity_id']} {row['entity_name']}"),
            f"{row['score']:.2f}", f"{row['opened_at']:%Y-%m-%d %H:%M}",
            escape(_review_text(row)))
    console().print(table)


def _review_text(row: dict[str, Any]) -> str:
    notes = []
    for d in row["pending_approvals"]:
        notes.append(f"decision {d['id']} ({d['verdict']} by {d['actor']}) awaits approval "
                     "by another user")
    previous = row["previous"]
    if previous is not None:
        d = previous["decision"]
        decided = (f": decision {d['id']}, {d['verdict']} by {d['actor']} ({d['reason']})"
                   if d else "")
        notes.append(f"returned after alert {previous['alert_id']}{decided}")
    if row["close_reason"]:
        notes.append(f"closed: {row['close_reason']}")
    return "; ".join(notes)


@click.command()
@click.argument("alert_id", metavar="ALERT", type=int)
@click.option("--as", "verdict", required=True, type=click.Choice(_VERDICTS),
              help="The decision: a true match, a false positive (clears the alert), "
                   "escalate, or reopen a closed alert.")
@click.option("--reason", required=True, help="Why (required; kept in the audit log).")
@click.option("--allow-list", is_flag=True,
              help="With false-positive: do not alert on this subject and this list entry "
                   "again until the entry changes.")
@json_option
@pass_app
def decide(app: AppContext, alert_id: int, verdict: str, reason: str, allow_list: bool,
           as_json: bool) -> None:
    """Record a decision on ALERT, with the reason, as the current user.

    Clearing an alert (false-positive) scored at or above the approval level needs a second,
    different user: the decision is then recorded as pending, the alert stays open, and
    another user approves it with `offramp approve DECISION`.
    """
    reviews = app.reviews()
    decision = reviews.decide(alert_id, verdict, reason, app.user, allow_list=allow_list)
    alert = reviews.get_alert(alert_id)
    if as_json:
        emit_json({"decision": decision_json(decision), "alert_status": alert.status.value,
                   "approval_level": reviews.approval_level})
        return
    if decision.pending:
        click.echo(
            f"decision {decision.id} on alert {alert_id} recorded, but NOT in effect yet: the "
            f"alert scored {alert.score:.2f}, at or above the approval level "
            f"{reviews.approval_level:.2f}, so clearing it needs approval by a different user "
            f"(four-eyes rule). The alert stays open until another user runs "
            f"`offramp approve {decision.id}`.")
        return
    click.echo(f"decision {decision.id} on alert {alert_id}: {decision.verdict.value} by "
               f"{decision.actor}; the alert is now {alert.status.value}"
               + _allow_text(decision))


@click.command()
@click.argument("decision_id", metavar="DECISION", type=int)
@click.option("--reason", help="A note with the approval (default: 'approves decision N').")
@json_option
@pass_app
def approve(app: AppContext, decision_id: int, reason: str | None, as_json: bool) -> None:
    """Approve a pending DECISION as the current user, who must not be the one who made it.

    The decision then takes effect: the alert closes, and the allow-list entry, if one was
    asked for, is made.
    """
    reviews = app.reviews()
    decision = reviews.approve(decision_id, app.user, reason)
    alert = reviews.get_alert(decision.alert_id)
    if as_json:
        emit_json({"decision": decision_json(decision), "alert_status": alert.status.value})
        return
    click.echo(f"decision {decision.id} ({decision.verdict.value} by {decision.actor}) "
               f"approved by {decision.approved_by}; alert {alert.id} is now "
               f"{alert.status.value}" + _allow_text(decision))


def _allow_text(decision: Decision) -> str:
    if not decision.allow_list or decision.pending:
        return ""
    return ("; the subject is allow-listed against this version of the list entry (it alerts "
            "again if the entry changes)")
