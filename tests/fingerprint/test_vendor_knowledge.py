"""Vendor knowledge as data: the bundled files compile, cite sources, and reject bad rows."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import pytest

from offramp.fingerprint.knowledge import (
    FAMILIES,
    ORG_FILE,
    SIGNAL_FILE,
    WHITE_LABEL_FILE,
    VendorKnowledge,
)
from offramp.fingerprint.oui import OuiRegistry
from offramp.model import SourceFormatError

KNOWLEDGE = Path(__file__).resolve().parents[1] / "fixtures" / "fingerprint" / "knowledge"
DATA = resources.files("offramp").joinpath("data", "devices")


def _bundled_texts() -> dict[str, str]:
    return {n: DATA.joinpath(n).read_text("utf-8") for n in (ORG_FILE, SIGNAL_FILE,
                                                            WHITE_LABEL_FILE)}


def _catalogue_parties() -> set[str]:
    text = resources.files("offramp").joinpath(
        "data", "catalogue", "restricted_vendors.csv").read_text("utf-8")
    return {row["party_id"] for row in csv.DictReader(text.splitlines())}


def test_bundled_knowledge_compiles_with_sources() -> None:
    knowledge = VendorKnowledge.bundled()
    rules = [r for group in knowledge.signals.values() for r in group]
    assert len(rules) > 40 and all(r.source for r in rules)
    assert {r.vendor for r in rules} - {None} == set(FAMILIES)
    assert all(o.source for o in knowledge.organisations)
    assert {w.family for w in knowledge.white_labels} == {"dahua", "hikvision"}


def test_party_ids_are_the_catalogue_ids() -> None:
    parties = _catalogue_parties()
    knowledge = VendorKnowledge.bundled()
    used = {r.party_id for g in knowledge.signals.values() for r in g if r.party_id}
    used |= {o.party_id for o in knowledge.organisations if o.party_id}
    used |= {w.party_id for w in knowledge.white_labels}
    assert used <= parties, used - parties


def test_confirm_marks_of_the_field_notes_are_carried() -> None:
    confirmed = {w.brand: w.confirmed for w in VendorKnowledge.bundled().white_labels}
    # notes: "Dahua: Amcrest, Lorex, EmpireTech; (confirm) Loryta, IC Realtime, Q-See, ..."
    assert confirmed["Amcrest"] and confirmed["Lorex"] and confirmed["EmpireTech"]
    assert not any(confirmed[b] for b in ("Loryta", "IC Realtime", "Q-See", "Honeywell",
                                          "LTS", "Swann", "Night Owl", "ABUS"))
    assert confirmed["truVision (Interlogix)"] and confirmed["ANNKE"]


def test_white_label_brands_weigh_below_the_naming_threshold() -> None:
    from offramp.fingerprint.combine import MIN_CONFIDENCE
    assert all(w.weight < MIN_CONFIDENCE for w in VendorKnowledge.bundled().white_labels)


def test_every_registrant_of_the_bundled_registry_is_mapped_as_intended() -> None:
    """Look-alikes in the real registry: names containing a family's name that are not it."""
    knowledge = VendorKnowledge.bundled()
    mapped: dict[str, str | None] = {}
    for block in OuiRegistry.bundled().blocks():
        org = block.organisation
        if org in mapped:
            continue
        rule = next((r for r in knowledge.organisations if r.pattern.search(org)), None)
        mapped[org] = rule.vendor if rule else None
    dahua_named = {o: v for o, v in mapped.items() if "dahua" in o.lower()}
    assert dahua_named.pop("Shanghai Dahua Scale Factory") is None
    assert set(dahua_named.values()) == {"dahua"}
    assert {v for o, v in mapped.items() if "hikvision" in o.lower()} == {"hikvision"}
    assert mapped["Honor Device Co., Ltd."] is None
    assert mapped["ZTEC Instruments, Inc."] is None
    assert mapped["zte corporation"] == "zte"
    assert mapped["Shenzhen Hikeen Technology CO.,LTD"] is None
    assert mapped["Huawei Device Co., Ltd."] == "huawei"


@pytest.mark.parametrize(("name", "target", "where", "problem"), [
    ("signals-bad-weight.csv", SIGNAL_FILE, "line 3", "weight '1.5'"),
    ("signals-bad-regex.csv", SIGNAL_FILE, "line 3", "not a valid regular expression"),
    ("signals-unknown-vendor.csv", SIGNAL_FILE, "line 3", "vendor 'uniview' is not one of"),
    ("signals-weighted-false-friend.csv", SIGNAL_FILE, "line 2", "must weigh 0"),
    ("signals-unknown-signal.csv", SIGNAL_FILE, "line 2", "signal 'mdoel'"),
    ("signals-no-source.csv", SIGNAL_FILE, "line 2", "needs a source"),
    ("signals-short-row.csv", SIGNAL_FILE, "line 3", "expected 10 fields, found 7"),
    ("oui_organisations-bad-role.csv", ORG_FILE, "line 3", "role 'manufacturer'"),
    ("oui_organisations-maker-without-vendor.csv", ORG_FILE, "line 2",
     "a maker row names its vendor"),
    ("white_label-missing-column.csv", WHITE_LABEL_FILE, "line 1", "the header must be"),
    ("white_label-bad-confirmed.csv", WHITE_LABEL_FILE, "line 2", "confirmed must be yes or no"),
])
def test_bad_knowledge_files_name_file_and_line(name: str, target: str, where: str,
                                                problem: str) -> None:
    texts = _bundled_texts()
    texts[target] = (KNOWLEDGE / name).read_text("utf-8")
    with pytest.raises(SourceFormatError) as caught:
        VendorKnowledge.from_texts(texts, "fixtures")
    assert caught.value.path == f"fixtures/{target}"
    assert caught.value.where == where
    assert problem in caught.value.problem


def test_a_missing_knowledge_file_is_named() -> None:
    texts = _bundled_texts()
    del texts[WHITE_LABEL_FILE]
    with pytest.raises(SourceFormatError, match=r"white_label\.csv: file missing"):
        VendorKnowledge.from_texts(texts, "fixtures")
