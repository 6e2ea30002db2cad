"""Dates as lists give them: often partial ("1970", "1970-05"), sometimes a range
("1968 to 1970") or approximate ("circa 1962").

A :class:`DateValue` keeps exactly what is known and no more: a birth year is never padded
into a fake 1 January, which would make matching on day and month meaningless.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from offramp.model.pickling import quick_pickle

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@quick_pickle
@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A calendar date with an optional month and day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")
        if self.month is None and self.day is not None:
            raise ValueError("a day without a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is not None:
            assert self.month is not None
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(f"day out of range: {self.year}-{self.month:02d}-{self.day}")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        m = _PARTIAL.match(text.strip())
        if not m:
            raise ValueError(f"not a date: {text!r}")
        year, month, day = m.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    def to_text(self) -> str:
        """ISO 8601 with only the known parts: ``1970``, ``1970-05``, ``1970-05-03``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    def __str__(self) -> str:
        return self.to_text()


@quick_pickle
@dataclass(frozen=True, slots=True)
class DateValue:
    """A date, a range of dates (``end`` set) or an approximate date (``circa``).

    Text form: ``1970-05-03``, ``1968/1970`` (ISO 8601 interval), ``~1962`` (circa).
    """

    start: PartialDate
    end: PartialDate | None = None
    circa: bool = False

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"range ends before it starts: {self.to_text()}")

    @classmethod
    def parse(cls, text: str) -> DateValue:
        """Parse the text form produced by :meth:`to_text`."""
        text = text.strip()
        circa = text.startswith("~")
        if circa:
            text = text[1:]
        if "/" in text:
            a, b = text.split("/", 1)
            return cls(PartialDate.parse(a), PartialDate.parse(b), circa)
        return cls(PartialDate.parse(text), None, circa)

    @classmethod
    def year(cls, year: int, *, circa: bool = False) -> DateValue:
        """A year alone, e.g. OFAC's "DOB 1962" or "DOB circa 1962"."""
        return cls(PartialDate(year), None, circa)

    def to_text(self) -> str:
        """Stable text form, used for storage and hashing."""
        text = self.start.to_text()
        if self.end is not None:
            text += "/" + self.end.to_text()
        return ("~" if self.circa else "") + text

    def __str__(self) -> str:
        return self.to_text()
