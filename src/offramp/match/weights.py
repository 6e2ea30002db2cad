"""How much each word of a name counts: rare words identify, common words barely do.

Weights come from document frequency over every name in the index (an IDF), so "hikvision"
outweighs "trading" and "mohammed" without any hand-made list; stop words, particles and
initials get fixed low weights.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from offramp.match.tokens import INITIAL_WEIGHT, STOP_WEIGHT
from offramp.normalize.names import NormalizedName, TokenKind

# A word found in every name still counts this much: shared common words are weak evidence,
# not none.
FLOOR = 0.25


# Query words whose weights are remembered (see TokenWeights.of) before starting afresh.
WORD_CACHE_SIZE = 200_000
_WORD, _NUMBER, _STOP, _INITIAL = (TokenKind.WORD, TokenKind.NUMBER, TokenKind.STOP,
                                   TokenKind.INITIAL)


class TokenWeights:
    """Word weights from document frequencies over ``total`` names."""

    def __init__(self, df: Mapping[str, int], total: int) -> None:
        self.df = dict(df)
        self.total = max(total, 1)
        self._log_total = math.log(self.total + 1)
        self._known: dict[str, float] = {}

    def __getstate__(self) -> dict[str, object]:
        return {key: value for key, value in self.__dict__.items() if key != "_known"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._known = {}

    def word(self, token: str) -> float:
        """Weight of a WORD or NUMBER token in [FLOOR, 1]; unseen words weigh 1."""
        df = self.df.get(token, 0)
        idf = math.log((self.total + 1) / (df + 1)) / self._log_total
        # Squared so that a word in 1% of names ("foreign", "association") weighs about half
        # of a unique one, not 70% of it.
        return FLOOR + (1.0 - FLOOR) * idf * idf

    def of(self, name: NormalizedName) -> tuple[float, ...]:
        """Weights of every token of a name, by kind."""
        # Every search weighs its words: a word's weight is remembered (two logarithms and a
        # lookup cost more than the dict; common words recur in most queries).
        known = self._known
        out = []
        for token, kind in zip(name.tokens, name.kinds, strict=True):
            if kind is _WORD:
                weight = known.get(token)
                if weight is None:
                    weight = self.word(token)
                    if len(known) >= WORD_CACHE_SIZE:
                        known.clear()
                    known[token] = weight
                out.append(weight)
            elif kind is _STOP:
                out.append(STOP_WEIGHT)
            elif kind is _INITIAL:
                out.append(INITIAL_WEIGHT)
            else:
                out.append(1.0)
        return tuple(out)
