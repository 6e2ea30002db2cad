"""Candidate selection over every list name: words, sounds, joined spellings, trigrams.

Three kinds of keys point from a query to list names:
- words (and adjacent words joined, and the whole name joined, so "Al Qaida", "AlQaida" and
  "Hai Kang Wei Shi" / "Haikangweishi" meet; a word with its name particles glued on,
  "AL-OTAIBI" / "ALOTAIBI": glued_keys; and an organisation's initials, see
  ACRONYM_LETTERS); a query word also reaches the list's other spellings of it (see
  VARIANT_MIN_LENGTH),
- phonetic codes of words, taken after folding romanisation variants (Mohammed / Muhammad,
  Qaida / Qaeda, Dogayev / Dogaev: ``normalize.phonetic``); a name in Arabic, Hebrew, Japanese or
  Korean script uses consonant skeletons instead (see SKELETON_KEY_MIN),
- character trigrams of the joined name: the fallback, used when the word and sound keys find
  too little, so a misspelling that shares no word with the list is still found.
Candidates are ranked by the summed weight of the keys they share with the query, a word's
sound counting only for names that do not share the word itself (one word is one piece of
evidence, not two), and only the best ``limit`` go on to be scored -- with, after them, every
name holding a query word that ``kernels.RARE_POSTING`` names or fewer hold: a word that rare
points at its party, and two common words ("GENERAL TRADING", in 34 SDN names) outweighed it.
"""

from __future__ import annotations

import itertools
import math
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from offramp.index import kernels
from offramp.normalize.names import NormalizedName, TokenKind
from offramp.normalize.phonetic import (
    HANGUL,
    KATAKANA,
    SKELETON_SCRIPTS,
    THAI,
    generic_words,
    glued_skeleton,
    other_reader,
    phonetic_key,
    reading_of,
    skeleton_reader,
    variant_key,
)
from offramp.normalize.vocab import function_words

IdArray = npt.NDArray[np.int32]

