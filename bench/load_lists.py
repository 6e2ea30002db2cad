"""Benchmark: loading every bundled list into a fresh store.

    .venv/bin/python bench/load_lists.py [--repeat N]

Prints, per source, the time to read (parse + map to entities, with the aliases the bundled
SDN carries over from 2021) and to store, then the total
and the peak RSS of the process. The baseline, run in its own process for a clean RSS
figure, only decompresses and tokenises the same files (csv.reader / XML iterparse) without
building entities or storing anything: the floor any loader has to pay.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.etree.ElementTree import iterparse

from offramp.lists.bundle import bundled_lists
from offramp.lists.loading import load_bundled, read_bundled
from offramp.sources.files import read_bytes
from offramp.store import ListStore


def peak_rss_mb() -> float:
    """Peak resident set size of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_full() -> dict[str, object]:
    """Read + map each bundled list, then load them all into a fresh store."""
    per_source = {}
    for item in bundled_lists():
        start = time.perf_counter()
        parsed = read_bundled(item)
        per_source[item.source] = {"entries": len(parsed.entities),
                                   "read_s": time.perf_counter() - start}
    with tempfile.TemporaryDirectory() as tmp:
        store = ListStore(Path(tmp) / "bench.db")
        start = time.perf_counter()
        results = load_bundled(store)
        total = time.perf_counter() - start
        store.close()
        db_mb = (Path(tmp) / "bench.db").stat().st_size / 1e6
    return {"per_source": per_source, "load_all_s": total,
            "entries": sum(r.snapshot.entry_count for r in results),
            "peak_rss_mb": peak_rss_mb(), "db_mb": db_mb}


def run_baseline() -> dict[str, object]:
    """Decompress and tokenise the same files, nothing more."""
    start = time.perf_counter()
    records = 0
    for item in bundled_lists():
        folder = item.main_file.parent
        for path in sorted(folder.glob("*.gz")):
            data = read_bytes(path)
            if path.name.endswith(".xml.gz"):
                records += sum(1 for _ in iterparse(io.BytesIO(data)))
            else:
                text = data.decode("latin-1")
                dialect = "excel-tab" if "\t" in text[:1000] else "excel"
                records += sum(1 for _ in csv.reader(io.StringIO(text), dialect=dialect))
    return {"tokenise_all_s": time.perf_counter() - start, "records": records,
            "peak_rss_mb": peak_rss_mb()}


def in_subprocess(mode: str) -> dict[str, object]:
    out = subprocess.run([sys.executable, __file__, "--mode", mode], check=True,
                         capture_output=True, text=True).stdout
    result: dict[str, object] = json.loads(out)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mode", choices=["full", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (best is shown)")
    args = parser.parse_args()
    if args.mode == "full":
        print(json.dumps(run_full()))
        return
    if args.mode == "baseline":
        print(json.dumps(run_baseline()))
        return
    fulls = [in_subprocess("full") for _ in range(args.repeat)]
    bases = [in_subprocess("baseline") for _ in range(args.repeat)]
    full = min(fulls, key=lambda r: float(r["load_all_s"]))  # type: ignore[arg-type]
    base = min(bases, key=lambda r: float(r["tokenise_all_s"]))  # type: ignore[arg-type]
    print(f"bundled lists, best of {args.repeat} runs (each in a fresh process)")
    print(f"{'source':<12}{'entries':>9}{'read+map s':>12}")
    per_source = full["per_source"]
    assert isinstance(per_source, dict)
    for source, row in per_source.items():
        print(f"{source:<12}{row['entries']:>9,}{row['read_s']:>12.3f}")
    print(f"\nofframp: read, map and store all lists into a fresh SQLite store: "
          f"{full['load_all_s']:.2f} s for {full['entries']:,} entries; "
          f"peak RSS {full['peak_rss_mb']:.0f} MB; database {full['db_mb']:.1f} MB")
    print(f"baseline: decompress + tokenise the same files only: {base['tokenise_all_s']:.2f} s "
          f"for {base['records']:,} raw records; peak RSS {base['peak_rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
