"""US Consolidated Screening List, JSON form: file -> result objects as published.

The shape is the trade.gov API's search response (also used for the bulk JSON download)::

    {"total": N, "results": [{"id", "source", "name", "alt_names": [...],
      "addresses": [{"address", "city", "state", "postal_code", "country"}],
      "ids": [{"type", "number", "country", "issue_date", "expiration_date"}], ...}],
     "sources_used": [{"source", "source_last_updated", "import_rate"}]}

A bare list of result objects is accepted too. A search response holding one page of a
larger result (``total`` above the number of results) is refused: loading it as a list
version would silently drop the other pages.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from offramp.model import SourceFormatError
from offramp.sources.files import decode_text, read_bytes


@dataclass(frozen=True, slots=True)
class CslJson:
    """The decoded file: result objects in order and the per-source import metadata."""

    results: Sequence[dict[str, Any]]
    sources_used: Sequence[dict[str, Any]]

    def last_updated(self) -> date | None:
        """The newest ``source_last_updated`` of ``sources_used`` (the data's date), if any."""
        found: list[date] = []
        for item in self.sources_used:
            stamp = item.get("source_last_updated")
            if isinstance(stamp, str) and len(stamp) >= 10:
                try:
                    found.append(date.fromisoformat(stamp[:10]))
                except ValueError:
                    continue
        return max(found) if found else None


def looks_like_csl_json(head: bytes) -> bool:
    """True for a JSON document whose first bytes show CSL result fields."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if not text.startswith((b"{", b"[")):
        return False
    if b'"schema"' in text:  # FollowTheMoney lines, not the CSL
        return False
    markers = (b'"sources_used"', b'"source_list_url"', b'"source_information_url"',
               b'"entity_number"')
    return any(m in text for m in markers)


def read_json(path: Path) -> CslJson:
    """Parse and check ``path`` (plain or .gz); errors name the line or the result number."""
    text = decode_text(path, read_bytes(path))
    try:
        doc: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceFormatError(str(path), f"line {exc.lineno}, column {exc.colno}",
                                f"malformed or truncated JSON ({exc.msg})") from exc
    sources_used: list[dict[str, Any]] = []
    if isinstance(doc, list):
        results = doc
    elif isinstance(doc, dict) and isinstance(doc.get("results"), list):
        results = doc["results"]
        raw_used = doc.get("sources_used") or []
        if not isinstance(raw_used, list):
            raise SourceFormatError(str(path), "sources_used", "expected a list")
        sources_used = [s for s in raw_used if isinstance(s, dict)]
        total = doc.get("total")
        if isinstance(total, int) and total != len(results):
            raise SourceFormatError(
                str(path), "total",
                f"the file holds {len(results)} of {total} results (one page of a search?); "
                "load the complete list",
            )
    else:
        raise SourceFormatError(str(path), None,
                                'not a Consolidated Screening List JSON (no "results" list)')
    if not results:
        raise SourceFormatError(str(path), "results", "no entries")
    for number, item in enumerate(results):
        if not isinstance(item, dict):
            raise SourceFormatError(str(path), f"results[{number}]", "not a JSON object")
        for key in ("name", "source"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise SourceFormatError(str(path), f"results[{number}]",
                                        f'missing or empty "{key}"')
    return CslJson(results, sources_used)