# Keys shared by more names than this are too common to select on (e.g. "al", "trading");
# they still count in scoring.
MAX_POSTING = 4000
# Fallback: how many of the query's rarest trigrams to look up, and the share of them a name
# must contain (4 of 16); and how many of the names it finds are added after those the word
# and sound keys found, when they found some (TRIGRAMS_ADDED; when they found none, it gives
# the limit's worth). A misspelt name's rarest trigrams are often its misspelt ones, so 4 of
# 12 missed names a little further off (CHAIVORASILP, Wimolsri / CHAIWORASIN, Wimonsi). 4 of
# 16 found 44 more aliases of bench/match_quality.py in the top 10 (recall@10 78.25% ->
# 78.62%) but scored 30 names a search instead of 24.5 (8% fewer searches a second); adding
# only the fallback's best 8 after the keyed names keeps 32 of them (78.52%) and scores 24.1
# (match-21). Tried before: 3 of 12 found 0.4 points more recall@10 but made searches 4-8%
# slower; 2 of 12 let more innocents alert.
TRIGRAMS_LOOKED_UP = 16
TRIGRAM_SHARE = 0.25
TRIGRAMS_ADDED = 8
PHONETIC_WEIGHT = 0.6  # a shared sound is weaker evidence than a shared word
# Names handed to scoring per query; candidate recall is measured in bench/match_quality.py.
CANDIDATES_PER_QUERY = 25
_WORD, _NUMBER, _STOP = TokenKind.WORD, TokenKind.NUMBER, TokenKind.STOP
# Queries whose names of equal key sums rank by their number of key words
# (CandidateIndex._tie_break).
_LENGTH_TIES = frozenset({KATAKANA, HANGUL, THAI})
# Query words whose word and sound keys are remembered per thread before starting afresh.
TOKEN_CACHE_SIZE = 200_000
# Organisations are searched by their initials ("ISIL", "RIHS", "KPSK") and written out in
# full: the initials of a name of three to eight words are one of its keys, and a query's
# own initials are looked up among the list's words. Shorter acronyms find too much.
ACRONYM_LETTERS = (3, 8)
ACRONYM_WEIGHT = 0.5
# Some of a name's words written as their initials ("MIR BUSINESS BANK" / MB BANK, "BANK
# SEVERNY MORSKOY PUT" / SMP BANK): the initials of a query's runs of two to ACRONYM_RUN
# adjacent words (in a name of up to ACRONYM_RUN_WORDS_MAX words: longer ones found no
# alias more) are looked up among the list's words. (The other way round, the initials of
# every run of a list name's words as keys, found one alias more on bench/match_quality.py
# for 0.04 s more index build time.)
ACRONYM_RUN = 4
ACRONYM_RUN_WORDS_MAX = 5
# A query in Arabic or Hebrew script is romanised to consonant skeletons ("mhmd" for
# Muhammad), whose metaphone codes often miss the Latin spelling's ("zahd" ST, Zahid SHT). Its
# second kind of key is then the skeletons themselves, looked up among the skeletons of every
# list name's words (of this many letters or more: two, "mr" for Omar, Amir, Umar, Mir,
# found too much) and of adjacent word pairs joined ("hdayt allh" -> hdtlh, HIDAYATULLAH).
# Measured on bench/script_recall.py: Arabic recall@10 86.8% -> 92.5%. Japanese kana are
# looked up the same way (phonetic.SKELETON_SCRIPTS): "kasuperusukii" -> ksprsk, Kaspersky;
# and Hangul and Thai: "rosuneputu" -> rsnpt, Rosneft (phonetic.korean_skeleton, and
# thai_skeleton).
SKELETON_KEY_MIN = 3
# A query word of VARIANT_MIN_LENGTH letters or more also reaches the list's other spellings
# of it, the words with its variant key (normalize.phonetic.variant_key; "souran" for
# "soran"), at VARIANT_WEIGHT of its weight: among the dozens of names a sound key reaches,
# the one spelt most alike then comes first (bench/match_quality.py: five aliases more, SORAN
# COMPANY / SOURAN COMPANY among SERNA and ZORAN). Not a spelling in more than
# MATE_MAX_POSTING names: its names need no nudge, and scanning them costs.
VARIANT_MIN_LENGTH = 4
VARIANT_WEIGHT = 0.25
MATE_MAX_POSTING = 100
# A syllabic abbreviation (match.features._abbreviation: COPROVA, COmercializacion de
# PROductos VArios) shares no word with what it abbreviates. Its first two letters and the
# two after its first cut are the first two letters of the long name's first two words: a
# name of two to six words is keyed by those four letters ("^copr"), a name of one word by
# each such four it could begin with, its first cut after two to ABBREVIATION_CUT letters
# ("$copr", "$coro", "$coov", ...); a query looks up the other kind.
# (The rule's sizes are match.features': a piece of two letters or more, a long name of two
# to six words, a word of up to forty letters; tests/index/test_selection_reference.py checks
# that the two agree. The index sits beside the matcher, not above it.)
ABBREVIATION_CUT = 10
ABBREVIATION_WEIGHT = 0.3
ABBREVIATION_PIECE = 2
ABBREVIATION_WORDS = (2, 6)
ABBREVIATION_MAX_LETTERS = 40
# What _keys gives for a query with no word or no sound key (shared, never written to).
_NO_KEYS = np.zeros(0, dtype=np.int64)
_NO_WEIGHTS = np.zeros(0, dtype=np.float64)
# A query's keys of one kind for kernels.select: key numbers, their weights, and the token
# each is of.
_Keys = tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.int64]]
# A query word's keys in the index (CandidateIndex._token_key).
_TokenKeys = tuple[int, int, Sequence[int]]


def word_keys(name: NormalizedName) -> list[str]:
    """Exact keys of a name: its words, adjacent pairs joined, the whole name joined, and its
    particles glued to their words (:func:`glued_keys`)."""
    words = [t for t, k in zip(name.tokens, name.kinds, strict=True)
             if k in (TokenKind.WORD, TokenKind.NUMBER)]
    keys = list(words)
    keys += [a + b for a, b in itertools.pairwise(words)]
    if _joined_is_key(name, len(words)):
        keys.append(name.joined)
    keys += [glued for _, glued in glued_keys(name)]
    return keys


def glued_keys(name: NormalizedName) -> list[tuple[int, str]]:
    """(word position, key): each word with the name particles before it glued on, as names
    are also written ("AL-OTAIBI" / "ALOTAIBI", "ABU BAKR" / "ABUBAKR", "VAN DER BERG" /
    "VANDERBERG"). The particle is a stop word, no key of its own, so without these a name
    written one way shared only its other words with the other: "ALOTAIBI, Mohammed I." did
    not find AL-OTAIBI, Mohammad among a hundred Mohammeds. Function words ("of", "and") are
    never glued."""
    found: list[tuple[int, str]] = []
    run = ""
    never = function_words()
    for at, (token, kind) in enumerate(zip(name.tokens, name.kinds, strict=True)):
        if kind is _STOP:
            run = "" if token in never else run + token
        else:
            if run and kind is _WORD:
                found.append((at, run + token))
            run = ""
    return found


