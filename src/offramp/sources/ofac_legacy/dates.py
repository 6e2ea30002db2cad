"""OFAC's date phrases -> :class:`~offramp.model.DateValue`.

The Remarks field writes dates the way the printed SDN list does: ``10 Dec 1948``,
``Dec 1948``, ``1948``, ranges ``1968 to 1970`` / ``01 Jan 1961 to 31 Dec 1962``, approximate
``circa 1951`` and, twice in the 2024 file, ``circa 1979-1982``. Partial dates stay partial:
``DOB 1948`` is the year 1948, never 1 January 1948.
"""

from __future__ import annotations

import re

from offramp.model import DateValue, PartialDate

_MONTHS: dict[str, int] = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_FULL_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)

# "10 Dec 1948", "Dec 1948", "1948"; a full month name ("10 October 1969") occurs in old
# free-text remarks and costs nothing to accept.
_ONE = re.compile(r"^(?:(?:(\d{1,2})\s+)?([A-Za-z]{3,9})\.?\s+)?(\d{4})$")
_RANGE = re.compile(r"^(.+?)\s+to\s+(.+)$")
_YEAR_SPAN = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")
_CIRCA = re.compile(r"^(?:circa|ca\.|approximately)\s+", re.IGNORECASE)


def _month(word: str) -> int | None:
    key = word.lower()
    if key in _MONTHS:
        return _MONTHS[key]
    if key in _FULL_MONTHS:
        return _FULL_MONTHS.index(key) + 1
    return None


def parse_partial(text: str) -> PartialDate | None:
    """``10 Dec 1948`` / ``Dec 1948`` / ``1948`` -> a partial date, or None if not a date."""
    m = _ONE.match(text.strip())
    if not m:
        return None
    day, month_word, year = m.groups()
    month = None
    if month_word is not None:
        month = _month(month_word)
        if month is None:
            return None
    try:
        return PartialDate(int(year), month, int(day) if day else None)
    except ValueError:  # 31 Feb, year 0000: not a date, leave the text alone
        return None


def parse_date_value(text: str) -> DateValue | None:
    """A single date, a ``X to Y`` range or a ``circa`` date; None when not understood."""
    text = text.strip().rstrip(".")
    circa = False
    m = _CIRCA.match(text)
    if m:
        circa = True
        text = text[m.end():]
    span = _RANGE.match(text) or _YEAR_SPAN.match(text)
    try:
        if span:
            start, end = parse_partial(span.group(1)), parse_partial(span.group(2))
            if start is None or end is None:
                return None
            return DateValue(start, end, circa)
        single = parse_partial(text)
        return DateValue(single, None, circa) if single is not None else None
    except ValueError:  # a range that ends before it starts
        return None
