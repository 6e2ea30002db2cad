"""Upload caps and refusals of ``POST /screen``, each with a real bad file.

A refused upload starts no run and leaves nothing in the uploads folder.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from offramp.store import ListStore, ReviewStore
from offramp.web.keys_store import Role

from .conftest import WEB, Template, Web, make_config, started

BAD = WEB / "bad"


@pytest.fixture
def capped(web_template: Template, tmp_path: Path) -> Iterator[Web]:
    """The app with small caps: 64-byte files, 5 rows per file, 5 JSON rows."""
    config = make_config(web_template, tmp_path / "home", max_upload_bytes=64, max_rows=5,
                         max_json_rows=5)
    for client in started(config):
        yield Web(client, config, web_template.keys)


def upload(web: Web, path: Path, name: str | None = None) -> tuple[int, str]:
    answer = web.client.post("/screen", headers=web.auth(Role.ANALYST),
                             files={"file": (name or path.name, path.read_bytes())})
    return answer.status_code, answer.json()["detail"]


def assert_nothing_kept(web: Web) -> None:
    with ListStore(web.config.db_path) as store:
        assert ReviewStore(store).list_runs() == []
    uploads = web.config.uploads_dir
    assert not uploads.exists() or not any(uploads.iterdir())


@pytest.mark.parametrize(("name", "status", "message"), [
    ("empty.csv", 400, "the file is empty"),
    ("header-only.csv", 400, "no rows to screen"),
    ("no-name-column.csv", 400, "no name column found"),
    ("not-a-workbook.xlsx", 400, "not an XLSX workbook (not a zip file)"),
    ("suppliers.pdf", 415, "cannot tell the file's format"),
    ("zip-bomb.xlsx", 413, "refused as a possible zip bomb"),
])
def test_bad_files_are_refused(web: Web, name: str, status: int, message: str) -> None:
    code, detail = upload(web, BAD / name)
    assert (code, message in detail) == (status, True), detail
    assert str(web.config.uploads_dir) not in detail  # the client's name, not the server's path
    assert_nothing_kept(web)


def test_the_server_names_stored_files_itself(web: Web) -> None:
    code, _ = upload(web, BAD / "empty.csv", name="../../../etc/cron.d/evil.csv")
    assert code == 400
    assert not (web.config.home / "etc").exists()
    assert_nothing_kept(web)


def test_a_file_over_the_size_cap_is_refused(capped: Web) -> None:
    assert (WEB / "subjects.csv").stat().st_size > 64
    code, detail = upload(capped, WEB / "subjects.csv")
    assert code == 413 and "larger than 64 bytes" in detail
    assert_nothing_kept(capped)


def test_a_file_over_the_row_cap_is_refused(web_template: Template, tmp_path: Path) -> None:
    config = make_config(web_template, tmp_path / "home", max_rows=5)
    for client in started(config):
        web = Web(client, config, web_template.keys)
        code, detail = upload(web, BAD / "seven-rows.csv")
        assert code == 413 and "more than 5 rows" in detail
        assert_nothing_kept(web)


def test_json_rows_over_the_cap_are_refused(capped: Web) -> None:
    rows = [{"name": f"Acme {i}"} for i in range(6)]
    answer = capped.client.post("/screen", json={"rows": rows}, headers=capped.auth(Role.ANALYST))
    assert answer.status_code == 413 and "more than 5 rows" in answer.json()["detail"]
    assert_nothing_kept(capped)


def test_a_body_over_the_cap_is_refused_before_parsing(capped: Web) -> None:
    limit = capped.config.max_upload_bytes + 64 * 1024
    body = json.dumps({"rows": [{"name": "x" * 1000}] * 80}).encode()
    assert len(body) > limit
    declared = capped.client.post("/screen", content=body, headers={
        **capped.auth(Role.ANALYST), "content-type": "application/json"})
    assert declared.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        for start in range(0, len(body), 4096):
            yield body[start:start + 4096]

    streamed = capped.client.post("/screen", content=chunks(), headers={
        **capped.auth(Role.ANALYST), "content-type": "application/json"})
    assert streamed.status_code == 413
    assert_nothing_kept(capped)
