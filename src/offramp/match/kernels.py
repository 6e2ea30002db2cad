"""Compiled scoring: the algorithm's name-based features over many candidates in one call.

:mod:`offramp.match.features` is the reference: readable, one pair at a time, and the source
of every explanation. Screening thousands of names a second cannot afford Python per
candidate, so this module computes the same numbers with numba over packed arrays
(:mod:`offramp.match.packed`): the same rules in the same order of floating-point operations,
so a search's scores equal the reference's exactly (``tests/match/test_kernels.py`` checks
that over thousands of real pairs). Change a rule in one place and the tests demand the other.

Strings are int32 code-point arrays held in flat tables (``chars`` plus ``offsets``); word
kinds are the small integers below. Edit similarity is bit-parallel LCS (Hyyrö), which is what
rapidfuzz computes for ``Indel`` too.
"""

from __future__ import annotations

import numpy as np
from numba import njit

# (the borrowing helpers live with the selection kernels, which this module calls)
from offramp.index.kernels import _borrowed, _keep, select

# numba keys each function's cached machine code on the contents of its own file, and this
# module's functions compile offramp.index.kernels' into themselves: a change there alone
# would leave the old selection in search_names' cache (a package upgraded in place keeps
# the cache files). The first 16 hex digits of index/kernels.py's SHA-256, so that any change
# there changes this file too (tests/match/test_kernels.py fails until this is updated).
INDEX_KERNELS_SHA256 = "3ed872551b1b66cb"

# Token kinds, as packed (offramp.normalize.names.TokenKind order in packed.KIND_CODES).
WORD, NUMBER, STOP, INITIAL = 0, 1, 2, 3
# q_gen and v_gen hold tokens.word_flags per string: GENERIC for a generic word, and BODY too
# for one that names a kind of body (tokens.GENERIC_FLAG, BODY_FLAG); MASCULINE or FEMININE
# for a man's or a woman's given name (tokens.MASCULINE_FLAG, FEMININE_FLAG), SEXES both;
# FUNCTION for a function word (tokens.FUNCTION_FLAG).
GENERIC = 1
BODY = 2
MASCULINE = 4
FEMININE = 8
SEXES = MASCULINE | FEMININE
FUNCTION = 16
# Schema codes (packed.SCHEMA_CODES); -1 is "any" for a query.
PERSON, ORGANIZATION, COMPANY, LEGAL_ENTITY, VESSEL, AIRCRAFT = 0, 1, 2, 3, 4, 5

# The constants of match.tokens / match.features / match.algorithm, passed in as one array so
# there is a single source for each (packed.constants() builds it; see its order there).
C_PAIR_MIN, C_PREFIX_MIN, C_PREFIX_SCORE, C_VARIANT_MIN, C_VARIANT_FACTOR = 0, 1, 2, 3, 4
C_FIRST_LETTER, C_PERSON_ALPHA, C_ORG_ALPHA, C_SINGLE_ALPHA, C_EXTRA_NAME = 5, 6, 7, 8, 9
C_JOINED_DISCOUNT, C_JOINED_MIN, C_ACRONYM, C_SKELETON, C_SKELETON_ONE = 10, 11, 12, 13, 14
C_W_NAME, C_W_NUMBERS, C_W_LEGAL, C_W_SCHEMA, C_W_WEAK = 15, 16, 17, 18, 19
C_INITIAL_SCORE, C_TELLING_WEIGHT = 20, 21
C_SHARED_BONUS, C_SHARED_FULL, C_SHARED_MIN = 22, 23, 24
C_RARE_WEIGHT, C_RARE_MIN_LETTERS = 25, 26
C_COMPOUND_MIN = 27
C_ACRONYM_LONG, C_ACRONYM_LONG_LETTERS = 28, 29
C_ACRONYM_PAIR, C_ACRONYM_PAIR_MIN, C_ACRONYM_PAIR_MAX = 30, 31, 32
C_PLACE_WEIGHT = 33
C_DOUBT_LOW = 34
C_DOUBT_HIGH = 35
C_ABBREVIATION, C_ABBREVIATION_LONG, C_ABBREVIATION_LONG_LETTERS = 36, 37, 38
C_ABBREVIATION_PIECE, C_ABBREVIATION_MIN_WORDS, C_ABBREVIATION_MAX_WORDS = 39, 40, 41
C_ABBREVIATION_MAX_LETTERS = 42
C_GENERIC_ACROSS = 43
C_SKELETON_LETTERS = 44
C_SKELETON_DISTINCT = 45
C_SQUEEZED_IDENTICAL = 46
C_SWAPPED_SHARE = 47
C_PARTICLE_WORD_MIN = 48
N_CONSTANTS = 49

_ONES = np.uint64(0xFFFFFFFFFFFFFFFF)
_ONE = np.uint64(1)
_ZERO = np.uint64(0)
_M1 = np.uint64(0x5555555555555555)
_M2 = np.uint64(0x3333333333333333)
_M4 = np.uint64(0x0F0F0F0F0F0F0F0F)
_H01 = np.uint64(0x0101010101010101)


@njit(cache=True, nogil=True, inline="always")
def _popcount(x: np.uint64) -> int:
    x = x - ((x >> _ONE) & _M1)
    x = (x & _M2) + ((x >> np.uint64(2)) & _M2)
    x = (x + (x >> np.uint64(4))) & _M4
    return int((x * _H01) >> np.uint64(56))


@njit(cache=True, nogil=True)
def _lcs_dp(a: np.ndarray, b: np.ndarray) -> int:
    """Longest common subsequence by dynamic programming: the fallback for long or exotic
    patterns that do not fit the bit tables."""
    n = len(b)
    prev = np.zeros(n + 1, np.int32)
    cur = np.zeros(n + 1, np.int32)
    for i in range(len(a)):
        for j in range(n):
            if a[i] == b[j]:
                cur[j + 1] = prev[j] + 1
            else:
                cur[j + 1] = max(prev[j + 1], cur[j])
        prev, cur = cur, prev
    return int(prev[n])


@njit(cache=True, nogil=True)
def lcs(a: np.ndarray, b: np.ndarray, pm: np.ndarray) -> int:
    """Length of the longest common subsequence of two code-point arrays.

    ``pm`` is a zeroed uint64 scratch table [256, blocks]; it is left zeroed.
    """
    if len(a) > len(b):
        a, b = b, a  # the shorter one is the bit pattern
    m = len(a)
    if m == 0:
        return 0
    blocks = (m + 63) // 64
    if blocks > pm.shape[1]:
        return _lcs_dp(a, b)
    for i in range(m):
        if a[i] >= 256 or a[i] < 0:
            return _lcs_dp(a, b)
    for i in range(m):
        pm[a[i], i >> 6] |= _ONE << np.uint64(i & 63)
    zeros = 0
    if blocks == 1:
        s = _ONES
        for ch in b:
            if ch < 256 and ch >= 0:
                u = s & pm[ch, 0]
                s = (s + u) | (s - u)
        rest = ~s
        if m < 64:
            rest &= (_ONE << np.uint64(m)) - _ONE
        zeros = _popcount(rest)
    else:
        state = np.full(blocks, _ONES, np.uint64)
        for ch in b:
            if ch >= 256 or ch < 0:
                continue
            carry = _ZERO
            for w in range(blocks):
                sw = state[w]
                u = sw & pm[ch, w]
                x = sw + u
                c1 = x < sw
                x2 = x + carry
                c2 = x2 < x
                carry = _ONE if (c1 or c2) else _ZERO
                state[w] = x2 | (sw - u)
        for w in range(blocks):
            rest = ~state[w]
            tail = m - 64 * w
            if tail < 64:
                rest &= (_ONE << np.uint64(tail)) - _ONE
            zeros += _popcount(rest)
    for i in range(m):
        pm[a[i], i >> 6] = _ZERO
    return zeros


@njit(cache=True, nogil=True)
def pattern(a: np.ndarray, out: np.ndarray) -> bool:
    """Fill ``out`` (zeroed uint64[256]) with the bit masks of ``a``'s characters, for
    :func:`lcs_pattern`; False when ``a`` does not fit (over 64 characters, or beyond
    Latin-1)."""
    if len(a) > 64:
        return False
    for i in range(len(a)):
        if a[i] >= 256 or a[i] < 0:
            return False
    for i in range(len(a)):
        out[a[i]] |= _ONE << np.uint64(i)
    return True


@njit(cache=True, nogil=True, inline="always")
def lcs_pattern(p: np.ndarray, row: int, m: int, chars: np.ndarray, b0: int, b1: int) -> int:
    """:func:`lcs` of a string of length ``m`` whose :func:`pattern` is ``p[row]``, and
    ``chars[b0:b1]``: one pass over the second string, which is what makes comparing one
    query word with hundreds of list words cheap. (Ranges, not slices: in this inner loop
    array views cost more than the comparison.)"""
    if m == 0 or b1 == b0:
        return 0
    s = _ONES
    for x in range(b0, b1):
        ch = chars[x]
        if ch < 256 and ch >= 0:
            u = s & p[row, ch]
            s = (s + u) | (s - u)
    rest = ~s
    if m < 64:
        rest &= (_ONE << np.uint64(m)) - _ONE
    return _popcount(rest)


@njit(cache=True, nogil=True, inline="always")
def _indel_p(a_chars: np.ndarray, a0: int, a1: int, p: np.ndarray, row: int, ok: bool,
             b_chars: np.ndarray, b0: int, b1: int, pm: np.ndarray) -> float:
    """:func:`indel` of ``a_chars[a0:a1]`` (pattern ``p[row]`` when ``ok``) and
    ``b_chars[b0:b1]``."""
    total = (a1 - a0) + (b1 - b0)
    if total == 0:
        return 1.0
    if ok:
        common = lcs_pattern(p, row, a1 - a0, b_chars, b0, b1)
    else:
        common = lcs(a_chars[a0:a1], b_chars[b0:b1], pm)
    dist = total - 2 * common
    return 1.0 - dist / total


@njit(cache=True, nogil=True)
def indel(a: np.ndarray, b: np.ndarray, pm: np.ndarray) -> float:
    """rapidfuzz ``Indel.normalized_similarity``: 1 - (insertions + deletions) / total length."""
    total = len(a) + len(b)
    if total == 0:
        return 1.0
    dist = total - 2 * lcs(a, b, pm)
    return 1.0 - dist / total


@njit(cache=True, nogil=True)
def _equal(a: np.ndarray, b: np.ndarray) -> bool:
    if len(a) != len(b):
        return False
    for i in range(len(a)):
        if a[i] != b[i]:
            return False
    return True


@njit(cache=True, nogil=True, inline="always")
def _same(a_chars: np.ndarray, a0: int, a1: int, b_chars: np.ndarray, b0: int, b1: int) -> bool:
    if a1 - a0 != b1 - b0:
        return False
    for x in range(a1 - a0):
        if a_chars[a0 + x] != b_chars[b0 + x]:
            return False
    return True


