"""Refreshing the OUI registry from a local HTTP server: good files replace, bad ones never do.

The server (tests/conftest.py ``http_server``) listens on 127.0.0.1 only and serves the IEEE
format fixtures in tests/fixtures/fingerprint; no test touches the internet.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FixtureServer, Route
from offramp.devices.registry import load_registry, registry_path, update_registry
from offramp.fingerprint.oui import OuiRegistry, encode_registry
from offramp.fingerprint.oui_files import RegistryRow, parse_ieee_csv
from offramp.model import SourceFormatError, UpdateError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fingerprint"
GOOD = {"MA-L": FIXTURES / "ieee" / "oui.csv", "MA-M": FIXTURES / "ieee" / "mam.csv",
        "MA-S": FIXTURES / "ieee" / "oui36.csv"}
PATHS = {"MA-L": "/oui/oui.csv", "MA-M": "/oui28/mam.csv", "MA-S": "/oui36/oui36.csv"}


def _seed(home: Path) -> bytes:
    """A previous refresh in ``home``: the fixture files minus a few rows, plus one IAB."""
    rows: list[RegistryRow] = []
    for registry, path in GOOD.items():
        rows += parse_ieee_csv(path.read_bytes().decode("utf-8"), path.name, registry)[:-2]
    rows.append(RegistryRow("IAB", "0050C20EB", "iREZ Technologies LLC", 1))
    data = encode_registry(rows, date="2026-06-01", manifest={"seeded": True})
    target = registry_path(home)
    target.parent.mkdir(parents=True)
    target.write_bytes(data)
    return data


def _serve(server: FixtureServer, **override: Route) -> dict[str, str]:
    for registry, path in GOOD.items():
        server.routes[PATHS[registry]] = override.get(registry.replace("-", "_"),
                                                      Route(path.read_bytes()))
    return {registry: server.url(path) for registry, path in PATHS.items()}


def test_good_download_replaces_the_registry(tmp_path: Path,
                                             http_server: FixtureServer) -> None:
    _seed(tmp_path)
    update = update_registry(tmp_path, urls=_serve(http_server))
    assert update.previous_date == "2026-06-01" and update.date >= "2026-06-01"
    assert update.previous_counts == {"MA-L": 65, "MA-M": 7, "MA-S": 7, "IAB": 1}
    assert update.counts == {"MA-L": 67, "MA-M": 9, "MA-S": 9, "IAB": 1}
    assert (update.added, update.removed, update.renamed) == (6, 0, 0)
    assert [f["rows"] for f in update.files] == [67, 9, 9]
    loaded = load_registry(tmp_path)
    assert loaded.date == update.date and loaded.origin == str(registry_path(tmp_path))
    block = loaded.block("00:50:c2:0e:b1:23")  # carried over: IAB is not fetched
    assert block is not None and block.registry == "IAB"
    assert "carried over" in str(loaded.manifest["iab"])
    assert sorted(http_server.hits) == sorted(PATHS.values())
    assert list(registry_path(tmp_path).parent.iterdir()) == [registry_path(tmp_path)]


@pytest.mark.parametrize(("override", "message"), [
    ({"MA_L": Route((FIXTURES / "ieee" / "oui.csv").read_bytes(), declared_length=90000)},
     "truncated download"),
    ({"MA_L": Route((FIXTURES / "bad" / "oui-truncated.csv").read_bytes())},
     "ends in the middle of a row"),
    ({"MA_M": Route((FIXTURES / "bad" / "error-page.html").read_bytes(),
                    content_type="text/html")}, "HTML page"),
    ({"MA_S": Route(b"Service unavailable", status=503)}, "HTTP 503"),
    ({"MA_L": Route((FIXTURES / "bad" / "oui-collapsed.csv").read_bytes())},
     "5 MA-L rows against 65"),
    ({"MA_L": Route((FIXTURES / "bad" / "oui-bad-assignment.csv").read_bytes())},
     "line 13: assignment"),
    ({"MA_L": Route((FIXTURES / "ieee" / "mam.csv").read_bytes())},
     "registry 'MA-M' in a MA-L file"),
])
def test_bad_download_never_replaces_the_registry(tmp_path: Path, http_server: FixtureServer,
                                                  override: dict[str, Route],
                                                  message: str) -> None:
    before = _seed(tmp_path)
    with pytest.raises(UpdateError) as caught:
        update_registry(tmp_path, urls=_serve(http_server, **override))
    assert message in str(caught.value)
    assert "keeping the OUI registry of 2026-06-01" in str(caught.value)
    assert registry_path(tmp_path).read_bytes() == before
    assert list(registry_path(tmp_path).parent.iterdir()) == [registry_path(tmp_path)]


def test_first_refresh_is_checked_against_the_bundled_registry(
        tmp_path: Path, http_server: FixtureServer) -> None:
    # The fixtures hold 67 MA-L rows; the bundled registry 39,434: a collapse, refused.
    with pytest.raises(UpdateError, match="67 MA-L rows against 39434"):
        update_registry(tmp_path, urls=_serve(http_server))
    assert not registry_path(tmp_path).exists()
    assert load_registry(tmp_path) is OuiRegistry.bundled()


def test_urls_must_name_the_three_registries(tmp_path: Path) -> None:
    with pytest.raises(UpdateError, match="missing: \\['MA-S'\\]"):
        update_registry(tmp_path, urls={"MA-L": "http://127.0.0.1:9/a",
                                        "MA-M": "http://127.0.0.1:9/b"})


@pytest.mark.parametrize("name", ["registry-truncated.json.gz", "registry-wrong-format.json.gz"])
def test_damaged_refreshed_registry_falls_back_to_the_bundled_one(tmp_path: Path,
                                                                  name: str) -> None:
    target = registry_path(tmp_path)
    target.parent.mkdir(parents=True)
    target.write_bytes((FIXTURES / "bad" / name).read_bytes())
    assert load_registry(tmp_path).origin.startswith("bundled:")
    with pytest.raises(SourceFormatError) as caught:
        load_registry(tmp_path, strict=True)
    assert caught.value.path == str(target)


def test_an_older_refresh_gives_way_to_a_newer_bundle(tmp_path: Path) -> None:
    target = registry_path(tmp_path)
    target.parent.mkdir(parents=True)
    target.write_bytes(encode_registry([RegistryRow("MA-L", "AABBCC", "Old Co", 2)],
                                       date="2025-01-01", manifest={}))
    assert load_registry(tmp_path) is OuiRegistry.bundled()