def abbreviation_keys(name: NormalizedName, query: bool = False) -> list[str]:
    """A name's keys for syllabic abbreviations, or with ``query`` the keys a query looks up
    (see ``ABBREVIATION_CUT``): a name written out ("^" + the first two letters of its first
    two words) meets a one-word name ("$" + its first two letters and two after a cut)."""
    kinds = name.kinds
    low, high = ABBREVIATION_WORDS
    if len(name.key_tokens) == 1:
        word = name.key_tokens[0]
        if not 2 * ABBREVIATION_PIECE <= len(word) <= ABBREVIATION_MAX_LETTERS or (
                not word.isalpha()):
            return []
        mark = "^" if query else "$"
        head = mark + word[:ABBREVIATION_PIECE]
        last = min(len(word) - ABBREVIATION_PIECE, ABBREVIATION_CUT)
        return [head + word[cut:cut + ABBREVIATION_PIECE] for cut in range(
            ABBREVIATION_PIECE, last + 1)]
    # (every query asks: the common case, two words first, without building a list)
    if _NUMBER in kinds or not low <= kinds.count(_WORD) <= high:
        return []
    tokens = name.tokens
    if kinds[0] is _WORD and kinds[1] is _WORD:
        first, second = tokens[0], tokens[1]
    else:
        first, second = [t for t, k in zip(tokens, kinds, strict=True) if k is _WORD][:2]
    if not first.isalpha() or not second.isalpha():
        return []
    return [("$" if query else "^") + first[:ABBREVIATION_PIECE] + second[:ABBREVIATION_PIECE]]


def _joined_is_key(name: NormalizedName, words: int) -> bool:
    """Whether a name's words joined are one of its keys: for a name of more than two words
    (two are a pair key already), or of fewer with a stop word among them ("DES
    INTERNATIONAL CO., LTD.", whose only word is a common one)."""
    return bool(name.joined) and (words > 2 or len(name.tokens) > words >= 1)


def acronym(name: NormalizedName) -> str | None:
    """The initials of a name's words (not stop words) when it has three to eight:
    "Islamic State of Iraq and the Levant" -> "isil"."""
    keys = name.key_tokens  # (every token but the stop words)
    low, high = ACRONYM_LETTERS
    return "".join(t[0] for t in keys) if low <= len(keys) <= high else None


def query_acronyms(name: NormalizedName) -> tuple[str, ...]:
    """What a query's words could be written as in a list name: the initials of the whole
    name (:func:`acronym`), and of every run of two to ``ACRONYM_RUN`` adjacent words of a
    longer name ("MIR BUSINESS BANK" / MB BANK, "BANK SEVERNY MORSKOY PUT" / SMP BANK), in
    that order, each once."""
    return _initials_runs("".join([t[0] for t in name.key_tokens]))


@lru_cache(maxsize=65536)
def _initials_runs(letters: str) -> tuple[str, ...]:
    """:func:`query_acronyms` of a name whose words begin with ``letters`` (remembered: names
    of a few words share their initials with many others, and every search asks)."""
    n = len(letters)
    low, high = ACRONYM_LETTERS
    found = [letters] if low <= n <= high else []
    if n <= ACRONYM_RUN_WORDS_MAX:
        found += [letters[start:start + length]
                  for length in range(2, min(n - 1, ACRONYM_RUN) + 1)
                  for start in range(n - length + 1)]
    return tuple(dict.fromkeys(found))


def sound_keys(name: NormalizedName) -> list[str]:
    """Phonetic keys of a name's words (three letters or more)."""
    return [phonetic_key(t) for t, k in zip(name.tokens, name.kinds, strict=True)
            if k is TokenKind.WORD and len(t) >= 3]