@njit(cache=True, nogil=True)
def _lcs_two(a_chars: np.ndarray, a0: int, a1: int, t_chars: np.ndarray, t0: int, t1: int,
             t2: int, t3: int, pm: np.ndarray) -> int:
    """:func:`lcs` of ``a_chars[a0:a1]`` and the two ranges ``t_chars[t0:t1]`` and
    ``t_chars[t2:t3]`` written together."""
    m = a1 - a0
    if m == 0 or (t1 - t0) + (t3 - t2) == 0:
        return 0
    fits = m <= 64
    for x in range(a0, a1):
        if a_chars[x] >= 256 or a_chars[x] < 0:
            fits = False
    if not fits:
        text = np.empty((t1 - t0) + (t3 - t2), t_chars.dtype)
        text[:t1 - t0] = t_chars[t0:t1]
        text[t1 - t0:] = t_chars[t2:t3]
        return lcs(a_chars[a0:a1], text, pm)
    for x in range(m):
        pm[a_chars[a0 + x], 0] |= _ONE << np.uint64(x)
    s = _ONES
    for x in range(t0, t1):
        ch = t_chars[x]
        if ch < 256 and ch >= 0:
            u = s & pm[ch, 0]
            s = (s + u) | (s - u)
    for x in range(t2, t3):
        ch = t_chars[x]
        if ch < 256 and ch >= 0:
            u = s & pm[ch, 0]
            s = (s + u) | (s - u)
    rest = ~s
    if m < 64:
        rest &= (_ONE << np.uint64(m)) - _ONE
    for x in range(m):
        pm[a_chars[a0 + x], 0] = _ZERO
    return _popcount(rest)


@njit(cache=True, nogil=True, inline="always")
def _joins(t_chars: np.ndarray, a0: int, a1: int, b0: int, b1: int, w_chars: np.ndarray,
           w0: int, w1: int) -> bool:
    """Whether ``t_chars[a0:a1] + t_chars[b0:b1]`` spells ``w_chars[w0:w1]``.

    Only then can a compound whose variant keys begin differently reach COMPOUND_MIN: the
    first-letter discount caps it at FIRST_LETTER_FACTOR times a similarity below 1. So
    checking first letters skips most compound comparisons."""
    if (a1 - a0) + (b1 - b0) != w1 - w0:
        return False
    return (_same(t_chars, a0, a1, w_chars, w0, w0 + (a1 - a0))
            and _same(t_chars, b0, b1, w_chars, w0 + (a1 - a0), w1))


@njit(cache=True, nogil=True, inline="always")
def _compound_sim(w_chars: np.ndarray, w0: int, w1: int, wv0: int, wv1: int,
                  t_chars: np.ndarray, a0: int, a1: int, b0: int, b1: int, av0: int, av1: int,
                  bv0: int, bv1: int, particle: bool, k: np.ndarray, pm: np.ndarray) -> float:
    """match.tokens.compound_similarity: the word ``w_chars[w0:w1]`` (variant key
    ``[wv0:wv1]``) and the two words ``t_chars[a0:a1]``, ``t_chars[b0:b1]`` written together
    (variant keys ``[av0:av1]``, ``[bv0:bv1]``); ``particle``: the first is a name particle,
    and the spellings' first letters are compared rather than the keys'."""
    lj = (a1 - a0) + (b1 - b0)
    lw = w1 - w0
    lkj = (av1 - av0) + (bv1 - bv0)
    lkw = wv1 - wv0
    if (2 * min(lj, lw) < k[C_COMPOUND_MIN] * (lj + lw)
            and 2 * k[C_VARIANT_FACTOR] * min(lkj, lkw) < k[C_COMPOUND_MIN] * (lkj + lkw)):
        return 0.0
    total = lj + lw
    raw = 1.0 - (total - 2 * _lcs_two(w_chars, w0, w1, t_chars, a0, a1, b0, b1, pm)) / total
    total = lkj + lkw
    keyed = 1.0 - (total - 2 * _lcs_two(w_chars, wv0, wv1, t_chars, av0, av1, bv0, bv1,
                                        pm)) / total
    sim = max(raw, k[C_VARIANT_FACTOR] * keyed)
    if (t_chars[a0] != w_chars[w0]) if particle else (t_chars[av0] != w_chars[wv0]):
        sim *= k[C_FIRST_LETTER]
    return float(sim)


@njit(cache=True, nogil=True, inline="always")
def word_sim(q_chars: np.ndarray, q_offs: np.ndarray, a: int, a_var: int, q_p: np.ndarray,
             q_ok: np.ndarray, ka: int, v_chars: np.ndarray, v_offs: np.ndarray, b: int,
             b_var: int, kb: int, k: np.ndarray, pm: np.ndarray) -> float:
    """match.tokens.word_similarity of query string ``a`` (variant key ``a_var``; their
    patterns are rows of ``q_p``) and vocabulary word ``b`` (variant key ``b_var``)."""
    a0, a1 = q_offs[a], q_offs[a + 1]
    b0, b1 = v_offs[b], v_offs[b + 1]
    if _same(q_chars, a0, a1, v_chars, b0, b1):
        return 1.0
    if ka == NUMBER or kb == NUMBER:
        return 0.0
    if ka == INITIAL or kb == INITIAL:
        if ka == INITIAL and kb == INITIAL:
            return 0.0
        return k[C_INITIAL_SCORE] if q_chars[a0] == v_chars[b0] else 0.0
    sim = _indel_p(q_chars, a0, a1, q_p, a, q_ok[a], v_chars, b0, b1, pm)
    la, lb = a1 - a0, b1 - b0
    # an abbreviation: the shorter word begins the other and is at most half its length
    if la <= lb:
        prefix = (la >= k[C_PREFIX_MIN] and 2 * la <= lb
                  and _same(q_chars, a0, a1, v_chars, b0, b0 + la))
    else:
        prefix = (lb >= k[C_PREFIX_MIN] and 2 * lb <= la
                  and _same(q_chars, a0, a0 + lb, v_chars, b0, b1))
    if prefix:
        sim = max(sim, k[C_PREFIX_SCORE])
    if la >= k[C_VARIANT_MIN] and lb >= k[C_VARIANT_MIN]:
        av0, av1 = q_offs[a_var], q_offs[a_var + 1]
        bv0, bv1 = v_offs[b_var], v_offs[b_var + 1]
        sim = max(sim, k[C_VARIANT_FACTOR] * _indel_p(q_chars, av0, av1, q_p, a_var,
                                                      q_ok[a_var], v_chars, bv0, bv1, pm))
        if q_chars[av0] != v_chars[bv0]:
            sim *= k[C_FIRST_LETTER]
    elif q_chars[a0] != v_chars[b0]:
        sim *= k[C_FIRST_LETTER]
    return sim


@njit(cache=True, nogil=True, inline="always")
def _coverage(weights: np.ndarray, sims: np.ndarray, lenient: bool, surname: np.ndarray,
              has_surname: bool, places: np.ndarray, faint: bool, k: np.ndarray) -> float:
    """match.features._coverage; ``sims`` holds -1 for unpaired words, and ``places`` flags
    place words, which count little unpaired when ``faint``."""
    n = len(weights)
    surname_paired = not has_surname
    if has_surname:
        for i in range(n):
            if sims[i] >= 0.0 and surname[i]:
                surname_paired = True
                break
    got = 0.0
    total = 0.0
    for i in range(n):
        weight = weights[i]
        sim = sims[i]
        if sim >= 0.0:
            got += weight * sim
            total += weight
        elif faint and places[i]:
            total += min(weight, k[C_PLACE_WEIGHT])
        elif lenient and (surname_paired or not surname[i]):
            total += k[C_EXTRA_NAME] * weight
        else:
            total += weight
    return got / total if total > 0 else 0.0


@njit(cache=True, nogil=True, inline="always")
def _one_key(tokens: np.ndarray, kinds: np.ndarray) -> int:
    """The one token of a name that is no stop word, or -1 when it has none or several."""
    key = -1
    count = 0
    for i in range(len(tokens)):
        if kinds[i] != STOP:
            count += 1
            key = tokens[i]
    return key if count == 1 else -1


@njit(cache=True, nogil=True)
def _acronym(short_tokens: np.ndarray, short_offs: np.ndarray, short_kinds: np.ndarray,
             long_tokens: np.ndarray, long_offs: np.ndarray, long_kinds: np.ndarray,
             short_chars: np.ndarray, long_chars: np.ndarray, long_written: np.ndarray) -> int:
    """match.features._acronym: the short name's one key word spells the long name's
    initials, or one of ``long_written``, the codes (``initials_code``) of its initials as
    written (empty where they do not count). Tokens are indexes into (chars, offs). Returns
    the acronym's letter count, 0 when it is none."""
    key = _one_key(short_tokens, short_kinds)
    if key < 0:
        return 0
    long_count = 0
    for i in range(len(long_tokens)):
        if long_kinds[i] != STOP:
            long_count += 1
    if long_count < 2:
        return 0
    start, end = short_offs[key], short_offs[key + 1]
    size = end - start
    if size < 2 or size > 8:
        return 0
    if long_count == size:
        n = 0
        for i in range(len(long_tokens)):
            if long_kinds[i] == STOP:
                continue
            if long_chars[long_offs[long_tokens[i]]] != short_chars[start + n]:
                break
            n += 1
        if n == size:
            return int(size)
    if len(long_written) > 0:
        code = _code(short_chars, start, end)
        for x in range(len(long_written)):
            if long_written[x] == code:
                return int(size)
    return 0


@njit(cache=True, nogil=True)
def _code(chars: np.ndarray, start: int, end: int) -> np.int64:
    """``initials_code`` of ``chars[start:end]`` (at most eight code points): -1 when one is
    not ASCII, which no code equals."""
    code = np.int64(0)
    for i in range(end - start):
        c = np.int64(chars[start + i])
        if c >= 128:
            return np.int64(-1)
        code |= c << np.int64(8 * i)
    return code


