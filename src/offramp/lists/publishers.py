"""The official publishers of each list: URLs, formats, licences, freshness limits.

The defaults live in ``data/publishers.toml`` (reviewed like code); a user config file may
override any source's fields, e.g. to use a mirror or, in tests, a local server.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from offramp.model import OfframpError


@dataclass(frozen=True, slots=True)
class Publisher:
    """How to fetch one list."""

    source: str
    title: str
    publisher: str
    format: str
    licence: str
    info_url: str
    max_age_days: int
    files: tuple[tuple[str, str], ...]  # (file name, URL), main file first


def _publisher(source: str, data: dict[str, Any]) -> Publisher:
    try:
        files = tuple((str(name), str(url)) for name, url in data["files"])
        return Publisher(
            source=source, title=str(data["title"]), publisher=str(data["publisher"]),
            format=str(data["format"]), licence=str(data["licence"]),
            info_url=str(data["info_url"]), max_age_days=int(data["max_age_days"]),
            files=files,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise OfframpError(f"publisher settings for {source!r} are incomplete: {exc}") from exc


def load_publishers(config_path: Path | None = None) -> dict[str, Publisher]:
    """Built-in publishers, with a user config's ``[sources.<id>]`` tables merged over them."""
    text = resources.files("offramp.lists").joinpath("data/publishers.toml").read_text("utf-8")
    table: dict[str, dict[str, Any]] = tomllib.loads(text)
    if config_path is not None:
        try:
            user = tomllib.loads(config_path.read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise OfframpError(f"cannot read config file {config_path}: {exc}") from exc
        for source, override in user.get("sources", {}).items():
            table[source] = {**table.get(source, {}), **override}
    return {source: _publisher(source, data) for source, data in table.items()}
