"""The access log: method, route template, status and latency, and nothing else.

Query strings, bodies, headers, path parameters and error messages can all hold the names and
dates of birth being screened, so none of them is logged: the route is logged as its template
(``/runs/{run_id}/results``), never as the path asked for. uvicorn's own access log, which
prints the full URL, is switched off by ``offramp serve``.

An exception no handler turned into a response is answered 500 here and logged by its type
only (its message may quote the input).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("offramp.web.access")
errors = logging.getLogger("offramp.web")


def route_template(scope: Scope) -> str:
    """The template of the route that matches the request, or "(no route)"."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str):
        return path
    for candidate in getattr(scope.get("app"), "routes", ()):
        match, _ = candidate.matches(scope)
        if match == Match.FULL:
            return str(getattr(candidate, "path", "(no route)"))
    return "(no route)"


class AccessLog:
    """ASGI middleware: one log line per HTTP request, with no personal data."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        sent_start = False

        async def sending(message: Message) -> None:
            nonlocal status, sent_start
            if message["type"] == "http.response.start":
                status = int(message["status"])
                sent_start = True
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:
            errors.error("unhandled %s on %s %s", type(exc).__name__, scope["method"],
                         route_template(scope))
            if not sent_start:
                await _plain_500(send)
            status = 500
        finally:
            log.info("%s %s %d %.1fms", scope["method"], route_template(scope), status,
                     (time.perf_counter() - started) * 1000)


async def _plain_500(send: Send) -> None:
    body = b'{"detail":"internal error"}'
    headers: list[Any] = [(b"content-type", b"application/json"),
                          (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 500, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def log_config(level: str = "INFO") -> dict[str, Any]:
    """The logging set-up for ``offramp serve``: uvicorn's server messages and offramp's
    access log to stderr, and uvicorn's own access log (full URLs) nowhere."""
    handler = {"class": "logging.StreamHandler", "formatter": "plain",
               "stream": "ext://sys.stderr"}
    return {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
        "handlers": {"stderr": handler},
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn.error": {"level": level},
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
            "offramp": {"handlers": ["stderr"], "level": level, "propagate": False},
        },
    }
