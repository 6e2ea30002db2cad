"""Fast correctness checks of the benchmark workload builders (bench/workloads.py)."""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

import numpy as np
import pytest

from offramp.model import Entity, Name, NameKind, Schema
from offramp.normalize.names import normalize_name
from offramp.normalize.text import fold
from offramp.screening.screener import Screener

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import match_quality  # noqa: E402
import script_recall  # noqa: E402
import workloads  # noqa: E402


def _entity(id_: str, *names: tuple[str, NameKind], schema: Schema = Schema.COMPANY) -> Entity:
    return Entity(id=id_, schema=schema, names=tuple(Name(v, k) for v, k in names),
                  source="test", countries=("cu",))


BANCO = _entity(
    "306",
    ("BANCO NACIONAL DE CUBA", NameKind.PRIMARY),
    ("Banco Nacional de Cuba", NameKind.AKA),  # same after folding case: dropped
    ("BANCO  NACIONAL-DE CUBA.", NameKind.AKA),  # same after punctuation/spacing: dropped
    ("Banco Nacional de Cuba, S.A.", NameKind.AKA),  # extra words: kept
    ("BNC", NameKind.AKA),
    ("bnc", NameKind.FKA),  # repeats an alias already kept: dropped
    ("NATIONAL BANK OF CUBA", NameKind.WEAK),
)


def test_alias_queries_drop_fold_equal_aliases() -> None:
    queries = workloads.alias_queries([BANCO])
    assert [q.query for q in queries] == ["Banco Nacional de Cuba, S.A.", "BNC",
                                          "NATIONAL BANK OF CUBA"]
    assert all(q.entity_id == "306" and q.primary == "BANCO NACIONAL DE CUBA" for q in queries)
    assert [q.group for q in queries] == ["alt", "alt", "weak"]
    assert not any(q.is_person for q in queries)


def test_primary_only_keeps_everything_but_aliases() -> None:
    (only,) = workloads.primary_only([BANCO])
    assert [n.value for n in only.names] == ["BANCO NACIONAL DE CUBA"]
    assert (only.id, only.schema, only.countries) == (BANCO.id, BANCO.schema, BANCO.countries)


def test_sdn_2021_alias_workload() -> None:
    entities = workloads.load_sdn_2021()
    queries = workloads.alias_queries(entities)
    primaries = {e.id: fold(e.caption) for e in entities}
    assert len(entities) > 8000 and len(queries) > 10000
    assert all(fold(q.query) != primaries[q.entity_id] for q in queries)
    assert sum(q.group == "alt" for q in queries) > sum(q.group == "weak" for q in queries)


def test_innocents_are_deterministic_and_mixed() -> None:
    first = workloads.innocent_names(120, seed=3)
    assert first == workloads.innocent_names(120, seed=3)
    assert first != workloads.innocent_names(120, seed=4)
    assert len({fold(i.name) for i in first}) == 120
    assert {i.kind for i in first} == {"person", "company"}
    assert abs(sum(i.kind == "person" for i in first) - 60) <= len(workloads.INNOCENT_LOCALES)
    assert len({i.locale for i in first}) == len(workloads.INNOCENT_LOCALES)
    scripts = {Name(i.name).script for i in first}
    assert {"Latn", "Cyrl", "Hani"} <= scripts


def test_innocents_exclude_list_names() -> None:
    drawn = workloads.innocent_names(60, seed=5)
    banned = {fold(drawn[0].name), fold(drawn[7].name)}
    again = workloads.innocent_names(60, seed=5, exclude=banned)
    assert len(again) == 60
    assert not banned & {fold(i.name) for i in again}


def test_no_innocent_fold_equals_an_sdn_name() -> None:
    listed = workloads.folded_names(workloads.load_sdn_2021())
    innocents = workloads.innocent_names(500, seed=20210707, exclude=listed)
    assert not listed & {fold(i.name) for i in innocents}


def test_subsample_is_fixed_and_ordered() -> None:
    items = list(range(100))
    picked = workloads.subsample(items, 10, seed=1)
    assert picked == workloads.subsample(items, 10, seed=1) == sorted(picked)
    assert workloads.subsample(items, None, seed=1) == items


def test_typos_and_speed_mix_are_deterministic() -> None:
    text = "Hangzhou Hikvision Digital Technology"
    typo = workloads.add_typos(text, random.Random(2), 2)
    assert typo == workloads.add_typos(text, random.Random(2), 2)
    assert typo != text and abs(len(typo) - len(text)) <= 2
    mix = workloads.speed_queries([BANCO], 40, seed=9)
    assert len(mix) == 40 and mix == workloads.speed_queries([BANCO], 40, seed=9)


def test_baseline_ranks_best_name_per_entity() -> None:
    other = _entity("7", ("CUBAN NATIONAL BANKING GROUP", NameKind.PRIMARY))
    base = workloads.TokenSortBaseline([other, BANCO])
    result = base.search_batch(["national bank of cuba", "Banco Nacional Cuba"], limit=2)
    assert result.ids[0][0] == "306"  # via its weak alias, an exact match
    assert result.scores[0][0] == pytest.approx(1.0)
    assert result.ids[1] == ["306", "7"]
    assert result.scores[1][0] > result.scores[1][1]
    assert base.best_scores(["nacional de cuba banco"])[0] == pytest.approx(1.0)
    assert base.search_one("BNC") == ("306", pytest.approx(1.0))


