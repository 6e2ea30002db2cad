"""Benchmark: re-screening stored subjects on the real OFAC SDN change 2024-04-26 -> 2024-05-03.

    .venv/bin/python bench/rescreen.py [--subjects N] [--workers N] [--rounds N] [--json FILE]

Set-up, not timed, in a temporary ``OFFRAMP_HOME``:

1. SDN 2024-04-26 loaded (``tests/fixtures/lists/ofac/sdn-2024-04-26``);
2. ``--subjects`` (default 100,000) generated subjects ``id,name``: realistic persons and
   companies from 21 locales in their own scripts (Faker, fixed seed), among which, at seeded
   random places, names from the change itself so that alerts happen -- 200 names of entries
   added on 2024-05-03 as listed and 100 misspelt, the 8 entries removed then, and 100
   entries on both lists unchanged;
3. ``offramp screen`` of that file: the subjects and their alerts are stored (timed and
   printed for context only).

Then three commands, each as a subprocess in a fresh copy of that home, in ``--rounds``
rounds (default 3) that interleave them, so that load from elsewhere on the machine does not
fall on one command only; the best and the median time are reported:

- *load + delta*: ``offramp lists load <2024-05-03> --rescreen`` -- what an operator runs:
  loading the new version, building the screener over it, and the delta re-screen;
- *delta*: ``offramp rescreen`` with 2024-05-03 already loaded and its screener cached;
- *full* (the baseline): ``offramp rescreen --full``, from the same state as *delta*.

Reported for each: wall time (start-up included), peak memory of the process tree (PSS summed
over the command and its forked workers, polled from /proc; and ``ru_maxrss``, the largest
single process), alerts opened, alerts closed as delisted. Then whether delta and full agree:
the same alerts (subject, entry, content hash, score) on the entries added or changed, the same
alerts closed, in every run. A full re-screen may in addition alert on an *unchanged* entry
whose score crossed the threshold only because the new entries shifted the list's word
weights; those are counted separately (no delta can see them without re-scoring everything).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workloads

REPO = Path(__file__).resolve().parent.parent
SDN_OLD = REPO / "tests" / "fixtures" / "lists" / "ofac" / "sdn-2024-04-26" / "sdn.csv.gz"
SDN_NEW = REPO / "tests" / "fixtures" / "lists" / "ofac" / "sdn-2024-05-03" / "sdn.csv.gz"
OFFRAMP = Path(sys.executable).parent / "offramp"
SEED = 20240503
ADDED_EXACT, ADDED_MISSPELT, UNCHANGED = 200, 100, 100
POLL_S = 0.1


# --------------------------------------------------------------------------- subjects


def change_names(seed: int) -> dict[str, list[str]]:
    """Names from the real change, read with offramp's own reader and diff."""
    from offramp.lists.diff import diff_versions
    from offramp.lists.loading import load_file
    from offramp.store import ListStore

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp, ListStore(Path(tmp) / "scratch.db") as store:
        old, new = load_file(store, SDN_OLD).snapshot, load_file(store, SDN_NEW).snapshot
        assert old.id is not None and new.id is not None
        diff = diff_versions(store, old.id, new.id)
        same = sorted(set(store.entity_hashes(old.id).items())
                      & set(store.entity_hashes(new.id).items()))
        unchanged = [store.entity_by_hash(h).caption for _, h in rng.sample(same, UNCHANGED)]
    added = [e.caption for e in diff.added]
    return {
        "added": rng.sample(added, ADDED_EXACT),
        "added misspelt": [workloads.add_typos(n, rng, 1)
                           for n in rng.sample(added, ADDED_MISSPELT)],
        "removed": [e.caption for e in diff.removed],
        "unchanged": unchanged,
    }


def generate_subjects(path: Path, count: int, planted: dict[str, list[str]],
                      seed: int) -> None:
    """``count`` rows ``id,name``: Faker persons and companies, with ``planted`` names."""
    from faker import Faker

    rng = random.Random(seed)
    fakers = []
    for i, locale in enumerate(workloads.INNOCENT_LOCALES):
        fake = Faker(locale)
        fake.seed_instance(seed * 1000 + i)
        fakers.append(fake)
    plants = [n for names in planted.values() for n in names]
    where = dict(zip(rng.sample(range(count), len(plants)), plants, strict=True))
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "name"])
        for row in range(count):
            name = where.get(row)
            if name is None:
                fake = fakers[row % len(fakers)]
                name = fake.company() if rng.random() < 0.5 else fake.name()
            out.writerow([f"S{row + 1:07d}", name])


