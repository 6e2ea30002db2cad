"""The ownership CSV (docs/ownership.md): the example file, resolution, every error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from offramp.model import Entity, SourceFormatError
from offramp.ownership import (
    EdgeKind,
    ExposureKind,
    OwnershipEdge,
    OwnershipGraph,
    analyse,
    parse_ownership_csv,
    read_ownership_csv,
)
from offramp.sources.custom import FORMAT as CUSTOM

TESTS = Path(__file__).parent.parent
FIXTURES = TESTS / "fixtures" / "ownership"
HOLDINGS = FIXTURES / "holdings.csv"
BAD = FIXTURES / "bad"
DOC = TESTS.parent / "docs" / "ownership.md"


@pytest.fixture(scope="module")
def watchlist() -> list[Entity]:
    """acme-001 Hikvision, acme-002 Dahua, acme-004 OCEAN EXAMPLE, acme-005 Example Holdings."""
    return list(CUSTOM.read(TESTS / "fixtures" / "lists" / "custom" / "example.csv").entities)


def test_example_file_is_the_one_in_the_docs() -> None:
    blocks = re.findall(r"```csv\n(.*?)```", DOC.read_text("utf-8"), re.S)
    assert HOLDINGS.read_text("utf-8") in blocks


def test_example_file(watchlist: list[Entity]) -> None:
    parsed = read_ownership_csv(HOLDINGS, entities=watchlist)
    edges = parsed.edges
    assert len(edges) == 10
    first = edges[0]
    assert first == OwnershipEdge(
        owner="acme-001", owned="name:northwind vision gmbh", percent=60.0,
        kind=EdgeKind.OWNERSHIP, source="Company register extract", source_date="2025-01-15",
        citation=f"{HOLDINGS} line 2, https://register.example.invalid/northwind",
        owner_label="Hangzhou Hikvision Digital Technology Co. Ltd.",
        owned_label="Northwind Vision GmbH",
    )
    # Owners given by name resolve to the watchlist entry: its primary name, then an alias.
    assert edges[1].owner == "acme-001" and edges[3].owner == "acme-001"
    assert edges[3].owner_label == "Hangzhou Hikvision Digital Technology Co. Ltd."
    assert (edges[6].percent, edges[6].kind) == (None, EdgeKind.OWNERSHIP)
    assert (edges[7].owner, edges[7].kind) == ("acme-005", EdgeKind.CONTROL)
    assert (edges[9].owned, edges[9].kind) == ("acme-004", EdgeKind.LINKED)
    assert edges[8].percent == 49.99
    assert parsed.warnings[0] == (
        "lines 2, 7: 'Northwind Vision GmbH' matches no given entity; kept as the named party "
        "'name:northwind vision gmbh'")
    assert len(parsed.warnings) == 8  # one per party not on the watchlist


def test_example_file_under_the_rule(watchlist: list[Entity]) -> None:
    graph = OwnershipGraph(read_ownership_csv(HOLDINGS, entities=watchlist).edges)
    analysis = analyse(graph, {"acme-001", "acme-002"})
    assert {graph.label(n): e.total_percent for n, e in analysis.derived.items()} == {
        "Northwind Vision GmbH": 60.0,  # 60% owned by Hikvision
        "Northwind Service Kft.": 50.0,  # 50% owned by Northwind, itself blocked
        "Southbridge Security Ltd": 60.0,  # 30% Hikvision + 30% Dahua
    }
    kinds = {graph.label(n): e.kind for n, e in analysis.related.items()}
    assert kinds == {
        "Eastgate Cameras LLC": ExposureKind.MINORITY,  # 30% + 30% by an unlisted party
        "Lakeside Distribution Sp. z o.o.": ExposureKind.MINORITY,  # 49.99%
        "Westfield Integrators BV": ExposureKind.SHARE_UNKNOWN,
        "OCEAN EXAMPLE": ExposureKind.LINKED,
    }
    assert analysis.derived["name:northwind service kft"].explain() == (
        "blocked by the 50% rule (OFAC): Hangzhou Hikvision Digital Technology Co. Ltd. owns "
        "50% through Northwind Vision GmbH (blocked); 50% in aggregate (threshold 50%)")
    # Example Holdings (acme-005) controls Harbour Optics: exposure once it is blocked.
    later = analyse(graph, {"acme-005"})
    assert later.related["name:harbour optics ltd"].kind is ExposureKind.CONTROLLED


def test_semicolons_bom_crlf_and_decimal_commas(watchlist: list[Entity]) -> None:
    parsed = read_ownership_csv(FIXTURES / "holdings-semicolon.csv", entities=watchlist)
    assert [(e.owner, e.owned, e.percent, e.source, e.source_date) for e in parsed.edges] == [
        ("acme-001", "name:northwind vision gmbh", 60.5, "Handelsregister", "2025-01-15"),
        ("acme-002", "name:southbridge security ltd", 25.25, "Register", "2025"),
    ]


def test_without_entities_everything_is_a_named_party() -> None:
    parsed = parse_ownership_csv("owner,owned,percent\nacme-001,Northwind,60\n")
    assert parsed.edges[0].owner == "name:acme 001"
    assert parsed.edges[0].source == "<ownership csv>"
    assert parsed.edges[0].citation == "<ownership csv> line 2"


def test_ambiguous_names_unknown_columns_and_empty_files(watchlist: list[Entity]) -> None:
    twins = [*watchlist, Entity.from_dict({**watchlist[0].to_dict(), "id": "acme-101"})]
    parsed = parse_ownership_csv("Owner,Owned,Percent,Remark\nHikvision,Foo,10,x\n",
                                 entities=twins)
    assert parsed.edges[0].owner == "name:hikvision"
    assert parsed.warnings[:2] == [
        "column(s) not read: remark (known: owner, owned, percent, source, date, kind, "
        "citation)",
        "line 2: owner 'Hikvision' matches several entities (acme-001, acme-101); kept as the "
        "named party 'name:hikvision' - give the list id instead",
    ]
    empty = parse_ownership_csv("owner,owned,percent\n\n")
    assert (list(empty.edges), list(empty.warnings)) == ([], ["the file has a header but no rows"])


@pytest.mark.parametrize(("name", "where", "words"), [
    ("percent-over-100.csv", "line 3, column percent",
     "percent '120' is outside 0-100; write one number from 0 to 100"),
    ("percent-negative.csv", "line 2, column percent", "percent '-5' is outside 0-100"),
    ("percent-range.csv", "line 3, column percent", "percent '25-50%' is a range"),
    ("percent-text.csv", "line 2, column percent", "percent 'about half' is not a number"),
    ("missing-owner.csv", "line 4, column owner", "empty owner"),
    ("missing-owned.csv", "line 2, column owned", "empty owned"),
    ("owner-not-a-name.csv", "line 2, column owner", "'---' does not name a party"),
    ("missing-column.csv", "line 1", "missing required column 'percent'"),
    ("duplicate-column.csv", "line 1, column source", "column appears twice in the header"),
    ("bad-date.csv", "line 2, column date", "bad date '2025-13-01' (use YYYY, YYYY-MM or"),
    ("unknown-kind.csv", "line 2, column kind",
     "unknown kind 'subsidiary' (use one of ownership, control, linked)"),
    ("linked-with-percent.csv", "line 2, column percent", "a linked row takes no percent"),
    ("self-owned.csv", "line 2", "owner and owned are the same party (acme-001)"),
    ("wrong-field-count.csv", "line 2", "expected 5 fields separated by ',', found 4"),
    ("unclosed-quote.csv", "line 2", "malformed CSV"),
    ("latin1.csv", "line 2, byte 14", 'not UTF-8; save the file as "CSV UTF-8"'),
    ("empty.csv", None, "empty file (a header row is required"),
])
def test_bad_files(watchlist: list[Entity], name: str, where: str | None, words: str) -> None:
    path = BAD / name
    with pytest.raises(SourceFormatError) as caught:
        read_ownership_csv(path, entities=watchlist)
    assert caught.value.path == str(path)
    assert caught.value.where == where
    assert words in caught.value.problem


def test_every_bad_file_is_tested() -> None:
    tested = {p.name for p in BAD.iterdir()}
    assert len(tested) == 17


def test_missing_file() -> None:
    with pytest.raises(SourceFormatError, match="cannot open"):
        read_ownership_csv(FIXTURES / "no-such-file.csv")
