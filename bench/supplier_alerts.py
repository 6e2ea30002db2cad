"""Tuning aid: which of a realistic supplier file's distinct names alert, and what changed.

    .venv/bin/python bench/supplier_alerts.py [--rows N] [--workers N] [--out FILE.tsv]
                                              [--compare OLD.tsv]

The names are the distinct names of ``bench/screen_batch.py``'s generated supplier file
(``--rows``, default 1,000,000 rows: 678,312 distinct names; persons and companies from 21
locales in their own scripts, a sprinkle of real list names and aliases, some with typos).
Each is searched against all bundled lists at the default threshold, as ``offramp screen``
does; the count of names that alert is the "screening bench" figure of docs/matching.md,
section 5. Nearly all of those alerts are namesakes, so a change to the matcher should move
it little, and each name it adds or removes is worth reading: ``--out`` writes every alert
(name, listed name, score; tab-separated), and ``--compare`` a file written so before prints
the names that alert now and did not then, those that no longer do, and those whose listed
name changed. Searches run on ``--workers`` forked processes (default: every core).
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import screen_batch
import workloads

from offramp import Screener
from offramp.model import UnscreenableError

CHUNK = 2000  # names per task handed to a worker
_screener: Screener | None = None  # (set before forking: the workers share it)

Alert = tuple[str, str, float]  # (supplier name, listed name, score)


def _alerts(names: Sequence[str]) -> tuple[list[Alert], int]:
    """The alerts among ``names`` (their best result at the threshold) and how many could
    not be screened."""
    assert _screener is not None
    found: list[Alert] = []
    unscreenable = 0
    for name in names:
        try:
            matches = _screener.search(name, limit=1, min_score=_screener.threshold)
        except UnscreenableError:
            unscreenable += 1
            continue
        if matches:
            found.append((name, matches[0].entity.names[0].value, matches[0].score))
    return found, unscreenable


def read_alerts(path: Path) -> dict[str, tuple[str, float]]:
    """A file written by ``--out``: supplier name -> (listed name, score)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {row[0]: (row[1], float(row[2])) for row in csv.reader(fh, delimiter="\t")}


def compare(old: dict[str, tuple[str, float]], new: dict[str, tuple[str, float]]) -> list[str]:
    """Lines saying which names alert now and did not before (+), no longer alert (-), or
    alert on another listed name (~)."""
    lines = [f"+ {name} | {new[name][0]} {new[name][1]}" for name in new if name not in old]
    lines += [f"- {name} | {old[name][0]} {old[name][1]}" for name in old if name not in new]
    lines += [f"~ {name} | {old[name][0]} {old[name][1]} => {new[name][0]} {new[name][1]}"
              for name in new if name in old and old[name][0] != new[name][0]]
    return lines


def main(argv: Sequence[str] | None = None) -> dict[str, float]:
    """Run the check (module docstring); returns its figures."""
    global _screener
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000,
                        help="rows of the generated supplier file (1000000)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="forked search processes (every core)")
    parser.add_argument("--out", type=Path, help="write every alert to this TSV file")
    parser.add_argument("--compare", type=Path, help="a TSV file written by --out before")
    parser.add_argument("--cache-dir", type=Path, default=screen_batch.CACHE_DIR,
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    path = screen_batch.names_file(args.rows, screen_batch.SEED, args.cache_dir)
    with path.open(encoding="utf-8", newline="") as fh:
        names = sorted({row["name"] for row in csv.DictReader(fh)})
    _screener = Screener.from_entities(workloads.load_bundled_entities())
    start = time.perf_counter()
    chunks = [names[i:i + CHUNK] for i in range(0, len(names), CHUNK)]
    if args.workers > 1:
        with multiprocessing.get_context("fork").Pool(args.workers) as pool:
            parts = pool.map(_alerts, chunks)
    else:
        parts = [_alerts(chunk) for chunk in chunks]
    wall = time.perf_counter() - start
    alerts = [alert for found, _ in parts for alert in found]
    unscreenable = sum(count for _, count in parts)
    print(f"{len(names):,} distinct supplier names ({args.rows:,} rows), "
          f"{unscreenable:,} unscreenable; {len(alerts):,} alert at "
          f"{_screener.threshold} ({_screener.algorithm}); {wall:.1f} s on "
          f"{args.workers} process(es)")
    if args.out:
        with args.out.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, delimiter="\t").writerows(alerts)
    if args.compare:
        old = read_alerts(args.compare)
        lines = compare(old, {name: (listed, score) for name, listed, score in alerts})
        print(f"against {args.compare}: {len(old):,} alerts then, "
              f"{sum(line[0] == '+' for line in lines)} on, "
              f"{sum(line[0] == '-' for line in lines)} off, "
              f"{sum(line[0] == '~' for line in lines)} on another listed name")
        print("\n".join(lines))
    return {"names": len(names), "unscreenable": unscreenable, "alerts": len(alerts),
            "seconds": wall}


if __name__ == "__main__":
    main()
