"""Cell-level reading of CSL values, shared by the CSV and JSON mappers.

The CSL joins multi-valued cells with ``;``, writes dates in several ways, and carries
Windows-1252 punctuation re-encoded as if it were Latin-1 (U+0092 for a right quote).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from offramp.model import Address, DateValue, Link, PartialDate
from offramp.normalize.countries import to_iso2

_C1 = re.compile("[\u0080-\u009f]")
_SPACES = re.compile(r"\s+")
_CIRCA = re.compile(r"^(?:circa|approximately|approx\.?|c\.)\s*(.+)$", re.IGNORECASE)
_RANGE = re.compile(r"^(\d{4}(?:-\d{2}){0,2})\s*(?:to|-|/)\s*(\d{4}(?:-\d{2}){0,2})$")
_TEXT_FORMATS: tuple[tuple[str, int], ...] = (
    ("%d %b %Y", 3), ("%d %B %Y", 3), ("%b %Y", 2), ("%B %Y", 2),
    ("%m/%d/%Y", 3), ("%Y/%m/%d", 3),
)


def _c1_fix(match: re.Match[str]) -> str:
    try:
        return bytes([ord(match.group(0))]).decode("cp1252")
    except UnicodeDecodeError:
        return ""


def clean(text: str | None) -> str:
    """Whitespace collapsed, C1 controls read as the Windows-1252 characters they were."""
    if not text:
        return ""
    return _SPACES.sub(" ", _C1.sub(_c1_fix, text)).strip()


def split_cell(cell: str | None) -> list[str]:
    """A ``;``-separated cell as its values; drops the Entity List's joining "and "."""
    values: list[str] = []
    for part in (cell or "").split(";"):
        value = clean(part)
        if value.lower().startswith("and "):
            value = value[4:].strip()
        if value and value not in values:
            values.append(value)
    return values


def parse_date(text: str) -> DateValue | None:
    """``1970``, ``1970-05``, ``1970-05-03``, ``circa 1962``, ``1968 to 1970``, ``03 May 1970``.

    None when the text is none of these; partial dates stay partial.
    """
    text = clean(text)
    circa = False
    m = _CIRCA.match(text)
    if m:
        circa, text = True, m.group(1).strip()
    try:
        m = _RANGE.match(text)
        if m:
            return DateValue(PartialDate.parse(m.group(1)), PartialDate.parse(m.group(2)), circa)
        if len(text) > 10 and text[10] == "T":  # an ISO timestamp: keep the date
            text = text[:10]
        return DateValue(PartialDate.parse(text), None, circa)
    except ValueError:
        pass
    for fmt, parts in _TEXT_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if parts == 3:
            return DateValue(PartialDate(parsed.year, parsed.month, parsed.day), None, circa)
        return DateValue(PartialDate(parsed.year, parsed.month), None, circa)
    return None


def country_code(text: str) -> str:
    """ISO alpha-2 for a code or name; the text itself when not recognised."""
    return to_iso2(text) or text


def address_from_text(text: str) -> Address:
    """A CSV address ("street, city, state, postal code, CC") kept whole, country read off.

    The parts are comma-joined without marking which is which, so only the trailing
    country is taken apart; the rest stays as the publisher wrote it.
    """
    parts = [p.strip() for p in text.split(",") if p.strip()]
    country = to_iso2(parts[-1]) if parts else None
    if len(parts) == 1 and country:
        return Address(country=country)
    return Address(full=text, country=country)


def linked_to(remarks: str) -> list[Link]:
    """OFAC's "(Linked To: NAME)" notes, brackets inside the name kept balanced."""
    links: list[Link] = []
    marker = "Linked To:"
    start = remarks.find(marker)
    while start != -1:
        depth, pos = 1, start + len(marker)
        end = len(remarks)
        while pos < len(remarks):
            if remarks[pos] == "(":
                depth += 1
            elif remarks[pos] == ")":
                depth -= 1
                if depth == 0:
                    end = pos
                    break
            pos += 1
        target = remarks[start + len(marker):end].strip()
        if target:
            links.append(Link("linked_to", target_name=target))
        start = remarks.find(marker, end)
    return links


def nonempty(value: Any) -> str:
    """A JSON value as cleaned text ("" for null and non-strings)."""
    return clean(value) if isinstance(value, str) else ""


def listish(value: Any) -> list[str]:
    """A JSON field that should be a list of strings but may be a ``;`` string or null."""
    if value is None:
        return []
    if isinstance(value, str):
        return split_cell(value)
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            if isinstance(item, str):
                out.extend(v for v in split_cell(item) if v not in out)
        return out
    return []
