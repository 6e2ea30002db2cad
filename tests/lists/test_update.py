"""`lists update` against a local HTTP server serving fixture files and failure cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import LISTS, FixtureServer, Route
from offramp.lists.publishers import Publisher
from offramp.lists.update import update_source
from offramp.sources.files import read_bytes
from offramp.store import ListStore

CONS = LISTS / "ofac" / "cons-2025-12-19"
CONS_FILES = ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")


def _fixture(name: str) -> bytes:
    for candidate in (CONS / name, CONS / f"{name}.gz"):
        if candidate.exists():
            return read_bytes(candidate)
    raise FileNotFoundError(name)


def _publisher(server: FixtureServer, prefix: str) -> Publisher:
    return Publisher(
        source="ofac-cons", title="OFAC consolidated", publisher="OFAC",
        format="ofac-legacy-csv", licence="public domain", info_url="http://127.0.0.1/",
        max_age_days=7,
        files=tuple((name, server.url(f"/{prefix}/{name.upper()}")) for name in CONS_FILES),
    )


def _serve(server: FixtureServer, prefix: str, **replace: Route) -> Publisher:
    for name in CONS_FILES:
        server.routes[f"/{prefix}/{name.upper()}"] = replace.get(name, Route(_fixture(name)))
    return _publisher(server, prefix)


def _good_version(store: ListStore, server: FixtureServer) -> int:
    outcome = update_source(store, _serve(server, "good"))
    assert outcome.ok, outcome.message
    assert outcome.result is not None and outcome.result.snapshot.entry_count == 442
    version = outcome.result.snapshot.id
    assert version is not None
    return version


def test_update_downloads_validates_and_stores(fresh_store: ListStore,
                                               http_server: FixtureServer) -> None:
    version = _good_version(fresh_store, http_server)
    assert fresh_store.current()["ofac-cons"].id == version
    assert fresh_store.current()["ofac-cons"].origin == http_server.url("/good/CONS_PRIM.CSV")
    hikvision = fresh_store.entity(version, "30946")
    assert hikvision is not None and "HIKVISION" in [n.value for n in hikvision.names]
    # Same publication again: recognised by its hash, no new version.
    again = update_source(fresh_store, _serve(http_server, "good"))
    assert again.ok and "unchanged" in again.message
    assert len(fresh_store.versions("ofac-cons")) == 1
    assert all(hit.startswith("/good/") for hit in http_server.hits)


def _prim_lines() -> list[bytes]:
    return _fixture("cons_prim.csv").splitlines(keepends=True)


FAILURES = {
    "status 500": ({"cons_prim.csv": Route(b"oops", status=500)}, "HTTP 500"),
    "html error page with status 200": (
        {"cons_alt.csv": Route(b"<!DOCTYPE html><html><body>Service unavailable</body></html>",
                               content_type="text/html")},
        "HTML page",
    ),
    "truncated download (connection closed early)": (
        {"cons_prim.csv": Route(_fixture("cons_prim.csv")[:5000],
                                declared_length=len(_fixture("cons_prim.csv")))},
        "truncated",
    ),
    "truncated file (cut inside a quoted field)": (
        {"cons_prim.csv": Route(_fixture("cons_prim.csv")[: len(_fixture("cons_prim.csv")) // 2]
                                .rsplit(b",", 1)[0] + b',"HALF A NA')},
        "cons_prim.csv",
    ),
    "wrong encoding (UTF-16)": (
        {"cons_prim.csv": Route(_fixture("cons_prim.csv").decode("latin-1").encode("utf-16"))},
        "NUL bytes",
    ),
    "40% fewer rows": (
        {"cons_prim.csv": Route(b"".join(_prim_lines()[: int(len(_prim_lines()) * 0.6)]))},
        "outside ±10%",
    ),
    "empty body": ({"cons_prim.csv": Route(b"")}, "empty response"),
}


@pytest.mark.parametrize("case", sorted(FAILURES))
def test_failed_update_keeps_the_last_good_version(case: str, fresh_store: ListStore,
                                                   http_server: FixtureServer) -> None:
    good = _good_version(fresh_store, http_server)
    replace, expected = FAILURES[case]
    outcome = update_source(fresh_store, _serve(http_server, "bad", **replace))
    assert not outcome.ok
    assert expected in outcome.message
    assert f"still using version {good}" in outcome.message
    assert fresh_store.current()["ofac-cons"].id == good
    assert [v.id for v in fresh_store.versions("ofac-cons")] == [good]
    attempts = fresh_store.attempts("ofac-cons")
    assert not attempts[0].ok and expected in attempts[0].message


def test_timeout_keeps_the_last_good_version(fresh_store: ListStore,
                                             http_server: FixtureServer) -> None:
    good = _good_version(fresh_store, http_server)
    slow = Route(_fixture("cons_prim.csv"), delay=2.0)
    outcome = update_source(fresh_store, _serve(http_server, "slow", **{"cons_prim.csv": slow}),
                            timeout=0.3)
    assert not outcome.ok and "timed out" in outcome.message
    assert fresh_store.current()["ofac-cons"].id == good


def test_accept_shrink_overrides_the_band_and_is_recorded(fresh_store: ListStore,
                                                          http_server: FixtureServer) -> None:
    _good_version(fresh_store, http_server)
    lines = _prim_lines()
    smaller = Route(b"".join(lines[: int(len(lines) * 0.6)]))
    outcome = update_source(fresh_store, _serve(http_server, "small", **{"cons_prim.csv": smaller}),
                            accept_change=True)
    assert outcome.ok, outcome.message
    assert outcome.result is not None
    assert outcome.result.note is not None and "accepted by operator" in outcome.result.note
    assert fresh_store.attempts("ofac-cons")[0].accepted_shrink
    assert fresh_store.current()["ofac-cons"].entry_count == outcome.result.snapshot.entry_count


def test_first_update_of_a_source_fails_cleanly_on_error(tmp_path: Path,
                                                         http_server: FixtureServer) -> None:
    store = ListStore(tmp_path / "db.sqlite")
    outcome = update_source(store, _serve(http_server, "x", **{"cons_prim.csv": Route(b"", 503)}))
    assert not outcome.ok and "HTTP 503" in outcome.message
    assert store.current() == {}
    store.close()