# --------------------------------------------------------------------------- measuring


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_bytes()
            except OSError:
                continue
            # The command name may hold spaces and parentheses: split after the last ")".
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
            tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _tree_pss_kb(root: int) -> int:
    tree, todo, total = _children(), [root], 0
    while todo:
        pid = todo.pop()
        todo.extend(tree.get(pid, ()))
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass  # gone meanwhile
    return total


@dataclass
class Measured:
    """One timed command."""

    label: str
    seconds: float
    peak_pss_mb: float
    maxrss_mb: float
    output: dict[str, Any]


def timed(label: str, home: Path, *args: str) -> Measured:
    """Run ``offramp ARGS --json`` in ``home``; wall time, memory, and its JSON output."""
    env = {**os.environ, "OFFRAMP_HOME": str(home), "OFFRAMP_USER": "bench"}
    env.pop("OFFRAMP_DB", None)
    env.pop("OFFRAMP_CONFIG", None)
    peak = [0]
    stop = threading.Event()
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        proc = subprocess.Popen([str(OFFRAMP), *args, "--json"], env=env, stdout=out,
                                stderr=subprocess.PIPE, text=True)

        def poll() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], _tree_pss_kb(proc.pid))
                stop.wait(POLL_S)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        # wait4: its rusage covers the command and the workers it waited for.
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        stop.set()
        poller.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        assert proc.stderr is not None
        errors = proc.stderr.read()
        out.seek(0)
        text = out.read()
    if proc.returncode != 0:
        raise SystemExit(f"{label}: offramp {' '.join(args)} failed:\n{errors}{text}")
    return Measured(label, seconds, peak[0] / 1024, usage.ru_maxrss / 1024, json.loads(text))


# --------------------------------------------------------------------------- comparing


def outcome(home: Path, run_id: int, changed: set[str]) -> dict[str, Any]:
    """Alerts a re-screen run opened (on changed entries and on others) and delisted."""
    db = sqlite3.connect(home / "offramp.db")
    opened = {(k, e, h, s) for k, e, h, s in db.execute(
        "SELECT subject_key, entity_id, entity_content_hash, score FROM alerts "
        "WHERE run_id = ?", (run_id,))}
    delisted = set(db.execute("SELECT subject_key, entity_id FROM alerts "
                              "WHERE close_reason = 'delisted'"))
    db.close()
    return {"on_changed": {a for a in opened if a[1] in changed},
            "on_unchanged": {a for a in opened if a[1] not in changed}, "delisted": delisted}


def changed_ids(home: Path) -> set[str]:
    from offramp.screening.rescreen import version_delta
    from offramp.store import ListStore

    with ListStore(home / "offramp.db") as store:
        old, new = store.versions("ofac-sdn")[:2]
        assert old.id is not None and new.id is not None
        return {e.id for e in version_delta(store, "ofac-sdn", old.id, new.id).entities}


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


# --------------------------------------------------------------------------- main


COMMANDS = ("load + delta", "delta", "full (baseline)")


