"""Re-screening on list change, on the real OFAC SDN change of 2024-04-26 -> 2024-05-03.

Subjects are names taken from that change (read from the diff here): entries added on
2024-05-03, entries removed then, entries on both lists unchanged, and names on neither.
They are screened against 2024-04-26 with `offramp screen`, then 2024-05-03 becomes current.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import LISTS
from offramp.cli.main import cli
from offramp.lists.diff import diff_versions
from offramp.lists.loading import load_file
from offramp.match import algorithm
from offramp.model import OfframpError
from offramp.screening.rescreen import (
    CANDIDATE_MARGIN,
    DELISTED,
    RescreenReport,
    rescreen,
    version_delta,
)
from offramp.screening.screener import Screener
from offramp.store import AlertStatus, ListStore, ReviewStore, RunStatus, Verdict

SDN_OLD = LISTS / "ofac" / "sdn-2024-04-26" / "sdn.csv.gz"
SDN_NEW = LISTS / "ofac" / "sdn-2024-05-03" / "sdn.csv.gz"
SDN = "ofac-sdn"
INNOCENTS = ("Northwind Traders", "Maria Garcia Lopez", "Acme Widgets GmbH",
             "Jan Kowalski", "Bright Future Logistics Ltd")


def cli_ok(home: Path, *args: str, user: str = "alice") -> str:
    result = CliRunner().invoke(cli, list(args), env={
        "OFFRAMP_HOME": str(home), "OFFRAMP_DB": None, "OFFRAMP_CONFIG": None,
        "OFFRAMP_USER": user, "OFFRAMP_APPROVAL_LEVEL": None})
    assert result.exit_code == 0, result.output
    return result.output


def misspelt(name: str) -> str:
    """The name with one letter of its longest word dropped: a typo that still matches."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    words[longest] = word[:len(word) // 2] + word[len(word) // 2 + 1:]
    return " ".join(words)


@dataclass(frozen=True)
class Change:
    """A home screened against 2024-04-26, and names from the change to 2024-05-03."""

    home: Path
    added: dict[str, str]  # entity id -> subject name (the entry's own name)
    removed: dict[str, str]
    unchanged: dict[str, str]
    old_version: int
    new_version: int


