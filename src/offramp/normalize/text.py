"""Text folding: the form in which two spellings of a name compare equal.

``fold`` is deliberately conservative -- case, accents, script, punctuation and spacing
only -- so that "exact after normalisation" means what it says. Fuzzy and legal-form-aware
matching belongs to the matcher, not here.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces.

    NFKC first (full-width forms, ligatures), then transliteration to ASCII (anyascii: Cyrillic,
    Greek, Arabic, Chinese pinyin, ...), then punctuation to spaces.
    ``fold("Banco Nacional de Cuba, S.A.") == "banco nacional de cuba s a"``.
    """
    text = unicodedata.normalize("NFKC", text)
    text = anyascii(text).lower()
    return _NON_ALNUM.sub(" ", text).strip()


def utf8_error_place(data: bytes) -> str:
    """``line N, byte M`` of the first byte of ``data`` that is not UTF-8 (a BOM skipped).

    Users open files by line, so a decoding error is reported where they can find it.
    """
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        column = exc.start - (body.rfind(b"\n", 0, exc.start) + 1) + 1
        return f"line {line}, byte {column}"
    return "unknown place"
