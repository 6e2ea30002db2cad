"""Benchmark: names written in their own script against the same list's Latin spellings.

    .venv/bin/python bench/script_recall.py [--innocents N] [--json FILE]

The alias benchmark (``match_quality.py``) is Latin against Latin: OFAC writes every name in
Latin letters, so it never exercises the romanisation of Arabic, Persian or Cyrillic names
and the consonant-skeleton comparison that meets them. This one does.

Workload: the bundled UN Security Council Consolidated List (2026-02-27), whose entries give
a name in its original script (``NAME_ORIGINAL_SCRIPT``: 366 Arabic, 11 Cyrillic) beside its
Latin spellings. The index holds every UN entry with its *non-Latin names removed*; each
original-script name is a query whose right answer is its own entry. Innocents:
``--innocents`` (default 2,000) Faker names from the Arabic and Persian locales (ar_AA, fa_IR,
written in Arabic script) and Russian and Ukrainian (Cyrillic), half persons and half
companies, fixed seed, minus any that fold-equal a name of the index and Faker's real listed
companies (bench/data/faker_listed_names.csv), searched against the same index.

A second workload is Hebrew, which no list writes names in but Israeli registers do:
``bench/data/hebrew_names.csv`` holds 29 Hebrew spellings of listed parties (persons,
groups, banks, the camera makers), each searched against every bundled list; a query is
right when a result has a name containing the row's ``listed_word``. Its innocents are
``--innocents`` Faker he_IL person names (Israeli names, Jewish and Arab), fixed seed.
A third is Korean, the same way: ``bench/data/korean_names.csv`` holds 33 Hangul spellings
of listed parties, foreign names all (Korean writes them by their sounds: 카스퍼스키 랩 is
Kaspersky Lab), against Faker ko_KR names, half persons and half companies. A fourth is
Thai: ``bench/data/thai_names.csv``, 28 Thai spellings of listed parties, against Faker
th_TH names and companies. A fifth is Japanese: ``bench/data/japanese_names.csv``, 32
katakana spellings of listed parties, against Faker ja_JP names and companies (written in
kanji and kana, as Japanese registers write them).

Prints, for offramp's ``Screener`` and for the baseline (rapidfuzz ``token_sort_ratio`` brute
force, which compares the raw strings and so cannot meet a name across scripts; the same
baseline on ``anyascii`` transliterations is printed too, as a fairer floor):

- recall@1, recall@10 and alerted recall at the default threshold, per script;
- the false-alert rate on the innocents at the default threshold;
- a threshold sweep.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workloads
from anyascii import anyascii

from offramp.lists.bundle import bundled_lists
from offramp.lists.loading import read_bundled
from offramp.model import Entity, Name, UnscreenableError
from offramp.normalize.names import normalize_name
from offramp.screening.screener import Screener

SEED = 20260227
INNOCENT_LOCALES = ("ar_AA", "fa_IR", "ru_RU", "uk_UA")
SWEEP = (0.60, 0.65, 0.70, 0.72, 0.74, 0.76, 0.78, 0.80, 0.85, 0.90)


@dataclasses.dataclass(frozen=True)
class ScriptQuery:
    """An original-script name and the UN entry it belongs to."""

    name: str
    entity_id: str
    script: str  # ISO 15924 code of the name's script, as normalize_name reports it


def un_entities() -> list[Entity]:
    """Every entry of the bundled UN Security Council list."""
    item = next(i for i in bundled_lists() if i.source == "un-sc")
    return list(read_bundled(item).entities)


def split_scripts(entities: Sequence[Entity]) -> tuple[list[Entity], list[ScriptQuery]]:
    """The entries with their Latin names only, and every non-Latin name as a query (entries
    with no Latin name left are dropped, with their queries)."""
    index: list[Entity] = []
    queries: list[ScriptQuery] = []
    for entity in entities:
        latin: list[tuple[Name, str]] = []
        other: list[tuple[Name, str]] = []
        for name in entity.names:
            script = normalize_name(name.value).script
            (latin if script == "Latn" else other).append((name, script))
        if not latin:
            continue
        index.append(dataclasses.replace(entity, names=tuple(n for n, _ in latin)))
        queries += [ScriptQuery(n.value, entity.id, script) for n, script in other]
    return index, queries


def offramp_results(screener: Screener, names: Sequence[str]
                    ) -> list[list[tuple[str, float]] | None]:
    """Per name: (entity id, score) of the top 10, best first; None when unscreenable."""
    out: list[list[tuple[str, float]] | None] = []
    for name in names:
        try:
            out.append([(m.entity.id, m.score) for m in screener.search(name)])
        except UnscreenableError:
            out.append(None)
    return out


def baseline_results(baseline: workloads.TokenSortBaseline, names: Sequence[str]
                     ) -> list[list[tuple[str, float]] | None]:
    """Per name: (entity id, score) of the baseline's top 10, best first."""
    found = baseline.search_batch(list(names))
    return [list(zip(ids, scores, strict=True)) for ids, scores in
            zip(found.ids, found.scores, strict=True)]


