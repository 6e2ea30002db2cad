"""Benchmark: alias recall and false alerts of the matcher, with a brute-force baseline.

    .venv/bin/python bench/match_quality.py [--limit N] [--innocents N] [--json FILE]
                                            [--matcher auto|offramp|naive] [--with-schema]

Workload (see ``bench/workloads.py``): the OFAC SDN 2021-07-07 set indexed by *primary names
only*; every alias of that set is a query whose right answer is its own entity (aliases that
fold -- case, accents, punctuation, spacing -- to their entity's primary name are skipped).
The headline uses the alt.csv aliases (aka/fka/nka) searched by name only (no schema, country
or date hints: what the open-source peers were measured on); OFAC's weak Remarks-only aliases
are reported as a second group. Innocents: ``--innocents`` (default 5,000) Faker person and
company names from 21 locales in their own scripts, fixed seed, minus any that fold-equal a
list name and the real SDN-listed companies in Faker's fa_IR list (bench/data/), searched
against the same index and against all bundled lists.

Prints, for offramp's ``Screener`` and for the baseline (rapidfuzz ``token_sort_ratio`` brute
force over all names with ``utils.default_process``, run in the same process):

- recall@1 / recall@10 (right entity first / in the top 10), alerted recall (right entity in
  the top 10 with score >= threshold), false-alert rate (share of innocents with any result
  >= threshold), unscreenable counts (never folded into misses silently: they count as misses
  in recall and are printed);
- per group: alt.csv aliases (all, Person, other schemas, aka/fka/nka), weak aliases;
- a threshold sweep 0.50..0.95 (finer around the default threshold);
- THE THRESHOLD TO CHOOSE: the lowest threshold whose false-alert rate on the innocents
  (SDN 2021 index) is <= 0.5%, i.e. the one maximising alerted recall under that budget --
  computed exactly from the score distribution, for offramp and for the baseline alike;
- the targets (alerted recall >= 0.65 at <= 0.5% false alerts, recall@10 >= 0.80), met or not.

``--matcher naive`` swaps offramp's Screener for a stand-in with the same API (rapidfuzz
token_sort_ratio brute force, i.e. the baseline again) to exercise the harness; ``auto`` (the
default) uses offramp's Screener when ``from offramp import Screener`` works, else the stand-in.
Searches run in a fork pool on all cores (screener built once, inherited copy-on-write).
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import multiprocessing as mp
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workloads
from workloads import AliasQuery, ScreenerLike, TokenSortBaseline

from offramp.model import Entity, UnscreenableError

FALSE_ALERT_BUDGET = 0.005
TARGET_ALERTED_RECALL = 0.65
TARGET_RECALL_AT_10 = 0.80
LIMIT = 10
SEED = 20210707
R = TypeVar("R")


# --------------------------------------------------------------------------- matchers


# --------------------------------------------------------------------------- searching

_SCREENER: ScreenerLike | None = None  # set in the parent before forking the pool

Job = tuple[str, str | None, str | None]  # (query, right entity id or None, schema hint)
# (status, rank or -1, right entity's score or -1, top score or -1, top entity id or "")
Outcome = tuple[str, int, float, float, str]


def _run_one(query: str, target: str | None, schema: str | None) -> Outcome:
    assert _SCREENER is not None
    try:
        matches = _SCREENER.search(query, schema=schema, limit=LIMIT)
    except UnscreenableError:
        return ("unscreenable", -1, -1.0, -1.0, "")
    except Exception:  # the matcher under test is young: count, show one, carry on
        if os.environ.get("BENCH_SHOW_ERRORS", "1") == "1":
            os.environ["BENCH_SHOW_ERRORS"] = "0"
            traceback.print_exc()
        return ("error", -1, -1.0, -1.0, "")
    top = float(matches[0].score) if matches else -1.0
    top_id = matches[0].entity.id if matches else ""
    for rank, match in enumerate(matches):
        if match.entity.id == target:
            return ("ok", rank, float(match.score), top, top_id)
    return ("ok", -1, -1.0, top, top_id)


def _run_chunk(jobs: list[Job]) -> list[Outcome]:
    return [_run_one(*job) for job in jobs]


def run_jobs(screener: ScreenerLike, jobs: Sequence[Job], workers: int) -> list[Outcome]:
    """Every job through ``screener.search``, in a fork pool when ``workers`` > 1."""
    global _SCREENER
    _SCREENER = screener
    chunks = [list(jobs[i:i + 250]) for i in range(0, len(jobs), 250)]
    if workers <= 1 or len(chunks) <= 1:
        return [o for chunk in chunks for o in _run_chunk(chunk)]
    gc.freeze()  # keep the collector from touching (and so copying) the inherited index
    with mp.get_context("fork").Pool(workers) as pool:
        return [o for part in pool.map(_run_chunk, chunks, chunksize=1) for o in part]


def baseline_outcomes(base: TokenSortBaseline, queries: Sequence[AliasQuery]) -> list[Outcome]:
    from rapidfuzz import utils

    result = base.search_batch([q.query for q in queries], limit=LIMIT)
    out: list[Outcome] = []
    for q, ids, scores in zip(queries, result.ids, result.scores, strict=True):
        if not utils.default_process(q.query):
            out.append(("unscreenable", -1, -1.0, -1.0, ""))
            continue
        rank = ids.index(q.entity_id) if q.entity_id in ids else -1
        out.append(("ok", rank, scores[rank] if rank >= 0 else -1.0, scores[0], ids[0]))
    return out


def baseline_top_scores(base: TokenSortBaseline, names: Sequence[str]) -> list[Outcome]:
    from rapidfuzz import utils

    best = base.best_scores(names)
    return [("ok", -1, -1.0, s, "") if utils.default_process(n)
            else ("unscreenable", -1, -1.0, -1.0, "") for n, s in zip(names, best, strict=True)]


# --------------------------------------------------------------------------- metrics


@dataclass
class Scores:
    """Per-query outcomes of one matcher on the alias queries and the innocents."""

    label: str
    algorithm: str
    default_threshold: float | None
    rank: np.ndarray  # -1 when the right entity is not in the top LIMIT
    right: np.ndarray  # the right entity's score when returned, else -1
    status: list[str]
    innocent_top: np.ndarray  # best score per innocent (SDN 2021 index), -1 if none/unscreenable
    innocent_status: list[str]
    bundled_top: np.ndarray
    bundled_status: list[str]
    extra: dict[str, Any] = field(default_factory=dict)


def to_arrays(outcomes: Sequence[Outcome]) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                    list[str]]:
    rank = np.array([o[1] for o in outcomes], dtype=np.int64)
    right = np.array([o[2] for o in outcomes], dtype=np.float64)
    top = np.array([o[3] for o in outcomes], dtype=np.float64)
    return rank, right, top, [o[0] for o in outcomes]


def rate(values: np.ndarray) -> float:
    return float(values.mean()) if values.size else math.nan


def alerted_recall(right: np.ndarray, threshold: float) -> float:
    return rate((right >= 0) & (right >= threshold))


def false_alert_rate(top: np.ndarray, threshold: float) -> float:
    return rate((top >= 0) & (top >= threshold))


def best_threshold(top: np.ndarray, budget: float = FALSE_ALERT_BUDGET,
                   step: float = 0.001) -> float:
    """The lowest threshold on a ``step`` grid with false-alert rate <= ``budget``.

    Recall only falls as the threshold rises, so this maximises alerted recall under the budget.
    """
    scores = np.sort(top[top >= 0])[::-1]
    allowed = math.floor(budget * top.size)  # innocents allowed to alert
    if allowed >= scores.size:
        return 0.0
    cut = float(scores[allowed])  # the score of the first innocent that must not alert
    threshold = math.floor(cut / step) * step + step
    while false_alert_rate(top, threshold) > budget:
        threshold += step
    return round(threshold, 6)


def group_masks(queries: Sequence[AliasQuery]) -> dict[str, np.ndarray]:
    alt = np.array([q.group == "alt" for q in queries])
    person = np.array([q.is_person for q in queries])
    kinds = np.array([q.kind for q in queries])
    return {
        "alt.csv aliases (headline)": alt,
        "  alt Person": alt & person,
        "  alt other schemas": alt & ~person,
        "  alt aka": alt & (kinds == "aka"),
        "  alt fka": alt & (kinds == "fka"),
        "  alt nka": alt & (kinds == "nka"),
        "weak Remarks aliases": ~alt,
        "  weak Person": ~alt & person,
        "  weak other schemas": ~alt & ~person,
    }


def summary(s: Scores, mask: np.ndarray, threshold: float) -> dict[str, float | int]:
    rank, right = s.rank[mask], s.right[mask]
    status = [st for st, m in zip(s.status, mask, strict=True) if m]
    return {
        "queries": int(mask.sum()),
        "recall_at_1": rate(rank == 0),
        "recall_at_10": rate(rank >= 0),
        "alerted_recall": alerted_recall(right, threshold),
        "unscreenable": status.count("unscreenable"),
        "errors": status.count("error"),
    }


def sweep_thresholds(default: float | None) -> list[float]:
    grid = {round(0.50 + 0.05 * i, 2) for i in range(10)}
    if default is not None:
        grid |= {round(default + 0.01 * i, 2) for i in range(-5, 6) if 0 < default + 0.01 * i < 1}
    return sorted(grid)


# --------------------------------------------------------------------------- report


def pct(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{100 * value:6.2f}%"


def report(queries: Sequence[AliasQuery], runs: list[Scores], n_innocents: int) -> dict[str, Any]:
    masks = group_masks(queries)
    headline = masks["alt.csv aliases (headline)"]
    out: dict[str, Any] = {}
    for s in runs:
        best = best_threshold(s.innocent_top)
        s.extra["best_threshold"] = best
        thresholds = {"best": best}
        if s.default_threshold is not None:
            thresholds["default"] = s.default_threshold
        s.extra["thresholds"] = thresholds
        result: dict[str, Any] = {"algorithm": s.algorithm, "thresholds": thresholds,
                                  "groups": {}, "innocents": {}, "sweep": []}
        for name, t in thresholds.items():
            result["innocents"][name] = {
                "false_alert_rate_sdn2021": false_alert_rate(s.innocent_top, t),
                "false_alert_rate_bundled": false_alert_rate(s.bundled_top, t),
            }
            result["groups"][name] = {g.strip(): summary(s, m, t) for g, m in masks.items()}
        result["innocents"]["unscreenable_sdn2021"] = s.innocent_status.count("unscreenable")
        result["innocents"]["unscreenable_bundled"] = s.bundled_status.count("unscreenable")
        result["innocents"]["errors"] = (s.innocent_status.count("error")
                                         + s.bundled_status.count("error"))
        for t in sweep_thresholds(runs[0].default_threshold):
            result["sweep"].append({
                "threshold": t,
                "alerted_recall": alerted_recall(s.right[headline], t),
                "false_alert_rate_sdn2021": false_alert_rate(s.innocent_top, t),
                "false_alert_rate_bundled": false_alert_rate(s.bundled_top, t),
            })
        out[s.label] = result

    labels = [s.label for s in runs]
    width = 26
    print("\n== headline: alt.csv aliases, name only (no schema/country hints) ==")
    print(f"{'':<52}" + "".join(f"{label:>{width}}" for label in labels))

    def row(title: str, values: list[str]) -> None:
        print(f"{title:<52}" + "".join(f"{v:>{width}}" for v in values))

    def g(label: str, which: str, key: str) -> Any:
        return out[label]["groups"].get(which, {}).get("alt.csv aliases (headline)", {}).get(key)

    row("default threshold", [f"{s.default_threshold:.3f}" if s.default_threshold is not None
                              else "n/a" for s in runs])
    row("recall@1", [pct(g(la, "best", "recall_at_1")) for la in labels])
    row("recall@10", [pct(g(la, "best", "recall_at_10")) for la in labels])
    row("alerted recall @ default threshold",
        [pct(g(la, "default", "alerted_recall")) if "default" in out[la]["thresholds"]
         else "n/a" for la in labels])
    for key, title in (("false_alert_rate_sdn2021", "false alerts @ default (SDN 2021 index)"),
                       ("false_alert_rate_bundled", "false alerts @ default (all bundled lists)")):
        row(title, [pct(out[la]["innocents"]["default"][key]) if "default" in out[la]["innocents"]
                    else "n/a" for la in labels])
    row(f"BEST THRESHOLD (max recall, <= {FALSE_ALERT_BUDGET:.1%} false alerts)",
        [f"{s.extra['best_threshold']:.3f}" for s in runs])
    row("alerted recall @ best threshold", [pct(g(la, "best", "alerted_recall")) for la in labels])
    row("false alerts @ best (SDN 2021 index)",
        [pct(out[la]["innocents"]["best"]["false_alert_rate_sdn2021"]) for la in labels])
    row("false alerts @ best (all bundled lists)",
        [pct(out[la]["innocents"]["best"]["false_alert_rate_bundled"]) for la in labels])
    row("unscreenable alias queries (counted as misses)",
        [str(g(la, "best", "unscreenable")) for la in labels])
    row("unscreenable innocents (SDN / bundled)",
        [f"{out[la]['innocents']['unscreenable_sdn2021']} / "
         f"{out[la]['innocents']['unscreenable_bundled']}" for la in labels])
    errors = [g(la, "best", "errors") + out[la]["innocents"]["errors"] for la in labels]
    if any(errors):
        row("search errors (exceptions, counted as misses)", [str(e) for e in errors])

    print("\n== per group (recall@1 / recall@10 / alerted recall at the default threshold, "
          "or the best one where there is no default) ==")
    header = f"{'group':<30}{'queries':>8}"
    for label in labels:
        header += f"  {label + ' r@1':>14}{'r@10':>8}{'alerted':>9}{'unscr.':>7}"
    print(header)
    for name in masks:
        line = f"{name:<30}{out[labels[0]]['groups']['best'][name.strip()]['queries']:>8,}"
        for label in labels:
            which = "default" if "default" in out[label]["groups"] else "best"
            r = out[label]["groups"][which][name.strip()]
            line += (f"  {pct(r['recall_at_1']):>14}{pct(r['recall_at_10']):>8}"
                     f"{pct(r['alerted_recall']):>9}{r['unscreenable']:>7}")
        print(line)

    print(f"\n== threshold sweep (headline queries; false alerts over {n_innocents:,} innocents"
          " vs SDN 2021 index / vs all bundled lists) ==")
    header = f"{'threshold':>9}"
    for label in labels:
        header += f"  {label + ' alerted':>18}{'FA sdn':>8}{'FA all':>8}"
    print(header)
    for i, entry in enumerate(out[labels[0]]["sweep"]):
        t = entry["threshold"]
        marks = "".join(" <- default" for s in runs[:1]
                        if s.default_threshold is not None and abs(t - s.default_threshold) < 1e-9)
        line = f"{t:>9.2f}"
        for label in labels:
            e = out[label]["sweep"][i]
            line += (f"  {pct(e['alerted_recall']):>18}{pct(e['false_alert_rate_sdn2021']):>8}"
                     f"{pct(e['false_alert_rate_bundled']):>8}")
        print(line + marks)

    print("\n== targets (issue 3): alerted recall >= "
          f"{TARGET_ALERTED_RECALL:.0%} at <= {FALSE_ALERT_BUDGET:.1%} false alerts; recall@10 >= "
          f"{TARGET_RECALL_AT_10:.0%} ==")
    for s in runs:
        la = s.label
        r10 = g(la, "best", "recall_at_10")
        best_rec = g(la, "best", "alerted_recall")
        met10 = "MET" if r10 >= TARGET_RECALL_AT_10 else "NOT MET"
        line = (f"{la:<10} recall@10 {pct(r10)} {met10}"
                f"; alerted recall at its best threshold {s.extra['best_threshold']:.3f}: "
                f"{pct(best_rec)} {'MET' if best_rec >= TARGET_ALERTED_RECALL else 'NOT MET'}")
        if s.default_threshold is not None:
            rec = g(la, "default", "alerted_recall")
            fa = out[la]["innocents"]["default"]["false_alert_rate_sdn2021"]
            ok = rec >= TARGET_ALERTED_RECALL and fa <= FALSE_ALERT_BUDGET
            line += (f"; at its default {s.default_threshold:.3f}: {pct(rec)} with "
                     f"{pct(fa)} false alerts {'MET' if ok else 'NOT MET'}")
        print(line)
    first = runs[0]
    print(f"\n-> threshold to choose for {first.label} ({first.algorithm}): "
          f"{first.extra['best_threshold']:.3f} (lowest with <= {FALSE_ALERT_BUDGET:.1%} false "
          f"alerts on the innocents vs the SDN 2021 index; check the bundled-lists column too)")
    return out


def print_examples(label: str, threshold: float, queries: Sequence[AliasQuery],
                   alias_out: Sequence[Outcome], innocents: Sequence[str],
                   innocent_out: Sequence[Outcome], captions: dict[str, str], count: int) -> None:
    """A fixed-seed sample of missed headline aliases, and the innocents that scored highest."""
    import random

    missed = [(q, o) for q, o in zip(queries, alias_out, strict=True)
              if q.group == "alt" and not (o[2] >= 0 and o[2] >= threshold)]
    print(f"\n== {label}: {min(count, len(missed))} of {len(missed):,} headline aliases not "
          f"alerted at {threshold:.3f} (random sample) ==")
    for q, o in sorted(random.Random(SEED).sample(missed, min(count, len(missed))),
                       key=lambda x: x[0].entity_id):
        got = ("unscreenable" if o[0] == "unscreenable" else
               f"right one {'rank ' + str(o[1] + 1) if o[1] >= 0 else 'not in top 10'}"
               + (f" at {o[2]:.3f}" if o[1] >= 0 else "")
               + (f"; top {captions.get(o[4], o[4])!r} {o[3]:.3f}" if o[4] else ""))
        print(f"  {q.query!r} ({q.kind}, {q.schema}) -> {q.primary!r}: {got}")
    order = sorted(range(len(innocents)), key=lambda i: -innocent_out[i][3])[:count]
    print(f"\n== {label}: the {len(order)} innocents scoring highest (SDN 2021 index) ==")
    for i in order:
        o = innocent_out[i]
        print(f"  {o[3]:.3f} {innocents[i]!r} -> {captions.get(o[4], o[4])!r}")


# --------------------------------------------------------------------------- main


def candidate_recall(screener: Any, queries: Sequence[AliasQuery]) -> tuple[float, float]:
    """Share of queries whose right entity is among the candidates the index hands to scoring,
    and the share found only by the trigram fallback (offramp's Screener only)."""
    from offramp.index.candidates import CANDIDATES_PER_QUERY
    from offramp.model import UnscreenableError

    names_of: dict[str, set[int]] = {}
    for i, prepared in enumerate(screener.names):
        names_of.setdefault(screener.entities[prepared.entity].id, set()).add(i)
    found = fallback_only = 0
    for q in queries:
        try:
            norm = screener.query(q.query).name
        except UnscreenableError:
            continue
        weights = screener.weights.of(norm)
        chosen = set(screener.index.candidates(norm, weights, CANDIDATES_PER_QUERY).tolist())
        right = names_of.get(q.entity_id, set())
        if chosen & right:
            found += 1
            keyed = set(screener.index.keyed_candidates(norm, weights).tolist())
            if not keyed & right:
                fallback_only += 1
    return found / len(queries), fallback_only / len(queries)


def timed(title: str, fn: Callable[[], R]) -> R:
    start = time.perf_counter()
    value = fn()
    print(f"  {title}: {time.perf_counter() - start:.2f} s", flush=True)
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, help="subsample N alias queries (fixed seed)")
    parser.add_argument("--innocents", type=int, default=5000, help="innocent names (5000)")
    parser.add_argument("--matcher", choices=["auto", "offramp", "naive"], default="auto")
    parser.add_argument("--with-schema", action="store_true",
                        help="also run the alias queries with the entity's schema as a hint")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="processes for the matcher's searches (default: all cores)")
    parser.add_argument("--examples", type=int, default=10,
                        help="missed aliases and top-scoring innocents to show (10)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()

    label, screener_cls = workloads.screener_class(args.matcher)
    build: Callable[[list[Entity]], ScreenerLike] = screener_cls.from_entities
    print("preparing workloads", flush=True)
    sdn = timed("read SDN 2021-07-07", workloads.load_sdn_2021)
    index_entities = workloads.primary_only(sdn)
    bundled = timed("read bundled lists", workloads.load_bundled_entities)
    all_queries = workloads.alias_queries(sdn)
    n_aliases = sum(1 for e in sdn for n in e.names if n.kind.value != "primary")
    queries = workloads.subsample(all_queries, args.limit, SEED)
    exclude = workloads.folded_names(sdn) | workloads.folded_names(bundled)
    innocents = timed("draw innocents", lambda: workloads.innocent_names(
        args.innocents, seed=SEED, exclude=exclude))
    innocent_names = [i.name for i in innocents]
    n_alt = sum(q.group == "alt" for q in queries)
    print(f"index: {len(index_entities):,} SDN 2021-07-07 entities, primary names only")
    print(f"queries: {len(queries):,} aliases ({n_alt:,} alt.csv aka/fka/nka, "
          f"{len(queries) - n_alt:,} weak Remarks); {n_aliases - len(all_queries):,} of "
          f"{n_aliases:,} aliases skipped as fold-equal to their primary name"
          + (f"; subsample of {len(all_queries):,} (--limit, seed {SEED})" if args.limit else ""))
    print(f"innocents: {len(innocents):,} ({sum(i.kind == 'person' for i in innocents):,} "
          f"persons, {sum(i.kind == 'company' for i in innocents):,} companies, "
          f"{len({i.locale for i in innocents})} locales, seed {SEED}; never drawn: "
          f"{len(workloads.listed_faker_names())} Faker company names that are real SDN "
          f"entries, bench/data/faker_listed_names.csv); bundled lists: "
          f"{len(bundled):,} entities", flush=True)

    runs: list[Scores] = []
    print(f"\n{label}: building indexes", flush=True)
    screener = timed("build (SDN 2021 primary names)", lambda: build(index_entities))
    bundled_screener = timed("build (all bundled lists)", lambda: build(bundled))
    jobs: list[Job] = [(q.query, q.entity_id, None) for q in queries]
    start = time.perf_counter()
    alias_out = run_jobs(screener, jobs, args.workers)
    elapsed = time.perf_counter() - start
    print(f"  {len(jobs):,} alias searches: {elapsed:.2f} s on {args.workers} processes "
          f"({len(jobs) / elapsed:,.0f} searches/s)", flush=True)
    innocent_jobs: list[Job] = [(n, None, None) for n in innocent_names]
    start = time.perf_counter()
    inn_out = run_jobs(screener, innocent_jobs, args.workers)
    print(f"  innocents vs SDN 2021 index: {time.perf_counter() - start:.2f} s", flush=True)
    start = time.perf_counter()
    bund_out = run_jobs(bundled_screener, innocent_jobs, args.workers)
    print(f"  innocents vs all bundled lists: {time.perf_counter() - start:.2f} s", flush=True)
    rank, right, _, status = to_arrays(alias_out)
    _, _, inn_top, inn_status = to_arrays(inn_out)
    _, _, bund_top, bund_status = to_arrays(bund_out)
    runs.append(Scores(label, str(screener.algorithm), float(screener.threshold), rank, right,
                       status, inn_top, inn_status, bund_top, bund_status))
    schema_hint: dict[str, float] | None = None
    if args.with_schema:
        hinted = run_jobs(screener, [(q.query, q.entity_id, q.schema) for q in queries],
                          args.workers)
        h_rank, h_right, _, _ = to_arrays(hinted)
        alt = np.array([q.group == "alt" for q in queries])
        schema_hint = {"recall_at_1": rate(h_rank[alt] == 0),
                       "recall_at_10": rate(h_rank[alt] >= 0),
                       "alerted_recall_default": alerted_recall(h_right[alt],
                                                                float(screener.threshold))}
    if hasattr(screener, "index"):
        found, by_fallback = candidate_recall(screener, [q for q in queries if q.group == "alt"])
        print(f"  candidate recall (right entity among the names scored, alt.csv aliases): "
              f"{found:.2%}, of which {by_fallback:.2%} only through the trigram fallback",
              flush=True)
    del screener, bundled_screener  # free the memory before the baseline

    print("\nbaseline: rapidfuzz token_sort_ratio brute force", flush=True)
    base = timed("build (SDN 2021 primary names)", lambda: TokenSortBaseline(index_entities))
    base_all = timed("build (all bundled lists)", lambda: TokenSortBaseline(bundled))
    b_alias = timed(f"{len(queries):,} alias searches (cdist, all cores)",
                    lambda: baseline_outcomes(base, queries))
    b_inn = timed("innocents vs SDN 2021 index",
                  lambda: baseline_top_scores(base, innocent_names))
    b_bund = timed("innocents vs all bundled lists",
                   lambda: baseline_top_scores(base_all, innocent_names))
    rank, right, _, status = to_arrays(b_alias)
    _, _, inn_top, inn_status = to_arrays(b_inn)
    _, _, bund_top, bund_status = to_arrays(b_bund)
    runs.append(Scores("baseline", base.algorithm, None, rank, right, status, inn_top,
                       inn_status, bund_top, bund_status))

    results = report(queries, runs, len(innocents))
    if args.examples > 0:
        captions = {e.id: e.caption for e in index_entities}
        first = runs[0]
        print_examples(label, first.default_threshold or first.extra["best_threshold"],
                       queries, alias_out, innocent_names, inn_out, captions, args.examples)
    if schema_hint is not None:
        print(f"\n{label} with the entity's schema as a hint (alt.csv aliases): "
              f"recall@1 {pct(schema_hint['recall_at_1'])}, recall@10 "
              f"{pct(schema_hint['recall_at_10'])}, alerted recall at default "
              f"{pct(schema_hint['alerted_recall_default'])}")
        results[label]["with_schema_hint"] = schema_hint
    if args.json:
        payload = {"workload": {"queries": len(queries), "alt_queries": n_alt,
                                "innocents": len(innocents), "limit": args.limit,
                                "seed": SEED, "bundled_entities": len(bundled)},
                   "results": results}
        args.json.write_text(json.dumps(payload, indent=2))
        print(f"\nresults written to {args.json}")


if __name__ == "__main__":
    main()
