"""Which writing system a name is in (ISO 15924 codes).

Kept in the model because every :class:`~offramp.model.entity.Name` records its script:
displays keep the original, matchers decide whether to transliterate.
"""

from __future__ import annotations

import unicodedata

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


def char_script(char: str) -> str | None:
    """The script of one letter, or None for digits, punctuation and unknown letters."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    for prefix, code in _PREFIXES:
        if name.startswith(prefix):
            return code
    return "Zyyy" if name else None


class _ScriptLetters(dict[int, str | None]):
    """``str.translate`` table: code point -> one letter standing for its script (None drops
    digits, punctuation and unknown letters), filled on first use of each character.

    ``text.translate`` then gives the scripts of a whole name in one C loop. Bounded by
    clearing when full; a concurrent clear only costs recomputation.
    """

    def __missing__(self, code: int) -> str | None:
        script = char_script(chr(code))
        letter = None if script is None else _LETTER_OF[script]
        if len(self) >= 65536:
            self.clear()
        self[code] = letter
        return letter


_SCRIPTS = (*(code for _, code in _PREFIXES), "Zyyy")
_LETTER_OF = {script: chr(ord("A") + i) for i, script in enumerate(_SCRIPTS)}
_SCRIPT_OF = {letter: script for script, letter in _LETTER_OF.items()}
_SCRIPT_LETTERS = _ScriptLetters()
_JAPANESE = frozenset((_LETTER_OF["Hira"], _LETTER_OF["Kana"]))
_HANGUL, _HAN = _LETTER_OF["Hang"], _LETTER_OF["Hani"]


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
    letters = text.translate(_SCRIPT_LETTERS)
    if not letters:
        return "Zyyy" if text.strip() else "Zzzz"
    first = letters[0]
    if letters.count(first) == len(letters):  # one script, the usual case
        return "Jpan" if first in _JAPANESE else _SCRIPT_OF[first]
    # Several scripts: the most frequent wins, ties going to the one seen first.
    present = dict.fromkeys(letters)
    if not _JAPANESE.isdisjoint(present):
        return "Jpan"
    if _HANGUL in present and _HAN in present:
        return "Kore"
    return _SCRIPT_OF[max(present, key=letters.count)]