def recall(results: Sequence[list[tuple[str, float]] | None], queries: Sequence[ScriptQuery],
           threshold: float) -> tuple[float, float, float]:
    """(recall@1, recall@10, alerted recall at ``threshold``); unscreenable counts as missed."""
    at1 = at10 = alerted = 0
    for hits, q in zip(results, queries, strict=True):
        if not hits:
            continue
        ranks = [i for i, (eid, _) in enumerate(hits) if eid == q.entity_id]
        if ranks:
            at1 += ranks[0] == 0
            at10 += 1
            alerted += hits[ranks[0]][1] >= threshold
    n = max(len(queries), 1)
    return at1 / n, at10 / n, alerted / n


def false_alerts(results: Sequence[list[tuple[str, float]] | None], threshold: float) -> float:
    """Share of the screened innocents (unscreenable ones left out) whose best result is at or
    above ``threshold``."""
    hits = [r for r in results if r is not None]
    return sum(bool(r) and r[0][1] >= threshold for r in hits) / max(len(hits), 1)


def pct(value: float) -> str:
    """A share as a percentage with two decimals."""
    return f"{100 * value:6.2f}%"


DATA = Path(__file__).resolve().parent / "data"


@dataclasses.dataclass(frozen=True)
class LocalWorkload:
    """Names of listed parties in a script no list writes them in (module docstring):
    ``path``'s ``column`` holds the queries, and innocents are Faker ``locale`` person names
    (and company names, with ``companies``)."""

    label: str
    path: Path
    column: str
    script: str  # what normalize_name calls the queries' script
    locale: str
    companies: bool = False


HEBREW = LocalWorkload("Hebrew", DATA / "hebrew_names.csv", "hebrew", "Hebr", "he_IL")
KOREAN = LocalWorkload("Korean", DATA / "korean_names.csv", "korean", "Hang", "ko_KR",
                       companies=True)
THAI = LocalWorkload("Thai", DATA / "thai_names.csv", "thai", "Thai", "th_TH", companies=True)
JAPANESE = LocalWorkload("Japanese", DATA / "japanese_names.csv", "japanese", "Kana", "ja_JP",
                         companies=True)
# (kept by name: tests/bench/test_workloads.py reads them)
HEBREW_NAMES = HEBREW.path
KOREAN_NAMES = KOREAN.path


def local_section(workload: LocalWorkload, count: int, threshold: float,
                  entities: Sequence[Entity]) -> dict[str, Any]:
    """A local-script workload (module docstring): recall of its listed names and false
    alerts on Faker's names of its locale, against all bundled lists (``entities``), for
    offramp and for the baseline on anyascii transliterations."""
    from faker import Faker  # (as workloads does: only when drawing names)

    with workload.path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fake = Faker(workload.locale)
    fake.seed_instance(SEED)
    if workload.companies:  # half persons, half companies
        drawn = {fake.name() for _ in range(count)} | {fake.company() for _ in range(count)}
    else:
        drawn = {fake.name() for _ in range(2 * count)}
    innocents = sorted(drawn)[:count]
    kinds = "person and company names" if workload.companies else "person names"
    print(f"\n== {workload.label}: {len(rows)} listed names, {len(innocents):,} "
          f"{workload.locale} innocent {kinds}, all {len(entities):,} bundled entities ==")
    words = {e.id: " ".join(n.value.upper() for n in e.names).replace("-", " ")
             for e in entities}
    screener = Screener.from_entities(entities)
    baseline = workloads.TokenSortBaseline(entities)
    queries = [r[workload.column] for r in rows]
    runs = {f"offramp ({screener.algorithm})": (
                offramp_results(screener, queries), offramp_results(screener, innocents)),
            "baseline, anyascii": (
                baseline_results(baseline, [anyascii(q) for q in queries]),
                baseline_results(baseline, [anyascii(n) for n in innocents]))}
    out: dict[str, Any] = {}
    print(f"{'':34}{'queries':>9}{'r@1':>9}{'r@10':>9}{'alerted':>9}{'FA':>9}")
    for label, (found, inn) in runs.items():
        at1 = at10 = alerted = 0
        for hits, row in zip(found, rows, strict=True):
            ranks = [i for i, (eid, _) in enumerate(hits or [])
                     if row["listed_word"] in words.get(eid, "")]
            if ranks:
                at1 += ranks[0] == 0
                at10 += 1
                alerted += (hits or [])[ranks[0]][1] >= threshold
        n = len(rows)
        fa = false_alerts(inn, threshold)
        print(f"{label:34}{n:>9}{pct(at1 / n):>9}{pct(at10 / n):>9}{pct(alerted / n):>9}"
              f"{pct(fa):>9}")
        out[label] = {"queries": n, "recall_at_1": at1 / n, "recall_at_10": at10 / n,
                      "alerted_recall": alerted / n, "false_alerts": fa,
                      "false_alert_names": sorted(
                          name for name, r in zip(innocents, inn, strict=True)
                          if r and r[0][1] >= threshold)}
    return out


