"""The snapshot of official lists that ships inside the package.

Described by ``data/bundled/manifest.json`` (written by ``tools/build_bundle.py``): for each
list its publisher, publisher's date, the sha256 of every original file, entry count and
licence. The data is old by design -- a reference point that works offline -- and every
display of it says how old it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from offramp.model import OfframpError


@dataclass(frozen=True, slots=True)
class BundledList:
    """One list publication in the bundled snapshot."""

    source: str
    title: str
    format: str
    publisher_date: date
    main_file: Path
    sha256: str
    entry_count: int
    licence: str
    info_url: str
    file_hashes: tuple[tuple[str, str], ...]  # (original file name, sha256 of original bytes)
    aliases_file: Path | None = None  # aliases carried over from an older publication
    aliases_label: str | None = None


def bundle_dir() -> Path:
    """The directory holding the bundled files (inside the installed package)."""
    return Path(str(resources.files("offramp").joinpath("data", "bundled")))


def bundled_lists() -> list[BundledList]:
    """The manifest's entries, in load order."""
    folder = bundle_dir()
    try:
        entries = json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise OfframpError(f"the bundled list manifest is missing or broken: {exc}") from exc
    return [
        BundledList(
            source=e["source"], title=e["title"], format=e["format"],
            publisher_date=date.fromisoformat(e["publisher_date"]),
            main_file=folder / e["source"] / e["main_file"], sha256=e["sha256"],
            entry_count=e["entry_count"], licence=e["licence"], info_url=e["info_url"],
            file_hashes=tuple((f["original"].rsplit("/", 1)[-1], f["sha256"])
                              for f in e["files"]),
            aliases_file=(folder / e["source"] / e["aliases"]["file"]
                          if e.get("aliases") else None),
            aliases_label=e["aliases"]["label"] if e.get("aliases") else None,
        )
        for e in entries
    ]
