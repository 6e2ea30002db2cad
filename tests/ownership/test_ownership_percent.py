"""Shares as sources write them, and percentages as people read them."""

from __future__ import annotations

import pytest

from offramp.ownership import format_percent, parse_percent


@pytest.mark.parametrize(("text", "value"), [
    ("51", 51.0), ("51%", 51.0), (" 51 % ", 51.0), ("51.5", 51.5), ("51,5", 51.5),
    ("100", 100.0), ("100.00", 100.0), ("0", 0.0), ("0.51", 0.51), ("49.99", 49.99),
])
def test_numbers(text: str, value: float) -> None:
    parsed = parse_percent(text)
    assert (parsed.value, parsed.problem, parsed.note) == (value, None, None)


@pytest.mark.parametrize(("text", "problem"), [
    ("25-50", "a range"), ("25 - 50%", "a range"), ("25–50", "a range"),
    ("10 to 20", "a range"), (">50", "a bound, not a share"),
    ("more than 25", "a bound, not a share"), ("50+", "a bound, not a share"),
    ("120", "outside 0-100"), ("-5", "outside 0-100"), ("about half", "not a number"),
    ("n/a", "not a number"),
])
def test_text_that_is_not_one_share(text: str, problem: str) -> None:
    parsed = parse_percent(text)
    assert (parsed.value, parsed.problem) == (None, problem)
    assert parsed.note == f"share {text.strip()!r} is {problem}: not counted"


@pytest.mark.parametrize("text", [None, "", "   "])
def test_nothing_stated(text: str | None) -> None:
    assert parse_percent(text) == parse_percent(None)
    assert parse_percent(text).value is None and parse_percent(text).note is None


@pytest.mark.parametrize(("value", "text"), [
    (30.0, "30"), (25.5, "25.5"), (49.99, "49.99"), (46.875, "46.875"), (0.0, "0"),
    (100.0, "100"), (0.1 * 3, "0.3"), (33.333333, "33.3333"), (None, "?"),
    # Cut, never rounded up across the threshold.
    (49.99999, "49.9999"), (99.99999999999, "100"),
])
def test_format_percent(value: float | None, text: str) -> None:
    assert format_percent(value) == text
