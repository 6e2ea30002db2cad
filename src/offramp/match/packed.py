"""List names and queries packed into flat arrays for the compiled scorer (``kernels``).

:class:`PackedNames` is built once per screener from its prepared names: a vocabulary of every
word (with its romanisation-variant key and consonant skeleton) as code points, and per name
its word ids, kinds, weights, surname flags, schema, legal forms and weak-alias flag.
:meth:`PackedNames.score` then scores candidates for a :func:`pack_query` with the same
numbers as :func:`offramp.match.algorithm.score`, the reference.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate, chain, pairwise, repeat
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from offramp.match import algorithm, features, kernels, tokens
from offramp.match.query import Query
from offramp.match.weights import TokenWeights
from offramp.model import NameKind, Schema
from offramp.normalize.legal_forms import legal_forms_compatible
from offramp.normalize.names import NormalizedName, TokenKind
from offramp.normalize.phonetic import (
    READINGS,
    SKELETON_SCRIPTS,
    reading_of,
    skeleton_reader,
    skeleton_word,
    variant_key,
)
from offramp.normalize.vocab import place_words

KIND_CODES = {TokenKind.WORD: kernels.WORD, TokenKind.NUMBER: kernels.NUMBER,
              TokenKind.STOP: kernels.STOP, TokenKind.INITIAL: kernels.INITIAL}
SCHEMA_CODES = {Schema.PERSON: kernels.PERSON, Schema.ORGANIZATION: kernels.ORGANIZATION,
                Schema.COMPANY: kernels.COMPANY, Schema.LEGAL_ENTITY: kernels.LEGAL_ENTITY,
                Schema.VESSEL: kernels.VESSEL, Schema.AIRCRAFT: kernels.AIRCRAFT}
# Longest pattern (x 64 characters) the bit-parallel LCS takes before falling back to
# dynamic programming.
LCS_BLOCKS = 4
# Starting size (8-byte words) of the scorer's per-thread work arena (kernels.score_names),
# room for a query of several words against a few hundred candidate words; a query that needs
# more grows it.
WORK_START = 1 << 14

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
# (v_chars, v_offs, v_var, n_skel, v_gen): a vocabulary with its skeletons (PackedNames)
_Vocabulary = tuple[I32, I64, I64, I64, npt.NDArray[np.uint8]]


def constants(reading: str = "") -> F64:
    """The algorithm's constants in the order ``kernels`` reads them (its C_* indexes), for a
    query with the skeleton ``reading`` of its script (``features.skeleton_min_distinct``)."""
    weights = {feature.name: feature.weight for feature in algorithm.FEATURES}
    k = np.zeros(kernels.N_CONSTANTS)
    k[kernels.C_PAIR_MIN] = tokens.PAIR_MIN
    k[kernels.C_PREFIX_MIN] = tokens.PREFIX_MIN_LENGTH
    k[kernels.C_PREFIX_SCORE] = tokens.PREFIX_SCORE
    k[kernels.C_VARIANT_MIN] = tokens.VARIANT_MIN_LENGTH
    k[kernels.C_VARIANT_FACTOR] = tokens.VARIANT_FACTOR
    k[kernels.C_FIRST_LETTER] = tokens.FIRST_LETTER_FACTOR
    k[kernels.C_INITIAL_SCORE] = tokens.INITIAL_SCORE
    k[kernels.C_PERSON_ALPHA] = features.PERSON_ALPHA
    k[kernels.C_ORG_ALPHA] = features.ORG_ALPHA
    k[kernels.C_SINGLE_ALPHA] = features.SINGLE_ALPHA
    k[kernels.C_EXTRA_NAME] = features.PERSON_EXTRA_NAME
    k[kernels.C_JOINED_DISCOUNT] = features.JOINED_DISCOUNT
    k[kernels.C_JOINED_MIN] = features.JOINED_MIN
    k[kernels.C_ACRONYM] = features.ACRONYM_SCORE
    k[kernels.C_ACRONYM_LONG] = features.LONG_ACRONYM_SCORE
    k[kernels.C_ACRONYM_LONG_LETTERS] = features.LONG_ACRONYM_LETTERS
    k[kernels.C_ACRONYM_PAIR] = tokens.ACRONYM_PAIR
    k[kernels.C_ACRONYM_PAIR_MIN], k[kernels.C_ACRONYM_PAIR_MAX] = tokens.ACRONYM_PAIR_LETTERS
    k[kernels.C_SKELETON] = features.SKELETON_DISCOUNT
    k[kernels.C_SKELETON_ONE] = features.SKELETON_ONE_WORD
    k[kernels.C_TELLING_WEIGHT] = features.TELLING_WEIGHT
    k[kernels.C_SHARED_BONUS] = features.SHARED_BONUS
    k[kernels.C_SHARED_FULL] = features.SHARED_FULL
    k[kernels.C_SHARED_MIN] = features.SHARED_MIN_WORDS
    k[kernels.C_RARE_WEIGHT] = features.RARE_WEIGHT
    k[kernels.C_RARE_MIN_LETTERS] = features.RARE_MIN_LETTERS
    k[kernels.C_COMPOUND_MIN] = tokens.COMPOUND_MIN
    k[kernels.C_PARTICLE_WORD_MIN] = tokens.PARTICLE_WORD_MIN
    k[kernels.C_PLACE_WEIGHT] = features.PLACE_WEIGHT
    k[kernels.C_DOUBT_LOW], k[kernels.C_DOUBT_HIGH] = features.DOUBT_LETTERS
    k[kernels.C_ABBREVIATION] = features.ABBREVIATION_SCORE
    k[kernels.C_ABBREVIATION_LONG] = features.LONG_ABBREVIATION_SCORE
    k[kernels.C_ABBREVIATION_LONG_LETTERS] = features.ABBREVIATION_LONG_LETTERS
    k[kernels.C_ABBREVIATION_PIECE] = features.ABBREVIATION_PIECE
    (k[kernels.C_ABBREVIATION_MIN_WORDS],
     k[kernels.C_ABBREVIATION_MAX_WORDS]) = features.ABBREVIATION_WORDS
    k[kernels.C_ABBREVIATION_MAX_LETTERS] = features.ABBREVIATION_MAX_LETTERS
    k[kernels.C_GENERIC_ACROSS] = tokens.GENERIC_ACROSS_MIN
    k[kernels.C_SKELETON_LETTERS] = features.SKELETON_MIN_LETTERS
    k[kernels.C_SKELETON_DISTINCT] = features.skeleton_min_distinct(reading)
    k[kernels.C_SQUEEZED_IDENTICAL] = features.SQUEEZED_IDENTICAL
    k[kernels.C_SWAPPED_SHARE] = features.SWAPPED_SHARE
    k[kernels.C_W_NAME] = weights["name"]
    k[kernels.C_W_NUMBERS] = weights["numbers"]
    k[kernels.C_W_LEGAL] = weights["legal_form"]
    k[kernels.C_W_SCHEMA] = weights["schema"]
    k[kernels.C_W_WEAK] = weights["weak_alias"]
    return k


def encode(strings: Sequence[str]) -> tuple[I32, I64]:
    """Strings as one code-point array and offsets (string ``i`` is
    ``chars[offsets[i]:offsets[i + 1]]``)."""
    chars = np.frombuffer("".join(strings).encode("utf-32-le"), dtype=np.int32).copy()
    offsets = np.fromiter(accumulate(map(len, strings), initial=0), dtype=np.int64,
                          count=len(strings) + 1)
    return chars, offsets


class PackedQuery(NamedTuple):
    """A query's words as ``kernels.score_names`` takes them: ``chars``/``offsets`` hold the
    words, then word by word its variant key, skeleton and the skeleton's variant key;
    ``tok``, ``var``, ``skel`` and ``skel_var`` are their string numbers.

    (A named tuple: one is made per search, and a tuple is made several times faster than a
    frozen dataclass.)
    """

    chars: I32
    offsets: I64
    tok: I64
    var: I64
    skel: I64
    skel_var: I64
    kinds: npt.NDArray[np.int8]
    weights: F64
    surname: npt.NDArray[np.bool_]
    has_surname: bool
    abjad: bool
    syllabic: bool
    schema: int
    legal_forms: tuple[str, ...]
    # the script whose writing of foreign names the skeletons follow on both sides, katakana
    # or Hangul ("" for plain skeletons: phonetic.reading_of, PackedNames._reading)
    reading: str
    place: npt.NDArray[np.bool_]  # place words (features.place_flags, pairing aside)
    generic: npt.NDArray[np.uint8]  # per string: tokens.word_flags
    written: I64  # codes of the initials as written (NormalizedName.initials, initials_code)


def pack_query(q: Query, skeletons: bool = True) -> PackedQuery:
    """Pack a query (its name, weights, surname mask, schema and legal forms).

    The words come first in ``chars``, so its first ``len(q.name.joined)`` code points are
    the joined name. ``skeletons=False`` leaves the consonant skeletons out when no candidate
    needs them (they are only compared between abjad and non-abjad scripts): the skeleton
    numbers then point at the words themselves. Leaving them in never changes a score: the
    scorer reads them only for such pairs.
    """
    name = q.name
    kinds = name.kinds
    m = len(kinds)
    # What a word gives the scorer depends only on its spelling and kind: worked out (and
    # encoded) once per distinct word, since searching thousands of names a second repeats
    # most of them; a query then only joins its words' pieces. (The scorer finds every
    # string through its number, so after the words, whose run is the joined name, each
    # word's three other strings stay side by side as they were cached.)
    reduced = map(features.SKELETON_KINDS.__contains__, kinds)
    reading = reading_of(name.script)
    codes, rests, n_codes, n_rests, generic, generic_rests = zip(
        *map(_pieces, name.tokens, reduced, repeat(reading, m)),
        strict=True) if m else ((), (), (), (), (), ())
    # (bytearray: a writable array, as numba compiled the scorer for)
    chars = np.frombuffer(bytearray(b"".join(codes + rests)), dtype=np.int32)
    offsets = np.fromiter(accumulate(chain(n_codes, chain.from_iterable(n_rests)), initial=0),
                          dtype=np.int64, count=4 * m + 1)
    tok, var, skel, skel_var = _ids(m)
    if not skeletons:
        skel, skel_var = tok, var
    return PackedQuery(
        chars, offsets, tok, var, skel, skel_var, _kind_codes(kinds),
        np.array(q.weights, dtype=np.float64), _surname_mask(q.surname, m), bool(q.surname),
        name.script in SKELETON_SCRIPTS, name.script in features.SYLLABIC_SCRIPTS,
        -1 if q.schema is None else SCHEMA_CODES[q.schema], name.legal_forms, reading,
        _place_mask(name.tokens) if not place_words().isdisjoint(name.tokens)
        else _no_places(m),
        np.frombuffer(bytearray(b"".join(generic + generic_rests)), dtype=np.uint8),
        _initials_codes(name.initials))


def initials_code(initials: str) -> int:
    """An acronym of up to eight ASCII letters as one number, its letters' codes byte by byte
    from the lowest (``kernels._code``, which compares a word with it without a string)."""
    if len(initials) > 8:
        raise ValueError(f"an acronym has at most eight letters: {initials!r}")
    return int.from_bytes(initials.encode("ascii"), "little")


@lru_cache(maxsize=65536)
def _initials_codes(initials: tuple[str, ...]) -> I64:
    """A name's initials as written, as codes (shared, never written to; most names have
    none). They are ASCII letters, eight at most (``names.written_initials``): another
    string raises here rather than go unmatched by the compiled scorer alone."""
    return np.array([initials_code(i) for i in initials], dtype=np.int64)


@lru_cache(maxsize=131072)
def _pieces(token: str, reduce: bool, reading: str,
            ) -> tuple[bytes, bytes, int, tuple[int, int, int], bytes, bytes]:
    """A query token's four strings for the scorer (the token, then its variant key, its
    consonant skeleton and the skeleton's variant key: ``_spellings``) as UTF-32 code points:
    the token, the other three one after the other, the token's length and the others'; then
    each one's flags (``tokens.word_flags``: a generic word, a man's or a woman's given
    name), a byte each, the token's and the other three's."""
    variant, bare, bare_variant = _spellings(token, reduce, reading)
    flag = tokens.word_flags
    return (token.encode("utf-32-le"), (variant + bare + bare_variant).encode("utf-32-le"),
            len(token), (len(variant), len(bare), len(bare_variant)),
            bytes([flag(token)]), bytes([flag(variant), flag(bare), flag(bare_variant)]))


@lru_cache(maxsize=131072)
def _spellings(token: str, reduce: bool, reading: str = "") -> tuple[str, str, str]:
    """(variant key, consonant skeleton, the skeleton's variant key) of a query token; only
    tokens of ``features.SKELETON_KINDS`` (``reduce``) are reduced to skeletons, as
    ``features.skeleton`` does (``reading``: as katakana or Hangul would leave them)."""
    bare = skeleton_reader(reading)(token) if reduce else token
    return variant_key(token), bare, variant_key(bare)


@lru_cache(maxsize=64)
def _ids(m: int) -> tuple[I64, I64, I64, I64]:
    """The string numbers of a packed query of ``m`` words (see :func:`pack_query`): words,
    their variant keys, skeletons and the skeletons' variant keys (shared, never written to;
    each its own contiguous array, the layout the scorer was compiled for)."""
    return (np.arange(m, dtype=np.int64), np.arange(m, 4 * m, 3, dtype=np.int64),
            np.arange(m + 1, 4 * m, 3, dtype=np.int64),
            np.arange(m + 2, 4 * m, 3, dtype=np.int64))


@lru_cache(maxsize=4096)
def _kind_codes(kinds: tuple[TokenKind, ...]) -> npt.NDArray[np.int8]:
    """Token kinds as the scorer's codes (few distinct sequences: shared, never written to)."""
    return np.frombuffer(bytearray([KIND_CODES[k] for k in kinds]), dtype=np.int8)


