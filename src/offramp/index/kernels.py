"""Compiled candidate selection: postings summed and ranked without a Python loop per name.

The rules are those of :class:`offramp.index.candidates.CandidateIndex` (its docstring says
why); this module only makes them fast. Postings are flat arrays (``ids``, ``offsets``: key
``k`` lists ``ids[offsets[k]:offsets[k + 1]]``).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def _top(ids: np.ndarray, scores: np.ndarray, limit: int) -> np.ndarray:
    """Positions into ``ids`` of the ``limit`` best, by score descending then id ascending."""
    n = len(ids)
    chosen = np.arange(n)
    if n > limit:
        kth = np.partition(-scores, limit - 1)[limit - 1]  # the limit-th best, negated
        above = 0
        for x in range(n):
            if -scores[x] < kth:
                above += 1
        keep = np.empty(limit, np.int64)
        ties = np.empty(n, np.int64)
        count = 0
        tie_count = 0
        for x in range(n):
            if -scores[x] < kth:
                keep[count] = x
                count += 1
            elif -scores[x] == kth:
                ties[tie_count] = x
                tie_count += 1
        # ties at the cut go to the lowest ids
        tie_ids = ids[ties[:tie_count]]
        order = np.argsort(tie_ids, kind="mergesort")
        for x in range(limit - above):
            keep[count] = ties[order[x]]
            count += 1
        chosen = keep
    # final order: score descending, id ascending
    key_ids = ids[chosen]
    by_id = np.argsort(key_ids, kind="mergesort")
    chosen = chosen[by_id]
    by_score = np.argsort(-scores[chosen], kind="mergesort")
    return chosen[by_score]


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
def by_trigrams(g_ids: np.ndarray, g_offs: np.ndarray, g_keys: np.ndarray, looked_up: int,
                share: float, limit: int, acc: np.ndarray) -> np.ndarray:
    """Names containing a share of the query's rarest trigrams, most shared first."""
    if len(g_keys) == 0:
        return np.empty(0, np.int64)
    sizes = np.empty(len(g_keys), np.int64)
    for t in range(len(g_keys)):
        sizes[t] = g_offs[g_keys[t] + 1] - g_offs[g_keys[t]]
    # rarest first; equal counts in key order, so the choice does not depend on hashing
    order = np.argsort(sizes, kind="mergesort")
    chosen = g_keys[order[:looked_up]]
    ones = np.ones(len(chosen), np.float64)
    touched, counts = keyed(g_ids, g_offs, chosen, ones, g_ids[:0], g_offs[:1], chosen[:0],
                            ones[:0], g_ids.size + 1, acc)
    need = max(1, int(len(chosen) * share))
    keep = counts >= need
    return ranked(touched[keep], counts[keep], limit)[0]
