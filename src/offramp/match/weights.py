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


class TokenWeights:
    """Word weights from document frequencies over ``total`` names."""

    def __init__(self, df: Mapping[str, int], total: int) -> None:
        self.df = dict(df)
        self.total = max(total, 1)
        self._log_total = math.log(self.total + 1)

    def word(self, token: str) -> float:
        """Weight of a WORD or NUMBER token in [FLOOR, 1]; unseen words weigh 1."""
        df = self.df.get(token, 0)
        idf = math.log((self.total + 1) / (df + 1)) / self._log_total
        # Squared so that a word in 1% of names ("foreign", "association") weighs about half
        # of a unique one, not 70% of it.
        return FLOOR + (1.0 - FLOOR) * idf * idf

    def of(self, name: NormalizedName) -> tuple[float, ...]:
        """Weights of every token of a name, by kind."""
        out = []
        for token, kind in zip(name.tokens, name.kinds, strict=True):
            if kind is TokenKind.STOP:
                out.append(STOP_WEIGHT)
            elif kind is TokenKind.INITIAL:
                out.append(INITIAL_WEIGHT)
            elif kind is TokenKind.NUMBER:
                out.append(1.0)
            else:
                out.append(self.word(token))
        return tuple(out)
