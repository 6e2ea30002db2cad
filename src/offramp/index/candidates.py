"""Candidate selection over every list name: words, sounds, joined spellings, trigrams.

Three kinds of keys point from a query to list names:
- words (and adjacent words joined, and the whole name joined, so "Al Qaida", "AlQaida" and
  "Hai Kang Wei Shi" / "Haikangweishi" meet),
- phonetic codes of words (Mohammed / Muhammad, Qaida / Qaeda),
- character trigrams of the joined name: the fallback, used when the word and sound keys find
  too little, so a misspelling that shares no word with the list is still found.
Candidates are ranked by the summed weight of the keys they share with the query, and only
the best ``limit`` go on to be scored.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from offramp.index import kernels
from offramp.match.query import PreparedName
from offramp.normalize.names import NormalizedName, TokenKind
from offramp.normalize.phonetic import phonetic_key

IdArray = npt.NDArray[np.int32]

# Keys shared by more names than this are too common to select on (e.g. "al", "trading");
# they still count in scoring.
MAX_POSTING = 4000
# Fallback: how many of the query's rarest trigrams to look up, and the share of them a name
# must contain.
TRIGRAMS_LOOKED_UP = 12
TRIGRAM_SHARE = 0.4
PHONETIC_WEIGHT = 0.6  # a shared sound is weaker evidence than a shared word
# Names handed to scoring per query; candidate recall is measured in bench/match_quality.py.
CANDIDATES_PER_QUERY = 25


def word_keys(name: NormalizedName) -> list[str]:
    """Exact keys of a name: its words, adjacent pairs joined, and the whole name joined."""
    words = [t for t, k in zip(name.tokens, name.kinds, strict=True)
             if k in (TokenKind.WORD, TokenKind.NUMBER)]
    keys = list(words)
    keys += [a + b for a, b in itertools.pairwise(words)]
    if len(words) > 2 and name.joined:
        keys.append(name.joined)
    return keys


def sound_keys(name: NormalizedName) -> list[str]:
    """Phonetic keys of a name's words (three letters or more)."""
    return [phonetic_key(t) for t, k in zip(name.tokens, name.kinds, strict=True)
            if k is TokenKind.WORD and len(t) >= 3]


def trigrams(text: str) -> set[str]:
    """Character trigrams of ``text`` padded with spaces at both ends."""
    padded = f" {text} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


class Postings:
    """Key -> sorted name positions, stored as one array with offsets.

    One flat array (and a dict of key numbers) saves and loads an order of magnitude faster
    than tens of thousands of small arrays.
    """

    def __init__(self, keys: list[str], positions: list[int]) -> None:
        """Build from parallel lists: ``keys[n]`` occurs in the name at ``positions[n]``
        (any order, repeats allowed)."""
        self.keys: dict[str, int] = {key: n for n, key in enumerate(dict.fromkeys(keys))}
        numbers = self.keys
        key_ids = np.fromiter((numbers[key] for key in keys), dtype=np.int64, count=len(keys))
        # Sort by (key, position) and drop repeats in C rather than per key in Python.
        both = np.sort(key_ids << 32 | np.asarray(positions, dtype=np.int64))
        if both.size:
            both = both[np.concatenate(([True], both[1:] != both[:-1]))]
        self.ids: IdArray = (both & 0xFFFFFFFF).astype(np.int32)
        counts = np.bincount(both >> 32, minlength=len(self.keys))
        self.offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)

    def get(self, key: str) -> IdArray | None:
        """The positions of names with ``key``, or None."""
        k = self.keys.get(key)
        if k is None:
            return None
        return self.ids[self.offsets[k]:self.offsets[k + 1]]

    def count(self, key: str) -> int:
        """How many names have ``key``."""
        k = self.keys.get(key)
        return 0 if k is None else int(self.offsets[k + 1] - self.offsets[k])

    def __contains__(self, key: str) -> bool:
        return key in self.keys

    def __len__(self) -> int:
        return len(self.keys)


