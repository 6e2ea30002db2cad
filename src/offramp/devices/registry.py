"""Refreshing the OUI registry from IEEE, never replacing a good one with a bad download.

``update_registry(home)`` fetches IEEE's three registry files (MA-L ``oui.csv``, MA-M
``mam.csv``, MA-S ``oui36.csv``) into a private folder under ``$OFFRAMP_HOME/oui``, checks
each (not an HTML error page, the IEEE header, every row parsed, the row count not collapsing
against the registry in use), builds the registry document and only then moves it into place
with one atomic rename. Any failure leaves the registry in use untouched and raises
:class:`~offramp.model.UpdateError` saying which file and why.

IEEE's ``iab.csv`` is not fetched: IEEE no longer issues IABs (MA-S replaced them), so the
IAB blocks are carried over from the registry in use.

``load_registry(home)`` returns the refreshed registry when there is a readable one that is
not older than the bundled one, else the registry bundled with offramp. Every
:class:`~offramp.model.Identification` records the date of the registry it used.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from offramp.fingerprint.oui import BUNDLED_NAME, FORMAT, OuiRegistry, encode_registry
from offramp.fingerprint.oui_files import RegistryRow, parse_ieee_csv
from offramp.lists.fetch import DEFAULT_TIMEOUT, download
from offramp.model import OfframpError, SourceFormatError, UpdateError
from offramp.sources.files import decode_text

IEEE_URLS: Mapping[str, str] = {
    "MA-L": "https://standards-oui.ieee.org/oui/oui.csv",
    "MA-M": "https://standards-oui.ieee.org/oui28/mam.csv",
    "MA-S": "https://standards-oui.ieee.org/oui36/oui36.csv",
}
FILE_NAMES = {"MA-L": "oui.csv", "MA-M": "mam.csv", "MA-S": "oui36.csv"}
# Registries only grow; a file with markedly fewer rows than the one in use was cut short
# or is the wrong file.
MIN_ROW_RATIO = 0.9
MAX_BYTES = 64 << 20  # oui.csv is about 4 MB


@dataclass(frozen=True, slots=True)
class RegistryUpdate:
    """What a refresh changed: dates, blocks per registry before and after, and the diff."""

    path: Path
    previous_date: str
    date: str
    previous_counts: Mapping[str, int]
    counts: Mapping[str, int]
    added: int
    removed: int
    renamed: int
    files: tuple[Mapping[str, object], ...] = field(default=())


def registry_path(home: Path) -> Path:
    """Where the refreshed registry lives: ``$OFFRAMP_HOME/oui/oui-registry.json.gz``."""
    return home / "oui" / BUNDLED_NAME


def load_registry(home: Path, *, strict: bool = False) -> OuiRegistry:
    """The refreshed registry if present, readable and not older than the bundled one.

    A damaged refreshed file falls back to the bundled registry (whose ``origin`` then says
    ``bundled:...``); with ``strict`` it raises the :class:`SourceFormatError` instead.
    """
    bundled = OuiRegistry.bundled()
    path = registry_path(home)
    if not path.exists():
        return bundled
    try:
        refreshed = OuiRegistry.from_bytes(path.read_bytes(), str(path))
    except (SourceFormatError, OSError):
        if strict:
            raise
        return bundled
    # ISO dates ("2026-05", "2026-06-01") compare correctly as text.
    return refreshed if refreshed.date >= bundled.date else bundled


def _fetch(registry: str, url: str, folder: Path, timeout: float,
           current: OuiRegistry) -> tuple[list[RegistryRow], dict[str, object]]:
    target = folder / FILE_NAMES[registry]
    download(url, target, timeout=timeout, max_bytes=MAX_BYTES)
    data = target.read_bytes()
    start = data[:512].lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        raise UpdateError(f"{url}: the server sent an HTML page, not the {registry} registry")
    if b"\x00" in data:
        raise UpdateError(f"{url}: binary content (NUL bytes), not the {registry} registry")
    rows = parse_ieee_csv(decode_text(Path(url), data), url, registry)
    before = current.counts.get(registry, 0)
    if before and len(rows) < MIN_ROW_RATIO * before:
        raise UpdateError(f"{url}: {len(rows)} {registry} rows against {before} in the registry "
                          f"in use (fewer than {MIN_ROW_RATIO:.0%}): truncated or wrong file")
    entry: dict[str, object] = {"registry": registry, "url": url,
                                "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
                                "rows": len(rows)}
    return rows, entry


def _diff(old: OuiRegistry, new: OuiRegistry) -> tuple[int, int, int]:
    before = {(b.bits, b.prefix): b.organisation for b in old.blocks()}
    after = {(b.bits, b.prefix): b.organisation for b in new.blocks()}
    added = sum(1 for k in after if k not in before)
    removed = sum(1 for k in before if k not in after)
    renamed = sum(1 for k, org in after.items() if k in before and before[k] != org)
    return added, removed, renamed


def update_registry(home: Path, *, urls: Mapping[str, str] | None = None,
                    timeout: float = DEFAULT_TIMEOUT) -> RegistryUpdate:
    """Fetch, check and install a new registry under ``home``; the old one stays on failure.

    ``urls`` overrides IEEE's addresses (keys ``MA-L``, ``MA-M``, ``MA-S``; a mirror, or the
    tests' local server).
    """
    chosen = dict(IEEE_URLS if urls is None else urls)
    unknown = set(chosen) - set(FILE_NAMES)
    missing = set(FILE_NAMES) - set(chosen)
    if unknown or missing:
        raise UpdateError(f"registry URLs must be given for exactly MA-L, MA-M and MA-S "
                          f"(unknown: {sorted(unknown)}, missing: {sorted(missing)})")
    current = load_registry(home)
    target = registry_path(home)
    target.parent.mkdir(parents=True, exist_ok=True)
    fetched_at = datetime.now(UTC)
    date = fetched_at.date().isoformat()
    try:
        with tempfile.TemporaryDirectory(prefix="refresh-", dir=target.parent) as tmp:
            folder = Path(tmp)
            rows: list[RegistryRow] = []
            files = []
            for registry in ("MA-L", "MA-M", "MA-S"):
                got, entry = _fetch(registry, chosen[registry], folder, timeout, current)
                rows += got
                files.append(entry)
            iab = [RegistryRow("IAB", b.prefix, b.organisation, 0)
                   for b in current.blocks() if b.registry == "IAB"]
            manifest: dict[str, object] = {
                "format": FORMAT, "date": date, "fetched_at": fetched_at.isoformat(),
                "files": files,
                "iab": f"{len(iab)} IAB blocks carried over from the registry of "
                       f"{current.date} ({current.origin}): IEEE issues no new IABs",
                "previous": {"date": current.date, "origin": current.origin},
            }
            document = encode_registry([*rows, *iab], date=date, manifest=manifest)
            fresh = OuiRegistry.from_bytes(document, str(target))  # what load will see
            staged = folder / BUNDLED_NAME
            with staged.open("wb") as out:
                out.write(document)
                out.flush()
                os.fsync(out.fileno())
            os.replace(staged, target)
    except UpdateError as exc:
        raise UpdateError(f"{exc}; keeping the OUI registry of {current.date}") from exc
    except OfframpError as exc:  # a parse error names the URL and line
        raise UpdateError(f"{exc}; keeping the OUI registry of {current.date}") from exc
    added, removed, renamed = _diff(current, fresh)
    return RegistryUpdate(target, current.date, date, current.counts, fresh.counts,
                          added, removed, renamed, tuple(files))
