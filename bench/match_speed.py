"""Benchmark: matcher speed and memory against all bundled lists, with a brute-force baseline.

    .venv/bin/python bench/match_speed.py [--queries N] [--baseline-queries N] [--repeat N]
                                          [--search-runs N] [--matcher auto|offramp|naive]
                                          [--json FILE]

Index: every entity of every bundled list (``Screener.from_entities``). Queries: a fixed-seed
mix of ``--queries`` (default 20,000) names -- half innocents from 21 locales (Faker), a
quarter list names/aliases with one or two typos, a quarter list names/aliases as listed --
written once to a temporary file so every measurement sees the same queries.

Each measurement runs in a fresh process (clean peak RSS). Prints:

- index build time (best of ``--repeat``), RSS taken by the index, peak RSS; save + reload time
  and file size when the Screener has ``save(path)`` / ``load(path)`` ("n/a" otherwise);
  ``Screener.default()`` cold start (import + bundled lists + index) and its peak RSS;
- one process: searches/s over the whole mix and p50 / p95 / p99 / max latency per search,
  after a warm-up (the first 200 queries and the first of each script: tables built on first
  use, such as pykakasi's kanji dictionary, are paid once per process, and timed apart);
- all cores: names/s through a fork pool (screener built once in the parent, inherited
  copy-on-write without the parent's cache of normalised queries, chunks of 500 queries);
- baseline, same run: rapidfuzz ``token_sort_ratio`` brute force (``extractOne`` over every
  pre-processed name, one thread) on ``--baseline-queries`` (default 1,000) of the same mix;
- the target: >= 10,000 searches/s per core.

The machine's load average is printed before and after: on a shared machine other work takes
CPU from every figure, so ``--search-runs N`` repeats the search measurement in N fresh
processes and shows the best (and all of them).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import multiprocessing as mp
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workloads

from offramp.model import UnscreenableError
from offramp.model.scripts import detect_script

TARGET_PER_CORE = 10_000
KATAKANA = re.compile(r"[\u30a1-\u30fa]")
SEED = 7
CHUNK = 500


def peak_rss_mb() -> float:
    """Peak resident set size of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """Current resident set size of this process."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


# --------------------------------------------------------------------------- modes (subprocess)


def mode_build(matcher: str) -> dict[str, Any]:
    """Read all bundled lists, build the index once; save/reload when offered."""
    _, cls = workloads.screener_class(matcher)
    start = time.perf_counter()
    entities = workloads.load_bundled_entities()
    read_s = time.perf_counter() - start
    rss_before = rss_mb()
    start = time.perf_counter()
    screener = cls.from_entities(entities)
    build_s = time.perf_counter() - start
    out: dict[str, Any] = {
        "entities": len(entities), "names": sum(len(e.names) for e in entities),
        "read_s": read_s, "build_s": build_s, "index_rss_mb": rss_mb() - rss_before,
        "algorithm": str(screener.algorithm), "threshold": float(screener.threshold),
        "save_s": None, "load_s": None, "file_mb": None,
    }
    if hasattr(screener, "save") and hasattr(cls, "load"):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "index.bin"
            start = time.perf_counter()
            screener.save(path)
            out["save_s"] = time.perf_counter() - start
            size = (sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir()
                    else path.stat().st_size)
            out["file_mb"] = size / 1e6
            start = time.perf_counter()
            reloaded = cls.load(path)
            out["load_s"] = time.perf_counter() - start
            probe = entities[0].names[0].value
            out["reload_same_result"] = (
                [m.entity.id for m in reloaded.search(probe)]
                == [m.entity.id for m in screener.search(probe)])
    try:
        from offramp.screening.screener import state_size

        out["sizes"] = state_size(screener)
    except (ImportError, AttributeError):
        pass
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def mode_default(matcher: str, cache_dir: Path | None) -> dict[str, Any]:
    """``Screener.default()`` in a fresh process: what a CLI call pays before its first search.

    ``cache_dir`` is a temporary directory so the user's own cache is neither used nor
    written: empty for the cold start, filled by the cold start for the warm one.
    """
    start = time.perf_counter()
    _, cls = workloads.screener_class(matcher)
    if not hasattr(cls, "default"):
        return {"default_s": None}
    try:
        screener = cls.default(cache_dir=cache_dir)
    except TypeError:  # no cache parameter
        screener = cls.default()
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    with contextlib.suppress(UnscreenableError):
        screener.search("Hangzhou Hikvision Digital Technology Co., Ltd.")
    first = time.perf_counter() - start
    return {"default_s": elapsed, "first_search_s": first, "peak_rss_mb": peak_rss_mb()}


_SCREENER: Any = None  # set before forking the pool; workers inherit it


def _search_chunk(queries: list[str]) -> tuple[int, int, int]:
    """(searches, unscreenable, errors) for one chunk, in a pool worker."""
    unscreenable = errors = 0
    for query in queries:
        try:
            _SCREENER.search(query)
        except UnscreenableError:
            unscreenable += 1
        except Exception:
            errors += 1
    return len(queries), unscreenable, errors


def mode_search(matcher: str, queries: list[str], workers: int) -> dict[str, Any]:
    """One process: per-search latency over the mix; then a fork pool on all cores."""
    global _SCREENER
    _, cls = workloads.screener_class(matcher)
    screener = cls.from_entities(workloads.load_bundled_entities())
    # Warm-up: caches, and the tables built on first use -- the consonant-skeleton keys of
    # the first query in Arabic script, pykakasi's kanji dictionary (the first Japanese name
    # with kanji), the Japanese-skeleton
    # tables of the first in katakana (0.1% of the mix, so seldom among the first 200), the
    # Korean-skeleton ones of the first in Hangul. Those
    # are paid once per process, not per search: timed here, apart.
    clock = time.perf_counter
    start = clock()
    firsts = {detect_script(query): query for query in reversed(queries)}
    firsts["katakana"] = next((q for q in queries if KATAKANA.search(q)), "")
    for query in [*queries[:200], *filter(None, firsts.values())]:
        with contextlib.suppress(UnscreenableError):
            screener.search(query)
    warm = clock() - start
    latencies: list[float] = []
    unscreenable = errors = results = 0
    wall = clock()
    for query in queries:
        start = clock()
        try:
            results += len(screener.search(query))
        except UnscreenableError:
            unscreenable += 1
        except Exception:
            errors += 1
        latencies.append(clock() - start)
    wall = clock() - wall
    latencies.sort()
    single = {
        "searches": len(queries), "wall_s": wall, "per_s": len(queries) / wall, "warm_s": warm,
        "p50_ms": 1e3 * percentile(latencies, 0.50), "p95_ms": 1e3 * percentile(latencies, 0.95),
        "p99_ms": 1e3 * percentile(latencies, 0.99), "max_ms": 1e3 * latencies[-1],
        "unscreenable": unscreenable, "errors": errors,
        "mean_results": results / max(1, len(queries) - unscreenable - errors),
    }
    rss_single = peak_rss_mb()

    _SCREENER = screener
    # The workers must not inherit the normalised queries of the run above (the same mix):
    # that would measure a cache, not the matcher. Per-word caches stay, as in any process
    # that has screened a while.
    from offramp.normalize.names import normalize_name
    from offramp.normalize.translit import to_ascii

    normalize_name.cache_clear()
    to_ascii.cache_clear()
    gc.freeze()  # keep the collector from touching (and so copying) the inherited index
    chunks = [queries[i:i + CHUNK] for i in range(0, len(queries), CHUNK)]
    with mp.get_context("fork").Pool(workers) as pool:
        pool.map(_search_chunk, [queries[:50]] * workers, chunksize=1)  # start every worker
        start = clock()
        done = pool.map(_search_chunk, chunks, chunksize=1)
        pool_wall = clock() - start
    multi = {"workers": workers, "searches": sum(d[0] for d in done), "wall_s": pool_wall,
             "per_s": sum(d[0] for d in done) / pool_wall,
             "unscreenable": sum(d[1] for d in done), "errors": sum(d[2] for d in done)}
    return {"single": single, "multi": multi, "peak_rss_mb": rss_single}


def mode_baseline(queries: list[str]) -> dict[str, Any]:
    """rapidfuzz token_sort_ratio brute force, one query at a time, one thread."""
    start = time.perf_counter()
    base = workloads.TokenSortBaseline(workloads.load_bundled_entities())
    build_s = time.perf_counter() - start
    latencies: list[float] = []
    clock = time.perf_counter
    wall = clock()
    for query in queries:
        start = clock()
        base.search_one(query)
        latencies.append(clock() - start)
    wall = clock() - wall
    latencies.sort()
    return {"searches": len(queries), "names": len(base.choices), "build_s": build_s,
            "per_s": len(queries) / wall, "p50_ms": 1e3 * percentile(latencies, 0.50),
            "p95_ms": 1e3 * percentile(latencies, 0.95),
            "p99_ms": 1e3 * percentile(latencies, 0.99), "max_ms": 1e3 * latencies[-1],
            "peak_rss_mb": peak_rss_mb()}


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def mode_cpu(workers: int) -> dict[str, Any]:
    """How much more work ``workers`` processes get done than one, on a pure-Python loop.

    Shared or throttled virtual CPUs often give far less than ``workers``x; the all-cores
    figure of the matcher can be no better than this.
    """
    n = 5_000_000
    start = time.perf_counter()
    _burn(n)
    one = time.perf_counter() - start
    with mp.get_context("fork").Pool(workers) as pool:
        start = time.perf_counter()
        pool.map(_burn, [n] * workers, chunksize=1)
        many = time.perf_counter() - start
    return {"workers": workers, "scaling": workers * one / many}


# --------------------------------------------------------------------------- parent


def in_subprocess(mode: str, matcher: str, queries_file: Path | None = None,
                  workers: int = 1, cache_dir: Path | None = None) -> dict[str, Any]:
    command = [sys.executable, __file__, "--mode", mode, "--matcher", matcher,
               "--workers", str(workers)]
    if queries_file is not None:
        command += ["--queries-file", str(queries_file)]
    if cache_dir is not None:
        command += ["--cache-dir", str(cache_dir)]
    proc = subprocess.run(command, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"benchmark step {mode!r} failed (exit {proc.returncode})")
    if proc.stderr.strip():
        sys.stderr.write(proc.stderr)
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def fmt(value: float | None, spec: str, unit: str = "") -> str:
    return "n/a" if value is None else f"{value:{spec}}{unit}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=["build", "default", "search", "baseline", "cpu"],
                        help=argparse.SUPPRESS)
    parser.add_argument("--queries-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--queries", type=int, default=20_000, help="query mix size (20000)")
    parser.add_argument("--baseline-queries", type=int, default=1_000,
                        help="queries for the (slow) baseline (1000)")
    parser.add_argument("--repeat", type=int, default=3, help="index builds (best is shown)")
    parser.add_argument("--search-runs", type=int, default=1,
                        help="search measurements, each in a fresh process (best is shown)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="processes for the all-cores figure (default: all cores)")
    parser.add_argument("--matcher", choices=["auto", "offramp", "naive"], default="auto")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()

    if args.mode is not None:
        queries: list[str] = (json.loads(args.queries_file.read_text("utf-8"))
                              if args.queries_file else [])
        if args.mode == "build":
            result = mode_build(args.matcher)
        elif args.mode == "default":
            result = mode_default(args.matcher, args.cache_dir)
        elif args.mode == "cpu":
            result = mode_cpu(args.workers)
        elif args.mode == "search":
            result = mode_search(args.matcher, queries, args.workers)
        else:
            result = mode_baseline(queries)
        print(json.dumps(result))
        return

    label, _ = workloads.screener_class(args.matcher)
    matcher = label  # resolve "auto" once so every subprocess measures the same thing
    entities = workloads.load_bundled_entities()
    queries = workloads.speed_queries(entities, args.queries, seed=SEED)
    base_queries = workloads.subsample(queries, args.baseline_queries, SEED)
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        qfile = Path(tmp) / "queries.json"
        qfile.write_text(json.dumps(queries), "utf-8")
        bfile = Path(tmp) / "baseline.json"
        bfile.write_text(json.dumps(base_queries), "utf-8")
        load_before = os.getloadavg()
        print(f"matcher: {matcher}; {len(entities):,} bundled entities; "
              f"{len(queries):,} queries (seed {SEED}); {cores} cores; load average "
              f"{load_before[0]:.2f} before", flush=True)
        builds = [in_subprocess("build", matcher) for _ in range(args.repeat)]
        build = min(builds, key=lambda r: float(r["build_s"]))
        default = in_subprocess("default", matcher, cache_dir=Path(tmp) / "cache")
        warm = in_subprocess("default", matcher, cache_dir=Path(tmp) / "cache")
        searches = [in_subprocess("search", matcher, qfile, args.workers)
                    for _ in range(max(1, args.search_runs))]
        search = max(searches, key=lambda r: float(r["single"]["per_s"]))
        baseline = in_subprocess("baseline", matcher, bfile)
        cpu = in_subprocess("cpu", matcher, workers=args.workers)
        load_after = os.getloadavg()

    single, multi = search["single"], search["multi"]
    print(f"\n== {matcher}: {build['algorithm']} (threshold {build['threshold']:.3f}) ==")
    print(f"index: {build['entities']:,} entities, {build['names']:,} names "
          f"(reading the lists: {build['read_s']:.2f} s, not counted)")
    all_builds = ", ".join(f"{float(b['build_s']):.3f}" for b in builds)
    print(f"  build (Screener.from_entities), best of {args.repeat}: {build['build_s']:.3f} s "
          f"[all: {all_builds}]")
    print(f"  RSS taken by the index: {build['index_rss_mb']:.0f} MB; "
          f"peak RSS of build process: {build['peak_rss_mb']:.0f} MB")
    print(f"  save: {fmt(build['save_s'], '.3f', ' s')}; "
          f"reload: {fmt(build['load_s'], '.3f', ' s')}; "
          f"file: {fmt(build['file_mb'], '.1f', ' MB')}"
          + ("" if build.get("reload_same_result") in (None, True)
             else "  (WARNING: reloaded index answers differently)"))
    for title, d in (("cold, no cache", default), ("warm, from its cache", warm)):
        print(f"  Screener.default() {title} (fresh process, incl. imports): "
              f"{fmt(d.get('default_s'), '.2f', ' s')}; first search "
              f"{fmt(d.get('first_search_s'), '.4f', ' s')}; peak RSS "
              f"{fmt(d.get('peak_rss_mb'), '.0f', ' MB')}")
    if build.get("sizes"):
        print(f"  index parts: {build['sizes']}")
    runs = (f"best of {len(searches)} runs [all: "
            + ", ".join(f"{float(r['single']['per_s']):,.0f}" for r in searches) + "]; "
            if len(searches) > 1 else "")
    print(f"one process: {single['per_s']:,.0f} searches/s over {single['searches']:,} queries "
          f"({runs}{single['wall_s']:.2f} s); latency p50 {single['p50_ms']:.3f} ms, "
          f"p95 {single['p95_ms']:.3f} ms, p99 {single['p99_ms']:.3f} ms, "
          f"max {single['max_ms']:.1f} ms")
    print(f"  unscreenable {single['unscreenable']:,}, errors {single['errors']:,}, "
          f"mean results per search {single['mean_results']:.1f}; "
          f"peak RSS of search process {search['peak_rss_mb']:.0f} MB")
    if "warm_s" in single:
        print(f"  warm-up before timing (the first 200 queries and the first of each script, "
              f"which builds the tables made on first use): {single['warm_s']:.2f} s")
    print(f"all cores: {multi['per_s']:,.0f} names/s with {multi['workers']} fork workers "
          f"({multi['searches']:,} queries in {multi['wall_s']:.2f} s, chunks of {CHUNK}); "
          f"errors {multi['errors']:,}")
    best_multi = max((r["multi"] for r in searches), key=lambda m: float(m["per_s"]))
    if best_multi is not multi:
        print(f"  (best all-cores figure over the runs: {best_multi['per_s']:,.0f} names/s)")
    print(f"  (CPU check right after: {cpu['workers']} processes of a pure-Python loop did "
          f"{cpu['scaling']:.2f}x the work of one; other load on the machine lowers both)")
    print(f"\n== baseline: rapidfuzz token_sort_ratio brute force (extractOne over "
          f"{baseline['names']:,} pre-processed names, one thread) ==")
    print(f"one process: {baseline['per_s']:,.0f} searches/s over {baseline['searches']:,} of "
          f"the same queries; latency p50 {baseline['p50_ms']:.2f} ms, "
          f"p95 {baseline['p95_ms']:.2f} ms, p99 {baseline['p99_ms']:.2f} ms; "
          f"peak RSS {baseline['peak_rss_mb']:.0f} MB")
    print(f"\n{matcher} / baseline, one process: {single['per_s'] / baseline['per_s']:.1f}x")
    met = single["per_s"] >= TARGET_PER_CORE
    print(f"target (issue 3): >= {TARGET_PER_CORE:,} searches/s per core: "
          f"{single['per_s']:,.0f} in one process -> {'MET' if met else 'NOT MET'}; "
          f"all cores {multi['per_s'] / multi['workers']:,.0f} per worker")
    print(f"load average: {load_before[0]:.2f} before, {load_after[0]:.2f} after (1-minute; "
          f"{cores} cores)")
    if args.json:
        args.json.write_text(json.dumps({"matcher": matcher, "builds": builds,
                                         "default": default, "default_warm": warm,
                                         "search": search, "search_runs": searches,
                                         "load_before": load_before,
                                         "load_after": load_after,
                                         "baseline": baseline, "cpu_scaling": cpu},
                                        indent=2))
        print(f"results written to {args.json}")


if __name__ == "__main__":
    main()