@pytest.fixture(scope="module")
def change(tmp_path_factory: pytest.TempPathFactory) -> Change:
    home = tmp_path_factory.mktemp("rescreen") / "home"
    with ListStore(home / "offramp.db") as store:
        old = load_file(store, SDN_OLD).snapshot
        new = load_file(store, SDN_NEW).snapshot
        assert old.id is not None and new.id is not None
        diff = diff_versions(store, old.id, new.id)
        # The full screener of 2024-05-03, cached in the home as a screen would leave it.
        Screener.from_store(store, home / "cache")
        unchanged_ids = sorted(set(store.entity_hashes(old.id).items())
                               & set(store.entity_hashes(new.id).items()))
        unchanged = {i: store.entity_by_hash(h).caption
                     for i, h in random.Random(5).sample(unchanged_ids, 8)}
        load_file(store, SDN_OLD)  # 2024-04-26 in use again
    added = {e.entity_id: e.caption for e in diff.added[:12]}
    removed = {e.entity_id: e.caption for e in diff.removed}
    names = [*added.values(), *map(misspelt, list(added.values())[:6]), *removed.values(),
             *unchanged.values(), *INNOCENTS]
    lines = ["id,name"] + [f'S{n},"{name}"' for n, name in enumerate(names, 1)]
    (home / "subjects.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cli_ok(home, "screen", str(home / "subjects.csv"), "--workers", "1")
    return Change(home, added, removed, unchanged, old.id, new.id)


@pytest.fixture
def home(change: Change, tmp_path: Path) -> Path:
    """A private copy of the screened home, with 2024-05-03 now the version in use."""
    copy = tmp_path / "home"
    shutil.copytree(change.home, copy)
    with ListStore(copy / "offramp.db") as store:
        assert load_file(store, SDN_NEW).snapshot.id == change.new_version
    return copy


@pytest.fixture
def stores(home: Path) -> Iterator[tuple[ListStore, ReviewStore]]:
    store = ListStore(home / "offramp.db")
    yield store, ReviewStore(store)
    store.close()


def run_rescreen(home: Path, stores: tuple[ListStore, ReviewStore], **kwargs: Any,
                 ) -> RescreenReport:
    store, reviews = stores
    return rescreen(store, reviews, cache_dir=home / "cache", actor="alice", **kwargs)


def alert_on(reviews: ReviewStore, name: str, entity_id: str) -> list[tuple[str, str | None]]:
    """(status, close reason) of the subject's alerts on an entry, oldest first."""
    [subject] = [s for s in reviews.subjects() if s.name == name]
    return [(a.status.value, a.close_reason) for a in reviews.alerts()
            if a.subject_key == subject.key and a.entity_id == entity_id]


# -- what changed ---------------------------------------------------------------------------


def test_the_delta_is_the_list_diff(change: Change, stores: tuple[ListStore, ReviewStore],
                                    ) -> None:
    store, _ = stores
    delta = version_delta(store, SDN, change.old_version, change.new_version)
    diff = diff_versions(store, change.old_version, change.new_version)
    assert len(delta.entities) == 305 and len(delta.removed) == 8
    assert {e.id for e in delta.entities} == {e.entity_id for e in (*diff.added, *diff.changed)}
    assert delta.removed == {e.entity_id for e in diff.removed}
    never = version_delta(store, SDN, None, change.new_version)
    assert len(never.entities) == store.version(change.new_version).entry_count


# -- the delta re-screen --------------------------------------------------------------------


def test_added_entries_alert_and_delisted_ones_close(
        change: Change, home: Path, stores: tuple[ListStore, ReviewStore]) -> None:
    _, reviews = stores
    delisted_before = {i: alert_on(reviews, name, i) for i, name in change.removed.items()}
    assert any(delisted_before.values()), "some removed entries alerted on 2024-04-26"
    on_removed = {a.id for a in reviews.alerts(status="open") if a.entity_id in change.removed}
    report = run_rescreen(home, stores)

    assert report.mode == "delta" and report.subjects == len(list(reviews.subjects()))
    assert [(c.old_version, c.new_version, c.added_or_changed, c.removed)
            for c in report.changes] == [(change.old_version, change.new_version, 305, 8)]
    for entity_id, name in change.added.items():
        assert alert_on(reviews, name, entity_id) == [("open", None)], name
    opened = reviews.alerts(run_id=report.run_id)
    assert {a.entity_id for a in opened} >= set(change.added)
    assert all(a.status == AlertStatus.OPEN for a in opened)

    # Delisted: closed with the reason, never deleted; the audit log says so.
    for entity_id, name in change.removed.items():
        if delisted_before[entity_id]:
            assert alert_on(reviews, name, entity_id) == [("closed", DELISTED)]
    assert report.delisted_closed == sorted(on_removed)
    [record] = list(reviews.audit.records(action="alert.close"))
    assert record.payload["reason"] == DELISTED
    assert sorted(record.payload["alert_ids"]) == report.delisted_closed


def test_unchanged_entries_are_not_rescreened(
        change: Change, home: Path, stores: tuple[ListStore, ReviewStore]) -> None:
    _, reviews = stores
    before = {(a.id, a.status) for a in reviews.alerts()}
    report = run_rescreen(home, stores)
    changed = set(version_delta(stores[0], SDN, change.old_version,
                                change.new_version).keys)
    results = reviews.results(report.run_id)
    hits = {(m["source"], m["entity_id"]) for r in results for m in r.matches}
    assert hits and hits <= changed
    # Alerts on unchanged entries are the ones the first screen opened, untouched.
    for entity_id, name in change.unchanged.items():
        assert alert_on(reviews, name, entity_id) == [("open", None)], name
    after = {(a.id, a.status) for a in reviews.alerts() if a.run_id != report.run_id}
    delisted = set(report.delisted_closed)
    assert {x for x in before if x[0] not in delisted} == {x for x in after
                                                         if x[0] not in delisted}


def test_subjects_are_stamped_and_a_second_rescreen_has_nothing_to_do(
        change: Change, home: Path, stores: tuple[ListStore, ReviewStore]) -> None:
    _, reviews = stores
    first = run_rescreen(home, stores)
    subjects = list(reviews.subjects())
    assert {tuple(s.last_list_versions.items()) for s in subjects} == {
        ((SDN, change.new_version),)}
    assert {s.last_run_id for s in subjects} == {first.run_id}
    runs = len(reviews.list_runs())
    second = run_rescreen(home, stores)
    assert (second.run_id, second.subjects, second.up_to_date, second.alerts_opened,
            second.delisted_closed) == (None, 0, len(subjects), [], [])
    assert len(reviews.list_runs()) == runs  # no empty run stored


def test_the_run_is_stored_and_audited(change: Change, home: Path,
                                       stores: tuple[ListStore, ReviewStore]) -> None:
    _, reviews = stores
    report = run_rescreen(home, stores)
    run = reviews.get_run(report.run_id)
    assert run.status == RunStatus.DONE and run.options["kind"] == "rescreen"
    assert run.options["mode"] == "delta" and run.list_versions == {SDN: change.new_version}
    assert run.threshold == algorithm.DEFAULT_THRESHOLD
    # A result for each subject that matched a change (or could not be screened); every
    # subject screened is stamped with the run.
    results = reviews.results(report.run_id)
    assert run.row_count == len(results) == report.by_status["match"] > 0
    assert report.by_status["clear"] > 0 and all(r.status == "match" for r in results)
    assert {s.last_run_id for s in reviews.subjects()} == {report.run_id}
    actions = [r.action for r in reviews.audit.records(object=f"run:{report.run_id}")]
    assert actions == ["run.start", "run.finish", "rescreen.finish"]
    [summary] = reviews.audit.records(action="rescreen.finish")
    assert summary.payload["alerts_opened"] == len(report.alerts_opened)
    assert all(name not in str(summary.payload) for name in change.added.values())
    assert reviews.audit.verify().ok


def test_an_allow_listed_unchanged_entry_stays_suppressed(
        change: Change, home: Path, stores: tuple[ListStore, ReviewStore]) -> None:
    _, reviews = stores
    entity_id, name = next(iter(change.unchanged.items()))
    [subject] = [s for s in reviews.subjects() if s.name == name]
    [alert] = [a for a in reviews.alerts() if a.subject_key == subject.key
               and a.entity_id == entity_id]
    decision = reviews.decide(alert.id, Verdict.FALSE_POSITIVE, "another party", "alice",
                              allow_list=True)
    if decision.pending:
        reviews.approve(decision.id, "bob")
    for full in (False, True):
        report = run_rescreen(home, stores, full=full)
        assert alert_on(reviews, name, entity_id) == [("closed", "false-positive")]
    assert report.allow_listed >= 1  # the full re-screen found it, and suppressed it


def test_the_delta_opens_the_same_alerts_as_a_full_rescreen(
        change: Change, home: Path, tmp_path: Path,
        stores: tuple[ListStore, ReviewStore]) -> None:
    other = tmp_path / "full"
    shutil.copytree(home, other)
    delta = run_rescreen(home, stores)
    with ListStore(other / "offramp.db") as store:
        full = rescreen(store, ReviewStore(store), full=True, cache_dir=other / "cache")
        opened_full = _opened(ReviewStore(store), full.run_id)
        closed_full = _delisted(ReviewStore(store))
    assert full.subjects == delta.subjects and delta.flagged < delta.subjects
    assert _opened(stores[1], delta.run_id) == opened_full and opened_full
    assert _delisted(stores[1]) == closed_full and closed_full
    assert len(delta.alerts_opened) == len(full.alerts_opened)


def _opened(reviews: ReviewStore, run_id: int) -> set[tuple[str, str, str, str, float]]:
    return {(a.subject_key, a.source, a.entity_id, a.entity_content_hash, a.score)
            for a in reviews.alerts(run_id=run_id)}


def _delisted(reviews: ReviewStore) -> set[tuple[str, str]]:
    return {(a.subject_key, a.entity_id) for a in reviews.alerts()
            if a.close_reason == DELISTED}


def test_the_candidate_margin_covers_the_small_screeners_weights(
        change: Change, stores: tuple[ListStore, ReviewStore]) -> None:
    """Stage 1 searches the changed entries with their own word weights; every entry the
    full screener alerts on must score within the margin there."""
    store, _ = stores
    delta = version_delta(store, SDN, change.old_version, change.new_version)
    small = Screener.from_entities(delta.entities)
    full = Screener.from_entities(store.entities(change.new_version))
    changed = {e.id for e in delta.entities}
    rng = random.Random(11)
    worst = 0.0
    alerted = 0
    for entity in delta.entities:
        name = entity.caption
        for query in (name, misspelt(name), " ".join(name.replace(",", "").split()[::-1]),
                      _typo(name, rng)):
            wanted = {m.entity.id: m.score for m in full.search(query, limit=5)
                      if m.entity.id in changed and m.score >= algorithm.DEFAULT_THRESHOLD}
            got = {m.entity.id: m.score for m in small.search(query, limit=50)}
            for entity_id, score in wanted.items():
                alerted += 1
                worst = max(worst, score - got.get(entity_id, 0.0))
    assert alerted > 900
    assert worst <= CANDIDATE_MARGIN / 2, f"worst drop {worst:.3f}: widen the margin"


def _typo(name: str, rng: random.Random) -> str:
    chars = list(name)
    letters = [i for i, c in enumerate(chars) if c.isalpha()]
    if len(letters) > 4:
        a = rng.choice(letters[1:-1])
        chars[a] = "x" if chars[a] != "x" else "y"
    return "".join(chars)


# -- options and interruptions --------------------------------------------------------------


def test_unknown_source_is_refused(home: Path, stores: tuple[ListStore, ReviewStore]) -> None:
    with pytest.raises(OfframpError, match="not loaded: un-sc"):
        run_rescreen(home, stores, sources=["un-sc"])


def test_an_interrupted_rescreen_resumes_without_losing_or_repeating_a_subject(
        change: Change, home: Path, tmp_path: Path,
        stores: tuple[ListStore, ReviewStore]) -> None:
    _, reviews = stores
    total = len(list(reviews.subjects()))
    clean = tmp_path / "clean"
    shutil.copytree(home, clean)

    def stop_after_two_pages(rows: int) -> None:
        seen.append(rows)
        if len(seen) == 2:
            raise KeyboardInterrupt

    seen: list[int] = []
    with pytest.raises(KeyboardInterrupt):
        run_rescreen(home, stores, chunk_rows=7, progress=stop_after_two_pages)
    [unfinished] = reviews.unfinished_runs()
    assert sum(s.last_run_id == unfinished.id for s in reviews.subjects()) == 14
    report = run_rescreen(home, stores, chunk_rows=7)
    assert report.resumed and report.run_id == unfinished.id
    assert report.subjects == total - 14
    assert reviews.get_run(report.run_id).status == RunStatus.DONE
    assert {s.last_run_id for s in reviews.subjects()} == {report.run_id}
    results = reviews.results(report.run_id)
    assert [r.row_number for r in results] == list(range(1, len(results) + 1))

    # The same results and alerts as a re-screen that was never interrupted.
    with ListStore(clean / "offramp.db") as store:
        straight = ReviewStore(store)
        once = rescreen(store, straight, cache_dir=clean / "cache")
        assert ({(r.subject_key, r.status) for r in straight.results(once.run_id)}
                == {(r.subject_key, r.status) for r in results})
        assert _opened(straight, once.run_id) == _opened(reviews, report.run_id)
