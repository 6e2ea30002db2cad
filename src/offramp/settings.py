"""Settings from the environment, in one place.

- ``OFFRAMP_HOME``: where offramp keeps its database and downloads
  (default ``$XDG_DATA_HOME/offramp``, i.e. ``~/.local/share/offramp``).
- ``OFFRAMP_DB``: the SQLite database file (default ``$OFFRAMP_HOME/offramp.db``).
- ``OFFRAMP_CONFIG``: a TOML file overriding publisher URLs
  (default ``$OFFRAMP_HOME/config.toml`` when it exists), e.g.::

      [sources.ofac-sdn]
      files = [["sdn.csv", "https://mirror.example/SDN.CSV"]]
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Settings:
    """Resolved settings."""

    home: Path
    db_path: Path
    config_path: Path | None


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
    return Settings(home=home, db_path=db_path, config_path=config)
