"""Splitting romanised names into lower-case ASCII words.

Shared by the name normaliser and by the legal-form table (which tokenises its own variants
the same way, so "S.A.", "SA" and "s.a" all become the one token "sa").
"""

from __future__ import annotations

import re
from collections.abc import Collection

# Apostrophes join a word ("O'Brien" -> "obrien", "Qa'ida" -> "qaida"); anyascii turns the
# Unicode apostrophes and the Arabic ayn/hamza marks into these two characters.
_DROP = str.maketrans("", "", "'`")
_SIMPLE = re.compile(r"[a-z0-9]+")
# Single letters joined by dots, hyphens or slashes without spaces: "a-b-c", "s.a.", "a/s".
_LETTER_GROUP = re.compile(r"(?:[a-z][./-])+[a-z]\.?")
_PLAIN = re.compile(r"[a-z0-9 ]*")
_EDGE_PUNCT = '()[]{}"<>;:!?*|'


def letter_group(chunk: str) -> str | None:
    """The letters of a dotted/hyphenated letter group ("a-b-c" -> "abc"), else None."""
    if _LETTER_GROUP.fullmatch(chunk):
        return "".join(c for c in chunk if c.isalpha())
    return None


def _ampersand(chunk: str) -> str:
    parts = chunk.split("&")
    if all(0 < len(part) <= 2 and part.isalpha() for part in parts):
        return "".join(parts)  # "at&t", "p&o", "m&s": one short acronym
    return " and ".join(parts)  # "&" alone or "smith&sons"


def split_words(text: str, short_groups: Collection[str] | None = None) -> list[tuple[str, bool]]:
    """``(token, starts_segment)`` pairs for lower-case ASCII ``text``.

    Hyphens, dots and other punctuation separate words ("jean-pierre" -> jean, pierre), except
    in a letter group, which is one acronym when it has three or more letters or is one of
    ``short_groups`` (two-letter legal forms such as "s.a.", "n.v."): "a-b-c" -> "abc", while
    "j.r." stays two initials. ``short_groups=None`` merges every letter group. "&" reads as
    "and". ``starts_segment`` is True for the first word of the text and after each comma, the
    places where an inverted name ("MADURO MOROS, Nicolas") or a title can start.
    """
    if _PLAIN.fullmatch(text):
        # Fast path: most list names are plain words once lower-cased.
        return [(token, i == 0) for i, token in enumerate(text.split())]
    out: list[tuple[str, bool]] = []
    for segment in text.translate(_DROP).split(","):
        first = True
        for raw in segment.split():
            chunk = raw.strip(_EDGE_PUNCT)
            if "&" in chunk:
                chunk = _ampersand(chunk)
            if _SIMPLE.fullmatch(chunk):
                out.append((chunk, first))
                first = False
                continue
            letters = letter_group(chunk)
            if letters is not None and (
                short_groups is None or len(letters) >= 3 or letters in short_groups
            ):
                out.append((letters, first))
                first = False
                continue
            for piece in _SIMPLE.findall(chunk):
                out.append((piece, first))
                first = False
    return out
