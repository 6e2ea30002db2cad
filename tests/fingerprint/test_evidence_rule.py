"""The combination rule: noisy-OR per vendor over kinds, contrary evidence discounting."""

from __future__ import annotations

import pytest

from offramp.fingerprint.combine import MIN_CONFIDENCE, decide, scores


def test_kinds_combine_by_noisy_or() -> None:
    (top,) = scores([("model", "dahua", 0.7), ("banner", "dahua", 0.5)])
    assert top.support == pytest.approx(1 - 0.3 * 0.5)
    assert top.contra == 0.0 and top.confidence == pytest.approx(0.85)


def test_the_same_kind_counts_once_at_its_strongest() -> None:
    (top,) = scores([("model", "hikvision", 0.75), ("model", "hikvision", 0.9),
                     ("model", "hikvision", 0.9)])
    assert top.confidence == pytest.approx(0.9)


def test_contrary_evidence_scales_support_down() -> None:
    (top,) = scores([("model", "hikvision", 0.9), ("oui", None, 0.2)])
    assert top.contra == pytest.approx(0.2)
    assert top.confidence == pytest.approx(0.9 * 0.8)


def test_conflicting_families_discount_each_other() -> None:
    ranked = scores([("model", "hikvision", 0.9), ("oui", "dahua", 0.85)])
    assert [s.vendor for s in ranked] == ["hikvision", "dahua"]
    assert ranked[0].confidence == pytest.approx(0.9 * 0.15)
    assert decide(ranked) == (None, pytest.approx(0.135))


def test_more_independent_evidence_ranks_higher() -> None:
    one = scores([("white-label", "dahua", 0.35)])[0].confidence
    two = scores([("white-label", "dahua", 0.35), ("model", "dahua", 0.75)])[0].confidence
    assert one < MIN_CONFIDENCE < two


def test_order_does_not_matter_and_ties_break_by_id() -> None:
    items = [("model", "zte", 0.6), ("model", "huawei", 0.6)]
    assert scores(items) == scores(items[::-1])
    assert [s.vendor for s in scores(items)] == ["huawei", "zte"]


@pytest.mark.parametrize(("evidence", "expected"), [
    ([], (None, 0.0)),
    ([("oui", None, 0.2)], (None, 0.0)),
    ([("white-label", "dahua", 0.35)], (None, 0.35)),
    ([("oui", "hikvision", 0.5)], ("hikvision", 0.5)),
])
def test_a_vendor_is_named_only_from_the_minimum(
        evidence: list[tuple[str, str | None, float]],
        expected: tuple[str | None, float]) -> None:
    assert decide(scores(evidence)) == expected
