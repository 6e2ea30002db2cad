"""Benchmark: a large supplier file through ``offramp screen``, with a naive baseline.

    .venv/bin/python bench/screen_batch.py [--rows N] [--compare-rows N] [--quick]
                                           [--workers N] [--baseline-rows N] [--json FILE]

Input: ``--rows`` (default 1,000,000) generated rows ``supplier_id,name``: realistic persons
and companies from 21 locales in their own scripts (Faker, fixed seed; names repeat as they do
in real files), plus a sprinkle of real list names so there are alerts -- 0.1% of rows are
names or aliases from the bundled lists, half of them with one or two typos -- and 0.01% rows
that cannot be screened (empty, punctuation, legal forms only). Generating takes a while, so
each file is cached in ``bench/.cache/`` keyed by rows, seed and generator version; generation
is never timed.

Each measured run is ``offramp screen FILE --out OUT.csv`` as a subprocess, in a fresh copy of
a temporary ``OFFRAMP_HOME`` prepared once with ``offramp lists load --bundled`` and one tiny
screening run (so the screener cache and compiled kernels exist, as on any machine that has
screened before). Reported per run:

- rows/s end to end: input rows / wall time of the whole command (start-up included);
- peak memory of the whole process tree (the command and its forked workers), polled from
  ``/proc`` every 0.5 s: PSS summed over the tree (proportional set size: a page shared by the
  forked workers copy-on-write is counted once, split between them -- the memory the run
  really takes), and RSS summed over the tree (counts shared pages once per process, so it
  overstates). Cross-check: ``ru_maxrss`` from ``os.wait4`` on the command, which is the
  largest RSS of any *single* process in the tree (the kernel folds in waited-for
  descendants as a maximum, not a sum); and the private memory of the command itself and of
  its largest worker, which says where any growth comes from;
- that memory does not grow with the file: the same at ``--compare-rows`` (100,000) and
  ``--rows``; the marginal rate between the two sizes (start-up cancels out);
- alerts opened, rows matched, and a check that the output holds every input row once.

Baselines, same run, same file, labelled as such:

- naive pipeline: one process, a plain loop calling ``Screener.search(name, limit=5)`` per row
  and writing each row with ``csv.writer`` (no storage, no alerts, no repeated names skipped),
  on ``--baseline-rows`` rows spread evenly over the file, extrapolated to the whole file;
- rapidfuzz ``token_sort_ratio`` brute force (every row against every list name, one thread),
  on a smaller sample spread the same way, extrapolated.

Target (issue 4): >= 20,000 names/s on this 2-core machine, memory not growing with the file.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workloads

TARGET_ROWS_PER_S = 20_000
SEED = 4
GENERATOR_VERSION = 1  # bump when the generated file changes, so caches are not reused
LIST_NAME_SHARE = 0.001  # rows that are real list names (half with typos): the alerts
BAD_ROW_SHARE = 0.0001  # rows that cannot be screened
COMPANY_SHARE = 0.5
BAD_NAMES = ("", "---", "Ltd.", "The Company LLC", "???", "  ")
CACHE_DIR = Path(__file__).resolve().parent / ".cache"
OFFRAMP = Path(sys.executable).parent / "offramp"
POLL_S = 0.5  # reading smaps_rollup walks page tables: polling often would steal CPU
WARM_UP_ROWS = 200  # searched before the naive baseline's clock starts (caches, kernels)


# --------------------------------------------------------------------------- the input file


def names_file(rows: int, seed: int, cache_dir: Path = CACHE_DIR) -> Path:
    """The generated file of ``rows`` rows for ``seed``, from the cache or made now."""
    path = cache_dir / f"suppliers-{rows}-seed{seed}-v{GENERATOR_VERSION}.csv"
    if path.exists():
        return path
    cache_dir.mkdir(parents=True, exist_ok=True)
    print(f"generating {rows:,} rows into {path} (once; not timed) ...", file=sys.stderr,
          flush=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["supplier_id", "name"])
        for number, name in enumerate(generate_names(rows, seed), 1):
            out.writerow([f"S{number:08d}", name])
    tmp.replace(path)
    return path


def generate_names(rows: int, seed: int) -> Iterator[str]:
    """``rows`` names: Faker persons and companies, list names (some misspelt), bad rows.

    Each row's kind is drawn from one seeded generator, so a smaller file is a prefix of a
    larger one with the same seed.
    """
    from faker import Faker

    rng = random.Random(seed)
    fakers = []
    for i, locale in enumerate(workloads.INNOCENT_LOCALES):
        fake = Faker(locale)
        fake.seed_instance(seed * 1000 + i)
        fakers.append(fake)
    list_names: list[str] = []
    for _ in range(rows):
        draw = rng.random()
        if draw < LIST_NAME_SHARE:
            if not list_names:  # read only when needed: a few seconds
                list_names = sorted({n.value for e in workloads.load_bundled_entities()
                                     for n in e.names})
            name = rng.choice(list_names)
            yield workloads.add_typos(name, rng, rng.choice((1, 2))) if draw < \
                LIST_NAME_SHARE / 2 else name
        elif draw < LIST_NAME_SHARE + BAD_ROW_SHARE:
            yield rng.choice(BAD_NAMES)
        else:
            fake = fakers[rng.randrange(len(fakers))]
            yield fake.company() if rng.random() < COMPANY_SHARE else fake.name()


# --------------------------------------------------------------------------- memory of a tree


def _children() -> dict[int, list[int]]:
    """ppid -> pids of every process now visible in /proc."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name (field 2) may hold spaces and parentheses: split after the last ")".
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _tree(root: int) -> list[int]:
    tree = _children()
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(tree.get(pid, ()))
    return pids


