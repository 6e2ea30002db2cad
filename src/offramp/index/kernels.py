"""Compiled candidate selection: postings summed and ranked without a Python loop per name.

The rules are those of :class:`offramp.index.candidates.CandidateIndex` (its docstring says
why); this module only makes them fast. Postings are flat arrays (``ids``, ``offsets``: key
``k`` lists ``ids[offsets[k]:offsets[k + 1]]``).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def _better(score_a: float, id_a: int, score_b: float, id_b: int) -> bool:
    """Ranking order: higher score first, then lower id."""
    return score_a > score_b or (score_a == score_b and id_a < id_b)


@njit(cache=True, nogil=True)
def _top(ids: np.ndarray, scores: np.ndarray, limit: int) -> np.ndarray:
    """Positions into ``ids`` of the ``limit`` best, by score descending then id ascending.

    A bounded insertion: most names fall below the current worst and cost one comparison.
    (Plain loops rather than numpy's partition and sorts, which take numba seconds to
    compile.)
    """
    keep = np.empty(max(min(limit, len(ids)), 0), np.int64)
    size = 0
    for x in range(len(ids)):
        score, name = scores[x], ids[x]
        if size == len(keep):
            if size == 0:
                break
            worst = keep[size - 1]
            if not _better(score, name, scores[worst], ids[worst]):
                continue
            pos = size - 1
        else:
            pos = size
            size += 1
        while pos > 0 and _better(score, name, scores[keep[pos - 1]], ids[keep[pos - 1]]):
            keep[pos] = keep[pos - 1]
            pos -= 1
        keep[pos] = x
    return keep[:size]


@njit(cache=True, nogil=True)
def _accumulate(p_ids: np.ndarray, p_offs: np.ndarray, keys: np.ndarray, weights: np.ndarray,
                max_posting: int, acc: np.ndarray, touched: np.ndarray, count: int) -> int:
    """Add each key's weight to every name in its posting (skipping over-common keys)."""
    for t in range(len(keys)):
        lo, hi = p_offs[keys[t]], p_offs[keys[t] + 1]
        if hi - lo > max_posting:
            continue
        w = weights[t]
        for x in range(lo, hi):
            name = p_ids[x]
            if acc[name] == 0.0:
                touched[count] = name
                count += 1
            acc[name] += w
    return count


@njit(cache=True, nogil=True)
def _posting_total(p_offs: np.ndarray, keys: np.ndarray, max_posting: int) -> int:
    total = 0
    for t in range(len(keys)):
        size = p_offs[keys[t] + 1] - p_offs[keys[t]]
        if size <= max_posting:
            total += size
    return total


