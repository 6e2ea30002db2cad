"""UN Security Council consolidated list XML, on the real 2026-02-27 file."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from offramp.model import (
    Address,
    DateValue,
    Entity,
    Identifier,
    NameKind,
    PartialDate,
    Schema,
    SourceFormatError,
)
from offramp.model import identifiers as ids
from offramp.sources.base import ParsedList
from offramp.sources.files import head
from offramp.sources.un import FORMAT
from offramp.sources.un.mapper import birth_date, parse_date

FIXTURES = Path(__file__).parent.parent / "fixtures" / "lists"
UN = FIXTURES / "un" / "consolidated-2026-02-27.xml.gz"
CONS = FIXTURES / "ofac-advanced" / "cons_advanced-2020-03-17.xml.gz"

SMALL = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<CONSOLIDATED_LIST xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    dateGenerated="2024-02-01T00:00:00.000Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>1</DATAID>
      <FIRST_NAME>TEST</FIRST_NAME>
      <SECOND_NAME>PERSON</SECOND_NAME>
      <UN_LIST_TYPE>DRC</UN_LIST_TYPE>
      <REFERENCE_NUMBER>CDi.900</REFERENCE_NUMBER>
      <LISTED_ON>2020-01-01</LISTED_ON>
      <INDIVIDUAL_DATE_OF_BIRTH>
        <TYPE_OF_DATE>EXACT</TYPE_OF_DATE>
        <DATE>1970-13-45</DATE>
      </INDIVIDUAL_DATE_OF_BIRTH>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <DATAID>2</DATAID>
      <FIRST_NAME>OTHER</FIRST_NAME>
      <UN_LIST_TYPE>DRC</UN_LIST_TYPE>
      <REFERENCE_NUMBER>CDi.901</REFERENCE_NUMBER>
      <LISTED_ON>2020-01-01</LISTED_ON>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES/>
</CONSOLIDATED_LIST>
"""


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return FORMAT.read(UN)


@pytest.fixture(scope="module")
def by_id(parsed: ParsedList) -> dict[str, Entity]:
    return {e.id: e for e in parsed.entities}


def test_format_attributes() -> None:
    assert FORMAT.name == "un-sc-xml"
    assert FORMAT.default_source == "un-sc"
    assert FORMAT.description


def test_real_file_counts(parsed: ParsedList) -> None:
    assert parsed.source == "un-sc"
    assert parsed.format == "un-sc-xml"
    assert parsed.publisher_date == date(2026, 2, 27)
    assert list(parsed.files) == [UN]
    schemas = [e.schema for e in parsed.entities]
    assert schemas.count(Schema.PERSON) == 730
    assert schemas.count(Schema.LEGAL_ENTITY) == 273
    assert len(parsed.entities) == 1003
    # Individuals come first in the file, and file order is kept.
    assert parsed.entities[0].id == "CDi.001"
    assert parsed.entities[729].schema is Schema.PERSON
    assert parsed.entities[730].schema is Schema.LEGAL_ENTITY
    weak = sum(1 for e in parsed.entities for n in e.names if n.kind is NameKind.WEAK)
    assert weak == 619  # 615 "Low" aliases, some holding several ";"-separated names
    assert not parsed.warnings


def test_real_first_entry(by_id: dict[str, Entity]) -> None:
    badege = by_id["CDi.001"]
    assert badege.caption == "ERIC BADEGE"
    assert badege.birth_dates == (DateValue.year(1971),)
    assert badege.nationalities == ("CD",)
    assert badege.gender == "male"
    assert badege.programs == ("DRC",)
    assert badege.listed_on == DateValue(PartialDate(2012, 12, 31))
    assert badege.addresses == (Address(country="RW"),)
    assert badege.record["DATAID"] == "6907993"
    assert badege.record["INDIVIDUAL_ADDRESS"] == [{"COUNTRY": "Rwanda",
                                                    "NOTE": "as of early 2016"}]
    assert badege.remarks is not None and badege.remarks.startswith("He fled to Rwanda")


def test_real_approximate_birth_date(by_id: dict[str, Entity]) -> None:
    mujyambere = by_id["CDi.014"]
    assert mujyambere.caption == "LEOPOLD MUJYAMBERE"
    assert mujyambere.birth_dates == (DateValue(PartialDate(1962, 3, 17)),
                                      DateValue.year(1966, circa=True))


