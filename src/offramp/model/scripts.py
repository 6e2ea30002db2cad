"""Which writing system a name is in (ISO 15924 codes).

Kept in the model because every :class:`~offramp.model.entity.Name` records its script:
displays keep the original, matchers decide whether to transliterate.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache

# unicodedata names start with the script for letters: "CYRILLIC SMALL LETTER A",
# "CJK UNIFIED IDEOGRAPH-676D", "HANGUL SYLLABLE GA", "HIRAGANA LETTER A".
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("LATIN", "Latn"),
    ("CYRILLIC", "Cyrl"),
    ("GREEK", "Grek"),
    ("ARABIC", "Arab"),
    ("HEBREW", "Hebr"),
    ("CJK", "Hani"),
    ("HIRAGANA", "Hira"),
    ("KATAKANA", "Kana"),
    ("HANGUL", "Hang"),
    ("THAI", "Thai"),
    ("ARMENIAN", "Armn"),
    ("GEORGIAN", "Geor"),
    ("DEVANAGARI", "Deva"),
    ("BENGALI", "Beng"),
    ("TAMIL", "Taml"),
    ("ETHIOPIC", "Ethi"),
    ("KHMER", "Khmr"),
    ("MYANMAR", "Mymr"),
    ("SYRIAC", "Syrc"),
    ("THAANA", "Thaa"),
    ("TIBETAN", "Tibt"),
    ("MONGOLIAN", "Mong"),
    ("LAO", "Laoo"),
)


# A name's letters recur across names: looking a letter's Unicode name up and matching its
# prefix costs about a microsecond, a cache hit a twentieth of that.
@lru_cache(maxsize=65536)
def char_script(char: str) -> str | None:
    """The script of one letter, or None for digits, punctuation and unknown letters."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    for prefix, code in _PREFIXES:
        if name.startswith(prefix):
            return code
    return "Zyyy" if name else None


def detect_script(text: str) -> str:
    """The dominant script of ``text``.

    Japanese mixes kanji with kana, so any kana makes the whole name "Jpan"; Korean with
    hanja becomes "Kore". Text without letters is "Zyyy" (common), empty text "Zzzz".
    """
    if text.isascii():
        # Most list names are plain ASCII: skip the per-character Unicode lookups. (An ASCII
        # letter is exactly an ASCII character with two cases: two C calls, not a loop.)
        if text.lower() != text.upper():
            return "Latn"
        return "Zyyy" if text.strip() else "Zzzz"
    counts = Counter(filter(None, map(char_script, text)))
    if not counts:
        return "Zyyy" if text.strip() else "Zzzz"
    if counts.get("Hira") or counts.get("Kana"):
        return "Jpan"
    if counts.get("Hang") and counts.get("Hani"):
        return "Kore"
    return counts.most_common(1)[0][0]