def test_naive_screener_matches_the_screener_api() -> None:
    screener = workloads.NaiveScreener.from_entities([BANCO])
    (match,) = screener.search("Banco Nacional de Cuba")
    assert match.entity.id == "306" and match.alert
    with pytest.raises(match_quality.UnscreenableError):
        screener.search("?!")


def test_best_threshold_is_lowest_within_budget() -> None:
    top = np.array([0.99, 0.95, 0.90, 0.80] + [0.5] * 996)  # 1,000 innocents
    # 0.5% of 1,000 = 5 may alert; only 4 score above 0.5, so anything above 0.5 will do.
    assert match_quality.best_threshold(top) == pytest.approx(0.501)
    assert match_quality.best_threshold(top, budget=0.002) == pytest.approx(0.901)
    assert match_quality.false_alert_rate(top, 0.901) == pytest.approx(0.002)


def _listed_rows() -> list[dict[str, str]]:
    import csv

    with workloads.LISTED_FAKER_NAMES.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_listed_faker_names_cite_real_sdn_entries() -> None:
    from faker.providers.company.fa_IR import Provider

    rows = _listed_rows()
    assert len(rows) >= 40
    sdn = {e.id: e for e in workloads.load_sdn_2021()}
    sdn.update((e.id, e) for e in workloads.load_bundled_entities()
               if e.source == "ofac-sdn" and e.id not in sdn)
    for row in rows:
        assert row["locale"] == "fa_IR" and row["list"] == "ofac-sdn"
        assert row["name"] in Provider.company_names  # verbatim, as Faker draws it
        entity = sdn[row["entry"]]  # the cited entry exists ...
        assert row["listed_name"] in {n.value for n in entity.names}  # ... under that name
        assert row["source"].endswith(f"ent_num {row['entry']}")
        assert row["programs"] == " ".join(entity.programs)


def test_innocents_never_draw_listed_companies(monkeypatch: pytest.MonkeyPatch) -> None:
    listed = workloads.listed_faker_names()
    drawn = workloads.innocent_names(600, seed=9, locales=("fa_IR",))
    assert len(drawn) == 600
    assert not listed & {fold(i.name) for i in drawn}
    # (the draw is large enough to meet them: without the exclusion it does)
    monkeypatch.setattr(workloads, "listed_faker_names", lambda: frozenset())
    unfiltered = workloads.innocent_names(600, seed=9, locales=("fa_IR",))
    assert listed & {fold(i.name) for i in unfiltered}


def test_script_recall_queries_are_the_original_script_names_of_latin_entries() -> None:
    entities = [
        _entity("1", ("ABD AL-KHALIQ AL-HOUTHI", NameKind.PRIMARY),
                ("عبدالخالق الحوثي", NameKind.PRIMARY), ("Abu Ali", NameKind.AKA),
                schema=Schema.PERSON),
        _entity("2", ("ВАСИЛЬЕВ", NameKind.PRIMARY)),  # no Latin name: nothing to find
        _entity("3", ("HIKVISION", NameKind.PRIMARY), ("海康威视", NameKind.AKA)),
    ]
    index, queries = script_recall.split_scripts(entities)
    assert [e.id for e in index] == ["1", "3"]
    assert [n.value for n in index[0].names] == ["ABD AL-KHALIQ AL-HOUTHI", "Abu Ali"]
    assert [n.value for n in index[1].names] == ["HIKVISION"]
    assert [(q.name, q.entity_id, q.script) for q in queries] == [
        ("عبدالخالق الحوثي", "1", "Arab"), ("海康威视", "3", "Hani")]


def test_script_recall_counts_ranks_and_thresholds() -> None:
    queries = [script_recall.ScriptQuery("a", "1", "Arab"),
               script_recall.ScriptQuery("b", "2", "Arab"),
               script_recall.ScriptQuery("c", "3", "Arab"),
               script_recall.ScriptQuery("d", "4", "Arab")]
    results = [[("1", 0.9)], [("x", 0.95), ("2", 0.7)], [("x", 0.5)], None]
    # first / in the top 10 / alerted; the unscreenable one counts as missed
    assert script_recall.recall(results, queries, 0.78) == (0.25, 0.5, 0.25)
    assert script_recall.recall(results, queries, 0.6) == (0.25, 0.5, 0.5)
    # false alerts: share of the screened innocents whose best result alerts
    assert script_recall.false_alerts([[("x", 0.8)], [("y", 0.5)], [], None], 0.78) == 1 / 3


@pytest.mark.parametrize(("workload", "rows_expected"),
                         [(script_recall.HEBREW, 29), (script_recall.KOREAN, 33),
                          (script_recall.THAI, 28), (script_recall.JAPANESE, 32)])
def test_local_script_workload_names_listed_parties(bundled: Screener,
                                                    workload: script_recall.LocalWorkload,
                                                    rows_expected: int) -> None:
    """Every query of a local-script workload (Hebrew, Korean, Thai, Japanese) is written in
    its script, and the word that marks its right answer is in a name of some bundled entity
    (else the row could never count as found)."""
    with workload.path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == rows_expected
    names = {" ".join(n.value.upper() for n in e.names).replace("-", " ")
             for e in bundled.entities}
    for row in rows:
        assert normalize_name(row[workload.column]).script == workload.script, row
        assert row["source"], row
        assert any(row["listed_word"] in text for text in names), row
