"""Splitting romanised names into lower-case ASCII words.

Shared by the name normaliser and by the legal-form table (which tokenises its own variants
the same way, so "S.A.", "SA" and "s.a" all become the one token "sa").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Container

_SIMPLE = re.compile(r"[a-z0-9]+")
# Single letters joined by dots, hyphens or slashes without spaces: "a-b-c", "s.a.", "a/s".
_LETTER_GROUP = re.compile(r"(?:[a-z][./-])+[a-z]\.?")
# Every letter group starts with a letter, not preceded by a letter or digit, and a separator
# and a letter after it. Text without this pattern (and without "&") has no letter group, so
# its words are simply its letter/digit runs: "jean-pierre" and "al-qahtani" take that path.
# (Written to start at the separator, which the regex engine scans for quickly.)
_GROUP_HINT = re.compile(r"[./-](?<=(?<![a-z0-9])[a-z].)[a-z]")
_PLAIN = re.compile(r"[a-z0-9 ]*")
_PLAIN_OR_COMMA = re.compile(r"[a-z0-9 ,]*")
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


def _segments(text: str, short_groups: Collection[str] | None) -> list[list[str]]:
    """The words of each comma-separated segment of ``text``."""
    # Apostrophes join a word ("O'Brien" -> "obrien", "Qa'ida" -> "qaida"); anyascii turns
    # the Unicode apostrophes and the Arabic ayn/hamza marks into these two characters.
    if "'" in text or "`" in text:
        text = text.replace("'", "").replace("`", "")  # (str.translate is slower)
    if _PLAIN_OR_COMMA.fullmatch(text):
        # "MADURO MOROS, Nicolas": plain words between the commas.
        return [segment.split() for segment in text.split(",")]
    if "&" not in text and (
        ("." not in text and "-" not in text and "/" not in text)
        or _GROUP_HINT.search(text) is None
    ):
        # No letter group and no "&": each raw chunk's words are its letter/digit runs, so a
        # segment's words are the runs of the whole segment (one C call, no per-chunk loop).
        findall = _SIMPLE.findall
        return [findall(segment) for segment in text.split(",")]
    out: list[list[str]] = []
    for segment in text.split(","):
        if "&" not in segment and _GROUP_HINT.search(segment) is None:
            out.append(_SIMPLE.findall(segment))  # ("cimex" in "cimex, s.a.": as above)
            continue
        words: list[str] = []
        for raw in segment.split():
            chunk = raw.strip(_EDGE_PUNCT)
            if "&" in chunk:
                chunk = _ampersand(chunk)
            if _SIMPLE.fullmatch(chunk):
                words.append(chunk)
                continue
            letters = letter_group(chunk)
            if letters is not None and (
                short_groups is None or len(letters) >= 3 or letters in short_groups
            ):
                words.append(letters)
                continue
            words.extend(_SIMPLE.findall(chunk))
        out.append(words)
    return out


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
    return [
        (token, i == 0)
        for words in _segments(text, short_groups)
        for i, token in enumerate(words)
    ]


def split_name_words(
    text: str, short_groups: Collection[str] | None, leading: Container[str]
) -> list[str]:
    """The tokens of ``split_words(text, short_groups)`` minus the ``leading`` words (titles)
    that start a segment: what the name normaliser keeps, without building the pairs."""
    if _PLAIN.fullmatch(text):
        words = text.split()
        if words and words[0] in leading:
            del words[0]
        return words
    segments = _segments(text, short_groups)
    if len(segments) == 1:
        words = segments[0]
        if words and words[0] in leading and not _spelled_acronym(text):
            del words[0]
        return words
    out: list[str] = []
    for words, raw in zip(segments, text.split(","), strict=True):
        if words and words[0] in leading and not _spelled_acronym(raw):
            out += words[1:]
        else:
            out += words
    return out


def _spelled_acronym(segment: str) -> bool:
    """Whether a segment's first word is letters joined by "&" ("M&S", "D&R") or a dotted
    letter group ("M.M.E.", OFAC's alias of MINES AND METALS ENGINEERING GMBH): an acronym
    that may spell a title ("ms", "dr", "mme") but is none."""
    first = segment.split(maxsplit=1)[:1]
    if not first:
        return False
    chunk = first[0].strip(_EDGE_PUNCT)
    return "&" in chunk or letter_group(chunk) is not None