def _memory_kb(pid: int) -> tuple[int, int, int]:
    """(RSS, PSS, private) of one process in KiB; zeros once it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            fields = dict(line.split(":", 1) for line in fh if ":" in line)
    except (OSError, ValueError):
        return 0, 0, 0

    def kb(name: str) -> int:
        return int(fields.get(name, "0 kB").split()[0])

    return kb("Rss"), kb("Pss"), kb("Private_Clean") + kb("Private_Dirty")


@dataclass
class TreeMemory:
    """Peaks of summed RSS and PSS over a process tree, private memory per role, PSS in time.

    Private memory (pages no other process shares) says where growth comes from: the command
    itself (reading, storing, writing) or a worker (searching). It is only taken while the
    workers run: when they exit, the pages they shared become the command's own.
    """

    peak_rss_mb: float = 0.0
    peak_pss_mb: float = 0.0
    peak_processes: int = 0
    peak_command_private_mb: float = 0.0
    peak_worker_private_mb: float = 0.0
    samples: list[tuple[float, float]] = field(default_factory=list)  # (elapsed s, PSS MB)


def poll_tree(root: int, stop: threading.Event, into: TreeMemory) -> None:
    """Sample the tree under ``root`` every :data:`POLL_S` until ``stop`` is set."""
    start = time.perf_counter()
    while not stop.is_set():
        pids = _tree(root)
        rss = pss = 0
        private: dict[int, int] = {}
        for pid in pids:
            r, p, private[pid] = _memory_kb(pid)
            rss, pss = rss + r, pss + p
        into.peak_rss_mb = max(into.peak_rss_mb, rss / 1024)
        into.peak_pss_mb = max(into.peak_pss_mb, pss / 1024)
        into.peak_processes = max(into.peak_processes, len(pids))
        workers = [pid for pid in pids if pid != root]  # forked by `offramp screen`
        if workers:
            into.peak_command_private_mb = max(into.peak_command_private_mb,
                                               private[root] / 1024)
            into.peak_worker_private_mb = max(into.peak_worker_private_mb,
                                              max(private[w] for w in workers) / 1024)
        into.samples.append((time.perf_counter() - start, pss / 1024))
        stop.wait(POLL_S)


# --------------------------------------------------------------------------- runs


@dataclass
class ScreenRun:
    """One measured ``offramp screen`` run."""

    rows: int
    wall_s: float
    rows_per_s: float
    memory: TreeMemory
    maxrss_single_mb: float
    alerts_opened: int
    rows_matched: int
    rows_unscreened: int
    output_ok: bool
    summary: str

    def pss_at(self, fraction: float) -> float:
        """Tree PSS (MB) at ``fraction`` of the run's duration."""
        samples = self.memory.samples
        if not samples:
            return float("nan")
        when = fraction * samples[-1][0]
        return min(samples, key=lambda s: abs(s[0] - when))[1]


