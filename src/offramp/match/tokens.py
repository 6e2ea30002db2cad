"""Word-level comparison of two names: which words pair up, and how well.

Names are compared as sets of weighted words rather than as strings, so that a different
distinctive word ("Steel Tubes" / "Steel Wires") costs what that word is worth, and word
order ("MADURO MOROS, Nicolas" / "Nicolas Maduro") costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Indel

from offramp.normalize.names import TokenKind

# Below this a pair of words is "different", not "similar": ratio("tube", "wire") is 0.25,
# ratio("qaida", "qaeda") 0.8, ratio("mohammed", "muhammad") 0.75.
PAIR_MIN = 0.6
# Weights by kind: particles and stop words barely count; initials count a little.
STOP_WEIGHT = 0.15
INITIAL_WEIGHT = 0.35


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
        return 0.8 if a[0] == b[0] else 0.0
    return Indel.normalized_similarity(a, b)


def align(q_tokens: tuple[str, ...], q_kinds: tuple[TokenKind, ...],
          c_tokens: tuple[str, ...], c_kinds: tuple[TokenKind, ...]) -> list[Pair]:
    """Pair words one-to-one, best pairs first (greedy maximum alignment).

    Greedy is exact enough here: names have few words, and the best pair for a word is
    almost always its counterpart.
    """
    scored = []
    for i, (a, ka) in enumerate(zip(q_tokens, q_kinds, strict=True)):
        for j, (b, kb) in enumerate(zip(c_tokens, c_kinds, strict=True)):
            sim = word_similarity(a, ka, b, kb)
            if sim >= PAIR_MIN:
                scored.append((sim, i, j))
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