@njit(cache=True, nogil=True)
def _abbreviation(short_tokens: np.ndarray, short_offs: np.ndarray, short_kinds: np.ndarray,
                  long_tokens: np.ndarray, long_offs: np.ndarray, long_kinds: np.ndarray,
                  short_chars: np.ndarray, long_chars: np.ndarray, k: np.ndarray,
                  query_long: bool, long_has_lf: bool) -> float:
    """match.features._abbreviation: the short name's one key word is the beginnings of the
    long name's words run together. Returns its value, 0 when it is none. ``query_long``:
    the long name is the query's (``long_has_lf``: it has a legal form).

    The lengths of the word's beginning that the first words can spell are bits of one
    integer (ABBREVIATION_MAX_LETTERS is under 64), word after word.
    """
    key = _one_key(short_tokens, short_kinds)
    if key < 0:
        return 0.0
    long_count = 0
    first = second = -1
    for i in range(len(long_tokens)):
        if long_kinds[i] == NUMBER:
            return 0.0
        if long_kinds[i] == WORD:
            long_count += 1
            if first < 0:
                first = long_tokens[i]
            elif second < 0:
                second = long_tokens[i]
    if long_count < k[C_ABBREVIATION_MIN_WORDS] or long_count > k[C_ABBREVIATION_MAX_WORDS]:
        return 0.0
    start, end = short_offs[key], short_offs[key + 1]
    size = end - start
    piece = int(k[C_ABBREVIATION_PIECE])
    if size < 2 * piece or size > k[C_ABBREVIATION_MAX_LETTERS]:
        return 0.0
    for x in range(start, end):
        if not _is_letter(short_chars[x]):
            return 0.0
    reach = np.uint64(1)  # bit p: the first p letters are spelt
    for i in range(len(long_tokens)):
        if long_kinds[i] != WORD:  # (stop words and single letters give no piece)
            continue
        w0, w1 = long_offs[long_tokens[i]], long_offs[long_tokens[i] + 1]
        for x in range(w0, w1):
            if not _is_letter(long_chars[x]):
                return 0.0
        if _same(short_chars, start, end, long_chars, w0, w1):
            return 0.0  # (one of the long name's words: features._abbreviation)
        after = np.uint64(0)
        for p in range(size):
            if (reach >> np.uint64(p)) & _ONE:
                for length in range(1, min(w1 - w0, size - p) + 1):
                    if short_chars[start + p + length - 1] != long_chars[w0 + length - 1]:
                        break
                    if length >= piece:
                        after |= _ONE << np.uint64(p + length)
        reach = after
        if reach == _ZERO:
            return 0.0
    if not (reach >> np.uint64(size)) & _ONE:
        return 0.0
    if size < k[C_ABBREVIATION_LONG_LETTERS]:
        return float(k[C_ABBREVIATION])
    if query_long:
        return float(k[C_ABBREVIATION_LONG] if long_count >= 3 and long_has_lf
                     else k[C_ABBREVIATION])
    if long_count >= 3:
        return float(k[C_ABBREVIATION_LONG])
    # two words: one of them written whole (features._whole_piece)
    a0, a1 = long_offs[first], long_offs[first + 1]
    b0, b1 = long_offs[second], long_offs[second + 1]
    cut = a1 - a0
    if piece <= size - cut <= b1 - b0 and _same(short_chars, start, start + cut, long_chars,
                                                a0, a1) and (
            _same(short_chars, start + cut, end, long_chars, b0, b0 + size - cut)):
        return float(k[C_ABBREVIATION_LONG])
    cut = size - (b1 - b0)
    if piece <= cut <= a1 - a0 and _same(short_chars, start + cut, end, long_chars, b0, b1) and (
            _same(short_chars, start, start + cut, long_chars, a0, a0 + cut)):
        return float(k[C_ABBREVIATION_LONG])
    return float(k[C_ABBREVIATION])


@njit(cache=True, nogil=True, inline="always")
def _is_letter(code: int) -> bool:
    """Python's ``str.isalpha`` for the lower-case ASCII that normalised tokens are made of
    (and any letter beyond ASCII, which romanised tokens never hold but would pass)."""
    return (97 <= code <= 122) or (65 <= code <= 90) or code > 127


@njit(cache=True, nogil=True)
def _less(chars_a: np.ndarray, a0: int, a1: int, chars_b: np.ndarray, b0: int, b1: int) -> bool:
    """String order of two code-point ranges (Python's ``<`` on str)."""
    for x in range(min(a1 - a0, b1 - b0)):
        if chars_a[a0 + x] != chars_b[b0 + x]:
            return bool(chars_a[a0 + x] < chars_b[b0 + x])
    return (a1 - a0) < (b1 - b0)


@njit(cache=True, nogil=True)
def spelled(tok: np.ndarray, kinds: np.ndarray, chars: np.ndarray, offs: np.ndarray,
            mode: int) -> np.ndarray:
    """A name's words without spaces, as NormalizedName spells them: mode 0 ``joined`` (all
    tokens in order), 1 ``sorted_joined`` (key tokens sorted), 2 ``glued_joined`` (stop
    words glued to the next word, sorted)."""
    total = 0
    for i in range(len(tok)):
        total += offs[tok[i] + 1] - offs[tok[i]]
    out = np.empty(total, np.int32)
    n = spelled_into(tok, kinds, chars, offs, mode, out, np.empty(total, np.int32),
                     np.empty((3, len(tok) + 1), np.int64))
    return out[:n]


@njit(cache=True, nogil=True)
def spelled_into(tok: np.ndarray, kinds: np.ndarray, chars: np.ndarray, offs: np.ndarray,
                 mode: int, out: np.ndarray, work: np.ndarray, pieces_at: np.ndarray) -> int:
    """:func:`spelled` written into ``out`` (returns its length), with ``work`` (as long as
    ``out``) and ``pieces_at`` (int64 [3, words + 1]) as scratch: scoring spells a candidate
    name this way for each candidate that needs it, without allocating."""
    if mode == 0:
        n = 0
        for i in range(len(tok)):
            for x in range(offs[tok[i]], offs[tok[i] + 1]):
                out[n] = chars[x]
                n += 1
        return n
    # pieces: ranges in a work buffer, then sorted and concatenated
    starts = pieces_at[0]
    ends = pieces_at[1]
    order = pieces_at[2]
    pieces = 0
    n = 0
    open_piece = False
    for i in range(len(tok)):
        stop = kinds[i] == STOP
        if mode == 1 and stop:
            continue
        if not open_piece:
            starts[pieces] = n
            open_piece = True
        for x in range(offs[tok[i]], offs[tok[i] + 1]):
            work[n] = chars[x]
            n += 1
        if mode == 1 or not stop:
            ends[pieces] = n
            pieces += 1
            open_piece = False
    if open_piece:  # trailing stop words form a piece of their own
        ends[pieces] = n
        pieces += 1
    for i in range(pieces):
        order[i] = i
    for i in range(1, pieces):  # insertion sort: names have few words
        cur = order[i]
        pos = i
        while pos > 0 and _less(work, starts[cur], ends[cur], work, starts[order[pos - 1]],
                                ends[order[pos - 1]]):
            order[pos] = order[pos - 1]
            pos -= 1
        order[pos] = cur
    n = 0
    for p in range(pieces):
        for x in range(starts[order[p]], ends[order[p]]):
            out[n] = work[x]
            n += 1
    return n


@njit(cache=True, nogil=True, inline="always")
def _squeeze(out: np.ndarray, n: int) -> int:
    """``out[:n]`` with every run of one letter written once, in place (returns the new
    length): match.features._squeezed."""
    kept = 0
    for x in range(n):
        if kept == 0 or out[x] != out[kept - 1]:
            out[kept] = out[x]
            kept += 1
    return kept


@njit(cache=True, nogil=True)
def _spellings_into(tok: np.ndarray, kinds: np.ndarray, chars: np.ndarray, offs: np.ndarray,
                    out: np.ndarray, work: np.ndarray, pieces_at: np.ndarray,
                    at: np.ndarray, squeeze: bool) -> tuple[np.ndarray, np.ndarray]:
    """A name's three :func:`spelled` spellings (modes 0, 1, 2) written one after another
    into ``out`` (int32, three times the name's characters), where each starts and ends into
    ``at`` (four int64), each squeezed (:func:`_squeeze`) when ``squeeze``; ``work`` (int32,
    the name's characters) and ``pieces_at`` (int64 [3, words + 1]) are scratch. Returns
    (``out``, ``at``)."""
    at[0] = 0
    for mode in range(3):
        piece = out[at[mode]:]
        n = spelled_into(tok, kinds, chars, offs, mode, piece, work, pieces_at)
        if squeeze:
            n = _squeeze(piece, n)
        at[mode + 1] = at[mode] + n
    return out, at


@njit(cache=True, nogil=True)
def _joined(q_joined: np.ndarray, q_sorted: np.ndarray, q_glued: np.ndarray,
            c_tok: np.ndarray, c_kinds: np.ndarray, v_chars: np.ndarray, v_offs: np.ndarray,
            beat: float, syllabic: bool, k: np.ndarray, pm: np.ndarray, c_spelled: np.ndarray,
            c_work: np.ndarray, c_pieces: np.ndarray, squeeze: bool) -> float:
    """match.features._joined_similarity over the (joined, sorted, glued) spellings.

    The query's spellings (``spelled`` modes 0, 1, 2; squeezed when ``squeeze``) are made
    once per query; the candidate's are only written (into the rows of ``c_spelled``) when
    the lengths leave a chance of beating ``beat``. (Squeezed, the candidate's length is
    only known once written.)
    """
    la = len(q_joined)
    lb = 0
    n0 = -1
    if squeeze:
        n0 = _squeeze(c_spelled[0], spelled_into(c_tok, c_kinds, v_chars, v_offs, 0,
                                                 c_spelled[0], c_work, c_pieces))
        lb = n0
    else:
        for j in range(len(c_tok)):
            lb += v_offs[c_tok[j] + 1] - v_offs[c_tok[j]]
    if la == lb:
        if n0 < 0:
            n0 = spelled_into(c_tok, c_kinds, v_chars, v_offs, 0, c_spelled[0], c_work,
                              c_pieces)
        if _equal(q_joined, c_spelled[0, :n0]):
            if la == 0:
                return 0.0
            return k[C_SQUEEZED_IDENTICAL] if squeeze else 1.0
    if k[C_JOINED_DISCOUNT] * 2 * min(la, lb) / (la + lb) <= max(
            beat, k[C_JOINED_MIN] * k[C_JOINED_DISCOUNT]):
        return 0.0
    if n0 < 0:
        n0 = spelled_into(c_tok, c_kinds, v_chars, v_offs, 0, c_spelled[0], c_work, c_pieces)
    n1 = spelled_into(c_tok, c_kinds, v_chars, v_offs, 1, c_spelled[1], c_work, c_pieces)
    n2 = spelled_into(c_tok, c_kinds, v_chars, v_offs, 2, c_spelled[2], c_work, c_pieces)
    if squeeze:
        n1 = _squeeze(c_spelled[1], n1)
        n2 = _squeeze(c_spelled[2], n2)
    raw = max(indel(q_joined, c_spelled[0, :n0], pm),
              indel(q_sorted, c_spelled[1, :n1], pm),
              indel(q_glued, c_spelled[2, :n2], pm))
    if syllabic and raw < 1.0:
        raw = raw * raw * raw
    return k[C_JOINED_DISCOUNT] * raw if raw >= k[C_JOINED_MIN] else 0.0


