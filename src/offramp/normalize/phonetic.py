"""Phonetic keys for candidate retrieval.

Metaphone (jellyfish) collapses spelling variants to one key ("Muhammad", "Mohamed" and the
Arabic-script skeleton "mhmd" all give "MHMT"), so the index can find a candidate that shares
no exact token with the query. Keys are upper case, tokens lower case, so both can live in one
index without colliding.
"""

from __future__ import annotations

from functools import lru_cache

import jellyfish


@lru_cache(maxsize=131072)
def phonetic_key(token: str) -> str:
    """Metaphone key of a lower-case ASCII token.

    Tokens with a digit return themselves (numerals must match exactly, "8" is not "6");
    tokens of one or two letters return themselves upper-cased, because metaphone of an initial
    or a short particle is noise ("x" -> "S").
    """
    if not token.isalpha():
        return token
    if len(token) <= 2:
        return token.upper()
    return jellyfish.metaphone(token) or token.upper()
