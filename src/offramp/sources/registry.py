"""Every list format offramp reads, by name, and format detection."""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

from offramp.model import SourceFormatError
from offramp.sources.base import ListFormat
from offramp.sources.files import head

# Module per format; each exposes FORMAT. Imported lazily so a command that reads one
# format does not pay for parsing code of the others.
_MODULES: tuple[str, ...] = (
    "offramp.sources.ofac_legacy",
    "offramp.sources.ofac_advanced",
    "offramp.sources.un",
    "offramp.sources.csl",
    "offramp.sources.csl.json_format",
    "offramp.sources.bis_dpl",
    "offramp.sources.ftm",
    "offramp.sources.catalogue",
    "offramp.sources.custom",
    "offramp.sources.ownership_csv",
    "offramp.sources.uk_fcdo",
    "offramp.sources.ofsi",
    "offramp.sources.eu_fsf",
)


@cache
def formats() -> dict[str, ListFormat]:
    """All formats by name, in detection order."""
    found: dict[str, ListFormat] = {}
    for module_name in _MODULES:
        module = importlib.import_module(module_name)
        fmt: ListFormat = module.FORMAT
        found[fmt.name] = fmt
    return found


def get_format(name: str) -> ListFormat:
    """The format called ``name``; a clear error listing the known ones otherwise."""
    known = formats()
    if name not in known:
        raise SourceFormatError(name, None, f"unknown format (known: {', '.join(known)})")
    return known[name]


def detect_format(path: Path) -> ListFormat:
    """The format of ``path`` from its first bytes, or an error asking for ``--format``."""
    start = head(path)
    if not start:
        raise SourceFormatError(str(path), None, "empty file")
    matches = [fmt for fmt in formats().values() if fmt.sniff(path, start)]
    if not matches:
        raise SourceFormatError(str(path), None,
                                "format not recognised; give it with --format")
    return matches[0]
