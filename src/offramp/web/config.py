"""The web server's settings: paths from :mod:`offramp.settings`, limits from the environment.

- ``OFFRAMP_WEB_MAX_UPLOAD_BYTES``: largest file accepted by ``POST /screen`` (default 20 MiB).
- ``OFFRAMP_WEB_MAX_ROWS``: most rows screened from one upload (default 100,000).
- ``OFFRAMP_WEB_MAX_XLSX_EXPANDED_BYTES``: most bytes an uploaded workbook may unpack to
  (default 256 MiB; the expansion ratio is capped as for any XLSX, see
  :mod:`offramp.sources.xlsx_guard`).
- ``OFFRAMP_WEB_RELOAD_SECONDS``: how often the server looks for a new list version in use
  (default 5).
- ``OFFRAMP_WEB_RATE_PER_CALLER`` / ``OFFRAMP_WEB_BURST_PER_CALLER``: requests a second one API
  key or user may make, sustained, and in a burst (default 100 and 300);
  ``OFFRAMP_WEB_RATE_PER_CLIENT`` / ``OFFRAMP_WEB_BURST_PER_CLIENT``: the same per client
  address (default 300 and 600; many users may share one address behind NAT or a proxy);
  ``OFFRAMP_WEB_RATE_EXEMPT``: comma-separated key or user names exempt from both (none by
  default; the load benchmark exempts its own key). See :mod:`offramp.web.rate_limit`.

Every worker process reads the same environment, so ``--workers N`` gives N identical servers.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from offramp.model import OfframpError
from offramp.settings import Settings, load_settings
from offramp.store.reviews import DEFAULT_APPROVAL_LEVEL

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_XLSX_EXPANDED_BYTES = 256 * 1024 * 1024
MAX_JSON_ROWS = 10_000  # rows in one JSON request body (a file upload takes more)
MAX_CELL_CHARS = 1_000  # a name longer than this is unscreened by the matcher anyway
RELOAD_SECONDS = 5.0

LOGIN_WINDOW_SECONDS = 15 * 60
MAX_FAILURES_PER_USER = 5  # then that user name is locked for the rest of the window
MAX_FAILURES_PER_CLIENT = 20  # then that address is, whatever names it tries
SESSION_SECONDS = 8 * 3600

# API and page rate limits (requests a second, burst). A person clicking makes a few requests
# a second and a program searching one name at a time some tens; 100/s sustained per caller
# stops only a runaway loop. Per address it is higher: an office behind one NAT shares it.
RATE_PER_CALLER, BURST_PER_CALLER = 100.0, 300.0
RATE_PER_CLIENT, BURST_PER_CLIENT = 300.0, 600.0


@dataclass(frozen=True, slots=True)
class WebConfig:
    """Everything the app factory needs; tests build one with a temporary database."""

    db_path: Path
    home: Path
    config_path: Path | None = None
    approval_level: float = DEFAULT_APPROVAL_LEVEL
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    max_rows: int = MAX_ROWS
    max_json_rows: int = MAX_JSON_ROWS
    max_xlsx_expanded_bytes: int = MAX_XLSX_EXPANDED_BYTES
    reload_seconds: float = RELOAD_SECONDS
    login_window_seconds: float = LOGIN_WINDOW_SECONDS
    max_failures_per_user: int = MAX_FAILURES_PER_USER
    max_failures_per_client: int = MAX_FAILURES_PER_CLIENT
    session_seconds: float = SESSION_SECONDS
    rate_per_caller: float = RATE_PER_CALLER
    burst_per_caller: float = BURST_PER_CALLER
    rate_per_client: float = RATE_PER_CLIENT
    burst_per_client: float = BURST_PER_CLIENT
    rate_exempt: frozenset[str] = frozenset()

    @property
    def cache_dir(self) -> Path:
        """Where built screeners are cached (shared with the command line)."""
        return self.home / "cache"

    @property
    def uploads_dir(self) -> Path:
        """Where uploaded files are kept, under names the server makes up."""
        return self.home / "uploads"

    @classmethod
    def from_settings(cls, settings: Settings | None = None,
                      env: Mapping[str, str] | None = None,
                      db_path: Path | None = None) -> WebConfig:
        """The configuration from offramp's settings and the ``OFFRAMP_WEB_*`` variables."""
        settings = settings or load_settings()
        env = os.environ if env is None else env
        return cls(
            db_path=db_path or settings.db_path, home=settings.home,
            config_path=settings.config_path, approval_level=settings.approval_level,
            max_upload_bytes=int(_positive(env, "OFFRAMP_WEB_MAX_UPLOAD_BYTES",
                                           MAX_UPLOAD_BYTES)),
            max_rows=int(_positive(env, "OFFRAMP_WEB_MAX_ROWS", MAX_ROWS)),
            max_xlsx_expanded_bytes=int(_positive(env, "OFFRAMP_WEB_MAX_XLSX_EXPANDED_BYTES",
                                                  MAX_XLSX_EXPANDED_BYTES)),
            reload_seconds=_positive(env, "OFFRAMP_WEB_RELOAD_SECONDS", RELOAD_SECONDS),
            rate_per_caller=_positive(env, "OFFRAMP_WEB_RATE_PER_CALLER", RATE_PER_CALLER),
            burst_per_caller=_burst(env, "OFFRAMP_WEB_BURST_PER_CALLER", BURST_PER_CALLER),
            rate_per_client=_positive(env, "OFFRAMP_WEB_RATE_PER_CLIENT", RATE_PER_CLIENT),
            burst_per_client=_burst(env, "OFFRAMP_WEB_BURST_PER_CLIENT", BURST_PER_CLIENT),
            rate_exempt=frozenset(name.strip() for name in
                                  env.get("OFFRAMP_WEB_RATE_EXEMPT", "").split(",")
                                  if name.strip()),
        )


def _positive(env: Mapping[str, str], name: str, default: float) -> float:
    text = env.get(name, "").strip()
    if not text:
        return float(default)
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0 or value == float("inf"):
        raise OfframpError(f"{name} must be a positive number (got {text!r})")
    return value


def _burst(env: Mapping[str, str], name: str, default: float) -> float:
    value = _positive(env, name, default)
    if value < 1:
        raise OfframpError(f"{name} must be at least 1 (got {env.get(name)!r})")
    return value
