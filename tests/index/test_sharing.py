"""The trigram fallback's counting shortcut equals counting every posting in full.

``index.kernels._sharing`` only takes names from the rarest postings and adds the longer
ones to those by binary search or by reading them; ``keyed`` with every weight 1 reads all
of them. Over random postings (short and long, so both ways of adding are taken), the names
in at least ``need`` postings and their counts must be the same.
"""

from __future__ import annotations

import random

import numpy as np

from offramp.index import kernels


def _postings(rng: random.Random, names: int) -> tuple[np.ndarray, np.ndarray]:
    sizes = [rng.choice((1, 3, 10, 40, 400, 2000)) for _ in range(30)]
    lists = [sorted(rng.sample(range(names), min(size, names))) for size in sizes]
    ids = np.array([name for posting in lists for name in posting], dtype=np.int32)
    offsets = np.cumsum([0, *map(len, lists)]).astype(np.int64)
    return ids, offsets


def test_sharing_equals_full_count() -> None:
    rng = random.Random(3)
    names = 5000
    acc = np.zeros(names, dtype=np.float64)
    hits = np.zeros(names, dtype=np.uint8)
    touched = np.zeros(names, dtype=np.int64)
    for _ in range(200):
        ids, offsets = _postings(rng, names)
        count = rng.randint(1, 12)
        keys = np.array(sorted(rng.sample(range(30), count),
                               key=lambda k: offsets[k + 1] - offsets[k]), dtype=np.int64)
        need = rng.randint(1, count)
        ones = np.ones(count, dtype=np.float64)
        no_keys = np.empty(0, dtype=np.int64)
        no_tokens = np.full(count, -1, dtype=np.int64)
        touched, counts = kernels.keyed(ids, offsets, keys, ones, no_tokens, ids, offsets,
                                        no_keys, ones, no_keys, ids.size + 1, acc, hits)
        expected = {int(n): float(c) for n, c in zip(touched, counts, strict=True) if c >= need}
        count = kernels._sharing(ids, offsets, keys, need, hits, touched)
        found = touched[:count]
        got = {int(n): float(hits[n]) for n in found if hits[n] >= need}
        assert got == expected
        assert len(set(found.tolist())) == count  # each name once
        assert not acc.any()  # keyed's scratch is left zeroed
        hits[found] = 0