@lru_cache(maxsize=65536)
def _place_mask(words: tuple[str, ...]) -> npt.NDArray[np.bool_]:
    """Which of a query's tokens are place words (shared, never written to; a number or a
    particle is never one, as the table holds only words)."""
    return np.array(features.places_of(words), dtype=np.bool_)


@lru_cache(maxsize=64)
def _no_places(m: int) -> npt.NDArray[np.bool_]:
    """:func:`_place_mask` of a query of ``m`` words none of which is a place word (most
    queries: each would otherwise be worked out and remembered as a name of its own)."""
    return np.zeros(m, dtype=np.bool_)


@lru_cache(maxsize=4096)
def _surname_mask(surname: tuple[bool, ...], m: int) -> npt.NDArray[np.bool_]:
    """A query's surname flags as an array (all False without a comma; shared, never written
    to)."""
    return np.array(surname or (False,) * m, dtype=np.bool_)


class PackedNames:
    """Every prepared name of a screener, packed for ``kernels.score_names``."""

    def __init__(self, names: Sequence[NormalizedName], positions: Sequence[int],
                 kinds: Sequence[NameKind], surnames: Sequence[tuple[bool, ...]],
                 schemas: Sequence[Schema], weights: TokenWeights,
                 extended: Sequence[bool]) -> None:
        """Name ``i`` is ``names[i]`` of the entity at ``positions[i]`` (whose schema is
        ``schemas[positions[i]]``), listed as a ``kinds[i]`` name, with ``surnames[i]`` its
        surname mask and ``extended[i]`` whether it is a short form of its entity
        (``query.extended_names``); word weights come from ``weights``."""
        vocab: dict[str, int] = {}
        self.n_tok = np.fromiter((vocab.setdefault(t, len(vocab))
                                  for name in names for t in name.tokens), dtype=np.int64)
        # (copies: a read-only array is another type to numba, and another compilation)
        self.n_kinds = np.frombuffer(bytes([KIND_CODES[k] for name in names
                                            for k in name.kinds]), dtype=np.int8).copy()
        self.n_off = np.fromiter(accumulate((len(name.tokens) for name in names), initial=0),
                                 dtype=np.int64, count=len(names) + 1)
        masks = (mask or (False,) * len(name.tokens)
                 for name, mask in zip(names, surnames, strict=True))
        self.n_sur = np.fromiter(chain.from_iterable(masks), dtype=np.bool_,
                                 count=len(self.n_tok))
        self.n_has_sur = np.fromiter(map(bool, surnames), dtype=np.bool_, count=len(names))
        self.n_place = np.fromiter(chain.from_iterable(features.places_of(name.tokens)
                                                       for name in names),
                                   dtype=np.bool_, count=len(self.n_tok))
        # Weights, skeletons and variant keys are worked out once per distinct word.
        words = list(vocab)
        by_kind = {kernels.STOP: tokens.STOP_WEIGHT, kernels.INITIAL: tokens.INITIAL_WEIGHT,
                   kernels.NUMBER: 1.0}
        word_weight = np.fromiter(map(weights.word, words), dtype=np.float64, count=len(words))
        self.n_w = word_weight[self.n_tok] if len(words) else np.zeros(0)
        for code, value in by_kind.items():
            self.n_w[self.n_kinds == code] = value
        skel_of = np.fromiter((vocab.setdefault(skeleton_word(w), len(vocab))
                               for w in words), dtype=np.int64, count=len(words))
        self.n_skel = np.where(self._reduced(), skel_of[self.n_tok] if len(words) else
                               self.n_tok, self.n_tok)
        self.n_words = len(words)  # (the first strings: _reading adds to the vocabulary)
        strings = list(vocab)
        var_of = [vocab.setdefault(variant_key(w), len(vocab)) for w in strings]
        var_of += range(len(var_of), len(vocab))  # a variant key is its own variant
        self.v_chars, self.v_offs = encode(list(vocab))
        self.v_var = np.asarray(var_of, dtype=np.int64)
        self.v_gen = _word_flags(list(vocab))
        self.n_abjad = np.fromiter((name.script in SKELETON_SCRIPTS for name in names),
                                   dtype=np.bool_, count=len(names))
        self.n_schema = np.fromiter((SCHEMA_CODES[schemas[p]] for p in positions),
                                    dtype=np.int8, count=len(names))
        self.n_weak = np.fromiter((k is NameKind.WEAK for k in kinds), dtype=np.bool_,
                                  count=len(names))
        self.n_ext = np.fromiter(extended, dtype=np.bool_, count=len(names))
        self.n_entity = np.asarray(positions, dtype=np.int64)
        # the initials as written of each name, as codes (kernels._acronym)
        written = [_initials_codes(name.initials) for name in names]
        self.n_written_off = np.fromiter(accumulate(map(len, written), initial=0),
                                         dtype=np.int64, count=len(names) + 1)
        self.n_written = (np.concatenate(written) if written
                          else np.zeros(0, dtype=np.int64)).astype(np.int64)
        forms: dict[str, int] = {}
        self.lf_ids = np.fromiter((forms.setdefault(f, len(forms))
                                   for name in names for f in name.legal_forms), dtype=np.int64)
        self.lf_off = np.fromiter(accumulate((len(name.legal_forms) for name in names),
                                             initial=0), dtype=np.int64, count=len(names) + 1)
        self.forms = list(forms)
        # (per reading: a query in Hangul needs more letters of a skeleton match)
        self.k = {reading: constants(reading) for reading in READINGS}
        self._local = threading.local()
        self._lock = threading.Lock()
        # reading (phonetic.reading_of) -> the vocabulary with its skeletons (_reading)
        self._readings: dict[str, _Vocabulary] = {}

    def __getstate__(self) -> dict[str, object]:
        return {key: value for key, value in self.__dict__.items()
                if key not in ("_local", "_lock", "_readings")}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._readings = {}

    def _reading(self, reading: str) -> _Vocabulary:
        """(v_chars, v_offs, v_var, n_skel, v_gen) for a query in katakana or Hangul
        (``reading``): the vocabulary with the skeletons that script would leave of its
        words added (``features.skeleton``), and every name's words' numbers among them.

        Built on the first such query, once per reading, under a lock (a tenth of a second
        on the bundled lists, which every index build paid before); the vocabulary's own
        strings keep their numbers, so the per-thread slot tables serve all."""
        found = self._readings.get(reading)
        if found is None:
            with self._lock:
                found = self._readings.get(reading)
                if found is None:
                    found = self._build_reading(reading)
                    # (a new dict, not an update: other threads read the old one unlocked)
                    self._readings = {**self._readings, reading: found}
        return found

    def _build_reading(self, reading: str) -> _Vocabulary:
        offs = self.v_offs.tolist()
        text = self.v_chars.tobytes().decode("utf-32-le")
        strings = [text[a:b] for a, b in pairwise(offs)]
        vocab = {string: i for i, string in enumerate(strings)}
        words = self.n_words
        reduce = skeleton_reader(reading)
        jskel_of = np.fromiter((vocab.setdefault(reduce(w), len(vocab))
                                for w in strings[:words]), dtype=np.int64, count=words)
        n_jskel = np.where(self._reduced(), jskel_of[self.n_tok] if words else self.n_tok,
                           self.n_tok)
        added = list(vocab)[len(strings):]
        var_of = self.v_var.tolist() + [vocab.setdefault(variant_key(w), len(vocab))
                                        for w in added]
        var_of += range(len(var_of), len(vocab))  # a variant key is its own variant
        v_chars, v_offs = encode(list(vocab))
        return (v_chars, v_offs, np.asarray(var_of, dtype=np.int64), n_jskel,
                _word_flags(list(vocab)))

    def _reduced(self) -> npt.NDArray[np.bool_]:
        """Per name word: is it reduced to a skeleton (``features.SKELETON_KINDS``)."""
        return np.isin(self.n_kinds, [KIND_CODES[k] for k in features.SKELETON_KINDS])

    def _forms_ok(self, query_forms: tuple[str, ...]) -> npt.NDArray[np.bool_]:
        """Per legal-form id: compatible with any of the query's legal forms."""
        known: dict[tuple[str, ...], npt.NDArray[np.bool_]] = self._local.__dict__.setdefault(
            "forms", {})
        found = known.get(query_forms)
        if found is None:
            found = known[query_forms] = np.array(
                [any(legal_forms_compatible(x, form) for x in query_forms)
                 for form in self.forms] or [False], dtype=np.bool_)
        return found

    def _scratch(self, strings: int) -> tuple[int, I32, I32, npt.NDArray[np.uint64],
                                              npt.NDArray[np.uint64], I64]:
        """Per-thread scratch: the word-slot stamps (see ``kernels.score_names``) for a
        vocabulary of ``strings`` strings, the LCS bit table, and the work arena with the
        size the last query wanted of it."""
        local = self._local
        if (getattr(local, "slot_stamp", None) is None or local.stamp >= 2**31 - 2
                or len(local.slot_stamp) < strings):
            size = max(strings, 1)
            # A word's stamp and slot side by side (columns of one table): the scorer reads
            # both for every candidate word, and one cache line then serves both.
            slots = np.zeros((size, 2), dtype=np.int32)
            local.slot_stamp, local.slot_of = slots[:, 0], slots[:, 1]
            local.pm = np.zeros((256, LCS_BLOCKS), dtype=np.uint64)
            local.work = np.empty(WORK_START, dtype=np.uint64)
            local.want = np.zeros(1, dtype=np.int64)
            local.stamp = 0
        elif local.want[0]:  # the last query did not fit: grow (it worked in an array of its own)
            local.work = np.empty(2 * int(local.want[0]), dtype=np.uint64)
            local.want[0] = 0
        local.stamp += 1
        return local.stamp, local.slot_stamp, local.slot_of, local.pm, local.work, local.want

    def score(self, q: PackedQuery, candidates: I64) -> tuple[F64, F64]:
        """(name value, running total) per candidate name; see ``kernels.score_names``."""
        result: tuple[F64, F64] = kernels.score_names(candidates, *self.arguments(q))
        return result

    def arguments(self, q: PackedQuery) -> tuple[Any, ...]:
        """The arguments of ``kernels.score_names`` after the candidates, in its order (a
        search that selects and scores in one compiled call passes them on)."""
        v_chars, v_offs, v_var, n_skel, v_gen = (
            self._reading(q.reading) if q.reading else
            (self.v_chars, self.v_offs, self.v_var, self.n_skel, self.v_gen))
        stamp, slot_stamp, slot_of, pm, work, want = self._scratch(len(v_offs) - 1)
        forms_ok = self._forms_ok(q.legal_forms) if q.legal_forms else _NO_FORMS
        return (q.chars, q.offsets, q.tok, q.var, q.skel, q.skel_var, q.kinds, q.weights,
                q.surname, q.place, q.has_surname, q.abjad, q.syllabic, q.schema,
                bool(q.legal_forms), forms_ok, q.generic, q.written, v_chars, v_offs, v_var,
                v_gen, self.n_off, self.n_tok,
                n_skel, self.n_kinds, self.n_w, self.n_sur, self.n_place, self.n_has_sur,
                self.n_abjad, self.n_schema, self.n_weak, self.n_ext, self.n_written_off,
                self.n_written,
                self.lf_off, self.lf_ids, stamp, slot_stamp,
                slot_of, pm, work, want, self.k[q.reading])


_NO_FORMS = np.zeros(1, dtype=np.bool_)


def _word_flags(vocabulary: Sequence[str]) -> npt.NDArray[np.uint8]:
    """Per vocabulary string: its flags (``tokens.word_flags``: a generic word, one that
    names a kind of body, a man's or a woman's given name)."""
    return np.fromiter(map(tokens.word_flags, vocabulary), dtype=np.uint8,
                       count=len(vocabulary))
