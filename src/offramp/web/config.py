"""The web server's settings: paths from :mod:`offramp.settings`, limits from the environment.

- ``OFFRAMP_WEB_MAX_UPLOAD_BYTES``: largest file accepted by ``POST /screen`` (default 20 MiB).
- ``OFFRAMP_WEB_MAX_ROWS``: most rows screened from one upload (default 100,000).
- ``OFFRAMP_WEB_MAX_XLSX_EXPANDED_BYTES``: most bytes an uploaded workbook may unpack to
  (default 256 MiB; the expansion ratio is capped as for any XLSX, see
  :mod:`offramp.sources.xlsx_guard`).
- ``OFFRAMP_WEB_RELOAD_SECONDS``: how often the server looks for a new list version in use
  (default 5).

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