@njit(cache=True, nogil=True, inline="always")
def _compounds(q_chars: np.ndarray, q_offs: np.ndarray, q_tok: np.ndarray, q_var: np.ndarray,
               q_kinds: np.ndarray, v_chars: np.ndarray, v_offs: np.ndarray,
               v_var: np.ndarray, c_tok: np.ndarray, c_kinds: np.ndarray, k: np.ndarray,
               pm: np.ndarray, r_int: np.ndarray, r_sim: np.ndarray, pairs: int,
               o_int: np.ndarray, o_sim: np.ndarray, q_sims: np.ndarray,
               c_sims: np.ndarray, q_gen: np.ndarray, v_gen: np.ndarray) -> int:
    """match.tokens._compounds over the pair records (see ``_name_core``); returns the new
    number of records (replaced pairs are marked dead, not removed). ``q_sims`` and
    ``c_sims`` hold the greedy pairs' similarities: a word paired at 1.0 can join no
    compound, so no compound similarity is worked out for it. ``q_gen`` and ``v_gen``: the
    strings' word flags (a function word is no particle: match.tokens._particle)."""
    m, n = len(q_tok), len(c_tok)
    count = 0
    for side in range(2):
        for a in range(m - 1 if side == 0 else m):
            for b in range(n if side == 0 else n - 1):
                if side == 0:
                    # (a particle glued on the other side: match.tokens._particle)
                    particle = (q_kinds[a] == STOP and not q_gen[q_tok[a]] & FUNCTION
                                and q_offs[q_tok[a + 1] + 1] - q_offs[q_tok[a + 1]]
                                >= k[C_PARTICLE_WORD_MIN])
                    if ((q_kinds[a] != WORD and not particle) or q_kinds[a + 1] != WORD
                            or c_kinds[b] != WORD or q_sims[a] == 1.0 or q_sims[a + 1] == 1.0
                            or c_sims[b] == 1.0):
                        continue
                    v = c_tok[b]
                    x, y = q_tok[a], q_tok[a + 1]
                    xv, yv = q_var[a], q_var[a + 1]
                    first = (q_chars[q_offs[x]] != v_chars[v_offs[v]] if particle
                             else q_chars[q_offs[xv]] != v_chars[v_offs[v_var[v]]])
                    if first and not _joins(
                            q_chars, q_offs[x], q_offs[x + 1], q_offs[y], q_offs[y + 1],
                            v_chars, v_offs[v], v_offs[v + 1]):
                        continue  # see _joins
                    sim = _compound_sim(
                        v_chars, v_offs[v], v_offs[v + 1], v_offs[v_var[v]],
                        v_offs[v_var[v] + 1], q_chars, q_offs[x], q_offs[x + 1], q_offs[y],
                        q_offs[y + 1], q_offs[xv], q_offs[xv + 1], q_offs[yv],
                        q_offs[yv + 1], particle, k, pm)
                else:
                    particle = (c_kinds[b] == STOP and not v_gen[c_tok[b]] & FUNCTION
                                and v_offs[c_tok[b + 1] + 1] - v_offs[c_tok[b + 1]]
                                >= k[C_PARTICLE_WORD_MIN])
                    if (q_kinds[a] != WORD or (c_kinds[b] != WORD and not particle)
                            or c_kinds[b + 1] != WORD or q_sims[a] == 1.0 or c_sims[b] == 1.0
                            or c_sims[b + 1] == 1.0):
                        continue
                    w, wv = q_tok[a], q_var[a]
                    x, y = c_tok[b], c_tok[b + 1]
                    xv, yv = v_var[x], v_var[y]
                    first = (v_chars[v_offs[x]] != q_chars[q_offs[w]] if particle
                             else v_chars[v_offs[xv]] != q_chars[q_offs[wv]])
                    if first and not _joins(
                            v_chars, v_offs[x], v_offs[x + 1], v_offs[y], v_offs[y + 1],
                            q_chars, q_offs[w], q_offs[w + 1]):
                        continue
                    sim = _compound_sim(
                        q_chars, q_offs[w], q_offs[w + 1], q_offs[wv], q_offs[wv + 1],
                        v_chars, v_offs[x], v_offs[x + 1], v_offs[y], v_offs[y + 1],
                        v_offs[xv], v_offs[xv + 1], v_offs[yv], v_offs[yv + 1], particle, k,
                        pm)
                if sim < k[C_COMPOUND_MIN]:
                    continue
                # insertion into descending (sim, side, a, b) order, as the reference sorts
                pos = count
                while pos > 0 and (o_sim[pos - 1] < sim or (o_sim[pos - 1] == sim and (
                        o_int[0, pos - 1] < side or (o_int[0, pos - 1] == side and (
                            o_int[1, pos - 1] < a or (o_int[1, pos - 1] == a
                                                      and o_int[2, pos - 1] < b)))))):
                    o_sim[pos] = o_sim[pos - 1]
                    o_int[0, pos] = o_int[0, pos - 1]
                    o_int[1, pos] = o_int[1, pos - 1]
                    o_int[2, pos] = o_int[2, pos - 1]
                    pos -= 1
                o_sim[pos] = sim
                o_int[0, pos] = side
                o_int[1, pos] = a
                o_int[2, pos] = b
                count += 1
    for o in range(count):
        side, a, b, sim = o_int[0, o], o_int[1, o], o_int[2, o], o_sim[o]
        q_hi = a + 1 if side == 0 else a  # the compound's words: query a..q_hi, c b..c_hi
        c_hi = b if side == 0 else b + 1
        ok = True
        for t in range(pairs):
            if r_int[4, t] == 0:
                continue
            i, j = r_int[0, t], r_int[1, t]
            i_hi = i + r_int[2, t]
            j_hi = j + r_int[3, t]
            if i_hi < a or i > q_hi:
                if j_hi < b or j > c_hi:
                    continue  # shares no word with the compound
            if (r_int[2, t] == 1 or r_int[3, t] == 1 or i < a or i > q_hi or j < b
                    or j > c_hi or not r_sim[t] < sim):
                ok = False
                break
        if not ok:
            continue
        for t in range(pairs):
            if r_int[4, t] == 1 and r_int[0, t] >= a and r_int[0, t] <= q_hi and (
                    r_int[1, t] >= b and r_int[1, t] <= c_hi):
                r_int[4, t] = 0
        r_int[0, pairs] = a
        r_int[1, pairs] = b
        r_int[2, pairs] = 1 if side == 0 else 0
        r_int[3, pairs] = 1 if side == 1 else 0
        r_int[4, pairs] = 1
        r_sim[pairs] = sim
        pairs += 1
    return pairs


@njit(cache=True, nogil=True)
def _spelled_run(s_chars: np.ndarray, s0: int, s1: int, l_chars: np.ndarray,
                 l_offs: np.ndarray, l_tok: np.ndarray, l_kinds: np.ndarray,
                 used: np.ndarray) -> tuple[int, int]:
    """match.tokens._spelled_run: the leftmost run ``b..e`` of unpaired words (``used`` < 0)
    of the long side whose initials are ``s_chars[s0:s1]``, stop words inside it skipped, as
    (b, e); (-1, -1) when there is none."""
    size = s1 - s0
    n = len(l_tok)
    for b in range(n):
        if used[b] >= 0.0 or l_kinds[b] == STOP or l_chars[l_offs[l_tok[b]]] != s_chars[s0]:
            continue
        got = 0
        x = b
        while x < n and got < size:
            if used[x] >= 0.0:
                break
            if l_kinds[x] != STOP:
                if l_kinds[x] != WORD or l_chars[l_offs[l_tok[x]]] != s_chars[s0 + got]:
                    break
                got += 1
            x += 1
        if got == size:
            return b, x - 1
    return -1, -1


@njit(cache=True, nogil=True)
def _side_acronyms(s_chars: np.ndarray, s_offs: np.ndarray, s_tok: np.ndarray,
                   s_kinds: np.ndarray, s_used: np.ndarray, l_chars: np.ndarray,
                   l_offs: np.ndarray, l_tok: np.ndarray, l_kinds: np.ndarray,
                   l_used: np.ndarray, short_is_query: bool, k: np.ndarray,
                   r_int: np.ndarray, r_sim: np.ndarray, pairs: int) -> int:
    """One side's turn of match.tokens._acronym_pairs: each unpaired word of the short side
    (``s_*``), left to right, against the long side's (``l_*``) leftmost run it spells.
    Appends the records (query word first, whichever side is short) and returns their
    number."""
    keys = 0
    for a in range(len(s_tok)):
        if s_kinds[a] != STOP:
            keys += 1
    if keys < 2:
        return pairs
    for a in range(len(s_tok)):
        if s_used[a] >= 0.0 or s_kinds[a] != WORD:
            continue
        s0, s1 = s_offs[s_tok[a]], s_offs[s_tok[a] + 1]
        if s1 - s0 < k[C_ACRONYM_PAIR_MIN] or s1 - s0 > k[C_ACRONYM_PAIR_MAX]:
            continue
        b, e = _spelled_run(s_chars, s0, s1, l_chars, l_offs, l_tok, l_kinds, l_used)
        if b < 0:
            continue
        s_used[a] = 1.0
        l_used[b:e + 1] = 1.0
        r_int[0, pairs] = a if short_is_query else b
        r_int[1, pairs] = b if short_is_query else a
        r_int[2, pairs] = 0 if short_is_query else e - b
        r_int[3, pairs] = e - b if short_is_query else 0
        r_int[4, pairs] = 1
        r_sim[pairs] = k[C_ACRONYM_PAIR]
        pairs += 1
    return pairs


@njit(cache=True, nogil=True)
def _acronym_records(q_chars: np.ndarray, q_offs: np.ndarray, q_tok: np.ndarray,
                     q_kinds: np.ndarray, v_chars: np.ndarray, v_offs: np.ndarray,
                     c_tok: np.ndarray, c_kinds: np.ndarray, k: np.ndarray,
                     r_int: np.ndarray, r_sim: np.ndarray, pairs: int, q_used: np.ndarray,
                     c_used: np.ndarray) -> int:
    """match.tokens._acronym_pairs over the pair records (see ``_name_core``); returns the
    new number of records. ``q_used``/``c_used`` are scratch: >= 0 marks a paired word.
    An acronym record's query and candidate compound fields hold its extra words (a
    two-word acronym is then exactly a compound, as in the reference)."""
    q_used[:] = -1.0
    c_used[:] = -1.0
    for t in range(pairs):
        if r_int[4, t] == 0:
            continue
        for i in range(r_int[0, t], r_int[0, t] + r_int[2, t] + 1):
            q_used[i] = 1.0
        for j in range(r_int[1, t], r_int[1, t] + r_int[3, t] + 1):
            c_used[j] = 1.0
    pairs = _side_acronyms(q_chars, q_offs, q_tok, q_kinds, q_used, v_chars, v_offs, c_tok,
                           c_kinds, c_used, True, k, r_int, r_sim, pairs)
    return _side_acronyms(v_chars, v_offs, c_tok, c_kinds, c_used, q_chars, q_offs, q_tok,
                          q_kinds, q_used, False, k, r_int, r_sim, pairs)


@njit(cache=True, nogil=True, inline="always")
def _leftover(kinds: np.ndarray, weights: np.ndarray, sims: np.ndarray, k: np.ndarray) -> bool:
    """features._leftover: a telling word left unpaired (sims < 0)."""
    for i in range(len(sims)):
        if sims[i] < 0.0 and kinds[i] != STOP and weights[i] >= k[C_TELLING_WEIGHT]:
            return True
    return False


@njit(cache=True, nogil=True, inline="always")
def _unpaired(kinds: np.ndarray, sims: np.ndarray) -> bool:
    """features._unmatched is not empty: a word other than a stop word left unpaired."""
    for i in range(len(sims)):
        if sims[i] < 0.0 and kinds[i] != STOP:
            return True
    return False


