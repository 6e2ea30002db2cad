"""The registry file formats: IEEE CSV and Wireshark manuf, good and damaged files."""

from __future__ import annotations

from pathlib import Path

import pytest

from offramp.fingerprint.oui_files import parse_ieee_csv, parse_wireshark_manuf
from offramp.model import SourceFormatError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fingerprint"
IEEE = FIXTURES / "ieee"
BAD = FIXTURES / "bad"


def _text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def test_ieee_files_parse_every_row() -> None:
    ma_l = parse_ieee_csv(_text(IEEE / "oui.csv"), "oui.csv", "MA-L")
    ma_m = parse_ieee_csv(_text(IEEE / "mam.csv"), "mam.csv", "MA-M")
    ma_s = parse_ieee_csv(_text(IEEE / "oui36.csv"), "oui36.csv", "MA-S")
    assert (len(ma_l), len(ma_m), len(ma_s)) == (67, 9, 9)
    hik = next(r for r in ma_l if r.assignment == "0C75D2")
    assert hik.organisation == "Hangzhou Hikvision Digital Technology Co.,Ltd."
    assert hik.registry == "MA-L" and hik.line > 1
    scale = next(r for r in ma_m if r.assignment == "402C761")
    assert scale.organisation == "Shanghai Dahua Scale Factory"
    assert {len(r.assignment) for r in ma_s} == {9}


@pytest.mark.parametrize(("name", "where", "problem"), [
    ("oui-truncated.csv", "end of file", "truncated"),
    ("oui-bad-assignment.csv", "line 13", "not 6 hex digits"),
    ("oui-wrong-header.csv", "line 1", "not an IEEE registry header"),
    ("oui-unclosed-quote.csv", "line 9", "broken CSV row"),
    ("oui-header-only.csv", None, "no assignments"),
    ("error-page.html", "line 1", "not an IEEE registry header"),
])
def test_damaged_ieee_files_name_file_and_place(name: str, where: str | None,
                                                problem: str) -> None:
    with pytest.raises(SourceFormatError) as caught:
        parse_ieee_csv(_text(BAD / name), name, "MA-L")
    assert caught.value.path == name
    assert caught.value.where == where
    assert problem in caught.value.problem


def test_a_file_of_the_wrong_registry_is_refused() -> None:
    with pytest.raises(SourceFormatError, match="registry 'MA-M' in a MA-L file") as caught:
        parse_ieee_csv(_text(IEEE / "mam.csv"), "oui.csv", "MA-L")
    assert caught.value.where == "line 2"


def test_manuf_small_blocks_with_long_names() -> None:
    rows = parse_wireshark_manuf(_text(FIXTURES / "wireshark-manuf-excerpt.txt"), "manuf",
                                 frozenset({28, 36}))
    assert [(r.registry, r.assignment, r.organisation) for r in rows] == [
        ("MA-S", "001BC5000", "Converging Systems Inc."),
        ("MA-S", "0050C20EB", "iREZ Technologies LLC"),
        ("MA-M", "0055DA0", "Shinko Technos co.,ltd."),
        ("MA-M", "0055DA1", "KoolPOS Inc."),
        ("MA-M", "402C761", "Shanghai Dahua Scale Factory"),
    ]


def test_manuf_ma_l_lines_skip_empty_fields_and_comments() -> None:
    rows = parse_wireshark_manuf(_text(FIXTURES / "wireshark-manuf-excerpt.txt"), "manuf",
                                 frozenset({24}))
    by_prefix = {r.assignment: r.organisation for r in rows}
    assert by_prefix["0000D1"] == "Adaptec, Inc."  # empty third field, comment dropped
    assert by_prefix["000013"] == "Camex"  # short name only
    assert by_prefix["4419B6"] == "Hangzhou Hikvision Digital Technology Co.,Ltd."


def test_manuf_damaged_prefix_names_the_line() -> None:
    with pytest.raises(SourceFormatError) as caught:
        parse_wireshark_manuf(_text(BAD / "manuf-bad-prefix.txt"), "manuf-bad-prefix.txt",
                              frozenset({28}))
    assert caught.value.where == "line 3"
    assert "00:55:XZ" in caught.value.problem
