"""How the two UK lists write things: dates, name types, numbered multi-values, languages.

The FCDO's UK Sanctions List and OFSI's Consolidated List come from the same data and share
their conventions, so :mod:`offramp.sources.ofsi` uses these helpers too:

* dates are ``dd/mm/yyyy``; unknown parts are ``00`` (OFSI: ``00/00/1967``) or the literal
  placeholders ``dd`` / ``mm`` (FCDO: ``dd/mm/1971``); a bare ``1973`` also occurs;
* a name is six parts, ``Name 1``..``Name 5`` the given names in order and ``Name 6`` the
  family name (or, for an entity or ship, the whole name);
* name types are "Primary Name", "Primary Name Variation" and "Alias" (FCDO) or
  "Primary name", "Primary name variation", "AKA", "FKA" (OFSI), in varying case;
* several values in one field are numbered: ``(1) Afghanistan (2) Pakistan``.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import pycountry

from offramp.model import DateValue, NameKind, PartialDate
from offramp.normalize.countries import to_iso2

_DMY = re.compile(r"^(\d{1,2}|dd|00?)/(\d{1,2}|mm|00?)/(\d{4})$", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_YEAR = re.compile(r"^\d{4}$")
_NUMBERED = re.compile(r"\(\d{1,2}\)")

# Folded name type -> kind. "Primary name variation" is another spelling of the primary name:
# real screening signal, but not the designated name, so it is an alias (AKA).
_NAME_KINDS: dict[str, NameKind] = {
    "primary name": NameKind.PRIMARY,
    "prime alias": NameKind.PRIMARY,  # the pre-2022 OFSI format's word for the main name
    "primary name variation": NameKind.AKA,
    "alias": NameKind.AKA,
    "aka": NameKind.AKA,
    "fka": NameKind.FKA,
}


def clean(text: str | None) -> str | None:
    """Collapse runs of whitespace (the FCDO wraps long fields with newlines); None if empty."""
    if text is None:
        return None
    value = " ".join(text.split())
    return value or None


def parse_uk_date(text: str | None) -> DateValue | None:
    """A UK list date, keeping unknown parts unknown; None when it is not a usable date.

    ``24/10/1972`` -> 1972-10-24, ``00/05/1967`` and ``dd/05/1967`` -> 1967-05,
    ``00/00/1967``, ``dd/mm/1967`` and ``1967`` -> 1967, ``2024-05-09T10:00:00`` -> 2024-05-09.
    A known day with an unknown month (``15/00/1970``) keeps only the year: a day means
    nothing without its month. ``15/08/19yy`` and impossible dates give None.
    """
    value = (text or "").strip()
    if not value:
        return None
    try:
        if _YEAR.match(value):
            return DateValue.year(int(value))
        m = _DMY.match(value)
        if m:
            day_text, month_text, year_text = m.groups()
            month = int(month_text) if month_text.isdigit() and int(month_text) else None
            day = (int(day_text) if day_text.isdigit() and int(day_text) and month else None)
            return DateValue(PartialDate(int(year_text), month, day))
        m = _ISO.match(value)
        if m:
            year, month, day = (int(part) for part in m.groups())
            return DateValue(PartialDate(year, month, day))
    except ValueError:  # 31/02/1970, month 13: not a date, reported by the caller
        return None
    return None


def full_date(text: str | None) -> date | None:
    """A complete calendar date (for a file's own date), else None."""
    value = parse_uk_date(text)
    if value is None or value.start.day is None or value.start.month is None:
        return None
    return date(value.start.year, value.start.month, value.start.day)


def name_kind(name_type: str | None) -> NameKind | None:
    """The kind for a UK name type, case-insensitively; None when the type is unknown."""
    key = " ".join((name_type or "").lower().split())
    return _NAME_KINDS.get(key)


def is_low_quality(quality: str | None) -> bool:
    """True for "Low quality a.k.a" (FCDO) / "Low quality" / "Low" (OFSI)."""
    return (quality or "").strip().lower().startswith("low")


def join_name(parts: list[str | None]) -> str | None:
    """Name parts in the order given, blanks skipped, whitespace collapsed."""
    return clean(" ".join(p for p in parts if p))


def split_numbered(text: str | None) -> list[str]:
    """``(1) A (2) B`` -> ``["A", "B"]``; an unnumbered value -> ``[value]``."""
    value = clean(text)
    if value is None:
        return []
    items = [clean(part.strip(" ,;")) for part in _NUMBERED.split(value)]
    return [item for item in items if item]


@cache
def _language_names() -> dict[str, str]:
    # ISO 639 gives some languages several names in one ("Pushto; Pashto"); lists use any.
    # Codes first, so the EU's "EN" is English and not the En language (ISO 639-3 "enc").
    table: dict[str, str] = {}
    for lang in pycountry.languages:
        code: str = getattr(lang, "alpha_2", None) or lang.alpha_3
        table[code] = code
        table.setdefault(lang.alpha_3, code)
    for lang in pycountry.languages:
        code = getattr(lang, "alpha_2", None) or lang.alpha_3
        for part in lang.name.split(";"):
            table.setdefault(part.strip().lower(), code)
    return table


def language_code(language: str | None) -> str | None:
    """ISO 639-1 (else 639-3) code for a language name or code, None when unknown.

    Accepts the FCDO's names ("Russian", "Romanian; Moldavian; Moldovan", "Pashto") and the
    EU's two-letter codes ("BG"), case-insensitively.
    """
    value = clean(language)
    if value is None:
        return None
    table = _language_names()
    for candidate in (value, *value.split(";")):
        code = table.get(candidate.strip().lower())
        if code:
            return code
    return None


def country(text: str | None) -> str | None:
    """ISO alpha-2 code for a country as the list spells it, else the text itself."""
    value = clean(text)
    if value is None:
        return None
    return to_iso2(value) or value


_ISSUED = re.compile(r"\bissued\s+(?:by|in)\s+(?:the\s+)?(.+)", re.IGNORECASE)
_BRACKETED = re.compile(r"\(([^()]+)\)")


def document_country(details: str | None) -> str | None:
    """The issuing country named in a document's free-text details, when it plainly is one.

    The UK lists have no country field for passports and national IDs; the details say it
    in prose: "Afghanistan diplomatic passport", "Issued by Russia", "(Iran)". Only a leading
    country name, one after "issued by/in", or one in brackets is taken; anything else
    (adjectives such as "Russian passport") gives None, and the text stays in the note.
    """
    value = clean(details)
    if value is None:
        return None
    candidates: list[str] = [value]
    issued = _ISSUED.search(value)
    if issued:
        candidates.append(issued.group(1))
    candidates.extend(_BRACKETED.findall(value))
    for candidate in candidates:
        words = re.split(r"[\s,.;:]+", candidate.strip())
        # Longest leading run of words first: "Russian Federation passport" -> "Russian
        # Federation" before "Russian".
        for length in range(min(len(words), 5), 0, -1):
            phrase = " ".join(words[:length])
            # Two- and three-letter words are codes to to_iso2, and prose is full of them
            # ("ID" is Indonesia, "are" the UAE's alpha-3): only spelled-out names count.
            if len(phrase) <= 3:
                continue
            code = to_iso2(phrase)
            if code:
                return code
    return None
