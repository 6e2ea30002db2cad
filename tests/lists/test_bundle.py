"""The bundled snapshot: manifest, carried-over aliases, damage detection."""

from __future__ import annotations

import gzip
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from offramp.lists.bundle import bundled_lists
from offramp.lists.loading import read_bundled
from offramp.model import NameKind, OfframpError


def test_manifest_lists_the_bundled_sources_with_provenance() -> None:
    items = {i.source: i for i in bundled_lists()}
    assert set(items) == {"ofac-sdn", "ofac-cons", "un-sc", "bis-dpl", "offramp-catalogue"}
    assert items["ofac-sdn"].publisher_date.isoformat() == "2024-05-03"
    assert items["ofac-sdn"].file_hashes[0][1].startswith("210ca6b4a8187a34")
    assert all(i.main_file.exists() and i.licence for i in items.values())


def test_2021_aliases_are_carried_over_only_to_unchanged_entries() -> None:
    item = next(i for i in bundled_lists() if i.source == "ofac-sdn")
    entities = {e.id: e for e in read_bundled(item).entities}
    cuba = entities["306"]
    assert ("NATIONAL BANK OF CUBA", NameKind.AKA) in [(n.value, n.kind) for n in cuba.names]
    assert ("BNC", NameKind.WEAK) in [(n.value, n.kind) for n in cuba.names]  # from Remarks
    assert cuba.properties["aliasesFrom"][0].startswith("OFAC SDN alt.csv of 2021-07-07")
    assert cuba.record["aliases_carried_over"]
    carried = [e for e in entities.values() if "aliasesFrom" in e.properties]
    assert len(carried) == 3827  # entries with aliases in 2021, still listed under that name
    # Entries listed after 2021 (ent_num above the 2021 range) never receive any.
    assert all(int(e.id) < 40000 for e in carried)


def test_a_damaged_bundle_is_refused(tmp_path: Path) -> None:
    item = next(i for i in bundled_lists() if i.source == "bis-dpl")
    copy = tmp_path / item.main_file.name
    shutil.copy(item.main_file, copy)
    data = gzip.decompress(copy.read_bytes()).replace(b"DAHUA", b"DAHUX", 1)
    copy.write_bytes(gzip.compress(data))
    with pytest.raises(OfframpError, match="does not match its manifest"):
        read_bundled(replace(item, main_file=copy))
