"""One HTTP request to the app, in this process, without a server: ``offramp serve --get``.

The app is started as a server would start it (its lifespan: the index loads), asked one GET,
and stopped. A minimal ASGI driver rather than an HTTP client library, so the command needs
nothing the server does not.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message


@dataclass(frozen=True, slots=True)
class Answer:
    """What the app answered."""

    status: int
    headers: dict[str, str]
    body: bytes


class LifespanError(RuntimeError):
    """The app failed to start."""


async def _lifespan(app: ASGIApp, stage: str, inbox: asyncio.Queue[Message],
                    outbox: asyncio.Queue[Message]) -> None:
    await inbox.put({"type": f"lifespan.{stage}"})
    reply = await outbox.get()
    if reply["type"] != f"lifespan.{stage}.complete":
        raise LifespanError(str(reply.get("message") or reply["type"]))


async def _get(app: ASGIApp, target: str, headers: Mapping[str, str]) -> Answer:
    parts = urlsplit(target)
    scope: dict[str, Any] = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": parts.path or "/", "raw_path": (parts.path or "/").encode(),
        "query_string": parts.query.encode(), "root_path": "",
        "headers": [(k.lower().encode("latin-1"), v.encode("latin-1"))
                    for k, v in {"host": "localhost", **headers}.items()],
        "client": ("127.0.0.1", 0), "server": ("localhost", 80),
    }
    status = 500
    response_headers: dict[str, str] = {}
    body = bytearray()
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # the client never disconnects first
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])
            response_headers.update((k.decode("latin-1"), v.decode("latin-1"))
                                    for k, v in message.get("headers", ()))
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))

    await app(scope, receive, send)
    return Answer(status, response_headers, bytes(body))


def get(app: ASGIApp, target: str, headers: Mapping[str, str] | None = None,
        before: Callable[[], None] | None = None) -> Answer:
    """Start ``app``, GET ``target`` (a path with an optional query), stop it.

    ``before`` runs after start-up and before the request (``offramp serve --get`` waits
    there for the lists to load).
    """
    async def run() -> Answer:
        inbox: asyncio.Queue[Message] = asyncio.Queue()
        outbox: asyncio.Queue[Message] = asyncio.Queue()

        async def lifespan_protocol() -> None:
            await app({"type": "lifespan", "asgi": {"version": "3.0"}}, inbox.get, outbox.put)

        lifespan = asyncio.create_task(lifespan_protocol())
        await _lifespan(app, "startup", inbox, outbox)
        try:
            if before is not None:
                await asyncio.to_thread(before)
            return await _get(app, target, headers or {})
        finally:
            await _lifespan(app, "shutdown", inbox, outbox)
            await lifespan

    return asyncio.run(run())
