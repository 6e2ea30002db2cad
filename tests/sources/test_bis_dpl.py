"""BIS Denied Persons List (dpl.txt)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from offramp.model import Address, DateValue, Entity, PartialDate, Schema, SourceFormatError
from offramp.sources.bis_dpl import FORMAT, date_from_name
from offramp.sources.bis_dpl.mapper import entity_id
from offramp.sources.files import head

BIS = Path(__file__).parent.parent / "fixtures" / "lists" / "bis"
DPL = BIS / "dpl-2022-09-07.txt"
BAD = BIS / "bad"


def by_name(entities: Sequence[Entity], name: str) -> Entity:
    found = [e for e in entities if e.caption == name]
    assert len(found) == 1
    return found[0]


def test_counts_and_metadata() -> None:
    parsed = FORMAT.read(DPL)
    assert parsed.format == "bis-dpl-txt"
    assert parsed.source == "bis-dpl"
    assert parsed.files == [DPL]
    assert parsed.publisher_date == date(2022, 9, 7)  # from the file name only
    # 581 rows, one per (party, address, order), are 459 parties.
    assert sum(len(e.record["rows"]) for e in parsed.entities) == 581
    assert len(parsed.entities) == 459
    assert len({e.id for e in parsed.entities}) == 459
    assert all(e.schema is Schema.LEGAL_ENTITY for e in parsed.entities)
    assert all(e.source_list == "DPL" for e in parsed.entities)


def test_dahua_electronics_false_friend() -> None:
    dahua = by_name(FORMAT.read(DPL).entities, "DAHUA ELECTRONICS CORPORATION")
    assert dahua.addresses == (Address(street="134-12 59HT AVENUE", city="FLUSHING",
                                       region="NY", postal_code="11355"),)
    assert dahua.countries == ()  # the row leaves Country empty; not guessed
    assert dahua.listed_on == DateValue(PartialDate(2017, 9, 28))
    assert dahua.properties["endDate"] == ("2025-11-19",)
    assert dahua.properties["federalRegisterNotice"] == ("82 F.R. 46480 10/5/2017",)
    assert dahua.id == entity_id("DAHUA ELECTRONICS CORPORATION")


def test_rows_of_one_party_are_merged() -> None:
    entities = FORMAT.read(DPL).entities
    nasser = by_name(entities, "ABDULAH AL NASSER")
    assert len(nasser.record["rows"]) == 2
    assert [a.street for a in nasser.addresses] == [
        "605 TRAIL LAKE DRIVE", "908 AUDELIA ROAD, SUIE 200, PMB #245"]
    assert nasser.countries == ("US",)
    # " I. ASH" (leading space) and "I. ASH" are one party under two orders.
    ash = by_name(entities, "I. ASH")
    assert len(ash.record["rows"]) > 1
    assert ash.properties["startDate"] == ("2002-03-04", "2003-06-19")
    assert ash.listed_on == DateValue(PartialDate(2002, 3, 4))  # the earliest order
    freight = by_name(entities, "AIR FREIGHT LTD")
    assert freight.countries == ("IQ", "AE", "JO")
    assert len(freight.addresses) == 4


def test_ids_are_stable_and_entities_round_trip(tmp_path: Path) -> None:
    first = FORMAT.read(DPL).entities
    # The same file under another name: same ids, no date from the name.
    renamed = tmp_path / "dpl.txt"
    shutil.copy(DPL, renamed)
    again = FORMAT.read(renamed)
    assert again.publisher_date is None
    assert [e.id for e in again.entities] == [e.id for e in first]
    assert all(e.id.startswith("dpl-") and len(e.id) == 20 for e in first)
    for entity in first:
        assert Entity.from_dict(json.loads(json.dumps(entity.to_dict()))) == entity


def test_date_from_name() -> None:
    assert date_from_name(Path("dpl-2022-09-07.txt")) == date(2022, 9, 7)
    assert date_from_name(Path("dpl.txt")) is None
    assert date_from_name(Path("dpl-2022-13-07.txt")) is None


def test_sniff() -> None:
    assert FORMAT.sniff(DPL, head(DPL))
    csl = BIS.parent / "csl" / "consolidated-sample-2025.csv"
    assert not FORMAT.sniff(csl, head(csl))
    assert not FORMAT.sniff(Path("x"), b"") and not FORMAT.sniff(Path("x"), bytes(range(256)))


@pytest.mark.parametrize(("name", "where", "words"), [
    ("truncated-in-quote.txt", "line 11", "unexpected end of data"),
    ("truncated-row.txt", "line 11", "expected 12 tab-separated fields, found 7"),
    ("wrong-header.txt", "line 1", "not a Denied Persons List header"),
    ("bad-bytes.txt", "byte 995", "not valid utf-8 or cp1252"),
    ("bad-date.txt", "line 4, column Effective_Date", "not a date: '02/30/2022'"),
    ("header-only.txt", None, "no entries"),
])
def test_bad_files(name: str, where: str | None, words: str) -> None:
    with pytest.raises(SourceFormatError) as caught:
        FORMAT.read(BAD / name)
    assert caught.value.path == str(BAD / name)
    assert caught.value.where == where
    assert words in caught.value.problem