class CandidateIndex:
    """Inverted indexes from keys to positions in the list of prepared names."""

    def __init__(self, words: Postings, sounds: Postings, grams: Postings, size: int) -> None:
        self.words = words
        self.sounds = sounds
        self.grams = grams
        self.size = size
        self._local = threading.local()  # per-thread scratch for the compiled selection

    @classmethod
    def build(cls, names: Sequence[PreparedName]) -> CandidateIndex:
        """Index every prepared name."""
        lists: tuple[tuple[list[str], list[int]], ...] = (([], []), ([], []), ([], []))
        for i, prepared in enumerate(names):
            for (keys, positions), found in zip(
                lists, (word_keys(prepared.name), sound_keys(prepared.name),
                        trigrams(prepared.name.joined)), strict=True):
                keys.extend(found)
                positions.extend([i] * len(found))
        words, sounds, grams = (Postings(keys, positions) for keys, positions in lists)
        return cls(words, sounds, grams, len(names))

    def keyed_candidates(self, name: NormalizedName, weights: Iterable[float]) -> IdArray:
        """Every name sharing a word or sound key with the query (no trigram fallback), best
        first: for measuring what the fallback adds."""
        ids, sums = self._keyed(name, dict(zip(name.tokens, weights, strict=True)))
        found: IdArray = kernels.ranked(ids, sums, len(ids))[0]
        return found

    def candidates(self, name: NormalizedName, weights: Iterable[float],
                   limit: int = CANDIDATES_PER_QUERY) -> IdArray:
        """The ``limit`` best candidate names for a query, best first."""
        token_weight = dict(zip(name.tokens, weights, strict=True))
        ids, sums = self._keyed(name, token_weight)
        found, strength = kernels.ranked(ids, sums, limit)
        total = sum(token_weight.get(t, 0.0) for t in name.key_tokens) or 1.0
        if len(found) >= limit and strength[0] >= 0.5 * total:
            return found
        fallback = self._trigram_candidates(name.joined, limit)
        if not len(found):
            return fallback
        merged = np.concatenate([found, fallback])
        _, first = np.unique(merged, return_index=True)
        result: IdArray = merged[np.sort(first)][: limit * 2]
        return result

    def _scratch(self) -> npt.NDArray[np.float64]:
        acc: npt.NDArray[np.float64] | None = getattr(self._local, "acc", None)
        if acc is None:
            acc = self._local.acc = np.zeros(max(self.size, 1), dtype=np.float64)
        return acc

    def _keyed(self, name: NormalizedName, token_weight: dict[str, float],
               ) -> tuple[IdArray, npt.NDArray[np.float64]]:
        """Names sharing a word or sound key with ``name`` and their summed key weights."""
        words = self.words.keys
        w_keys, w_weights = [], []
        for key in word_keys(name):
            k = words.get(key)
            if k is not None:
                w_keys.append(k)
                w_weights.append(token_weight.get(key, 1.0))
        sounds = self.sounds.keys
        s_keys, s_weights = [], []
        for key, weight in zip(sound_keys(name), _word_weights(name, token_weight),
                               strict=True):
            k = sounds.get(key)
            if k is not None:
                s_keys.append(k)
                s_weights.append(weight * PHONETIC_WEIGHT)
        result: tuple[IdArray, npt.NDArray[np.float64]] = kernels.keyed(
            self.words.ids, self.words.offsets, np.array(w_keys, dtype=np.int64),
            np.array(w_weights, dtype=np.float64), self.sounds.ids, self.sounds.offsets,
            np.array(s_keys, dtype=np.int64), np.array(s_weights, dtype=np.float64),
            MAX_POSTING, self._scratch())
        return result

    def _trigram_candidates(self, text: str, limit: int) -> IdArray:
        grams = self.grams.keys
        keys = sorted(k for k in map(grams.get, trigrams(text)) if k is not None)
        found: IdArray = kernels.by_trigrams(
            self.grams.ids, self.grams.offsets, np.array(keys, dtype=np.int64),
            TRIGRAMS_LOOKED_UP, TRIGRAM_SHARE, limit, self._scratch())
        return found

    def __getstate__(self) -> dict[str, object]:
        return {key: value for key, value in self.__dict__.items() if key != "_local"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._local = threading.local()


def _word_weights(name: NormalizedName, token_weight: dict[str, float]) -> list[float]:
    return [token_weight.get(t, 1.0) for t, k in zip(name.tokens, name.kinds, strict=True)
            if k is TokenKind.WORD and len(t) >= 3]
