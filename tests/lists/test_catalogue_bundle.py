"""The restricted-vendor catalogue in the bundle, in the store and under `lists update`."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from offramp.lists.bundle import BundledList, bundled_lists
from offramp.lists.diff import diff_versions
from offramp.lists.freshness import source_status
from offramp.lists.loading import load_bundled, load_file, read_bundled
from offramp.lists.publishers import load_publishers
from offramp.lists.update import update_source
from offramp.sources.catalogue import SOURCE, catalogue_file
from offramp.sources.files import read_bytes
from offramp.store import ListStore


def catalogue_item() -> BundledList:
    return next(i for i in bundled_lists() if i.source == SOURCE)


def test_the_bundled_copy_is_the_reviewed_file() -> None:
    """Editing the catalogue without re-running tools/build_bundle.py fails here."""
    item = catalogue_item()
    reviewed = hashlib.sha256(catalogue_file().read_bytes()).hexdigest()
    assert item.file_hashes == (("restricted_vendors.csv", reviewed),)
    assert read_bytes(item.main_file) == catalogue_file().read_bytes()
    parsed = read_bundled(item)
    assert len(parsed.entities) == item.entry_count == 25
    assert item.publisher_date == parsed.publisher_date
    assert "public domain" in item.licence and "offramp" in item.licence


def test_loads_with_its_white_label_extras_and_status(fresh_store: ListStore) -> None:
    [result] = load_bundled(fresh_store, only={SOURCE})
    snap = result.snapshot
    assert snap.id is not None and snap.origin == f"bundled:{SOURCE}"
    assert {e.id for e in fresh_store.entities(snap.id)} >= {"hikvision", "dahua", "ezviz"}
    assert {b["party"] for b in fresh_store.extras(snap.id, "white_label")} >= {"Amcrest"}
    assert snap.publisher_date is not None
    status = {s.source: s for s in source_status(fresh_store, load_publishers(),
                                                 snap.publisher_date)}
    assert status[SOURCE].snapshot == snap and status[SOURCE].stale is False
    assert status[SOURCE].max_age_days == 365


def test_an_edited_catalogue_is_a_new_version_and_diffs(fresh_store: ListStore,
                                                        tmp_path: Path) -> None:
    load_bundled(fresh_store, only={SOURCE})
    edited = tmp_path / "restricted_vendors.csv"
    text = catalogue_file().read_text("utf-8")
    text = text.replace('"EZVIZ;', '"EZVIZ;萤石;', 1)  # a reviewer adds an alias
    text = "\n".join(line for line in text.splitlines() if not line.startswith("hiwatch,"))
    edited.write_text(text + "\n", "utf-8")
    result = load_file(fresh_store, edited)
    assert result.new and result.snapshot.source == SOURCE
    assert result.previous is not None and result.previous.id and result.snapshot.id
    diff = diff_versions(fresh_store, result.previous.id, result.snapshot.id)
    assert [e.entity_id for e in diff.removed] == ["hiwatch"] and not diff.added
    assert [(c.entity_id, c.fields) for c in diff.changed] == [("ezviz", ("names",))]


def test_update_loads_the_installed_copy_instead_of_downloading(fresh_store: ListStore,
                                                                tmp_path: Path) -> None:
    publisher = load_publishers()[SOURCE]
    assert publisher.files == ()  # no remote publisher
    first = update_source(fresh_store, publisher)
    assert first.ok and first.result is not None and first.result.new
    assert "no remote publisher" in first.message
    again = update_source(fresh_store, publisher)
    assert again.ok and "already in use" in again.message
    # A catalogue a reviewer loaded by hand is never replaced by the installed copy.
    copy = tmp_path / "restricted_vendors.csv"
    shutil.copy(catalogue_file(), copy)
    with copy.open("a", encoding="utf-8") as fh:
        fh.write("wl-acme,,,Acme Cams,white-label,dahua,,,,,,,no,Not a listed party; not "
                 "checked\n")
    mine = load_file(fresh_store, copy).snapshot
    kept = update_source(fresh_store, publisher)
    assert kept.ok and kept.result is None and "kept" in kept.message
    assert fresh_store.current()[SOURCE] == mine
