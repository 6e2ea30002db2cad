"""Word-level comparison of two names: which words pair up, and how well.

Names are compared as sets of weighted words rather than as strings, so that a different
distinctive word ("Steel Tubes" / "Steel Wires") costs what that word is worth, and word
order ("MADURO MOROS, Nicolas" / "Nicolas Maduro") costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz.distance import Indel
from rapidfuzz.process import cdist

from offramp.normalize.names import TokenKind

# Below this a pair of words is "different", not "similar": ratio("tube", "wire") is 0.25,
# ratio("qaida", "qaeda") 0.8, ratio("mohammed", "muhammad") 0.75.
PAIR_MIN = 0.6
# Weights by kind: particles and stop words barely count; initials count a little.
STOP_WEIGHT = 0.15
INITIAL_WEIGHT = 0.35
# An initial against a word it could abbreviate ("J" / "John").
INITIAL_SCORE = 0.8


@dataclass(frozen=True, slots=True)
class Pair:
    """Two aligned words and their similarity."""

    query: int
    candidate: int
    similarity: float


def word_similarity(a: str, ka: TokenKind, b: str, kb: TokenKind) -> float:
    """Similarity of two normalised words in [0, 1].

    Numbers must be equal; an initial pairs with a word it abbreviates (0.8) or the same
    initial; other words by normalised Indel similarity (edit distance on characters).
    """
    if a == b:
        return 1.0
    if ka is TokenKind.NUMBER or kb is TokenKind.NUMBER:
        return 0.0
    if ka is TokenKind.INITIAL or kb is TokenKind.INITIAL:
        if ka is TokenKind.INITIAL and kb is TokenKind.INITIAL:
            return 0.0
        return INITIAL_SCORE if a[0] == b[0] else 0.0
    sim = Indel.normalized_similarity(a, b)
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if is_abbreviation(short, long):
        sim = max(sim, PREFIX_SCORE)  # an abbreviation: "tech" / "technology", "intl" is not
    if len(a) >= VARIANT_MIN_LENGTH and len(b) >= VARIANT_MIN_LENGTH:
        va, vb = variant_key(a), variant_key(b)
        sim = max(sim, VARIANT_FACTOR * Indel.normalized_similarity(va, vb))
        if va[0] != vb[0]:
            sim *= FIRST_LETTER_FACTOR
    elif a[0] != b[0]:
        sim *= FIRST_LETTER_FACTOR
    return sim


# Romanisations of the same name differ in predictable ways: vowels (Mohammed / Muhammad,
# Saeed / Said), doubled letters (Hassan / Hasan), and a few consonant spellings (Qaida /
# Kaida, Bozhkov / Bojkov, Rjauzow / Ryauzov, Khashiban / Hashiban). Comparing "variant keys"
# that fold these catches them; short words are exempt, where folding makes different names
# equal.
VARIANT_MIN_LENGTH = 4
# A word of four letters or more that begins a word twice as long is read as its
# abbreviation.
PREFIX_MIN_LENGTH = 4
PREFIX_SCORE = 0.8
VARIANT_FACTOR = 0.92
# A different first sound is rarer between spellings of one name than between two names
# (Hartman / Artman, Martin / Artin).
FIRST_LETTER_FACTOR = 0.85
_DIGRAPHS = (("kh", "h"), ("ph", "f"), ("ck", "k"), ("dzh", "j"), ("dj", "j"), ("zh", "j"),
             ("sch", "sh"), ("tch", "ch"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("th", "t"))
_LETTERS = str.maketrans({"q": "k", "w": "v", "y": "i", "e": "i", "o": "u", "c": "k",
                          "x": "ks"})


def is_abbreviation(short: str, long: str) -> bool:
    """``short`` begins ``long`` and is at most half its length: "tech" / "technology" (a
    name that merely begins another, "Song" / "Songjin", is a different name)."""
    return (len(short) >= PREFIX_MIN_LENGTH and 2 * len(short) <= len(long)
            and long.startswith(short))


@lru_cache(maxsize=65536)
def variant_key(token: str) -> str:
    """``token`` with romanisation variants folded (see above); doubled letters single."""
    for old, new in _DIGRAPHS:
        token = token.replace(old, new)
    token = token.translate(_LETTERS)
    return "".join(ch for i, ch in enumerate(token) if i == 0 or ch != token[i - 1])


# Word pairs recur across queries ("mohammed"/"muhammad"): their similarity is kept.
_CACHE: dict[tuple[str, str], float] = {}
_CACHE_LIMIT = 300_000  # about 60 MB


def cached_similarity(a: str, ka: TokenKind, b: str, kb: TokenKind) -> float:
    """:func:`word_similarity`, remembered per pair of words.

    A word's kind follows from its spelling (digits: number; one letter: initial), so the
    two words are key enough.
    """
    if a == b:
        return 1.0
    key = (a, b)
    sim = _CACHE.get(key)
    if sim is None:
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        sim = _CACHE[key] = word_similarity(a, ka, b, kb)
    return sim


def similarity_rows(q_tokens: tuple[str, ...], q_kinds: tuple[TokenKind, ...],
                    words: dict[str, TokenKind]) -> list[dict[str, float]]:
    """:func:`word_similarity` of every query word against every word in ``words``, at once.

    The same rules, applied to whole matrices: the edit similarities come from one C call per
    spelling (rapidfuzz ``cdist``) instead of one Python call per pair, which is what makes
    scoring dozens of candidates per query affordable. Row ``i`` maps each word to its
    similarity with query word ``i``; results equal :func:`word_similarity` exactly.
    """
    cand = list(words)
    if not cand or not q_tokens:
        return [{} for _ in q_tokens]
    q_var = [variant_key(t) for t in q_tokens]
    c_var = [variant_key(t) for t in cand]
    sim = cdist(q_tokens, cand, scorer=Indel.normalized_similarity, dtype=np.float64)
    var = VARIANT_FACTOR * cdist(q_var, c_var, scorer=Indel.normalized_similarity,
                                 dtype=np.float64)
    q_len = np.array([len(t) for t in q_tokens])[:, None]
    c_len = np.array([len(t) for t in cand])[None, :]
    # Abbreviations: a prefix has edit similarity exactly 2*short/(sum of lengths), so only
    # those pairs need the string test.
    short = np.minimum(q_len, c_len)
    maybe = (short >= PREFIX_MIN_LENGTH) & np.isclose(sim, 2 * short / (q_len + c_len))
    for i, j in zip(*np.nonzero(maybe), strict=True):
        a, b = q_tokens[i], cand[j]
        if is_abbreviation(a, b) or is_abbreviation(b, a):
            sim[i, j] = max(sim[i, j], PREFIX_SCORE)
    long = (q_len >= VARIANT_MIN_LENGTH) & (c_len >= VARIANT_MIN_LENGTH)
    sim = np.where(long, np.maximum(sim, var), sim)
    q_first = np.array([v[0] if len(t) >= VARIANT_MIN_LENGTH else t[0]
                        for t, v in zip(q_tokens, q_var, strict=True)])
    c_first_var = np.array([v[0] for v in c_var])
    c_first_raw = np.array([t[0] for t in cand])
    q_first_raw = np.array([t[0] for t in q_tokens])
    differ = np.where(long, q_first[:, None] != c_first_var[None, :],
                      q_first_raw[:, None] != c_first_raw[None, :])
    sim = np.where(differ, sim * FIRST_LETTER_FACTOR, sim)
    # Numbers and initials follow their own rules; equal words are 1.
    special = (TokenKind.NUMBER, TokenKind.INITIAL)
    c_special = [j for j, t in enumerate(cand) if words[t] in special]
    for i, ka in enumerate(q_kinds):
        for j in range(len(cand)) if ka in special else c_special:
            sim[i, j] = word_similarity(q_tokens[i], ka, cand[j], words[cand[j]])
    rows = [dict(zip(cand, row, strict=True)) for row in sim.tolist()]
    for i, a in enumerate(q_tokens):
        if a in rows[i]:
            rows[i][a] = 1.0
    return rows


def align(q_tokens: tuple[str, ...], q_kinds: tuple[TokenKind, ...],
          c_tokens: tuple[str, ...], c_kinds: tuple[TokenKind, ...],
          rows: list[dict[str, float]] | None = None) -> list[Pair]:
    """Pair words one-to-one, best pairs first (greedy maximum alignment).

    Greedy is exact enough here: names have few words, and the best pair for a word is
    almost always its counterpart. ``rows`` are precomputed :func:`similarity_rows`.
    """
    scored = []
    cache = _CACHE
    for i, a in enumerate(q_tokens):
        row = rows[i] if rows is not None else None
        for j, b in enumerate(c_tokens):
            # Lookups are inlined: this loop runs for every candidate of every query.
            sim = row.get(b) if row is not None else None
            if sim is None:
                sim = 1.0 if a == b else cache.get((a, b))
                if sim is None:
                    sim = cached_similarity(a, q_kinds[i], b, c_kinds[j])
            if sim >= PAIR_MIN:
                scored.append((sim, i, j))
    if len(scored) <= 1:
        return [Pair(i, j, sim) for sim, i, j in scored]
    scored.sort(reverse=True)
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs = []
    for sim, i, j in scored:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        pairs.append(Pair(i, j, sim))
    return pairs