def test_real_birth_year_range_and_low_quality_aliases(by_id: dict[str, Entity]) -> None:
    ntaganda = by_id["CDi.030"]
    assert ntaganda.caption == "BOSCO TAGANDA"
    assert ntaganda.birth_dates == (DateValue(PartialDate(1973), PartialDate(1974)),)
    assert ntaganda.birth_places == ("Bigogwe, Rwanda",)
    weak = [n.value for n in ntaganda.names if n.kind is NameKind.WEAK]
    assert weak == ["Lydia", "Terminator", "Tango Romeo", "Romeo", "Major"]
    assert ("Bosco Ntaganda", NameKind.AKA) in [(n.value, n.kind) for n in ntaganda.names]


def test_real_documents_with_issuing_country(by_id: dict[str, Entity]) -> None:
    adam = by_id["CFi.002"]
    assert adam.caption == "NOURREDINE ADAM"
    assert adam.identifiers[0] == Identifier(ids.PASSPORT, "D00001184", "CF", "Passport")
    assert Identifier(ids.NATIONAL_ID, "20227088368", "SD",
                      "National Identification Number") in adam.identifiers
    issued = adam.identifiers[1]
    assert (issued.type, issued.value, issued.country) == (ids.PASSPORT, "P04838205", None)
    assert issued.note is not None and issued.note.startswith("issued 2018-06-10")
    # TYPE_OF_DOCUMENT2 refines the type: kept as a note.
    ngaruye = by_id["CDi.019"]
    assert ngaruye.identifiers == (Identifier(ids.NATIONAL_ID, "1-78-09-44621-80", None,
                                              "National Identification Number", "FARDC ID"),)


def test_real_original_script_name(by_id: dict[str, Entity]) -> None:
    saddam = by_id["IQi.001"]
    assert saddam.caption == "SADDAM HUSSEIN AL-TIKRITI"
    arabic = [n for n in saddam.names if n.script == "Arab"]
    assert [(n.value, n.kind) for n in arabic] == [("صدام حسين التكريتي", NameKind.PRIMARY)]
    assert ("Abu Ali", NameKind.WEAK) in [(n.value, n.kind) for n in saddam.names]


def test_real_alias_details(by_id: dict[str, Entity]) -> None:
    # One ALIAS_NAME holding two spellings separated by ";".
    assert [n.value for n in by_id["IRi.003"].names] == [
        "AZIM AGHAJANI", "Azim Adhajani", "Azim Agha-Jani"]
    # An alias with its own date of birth adds a birth date.
    assert by_id["KPi.016"].birth_dates == (DateValue(PartialDate(1957, 4, 15)),
                                            DateValue(PartialDate(1958, 2, 22)))
    # LISTED_ON with a time-zone tail ("2015-04-07-04:00").
    assert by_id["QDi.352"].record["LISTED_ON"] == "2015-04-07-04:00"
    assert by_id["QDi.352"].listed_on == DateValue(PartialDate(2015, 4, 7))


def test_real_entity(by_id: dict[str, Entity]) -> None:
    adf = by_id["CDe.001"]
    assert adf.schema is Schema.LEGAL_ENTITY
    assert [(n.value, n.kind) for n in adf.names[:3]] == [
        ("ADF", NameKind.PRIMARY), ("Allied Democratic Forces", NameKind.AKA),
        ("Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda",
         NameKind.FKA)]
    assert adf.addresses == (Address(region="North Kivu", country="CD"),)
    assert adf.countries == ("CD",)
    assert adf.listed_on == DateValue(PartialDate(2014, 6, 30))


def test_real_entities_round_trip(parsed: ParsedList) -> None:
    for entity in parsed.entities:
        data = json.loads(json.dumps(entity.to_dict()))
        assert Entity.from_dict(data) == entity


def test_sniff() -> None:
    assert FORMAT.sniff(UN, head(UN))
    assert not FORMAT.sniff(CONS, head(CONS))


