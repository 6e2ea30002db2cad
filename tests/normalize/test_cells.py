"""Cell values as text: the rules both the screening-file and the asset-register readers use."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from offramp.normalize.cells import cell_text, clean_text


@pytest.mark.parametrize(("value", "text"), [
    (None, ""), (" x ", "x"), (1234, "1234"), (1234.0, "1234"), (-0.5, "-0.5"),
    (1e20, "1e+20"), (float("nan"), ""), (True, "true"),
    (dt.datetime(2020, 1, 2), "2020-01-02"), (dt.datetime(2020, 1, 2, 3, 4), "2020-01-02T03:04:00"),
    (dt.date(2020, 1, 2), "2020-01-02"), (b"caf\xc3\xa9", "café"),
])
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_cell_text_decimal() -> None:
    assert cell_text(Decimal("1234.00")) == "1234"
    assert cell_text(Decimal("12345678901234567890")) == "12345678901234567890"
    assert cell_text(Decimal("1.50")) == "1.50"


def test_clean_text_replaces_lone_surrogates() -> None:
    assert clean_text("a\udcffb") == "a\ufffdb"
    assert cell_text("  caf\udce9 ") == "caf\ufffd"
