"""The dated OUI registry: the bundle, longest-prefix lookup, the compact format."""

from __future__ import annotations

import json
import time
from importlib import resources
from pathlib import Path

import pytest

from offramp.fingerprint.knowledge import VendorKnowledge
from offramp.fingerprint.oui import OuiRegistry, encode_registry
from offramp.fingerprint.oui_files import RegistryRow, parse_ieee_csv
from offramp.model import SourceFormatError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fingerprint"


def _fixture_registry() -> OuiRegistry:
    rows = []
    for name, registry in (("oui.csv", "MA-L"), ("mam.csv", "MA-M"), ("oui36.csv", "MA-S")):
        text = (FIXTURES / "ieee" / name).read_bytes().decode("utf-8")
        rows += parse_ieee_csv(text, name, registry)
    rows.append(RegistryRow("IAB", "0050C20EB", "iREZ Technologies LLC", 1))
    return OuiRegistry.from_bytes(encode_registry(rows, date="2026-06-01", manifest={}),
                                  "fixture")


def test_bundled_registry_loads_fast_and_is_dated() -> None:
    start = time.perf_counter()
    registry = OuiRegistry.from_bytes(
        resources.files("offramp").joinpath("data", "oui", "oui-registry.json.gz").read_bytes(),
        "bundled")
    assert time.perf_counter() - start < 1.0
    assert registry.date == "2026-05"
    assert registry.counts == {"MA-L": 39434, "MA-M": 5479, "MA-S": 6132, "IAB": 4575}


def test_bundle_manifest_matches_the_registry() -> None:
    registry = OuiRegistry.bundled()
    manifest = json.loads(resources.files("offramp").joinpath(
        "data", "oui", "manifest.json").read_text("utf-8"))
    assert manifest == registry.manifest
    assert manifest["counts"] == registry.counts
    assert [f["file"] for f in manifest["files"]] == ["ieee-ma-l-2026-05.csv",
                                                      "wireshark-manuf-2024-08.txt"]
    assert all(len(f["sha256"]) == 64 for f in manifest["files"])


@pytest.mark.parametrize(("mac", "label", "registry", "organisation"), [
    ("00:55:da:1f:ff:ff", "00:55:DA:1/28", "MA-M", "KoolPOS Inc."),  # not the /24 parent
    ("00:1b:c5:00:1a:bc", "00:1B:C5:00:1/36", "MA-S", "OpenRB.com, Direct SIA"),
    ("00:50:c2:0e:b1:23", "00:50:C2:0E:B/36", "IAB", "iREZ Technologies LLC"),
    ("40:2c:76:1a:bc:de", "40:2C:76:1/28", "MA-M", "Shanghai Dahua Scale Factory"),
    ("0c:75:d2:00:00:01", "0C:75:D2/24", "MA-L",
     "Hangzhou Hikvision Digital Technology Co.,Ltd."),
])
def test_longest_prefix_wins(mac: str, label: str, registry: str, organisation: str) -> None:
    for source in (_fixture_registry(), OuiRegistry.bundled()):
        found = source.lookup(mac)
        assert found.block is not None
        assert (found.block.label, found.block.registry, found.block.organisation) == (
            label, registry, organisation)
        assert found.registry_date == source.date and found.reason == ""


def test_parent_block_answers_when_no_sub_block_is_registered() -> None:
    found = _fixture_registry().lookup("00:55:da:f1:23:45")  # /28 F not in the fixture
    assert found.block is not None and found.block.bits == 24
    assert found.block.organisation == "IEEE Registration Authority"


@pytest.mark.parametrize(("mac", "reason"), [
    ("02:19:b6:00:00:01", "locally administered"),
    ("46:19:b6:00:00:01", "locally administered"),  # 0x44 | 0x02: a Hikvision OUI, but LA
    ("01:00:5e:00:00:fb", "multicast"),
])
def test_no_lookup_for_local_or_group_addresses(mac: str, reason: str) -> None:
    registry = OuiRegistry.bundled()
    found = registry.lookup(mac)
    assert found.block is None and reason in found.reason
    assert registry.block(mac) is None


def test_unregistered_block_says_so() -> None:
    found = _fixture_registry().lookup("00:11:22:33:44:55")
    assert found.block is None and "not in the OUI registry of 2026-06-01" in found.reason


def test_encoding_is_deterministic_and_keeps_duplicate_registrants() -> None:
    rows = [RegistryRow("MA-L", "080030", "NETWORK RESEARCH CORPORATION", 2),
            RegistryRow("MA-L", "080030", "CERN", 3),
            RegistryRow("MA-M", "0055DA1", "KoolPOS Inc.", 4)]
    first = encode_registry(rows, date="2026-05", manifest={"a": 1})
    assert first == encode_registry(rows, date="2026-05", manifest={"a": 1})
    registry = OuiRegistry.from_bytes(first, "test")
    block = registry.block("08:00:30:00:00:01")
    assert block is not None and block.organisation == "NETWORK RESEARCH CORPORATION / CERN"
    assert registry.counts == {"MA-L": 1, "MA-M": 1, "MA-S": 0, "IAB": 0}
    assert len(registry) == 2 and registry.manifest == {"a": 1}


@pytest.mark.parametrize(("name", "problem"), [
    ("registry-truncated.json.gz", "not a readable OUI registry"),
    ("registry-wrong-format.json.gz", "not an offramp-oui-registry/1 document"),
    ("registry-bad-block.json.gz", "malformed block"),
])
def test_damaged_registry_documents_are_refused(name: str, problem: str) -> None:
    path = FIXTURES / "bad" / name
    with pytest.raises(SourceFormatError, match=problem) as caught:
        OuiRegistry.from_bytes(path.read_bytes(), str(path))
    assert caught.value.path == str(path)


def test_bundled_family_block_counts_match_the_data_notes() -> None:
    """shared/data README: Hikvision's family about 100 MA-L blocks, Dahua's about 40."""
    knowledge = VendorKnowledge.bundled()
    families: dict[str, int] = {}
    for block in OuiRegistry.bundled().blocks():
        if block.registry != "MA-L":
            continue
        rule = next((r for r in knowledge.organisations
                     if r.pattern.search(block.organisation)), None)
        if rule is not None and rule.vendor is not None:
            families[rule.vendor] = families.get(rule.vendor, 0) + 1
    assert 95 <= families["hikvision"] <= 110
    assert 35 <= families["dahua"] <= 45
    assert families["hytera"] == 2
    assert 450 <= families["zte"] <= 550
    assert 1900 <= families["huawei"] <= 2100
