"""The fast search path gives exactly what the reference algorithm gives, query after query.

``Screener.search`` runs candidate selection and scoring through compiled kernels, caches per
query word and builds its result objects in bulk. The reference below does the same search the
plain way: every candidate scored one by one by ``match.algorithm.score`` (the readable
features, the source of every explanation), the best name kept per entity, entities ranked.
Entities, order, scores, matched names and explanations must all be equal, over a few hundred
queries in many scripts, with and without schema, country, date of birth and identifiers.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from offramp.match import algorithm
from offramp.match.features import schemas_compatible
from offramp.model import Entity, FeatureScore, Match, Name, Schema, UnscreenableError
from offramp.screening.screener import Screener

Row = tuple[str, float, str, tuple[FeatureScore, ...]]

# Names as users type them: several scripts, word orders, legal forms, particles, initials.
WRITTEN = [
    "Hikvision", "Hangzhou Hikvision Digital Technology Co., Ltd.",
    "杭州海康威视数字技术股份有限公司", "海康威视", "Zhejiang Dahua Technology",
    "浙江大华技术股份有限公司", "Huawei Technologies", "华为技术有限公司", "ZTE Corporation",
    "中兴通讯股份有限公司", "Hytera Communications", "Nicolas Maduro", "MADURO MOROS, Nicolas",
    "Николас Мадуро", "Владимир Путин", "Газпромбанк", "Rosneft Oil Company",
    "Роснефть", "محمد علي", "أيمن الظواهري", "Ayman al-Zawahiri", "حزب الله", "Hizballah",
    "김정은", "Kim Jong Un", "조선무역은행", "Korea Kwangson Banking Corp",
    "Banco Nacional de Cuba", "National Bank of Cuba", "BNC", "Bank Melli Iran",
    "Daedong Maru No. 8", "Steel Tubes GmbH & Co. KG", "Van der Berg Holding B.V.",
    "J. R. Smith", "Mohammed bin Salman", "Al Qaida", "AlQaida", "Islamic Revolutionary Guard",
    "Ελληνική Τράπεζα", "กรุงเทพ", "キム ヨンチョル", "Emma LLC", "Jean-Pierre Dupont",
    "O'Brien Trading", "Abu Bakr al-Baghdadi", "Petróleos de Venezuela S.A.",
    # Japanese: katakana (compared by skeletons too), and kanji with hiragana (not)
    "カスペルスキー・ラボ", "ウラジーミル・プーチン", "トヨタ自動車株式会社", "岡田 さゆり",
]
SCHEMAS = [None, "person", "company", "organization", "vessel", "legal_entity"]
COUNTRIES = ["CN", "RU", "IR", "KP", "VE", "US"]
DATES = ["1962", "1970-05-01", "1955-11", "1984-01-08"]


def _typo(text: str, rng: random.Random) -> str:
    """One or two edits (drop, double, swap, replace a letter): how names are misspelt."""
    chars = list(text)
    for _ in range(rng.choice((1, 2))):
        if len(chars) < 5:
            break
        at = rng.randrange(1, len(chars) - 1)
        edit = rng.choice(("drop", "double", "swap", "replace"))
        if edit == "drop":
            del chars[at]
        elif edit == "double":
            chars.insert(at, chars[at])
        elif edit == "swap":
            chars[at - 1], chars[at] = chars[at], chars[at - 1]
        else:
            chars[at] = rng.choice("aeiouklmnrst")
    return "".join(chars)


def _queries(screener: Screener, count: int) -> list[tuple[str, dict[str, Any]]]:
    """``count`` varied searches: written names and list names (as listed, misspelt, their
    words reversed), with evidence on some."""
    rng = random.Random(20261127)
    listed = [n.value for e in screener.entities for n in e.names]
    with_ids = [e for e in screener.entities if e.identifiers]
    texts = list(WRITTEN)
    while len(texts) < count:
        name = rng.choice(listed)
        style = rng.random()
        if style < 0.4:
            texts.append(_typo(name, rng))
        elif style < 0.6:
            texts.append(" ".join(reversed(name.replace(",", " ").split())))
        else:
            texts.append(name)
    out: list[tuple[str, dict[str, Any]]] = []
    for i, text in enumerate(texts):
        options: dict[str, Any] = {}
        pick = i % 9
        if pick == 1:
            options["schema"] = rng.choice(SCHEMAS)
        elif pick == 2:
            options["country"] = rng.choice(COUNTRIES)
        elif pick == 3:
            options["birth_date"] = rng.choice(DATES)
        elif pick == 4:
            options["limit"] = rng.choice((1, 3, 25))
        elif pick == 5:
            options["min_score"] = rng.choice((0.5, 0.78))
        elif pick == 6 and with_ids:
            # a real identifier of some entity: decisive for it, against others of its type
            entity = rng.choice(with_ids)
            ident = entity.identifiers[0]
            options["identifiers"] = [f"{ident.type}:{ident.value}"]
        elif pick == 7:
            options.update(schema="person", country=rng.choice(COUNTRIES),
                           birth_date=rng.choice(DATES))
        out.append((text, options))
    return out


def reference_search(screener: Screener, text: str, schema: str | None = None,
                     limit: int = 10, country: str | None = None,
                     birth_date: str | None = None, identifiers: list[str] | None = None,
                     min_score: float = 0.0) -> list[Row]:
    """The search without kernels, caches or bulk construction: the same candidates, each
    scored by the reference algorithm, the best name per entity, entities by score then
    position."""
    q = screener.query(text, schema, country, birth_date, identifiers)
    candidates = screener.index.candidates(q.name, q.weights).tolist()
    candidates += screener._identifier_candidates(q)
    scored: list[tuple[float, int, Entity, tuple[FeatureScore, ...]]] = []
    for i in candidates:
        prepared = screener.names[i]
        entity = screener.entities[prepared.entity]
        if q.schema is not None and not schemas_compatible(q.schema, entity.schema):
            continue
        value, explanation = algorithm.score(q, prepared, entity, explain=True)
        scored.append((value, i, entity, explanation))
    # best first; equal scores keep candidate order (sorted is stable)
    scored.sort(key=lambda s: -s[0])
    best: dict[int, tuple[float, int, Entity, tuple[FeatureScore, ...]]] = {}
    for value, i, entity, explanation in scored:
        if value <= 0.0 or value < min_score:
            break
        best.setdefault(screener.names[i].entity, (value, i, entity, explanation))
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
    return [(entity.id, round(value, 4), screener.names.text(i), explanation)
            for _, (value, i, entity, explanation) in ranked]


def _rows(matches: list[Match]) -> list[Row]:
    return [(m.entity.id, m.score, m.matched_name, m.explanation) for m in matches]


@pytest.fixture(scope="module")
def searches(bundled: Screener) -> list[tuple[str, dict[str, Any]]]:
    return _queries(bundled, 400)


def test_search_equals_the_reference(bundled: Screener,
                                     searches: list[tuple[str, dict[str, Any]]]) -> None:
    compared = matches = 0
    scripts: set[str] = set()
    for text, options in searches:
        try:
            expected = reference_search(bundled, text, **options)
        except UnscreenableError:
            with pytest.raises(UnscreenableError):
                bundled.search(text, **options)
            continue
        assert _rows(bundled.search(text, **options)) == expected, (text, options)
        compared += 1
        matches += len(expected)
        scripts.add(bundled.query(text).name.script)
    # the comparison covered what it claims to
    assert compared >= 380 and matches >= 2000
    assert {"Latn", "Cyrl", "Arab", "Hani", "Hang", "Grek", "Jpan", "Kana", "Thai"} <= scripts


def test_repeated_searches_agree(bundled: Screener,
                                 searches: list[tuple[str, dict[str, Any]]]) -> None:
    """The per-word caches change nothing: the same search twice, and after other searches
    that filled them, gives the same results."""
    sample = searches[::20]
    first = [_rows(bundled.search(text, **options)) for text, options in sample]
    for text, options in reversed(sample):
        bundled.search(text, **options)
    again = [_rows(bundled.search(text, **options)) for text, options in sample]
    assert first == again and sum(map(len, first)) > 50


def test_matches_built_in_bulk_equal_matches_built_one_by_one() -> None:
    entity = Entity(id="1", schema=Schema.PERSON, names=(Name("A B"),), source="t")
    other = Entity(id="2", schema=Schema.COMPANY, names=(Name("C"),), source="t")
    explanation = (FeatureScore("name", 1.0, 1.0, "a=a"),)
    calls: list[int] = []

    def lazy() -> tuple[FeatureScore, ...]:
        calls.append(1)
        return explanation

    bulk = Match.many([entity, other], [0.9, 0.5], ["A B", "C"], [explanation, lazy], 0.78,
                      "v")
    single = [Match(entity, 0.9, "A B", explanation, 0.78, "v"),
              Match(other, 0.5, "C", explanation, 0.78, "v")]
    assert not calls  # the explanation stays lazy until read
    assert [(m.entity, m.score, m.matched_name, m.explanation, m.threshold, m.algorithm,
             m.alert) for m in bulk] == [
        (m.entity, m.score, m.matched_name, m.explanation, m.threshold, m.algorithm, m.alert)
        for m in single]
    assert calls == [1]
    with pytest.raises(AttributeError):
        bulk[0].score = 0.1  # type: ignore[misc]
    with pytest.raises(ValueError):
        Match.many([entity], [0.9, 0.5], ["A B"], [explanation], 0.78, "v")


def test_ranked_matches_equal_matches_built_one_by_one() -> None:
    entities = [Entity(id="1", schema=Schema.PERSON, names=(Name("A B"),), source="t"),
                Entity(id="2", schema=Schema.COMPANY, names=(Name("C"), Name("D")), source="t")]
    texts = ["A B", "C", "D"]
    explanation = (FeatureScore("name", 1.0, 1.0, "a=a"),)
    calls: list[tuple[int, str]] = []

    def explain(name: int, entity: Entity) -> tuple[FeatureScore, ...]:
        calls.append((name, entity.id))
        return explanation

    ranked = Match.ranked(entities, texts, [1, 0], [2, 0], [0.912345, 0.49999], explain, 0.78,
                          "v", 4)
    single = [Match(entities[1], 0.9123, "D", explanation, 0.78, "v"),
              Match(entities[0], 0.5, "A B", explanation, 0.78, "v")]
    assert not calls  # the explanation stays lazy until read
    assert [(m.entity, m.score, m.matched_name, m.explanation, m.threshold, m.algorithm,
             m.alert) for m in ranked] == [
        (m.entity, m.score, m.matched_name, m.explanation, m.threshold, m.algorithm, m.alert)
        for m in single]
    assert calls == [(2, "2"), (0, "1")]
    with pytest.raises(ValueError):
        Match.ranked(entities, texts, [1], [2, 0], [0.9], explain, 0.78, "v", 4)
