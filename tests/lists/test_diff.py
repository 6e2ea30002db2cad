"""Real diff: OFAC SDN 2024-04-26 -> 2024-05-03."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import LISTS
from offramp.lists.diff import diff_versions, resolve_version
from offramp.lists.loading import load_file
from offramp.model import OfframpError
from offramp.store import ListStore

SDN_OLD = LISTS / "ofac" / "sdn-2024-04-26" / "sdn.csv.gz"
SDN_NEW = LISTS / "ofac" / "sdn-2024-05-03" / "sdn.csv.gz"


@pytest.fixture(scope="module")
def two_sdn_versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int]:
    path = tmp_path_factory.mktemp("diff") / "db.sqlite"
    with ListStore(path) as store:
        old = load_file(store, SDN_OLD).snapshot
        new = load_file(store, SDN_NEW).snapshot
        assert old.id is not None and new.id is not None
        return path, old.id, new.id


def test_sdn_week_diff_matches_the_real_change(two_sdn_versions: tuple[Path, int, int]) -> None:
    path, old, new = two_sdn_versions
    with ListStore(path) as store:
        diff = diff_versions(store, old, new)
    # The raw files differ by 8 removed lines and 305 added or changed lines: every line is
    # one entry, so 8 entries left the list and 305 were added or changed.
    assert len(diff.removed) == 8
    assert len(diff.added) + len(diff.changed) == 305
    assert diff.old.entry_count - len(diff.removed) + len(diff.added) == diff.new.entry_count
    assert diff.new.entry_count == 14965
    assert all(c.fields for c in diff.changed)


def test_versions_resolve_by_number_source_and_date(
        two_sdn_versions: tuple[Path, int, int]) -> None:
    path, old, new = two_sdn_versions
    with ListStore(path) as store:
        assert resolve_version(store, str(old)).id == old
        assert resolve_version(store, "ofac-sdn").id == new
        assert resolve_version(store, "ofac-sdn@2024-04-26").id == old
        with pytest.raises(OfframpError, match="no stored version"):
            resolve_version(store, "ofac-sdn@2020-01-01")
        with pytest.raises(OfframpError, match="not a version reference"):
            resolve_version(store, "SDN please")