@njit(cache=True, nogil=True)
def keyed(w_ids: np.ndarray, w_offs: np.ndarray, w_keys: np.ndarray, w_weights: np.ndarray,
          s_ids: np.ndarray, s_offs: np.ndarray, s_keys: np.ndarray, s_weights: np.ndarray,
          max_posting: int, acc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every name sharing a word or sound key, with its summed key weight (unordered).

    ``acc`` is a zeroed float64 scratch array, one slot per name; it is left zeroed.
    """
    size = (_posting_total(w_offs, w_keys, max_posting)
            + _posting_total(s_offs, s_keys, max_posting))
    touched = np.empty(size, np.int64)
    count = _accumulate(w_ids, w_offs, w_keys, w_weights, max_posting, acc, touched, 0)
    count = _accumulate(s_ids, s_offs, s_keys, s_weights, max_posting, acc, touched, count)
    touched = touched[:count]
    sums = np.empty(count, np.float64)
    for x in range(count):
        sums[x] = acc[touched[x]]
        acc[touched[x]] = 0.0
    return touched, sums


@njit(cache=True, nogil=True)
def ranked(ids: np.ndarray, sums: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``limit`` best (ids, sums), best first, ties by id."""
    order = _top(ids, sums, limit)
    return ids[order], sums[order]


@njit(cache=True, nogil=True)
def trigram_codes(chars: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(code, string number) of every character trigram of each string ``chars[offsets[i]:
    offsets[i + 1]]`` padded with a space at both ends (``candidates.trigrams``), each trigram
    packed into one integer (three 21-bit code points)."""
    total = 0
    for i in range(len(offsets) - 1):
        total += offsets[i + 1] - offsets[i] + 1
    codes = np.empty(total, np.int64)
    owner = np.empty(total, np.int64)
    n = 0
    for i in range(len(offsets) - 1):
        lo, hi = offsets[i], offsets[i + 1]
        for x in range(lo - 1, hi - 1):  # windows starting at the leading space
            c0 = 32 if x < lo else chars[x]
            c1 = 32 if x + 1 >= hi else chars[x + 1]
            c2 = 32 if x + 2 >= hi else chars[x + 2]
            codes[n] = (np.int64(c0) << 42) | (np.int64(c1) << 21) | np.int64(c2)
            owner[n] = i
            n += 1
    return codes[:n], owner[:n]


@njit(cache=True, nogil=True)
def _find(sorted_codes: np.ndarray, code: int) -> int:
    """Index of ``code`` in ``sorted_codes``, or -1 (binary search)."""
    lo, hi = 0, len(sorted_codes)
    while lo < hi:
        mid = (lo + hi) // 2
        if sorted_codes[mid] < code:
            lo = mid + 1
        else:
            hi = mid
    return lo if lo < len(sorted_codes) and sorted_codes[lo] == code else -1


@njit(cache=True, nogil=True)
def _has(p_ids: np.ndarray, lo: int, hi: int, name: int) -> bool:
    """Whether the sorted posting ``p_ids[lo:hi]`` lists ``name`` (binary search)."""
    end = hi
    while lo < hi:
        mid = (lo + hi) // 2
        if p_ids[mid] < name:
            lo = mid + 1
        else:
            hi = mid
    return lo < end and p_ids[lo] == name


@njit(cache=True, nogil=True)
def _sharing(p_ids: np.ndarray, p_offs: np.ndarray, keys: np.ndarray, need: int,
             acc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Names in at least ``need`` of the postings of ``keys`` (rarest first) with how many,
    as :func:`keyed` with every weight 1 would count them (unordered; names in fewer may be
    left out).

    A name in none of the first ``len(keys) - need + 1`` postings cannot be in ``need`` of
    them, so only those postings bring names; the longer rest only add to names already
    found, by binary search when that is cheaper than reading the posting (common trigrams
    list thousands of names). ``acc`` is zeroed scratch and is left zeroed.
    """
    head = len(keys) - need + 1
    size = 0
    for t in range(head):
        size += p_offs[keys[t] + 1] - p_offs[keys[t]]
    touched = np.empty(size, np.int64)
    count = 0
    for t in range(head):
        for x in range(p_offs[keys[t]], p_offs[keys[t] + 1]):
            name = p_ids[x]
            if acc[name] == 0.0:
                touched[count] = name
                count += 1
            acc[name] += 1.0
    for t in range(head, len(keys)):
        lo, hi = p_offs[keys[t]], p_offs[keys[t] + 1]
        if count * 16 < hi - lo:
            for y in range(count):
                if _has(p_ids, lo, hi, touched[y]):
                    acc[touched[y]] += 1.0
        else:
            for x in range(lo, hi):
                name = p_ids[x]
                if acc[name] != 0.0:
                    acc[name] += 1.0
    touched = touched[:count]
    counts = np.empty(count, np.float64)
    for y in range(count):
        counts[y] = acc[touched[y]]
        acc[touched[y]] = 0.0
    return touched, counts


@njit(cache=True, nogil=True)
def by_trigrams(g_ids: np.ndarray, g_offs: np.ndarray, g_codes: np.ndarray,
                joined: np.ndarray, looked_up: int, share: float, limit: int,
                acc: np.ndarray) -> np.ndarray:
    """Names containing a share of the query's rarest trigrams, most shared first."""
    codes, _ = trigram_codes(joined, np.array([0, len(joined)], np.int64))
    keys = np.empty(len(codes), np.int64)
    sizes = np.empty(len(codes), np.int64)
    n = 0
    for code in codes:
        at = _find(g_codes, code)
        if at < 0:
            continue
        size = g_offs[at + 1] - g_offs[at]
        # insertion by (posting size, key): rarest first, ties in key order, no repeats
        pos = n
        duplicate = False
        for y in range(n):
            if keys[y] == at:
                duplicate = True
        if duplicate:
            continue
        while pos > 0 and (sizes[pos - 1] > size or (sizes[pos - 1] == size
                                                     and keys[pos - 1] > at)):
            keys[pos] = keys[pos - 1]
            sizes[pos] = sizes[pos - 1]
            pos -= 1
        keys[pos] = at
        sizes[pos] = size
        n += 1
    if n == 0:
        return np.empty(0, np.int64)
    chosen = keys[:min(n, looked_up)].copy()
    need = max(1, int(len(chosen) * share))
    touched, counts = _sharing(g_ids, g_offs, chosen, need, acc)
    kept = 0
    for x in range(len(touched)):
        if counts[x] >= need:
            touched[kept] = touched[x]
            counts[kept] = counts[x]
            kept += 1
    return ranked(touched[:kept], counts[:kept], limit)[0]


@njit(cache=True, nogil=True)
def select(w_ids: np.ndarray, w_offs: np.ndarray, w_keys: np.ndarray, w_weights: np.ndarray,
           s_ids: np.ndarray, s_offs: np.ndarray, s_keys: np.ndarray, s_weights: np.ndarray,
           g_ids: np.ndarray, g_offs: np.ndarray, g_codes: np.ndarray, joined: np.ndarray,
           total: float, limit: int, max_posting: int, looked_up: int, share: float,
           acc: np.ndarray) -> np.ndarray:
    """``CandidateIndex.candidates`` in one call: the best ``limit`` names by shared word and
    sound keys; when those are too few or too weak (the best has under half the query's
    weight), the trigram fallback's best are added after them (up to ``2 * limit``)."""
    ids, sums = keyed(w_ids, w_offs, w_keys, w_weights, s_ids, s_offs, s_keys, s_weights,
                      max_posting, acc)
    found, strength = ranked(ids, sums, limit)
    if len(found) >= limit and strength[0] >= 0.5 * total:
        return found
    fallback = by_trigrams(g_ids, g_offs, g_codes, joined, looked_up, share, limit, acc)
    if len(found) == 0:
        return fallback
    out = np.empty(len(found) + len(fallback), np.int64)
    n = 0
    for x in found:
        out[n] = x
        n += 1
    for x in fallback:
        seen = False
        for y in found:
            if y == x:
                seen = True
                break
        if not seen:
            out[n] = x
            n += 1
    return out[:min(n, 2 * limit)]
