"""Tuning aid: alerted recall at <= 0.5% false alerts for variants of the matcher's constants.

    .venv/bin/python bench/match_sweep.py [--queries N] [--innocents N] [SETTING ...]

Each SETTING is one variant, a comma-separated list of MODULE.NAME=VALUE where MODULE is
``features`` (offramp.match.features) or ``tokens`` (offramp.match.tokens), e.g.

    .venv/bin/python bench/match_sweep.py features.ORG_ALPHA=0.5 features.ORG_ALPHA=0.6

With no SETTING it measures the constants as they are. The index is SDN 2021-07-07 primary
names, the queries a fixed-seed sample of its alt.csv aliases, the innocents Faker names
(as bench/match_quality.py, smaller for speed). Settings apply in order and stay applied,
so list them from the baseline outwards; the index is rebuilt for each (about half a
second). Prints, per variant, the lowest threshold with at most 0.5% false alerts and the
share of aliases whose own entity scores at or above it.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workloads

from offramp.match import features, tokens
from offramp.model import UnscreenableError
from offramp.screening.screener import Screener

MODULES: dict[str, ModuleType] = {"features": features, "tokens": tokens}
FALSE_ALERT_BUDGET = 0.005


def measure(screener: Screener, queries: list[workloads.AliasQuery],
            innocents: list[workloads.Innocent]) -> tuple[float, float]:
    """(threshold, alerted recall) at the false-alert budget."""
    own = []
    for q in queries:
        try:
            found = screener.search(q.query, limit=10)
        except UnscreenableError:
            own.append(0.0)
            continue
        own.append(next((m.score for m in found if m.entity.id == q.entity_id), 0.0))
    top = []
    for innocent in innocents:
        try:
            found = screener.search(innocent.name, limit=1)
        except UnscreenableError:
            continue
        top.append(found[0].score if found else 0.0)
    top.sort(reverse=True)
    threshold = top[int(len(top) * FALSE_ALERT_BUDGET)] + 1e-9
    return threshold, sum(score >= threshold for score in own) / len(own)


def apply(setting: str) -> None:
    """Set MODULE.NAME=VALUE pairs."""
    for part in filter(None, setting.split(",")):
        target, value = part.split("=")
        module, name = target.split(".")
        if not hasattr(MODULES[module], name):
            raise SystemExit(f"unknown constant {target}")
        setattr(MODULES[module], name, float(value))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("settings", nargs="*")
    parser.add_argument("--queries", type=int, default=2500)
    parser.add_argument("--innocents", type=int, default=2500)
    args = parser.parse_args()
    entities = workloads.load_sdn_2021()
    primaries = workloads.primary_only(entities)
    aliases = [q for q in workloads.alias_queries(entities) if q.group == "alt"]
    queries = random.Random(11).sample(aliases, min(args.queries, len(aliases)))
    innocents = workloads.innocent_names(args.innocents,
                                         exclude=workloads.folded_names(entities))
    for setting in args.settings or [""]:
        apply(setting)
        # Built afresh: a screener copies the constants into its compiled scorer's arrays
        # (packed.constants) and its word weights when it is built, so changing a module's
        # constant afterwards would change nothing a search computes.
        screener = Screener.from_entities(primaries)
        threshold, recall = measure(screener, queries, innocents)
        print(f"{setting or '(as is)':<50} threshold {threshold:.3f}  alerted recall "
              f"{recall:.3f}", flush=True)


if __name__ == "__main__":
    main()