def bundled_entities() -> list[Entity]:
    """Every bundled list's entities, ids made unique across lists ("source:id"), so a
    result's names are its own."""
    return [dataclasses.replace(e, id=f"{e.source}:{e.id}") for item in bundled_lists()
            for e in read_bundled(item).entities]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--innocents", type=int, default=2000, help="innocent names (2000)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()

    index, queries = split_scripts(un_entities())
    scripts = sorted({q.script for q in queries})
    innocents = workloads.innocent_names(args.innocents, SEED,
                                         exclude=workloads.folded_names(index),
                                         locales=INNOCENT_LOCALES)
    inn_names = [i.name for i in innocents]
    print(f"index: {len(index):,} UN Security Council entries, Latin names only")
    print("queries: " + ", ".join(
        f"{sum(q.script == s for q in queries):,} {s}" for s in scripts)
        + " original-script names")
    print(f"innocents: {len(innocents):,} ({', '.join(INNOCENT_LOCALES)}; seed {SEED})")

    started = time.perf_counter()
    screener = Screener.from_entities(index)
    threshold = screener.threshold
    runs: dict[str, tuple[list[Any], list[Any]]] = {
        f"offramp ({screener.algorithm})": (offramp_results(screener, [q.name for q in queries]),
                                            offramp_results(screener, inn_names))}
    baseline = workloads.TokenSortBaseline(index)
    runs["baseline, raw strings"] = (baseline_results(baseline, [q.name for q in queries]),
                                     baseline_results(baseline, inn_names))
    runs["baseline, anyascii"] = (
        baseline_results(baseline, [anyascii(q.name) for q in queries]),
        baseline_results(baseline, [anyascii(n) for n in inn_names]))
    print(f"(searched in {time.perf_counter() - started:.1f} s)\n")

    payload: dict[str, Any] = {"queries": len(queries), "innocents": len(innocents),
                               "threshold": threshold, "results": {}}
    print(f"== at the default threshold {threshold:.2f} ==")
    print(f"{'':34}{'script':>7}{'queries':>9}{'r@1':>9}{'r@10':>9}{'alerted':>9}"
          f"{'FA':>9}")
    for label, (found, inn) in runs.items():
        fa = false_alerts(inn, threshold)
        rows = {}
        for script in [*scripts, "all"]:
            chosen = [i for i, q in enumerate(queries) if script in ("all", q.script)]
            r1, r10, ra = recall([found[i] for i in chosen], [queries[i] for i in chosen],
                                 threshold)
            rows[script] = {"queries": len(chosen), "recall_at_1": r1, "recall_at_10": r10,
                            "alerted_recall": ra}
            print(f"{label:34}{script:>7}{len(chosen):>9,}{pct(r1):>9}{pct(r10):>9}"
                  f"{pct(ra):>9}{pct(fa) if script == 'all' else '':>9}")
        unscreenable = sum(r is None for r in found)
        payload["results"][label] = {"by_script": rows, "false_alerts": fa,
                                     "unscreenable_queries": unscreenable,
                                     "sweep": {}}
        if unscreenable:
            print(f"{'':34}  ({unscreenable} queries unscreenable, counted as missed)")
    print("\n== threshold sweep (all queries: alerted recall / false alerts) ==")
    print(f"{'threshold':>10}" + "".join(f"{label[:24]:>28}" for label in runs))
    for t in SWEEP:
        cells = []
        for label, (found, inn) in runs.items():
            ra = recall(found, queries, t)[2]
            fa = false_alerts(inn, t)
            payload["results"][label]["sweep"][f"{t:.2f}"] = {"alerted_recall": ra,
                                                             "false_alerts": fa}
            cells.append(f"{pct(ra)} / {pct(fa)}")
        mark = " <- default" if abs(t - threshold) < 1e-9 else ""
        print(f"{t:>10.2f}" + "".join(f"{c:>28}" for c in cells) + mark)
    entities = bundled_entities()
    for workload in (HEBREW, KOREAN, THAI, JAPANESE):
        payload[workload.label.lower()] = local_section(workload, args.innocents, threshold,
                                                        entities)
    if args.json:
        args.json.write_text(json.dumps(payload, indent=2))
        print(f"\nresults written to {args.json}")


if __name__ == "__main__":
    main()
