"""Repeated names in a batch: screened once, every row still reported, memory bounded."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from offramp.model import Entity, Name, NameKind, Schema
from offramp.screening.batch import (
    CLEAR,
    MATCH,
    UNSCREENED,
    Outcome,
    ScreeningOptions,
    screen_name,
    screen_subject,
)
from offramp.screening.parallel import chunked, screen_chunks
from offramp.screening.repeats import ChunkPlan, OutcomeCache
from offramp.screening.screener import Screener
from offramp.screening.subjects import Subject

ENTITIES = [
    Entity(id="30946", schema=Schema.COMPANY, source="ofac-cons",
           names=(Name("HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."),
                  Name("HIKVISION", NameKind.AKA)), countries=("CN",)),
    Entity(id="5555", schema=Schema.COMPANY, source="ofac-sdn",
           names=(Name("GOLDEN PHOENIX LOGISTICS LLC"),), countries=("CN",)),
    Entity(id="7777", schema=Schema.PERSON, source="un-sc", names=(Name("BABA, Ali"),)),
]
NAMES = ["Golden Phoenix Logistics", "Northwind Traders", "Hikvision", "Ali Baba",
         "Golden Phoenix", "Hangzhou Hikvision Digital", "Phoenix Logistic", ""]


@pytest.fixture(scope="module")
def small() -> Screener:
    return Screener.from_entities(ENTITIES)


def options(screener: Screener, threshold: float | None = None) -> ScreeningOptions:
    return ScreeningOptions(threshold=screener.threshold if threshold is None else threshold,
                            list_versions={"ofac-sdn": 1, "ofac-cons": 2, "un-sc": 3})


def rows(names: list[str], **fields: Any) -> list[Subject]:
    return [Subject(row_number=n, subject_id=f"V{n}", name=name, **fields)
            for n, name in enumerate(names, 2)]


@pytest.fixture
def searches(small: Screener, monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts the names the screener is asked to search."""
    asked: Counter[str] = Counter()
    search = small.search

    def counting(name: str, *args: Any, **kwargs: Any) -> Any:
        asked[name] += 1
        return search(name, *args, **kwargs)

    monkeypatch.setattr(small, "search", counting)
    return asked


def test_each_distinct_name_is_searched_once_and_every_row_is_reported(
        small: Screener, searches: Counter[str]) -> None:
    subjects = rows(NAMES * 5)
    work = list(enumerate(chunked(subjects, 7)))
    results = [r for _, chunk in screen_chunks(small, work, options(small)) for r in chunk]
    assert [r.row_number for r in results] == [s.row_number for s in subjects]
    assert [r.subject_id for r in results] == [s.subject_id for s in subjects]
    assert set(searches.values()) == {1} and len(searches) == len(NAMES)
    by_name = {r.name: (r.status, r.matches, r.reason) for r in results[:len(NAMES)]}
    assert all((r.status, r.matches, r.reason) == by_name[r.name] for r in results)
    assert {r.status for r in results} == {MATCH, CLEAR, UNSCREENED}


def test_remembering_changes_no_result(small: Screener) -> None:
    subjects = rows(NAMES * 4, country="CN") + rows(NAMES, birth_date="1970")
    work = list(enumerate(chunked(subjects, 5)))
    remembered = list(screen_chunks(small, work, options(small)))
    searched = list(screen_chunks(small, work, options(small), remember=0))
    pooled = list(screen_chunks(small, work, options(small), workers=2))
    one_by_one = [screen_subject(small, s, options(small)) for s in subjects]
    assert remembered == searched == pooled
    assert [r for _, chunk in remembered for r in chunk] == one_by_one


def test_country_and_date_of_birth_are_part_of_what_is_remembered(
        small: Screener, searches: Counter[str]) -> None:
    subjects = [*rows(["Hikvision"]), *rows(["Hikvision"], country="CN"),
                *rows(["Hikvision"], country="CN"), *rows(["Hikvision"], birth_date="1970")]
    list(screen_chunks(small, [(0, subjects)], options(small)))
    assert searches["Hikvision"] == 3


def test_a_row_the_reader_could_not_decode_is_never_searched(small: Screener) -> None:
    cache = OutcomeCache()
    good, bad = rows(["Hikvision", "Hikvision"])
    bad = Subject(bad.row_number, bad.subject_id, bad.name, problem="bytes that are not valid")
    plan = ChunkPlan.of([good, bad], cache)
    assert plan.queries == [("Hikvision", None, None)]
    assert plan.known == [0, Outcome(UNSCREENED, (), "bytes that are not valid")]
    result_good, result_bad = plan.results([Outcome(CLEAR)], cache, id_column=True)
    assert (result_good.status, result_bad.status) == (CLEAR, UNSCREENED)
    assert result_bad.reason == "bytes that are not valid"


def test_the_memory_is_bounded_and_forgets_the_least_recently_used() -> None:
    cache = OutcomeCache(size=2)
    clear = Outcome(CLEAR)
    cache.put(("a", None, None), clear)
    cache.put(("b", None, None), clear)
    assert cache.get(("a", None, None)) is clear  # "a" is now the most recent
    cache.put(("c", None, None), clear)
    assert len(cache) == 2 and cache.get(("b", None, None)) is None
    assert cache.get(("a", None, None)) is clear and cache.hits == 2
    nothing = OutcomeCache(size=0)
    nothing.put(("a", None, None), clear)
    assert len(nothing) == 0


def test_outcomes_must_answer_every_query(small: Screener) -> None:
    plan = ChunkPlan.of(rows(["Hikvision", "Ali Baba"]), OutcomeCache())
    with pytest.raises(ValueError, match="2 queries"):
        plan.results([Outcome(CLEAR)], OutcomeCache(), id_column=True)


@pytest.mark.parametrize("name", [n for n in NAMES if n])
def test_a_score_exactly_at_the_threshold_still_alerts(small: Screener, name: str) -> None:
    # The screener drops weak results before rounding scores; a score that rounds up to the
    # threshold must survive that.
    for match in small.search(name, limit=5):
        outcome = screen_name(small, name, None, None, options(small, threshold=match.score))
        assert (match.entity.id, match.score) in {(h.entity_id, h.score)
                                                  for h in outcome.matches}
