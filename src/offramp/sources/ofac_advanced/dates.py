"""OFAC ``DatePeriod`` records -> :class:`DateValue`, keeping partial dates partial.

OFAC has no "year only" date: "DOB 1962" is written as a period from 1962-01-01 to
1962-12-31, "DOB May 1970" from 1970-05-01 to 1970-05-31, and "DOB 1968 to 1970" from
1968-01-01 to 1970-12-31. Mapping those back to ``1962``, ``1970-05`` and ``1968/1970``
matters: a fake 1 January would make day-and-month matching meaningless.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from typing import Any

from offramp.model import DateValue, PartialDate


def _key(d: PartialDate) -> tuple[int, int, int]:
    return (d.year, d.month or 0, d.day or 0)


def _is_full(d: PartialDate) -> bool:
    return d.day is not None


def _month_end(d: PartialDate) -> bool:
    assert d.month is not None and d.day is not None
    return d.day == calendar.monthrange(d.year, d.month)[1]


def period_to_date(period: Mapping[str, Any] | None) -> DateValue | None:
    """The date a reader's ``date_period`` record stands for, or None for an empty period.

    The widest reading is used (earliest ``Start/From`` to latest ``End/To``), then reduced
    to whole years or months when the bounds are exactly year or month boundaries.
    Raises ValueError on a date that does not exist (the caller names the record).
    """
    if not period:
        return None
    start, end = period["start"], period["end"]
    first = PartialDate.parse(start["from"])
    last = PartialDate.parse(end["to"])
    circa = bool(start.get("approximate") or end.get("approximate"))
    if _key(last) < _key(first):
        first, last = last, first
    if not (_is_full(first) and _is_full(last)):
        # Partial bounds (a hand-written file): keep them as given, a range only when the
        # years differ, since DateValue cannot order "1970" against "1970-05".
        if first.year == last.year:
            return DateValue(first if len(str(first)) <= len(str(last)) else last, None, circa)
        return DateValue(first, last, circa)
    if first == last:
        return DateValue(first, None, circa)
    if (first.month, first.day) == (1, 1) and (last.month, last.day) == (12, 31):
        years = (PartialDate(first.year), PartialDate(last.year))
        return DateValue(years[0], None if years[0] == years[1] else years[1], circa)
    if first.day == 1 and _month_end(last):
        months = (PartialDate(first.year, first.month), PartialDate(last.year, last.month))
        return DateValue(months[0], None if months[0] == months[1] else months[1], circa)
    return DateValue(first, last, circa)


def iso_to_date(text: str | None) -> DateValue | None:
    """``YYYY[-MM[-DD]]`` text (as the reader writes event dates) -> DateValue."""
    if not text:
        return None
    return DateValue(PartialDate.parse(text))
