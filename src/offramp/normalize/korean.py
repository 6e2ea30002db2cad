"""Korean names written in Latin letters, spelt one way whatever the romanisation.

Lists write one Korean name in several systems: the North Korean (DPRK 1992) spelling most
sanctions entries use ("JONG, Kyong Thaek"), McCune-Reischauer with its aspiration marks
("CHO'NG, Kyo'ng-t'aek"), Revised Romanization 2000 ("BAK, Gwang Hun" for PAK, Kwang Hun) and
the spellings South Koreans use ("PARK", "CHOI"). They differ in predictable ways: a
syllable's first consonant voiced or not (g/k, d/t, b/p, j/ch), an aspiration mark or an h
(ch'/t'/th), ŏ and ŭ written eo/eu or o/u, a doubled consonant. A name that begins with a
Korean surname (``data/korean_surnames.csv``) and whose one to three other words each read as
one or two Korean syllables is written in one spelling (:func:`korean_words`): each
syllable's first consonant unvoiced and unaspirated (k, t, p; ch and j as j), eo as o and eu
as u, the surname as the table spells it. The Hangul romaniser (``translit``) writes the same
spelling, so "최룡해" and "CH'OE, Ryong-hae" both give joe ryong hae.

Two syllables of one name can then be spelt alike ("Chol" and "Jol" are both jol): the lists'
spellings were ambiguous to begin with, and a name's other words still tell namesakes apart.
Left alone, so that both sides of a comparison stay spelt alike: a name with a generic
organisation word or a legal form, a name whose surname comes last (Korean-American "Daniel
Lee"), and surnames Chinese names share in the same spelling (Lee, Li, Yi: lists write the
North Korean 리/이 as RI). A Chinese or Vietnamese name that reads as Korean syllables
("CHANG, Wei-ming") is written the same way on both sides, so it still meets itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from offramp.normalize.vocab import korean_surnames, org_words

# A syllable's first consonant as the lists write it -> one spelling. Aspiration marks are
# gone before this (apostrophes join a word's letters).
_INITIAL = {"": "", "g": "k", "k": "k", "kk": "k", "gg": "k", "kh": "k", "n": "n", "d": "t",
            "t": "t", "tt": "t", "dd": "t", "th": "t", "r": "r", "m": "m", "b": "p",
            "p": "p", "pp": "p", "bb": "p", "ph": "p", "s": "s", "ss": "s", "sh": "s", "j": "j",
            "jj": "j", "ch": "j", "tch": "j", "h": "h"}
# Vowels: ŏ and ŭ (eo, eu in Revised Romanization) as o and u; oi (Choi) as oe; ee as i.
_VOWEL = {"a": "a", "ae": "ae", "ya": "ya", "yae": "yae", "eo": "o", "o": "o", "e": "e",
          "yeo": "yo", "yo": "yo", "ye": "ye", "wa": "wa", "wae": "wae", "oe": "oe", "oi": "oe",
          "wo": "wo", "weo": "wo", "we": "we", "wi": "wi", "u": "u", "oo": "u", "eu": "u",
          "yu": "yu", "ui": "ui", "i": "i", "ee": "i"}
_FINALS = ("ng", "k", "n", "t", "l", "m", "p")


def _alternation(options: Iterable[str]) -> str:
    return "|".join(sorted(options, key=len, reverse=True))


_SYLLABLE = (f"({_alternation(k for k in _INITIAL if k)})?({_alternation(_VOWEL)})"
             f"({_alternation(_FINALS)})?")
_SYLLABLE_RE = re.compile(_SYLLABLE)
_WORD_RE = re.compile(f"(?:{_SYLLABLE}){{1,2}}")
# A Korean name: a surname and one to three given-name words.
_WORDS = (2, 4)


def _syllables(word: str) -> str | None:
    """``word`` in the one spelling, or None when it is not one or two Korean syllables (a
    given name of two is sometimes written as one word: Yongchol)."""
    if _WORD_RE.fullmatch(word) is None:
        return None
    out = []
    at = 0
    for found in _SYLLABLE_RE.finditer(word):
        if found.start() != at:
            return None
        initial, vowel, final = found.groups()
        out.append(_INITIAL[initial or ""] + _VOWEL[vowel] + (final or ""))
        at = found.end()
    return "".join(out) if at == len(word) else None


def korean_words(words: list[str]) -> list[str]:
    """A name's words in the one spelling when the name reads as Korean (its first word a
    Korean surname, every other word one or two Korean syllables); otherwise ``words``.
    (A word the syllable pattern matches only by backtracking, which a left-to-right reading
    would split otherwise, leaves the name alone too.)"""
    low, high = _WORDS
    if not low <= len(words) <= high:
        return words
    surname = korean_surnames().get(words[0])
    if surname is None or not org_words().keys().isdisjoint(words):
        return words  # (a generic organisation word: "CHONG CHON GANG SHIPPING")
    out = [surname]
    for word in words[1:]:
        spelt = _syllables(word)
        if spelt is None:
            return words
        out.append(spelt)
    return out
