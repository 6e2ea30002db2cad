"""Benchmark: the compiled search call of an older ``match/kernels.py`` against the working
tree's, in one process, on alternating queries.

    .venv/bin/python bench/kernel_ab.py --against REV [--queries N] [--rounds N]

Whole-search runs of ``bench/match_speed.py`` on a shared machine spread by 10-20% between
runs minutes apart, more than a change to the compiled scorer may be worth. Here both
versions run in the same process, on the same index, with the same Python work around every
call (normalising, packing, result objects), so that each call meets the caches as a real
search does: query k goes to the old kernel and query k+1 to the new, and the next round
swaps them, so both see every query. Prints the mean microseconds of ``search_names`` per
round for each, and the difference.

``REV`` is any git revision; its ``src/offramp/match/kernels.py`` is written to a temporary
directory and imported as a module of its own (numba caches it there). It must take the
arguments the working tree's packing gives (the same ``search_names`` signature), and the
selection it compiles in is the working tree's ``index/kernels.py``. Both return the same
results for every query, or this stops (a benchmark of a different answer measures nothing).
"""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workloads

from offramp import Screener
from offramp.match import kernels
from offramp.match.packed import PackedQuery, pack_query
from offramp.match.query import Query
from offramp.model import UnscreenableError
from offramp.normalize.names import normalize_name
from offramp.normalize.translit import to_ascii
from offramp.screening.screener import _ANY_SCHEMA

ROOT = Path(__file__).resolve().parent.parent


def old_kernels(revision: str, folder: Path) -> object:
    """``match/kernels.py`` as of ``revision``, imported as the module ``kernels_old``."""
    try:
        source = subprocess.run(
            ["git", "show", f"{revision}:src/offramp/match/kernels.py"], cwd=ROOT,
            check=True, capture_output=True).stdout
    except subprocess.CalledProcessError as exc:
        sys.exit(f"kernel_ab: cannot read match/kernels.py at {revision!r}: "
                 f"{exc.stderr.decode().strip()}")
    (folder / "kernels_old.py").write_bytes(source)
    sys.path.insert(0, str(folder))
    return importlib.import_module("kernels_old")


def _arguments(screener: Screener, q: Query, query: PackedQuery) -> tuple[object, ...]:
    """``search_names``' arguments for a name-only search, as ``Screener.search`` makes them
    (each call needs its own: the scorer's scratch stamp is taken anew)."""
    return (*screener.index.selection_with(q.name, q.weights, query.chars[:len(q.name.joined)]),
            _ANY_SCHEMA, *screener.packed.arguments(query), screener.packed.n_entity, 10, 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", required=True, help="git revision of the old kernels")
    parser.add_argument("--queries", type=int, default=6000, help="queries per round")
    parser.add_argument("--rounds", type=int, default=4, help="rounds (old/new swapped each)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kernel_ab_") as tmp:
        old = old_kernels(args.against, Path(tmp))
        entities = workloads.load_bundled_entities()
        screener = Screener.from_entities(entities)
        queries = workloads.speed_queries(entities, args.queries)
        calls = {"old": old.search_names, "new": kernels.search_names}  # type: ignore[attr-defined]
        taken = {which: call.py_func.__code__.co_varnames[:call.py_func.__code__.co_argcount]
                 for which, call in calls.items()}
        if taken["old"] != taken["new"]:
            # (match-18 added the short-form flags, n_ext, and match-19 the selection's name
            # lengths: revisions before b672e3a cannot run here)
            sys.exit(f"kernel_ab: search_names at {args.against} takes other arguments than "
                     "the working tree's; compare revisions with the same signature")
        print(f"{len(entities):,} bundled entities; {len(queries):,} queries a round; "
              f"old: match/kernels.py at {args.against}; new: the working tree")
        # First pass, untimed: compiles the old kernel (its cache is in the temporary
        # directory), builds the tables made on first use, and checks that both versions give
        # the same results for every query.
        for text in queries:
            try:
                q = screener.query(text)
            except UnscreenableError:
                continue
            query = pack_query(q)
            old_found = calls["old"](*_arguments(screener, q, query))
            new_found = calls["new"](*_arguments(screener, q, query))
            if not all(np.array_equal(a, b) for a, b in zip(old_found, new_found, strict=True)):
                sys.exit(f"kernel_ab: the two versions differ on {text!r}")
        for rnd in range(args.rounds):
            normalize_name.cache_clear()
            to_ascii.cache_clear()
            total = {"old": 0.0, "new": 0.0}
            count = {"old": 0, "new": 0}
            for k, text in enumerate(queries):
                try:
                    q = screener.query(text)
                except UnscreenableError:
                    continue
                query = pack_query(q)
                which = "old" if (k + rnd) % 2 == 0 else "new"
                arguments = _arguments(screener, q, query)
                start = time.perf_counter()
                found = calls[which](*arguments)
                total[which] += time.perf_counter() - start
                count[which] += 1
                screener._matches(q, found[0].tolist(), found[1].tolist(), found[2].tolist())
            old_us = total["old"] / max(count["old"], 1) * 1e6
            new_us = total["new"] / max(count["new"], 1) * 1e6
            print(f"round {rnd + 1}: old {old_us:.1f} us, new {new_us:.1f} us per compiled "
                  f"call ({(new_us - old_us) / old_us:+.1%})")


if __name__ == "__main__":
    main()