def skeleton_keys(name: NormalizedName, reading: str = "") -> list[str]:
    """Consonant-skeleton keys of a name: its words' skeletons (``SKELETON_KEY_MIN`` letters
    or more) and adjacent words' skeletons joined, a doubled letter written once; marked with a
    leading "~" (keys of another kind share no postings with these). ``reading``: the script
    whose writing of foreign names the skeletons follow (``phonetic.skeleton_reader``: the
    skeletons Japanese kana or Hangul would leave), "" for plain skeletons. A reading's other
    skeleton of a word is a key too, where it differs (``phonetic.other_reader``: Hangul
    without the r English leaves unsounded)."""
    reduce = skeleton_reader(reading)
    words = [t for t, k in zip(name.tokens, name.kinds, strict=True) if k is TokenKind.WORD]
    bare = [reduce(t) for t in words]
    keys = ["~" + b for b in bare if len(b) >= SKELETON_KEY_MIN]
    keys += [_joined_skeleton(a, b) for a, b in itertools.pairwise(bare)]
    other_reduce = other_reader(reading)
    if other_reduce is not None:
        # a word as the script also writes it (Hangul: 카스퍼스키, "kspsk", is Kaspersky,
        # "ksprsk", without the r English leaves unsounded)
        keys += ["~" + other for word, b in zip(words, bare, strict=True)
                 if (other := other_reduce(word)) != b and len(other) >= SKELETON_KEY_MIN]
    return keys


def _skeleton_pairs(words: list[str]) -> list[tuple[str, str]]:
    """The word pairs whose joined skeletons are a query's keys: adjacent words, and the last
    word before the first, the order lists write a person's name in ("SHOIGU, Sergei" for
    a query "Sergei Shoigu"; a list name's pairs are its adjacent words alone). Only skeleton
    queries have pair keys, and among skeletons a short word's is often under
    ``SKELETON_KEY_MIN`` letters, so the pair is all there is to find it by (쇼이구,
    Shoigu: "sk"). bench/script_recall.py: Korean recall@10 +3 points, Arabic unchanged."""
    pairs = list(itertools.pairwise(words))
    if len(words) >= 2:
        pairs.append((words[-1], words[0]))
    return pairs


def _joined_skeleton(a: str, b: str) -> str:
    """The key of two adjacent words' skeletons joined and squeezed: ``"~" + squeezed(a + b)``,
    cheaply, as skeletons are squeezed already (every list name's pairs are keyed)."""
    return "~" + a + b[1:] if a[-1] == b[0] else "~" + a + b


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


def _variants(names: Sequence[NormalizedName], words: Postings) -> dict[str, list[int]]:
    """Variant key -> the word keys of the list's words of ``VARIANT_MIN_LENGTH`` letters or
    more with that variant key (``normalize.phonetic.variant_key``), in key order: the
    spellings of one name that the index holds ("souran" for a query's "soran")."""
    seen: set[str] = set()
    for name in names:
        seen.update(name.tokens)
    found: dict[str, list[int]] = {}
    # (in key order, so that a query adds its mates' weights in the same order in every
    # process; the keys also hold joined words, which are no tokens, and a stop word is a
    # token but no key)
    for word, k in words.keys.items():
        if len(word) >= VARIANT_MIN_LENGTH and word in seen and word.isalpha():
            found.setdefault(variant_key(word), []).append(k)
    return found


class CodePostings:
    """Trigram code -> sorted name positions: like :class:`Postings`, keyed by integers
    (:func:`trigram_codes`) so that keys are computed and looked up in compiled code."""

    def __init__(self, codes: npt.NDArray[np.int64], positions: npt.NDArray[np.int64]) -> None:
        # Sorted by (code, position), repeats dropped. Positions come in order from
        # of_strings, so a stable sort by code alone does it (half the time of lexsort).
        if positions.size < 2 or bool(np.all(positions[1:] >= positions[:-1])):
            order = np.argsort(codes, kind="stable")
        else:
            order = np.lexsort((positions, codes))
        codes, positions = codes[order], positions[order]
        starts = np.zeros(0, dtype=np.int64)
        if codes.size:
            fresh = np.concatenate(([True], (codes[1:] != codes[:-1])
                                    | (positions[1:] != positions[:-1])))
            codes, positions = codes[fresh], positions[fresh]
            # (where each code's run begins: codes are sorted, so np.unique's sort is spared)
            starts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
        self.codes = codes[starts]
        self.ids: IdArray = positions.astype(np.int32)
        self.offsets = np.append(starts, codes.size).astype(np.int64)

    @classmethod
    def of_strings(cls, strings: Sequence[str]) -> CodePostings:
        """Postings of every trigram of ``strings[i]`` to ``i``."""
        return cls(*trigram_codes(strings))

    def __len__(self) -> int:
        return len(self.codes)


