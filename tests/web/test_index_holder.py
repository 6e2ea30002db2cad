"""The index swaps to a new list version atomically, while answering."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from offramp.lists.loading import load_file
from offramp.store import ListStore
from offramp.web.index_holder import IndexHolder, build_index
from offramp.web.keys_store import Role

from .conftest import WEB, Web


def test_build_index_names_the_versions_it_holds(web: Web) -> None:
    with ListStore(web.config.db_path) as store:
        loaded = build_index(store, web.config.cache_dir)
    assert loaded.list_versions == {"custom": 1}
    assert [m.entity.id for m in loaded.screener.search("Hikvision")][:1] == ["web-001"]


def test_a_new_version_is_swapped_in_while_searches_go_on(unlimited_web: Web) -> None:
    web = unlimited_web
    viewer = web.auth(Role.VIEWER)
    seen: list[dict[str, int]] = []
    failures: list[int] = []
    stop = threading.Event()

    def search() -> None:
        while not stop.is_set():
            answer = web.client.get("/search", params={"name": "Hytera Communications"},
                                    headers=viewer)
            if answer.status_code != 200:
                failures.append(answer.status_code)
                continue
            body = answer.json()
            seen.append(body["list_versions"])
            has_hytera = any(m["entity_id"] == "web-005" for m in body["matches"])
            # The answer's entries are those of the version it names, never a mix.
            assert has_hytera == (body["list_versions"]["custom"] == 2)

    workers = [threading.Thread(target=search) for _ in range(4)]
    for w in workers:
        w.start()
    time.sleep(0.3)
    with ListStore(web.config.db_path) as store:
        load_file(store, WEB / "watchlist-v2.csv", accept_change=True, actor="test")
    deadline = time.monotonic() + 30
    while not any(v["custom"] == 2 for v in seen) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    stop.set()
    for w in workers:
        w.join()
    assert not failures
    assert {v["custom"] for v in seen} == {1, 2}
    assert all(len(v) == 1 for v in seen)
    first_new = next(i for i, v in enumerate(seen) if v["custom"] == 2)
    # Once new, never old again (each thread's answers; allow for interleaving of threads).
    assert sum(v["custom"] == 1 for v in seen[first_new + 8:]) == 0


def test_a_failed_rebuild_keeps_the_last_good_index(tmp_path: Path, web: Web) -> None:
    # Pointed at a store with no lists, the holder cannot build: it keeps what it had.
    holder = IndexHolder(web.config.db_path, web.config.cache_dir, interval=60)
    with ListStore(web.config.db_path) as store:
        assert holder.refresh(store)
        good = holder.current
    broken = ListStore(tmp_path / "other.db")
    try:
        assert not holder.refresh(broken)  # no lists there: the old index stays
    finally:
        broken.close()
    assert holder.current is good
    assert holder.problem is not None and "no lists loaded" in holder.problem


def test_prebuild_fills_the_cache_or_says_why_not(tmp_path: Path, web: Web) -> None:
    from offramp.web.prebuild import main

    cache = tmp_path / "cache"
    assert main([str(web.config.db_path), str(cache)]) == 0
    assert list(cache.glob("screener-store-*.pickle"))
    assert main([str(tmp_path / "empty.db"), str(cache)]) == 1
    assert main([]) == 2
