"""Batch screening as a use case: rows, chunks on several processes, stored runs and alerts."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace

import pytest

from offramp.model import Entity, Name, NameKind, OfframpError, Schema
from offramp.screening.batch import (
    CLEAR,
    MATCH,
    UNSCREENED,
    Hit,
    RowResult,
    ScreeningOptions,
    screen_subject,
    screen_subjects,
)
from offramp.screening.parallel import chunked, screen_chunks
from offramp.screening.runs import BatchRun, RunRequest
from offramp.screening.screener import Screener
from offramp.screening.subjects import Subject
from offramp.store import AlertStatus, ListStore, ReviewStore, RunStatus

PHOENIX = Entity(id="5555", schema=Schema.COMPANY, source="ofac-sdn",
                 names=(Name("GOLDEN PHOENIX LOGISTICS LLC"),), countries=("CN",),
                 programs=("SDGT",))
ENTITIES = [
    Entity(id="30946", schema=Schema.COMPANY, source="ofac-cons", source_list="NS-CMIC",
           names=(Name("HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."),
                  Name("HIKVISION", NameKind.AKA)), countries=("CN",)),
    Entity(id="7777", schema=Schema.PERSON, source="ofac-sdn", names=(Name("BABA, Ali"),)),
    PHOENIX,
    Entity(id="KPe.001", schema=Schema.COMPANY, source="un-sc",
           names=(Name("GOLDEN PHOENIX LOGISTICS"),)),
]


@pytest.fixture(scope="module")
def small() -> Screener:
    return Screener.from_entities(ENTITIES)


def options(screener: Screener, **changes: object) -> ScreeningOptions:
    base = ScreeningOptions(threshold=screener.threshold,
                            list_versions={"ofac-sdn": 1, "ofac-cons": 2, "un-sc": 3})
    return replace(base, **changes)  # type: ignore[arg-type]


def subject(n: int, name: str, **fields: str | None) -> Subject:
    return Subject(row_number=n, subject_id=f"V{n}", name=name, **fields)  # type: ignore[arg-type]


# -- one row -----------------------------------------------------------------------------


def test_a_matching_row_carries_its_hits_best_first(small: Screener) -> None:
    result = screen_subject(small, subject(2, "Golden Phoenix Logistics"), options(small))
    assert result.status == MATCH
    assert [h.entity_id for h in result.matches][:1] == ["5555"]
    best = result.matches[0]
    assert best.source == "ofac-sdn" and best.list_version == 1 and best.programs == ("SDGT",)
    assert best.entity_name == "GOLDEN PHOENIX LOGISTICS LLC"
    assert best.entity_content_hash == PHOENIX.content_hash()
    assert best.explanation.startswith("name: ") and best.score >= best.threshold
    assert all(h.score >= small.threshold for h in result.matches)


def test_a_row_without_a_close_entry_is_clear(small: Screener) -> None:
    result = screen_subject(small, subject(3, "Northwind Traders"), options(small))
    assert (result.status, result.matches, result.reason) == (CLEAR, (), None)


@pytest.mark.parametrize(("fields", "reason"), [
    ({"name": ""}, "empty name"),
    ({"name": "---"}, "no letters or digits"),
    ({"name": "The Company Ltd"}, "only legal forms"),
    ({"name": "Hikvision", "country": "Narnia"}, "unknown country 'Narnia'"),
    ({"name": "Ali Baba", "birth_date": "yesterday"}, "bad date of birth"),
    ({"name": "Hikvision", "problem": "bytes that are not valid utf-8"}, "not valid utf-8"),
])
def test_bad_rows_are_unscreened_with_the_reason_never_clear(
        small: Screener, fields: dict[str, str], reason: str) -> None:
    name = fields.pop("name")
    result = screen_subject(small, subject(4, name, **fields), options(small))
    assert result.status == UNSCREENED and result.matches == ()
    assert result.reason is not None and reason in result.reason


def test_an_unexpected_error_on_one_row_makes_it_unscreened(small: Screener,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            ) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(small, "search", broken)
    result = screen_subject(small, subject(5, "Hikvision"), options(small))
    assert result.status == UNSCREENED and result.reason == (
        "could not be screened: RuntimeError: boom")


def test_country_and_date_of_birth_are_used_as_evidence(small: Screener) -> None:
    plain = screen_subject(small, subject(2, "Golden Phoenix Logistic"), options(small))
    with_country = screen_subject(small, subject(2, "Golden Phoenix Logistic", country="China"),
                                  options(small))
    assert with_country.matches[0].score > plain.matches[0].score
    assert any(f.feature == "country" for f in with_country.matches[0].features)


def test_the_threshold_of_the_run_decides_what_alerts(small: Screener) -> None:
    row = subject(2, "Golden Phoenix")
    low = screen_subject(small, row, options(small, threshold=0.5))
    high = screen_subject(small, row, options(small, threshold=1.0))
    assert low.status == MATCH and all(h.threshold == 0.5 for h in low.matches)
    assert high.status == CLEAR


def test_sources_restrict_the_matches_to_some_lists(small: Screener) -> None:
    row = subject(2, "Golden Phoenix Logistics")
    everything = screen_subject(small, row, options(small))
    assert {h.source for h in everything.matches} == {"ofac-sdn", "un-sc"}
    only_un = screen_subject(small, row, options(small, sources=frozenset({"un-sc"})))
    assert [h.entity_id for h in only_un.matches] == ["KPe.001"]
    nothing = screen_subject(small, row, options(small, sources=frozenset({"bis-dpl"})))
    assert nothing.status == CLEAR


def test_hits_and_rows_survive_the_store_round_trip(small: Screener) -> None:
    result = screen_subject(small, subject(2, "Hikvision", country="CN"), options(small))
    hit = result.matches[0]
    assert Hit.from_record(hit.record()) == hit
    assert hit.source_list == "NS-CMIC"
    assert RowResult.from_stored(result.stored()) == result
    anonymous = replace(result, id_column=False)
    assert anonymous.stored().subject_id is None
    assert RowResult.from_stored(anonymous.stored()).subject_id == "2"
    assert anonymous.key != result.key  # the subject id is part of the key when it is real


# -- chunks and processes ----------------------------------------------------------------


NAMES = ["Golden Phoenix Logistics", "Northwind Traders", "", "Hikvision", "Ali Baba", "LLC"]


def many(count: int) -> Iterator[Subject]:
    for n in range(2, count + 2):
        yield subject(n, NAMES[n % len(NAMES)])


def test_several_processes_give_the_same_results_in_the_same_order(small: Screener) -> None:
    work = [(i, chunk) for i, chunk in enumerate(chunked(many(700), 100))]
    alone = list(screen_chunks(small, work, options(small), workers=1))
    pooled = list(screen_chunks(small, work, options(small), workers=2))
    assert [tag for tag, _ in pooled] == list(range(7))
    assert pooled == alone
    assert [r.row_number for _, rows in pooled for r in rows] == list(range(2, 702))


def test_the_pool_reads_only_a_few_chunks_ahead(small: Screener) -> None:
    pulled = 0

    def endless() -> Iterator[tuple[int, list[Subject]]]:
        nonlocal pulled
        for i in itertools.count():
            pulled += 1
            yield i, [subject(i + 2, "Hikvision")]

    results = screen_chunks(small, endless(), options(small), workers=2)
    for _ in range(3):
        next(results)
    results.close()  # shuts the pool down
    assert pulled <= 3 + 2 * 2 + 1  # bounded by the window, not by the input


def test_chunked_is_lazy_and_complete() -> None:
    assert [len(c) for c in chunked(range(2500), 1000)] == [1000, 1000, 500]
    with pytest.raises(ValueError):
        list(chunked(range(3), 0))


# -- stored runs -------------------------------------------------------------------------


@pytest.fixture
def reviews(fresh_store: ListStore) -> ReviewStore:
    return ReviewStore(fresh_store, approval_level=0.9)


def request(screener: Screener, sha: str = "a" * 64) -> RunRequest:
    return RunRequest(input_name="vendors.csv", input_sha256=sha,
                      list_versions={"ofac-sdn": 1, "ofac-cons": 2, "un-sc": 3},
                      algorithm=screener.algorithm, threshold=screener.threshold,
                      options={"columns": {"name": "name", "id": "id"}}, actor="alice")


def run_all(reviews: ReviewStore, screener: Screener, rows: list[Subject],
            resume: int | None = None, chunk_rows: int = 2) -> tuple[BatchRun, list[RowResult]]:
    run = BatchRun.start(reviews, request(screener), resume=resume)
    results = [r for chunk in run.screen(screener, rows, options(screener),
                                         chunk_rows=chunk_rows) for r in chunk]
    return run, results


def test_a_run_stores_every_row_and_opens_alerts(reviews: ReviewStore, small: Screener) -> None:
    rows = list(many(12))
    run, results = run_all(reviews, small, rows)
    assert [r.row_number for r in results] == [s.row_number for s in rows]
    assert run.run.status == RunStatus.DONE and run.run.row_count == 12
    assert not run.resumed and run.tally.rows == 12
    stored = reviews.results(run.id)
    assert [RowResult.from_stored(r) for r in stored] == results
    hits = sum(len(r.matches) for r in results)
    assert run.tally.alerts_opened == len(reviews.alerts(run_id=run.id)) > 0
    # The same subject appears twice in the file: one alert per subject and entry, not two.
    keys = {(r.key, h.entity_id) for r in results for h in r.matches}
    assert len(reviews.alerts(run_id=run.id)) == len(keys) <= hits
    again, _ = run_all(reviews, small, rows)
    assert again.tally.alerts_opened == 0 and again.tally.already_open == hits


def test_an_interrupted_run_resumes_without_loss_or_duplicates(reviews: ReviewStore,
                                                                small: Screener) -> None:
    rows = list(many(9))
    first = BatchRun.start(reviews, request(small))
    chunks = first.screen(small, rows, options(small), chunk_rows=2)
    next(chunks)
    next(chunks)
    chunks.close()  # as if killed after two chunks: the run stays unfinished
    assert reviews.get_run(first.id).status == RunStatus.RUNNING
    assert reviews.done_rows(first.id) == {2, 3, 4, 5}
    alerts_before = len(reviews.alerts(run_id=first.id))

    run, results = run_all(reviews, small, rows, chunk_rows=3)  # found by itself
    assert run.resumed and run.id == first.id
    assert [r.row_number for r in results] == list(range(2, 11))
    assert run.tally.resumed_rows == 4 and run.run.status == RunStatus.DONE
    assert sorted(reviews.done_rows(run.id)) == list(range(2, 11))
    assert len(reviews.alerts(run_id=run.id)) >= alerts_before
    assert reviews.audit.verify().ok


def test_several_chunks_can_share_a_transaction(reviews: ReviewStore, small: Screener) -> None:
    rows = list(many(12))
    run = BatchRun.start(reviews, request(small))
    chunks = run.screen(small, rows, options(small), chunk_rows=2, store_rows=5)
    first = next(chunks)
    # Three chunks (six rows) went into the first transaction, yielded one chunk at a time.
    assert [r.row_number for r in first] == [2, 3]
    assert reviews.done_rows(run.id) == set(range(2, 8))
    assert [r.row_number for c in chunks for r in c] == list(range(4, 14))
    assert reviews.get_run(run.id).status == RunStatus.DONE and run.tally.rows == 12
    _, alone = run_all(reviews, small, rows)  # chunk by chunk: the same results
    assert [RowResult.from_stored(r) for r in reviews.results(run.id)] == alone


def test_rows_read_before_a_failing_input_are_stored(reviews: ReviewStore,
                                                     small: Screener) -> None:
    def rows() -> Iterator[Subject]:
        yield from many(6)
        raise OfframpError("vendors.csv: more than 6 rows, the most accepted")

    run = BatchRun.start(reviews, request(small))
    with pytest.raises(OfframpError, match="more than 6 rows"):
        for _ in run.screen(small, rows(), options(small), chunk_rows=2, store_rows=100):
            pass
    assert reviews.get_run(run.id).status == RunStatus.FAILED
    assert reviews.done_rows(run.id) == set(range(2, 8))  # held back, stored all the same


def test_resume_refuses_a_finished_run_or_another_file(reviews: ReviewStore,
                                                       small: Screener) -> None:
    done, _ = run_all(reviews, small, list(many(3)))
    with pytest.raises(OfframpError, match="nothing to resume"):
        BatchRun.start(reviews, request(small), resume=done.id)
    unfinished = BatchRun.start(reviews, request(small, sha="b" * 64))
    with pytest.raises(OfframpError, match="input file's content"):
        BatchRun.start(reviews, request(small), resume=unfinished.id)
    # Another file never picks up the unfinished run by itself either.
    assert BatchRun.start(reviews, request(small)).id not in (done.id, unfinished.id)


def test_a_file_that_fails_part_way_marks_the_run_failed(reviews: ReviewStore,
                                                         small: Screener) -> None:
    def rows() -> Iterator[Subject]:
        yield subject(2, "Hikvision")
        raise OfframpError("vendors.csv: more than 1 rows, the most accepted")

    run = BatchRun.start(reviews, request(small))
    with pytest.raises(OfframpError, match="more than 1 rows"):
        for _ in run.screen(small, rows(), options(small)):
            pass
    assert reviews.get_run(run.id).status == RunStatus.FAILED


def test_the_allow_list_suppresses_until_the_entry_changes(reviews: ReviewStore,
                                                           small: Screener) -> None:
    rows = [subject(2, "Golden Phoenix Logistics")]
    first, results = run_all(reviews, small, rows)
    alert = next(a for a in reviews.alerts(run_id=first.id) if a.entity_id == "5555")
    decision = reviews.decide(alert.id, "false-positive", "a different company", "alice",
                              allow_list=True)
    reviews.approve(decision.id, "bob")

    second, results = run_all(reviews, small, rows)
    [hit] = [h for h in results[0].matches if h.entity_id == "5555"]
    assert hit.allowed_by == decision.id and second.tally.allow_listed == 1
    assert all(a.entity_id != "5555" for a in reviews.alerts(status=AlertStatus.OPEN))
    assert reviews.results(second.id)[0].matches[0]["allowed_by"] == decision.id

    # The list entry changes (a new programme): the allow-list entry no longer applies.
    changed = [replace(e, programs=("SDGT", "IRAN")) if e.id == "5555" else e for e in ENTITIES]
    third, results = run_all(reviews, Screener.from_entities(changed), rows)
    [hit] = [h for h in results[0].matches if h.entity_id == "5555"]
    assert hit.allowed_by is None
    [back] = [a for a in reviews.alerts(run_id=third.id) if a.entity_id == "5555"]
    assert back.previous_alert_id == alert.id and back.status == AlertStatus.OPEN
    earlier = reviews.previous_decision(back.subject_key, "ofac-sdn", "5555")
    assert earlier is not None and earlier.id == decision.id


def test_rows_screen_in_order_in_process(small: Screener) -> None:
    results = list(screen_subjects(small, many(6), options(small)))
    assert [r.row_number for r in results] == list(range(2, 8))