@pytest.mark.parametrize(("record", "expected"), [
    ({"TYPE_OF_DATE": "EXACT", "DATE": "1962-03-17"}, "1962-03-17"),
    ({"TYPE_OF_DATE": "EXACT", "YEAR": "1971"}, "1971"),
    ({"TYPE_OF_DATE": "APPROXIMATELY", "YEAR": "1966"}, "~1966"),
    ({"TYPE_OF_DATE": "APPROXIMATELY", "DATE": "1960-05-00"}, "~1960-05"),
    ({"TYPE_OF_DATE": "BETWEEN", "FROM_YEAR": "1973", "TO_YEAR": "1974"}, "1973/1974"),
])
def test_birth_date(record: dict[str, str], expected: str) -> None:
    assert birth_date(record) == DateValue.parse(expected)


def test_empty_birth_dates_state_nothing() -> None:
    assert birth_date({"TYPE_OF_DATE": "BETWEEN"}) is None
    assert birth_date({}) is None
    with pytest.raises(ValueError):
        parse_date("sometime")


# -- failures ------------------------------------------------------------------------------


def _write(tmp_path: Path, text: str, name: str = "consolidated.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_unreadable_date_is_a_warning_not_a_lost_entry(tmp_path: Path) -> None:
    parsed = FORMAT.read(_write(tmp_path, SMALL))
    assert [e.id for e in parsed.entities] == ["CDi.900", "CDi.901"]
    assert parsed.entities[0].birth_dates == ()
    assert parsed.entities[0].record["INDIVIDUAL_DATE_OF_BIRTH"] == [
        {"TYPE_OF_DATE": "EXACT", "DATE": "1970-13-45"}]
    assert len(parsed.warnings) == 1 and "CDi.900" in parsed.warnings[0]
    assert parsed.publisher_date == date(2024, 2, 1)


def test_missing_reference_number(tmp_path: Path) -> None:
    bad = _write(tmp_path, SMALL.replace("<REFERENCE_NUMBER>CDi.901</REFERENCE_NUMBER>", ""))
    with pytest.raises(SourceFormatError, match="REFERENCE_NUMBER") as err:
        FORMAT.read(bad)
    assert err.value.where == "<INDIVIDUAL> #2 (DATAID 2)"


def test_duplicate_reference_number(tmp_path: Path) -> None:
    bad = _write(tmp_path, SMALL.replace("CDi.901", "CDi.900"))
    with pytest.raises(SourceFormatError, match=r"CDi\.900 also used by <INDIVIDUAL> #1"):
        FORMAT.read(bad)


def test_entry_without_name(tmp_path: Path) -> None:
    bad = _write(tmp_path, SMALL.replace("<FIRST_NAME>OTHER</FIRST_NAME>", ""))
    with pytest.raises(SourceFormatError, match="no name"):
        FORMAT.read(bad)


def test_truncated_file_names_the_line(tmp_path: Path) -> None:
    text = gzip.decompress(UN.read_bytes()).decode("utf-8")
    cut_at = text.index("<REFERENCE_NUMBER>CDi.030")
    cut = _write(tmp_path, text[:cut_at])
    with pytest.raises(SourceFormatError) as err:
        FORMAT.read(cut)
    assert err.value.where is not None and err.value.where.startswith("line ")
    assert "complete records" in err.value.problem


def test_truncated_gzip(tmp_path: Path) -> None:
    data = UN.read_bytes()
    cut = tmp_path / "consolidated.xml.gz"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceFormatError, match="gzip"):
        FORMAT.read(cut)


def test_wrong_encoding_names_the_line(tmp_path: Path) -> None:
    text = SMALL.replace("OTHER", "ÖTHER")
    bad = tmp_path / "consolidated.xml"
    bad.write_bytes(text.encode("latin-1"))  # declares UTF-8
    with pytest.raises(SourceFormatError) as err:
        FORMAT.read(bad)
    line = text[: text.index("ÖTHER")].count("\n") + 1
    assert err.value.where is not None and err.value.where.startswith(f"line {line},")


def test_bad_date_generated(tmp_path: Path) -> None:
    bad = _write(tmp_path, SMALL.replace("2024-02-01T00:00:00.000Z", "yesterday"))
    with pytest.raises(SourceFormatError, match="dateGenerated"):
        FORMAT.read(bad)


def test_ofac_file_is_not_a_un_list() -> None:
    with pytest.raises(SourceFormatError, match=r"expected <CONSOLIDATED_LIST>.*<Sanctions>"):
        FORMAT.read(CONS)