def run_all(subjects: int, workers: int, rounds: int, base: Path) -> dict[str, Any]:
    home = base / "home"
    home.mkdir()
    env = {**os.environ, "OFFRAMP_HOME": str(home), "OFFRAMP_USER": "bench"}

    def offramp(*args: str) -> None:
        subprocess.run([str(OFFRAMP), *args], env=env, check=True, stdout=subprocess.DEVNULL)

    print(f"set-up: {subjects:,} subjects screened against SDN 2024-04-26 (not timed) ...",
          file=sys.stderr, flush=True)
    planted = change_names(SEED)
    subjects_csv = base / "subjects.csv"
    generate_subjects(subjects_csv, subjects, planted, SEED)
    offramp("lists", "load", str(SDN_OLD))
    started = time.perf_counter()
    offramp("screen", str(subjects_csv), "--workers", str(workers))
    first_screen = time.perf_counter() - started
    shutil.copytree(home, base / "before-load")
    offramp("lists", "load", str(SDN_NEW))
    # The screener over 2024-05-03, cached as any screen or search would leave it.
    offramp("search", "Golden Phoenix Trading Company")
    changed = changed_ids(home)

    w = ["--workers", str(workers)]
    commands = {COMMANDS[0]: ("before-load", ["lists", "load", str(SDN_NEW), "--rescreen"]),
                COMMANDS[1]: ("home", ["rescreen", *w]),
                COMMANDS[2]: ("home", ["rescreen", "--full", *w])}
    load_before = load_average()
    measured: dict[str, list[Measured]] = {label: [] for label in COMMANDS}
    outcomes: dict[str, list[dict[str, Any]]] = {label: [] for label in COMMANDS}
    for n in range(rounds):
        # Each command in a fresh copy of the same state; rounds interleave the commands, so
        # a burst of load from elsewhere on the machine does not fall on one of them only.
        for label, (state, args) in commands.items():
            where = base / f"run-{n}-{COMMANDS.index(label)}"
            shutil.copytree(base / state, where)
            m = timed(label, where, *args)
            # `lists load --json` wraps the report; `rescreen --json` is the report.
            report = m.output = m.output.get("rescreen", m.output)
            measured[label].append(m)
            outcomes[label].append(outcome(where, report["run_id"], changed))
            shutil.rmtree(where)
    full = outcomes[COMMANDS[2]][0]
    agree = all(o["on_changed"] == full["on_changed"] and o["delisted"] == full["delisted"]
                for label in COMMANDS for o in outcomes[label])
    return {
        "subjects": subjects, "workers": workers, "rounds": rounds,
        "planted": {k: len(v) for k, v in planted.items()}, "first_screen_s": first_screen,
        "load_average": [load_before, load_average()],
        "runs": [{"label": label, "seconds": [m.seconds for m in measured[label]],
                  "peak_pss_mb": max(m.peak_pss_mb for m in measured[label]),
                  "maxrss_mb": max(m.maxrss_mb for m in measured[label]),
                  "report": measured[label][0].output,
                  "opened_on_changed": len(outcomes[label][0]["on_changed"]),
                  "opened_on_unchanged": len(outcomes[label][0]["on_unchanged"]),
                  "delisted": len(outcomes[label][0]["delisted"])} for label in COMMANDS],
        "agree": agree,
        "drift_only_in_full": sorted(e for _, e, _, _ in full["on_unchanged"]),
    }


def print_figures(data: dict[str, Any]) -> None:
    print(f"\n== re-screen after the SDN change 2024-04-26 -> 2024-05-03: {data['subjects']:,} "
          f"stored subjects, {data['workers']} worker(s), {data['rounds']} round(s) ==")
    planted = ", ".join(f"{v} {k}" for k, v in data["planted"].items())
    print(f"planted names from the change: {planted}")
    print(f"(set-up: the first screen of all subjects against 2024-04-26 took "
          f"{data['first_screen_s']:.1f} s)")
    [change] = data["runs"][1]["report"]["changes"]
    print(f"change: {change['added_or_changed']} entries added or changed, {change['removed']} "
          f"removed")
    print(f"\n{'':<18}{'best':>8}{'median':>9}{'peak PSS':>11}{'max RSS':>10}"
          f"{'alerts opened':>15}{'delisted':>10}{'searched in full':>18}")
    for r in data["runs"]:
        rep = r["report"]
        searched = rep["subjects"] if rep["mode"] == "full" else rep["flagged"]
        print(f"{r['label']:<18}{min(r['seconds']):>7.1f}s{statistics.median(r['seconds']):>8.1f}s"
              f"{r['peak_pss_mb']:>8.0f} MB{r['maxrss_mb']:>7.0f} MB{rep['alerts_opened']:>15,}"
              f"{rep['delisted_closed']:>10,}{searched:>18,}")
    delta, full = (min(r["seconds"]) for r in data["runs"][1:])
    print(f"\ndelta vs full re-screen (best of {data['rounds']}): {delta:.1f} s vs {full:.1f} s, "
          f"speed-up {full / delta:.1f}x")
    d, f = data["runs"][1], data["runs"][2]
    print(f"alerts on added/changed entries: delta {d['opened_on_changed']:,}, full "
          f"{f['opened_on_changed']:,}; delisted closed: delta {d['delisted']}, full "
          f"{f['delisted']} -> {'AGREE' if data['agree'] else 'DISAGREE'} (every run)")
    drift = data["drift_only_in_full"]
    print(f"alerts only a full re-screen opens, on unchanged entries (word-weight drift): "
          f"{len(drift)}" + (f" (entries {', '.join(drift[:10])})" if drift else ""))
    print(f"load average before / after: {' / '.join(data['load_average'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--rounds", type=int, default=3,
                        help="Times each command runs (best and median reported).")
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="offramp-rescreen-bench-") as tmp:
        data = run_all(args.subjects, args.workers, args.rounds, Path(tmp))
    print_figures(data)
    if args.json:
        args.json.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    if not data["agree"]:
        raise SystemExit("the delta and the full re-screen disagree")


if __name__ == "__main__":
    main()
