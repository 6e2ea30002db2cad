"""Shared test fixtures: fixture file paths, fresh stores, a local HTTP server."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from offramp.screening.screener import Screener
from offramp.store import ListStore

FIXTURES = Path(__file__).parent / "fixtures"
LISTS = FIXTURES / "lists"


@pytest.fixture
def fresh_store(tmp_path: Path) -> Iterator[ListStore]:
    """An empty store in a temporary SQLite file."""
    store = ListStore(tmp_path / "offramp.db")
    yield store
    store.close()


@dataclass
class Route:
    """What the fixture server answers on one path."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/plain"
    delay: float = 0.0  # seconds to wait before answering (timeouts)
    declared_length: int | None = None  # Content-Length to claim (truncation)


@dataclass
class FixtureServer:
    """A tiny HTTP server on 127.0.0.1 serving canned routes; counts requests."""

    base_url: str
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base_url + path


@pytest.fixture
def http_server() -> Iterator[FixtureServer]:
    """Serve fixture files from 127.0.0.1 only; no test touches the internet."""
    state = FixtureServer(base_url="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.hits.append(self.path)
            route = state.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.delay:
                time.sleep(route.delay)
            try:
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                length = route.declared_length or len(route.body)
                self.send_header("Content-Length", str(length))
                self.end_headers()
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Screener:
    """The screener over the bundled lists (built once per test session, private cache)."""
    return Screener.default(cache_dir=Path(tmp_path_factory.mktemp("cache")))
