"""The keyed selection's sums: a word's sound adds only where its spelling did not.

Hand-made postings, so each name's sum can be worked out by hand: ``keyed`` and ``select``
(which sum alike) must give a name that shares a word both as a word and as a sound the
word's weight once, not the word's weight plus its sound's.
"""

from __future__ import annotations

import numpy as np

from offramp.index import kernels


def _postings(*lists: list[int]) -> tuple[np.ndarray, np.ndarray]:
    ids = np.array([name for posting in lists for name in posting], dtype=np.int32)
    offsets = np.cumsum([0, *map(len, lists)]).astype(np.int64)
    return ids, offsets


def _i64(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int64)


# Word keys: 0 "andrey" (names 1, 2), 1 "yuryevich" (name 2), 2 "andreyyuryevich" (name 2).
W_IDS, W_OFFS = _postings([1, 2], [2], [2])
# Sound keys: 0 the sound of "andrey" (names 1, 2, 4: "ANDREI"), 1 the sound of "dogayev"
# (name 3: "DOGAEV"), 2 the sound of "yuryevich" (names 2, 5).
S_IDS, S_OFFS = _postings([1, 2, 4], [3], [2, 5])
# The query "DOGAYEV, Andrey Yuryevich": token 0 dogayev (no word key), 1 andrey, 2 yuryevich.
W_KEYS, W_WEIGHTS, W_TOK = _i64(0, 1, 2), np.array([0.5, 0.7, 1.0]), _i64(1, 2, -1)
S_KEYS, S_TOK = _i64(1, 0, 2), _i64(0, 1, 2)
S_WEIGHTS = 0.6 * np.array([1.0, 0.5, 0.7])
NAMES = 8


def _sums(w_tok: np.ndarray) -> dict[int, float]:
    acc = np.zeros(NAMES, dtype=np.float64)
    mark = np.zeros(NAMES, dtype=np.uint8)
    touched, sums = kernels.keyed(W_IDS, W_OFFS, W_KEYS, W_WEIGHTS, w_tok, S_IDS, S_OFFS,
                                  S_KEYS, S_WEIGHTS, S_TOK, 100, acc, mark)
    assert not acc.any() and not mark.any()  # scratch left zeroed
    return {int(n): round(float(s), 9) for n, s in zip(touched, sums, strict=True)}


def test_a_word_and_its_sound_count_once() -> None:
    assert _sums(W_TOK) == {
        1: 0.5,  # andrey as a word; its sound adds nothing more
        2: round(0.5 + 0.7 + 1.0, 9),  # andrey, yuryevich, the pair joined: words only
        3: 0.6,  # dogayev's sound, the only evidence: nothing to take the max against
        4: 0.3,  # andrey's sound, spelt another way
        5: round(0.6 * 0.7, 9),  # yuryevich's sound
    }


def test_keys_of_no_token_never_hide_a_sound() -> None:
    # With no word key tied to a token (every w_tok -1), each sound adds in full, as the
    # summed scheme did: names 1 and 2 get andrey's sound on top of its word.
    sums = _sums(_i64(-1, -1, -1))
    assert sums[1] == round(0.5 + 0.3, 9)
    assert sums[2] == round(0.5 + 0.7 + 1.0 + 0.3 + 0.42, 9)


def test_select_ranks_by_the_same_sums() -> None:
    acc = np.zeros(NAMES, dtype=np.float64)
    hits = np.zeros(NAMES, dtype=np.uint8)
    touched = np.zeros(NAMES, dtype=np.int64)
    no_grams = np.zeros(0, dtype=np.int64)
    joined = np.zeros(0, dtype=np.int32)
    found = kernels.select(W_IDS, W_OFFS, W_KEYS, W_WEIGHTS, W_TOK, S_IDS, S_OFFS, S_KEYS,
                           S_WEIGHTS, S_TOK, np.zeros(0, dtype=np.int32), _i64(0), no_grams,
                           joined, 1.0, 3, 100, 12, 0.4, 6, np.zeros(NAMES, dtype=np.int32),
                           acc, hits, touched)
    # 2 (2.2), then 3 (0.6) before 1 (0.5): the right name spelt another way is no longer
    # outranked by one sharing only a first name (the summed scheme gave 1 0.8)
    assert found.tolist() == [2, 3, 1]
    assert not acc.any() and not hits.any()


def test_a_second_key_of_no_token_is_never_hidden() -> None:
    # A joined pair's skeleton key (token -1) adds in full even where a word key of no token
    # (the joined pair's own spelling, -1 too) reached the same names.
    acc = np.zeros(NAMES, dtype=np.float64)
    mark = np.zeros(NAMES, dtype=np.uint8)
    s_ids, s_offs = _postings([2, 6])
    touched, sums = kernels.keyed(W_IDS, W_OFFS, W_KEYS, W_WEIGHTS, W_TOK, s_ids, s_offs,
                                  _i64(0), np.array([0.6]), _i64(-1), 100, acc, mark)
    got = {int(n): round(float(s), 9) for n, s in zip(touched, sums, strict=True)}
    assert got == {1: 0.5, 2: round(0.5 + 0.7 + 1.0 + 0.6, 9), 6: 0.6}


def test_names_of_equal_sums_rank_by_their_lengths_then_their_numbers() -> None:
    # One key of no single token (so no rare-word names are added after the best), held by
    # names 1 and 2: their sums tie, and ``lengths`` (key words per name) decides.
    w_ids, w_offs = _postings([1, 2])

    def best(lengths: list[int]) -> list[int]:
        acc = np.zeros(NAMES, dtype=np.float64)
        hits = np.zeros(NAMES, dtype=np.uint8)
        touched = np.zeros(NAMES, dtype=np.int64)
        found = kernels.select(
            w_ids, w_offs, _i64(0), np.array([0.5]), _i64(-1), S_IDS, S_OFFS, _i64(),
            np.zeros(0), _i64(), np.zeros(0, dtype=np.int32), _i64(0),
            np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32), 0.5, 1, 100, 12, 0.4, 6,
            np.array(lengths, dtype=np.int32), acc, hits, touched)
        return [int(name) for name in found]

    assert best([0] * NAMES) == [1]  # the same lengths: the lower number
    assert best([0, 3, 1, 0, 0, 0, 0, 0]) == [2]  # name 2 has fewer words
    assert best([0, 1, 3, 0, 0, 0, 0, 0]) == [1]