@njit(cache=True, nogil=True)
def _name_core(q_chars: np.ndarray, q_offs: np.ndarray, q_tok: np.ndarray, q_var: np.ndarray,
               q_kinds: np.ndarray, q_w: np.ndarray, q_sur: np.ndarray, q_has_sur: bool,
               q_place: np.ndarray, syllabic: bool, q_p: np.ndarray, q_ok: np.ndarray,
               q_gen: np.ndarray, q_abjad: bool,
               cache_row: int, q_schema: int, q_has_lf: bool, v_chars: np.ndarray,
               v_offs: np.ndarray, v_var: np.ndarray, v_gen: np.ndarray, n_abjad: np.ndarray,
               cands: np.ndarray, everyone: bool,
               wanted: np.ndarray, acronyms: bool, squeeze: bool, places: bool, n_off: np.ndarray,
               n_words: np.ndarray, n_kinds: np.ndarray, n_w: np.ndarray, n_sur: np.ndarray,
               n_place: np.ndarray, n_has_sur: np.ndarray, n_schema: np.ndarray,
               n_ext: np.ndarray, q_written: np.ndarray, n_written_off: np.ndarray,
               n_written: np.ndarray, slot_of: np.ndarray, memo: np.ndarray, k: np.ndarray,
               pm: np.ndarray, p_sim: np.ndarray, p_i: np.ndarray, p_j: np.ndarray,
               q_sims_all: np.ndarray, c_sims_all: np.ndarray, q_spelled: np.ndarray,
               q_spelled_offs: np.ndarray, c_spelled: np.ndarray, c_work: np.ndarray,
               c_pieces: np.ndarray, r_int: np.ndarray, r_sim: np.ndarray,
               o_int: np.ndarray, o_sim: np.ndarray, out: np.ndarray) -> None:
    """match.features._name_similarity without the explanation, of the query and each
    candidate name ``cands[t]`` (all of them when ``everyone``, else those with ``wanted[t]``)
    into ``out[t]``.

    Query words are indexes into (q_chars, q_offs), q_tok the words and q_var their variant
    keys; candidate words are vocabulary ids (v_*): a name's are ``n_words[n_off[c]:n_off[c +
    1]]`` (its words or their skeletons). ``q_spelled`` holds the query's three spellings for
    ``_joined`` (at ``q_spelled_offs``); the c_* arrays are its scratch. The alignment's pairs
    are records in ``r_int`` (rows: query word, candidate word, the query's and the
    candidate's further words in the pair -- 1 for a compound's, more for an acronym's --
    and alive) and ``r_sim``; ``o_int`` (side, query word, candidate word) and ``o_sim``
    hold the compound options (match.tokens._compounds). ``q_sims_all`` and ``c_sims_all``
    are scratch for the words' similarities. ``q_gen`` and ``v_gen`` flag the query's
    strings and the vocabulary's that are generic words (``tokens.generic_spellings``), which
    pair across scripts (``q_abjad`` != ``n_abjad[c]``) only at ``C_GENERIC_ACROSS`` or more
    (``tokens.align``). ``acronyms``: pair acronyms inside names
    (match.tokens._acronym_pairs; not between skeletons). ``squeeze``: the joined spellings
    are squeezed (between skeletons; ``q_spelled`` is then squeezed too). ``places``: a place
    word (``q_place``, ``n_place``) only one side leaves unpaired counts little (not between
    skeletons). ``q_has_lf``: the query has a legal form (a query written out alerts as a
    syllabic abbreviation's long form only with one: features._abbreviation). ``q_written``
    and ``n_written`` (a name's at ``n_written_off``) are the codes of the initials as written
    (``initials_code``), which count where ``acronyms`` do and not for persons. ``n_ext``
    flags the names that are short forms of their entity (``query.extended_names``).

    One call for all candidates rather than one per candidate: numba counts references to
    every array argument on each call (a call for nothing when the array is borrowed), and
    this function takes forty.
    """
    q_keys = 0
    q_generic = 0  # key words that are generic words
    q_body = 0  # ... that name a kind of body
    for i in range(len(q_tok)):
        if q_kinds[i] != STOP:
            q_keys += 1
            if q_kinds[i] == WORD and q_gen[q_tok[i]] & GENERIC:
                q_generic += 1
                if q_gen[q_tok[i]] & BODY:
                    q_body += 1
    for cand in range(len(cands)):
        if not everyone and not wanted[cand]:
            continue
        c = cands[cand]
        lo, hi = n_off[c], n_off[c + 1]
        schema = n_schema[c]
        person = schema == PERSON or q_schema == PERSON
        craft = (schema == VESSEL or schema == AIRCRAFT or q_schema == VESSEL
                 or q_schema == AIRCRAFT)
        c_tok = n_words[lo:hi]
        c_kinds = n_kinds[lo:hi]
        c_w = n_w[lo:hi]
        c_sur = n_sur[lo:hi]
        c_place = n_place[lo:hi]
        c_has_sur = n_has_sur[c]
        across = q_abjad != n_abjad[c]
        # (features._name_similarity: no acronyms across scripts)
        spelled = acronyms and not across
        m, n = len(q_tok), len(c_tok)
        # Every pair at or above PAIR_MIN, then greedy: best first, ties to the later words (the
        # reference sorts (similarity, i, j) tuples in reverse).
        size = 0
        for i in range(m):
            row = cache_row + i
            for j in range(n):
                v = c_tok[j]
                if c_kinds[j] == INITIAL:
                    # (not remembered: the same letter is another list name's word or a
                    # word's skeleton, compared otherwise: tokens.cached_similarity; "mn"
                    # kept a skeleton m's 0.67 for the initial M. of ABAHUSSAIN, Mansour
                    # Othman M., where the reference pairs it at 0.7)
                    sim = word_sim(q_chars, q_offs, q_tok[i], q_var[i], q_p, q_ok, q_kinds[i],
                                   v_chars, v_offs, v, v_var[v], c_kinds[j], k, pm)
                else:
                    slot = slot_of[v]
                    sim = memo[row, slot]
                    if sim < 0.0:  # not yet compared in this query
                        sim = word_sim(q_chars, q_offs, q_tok[i], q_var[i], q_p, q_ok,
                                       q_kinds[i], v_chars, v_offs, v, v_var[v], c_kinds[j], k,
                                       pm)
                        memo[row, slot] = sim
                if across and sim < k[C_GENERIC_ACROSS] and (
                        (q_gen[q_tok[i]] | v_gen[v]) & GENERIC):
                    sim = 0.0  # (tokens.align: GENERIC_ACROSS_MIN)
                if sim < 1.0:
                    # a man's given name and a woman's never pair (tokens.opposite_sexes)
                    q_sex = q_gen[q_tok[i]] & SEXES
                    c_sex = v_gen[v] & SEXES
                    if q_sex and c_sex and q_sex != c_sex:
                        sim = 0.0
                if syllabic and sim < 1.0:  # tokens.syllabic_similarity
                    sim = sim * sim * sim
                if sim >= k[C_PAIR_MIN]:
                    # insertion into descending (sim, i, j) order
                    pos = size
                    while pos > 0 and (p_sim[pos - 1] < sim or (
                            p_sim[pos - 1] == sim and (p_i[pos - 1] < i or (
                                p_i[pos - 1] == i and p_j[pos - 1] < j)))):
                        p_sim[pos] = p_sim[pos - 1]
                        p_i[pos] = p_i[pos - 1]
                        p_j[pos] = p_j[pos - 1]
                        pos -= 1
                    p_sim[pos] = sim
                    p_i[pos] = i
                    p_j[pos] = j
                    size += 1
        q_sims = q_sims_all[:m]
        c_sims = c_sims_all[:n]
        q_sims[:] = -1.0
        c_sims[:] = -1.0
        # greedy: each word in one pair at most
        pairs = 0
        for t in range(size):
            i, j = p_i[t], p_j[t]
            if q_sims[i] >= 0.0 or c_sims[j] >= 0.0:
                continue
            q_sims[i] = p_sim[t]
            c_sims[j] = p_sim[t]
            r_int[0, pairs] = i
            r_int[1, pairs] = j
            r_int[2, pairs] = 0
            r_int[3, pairs] = 0
            r_int[4, pairs] = 1
            r_sim[pairs] = p_sim[t]
            pairs += 1
        if not syllabic:
            # (an acronym needs a word of its length that the greedy pairs left alone:
            # compounds only pair words further, so without one the call can be spared)
            spelling = False
            if spelled and not person:
                for i in range(m):
                    letters = q_offs[q_tok[i] + 1] - q_offs[q_tok[i]]
                    if (q_sims[i] < 0.0 and q_kinds[i] == WORD
                            and k[C_ACRONYM_PAIR_MIN] <= letters <= k[C_ACRONYM_PAIR_MAX]):
                        spelling = True
                        break
                for j in range(n):
                    if spelling:
                        break
                    letters = v_offs[c_tok[j] + 1] - v_offs[c_tok[j]]
                    if (c_sims[j] < 0.0 and c_kinds[j] == WORD
                            and k[C_ACRONYM_PAIR_MIN] <= letters <= k[C_ACRONYM_PAIR_MAX]):
                        spelling = True
            pairs = _compounds(q_chars, q_offs, q_tok, q_var, q_kinds, v_chars, v_offs, v_var,
                               c_tok, c_kinds, k, pm, r_int, r_sim, pairs, o_int, o_sim, q_sims,
                               c_sims, q_gen, v_gen)
            if spelling:
                pairs = _acronym_records(q_chars, q_offs, q_tok, q_kinds, v_chars, v_offs,
                                         c_tok, c_kinds, k, r_int, r_sim, pairs, q_sims,
                                         c_sims)
        q_sims[:] = -1.0
        c_sims[:] = -1.0
        word_pairs = 0
        single = 1.0
        single_letters = 0
        telling_pairs = 0
        telling = 1.0
        telling_resized = False
        telling_letters = 0
        shared = 0.0
        n_shared = 0
        longest = 0
        n_exact = 0  # key words spelled exactly alike, one to one
        exact_generic = 0  # ... of which generic words
        exact_body = 0  # ... that name a kind of body
        core = False  # ... and among them a telling word of its own (_whole_with_generic)
        compounds = False  # an exact compound among the word pairs
        for t in range(pairs):
            if r_int[4, t] == 0:
                continue
            i, j = r_int[0, t], r_int[1, t]
            # (a compound's or an acronym's further words on either side)
            q_extra, c_extra = r_int[2, t], r_int[3, t]
            sim = r_sim[t]
            q_len = 0
            for x in range(i, i + q_extra + 1):
                q_sims[x] = sim
                q_len += q_offs[q_tok[x] + 1] - q_offs[q_tok[x]]
            c_len = 0
            for x in range(j, j + c_extra + 1):
                c_sims[x] = sim
                c_len += v_offs[c_tok[x] + 1] - v_offs[c_tok[x]]
            if (sim == 1.0 and q_extra == 0 and c_extra == 0 and q_kinds[i] != STOP
                    and c_kinds[j] != STOP):
                n_exact += 1
                if q_kinds[i] == WORD and q_gen[q_tok[i]] & GENERIC:
                    exact_generic += 1
                    if q_gen[q_tok[i]] & BODY:
                        exact_body += 1
                elif (q_kinds[i] == WORD and q_len >= k[C_RARE_MIN_LETTERS]
                      and min(q_w[i], c_w[j]) >= k[C_TELLING_WEIGHT]):
                    core = True
            if q_kinds[i] != STOP or q_extra > 0:  # (a particle's compound is a word's)
                word_pairs += 1
                if sim == 1.0 and q_extra + c_extra == 1:
                    compounds = True
                single = sim
                single_letters = max(q_len, c_len)
                weight = min(q_w[i], c_w[j])
                if (sim == 1.0 and q_kinds[i] == WORD and weight >= k[C_TELLING_WEIGHT]
                        and q_extra == 0 and c_extra == 0):
                    shared += weight
                    n_shared += 1
                    longest = max(longest, q_offs[q_tok[i] + 1] - q_offs[q_tok[i]])
                if q_w[i] >= k[C_TELLING_WEIGHT]:
                    telling_pairs += 1
                    telling = sim
                    # (features._name_similarity: another length, or an organisation's
                    # word with too many letters swapped)
                    telling_resized = q_len != c_len or (
                        not person and sim < 1.0 and q_extra == 0 and c_extra == 0
                        and _swapped(q_chars, q_offs[q_tok[i]], v_chars, v_offs[c_tok[j]],
                                     q_len) > max(1.0, k[C_SWAPPED_SHARE] * q_len))
                    telling_letters = max(q_len, c_len)
        if compounds and not squeeze and not craft and (
                not _leftover(q_kinds, q_w, q_sims, k) or not _leftover(c_kinds, c_w, c_sims, k)):
            # (features._name_similarity: an exact compound shares its two words, each of
            # RARE_MIN_LETTERS letters or more; an acronym's pair is ACRONYM_PAIR, under 1)
            for t in range(pairs):
                if r_int[4, t] == 0 or r_sim[t] != 1.0 or r_int[2, t] + r_int[3, t] != 1:
                    continue
                i, j = r_int[0, t], r_int[1, t]
                for x in range(i, i + r_int[2, t] + 1):
                    for y in range(j, j + r_int[3, t] + 1):
                        weight = min(q_w[x], c_w[y])
                        letters = min(q_offs[q_tok[x] + 1] - q_offs[q_tok[x]],
                                      v_offs[c_tok[y] + 1] - v_offs[c_tok[y]])
                        if (q_kinds[x] == WORD and c_kinds[y] == WORD
                                and weight >= k[C_TELLING_WEIGHT]
                                and letters >= k[C_RARE_MIN_LETTERS]):
                            shared += weight
                            n_shared += 1
                            longest = max(longest, letters)
        several = word_pairs >= 2
        lenient = person and several
        # (features._name_similarity: a place only one side leaves unpaired counts little)
        faint = places and not person and not craft
        q_open = False
        c_open = False
        if faint:
            for i in range(m):
                if q_place[i] and q_sims[i] < 0.0:
                    q_open = True
            for j in range(n):
                if c_place[j] and c_sims[j] < 0.0:
                    c_open = True
        cov_q = _coverage(q_w, q_sims, lenient, q_sur, q_has_sur, q_place,
                          faint and not c_open, k)
        cov_c = _coverage(c_w, c_sims, lenient, c_sur, c_has_sur, c_place,
                          faint and not q_open, k)
        if several:
            alpha = k[C_PERSON_ALPHA] if person else k[C_ORG_ALPHA]
        else:
            alpha = k[C_SINGLE_ALPHA]
        score = alpha * max(cov_q, cov_c) + (1 - alpha) * min(cov_q, cov_c)
        if word_pairs == 1 and single < 1.0:
            score *= single ** _doubt_exponent(single_letters, k)
        elif telling_pairs == 1 and telling < 1.0 and telling_resized:
            score *= telling ** _doubt_exponent(telling_letters, k)
        c_keys = 0
        c_body = 0
        for j in range(n):
            if c_kinds[j] != STOP:
                c_keys += 1
                if c_kinds[j] == WORD and v_gen[c_tok[j]] & BODY:
                    c_body += 1
        # (features._whole_with_generic: the list name whole in the query, which adds only
        # generic words, or each name with words of its own that all name a kind of body;
        # and no short form of its entity. An exact pair's two words are one string.)
        whole = (not person and not squeeze and not n_ext[c] and not craft and core and (
            (c_keys == n_exact and q_keys - n_exact == q_generic - exact_generic)
            or (c_keys > n_exact and q_keys > n_exact
                and c_keys - n_exact == c_body - exact_body
                and q_keys - n_exact == q_body - exact_body)))
        if whole or (not person and (n_shared >= k[C_SHARED_MIN] or (
                n_shared == 1 and shared >= k[C_RARE_WEIGHT] and longest >= k[C_RARE_MIN_LETTERS]
                and not craft and (not _leftover(q_kinds, q_w, q_sims, k)
                                   or not _leftover(c_kinds, c_w, c_sims, k))))):
            score += (1.0 - score) * k[C_SHARED_BONUS] * (
                1.0 if whole else min(1.0, shared / k[C_SHARED_FULL]))
        # (as features._name_similarity: names of as many words only when one side alone
        # keeps a word, features._one_side_left, not between skeletons; and not when every
        # key word of one name is a generic word paired exactly, features._words_align)
        if score < 1.0 and (m != n or (not squeeze and _unpaired(q_kinds, q_sims) != _unpaired(
                c_kinds, c_sims))) and not (exact_generic == n_exact and (
                n_exact == q_keys or n_exact == c_keys)):
            o = q_spelled_offs
            la = o[1] - o[0]
            lb = 0
            for j in range(n):
                lb += v_offs[c_tok[j] + 1] - v_offs[c_tok[j]]
            # (_joined's own test of lengths, made here first: most candidates fail it, and
            # the call costs more than the test; squeezed, the candidate's length is not
            # known before its spelling is)
            if squeeze or la == lb or k[C_JOINED_DISCOUNT] * 2 * min(la, lb) / (la + lb) > max(
                    score, k[C_JOINED_MIN] * k[C_JOINED_DISCOUNT]):
                joined = _joined(q_spelled[o[0]:o[1]], q_spelled[o[1]:o[2]],
                                 q_spelled[o[2]:o[3]], c_tok, c_kinds, v_chars, v_offs, score,
                                 syllabic, k, pm, c_spelled, c_work, c_pieces, squeeze)
                if joined > score:
                    score = joined
        # (an acronym needs one key word on one side and several on the other: _acronym's
        # first tests, made here to spare the calls)
        if not across and max(k[C_ACRONYM], k[C_ACRONYM_LONG]) > score and (
                (q_keys == 1 and c_keys >= 2) or (c_keys == 1 and q_keys >= 2)):
            written = spelled and not person
            c_written = (n_written[n_written_off[c]:n_written_off[c + 1]] if written
                         else n_written[:0])
            letters = _acronym(q_tok, q_offs, q_kinds, c_tok, v_offs, c_kinds, q_chars, v_chars,
                               c_written)
            if letters == 0:
                letters = _acronym(c_tok, v_offs, c_kinds, q_tok, q_offs, q_kinds, v_chars,
                                   q_chars, q_written if written else q_written[:0])
            if letters:
                value = (k[C_ACRONYM_LONG] if letters >= k[C_ACRONYM_LONG_LETTERS]
                         else k[C_ACRONYM])
                if value > score:
                    score = value
        # (an acronym and an abbreviation exclude each other: one letter a word, or two or
        # more; not between skeletons, nor for persons)
        if spelled and not person and not syllabic and max(
                k[C_ABBREVIATION], k[C_ABBREVIATION_LONG]) > score and (
                (q_keys == 1 and c_keys >= 2) or (c_keys == 1 and q_keys >= 2)):
            value = _abbreviation(q_tok, q_offs, q_kinds, c_tok, v_offs, c_kinds, q_chars,
                                  v_chars, k, False, False)
            if value == 0.0:
                value = _abbreviation(c_tok, v_offs, c_kinds, q_tok, q_offs, q_kinds, v_chars,
                                      q_chars, k, True, q_has_lf)
            if value > score:
                score = value
        out[cand] = float(score)


