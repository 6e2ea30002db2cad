"""Custom watchlist CSV (docs/custom-list.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from offramp.model import (
    DateValue,
    Entity,
    Identifier,
    NameKind,
    PartialDate,
    Schema,
    SourceFormatError,
)
from offramp.sources.custom import FORMAT
from offramp.sources.files import head

ROOT = Path(__file__).parent.parent.parent
CUSTOM = ROOT / "tests" / "fixtures" / "lists" / "custom"
EXAMPLE = CUSTOM / "example.csv"
SEMICOLON = CUSTOM / "example-semicolon.csv"
BAD = CUSTOM / "bad"


def test_example_file() -> None:
    parsed = FORMAT.read(EXAMPLE)
    assert parsed.format == "custom-csv"
    assert parsed.source == "custom"
    assert parsed.warnings == []
    assert [e.id for e in parsed.entities] == [
        "acme-001", "acme-002", "acme-003", "acme-004", "acme-005"]
    hik, dahua, person, vessel, holding = parsed.entities
    assert hik.schema is Schema.COMPANY
    assert [(n.value, n.kind, n.script) for n in hik.names] == [
        ("Hangzhou Hikvision Digital Technology Co. Ltd.", NameKind.PRIMARY, "Latn"),
        ("Hikvision", NameKind.AKA, "Latn"),
        ("杭州海康威视数字技术股份有限公司", NameKind.AKA, "Hani")]
    assert hik.identifiers == (Identifier("uscc", "91330000733796106P", "CN", "uscc"),
                               Identifier("isin", "CNE100000PM8", None, "isin"))
    assert hik.programs == ("supplier-ban",)
    assert hik.remarks == "Banned supplier, decided by the board on 2024-05-10"
    assert hik.source_url == "https://intranet.example.com/policy/supplier-ban"
    assert dahua.countries == ("CN",)
    assert person.schema is Schema.PERSON
    assert person.countries == ("GB", "US")  # "United States" by name
    assert person.birth_dates == (DateValue(PartialDate(1970, 5)), DateValue.year(1971))
    assert [(i.type, i.value, i.country) for i in person.identifiers] == [
        ("passport", "123456789", "GB"), ("email", "jq@example.com", None)]
    assert vessel.schema is Schema.VESSEL and vessel.countries == ("PA",)
    assert holding.schema is Schema.LEGAL_ENTITY  # empty schema cell
    assert holding.identifiers == (
        Identifier("website", "https://www.example.com", None, "website"),)
    assert hik.record["aliases"] == "Hikvision;杭州海康威视数字技术股份有限公司"
    for entity in parsed.entities:
        assert Entity.from_dict(json.loads(json.dumps(entity.to_dict()))) == entity


def test_semicolon_delimiter_bom_and_header_case() -> None:
    parsed = FORMAT.read(SEMICOLON)
    assert [e.id for e in parsed.entities] == ["wl-1", "wl-2"]
    hik, dahua = parsed.entities
    assert hik.caption == "Hangzhou Hikvision Digital Technology Co., Ltd."
    assert [n.value for n in hik.names[1:]] == ["Hikvision", "HIKVISION"]
    assert dahua.countries == ("CN",)  # "China"


def test_docs_example_is_the_fixture() -> None:
    docs = (ROOT / "docs" / "custom-list.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```csv\n(.*?)```", docs, flags=re.S)
    assert blocks[0] == EXAMPLE.read_text(encoding="utf-8")
    assert blocks[1] == SEMICOLON.read_text(encoding="utf-8-sig")


def test_unknown_columns_are_kept_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("id,name,owner\nx-1,Example Co,procurement\n", encoding="utf-8")
    parsed = FORMAT.read(path)
    assert parsed.entities[0].record["owner"] == "procurement"
    assert "owner" in parsed.warnings[0]


def test_header_only_is_an_empty_list(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("id,name\n", encoding="utf-8")
    parsed = FORMAT.read(path)
    assert parsed.entities == []
    assert parsed.warnings == ["the list has a header but no entries"]


def test_sniff() -> None:
    assert FORMAT.sniff(EXAMPLE, head(EXAMPLE)) and FORMAT.sniff(SEMICOLON, head(SEMICOLON))
    csl = CUSTOM.parent / "csl" / "consolidated-sample-2025.csv"
    assert not FORMAT.sniff(csl, head(csl))
    assert not FORMAT.sniff(Path("x"), b"") and not FORMAT.sniff(Path("x"), bytes(range(256)))


@pytest.mark.parametrize(("name", "where", "words"), [
    ("missing-column.csv", "line 1", "missing required column 'name'"),
    ("duplicate-id.csv", "line 4, column id", "duplicate id 'acme-001' (first used on line 2)"),
    ("empty-id.csv", "line 2, column id", "empty id"),
    ("empty-name.csv", "line 3, column name", "empty name"),
    ("bad-date.csv", "line 3, column birth_date", "bad date '1970-13-01'"),
    ("us-date.csv", "line 2, column birth_date", "bad date '05/03/1970'"),
    ("unknown-schema.csv", "line 3, column schema", "unknown schema 'boat'"),
    ("unknown-country.csv", "line 3, column country", "unknown country 'Chna'"),
    ("bad-identifier.csv", "line 2, column identifiers", "is not type:value"),
    ("missing-field.csv", "line 2", "expected 4 fields separated by ','"),
    ("unclosed-quote.csv", "line 2", "unclosed quote"),
    ("cp1252.csv", "line 2, byte 14", 'save the file as "CSV UTF-8"'),
])
def test_bad_files(name: str, where: str, words: str) -> None:
    with pytest.raises(SourceFormatError) as caught:
        FORMAT.read(BAD / name)
    assert caught.value.path == str(BAD / name)
    assert caught.value.where == where
    assert words in caught.value.problem
