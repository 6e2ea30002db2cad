"""Settings from the environment, in one place.

- ``OFFRAMP_HOME``: where offramp keeps its database and downloads
  (default ``$XDG_DATA_HOME/offramp``, i.e. ``~/.local/share/offramp``).
- ``OFFRAMP_DB``: the SQLite database file (default ``$OFFRAMP_HOME/offramp.db``).
- ``OFFRAMP_CONFIG``: a TOML file overriding publisher URLs
  (default ``$OFFRAMP_HOME/config.toml`` when it exists), e.g.::

      [sources.ofac-sdn]
      files = [["sdn.csv", "https://mirror.example/SDN.CSV"]]

- ``OFFRAMP_USER``: the name decisions, approvals and runs are recorded under (default: the
  operating-system login name). Four eyes means two different names here.
- ``OFFRAMP_APPROVAL_LEVEL``: the score at or above which clearing an alert as a false
  positive needs a second user's approval (default 0.90). The level in force is written into
  the audit record of every decision, so a change of it shows in the audit log.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from offramp.model import OfframpError
from offramp.store.audit import current_user
from offramp.store.reviews import DEFAULT_APPROVAL_LEVEL


@dataclass(frozen=True, slots=True)
class Settings:
    """Resolved settings."""

    home: Path
    db_path: Path
    config_path: Path | None
    user: str = "unknown"
    approval_level: float = DEFAULT_APPROVAL_LEVEL


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Settings from ``env`` (default: the process environment)."""
    env = dict(os.environ) if env is None else env
    if env.get("OFFRAMP_HOME"):
        home = Path(env["OFFRAMP_HOME"]).expanduser()
    else:
        base = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
        home = base / "offramp"
    db_path = Path(env["OFFRAMP_DB"]).expanduser() if env.get("OFFRAMP_DB") else home / "offramp.db"
    config: Path | None
    if env.get("OFFRAMP_CONFIG"):
        config = Path(env["OFFRAMP_CONFIG"]).expanduser()
    else:
        default = home / "config.toml"
        config = default if default.exists() else None
    user = (env.get("OFFRAMP_USER") or "").strip() or current_user()
    level = _approval_level(env.get("OFFRAMP_APPROVAL_LEVEL"))
    return Settings(home=home, db_path=db_path, config_path=config, user=user,
                    approval_level=level)


def _approval_level(text: str | None) -> float:
    if text is None or not text.strip():
        return DEFAULT_APPROVAL_LEVEL
    try:
        level = float(text)
    except ValueError:
        level = math.nan
    # Above 1 would switch the rule off silently (no score reaches it): refused, like NaN.
    if not 0.0 <= level <= 1.0:
        raise OfframpError(f"OFFRAMP_APPROVAL_LEVEL must be a score between 0 and 1 "
                           f"(got {text!r})")
    return level
