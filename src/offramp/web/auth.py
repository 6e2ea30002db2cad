"""Who is calling, and may they: API keys, sessions, roles, CSRF, and rate-limited logins.

Every route except the health checks (and the login page with its stylesheet) depends on
:func:`require` (JSON API) or :func:`require_page` (HTML pages) with the least role it needs.
A caller is identified by an API key (``Authorization: Bearer KEY`` or ``X-API-Key: KEY``) or
by the session cookie the login page sets. A request that changes something with a session
cookie must also carry the session's CSRF token (form field ``csrf_token`` or header
``X-CSRF-Token``): a cookie is sent by the browser on its own, a token only by our own pages.
API keys are never sent by a browser on its own, so they need no token.

Look-ups run on the calling thread with that thread's own connection: they are single indexed
reads, cheaper than handing the request to another thread.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from fastapi import Request

from offramp.web.keys_store import KeysStore, Role, User
from offramp.web.rate_limit import RateLimiter
from offramp.web.state import app_state

SESSION_COOKIE = "offramp_session"
LOGIN_CSRF_COOKIE = "offramp_login_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller: a name (recorded on decisions and runs), a role, and how they came in."""

    name: str
    role: Role
    via: Literal["key", "session"]
    csrf_token: str | None = None


class AuthError(Exception):
    """Not authenticated (401), not allowed (403), or too many failed logins (429)."""

    def __init__(self, status: int, message: str, *, page: bool = False,
                 retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.page = page
        self.retry_after = retry_after


def identify(keys: KeysStore, request: Request) -> Principal | None:
    """The caller by API key or session cookie; None when they offer neither.

    A key that is offered but unknown or revoked is an error (401), not an anonymous call.
    """
    secret = None
    authorization = request.headers.get("authorization")
    if authorization:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise AuthError(401, "the Authorization header must be 'Bearer <API key>'")
        secret = value.strip()
    elif request.headers.get("x-api-key"):
        secret = request.headers["x-api-key"].strip()
    if secret is not None:
        key = keys.key_for(secret)
        if key is None:
            raise AuthError(401, "unknown or revoked API key")
        return Principal(key.name, key.role, "key")
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        session = keys.session_for(token)
        if session is not None:
            return Principal(session.user.name, session.user.role, "session",
                             session.csrf_token)
    return None


async def check_csrf(request: Request, principal: Principal) -> None:
    """Refuse (403) a state-changing request from a session without the session's token."""
    if principal.via != "session" or request.method in SAFE_METHODS:
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()  # cached on the request: the route reads the same form
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    expected = principal.csrf_token or ""
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        raise AuthError(403, "missing or wrong CSRF token: reload the page and try again",
                        page=True)


def _dependency(role: Role, page: bool) -> Callable[[Request], Awaitable[Principal]]:
    async def authorised(request: Request) -> Principal:
        state = app_state(request)
        try:
            principal = identify(state.keys(), request)
        except AuthError:
            _limit(state.limiter, request, None, page)  # slows the guessing of keys
            raise
        _limit(state.limiter, request, principal, page)
        if principal is None:
            raise AuthError(401, "authentication required: an API key (Authorization: Bearer "
                                 "KEY, or X-API-Key: KEY) or a session", page=page)
        if principal.role < role:
            raise AuthError(403, f"this needs the {role.label} role or higher; "
                                 f"{principal.name} has the {principal.role.label} role",
                            page=page)
        await check_csrf(request, principal)
        return principal

    return authorised


def _limit(limiter: RateLimiter, request: Request, principal: Principal | None,
           page: bool) -> None:
    """429 when the client address, or the caller, has used up its rate (exempt names
    skip both)."""
    if principal is not None and limiter.is_exempt(principal.name):
        return
    client = request.client.host if request.client else "unknown"
    wait = limiter.client_wait(client)
    if wait is None and principal is not None:
        wait = limiter.caller_wait(principal.name)
    if wait is not None:
        raise AuthError(429, f"too many requests: try again in {wait} s", page=page,
                        retry_after=wait)


def require(role: Role) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency for JSON routes: the caller, with at least ``role``."""
    return _dependency(role, page=False)


def require_page(role: Role) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency for HTML pages: like :func:`require`, but a caller who is not logged in is
    sent to the login page."""
    return _dependency(role, page=True)


def log_in(keys: KeysStore, username: str, password: str, client: str, *,
           window: float, max_per_user: int, max_per_client: int) -> User:
    """The user if the password is right; AuthError 401 if not, 429 while rate-limited.

    While a user name or a client address has had too many failures in the last ``window``
    seconds, even the right password is refused: otherwise guessing would just go on.
    """
    since = time.time() - window
    if (keys.failures_since(since, username=username) >= max_per_user
            or keys.failures_since(since, client=client) >= max_per_client):
        raise AuthError(429, "too many failed logins: try again later", page=True,
                        retry_after=int(window))
    user = keys.authenticate(username, password) if username.strip() else None
    if user is None:
        keys.record_failure(username, client)
        raise AuthError(401, "wrong user name or password", page=True)
    return user
