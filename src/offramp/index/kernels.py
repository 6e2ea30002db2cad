"""Compiled candidate selection: postings summed and ranked without a Python loop per name.

The rules are those of :class:`offramp.index.candidates.CandidateIndex` (its docstring says
why); this module only makes them fast. Postings are flat arrays (``ids``, ``offsets``: key
``k`` lists ``ids[offsets[k]:offsets[k + 1]]``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit
from numba.core import cgutils
from numba.extending import intrinsic

# A query word whose own word key is held by this many list names or fewer brings them all
# to the candidates (select: _with_rare). bench/match_quality.py: at 3, five aliases more in
# the top 10 and two more alerted; at 10, eight and three (two others drop a place within the
# top 10); the same false alerts, and 0.1 candidates more per search on the speed mix.
RARE_POSTING = 10

_null: Any = cgutils.get_null_value


def _borrow(typingctx: Any, array: Any) -> Any:
    """The same array without a reference count: a view whose buffer numba does not track.

    numba counts references to an array's buffer with an atomic increment and decrement for
    every view taken and every call an array is passed to; scoring passes a dozen arrays per
    candidate to the rule functions, and those atomics were half of its time. A borrowed
    view skips them (its meminfo is null), so it is only valid while its owner is alive: an
    argument of the running kernel, or an array the kernel keeps until it returns
    (``_keep``). It must never be returned or stored.
    """
    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        view = context.make_array(signature.args[0])(context, builder, value=args[0])
        view.meminfo = _null(view.meminfo.type)
        view.parent = _null(view.parent.type)
        return view._getvalue()

    return array(array), codegen


_borrowed: Any = intrinsic(_borrow)


@njit(cache=True, nogil=True)
def _keep(*owners: np.ndarray) -> int:
    """Use arrays (a no-op): keeps the owners of borrowed views alive up to this call."""
    return len(owners)


@njit(cache=True, nogil=True, inline="always")
def _better(score_a: float, id_a: int, score_b: float, id_b: int, lengths: np.ndarray) -> bool:
    """Ranking order: higher score first, then the name of fewer words (``lengths``), then
    lower id."""
    if score_a != score_b:
        return score_a > score_b
    if lengths[id_a] != lengths[id_b]:
        return bool(lengths[id_a] < lengths[id_b])
    return id_a < id_b


@njit(cache=True, nogil=True)
def _best(names: np.ndarray, count: int, score_of: np.ndarray, need: float,
          limit: int, lengths: np.ndarray) -> np.ndarray:
    """The ``limit`` best of ``names[:count]`` whose score ``score_of[name]`` is at least
    ``need``, by score descending, then by the number of words ``lengths[name]`` ascending
    (``CandidateIndex._tie_break`` says for which queries and why), then name ascending (a
    new array).

    A bounded insertion: most names fall below the current worst and cost one comparison.
    (Plain loops rather than numpy's partition and sorts, which take numba seconds to
    compile. Scores are read where they were summed, so no array of them is made; the order
    is total, so it does not depend on the order of ``names``.)
    """
    keep = np.empty(max(min(limit, count), 0), np.int64)
    size = 0
    for x in range(count):
        name = names[x]
        score = float(score_of[name])
        if score < need:
            continue
        if size == len(keep):
            if size == 0:
                break
            worst = keep[size - 1]
            if not _better(score, name, float(score_of[worst]), worst, lengths):
                continue
            pos = size - 1
        else:
            pos = size
            size += 1
        while pos > 0 and _better(score, name, float(score_of[keep[pos - 1]]), keep[pos - 1],
                                  lengths):
            keep[pos] = keep[pos - 1]
            pos -= 1
        keep[pos] = name
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
def _accumulate_sounds(s_ids: np.ndarray, s_offs: np.ndarray, s_keys: np.ndarray,
                       s_weights: np.ndarray, s_tok: np.ndarray, w_ids: np.ndarray,
                       w_offs: np.ndarray, w_keys: np.ndarray, w_tok: np.ndarray,
                       max_posting: int, acc: np.ndarray, touched: np.ndarray, count: int,
                       mark: np.ndarray) -> int:
    """:func:`_accumulate` for sound keys (or a query's consonant skeletons), after the word
    keys: a word's sound adds its weight only to names that did not get the word's own key
    (``s_tok``/``w_tok``: the query token each key is of, -1 for none, as for a joined pair's
    skeleton). A word and its sound are one piece of evidence: summing both let names that
    share a common first name spelt alike outrank the right name spelt another way ("DOGAEV,
    Andrey" for "DOGAYEV, Andrey Yuryevich").

    ``mark`` is zeroed uint8 scratch, a slot per name, left zeroed.
    """
    for t in range(len(s_keys)):
        lo, hi = s_offs[s_keys[t]], s_offs[s_keys[t] + 1]
        if hi - lo > max_posting:
            continue
        # the names the same token's word key reached (none when it was too common, or for a
        # key of no single token: -1, a joined pair's)
        w_lo = w_hi = 0
        for u in range(len(w_keys)):
            if s_tok[t] >= 0 and w_tok[u] == s_tok[t]:
                w_lo, w_hi = w_offs[w_keys[u]], w_offs[w_keys[u] + 1]
                if w_hi - w_lo > max_posting:
                    w_hi = w_lo
                break
        for x in range(w_lo, w_hi):
            mark[w_ids[x]] = 1
        w = s_weights[t]
        for x in range(lo, hi):
            name = s_ids[x]
            if mark[name]:
                continue
            if acc[name] == 0.0:
                touched[count] = name
                count += 1
            acc[name] += w
        for x in range(w_lo, w_hi):
            mark[w_ids[x]] = 0
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
          w_tok: np.ndarray, s_ids: np.ndarray, s_offs: np.ndarray, s_keys: np.ndarray,
          s_weights: np.ndarray, s_tok: np.ndarray, max_posting: int, acc: np.ndarray,
          mark: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every name sharing a word or sound key, with its summed key weight as :func:`select`
    sums it (unordered).

    ``acc`` (float64) and ``mark`` (uint8) are zeroed scratch arrays, one slot per name; they
    are left zeroed.
    """
    size = (_posting_total(w_offs, w_keys, max_posting)
            + _posting_total(s_offs, s_keys, max_posting))
    touched = np.empty(size, np.int64)
    count = _accumulate(w_ids, w_offs, w_keys, w_weights, max_posting, acc, touched, 0)
    count = _accumulate_sounds(s_ids, s_offs, s_keys, s_weights, s_tok, w_ids, w_offs, w_keys,
                               w_tok, max_posting, acc, touched, count, mark)
    touched = touched[:count]
    sums = np.empty(count, np.float64)
    for x in range(count):
        sums[x] = acc[touched[x]]
        acc[touched[x]] = 0.0
    return touched, sums


@njit(cache=True, nogil=True, inline="always")
def _lower_bound(values: np.ndarray, lo: int, hi: int, value: int) -> int:
    """The first position in the sorted ``values[lo:hi]`` not below ``value`` (``hi`` when
    there is none): binary search."""
    while lo < hi:
        mid = (lo + hi) // 2
        if values[mid] < value:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True, nogil=True)
def _find(sorted_codes: np.ndarray, code: int) -> int:
    """Index of ``code`` in ``sorted_codes``, or -1."""
    at = _lower_bound(sorted_codes, 0, len(sorted_codes), code)
    return at if at < len(sorted_codes) and sorted_codes[at] == code else -1


@njit(cache=True, nogil=True)
def _has(p_ids: np.ndarray, lo: int, hi: int, name: int) -> bool:
    """Whether the sorted posting ``p_ids[lo:hi]`` lists ``name``."""
    at = _lower_bound(p_ids, lo, hi, name)
    return at < hi and p_ids[at] == name


@njit(cache=True, nogil=True)
def _sharing(p_ids: np.ndarray, p_offs: np.ndarray, keys: np.ndarray, need: int,
             hits: np.ndarray, touched: np.ndarray) -> int:
    """Names in at least ``need`` of the postings of ``keys`` (rarest first), as :func:`keyed`
    with every weight 1 would count them: the names go to ``touched`` (their number is
    returned, unordered), how many postings list each to ``hits[name]`` (names in fewer than
    ``need`` may be left out or undercounted; the caller zeroes ``hits`` of the touched).

    A name in none of the first ``len(keys) - need + 1`` postings cannot be in ``need`` of
    them, so only those postings bring names; the longer rest only add to names already
    found, by binary search when that is cheaper than reading the posting (common trigrams
    list thousands of names). ``hits`` is zeroed uint8 scratch, one slot per name (a count
    is at most ``len(keys)``, under 256): small enough to stay in the first-level cache while
    thousands of postings entries are counted at random places. ``touched`` holds a slot per
    name too.
    """
    head = len(keys) - need + 1
    count = 0
    for t in range(head):
        for x in range(p_offs[keys[t]], p_offs[keys[t] + 1]):
            name = p_ids[x]
            if hits[name] == 0:
                touched[count] = name
                count += 1
            hits[name] += 1
    for t in range(head, len(keys)):
        lo, hi = p_offs[keys[t]], p_offs[keys[t] + 1]
        if count * 16 < hi - lo:
            for y in range(count):
                if _has(p_ids, lo, hi, touched[y]):
                    hits[touched[y]] += 1
        else:
            for x in range(lo, hi):
                name = p_ids[x]
                if hits[name] != 0:
                    hits[name] += 1
    return count


@njit(cache=True, nogil=True)
def by_trigrams(g_ids: np.ndarray, g_offs: np.ndarray, g_codes: np.ndarray,
                joined: np.ndarray, looked_up: int, share: float, limit: int,
                lengths: np.ndarray, hits: np.ndarray, touched: np.ndarray) -> np.ndarray:
    """Names containing a share of the query's rarest trigrams, most shared first (then by
    ``lengths``, as :func:`_best` ranks).

    ``hits`` (zeroed uint8) and ``touched`` (int64) are scratch with a slot per name;
    ``hits`` is left zeroed.
    """
    # (borrowed: no reference counting for the postings passed to the helpers below)
    g_ids, g_offs, g_codes = _borrowed(g_ids), _borrowed(g_offs), _borrowed(g_codes)
    joined, hits, touched = _borrowed(joined), _borrowed(hits), _borrowed(touched)
    size = len(joined)
    rows_owner = np.empty((2, size), np.int64)  # the keys found and their posting sizes
    rows = _borrowed(rows_owner)
    keys = rows[0]
    sizes = rows[1]
    n = 0
    # the trigrams of the joined name padded with a space at both ends, packed as
    # candidates.trigram_codes packs a list name's
    for x in range(-1, size - 1):
        c0 = 32 if x < 0 else joined[x]
        c1 = 32 if x + 1 >= size else joined[x + 1]
        c2 = 32 if x + 2 >= size else joined[x + 2]
        code = (np.int64(c0) << 42) | (np.int64(c1) << 21) | np.int64(c2)
        at = _find(g_codes, int(code))
        if at < 0:
            continue
        posting = g_offs[at + 1] - g_offs[at]
        # insertion by (posting size, key): rarest first, ties in key order, no repeats
        pos = n
        duplicate = False
        for y in range(n):
            if keys[y] == at:
                duplicate = True
        if duplicate:
            continue
        while pos > 0 and (sizes[pos - 1] > posting or (sizes[pos - 1] == posting
                                                        and keys[pos - 1] > at)):
            keys[pos] = keys[pos - 1]
            sizes[pos] = sizes[pos - 1]
            pos -= 1
        keys[pos] = at
        sizes[pos] = posting
        n += 1
    if n == 0:
        _keep(rows_owner)
        return np.empty(0, np.int64)
    chosen = keys[:min(n, looked_up)]
    need = max(1, int(len(chosen) * share))
    count = _sharing(g_ids, g_offs, chosen, need, hits, touched)
    found = _best(touched, count, hits, float(need), limit, lengths)
    for y in range(count):
        hits[touched[y]] = 0
    _keep(rows_owner)
    return found


@njit(cache=True, nogil=True)
def _with_rare(found: np.ndarray, w_ids: np.ndarray, w_offs: np.ndarray, w_keys: np.ndarray,
               w_tok: np.ndarray) -> np.ndarray:
    """``found`` and after it the names of the query words' own word keys (``w_tok`` >= 0)
    held by ``RARE_POSTING`` names or fewer that ``found`` lacks, in key order, each once: a
    word that rare names its party, however many names share the query's common words
    (BENEATHCO GENERAL TRADING DMCC / BENEATHCO DMCC among 34 names with GENERAL TRADING)."""
    extra = 0
    for t in range(len(w_keys)):
        if w_tok[t] >= 0:
            size = w_offs[w_keys[t] + 1] - w_offs[w_keys[t]]
            if size <= RARE_POSTING:
                extra += size
    if extra == 0:
        return found
    out = np.empty(len(found) + extra, np.int64)
    n = 0
    for x in found:
        out[n] = x
        n += 1
    for t in range(len(w_keys)):
        if w_tok[t] < 0:
            continue
        lo, hi = w_offs[w_keys[t]], w_offs[w_keys[t] + 1]
        if hi - lo > RARE_POSTING:
            continue
        for x in range(lo, hi):
            name = w_ids[x]
            seen = False
            for y in range(n):
                if out[y] == name:
                    seen = True
                    break
            if not seen:
                out[n] = name
                n += 1
    return out[:n]


@njit(cache=True, nogil=True)
def select(w_ids: np.ndarray, w_offs: np.ndarray, w_keys: np.ndarray, w_weights: np.ndarray,
           w_tok: np.ndarray, s_ids: np.ndarray, s_offs: np.ndarray, s_keys: np.ndarray,
           s_weights: np.ndarray, s_tok: np.ndarray,
           g_ids: np.ndarray, g_offs: np.ndarray, g_codes: np.ndarray, joined: np.ndarray,
           total: float, limit: int, max_posting: int, looked_up: int, share: float,
           added: int, lengths: np.ndarray, acc: np.ndarray, hits: np.ndarray,
           touched: np.ndarray) -> np.ndarray:
    """``CandidateIndex.candidates`` in one call: the best ``limit`` names by shared word and
    sound keys (a word's sound counting only where the word is not shared); when those are
    too few or too weak (the best has under half the query's weight), the trigram fallback's
    best ``added`` (at most ``limit``) are added after them (up to ``2 * limit`` in all), or
    its best ``limit`` when the keys found none.

    ``lengths``: per name, its number of key words (``CandidateIndex.lengths``), which
    ranks names of equal sums. Scratch, one slot per name (``CandidateIndex._scratch``):
    ``acc`` zeroed float64,
    ``hits`` zeroed uint8 (both left zeroed) and ``touched`` int64. (A name enters
    ``touched`` once, so a slot per name is room enough.)
    """
    # (borrowed: no reference counting for the arrays passed to the helpers below)
    w_ids, w_offs, w_keys, w_weights = (_borrowed(w_ids), _borrowed(w_offs), _borrowed(w_keys),
                                        _borrowed(w_weights))
    s_ids, s_offs, s_keys, s_weights = (_borrowed(s_ids), _borrowed(s_offs), _borrowed(s_keys),
                                        _borrowed(s_weights))
    acc, touched = _borrowed(acc), _borrowed(touched)
    # keyed's sums, ranked where they are summed (every key weight is positive, so a name
    # enters touched once)
    count = _accumulate(w_ids, w_offs, w_keys, w_weights, max_posting, acc, touched, 0)
    count = _accumulate_sounds(s_ids, s_offs, s_keys, s_weights, s_tok, w_ids, w_offs, w_keys,
                               w_tok, max_posting, acc, touched, count, hits)
    found = _with_rare(_best(touched, count, acc, -np.inf, limit, lengths), w_ids, w_offs,
                       w_keys, w_tok)
    strong = len(found) >= limit and len(found) > 0 and acc[found[0]] >= 0.5 * total
    for x in range(count):
        acc[touched[x]] = 0.0
    if strong:
        return found
    fallback = by_trigrams(g_ids, g_offs, g_codes, joined, looked_up, share,
                           limit if len(found) == 0 else min(added, limit), lengths, hits,
                           touched)
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