def trigram_codes(strings: Sequence[str]) -> tuple[npt.NDArray[np.int64],
                                                   npt.NDArray[np.int64]]:
    """(code, string number) of every trigram of each string padded with a space at both
    ends (:func:`trigrams`), each packed into one integer of three 21-bit code points as
    the selection kernel packs a query's (``kernels.by_trigrams``).

    In numpy, not compiled: the index build then loads no compiled code (a fifth of a
    second in a new process)."""
    padded = np.frombuffer("".join([f" {s} " for s in strings]).encode("utf-32-le"),
                           dtype=np.int32).astype(np.int64)
    lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    if padded.size < 3:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    codes = padded[:-2] << 42 | padded[1:-1] << 21 | padded[2:]
    # A string of n letters is n + 2 padded ones and has n windows; the two after them in
    # the concatenation straddle the next string.
    inside = np.ones(padded.size, dtype=np.bool_)
    ends = np.cumsum(lengths + 2)
    inside[ends - 1] = False
    inside[ends - 2] = False
    return codes[inside[:-2]], np.repeat(np.arange(len(strings), dtype=np.int64), lengths)


class CandidateIndex:
    """Inverted indexes from keys to positions in the list of prepared names."""

    def __init__(self, words: Postings, sounds: Postings, grams: CodePostings,
                 size: int, names: Sequence[NormalizedName]) -> None:
        """``names``: the indexed names, kept for the skeleton keys (:attr:`skeletons`)."""
        self.words = words
        self.sounds = sounds
        self._names = names
        # reading ("" for plain skeletons, or phonetic.reading_of's script) -> every name's
        # skeleton keys as that script would leave them, each built on first use
        self._skeletons: dict[str, Postings] = {}
        # variant key -> the words spelt that way (set by build: ``_variants``)
        self.variants: dict[str, list[int]] = {}
        self._lock = threading.Lock()
        self.grams = grams
        self.size = size
        # per name, its number of key words: of names that share as much with a query in
        # katakana, Hangul or Thai, the one with fewer other words is the likelier match
        # (kernels._best; _tie_break)
        self.lengths = np.fromiter((len(name.key_tokens) for name in names), dtype=np.int32,
                                   count=len(names))
        self._same_lengths = np.zeros(len(names), dtype=np.int32)
        self._local = threading.local()  # per-thread scratch for the compiled selection

    @classmethod
    def build(cls, names: Sequence[NormalizedName],
              persons: Sequence[bool] | None = None) -> CandidateIndex:
        """Index every name (positions in ``names`` are the candidates' numbers);
        ``persons[i]``: name ``i`` is a person's, whose initials are no key."""
        w_keys: list[str] = []
        w_positions: list[int] = []
        s_keys: list[str] = []
        s_positions: list[int] = []
        for i, name in enumerate(names):
            found = word_keys(name)
            if persons is None or not persons[i]:
                initials = acronym(name)
                if initials is not None:
                    found.append(initials)
                # (and as written, legal form and untranslated words included: NIOC)
                found += [w for w in name.initials if w != initials]
                found += abbreviation_keys(name)
            w_keys += found
            w_positions += [i] * len(found)
            found = sound_keys(name)
            s_keys += found
            s_positions += [i] * len(found)
        grams = CodePostings.of_strings([name.joined for name in names])
        words = Postings(w_keys, w_positions)
        index = cls(words, Postings(s_keys, s_positions), grams, len(names), names)
        index.variants = _variants(names, words)
        return index

    def skeletons(self, reading: str = "") -> Postings:
        """Every name's :func:`skeleton_keys` for ``reading`` ("": plain skeletons, read by
        queries in Arabic or Hebrew script; "Kana", "Hang" and "Thai" as katakana, Hangul
        and Thai leave them), built on first use, once, under the lock: only queries in
        those scripts read them, and building them would add about a quarter to the index's
        build time for every screener."""
        found = self._skeletons.get(reading)
        if found is None:
            with self._lock:
                found = self._skeletons.get(reading)
                if found is None:
                    found = self._skeleton_postings(reading)
                    # (a new dict, not an update: other threads read the old one unlocked)
                    self._skeletons = {**self._skeletons, reading: found}
        return found

    def _skeleton_postings(self, reading: str) -> Postings:
        keys: list[str] = []
        positions: list[int] = []
        for i, name in enumerate(self._names):
            bare = skeleton_keys(name, reading)
            keys += bare
            positions += [i] * len(bare)
        return Postings(keys, positions)

    def keyed_candidates(self, name: NormalizedName, weights: Iterable[float]) -> IdArray:
        """Every name sharing a word or sound key with the query (no trigram fallback), best
        first: for measuring what the fallback adds."""
        ids, sums = self._keyed(name, dict(zip(name.tokens, weights, strict=True)))
        found: IdArray = ids[np.lexsort((ids, self._tie_break(name)[ids], -sums))]
        return found

    def candidates(self, name: NormalizedName, weights: Iterable[float],
                   limit: int = CANDIDATES_PER_QUERY) -> IdArray:
        """The ``limit`` best candidate names for a query, best first (see the module
        docstring; ``kernels.select`` has the rules)."""
        found: IdArray = kernels.select(*self.selection(name, weights, limit))
        return found

    def selection(self, name: NormalizedName, weights: Iterable[float],
                  limit: int = CANDIDATES_PER_QUERY) -> tuple[Any, ...]:
        """The arguments of ``kernels.select`` for a query, in its order (a search that
        selects and scores in one compiled call passes them on)."""
        # (bytearray: a writable array, as numba compiled the selection for)
        return self.selection_with(
            name, weights, np.frombuffer(bytearray(name.joined.encode("utf-32-le")),
                                         dtype=np.int32), limit)

    def selection_with(self, name: NormalizedName, weights: Iterable[float], joined: IdArray,
                       limit: int = CANDIDATES_PER_QUERY) -> tuple[Any, ...]:
        """:meth:`selection` given the joined name's code points as a writable int32 array
        (a search that packs the query for scoring first has them: ``packed.pack_query``)."""
        token_weight = dict(zip(name.tokens, weights, strict=True))
        (w_keys, w_weights, w_tok), (s_keys, s_weights, s_tok) = self._keys(name, token_weight)
        # (every key token is a token, so the lookup cannot miss; summed in token order)
        total = sum(map(token_weight.__getitem__, name.key_tokens)) or 1.0
        if name.script == HANGUL:
            # A name in Hangul may be a Korean one, whose words are joined ("jangsonyong")
            # where the lists write them apart ("JANG, Yong Son"): the skeleton keys say
            # nothing of it, the joined name's trigrams do. Such a query always adds the
            # trigram fallback's candidates (kernels.select falls back when the best sum is
            # under half of ``total``).
            total = math.inf
        sounds = self._second(name)
        return (self.words.ids, self.words.offsets, w_keys, w_weights, w_tok, sounds.ids,
                sounds.offsets, s_keys, s_weights, s_tok, self.grams.ids, self.grams.offsets,
                self.grams.codes, joined, total, limit, MAX_POSTING, TRIGRAMS_LOOKED_UP,
                TRIGRAM_SHARE, TRIGRAMS_ADDED, self._tie_break(name), *self._scratch())

    def _tie_break(self, name: NormalizedName) -> npt.NDArray[np.int32]:
        """What ranks the names a query's keys reach with equal sums before their list order
        (``kernels._best``): for a query in katakana, Hangul or Thai, the names' numbers of
        key words, fewest first. Those scripts write a foreign name's sounds, and the name is
        found by its consonant skeletons alone, a coarse key: ハイテラ's one key, "htr", is in
        54 list names, and HYTERA came after AL-AKHTAR TRUST INTERNATIONAL and HOTEL CASA
        GRANDE - SARAJEVO; the name with fewer other words is the likelier match. Other
        queries keep list order: for Latin ones the same order found 12 aliases more in the
        top 10 of bench/match_quality.py but one more innocent alerted, at the false-alert
        budget's edge, and for Arabic script 48 more of the screening bench's names alerted
        (7 fewer), for 2 more of the UN names in bench/script_recall.py."""
        return self.lengths if name.script in _LENGTH_TIES else self._same_lengths

    def _second(self, name: NormalizedName) -> Postings:
        """The postings of a query's second kind of key: consonant skeletons for a name in
        Arabic, Hebrew, Japanese or Korean script, sounds for any other
        (``SKELETON_KEY_MIN``)."""
        if name.script not in SKELETON_SCRIPTS:
            return self.sounds
        return self.skeletons(reading_of(name.script))

    def _token_keys(self) -> dict[str, _TokenKeys]:
        """Per thread: query word -> its keys in the index (:meth:`_token_key`), remembered
        because common words recur in most queries, and metaphone plus the lookups in the
        index's large key tables cost microseconds."""
        known: dict[str, _TokenKeys] | None = getattr(self._local, "token_keys", None)
        if known is None or len(known) >= TOKEN_CACHE_SIZE:
            known = self._local.token_keys = {}
        return known

    def _token_key(self, token: str, known: dict[str, _TokenKeys]) -> _TokenKeys:
        """The keys of a WORD token in the index: its word key's number and its sound key's
        (-1: none; sound keys as :func:`sound_keys`: words of three letters or more), and the
        word keys of its other spellings (:attr:`variants`)."""
        sound = self.sounds.keys.get(phonetic_key(token), -1) if len(token) >= 3 else -1
        word = self.words.keys.get(token, -1)
        mates = (self.variants.get(variant_key(token), ())
                 if len(token) >= VARIANT_MIN_LENGTH else ())
        if mates:
            # (not the word itself, nor a spelling so common that its names fill the 25
            # without a nudge: scanning its posting costs more than it finds)
            offsets = self.words.offsets
            mates = [k for k in mates if k != word
                     and offsets[k + 1] - offsets[k] <= MATE_MAX_POSTING]
        found = known[token] = (word, sound, mates)
        return found

    def _scratch(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.uint8],
                                npt.NDArray[np.int64]]:
        """Per-thread scratch of ``kernels.select``, a slot per name: key weights summed
        (zeroed), trigrams counted (zeroed) and the names touched."""
        scratch: tuple[npt.NDArray[np.float64], npt.NDArray[np.uint8],
                       npt.NDArray[np.int64]] | None = getattr(self._local, "scratch", None)
        if scratch is None:
            size = max(self.size, 1)
            scratch = self._local.scratch = (np.zeros(size, dtype=np.float64),
                                             np.zeros(size, dtype=np.uint8),
                                             np.zeros(size, dtype=np.int64))
        return scratch

    def _keys(self, name: NormalizedName, token_weight: dict[str, float],
              ) -> tuple[_Keys, _Keys]:
        """(key numbers, weights, token numbers) of the query's word keys and of its sound
        keys.

        The keys of :func:`word_keys` and :func:`sound_keys` in their order, in one pass (this
        runs once per search, so its Python cost counts). A key's token number is the
        position in ``name.tokens`` of the word it is the spelling or the sound of (-1 for a
        joined pair, the joined name, the initials and numbers): the selection counts a
        word's sound only for names without the word. For a name in Arabic, Hebrew, Japanese or
        Korean script the second kind of key is its :func:`skeleton_keys` (``SKELETON_KEY_MIN``).
        """
        words_get = self.words.keys.get
        keys_of = self._token_keys()
        weight_of = token_weight.get
        words: list[str] = []
        w_tok: list[int] = []
        s_tok: list[int] = []
        w_keys: list[int] = []
        w_weights: list[float] = []
        s_keys: list[int] = []
        s_weights: list[float] = []
        # The words' own keys come first, in token order (as word_keys lists them), so they
        # are taken in the same pass as the sound keys.
        for at, (token, kind) in enumerate(zip(name.tokens, name.kinds, strict=True)):
            if kind is _WORD:
                words.append(token)
                keyed = keys_of.get(token)
                if keyed is None:
                    keyed = self._token_key(token, keys_of)
                word, sound, mates = keyed
                weight = weight_of(token, 1.0)
                if word >= 0:
                    w_keys.append(word)
                    w_tok.append(at)
                    w_weights.append(weight)
                for mate in mates:
                    w_keys.append(mate)
                    w_tok.append(-1)
                    w_weights.append(weight * VARIANT_WEIGHT)
                if sound >= 0:
                    s_keys.append(sound)
                    s_tok.append(at)
                    s_weights.append(weight * PHONETIC_WEIGHT)
            elif kind is _NUMBER:
                words.append(token)
                k = words_get(token)
                if k is not None:
                    w_keys.append(k)
                    w_tok.append(-1)  # (a number has no sound key)
                    w_weights.append(weight_of(token, 1.0))
        keys = [a + b for a, b in itertools.pairwise(words)]
        if _joined_is_key(name, len(words)):
            keys.append(name.joined)
        for key in keys:
            k = words_get(key)
            if k is not None:
                w_keys.append(k)
                w_tok.append(-1)
                w_weights.append(weight_of(key, 1.0))
        if _STOP in name.kinds:
            # (a glued word weighs what the word does: one more spelling of it)
            for at, key in glued_keys(name):
                k = words_get(key)
                if k is not None:
                    w_keys.append(k)
                    w_tok.append(-1)
                    w_weights.append(weight_of(name.tokens[at], 1.0))
        acronyms = (query_acronyms(name) if len(name.key_tokens) >= 3 else ())
        if name.initials and len(name.key_tokens) >= 2:
            acronyms = tuple(dict.fromkeys((*acronyms, *name.initials)))
        for initials in acronyms:
            # (most miss: looked up first; the initials as written, NormalizedName.initials,
            # count the legal form's and the untranslated words': "National Iranian Oil
            # Company" looks up NIOC)
            k = words_get(initials)
            if k is not None and initials not in keys and initials not in words:
                w_keys.append(k)
                w_tok.append(-1)
                w_weights.append(ACRONYM_WEIGHT)
        for key in abbreviation_keys(name, query=True):
            k = words_get(key)
            if k is not None:
                w_keys.append(k)
                w_tok.append(-1)
                w_weights.append(ABBREVIATION_WEIGHT)
        if name.script in SKELETON_SCRIPTS:
            s_keys, s_weights, s_tok = self._skeleton_keys(name, weight_of)
        # (a query often has no word key in the list, a misspelling say: the shared empty
        # arrays then save building two; the compiled selection never writes to these)
        return ((np.array(w_keys, dtype=np.int64), np.array(w_weights, dtype=np.float64),
                 np.array(w_tok, dtype=np.int64)) if w_keys else (_NO_KEYS, _NO_WEIGHTS, _NO_KEYS),
                (np.array(s_keys, dtype=np.int64), np.array(s_weights, dtype=np.float64),
                 np.array(s_tok, dtype=np.int64)) if s_keys else (_NO_KEYS, _NO_WEIGHTS, _NO_KEYS))

    def _skeleton_keys(self, name: NormalizedName, weight_of: Callable[[str, float], float],
                       ) -> tuple[list[int], list[float], list[int]]:
        """(key numbers, weights, token numbers) of the :func:`skeleton_keys` of a query in
        Arabic, Hebrew, Japanese or Korean script that the index has, in their order: a
        word's skeleton weighs what its sound would, a pair's ``PHONETIC_WEIGHT`` (the pairs
        of :func:`_skeleton_pairs`)."""
        numbers = self._second(name).keys
        reduce = skeleton_reader(name.script)
        keys: list[int] = []
        weights: list[float] = []
        tokens: list[int] = []
        words = [(at, token) for at, (token, kind) in enumerate(
            zip(name.tokens, name.kinds, strict=True)) if kind is _WORD]
        for at, token in words:
            k = numbers.get("~" + reduce(token), -1)
            if k >= 0 and len(reduce(token)) >= SKELETON_KEY_MIN:
                keys.append(k)
                weights.append(weight_of(token, 1.0) * PHONETIC_WEIGHT)
                tokens.append(at)
        reading = reading_of(name.script)
        generic = generic_words()
        for a, b in _skeleton_pairs([token for _, token in words]):
            joined = _joined_skeleton(reduce(a), reduce(b))
            k = numbers.get(joined, -1)
            if k >= 0:
                keys.append(k)
                weights.append(PHONETIC_WEIGHT)
                tokens.append(-1)
            if a in generic or b in generic:
                # a generic word written onto the other in a list word: its consonants
                # (ガスプロムバンク, gasupuromu bank: "gsprmbnk", GAZPROMBANK)
                glued = _joined_skeleton(glued_skeleton(reading, a), glued_skeleton(reading, b))
                k = numbers.get(glued, -1) if glued != joined else -1
                if k >= 0:
                    keys.append(k)
                    weights.append(PHONETIC_WEIGHT)
                    tokens.append(-1)
        return keys, weights, tokens

    def _keyed(self, name: NormalizedName, token_weight: dict[str, float],
               ) -> tuple[IdArray, npt.NDArray[np.float64]]:
        """Names sharing a word or sound key with ``name`` and their summed key weights."""
        (w_keys, w_weights, w_tok), (s_keys, s_weights, s_tok) = self._keys(name, token_weight)
        acc, mark, _ = self._scratch()
        sounds = self._second(name)
        result: tuple[IdArray, npt.NDArray[np.float64]] = kernels.keyed(
            self.words.ids, self.words.offsets, w_keys, w_weights, w_tok, sounds.ids,
            sounds.offsets, s_keys, s_weights, s_tok, MAX_POSTING, acc, mark)
        return result

    def __getstate__(self) -> dict[str, object]:
        return {key: value for key, value in self.__dict__.items()
                if key not in ("_local", "_lock")}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._local = threading.local()
        self._lock = threading.Lock()