@njit(cache=True, nogil=True, inline="always")
def _swapped(a: np.ndarray, a_at: int, b: np.ndarray, b_at: int, letters: int) -> int:
    """features._swapped_letters: in how many of ``letters`` places two words differ, two
    neighbours the other way round counting as one."""
    count = 0
    x = 0
    while x < letters:
        if a[a_at + x] != b[b_at + x]:
            count += 1
            if (x + 1 < letters and a[a_at + x] == b[b_at + x + 1]
                    and a[a_at + x + 1] == b[b_at + x]):
                x += 1
        x += 1
    return count


@njit(cache=True, nogil=True, inline="always")
def _doubt_exponent(letters: int, k: np.ndarray) -> float:
    """features.doubt_exponent."""
    low, high = float(k[C_DOUBT_LOW]), float(k[C_DOUBT_HIGH])
    if letters <= low:
        return 1.0
    return max(0.5, 1.0 - 0.5 * (letters - low) / (high - low))


@njit(cache=True, nogil=True)
def score_names(
        cands: np.ndarray,
        # the query (packed.PackedQuery)
        q_chars: np.ndarray, q_offs: np.ndarray, q_tok: np.ndarray, q_var: np.ndarray,
        q_skel: np.ndarray, q_skel_var: np.ndarray, q_kinds: np.ndarray, q_w: np.ndarray,
        q_sur: np.ndarray, q_place: np.ndarray, q_has_sur: bool, q_abjad: bool,
        q_syllabic: bool, q_schema: int, q_has_lf: bool, q_lf_ok: np.ndarray,
        q_gen: np.ndarray, q_written: np.ndarray,
        # the index (packed.PackedNames)
        v_chars: np.ndarray, v_offs: np.ndarray, v_var: np.ndarray, v_gen: np.ndarray,
        n_off: np.ndarray, n_tok: np.ndarray, n_skel: np.ndarray, n_kinds: np.ndarray,
        n_w: np.ndarray, n_sur: np.ndarray, n_place: np.ndarray, n_has_sur: np.ndarray,
        n_abjad: np.ndarray,
        n_schema: np.ndarray, n_weak: np.ndarray, n_ext: np.ndarray,
        n_written_off: np.ndarray,
        n_written: np.ndarray, lf_off: np.ndarray, lf_ids: np.ndarray,
        # scratch: zeroed int32 arrays the size of the vocabulary, the LCS bit table, and the
        # work arena with the size it should grow to (below)
        stamp: int, slot_stamp: np.ndarray, slot_of: np.ndarray, pm: np.ndarray,
        work: np.ndarray, want: np.ndarray, k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The name feature and the name-derived features (numbers, legal form, schema fit, weak
    alias) for each candidate name in ``cands``.

    Returns (name value, running total) per candidate: the total is the weighted sum in the
    algorithm's feature order up to the weak-alias feature, not yet clipped, so evidence
    features computed elsewhere (dates, countries, identifiers) add on in the same order.

    ``work`` (uint64) is per-thread scratch kept between calls, so that a query allocates
    little; when it is too small for a query, that query works in a new array and the size it
    needed goes to ``want[0]`` (a one-element int64 array), for the caller to grow ``work``.
    """
    # (borrowed: the rule functions below take these arrays and views of them per candidate;
    # the caller holds the arguments for the whole call)
    cands, q_chars, q_offs, q_tok = (_borrowed(cands), _borrowed(q_chars), _borrowed(q_offs),
                                     _borrowed(q_tok))
    q_var, q_skel, q_skel_var = _borrowed(q_var), _borrowed(q_skel), _borrowed(q_skel_var)
    q_kinds, q_w, q_sur = _borrowed(q_kinds), _borrowed(q_w), _borrowed(q_sur)
    q_place, n_place = _borrowed(q_place), _borrowed(n_place)
    q_lf_ok, v_chars, v_offs = _borrowed(q_lf_ok), _borrowed(v_chars), _borrowed(v_offs)
    q_gen, v_gen = _borrowed(q_gen), _borrowed(v_gen)
    v_var, n_off, n_tok, n_skel = (_borrowed(v_var), _borrowed(n_off), _borrowed(n_tok),
                                   _borrowed(n_skel))
    n_kinds, n_w, n_sur = _borrowed(n_kinds), _borrowed(n_w), _borrowed(n_sur)
    n_has_sur, n_abjad, n_schema = _borrowed(n_has_sur), _borrowed(n_abjad), _borrowed(n_schema)
    n_weak, lf_off, lf_ids = _borrowed(n_weak), _borrowed(lf_off), _borrowed(lf_ids)
    n_ext = _borrowed(n_ext)
    q_written, n_written_off, n_written = (_borrowed(q_written), _borrowed(n_written_off),
                                           _borrowed(n_written))
    slot_stamp, slot_of, pm, k = (_borrowed(slot_stamp), _borrowed(slot_of), _borrowed(pm),
                                  _borrowed(k))
    work, want = _borrowed(work), _borrowed(want)
    m = len(q_tok)
    # Word similarities are remembered per (query word, vocabulary word) for this query: each
    # distinct candidate word gets a slot (slot_stamp marks the words seen in this query).
    # (Skeletons only where they can be compared: a candidate in or out of an abjad when the
    # query is not, or is.)
    slots = 0
    longest = 1
    longest_chars = 1
    skeletons = False
    # First, read once what the scoring below will read of each candidate: its name's
    # fields, its words' fields, and the first and last letters of each word and of its
    # variant key. A query's candidates are names all over the index, seldom in any cache; in
    # this loop of independent loads the processor waits for many of them at once, where the
    # scoring, one candidate after another, met them one at a time. (The compiled call took
    # 12% less with it where memory was slow, and costs about 5 µs where the data is cached:
    # docs/matching.md, section 4.)
    touched = 0
    for t in range(len(cands)):
        c = cands[t]
        touched += n_schema[c] + n_weak[c] + n_ext[c] + n_has_sur[c] + n_abjad[c]
        if n_written_off[c + 1] > n_written_off[c]:
            touched += n_written[n_written_off[c]]
        if lf_off[c + 1] > lf_off[c]:
            touched += lf_ids[lf_off[c]]
        for x in range(n_off[c], n_off[c + 1]):
            v = n_tok[x]
            touched += n_kinds[x] + n_sur[x] + n_place[x] + int(n_w[x]) + v_gen[v] + slot_stamp[v]
            lo, hi = v_offs[v], v_offs[v + 1]
            if hi > lo:
                touched += v_chars[lo] + v_chars[hi - 1]
            v = v_var[v]
            if v_offs[v + 1] > v_offs[v]:
                touched += v_chars[v_offs[v]]
    for t in range(len(cands)):
        c = cands[t]
        longest = max(longest, n_off[c + 1] - n_off[c])
        bare = q_abjad != n_abjad[c]
        skeletons |= bare
        word_chars = 0
        skeleton_chars = 0
        for x in range(n_off[c], n_off[c + 1]):
            v = n_tok[x]
            word_chars += v_offs[v + 1] - v_offs[v]
            if slot_stamp[v] != stamp:
                slot_stamp[v] = stamp
                slot_of[v] = slots
                slots += 1
            if bare:
                v = n_skel[x]
                skeleton_chars += v_offs[v + 1] - v_offs[v]
                if slot_stamp[v] != stamp:
                    slot_stamp[v] = stamp
                    slot_of[v] = slots
                    slots += 1
        longest_chars = max(longest_chars, word_chars, skeleton_chars)
    if touched == -7:  # (a use of the sum, so the loads are not dropped; harmless if true)
        want[0] = max(want[0], 0)
    # Work space for the whole query, carved from the per-thread arena ``work`` (8-byte
    # words; numba allocates and frees each array it makes, and a query made twenty): word
    # similarities, the word alignment's pairs and compound options (_name_core,
    # _compounds), the bit patterns of the query strings, and the joined spellings of the
    # query (once) and of a candidate (scratch).
    strings = len(q_offs) - 1
    span = max(slots, 1)
    cells = m * longest
    records = 2 * (m + longest) + 1  # pairs, compounds and acronyms (dead ones included)
    options = 2 * cells + 1
    pieces = max(longest, m) + 1
    w_chars = 0
    s_chars = 0
    for i in range(m):
        w_chars += q_offs[q_tok[i] + 1] - q_offs[q_tok[i]]
        s_chars += q_offs[q_skel[i] + 1] - q_offs[q_skel[i]]
    spelled_words = (3 * w_chars + 1) // 2 + 4  # int32 spellings, then four int64 offsets
    spelled_skel = (3 * s_chars + 1) // 2 + 4 if skeletons else 0
    flags = (strings + 7) // 8  # bools
    need = (2 * m * span + 3 * cells + max(m, 1) + longest + 6 * records + 4 * options
            + strings * 256 + 2 * flags + (3 * longest_chars + 1) // 2
            + (max(longest_chars, w_chars, s_chars) + 1) // 2 + 3 * pieces + spelled_words
            + spelled_skel + len(cands) + (len(cands) + 7) // 8)
    arena_owner = work
    if need > len(work):
        want[0] = max(want[0], need)  # the caller grows the arena for the next query
        arena_owner = np.empty(need, np.uint64)
    arena = _borrowed(arena_owner)
    at = 0
    memo = arena[at:at + 2 * m * span].view(np.float64).reshape((2 * m, span))
    at += 2 * m * span
    # (the second m rows are the skeletons', read only when a candidate needs skeletons)
    memo[:2 * m if skeletons else m, :] = -1.0
    p_sim = arena[at:at + cells].view(np.float64)
    p_i = arena[at + cells:at + 2 * cells].view(np.int64)
    p_j = arena[at + 2 * cells:at + 3 * cells].view(np.int64)
    at += 3 * cells
    q_sims = arena[at:at + max(m, 1)].view(np.float64)
    at += max(m, 1)
    c_sims = arena[at:at + longest].view(np.float64)
    at += longest
    r_int = arena[at:at + 5 * records].view(np.int64).reshape((5, records))
    r_sim = arena[at + 5 * records:at + 6 * records].view(np.float64)
    at += 6 * records
    o_int = arena[at:at + 3 * options].view(np.int64).reshape((3, options))
    o_sim = arena[at + 3 * options:at + 4 * options].view(np.float64)
    at += 4 * options
    # Bit patterns of the query strings (words, variant keys, and when a candidate needs them
    # skeletons and their keys), once.
    q_p = arena[at:at + strings * 256].reshape((strings, 256))
    at += strings * 256
    q_ok = arena[at:at + flags].view(np.bool_)[:strings]
    built = arena[at + flags:at + 2 * flags].view(np.bool_)[:strings]
    at += 2 * flags
    q_ok[:] = False
    built[:] = False
    for i in range(m):
        for r in ((q_tok[i], q_var[i], q_skel[i], q_skel_var[i]) if skeletons
                  else (q_tok[i], q_var[i], q_tok[i], q_var[i])):
            if not built[r]:
                built[r] = True
                q_p[r, :] = 0
                q_ok[r] = pattern(q_chars[q_offs[r]:q_offs[r + 1]], q_p[r])
    c_spelled = arena[at:at + (3 * longest_chars + 1) // 2].view(np.int32)[
        :3 * longest_chars].reshape((3, longest_chars))
    at += (3 * longest_chars + 1) // 2
    worked = max(longest_chars, w_chars, s_chars)
    c_work = arena[at:at + (worked + 1) // 2].view(np.int32)[:worked]
    at += (worked + 1) // 2
    c_pieces = arena[at:at + 3 * pieces].view(np.int64).reshape((3, pieces))
    at += 3 * pieces
    # The query's joined spellings (of its words, and of their skeletons), once.
    words_spelled, words_spelled_offs = _spellings_into(
        q_tok, q_kinds, q_chars, q_offs, arena[at:at + spelled_words - 4].view(np.int32),
        c_work, c_pieces, arena[at + spelled_words - 4:at + spelled_words].view(np.int64),
        False)
    at += spelled_words
    skel_spelled, skel_spelled_offs = words_spelled, words_spelled_offs  # unread
    if skeletons:
        skel_spelled, skel_spelled_offs = _spellings_into(
            q_skel, q_kinds, q_chars, q_offs, arena[at:at + spelled_skel - 4].view(np.int32),
            c_work, c_pieces, arena[at + spelled_skel - 4:at + spelled_skel].view(np.int64),
            True)
        at += spelled_skel
    # per candidate: the skeletons' name value, and whether it is wanted
    bares = arena[at:at + len(cands)].view(np.float64)
    at += len(cands)
    wanted = arena[at:at + (len(cands) + 7) // 8].view(np.bool_)[:len(cands)]
    names = np.empty(len(cands), np.float64)
    totals = np.empty(len(cands), np.float64)
    _name_core(q_chars, q_offs, q_tok, q_var, q_kinds, q_w, q_sur, q_has_sur, q_place,
               q_syllabic, q_p, q_ok, q_gen, q_abjad, 0, q_schema, q_has_lf, v_chars, v_offs,
               v_var, v_gen, n_abjad, cands,
               True, wanted, True, False, True, n_off, n_tok, n_kinds, n_w, n_sur, n_place,
               n_has_sur, n_schema, n_ext, q_written, n_written_off, n_written, slot_of, memo,
               k, pm,
               p_sim, p_i, p_j, q_sims, c_sims, words_spelled, words_spelled_offs, c_spelled,
               c_work, c_pieces, r_int, r_sim, o_int, o_sim, names)
    if skeletons:
        # Arabic/Hebrew against Latin: compare consonant skeletons too (features.
        # name_similarity).
        any_bare = False
        for t in range(len(cands)):
            wanted[t] = q_abjad != n_abjad[cands[t]] and names[t] < k[C_SKELETON]
            any_bare |= wanted[t]
        if any_bare:
            # (never syllable by syllable: features.name_similarity)
            _name_core(q_chars, q_offs, q_skel, q_skel_var, q_kinds, q_w, q_sur, q_has_sur,
                       q_place, False, q_p, q_ok, q_gen, q_abjad, m, q_schema, q_has_lf,
                       v_chars, v_offs, v_var, v_gen, n_abjad,
                       cands, False, wanted, False, True, False, n_off, n_skel, n_kinds, n_w, n_sur,
                       n_place, n_has_sur, n_schema, n_ext, q_written, n_written_off,
                       n_written,
                       slot_of, memo, k, pm, p_sim, p_i, p_j, q_sims, c_sims, skel_spelled,
                       skel_spelled_offs, c_spelled, c_work, c_pieces, r_int, r_sim, o_int,
                       o_sim, bares)
    q_numbers = False
    for i in range(m):
        if q_kinds[i] == NUMBER:
            q_numbers = True
    for t in range(len(cands)):
        c = cands[t]
        lo, hi = n_off[c], n_off[c + 1]
        schema = n_schema[c]
        c_tok = n_tok[lo:hi]
        c_kinds = n_kinds[lo:hi]
        value = names[t]
        if skeletons and wanted[t]:
            bare = bares[t]
            # (key words, their skeletons' letters, and the letters of those that are no
            # generic word: features.SKELETON_MIN_LETTERS, SKELETON_MIN_DISTINCT)
            q_keys = 0
            q_letters = 0
            q_distinct = 0
            for i in range(m):
                if q_kinds[i] != STOP:
                    letters = q_offs[q_skel[i] + 1] - q_offs[q_skel[i]]
                    q_keys += 1
                    q_letters += letters
                    if not q_gen[q_skel[i]] & GENERIC:
                        q_distinct += letters
            c_keys = 0
            c_letters = 0
            c_distinct = 0
            for j in range(hi - lo):
                if c_kinds[j] != STOP:
                    letters = v_offs[n_skel[lo + j] + 1] - v_offs[n_skel[lo + j]]
                    c_keys += 1
                    c_letters += letters
                    if not v_gen[n_skel[lo + j]] & GENERIC:
                        c_distinct += letters
            discount = (k[C_SKELETON] if min(q_keys, c_keys) >= 2
                        and min(q_letters, c_letters) >= k[C_SKELETON_LETTERS]
                        and min(q_distinct, c_distinct) >= k[C_SKELETON_DISTINCT]
                        else k[C_SKELETON_ONE])
            if discount * bare > value:
                value = discount * bare
        names[t] = value
        total = 0.0
        total += k[C_W_NAME] * value
        # numbers: the sets of numerals must agree
        c_numbers = False
        for j in range(hi - lo):
            if c_kinds[j] == NUMBER:
                c_numbers = True
        # (no numerals on either side is _numbers' first answer, found here without the call)
        nums = 2 if not q_numbers and not c_numbers else _numbers(
            q_chars, q_offs, q_tok, q_kinds, v_chars, v_offs, c_tok, c_kinds)
        if nums != 2:
            total += k[C_W_NUMBERS] * (0.0 if nums == 0 else (-1.0 if nums == 1 else -0.5))
        # legal form: incompatible forms count against
        has_lf = lf_off[c + 1] > lf_off[c]
        if q_has_lf and has_lf:
            ok = False
            for x in range(lf_off[c], lf_off[c + 1]):
                if q_lf_ok[lf_ids[x]]:
                    ok = True
            total += k[C_W_LEGAL] * (0.0 if ok else -1.0)
        # schema fit: a company-like query against a person, or the reverse
        org = schema == ORGANIZATION or schema == COMPANY
        q_org = q_schema == ORGANIZATION or q_schema == COMPANY
        if ((schema == PERSON and ((q_has_lf and not has_lf) or q_org))
                or (q_schema == PERSON and org)
                or (q_schema == PERSON and has_lf and schema != PERSON)
                or (q_has_lf and (schema == VESSEL or schema == AIRCRAFT))):
            total += k[C_W_SCHEMA] * -1.0
        if n_weak[c]:
            total += k[C_W_WEAK] * -1.0
        totals[t] = total
    _keep(arena_owner)
    return names, totals


@njit(cache=True, nogil=True)
def _numbers(q_chars: np.ndarray, q_offs: np.ndarray, q_tok: np.ndarray, q_kinds: np.ndarray,
             v_chars: np.ndarray, v_offs: np.ndarray, c_tok: np.ndarray,
             c_kinds: np.ndarray) -> int:
    """features.numbers as a code: 0 same numerals, 1 different, 3 only on one side,
    2 none on either side."""
    q_any = False
    c_any = False
    for i in range(len(q_tok)):
        if q_kinds[i] == NUMBER:
            q_any = True
    for j in range(len(c_tok)):
        if c_kinds[j] == NUMBER:
            c_any = True
    if not q_any and not c_any:
        return 2
    if q_any != c_any:
        return 3
    # same sets: every query numeral on the candidate and every candidate numeral in the query
    for i in range(len(q_tok)):
        if q_kinds[i] != NUMBER:
            continue
        a = q_chars[q_offs[q_tok[i]]:q_offs[q_tok[i] + 1]]
        found = False
        for j in range(len(c_tok)):
            if c_kinds[j] == NUMBER and _equal(a, v_chars[v_offs[c_tok[j]]:
                                                          v_offs[c_tok[j] + 1]]):
                found = True
                break
        if not found:
            return 1
    for j in range(len(c_tok)):
        if c_kinds[j] != NUMBER:
            continue
        b = v_chars[v_offs[c_tok[j]]:v_offs[c_tok[j] + 1]]
        found = False
        for i in range(len(q_tok)):
            if q_kinds[i] == NUMBER and _equal(q_chars[q_offs[q_tok[i]]:q_offs[q_tok[i] + 1]],
                                               b):
                found = True
                break
        if not found:
            return 1
    return 0


@njit(cache=True, nogil=True)
def best_per_entity(cands: np.ndarray, totals: np.ndarray, n_entity: np.ndarray,
                    limit: int, min_score: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores clipped to [0, 1], each entity's best name kept (the first in score order),
    entities ranked by score then position; the ``limit`` best with a score above 0 and at
    least ``min_score``.

    Returns (entity positions, name indexes, scores).
    """
    # candidates by score (descending; ties keep candidate order), by insertion: few of them
    count = len(cands)
    scores = np.empty(count, np.float64)
    order = np.empty(count, np.int64)
    for t in range(count):
        value = min(1.0, max(0.0, totals[t]))
        scores[t] = value
        pos = t
        while pos > 0 and scores[order[pos - 1]] < value:
            order[pos] = order[pos - 1]
            pos -= 1
        order[pos] = t
    ents = np.empty(count, np.int64)
    names = np.empty(count, np.int64)
    values = np.empty(count, np.float64)
    n = 0
    for r in range(count):
        t = order[r]
        if scores[t] <= 0.0 or scores[t] < min_score:
            break
        position = n_entity[cands[t]]
        seen = False
        for x in range(n):
            if ents[x] == position:
                seen = True
                break
        if seen:
            continue
        # insertion by (score descending, entity position ascending)
        pos = n
        while pos > 0 and (values[pos - 1] < scores[t] or (values[pos - 1] == scores[t]
                                                            and ents[pos - 1] > position)):
            ents[pos] = ents[pos - 1]
            names[pos] = names[pos - 1]
            values[pos] = values[pos - 1]
            pos -= 1
        ents[pos] = position
        names[pos] = cands[t]
        values[pos] = scores[t]
        n += 1
    n = min(n, limit)
    return ents[:n], names[:n], values[:n]


@njit(cache=True, nogil=True)
def search_names(
        # candidate selection (index.kernels.select, up to its scratch)
        w_ids: np.ndarray, w_offs: np.ndarray, w_keys: np.ndarray, w_weights: np.ndarray,
        w_tok: np.ndarray, s_ids: np.ndarray, s_offs: np.ndarray, s_keys: np.ndarray,
        s_weights: np.ndarray, s_tok: np.ndarray, g_ids: np.ndarray, g_offs: np.ndarray,
        g_codes: np.ndarray, joined: np.ndarray,
        total: float, n_candidates: int, max_posting: int, looked_up: int, share: float,
        added: int,
        lengths: np.ndarray, acc: np.ndarray, hits: np.ndarray, touched: np.ndarray,
        # per name: could its entity be of the query's schema (empty: any schema)
        compatible: np.ndarray,
        # the query, the index and scratch, as score_names takes them after ``cands``
        q_chars: np.ndarray, q_offs: np.ndarray, q_tok: np.ndarray, q_var: np.ndarray,
        q_skel: np.ndarray, q_skel_var: np.ndarray, q_kinds: np.ndarray, q_w: np.ndarray,
        q_sur: np.ndarray, q_place: np.ndarray, q_has_sur: bool, q_abjad: bool,
        q_syllabic: bool, q_schema: int, q_has_lf: bool, q_lf_ok: np.ndarray,
        q_gen: np.ndarray, q_written: np.ndarray,
        v_chars: np.ndarray, v_offs: np.ndarray, v_var: np.ndarray, v_gen: np.ndarray,
        n_off: np.ndarray, n_tok: np.ndarray, n_skel: np.ndarray, n_kinds: np.ndarray,
        n_w: np.ndarray, n_sur: np.ndarray, n_place: np.ndarray, n_has_sur: np.ndarray,
        n_abjad: np.ndarray,
        n_schema: np.ndarray, n_weak: np.ndarray, n_ext: np.ndarray,
        n_written_off: np.ndarray,
        n_written: np.ndarray, lf_off: np.ndarray, lf_ids: np.ndarray,
        stamp: int, slot_stamp: np.ndarray, slot_of: np.ndarray, pm: np.ndarray,
        work: np.ndarray, want: np.ndarray, k: np.ndarray,
        # ranking (best_per_entity)
        n_entity: np.ndarray, limit: int,
        min_score: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A search on the name alone in one call: candidates (``select``), kept when their
    schema fits, scored (``score_names``) and ranked (``best_per_entity``). The same as the
    three calls; one call from Python instead of three saves their argument handling, which
    costs more than ranking. Returns (entity positions, name indexes, scores)."""
    cands = select(w_ids, w_offs, w_keys, w_weights, w_tok, s_ids, s_offs, s_keys, s_weights,
                   s_tok, g_ids, g_offs, g_codes, joined, total, n_candidates, max_posting,
                   looked_up, share, added, lengths, acc, hits, touched)
    if len(compatible) > 0:
        kept = 0
        for t in range(len(cands)):
            if compatible[cands[t]]:
                cands[kept] = cands[t]
                kept += 1
        cands = cands[:kept]
    _, totals = score_names(
        cands, q_chars, q_offs, q_tok, q_var, q_skel, q_skel_var, q_kinds, q_w, q_sur,
        q_place, q_has_sur, q_abjad, q_syllabic, q_schema, q_has_lf, q_lf_ok, q_gen, q_written,
        v_chars, v_offs, v_var, v_gen, n_off, n_tok, n_skel, n_kinds, n_w, n_sur, n_place,
        n_has_sur, n_abjad, n_schema, n_weak, n_ext, n_written_off, n_written,
        lf_off, lf_ids, stamp, slot_stamp, slot_of, pm, work, want, k)
    return best_per_entity(cands, totals, n_entity, limit, min_score)
