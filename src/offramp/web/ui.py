"""The web UI: server-rendered pages, no script, every form with the session's CSRF token.

Pages: log in, search one name with explanations, upload a file and watch the run (the page
refreshes itself while the run goes on: a ``<meta http-equiv="refresh">``, since the content
security policy allows no script), the alert queue with decide and approve, and list status.

Everything shown from lists and uploads goes through Jinja's autoescaping: a list entry named
``<script>alert(1)</script>`` is shown as those characters, never run.

Searches are posted, not sent in the URL: the names screened stay out of browser history and
any proxy's logs.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, Depends, Form, Query, Request
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates

from offramp.lists.freshness import source_status
from offramp.lists.publishers import load_publishers
from offramp.model import StoreError
from offramp.screening.records import alert_json
from offramp.web import run_pages
from offramp.web.api_lists import SearchError, SearchRequest, ready_index, search_json
from offramp.web.api_review import (
    ApprovalRequest,
    DecisionRequest,
    ReviewConflict,
    approve,
    decide,
    pending_by_alert,
)
from offramp.web.api_screen import store_file
from offramp.web.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    AuthError,
    Principal,
    log_in,
    require_page,
)
from offramp.web.keys_store import Role
from offramp.web.state import app_state
from offramp.web.uploads import UploadError

TEMPLATES = Path(__file__).parent / "templates"
SCHEMAS = ("person", "organization", "company", "legal_entity", "vessel", "aircraft")

# Autoescaping on for every template: names from lists and uploads are data, never markup.
templates = Jinja2Templates(env=jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                                                   autoescape=True))

router = APIRouter(include_in_schema=False)

Viewer = Annotated[Principal, Depends(require_page(Role.VIEWER))]
Analyst = Annotated[Principal, Depends(require_page(Role.ANALYST))]
Approver = Annotated[Principal, Depends(require_page(Role.APPROVER))]


def page(request: Request, name: str, principal: Principal | None, code: int = 200,
         **context: Any) -> Response:
    """Render a page template with what every page needs."""
    context.setdefault("error", None)
    context.setdefault("notice", None)
    return templates.TemplateResponse(
        request, name, {"principal": principal, "analyst": Role.ANALYST,
                        "approver": Role.APPROVER, "code": code, **context},
        status_code=code)


# -- login ---------------------------------------------------------------------------------


def _login_page(request: Request, error: str | None = None, status: int = 200) -> Response:
    # Double-submit token: before login there is no session to hold a synchroniser token, so
    # the form's token must equal a cookie only this site can set (SameSite=Strict).
    token = secrets.token_urlsafe(32)
    response = page(request, "login.html", None, status, login_csrf=token, error=error)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/login")
    return response


@router.get("/login")
def login_form(request: Request) -> Response:
    """The login form."""
    return _login_page(request)


@router.post("/login")
def login(request: Request, username: Annotated[str, Form(max_length=200)],
          password: Annotated[str, Form(max_length=1000)],
          csrf_token: Annotated[str, Form(max_length=200)]) -> Response:
    """Check the password (rate-limited) and start a session."""
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie, csrf_token):
        return _login_page(request, "the form expired: please log in again", 403)
    state = app_state(request)
    config = state.config
    client = request.client.host if request.client else "unknown"
    try:
        user = log_in(state.keys(), username, password, client,
                      window=config.login_window_seconds,
                      max_per_user=config.max_failures_per_user,
                      max_per_client=config.max_failures_per_client)
    except AuthError as exc:
        response = _login_page(request, exc.message, exc.status)
        if exc.retry_after:
            response.headers["Retry-After"] = str(exc.retry_after)
        return response
    token, _session = state.keys().start_session(user, config.session_seconds)
    response = RedirectResponse("/ui/search", 303)
    response.set_cookie(SESSION_COOKIE, token, max_age=int(config.session_seconds),
                        httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, principal: Viewer) -> Response:
    """End the session."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        app_state(request).keys().end_session(token)
    response = RedirectResponse("/login", 303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/")
@router.get("/ui/")
def home(principal: Viewer) -> Response:
    """Start at the search page."""
    return RedirectResponse("/ui/search", 303)


# -- search --------------------------------------------------------------------------------


@router.get("/ui/search")
def search_form(request: Request, principal: Viewer) -> Response:
    """The search form."""
    return page(request, "search.html", principal, schemas=SCHEMAS, query=None, result=None)


@router.post("/ui/search")
def search(request: Request, principal: Viewer,
           name: Annotated[str, Form(max_length=1000)],
           kind: Annotated[str, Form(max_length=40)] = "",
           country: Annotated[str, Form(max_length=100)] = "",
           dob: Annotated[str, Form(max_length=40)] = "") -> Response:
    """Search one name and show the matches with their explanations."""
    try:
        query = SearchRequest.model_validate({"name": name, "schema": kind or None,
                                              "country": country or None, "dob": dob or None})
    except ValidationError:
        return page(request, "search.html", principal, 422, schemas=SCHEMAS, query=None,
                    result=None, error=f"unknown kind of party {kind!r}")
    try:
        result = search_json(ready_index(app_state(request)), query)
    except SearchError as exc:
        return page(request, "search.html", principal, exc.status, schemas=SCHEMAS,
                    query=query, result=None, error=str(exc))
    return page(request, "search.html", principal, schemas=SCHEMAS, query=query,
                result=result)


# -- screening -----------------------------------------------------------------------------


def _screen_page(request: Request, principal: Principal, error: str | None = None,
                 status: int = 200) -> Response:
    state = app_state(request)
    return page(request, "screen.html", principal, status, error=error,
                runs=state.reviews().list_runs(limit=20),
                max_rows=state.config.max_rows, max_bytes=state.config.max_upload_bytes)


@router.get("/ui/screen")
def screen_form(request: Request, principal: Viewer) -> Response:
    """The upload form and the latest runs."""
    return _screen_page(request, principal)


@router.post("/ui/screen")
async def screen(request: Request, principal: Analyst) -> Response:
    """Store the upload, start the run, and go to its progress page."""
    state = app_state(request)
    form = await request.form(max_files=1, max_fields=10)
    file = form.get("file")
    name_column = form.get("name_column")
    try:
        loaded = ready_index(state)
        if not isinstance(file, UploadFile) or not file.filename:
            raise UploadError("choose a file to screen")
        upload = await run_in_threadpool(
            store_file, state, file, None,
            name_column.strip() or None if isinstance(name_column, str) else None)
        run_id = await run_in_threadpool(state.jobs.start, loaded, upload, principal.name,
                                         None)
    except (UploadError, SearchError) as exc:
        return await run_in_threadpool(_screen_page, request, principal, str(exc), exc.status)
    return RedirectResponse(f"/ui/runs/{run_id}", 303)


@router.get("/ui/runs/{run_id}")
def run_page(request: Request, run_id: int, principal: Viewer,
             page_number: Annotated[int, Query(alias="page", ge=1)] = 1) -> Response:
    """A run's progress (refreshing while it runs) and a page of its results."""
    state = app_state(request)
    store, reviews = state.store(), state.reviews()
    try:
        progress = run_pages.progress(store, reviews, run_id)
    except StoreError:
        return page(request, "error.html", principal, 404, error=f"no screening run {run_id}")
    rows = run_pages.page(store, reviews, run_id, page_number)
    return page(request, "run.html", principal, progress=progress, rows=rows,
                page=page_number, page_size=run_pages.PAGE_SIZE)


# -- review --------------------------------------------------------------------------------


def _alerts_page(request: Request, principal: Principal, status: str = "open",
                 run: int | None = None, error: str | None = None,
                 notice: str | None = None, code: int = 200) -> Response:
    state = app_state(request)
    store, reviews = state.store(), state.reviews()
    found = reviews.alerts(run_id=run, status=None if status == "all" else status)
    pending = pending_by_alert(reviews)
    rows = [alert_json(store, reviews, a, pending.get(a.id, [])) for a in found]
    return page(request, "alerts.html", principal, code, alerts=rows, status=status,
                approval_level=reviews.approval_level, error=error, notice=notice)


@router.get("/ui/alerts")
def alerts(request: Request, principal: Viewer,
           status: Annotated[str, Query(pattern="^(open|escalated|closed|all)$")] = "open",
           run: int | None = None) -> Response:
    """The review queue."""
    return _alerts_page(request, principal, status, run)


@router.post("/ui/alerts/{alert_id}/decide")
def decide_form(request: Request, alert_id: int, principal: Analyst,
                verdict: Annotated[str, Form(max_length=40)],
                reason: Annotated[str, Form(max_length=4000)],
                allow_list: Annotated[str, Form(max_length=5)] = "") -> Response:
    """Record a decision and show the queue again."""
    try:
        body = DecisionRequest.model_validate({"verdict": verdict, "reason": reason,
                                               "allow_list": bool(allow_list)})
        answer = decide(request, principal, alert_id, body)
    except ValidationError:
        return _alerts_page(request, principal, error="a decision needs a verdict and a "
                                                      "reason", code=422)
    except ReviewConflict as exc:
        return _alerts_page(request, principal, error=str(exc), code=exc.status)
    decision = answer["decision"]
    assert isinstance(decision, dict)
    notice = (f"Decision {decision['id']} on alert {alert_id} recorded; it needs approval by "
              "another user before it takes effect." if decision["pending"] else
              f"Decision {decision['id']} on alert {alert_id} recorded: alert "
              f"{answer['alert_status']}.")
    return _alerts_page(request, principal, notice=notice)


@router.post("/ui/decisions/{decision_id}/approve")
def approve_form(request: Request, decision_id: int, principal: Approver,
                 reason: Annotated[str, Form(max_length=4000)] = "") -> Response:
    """Approve a pending decision (four-eyes) and show the queue again."""
    body = ApprovalRequest(reason=reason or None)
    try:
        answer = approve(request, principal, decision_id, body.reason)
    except ReviewConflict as exc:
        return _alerts_page(request, principal, error=str(exc), code=exc.status)
    return _alerts_page(request, principal,
                        notice=f"Decision {decision_id} approved: alert "
                               f"{answer['alert_status']}.")


# -- lists ---------------------------------------------------------------------------------


@router.get("/ui/lists")
def lists(request: Request, principal: Viewer) -> Response:
    """Each list's version, date, age and freshness."""
    state = app_state(request)
    statuses = source_status(state.store(), load_publishers(state.config.config_path),
                             date.today())
    loaded = state.holder.current
    return page(request, "lists.html", principal, statuses=statuses,
                serving=dict(loaded.list_versions) if loaded else None)