def prepare_home(base: Path) -> Path:
    """A home with the bundled lists loaded and the screener cache built (not timed)."""
    home = base / "template"
    env = {**os.environ, "OFFRAMP_HOME": str(home), "OFFRAMP_USER": "bench"}
    subprocess.run([str(OFFRAMP), "lists", "load", "--bundled"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    tiny = base / "tiny.csv"
    tiny.write_text("name\nGolden Phoenix Trading\nHikvision\n", "utf-8")
    subprocess.run([str(OFFRAMP), "screen", str(tiny)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return home


def screen_run(template: Path, base: Path, input_file: Path, rows: int,
               workers: int | None) -> ScreenRun:
    """``offramp screen input_file --out out.csv`` in a fresh copy of ``template``."""
    home = base / f"home-{rows}"
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(template, home)
    out = base / f"out-{rows}.csv"
    env = {**os.environ, "OFFRAMP_HOME": str(home), "OFFRAMP_USER": "bench"}
    command = [str(OFFRAMP), "screen", str(input_file), "--out", str(out)]
    if workers is not None:
        command += ["--workers", str(workers)]
    memory = TreeMemory()
    stop = threading.Event()
    log = base / f"log-{rows}.txt"
    with log.open("w") as log_fh:
        start = time.perf_counter()
        proc = subprocess.Popen(command, env=env, stdout=log_fh, stderr=subprocess.STDOUT)
        poller = threading.Thread(target=poll_tree, args=(proc.pid, stop, memory), daemon=True)
        poller.start()
        # wait4, not wait: its rusage covers the command and the workers it waited for.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        poller.join()
    text = log.read_text()
    if proc.returncode != 0:
        raise SystemExit(f"offramp screen failed (exit {proc.returncode}):\n{text}")
    opened = re.search(r"(\d+) alert\(s\) opened", text)
    counts = re.search(r"(\d+) rows: (\d+) match, (\d+) clear, (\d+) unscreened", text)
    assert opened and counts, text
    summary = counts.group(0)
    output_ok = _output_complete(out, rows)
    out.unlink()
    shutil.rmtree(home, ignore_errors=True)
    return ScreenRun(rows=rows, wall_s=wall, rows_per_s=rows / wall, memory=memory,
                     maxrss_single_mb=usage.ru_maxrss / 1024,
                     alerts_opened=int(opened.group(1)), rows_matched=int(counts.group(2)),
                     rows_unscreened=int(counts.group(4)), output_ok=output_ok,
                     summary=summary)


def repeated_share(input_file: Path) -> float:
    """The share of rows whose name an earlier row already had (what need not be searched)."""
    seen: set[str] = set()
    rows = 0
    with input_file.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rows += 1
            seen.add(row["name"])
    return 1 - len(seen) / max(rows, 1)


def _output_complete(out: Path, rows: int) -> bool:
    """Every input row once in the output: ``rows`` lines, row numbers 2..rows+1, each once."""
    with out.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        numbers = [int(r["row"]) for r in reader]
    return len(numbers) == rows and sorted(numbers) == list(range(2, rows + 2))


# --------------------------------------------------------------------------- baselines


def naive_baseline(home: Path, input_file: Path, rows: int) -> dict[str, Any]:
    """Per-row Screener.search in one process, writing CSV: rows/s on the first ``rows``."""
    code = f"""
import csv, json, sys, time
from offramp.model import OfframpError
from offramp.screening.screener import Screener
from offramp.settings import load_settings
from offramp.store import ListStore
settings = load_settings()
screener = Screener.from_store(ListStore(settings.db_path), settings.home / "cache")
with open({str(input_file)!r}, encoding="utf-8", newline="") as fh:
    every = list(csv.DictReader(fh))
step = max(len(every) // ({rows} + {WARM_UP_ROWS}), 1)  # spread over the file, not its head
sample = every[::step][:{rows} + {WARM_UP_ROWS}]
warm, rows = sample[:{WARM_UP_ROWS}], sample[{WARM_UP_ROWS}:]
for r in warm:
    try:
        screener.search(r["name"], limit=5)
    except OfframpError:
        pass
with open({os.devnull!r}, "w", newline="") as out:
    w = csv.writer(out)
    start = time.perf_counter()
    for r in rows:
        try:
            found = screener.search(r["name"], limit=5)
            hits = [m for m in found if m.score >= screener.threshold]
            best = hits[0] if hits else None
            w.writerow([r["supplier_id"], r["name"], "match" if hits else "clear",
                        best.score if best else "", best.entity.id if best else "",
                        "; ".join(f.detail for f in best.explanation) if best else ""])
        except OfframpError as exc:
            w.writerow([r["supplier_id"], r["name"], "unscreened", str(exc)])
    wall = time.perf_counter() - start
print(json.dumps({{"rows": len(rows), "wall_s": wall, "rows_per_s": len(rows) / wall}}))
"""
    return _python(code, home)


def rapidfuzz_baseline(input_file: Path, rows: int) -> dict[str, Any]:
    """rapidfuzz token_sort_ratio brute force, one row at a time: rows/s on the first rows."""
    code = f"""
import csv, json, sys, time
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
import workloads
base = workloads.TokenSortBaseline(workloads.load_bundled_entities())
with open({str(input_file)!r}, encoding="utf-8", newline="") as fh:
    every = [r["name"] for r in csv.DictReader(fh)]
names = every[::max(len(every) // {rows}, 1)][:{rows}]  # spread over the file
start = time.perf_counter()
for name in names:
    base.search_one(name)
wall = time.perf_counter() - start
print(json.dumps({{"rows": len(names), "wall_s": wall, "rows_per_s": len(names) / wall}}))
"""
    return _python(code, None)


def _python(code: str, home: Path | None) -> dict[str, Any]:
    env = dict(os.environ)
    if home is not None:
        env["OFFRAMP_HOME"] = str(home)
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True)
    if proc.returncode != 0:
        raise SystemExit(f"baseline failed:\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------- machine state


def _burn(n: int) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(n):
        total += i * i
    return time.perf_counter() - start


def cpu_scaling(workers: int) -> float:
    """How many cores' worth of a pure-Python loop ``workers`` processes get right now.

    On a shared or busy machine this is well below ``workers``; every figure measured at the
    same time can be no better.
    """
    import multiprocessing

    n = 3_000_000
    one = _burn(n)
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        start = time.perf_counter()
        pool.map(_burn, [n] * workers, chunksize=1)
        many = time.perf_counter() - start
    return workers * one / many


# --------------------------------------------------------------------------- report


def load_average() -> str:
    with contextlib.suppress(OSError):
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows in the file (1e6)")
    parser.add_argument("--compare-rows", type=int, default=100_000,
                        help="a smaller file, to show memory does not grow (100000; 0: skip)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--workers", type=int, help="--workers for offramp screen "
                                                    "(default: its own, one per CPU)")
    parser.add_argument("--baseline-rows", type=int, default=3000,
                        help="rows for the naive pipeline baseline (3000)")
    parser.add_argument("--rapidfuzz-rows", type=int, default=300,
                        help="rows for the rapidfuzz brute-force baseline (300; 0: skip)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke check: 20,000 rows vs 5,000, small baselines")
    parser.add_argument("--cache-dir", type=Path, default=CACHE_DIR,
                        help="where generated files are kept (bench/.cache)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if args.quick:
        args.rows, args.compare_rows = 20_000, 5_000
        args.baseline_rows, args.rapidfuzz_rows = 500, 50
    sizes = sorted({args.rows, *([args.compare_rows] if args.compare_rows else [])})

    files = {n: names_file(n, args.seed, args.cache_dir) for n in sizes}
    repeats = repeated_share(files[args.rows])
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"offramp screen benchmark: {', '.join(f'{n:,}' for n in sizes)} rows (seed "
          f"{args.seed}), {cores} cores, load average before: {load_average()}", flush=True)
    print(f"  {repeats:.1%} of the {args.rows:,} rows repeat the name of an earlier row",
          flush=True)
    scaling = cpu_scaling(cores or 1)
    print(f"  CPU available now: {cores} processes get {scaling:.2f}x the work of one "
          "(a pure-Python loop; below the core count means other work is running)", flush=True)
    runs: dict[int, ScreenRun] = {}
    with tempfile.TemporaryDirectory(prefix="offramp-bench-") as tmp:
        base = Path(tmp)
        template = prepare_home(base)
        for n in sizes:
            runs[n] = screen_run(template, base, files[n], n, args.workers)
            r = runs[n]
            print(f"  {n:>9,} rows: {r.wall_s:7.1f} s  {r.rows_per_s:8,.0f} rows/s  "
                  f"peak PSS {r.memory.peak_pss_mb:5.0f} MB  (RSS sum "
                  f"{r.memory.peak_rss_mb:.0f} MB, largest process {r.maxrss_single_mb:.0f} "
                  f"MB)  {r.summary}; {r.alerts_opened} alerts", flush=True)
        naive = naive_baseline(template, files[args.rows], min(args.baseline_rows, args.rows))
        fuzzy = (rapidfuzz_baseline(files[args.rows], min(args.rapidfuzz_rows, args.rows))
                 if args.rapidfuzz_rows else None)

    big = runs[args.rows]
    small = runs.get(args.compare_rows) if args.compare_rows else None
    print(f"\n== offramp screen FILE --out OUT.csv, {args.rows:,} rows ==")
    print(f"  end to end: {big.wall_s:.1f} s, {big.rows_per_s:,.0f} rows/s (start-up included)")
    if small is not None and small is not big:
        marginal = (big.rows - small.rows) / max(big.wall_s - small.wall_s, 1e-9)
        print(f"  marginal rate between {small.rows:,} and {big.rows:,} rows: "
              f"{marginal:,.0f} rows/s (start-up cancels out)")
        print(f"  peak PSS of the process tree: {small.memory.peak_pss_mb:.0f} MB at "
              f"{small.rows:,} rows, {big.memory.peak_pss_mb:.0f} MB at {big.rows:,} rows "
              f"({big.memory.peak_pss_mb / small.memory.peak_pss_mb:.2f}x for "
              f"{big.rows / small.rows:.0f}x the rows)")
    for run in (small, big):
        if run is not None:
            print(f"  private memory at {run.rows:,} rows: offramp screen itself "
                  f"{run.memory.peak_command_private_mb:.0f} MB, largest worker "
                  f"{run.memory.peak_worker_private_mb:.0f} MB")
    print(f"  tree PSS over the {big.rows:,}-row run at 25/50/75/100%: "
          + " / ".join(f"{big.pss_at(f):.0f}" for f in (0.25, 0.5, 0.75, 1.0)) + " MB")
    print(f"  alerts opened: {big.alerts_opened:,}; rows matched: {big.rows_matched:,}; "
          f"unscreened: {big.rows_unscreened:,}; every row once in the output: "
          f"{'yes' if big.output_ok else 'NO'}")
    print("\n== baselines (same file, same run) ==")
    print(f"  naive pipeline (one process, Screener.search per row, csv.writer, no storage): "
          f"{naive['rows_per_s']:,.0f} rows/s on {naive['rows']:,} rows -> "
          f"{args.rows / naive['rows_per_s'] / 60:,.1f} min for {args.rows:,} rows")
    if fuzzy is not None:
        print(f"  rapidfuzz token_sort_ratio brute force (one thread): "
              f"{fuzzy['rows_per_s']:,.1f} rows/s on {fuzzy['rows']:,} rows -> "
              f"{args.rows / fuzzy['rows_per_s'] / 3600:,.1f} h for {args.rows:,} rows")
    grows = small is not None and big.memory.peak_pss_mb > 1.25 * small.memory.peak_pss_mb
    met = big.rows_per_s >= TARGET_ROWS_PER_S and not grows
    print(f"\ntarget (issue 4): >= {TARGET_ROWS_PER_S:,} names/s on this machine, memory not "
          f"growing with the file: {'MET' if met else 'NOT MET'} "
          f"({big.rows_per_s:,.0f} names/s; memory "
          f"{'grows' if grows else 'flat' if small is not None else 'not compared'})")
    print(f"load average after: {load_average()}; CPU available after: "
          f"{cpu_scaling(cores or 1):.2f}x")
    if args.json:
        args.json.write_text(json.dumps({
            "runs": {n: {**asdict(r), "memory": {k: v for k, v in asdict(r.memory).items()
                                                 if k != "samples"}}
                     for n, r in runs.items()},
            "naive": naive, "rapidfuzz": fuzzy, "target_met": met, "repeated_share": repeats,
            "cpu_scaling_before": scaling,
        }, indent=2))


if __name__ == "__main__":
    main()
