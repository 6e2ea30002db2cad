"""The restricted-vendor catalogue (docs/catalogue.md): the data file and its reader."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest

from offramp.lists.bundle import bundled_lists
from offramp.lists.loading import read_bundled
from offramp.model import (
    DateValue,
    Entity,
    Link,
    NameKind,
    PartialDate,
    Schema,
    SourceFormatError,
)
from offramp.sources.catalogue import FORMAT, SOURCE, catalogue_file
from offramp.sources.catalogue.checks import KINDS
from offramp.sources.catalogue.reader import COLUMNS, CatalogueRow, read_catalogue
from offramp.sources.registry import detect_format

FCC_FIVE = {
    "Huawei Technologies Company", "ZTE Corporation", "Hytera Communications Corporation",
    "Hangzhou Hikvision Digital Technology Company", "Dahua Technology Company",
}
PURPOSE = ("to the extent it is used for the purpose of public safety, security of government "
           "facilities, physical security surveillance of critical infrastructure, and other "
           "national security purposes")


@pytest.fixture(scope="module")
def rows() -> list[CatalogueRow]:
    return list(read_catalogue(catalogue_file()).rows)


@pytest.fixture(scope="module")
def entities() -> dict[str, Entity]:
    return {e.id: e for e in FORMAT.read(catalogue_file()).entities}


def listing(rows: list[CatalogueRow]) -> list[CatalogueRow]:
    return [r for r in rows if r.get("kind") != "white-label"]


# -- the data file -----------------------------------------------------------------------


def test_the_data_file_parses() -> None:
    parsed = FORMAT.read(catalogue_file())
    assert (parsed.source, parsed.format) == (SOURCE, "offramp-catalogue-csv")
    assert parsed.warnings == []
    assert parsed.publisher_date == date(2025, 12, 19)  # its newest source: OFAC's file
    assert len(parsed.entities) == 25
    assert {e.source for e in parsed.entities} == {SOURCE}


def test_every_listing_row_cites_a_source_with_dates(rows: list[CatalogueRow]) -> None:
    assert len(listing(rows)) >= 40
    for row in listing(rows):
        assert row.get("source_url").startswith("https://"), row.line
        for column in ("date", "source_date"):
            PartialDate.parse(row.get(column))  # present and a date
        assert row.get("instrument") and row.get("instrument_name"), row.line


def test_confirmed_is_yes_or_no_and_kinds_are_known(rows: list[CatalogueRow]) -> None:
    assert {r.get("confirmed") for r in rows} == {"yes", "no"}
    assert {r.get("kind") for r in rows} <= set(KINDS)


def test_the_five_fcc_manufacturers_are_there(rows: list[CatalogueRow]) -> None:
    fcc = {r.get("party"): r for r in rows if r.get("instrument") == "fcc-covered-list"}
    assert set(fcc) >= FCC_FIVE
    ndaa = {r.get("party") for r in rows if r.get("instrument") == "ndaa-889"}
    assert ndaa >= FCC_FIVE
    # The purpose wording limits the video-surveillance makers, not Huawei and ZTE.
    for name in ("Hytera Communications Corporation",
                 "Hangzhou Hikvision Digital Technology Company", "Dahua Technology Company"):
        assert PURPOSE in fcc[name].get("scope")
    assert PURPOSE not in fcc["ZTE Corporation"].get("scope")
    assert all("subsidiaries and affiliates" in fcc[name].get("scope") for name in FCC_FIVE)


def test_entity_list_rows_cite_the_federal_register(rows: list[CatalogueRow]) -> None:
    bis = {r.get("party_id"): r for r in rows if r.get("instrument") == "bis-entity-list"}
    for party in ("hikvision", "dahua"):
        assert bis[party].get("date") == "2019-10-09"
        assert bis[party].get("source_url").endswith("84-FR-54002")


def test_confirmed_rows_are_backed_by_the_bundled_ofac_list(rows: list[CatalogueRow]) -> None:
    """A "yes" is only ever given for what an official file offramp has proves: check it."""
    confirmed = [r for r in rows if r.get("confirmed") == "yes"]
    assert {r.get("party_id") for r in confirmed} >= {"hikvision", "huawei"}
    item = next(i for i in bundled_lists() if i.source == "ofac-cons")
    cons = {e.id: e for e in read_bundled(item).entities}
    for row in confirmed:
        assert "shared/data/lists" in row.get("note"), row.line
        if row.get("instrument") != "ofac-ns-cmic":
            continue
        ent_num = re.search(r"ent_num (\d+)", row.get("note"))
        assert ent_num, row.line
        entry = cons[ent_num[1]]
        assert entry.caption == row.get("party")
        assert entry.programs == ("CMIC-EO13959",)
        assert {a.upper() for a in row.cells["aliases"].split(";") if a} <= {
            n.value for n in entry.names}
        assert "Listing Date (CMIC) 03 Jun 2021" in entry.record["Remarks"]
        assert row.get("date") == "2021-06-03"


def test_white_label_rows_are_never_listings(rows: list[CatalogueRow]) -> None:
    white = [r for r in rows if r.get("kind") == "white-label"]
    assert {r.get("party") for r in white} >= {"Amcrest", "Lorex", "ANNKE",
                                               "truVision (Interlogix)"}
    for row in white:
        assert row.get("instrument") == "" and row.get("confirmed") == "no"
        assert "Not a listed party" in row.get("note")
        assert row.get("parent") in ("hikvision", "dahua")


def test_unconfirmed_rows_say_why(rows: list[CatalogueRow]) -> None:
    for row in rows:
        if row.get("confirmed") == "no":
            assert re.search(r"not checked|no primary source", row.get("note")), row.line


# -- the mapper ----------------------------------------------------------------------------


def test_one_entity_per_party_with_every_instrument(entities: dict[str, Entity]) -> None:
    hik = entities["hikvision"]
    assert hik.schema is Schema.COMPANY and hik.source_list == "manufacturer"
    assert hik.caption == "Hangzhou Hikvision Digital Technology Company"
    assert hik.programs == ("fcc-covered-list", "ndaa-889", "bis-entity-list", "ofac-ns-cmic")
    names = {(n.value, n.kind, n.script) for n in hik.names}
    assert ("杭州海康威视数字技术股份有限公司", NameKind.AKA, "Hani") in names
    assert ("HANGZHOU HIKVISION DIGITAL TECHNOLOGY", NameKind.AKA, "Latn") in names
    # A name repeated in another case is kept once ("HIKVISION" from OFAC = "Hikvision")...
    assert sum(n.value.casefold() == "hikvision" for n in hik.names) == 1
    # ...while each instrument's own wording stays with the entity.
    assert ("ofac-ns-cmic: HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."
            in hik.properties["partyName"])
    assert hik.countries == ("CN",)
    assert hik.listed_on == DateValue(PartialDate(2019, 8, 13))  # s.889, the earliest
    assert hik.source_url == "https://www.fcc.gov/supplychain/coveredlist"
    assert "ofac-ns-cmic: yes" in hik.properties["confirmed"]
    assert "fcc-covered-list: no" in hik.properties["confirmed"]
    assert any(PURPOSE in s for s in hik.properties["scope"])
    assert "bis-entity-list: 2019-10-09" in hik.properties["listingDate"]
    assert [r["instrument"] for r in hik.record["rows"]] == list(hik.programs)
    assert "ofac-ns-cmic 2021-06-03 (confirmed)" in (hik.remarks or "")


def test_subsidiaries_and_brands_link_to_their_parent(entities: dict[str, Entity]) -> None:
    ezviz = entities["ezviz"]
    assert ezviz.source_list == "subsidiary" and "EZVIZ" in {n.value for n in ezviz.names}
    assert ezviz.links == (Link("subsidiary_of", "Hangzhou Hikvision Digital Technology Company",
                                "hikvision", source=SOURCE),)
    assert ezviz.properties["parent"] == ("hikvision",)
    hilook = entities["hilook"]
    assert hilook.schema is Schema.LEGAL_ENTITY and hilook.links[0].relation == "brand_of"
    assert "Imou" in {n.value for n in entities["huacheng"].names}
    assert entities["proven-glory"].links[0].target_id == "huawei-holding"
    for party in ("hikmicro", "hikrobot", "prama-hikvision", "hiwatch", "huaray", "dahua-usa"):
        assert entities[party].links[0].target_id in ("hikvision", "dahua")


def test_white_label_brands_are_kept_apart_and_not_screened() -> None:
    parsed = FORMAT.read(catalogue_file())
    assert not any(e.source_list == "white-label" for e in parsed.entities)
    brands = parsed.extras["white_label"]
    assert {b["party"] for b in brands} >= {"Amcrest", "EmpireTech"}
    assert all(b["kind"] == "white-label" and b["instrument"] == "" for b in brands)


def test_detected_and_source_can_be_given(tmp_path: Path) -> None:
    assert detect_format(catalogue_file()).name == FORMAT.name
    parsed = FORMAT.read(catalogue_file(), source="my-catalogue")
    assert {e.source for e in parsed.entities} == {"my-catalogue"}


# -- malformed files -------------------------------------------------------------------------


def write(tmp_path: Path, rows: list[dict[str, str]], header: tuple[str, ...] = COLUMNS) -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "catalogue.csv"
    path.write_text(out.getvalue(), "utf-8")
    return path


def good(**changes: str) -> dict[str, str]:
    row = {
        "party_id": "acme", "instrument": "fcc-covered-list", "instrument_name": "FCC",
        "party": "Acme Cameras Ltd", "kind": "manufacturer", "parent": "", "aliases": "Acme",
        "country": "CN", "date": "2021-03-12", "scope": "", "source_url": "https://example.gov/x",
        "source_date": "2021-03-12", "confirmed": "no", "note": "not checked",
    }
    return row | changes


def fails(path: Path, where: str, problem: str) -> None:
    with pytest.raises(SourceFormatError) as caught:
        FORMAT.read(path)
    assert caught.value.where == where
    assert re.search(problem, caught.value.problem), caught.value.problem
    assert str(path) in str(caught.value)


def test_a_row_with_a_missing_field_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, [good(), good(party_id="other")])
    lines = path.read_text("utf-8").splitlines()
    lines[2] = lines[2].rsplit(",", 1)[0]  # drop the last field of line 3
    path.write_text("\n".join(lines) + "\n", "utf-8")
    fails(path, "line 3", "expected 14 fields, found 13")


def test_an_unclosed_quote_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, [good(), good(party_id="other")])
    text = path.read_text("utf-8").replace("Acme Cameras Ltd,", '"Acme Cameras Ltd,', 1)
    path.write_text(text, "utf-8")
    with pytest.raises(SourceFormatError) as caught:
        FORMAT.read(path)
    assert caught.value.where is not None and caught.value.where.startswith("line 2")


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    header = tuple(c for c in COLUMNS if c != "confirmed")
    fails(write(tmp_path, [good()], header), "line 1", "missing column.*confirmed")


@pytest.mark.parametrize(("changes", "column", "problem"), [
    ({"confirmed": "maybe"}, "confirmed", "not 'yes' or 'no'"),
    ({"confirmed": "Yes"}, "confirmed", "not 'yes' or 'no'"),
    ({"source_url": ""}, "source_url", "not a URL"),
    ({"date": ""}, "date", "empty"),
    ({"source_date": "12/03/2021"}, "source_date", "bad date"),
    ({"kind": "vendor"}, "kind", "unknown kind"),
    ({"party_id": "Acme Corp"}, "party_id", "lower-case"),
    ({"party": " "}, "party", "empty party name"),
    ({"country": "Atlantis"}, "country", "unknown country"),
    ({"kind": "subsidiary"}, "parent", "needs its parent"),
    ({"kind": "subsidiary", "parent": "nobody"}, "parent", "no party 'nobody'"),
    ({"kind": "white-label", "parent": "acme"}, "instrument", "names no instrument"),
])
def test_bad_cells_name_line_and_column(tmp_path: Path, changes: dict[str, str], column: str,
                                        problem: str) -> None:
    rows = [good(party_id="base"), good(**changes)]
    fails(write(tmp_path, rows), f"line 3, column {column}", problem)


def test_one_row_per_party_and_instrument(tmp_path: Path) -> None:
    fails(write(tmp_path, [good(), good(party="Acme again")]), "line 3, column instrument",
          r"already has a row .* \(line 2\)")


def test_a_party_has_one_kind(tmp_path: Path) -> None:
    rows = [good(), good(instrument="ndaa-889", kind="service-provider")]
    fails(write(tmp_path, rows), "line 3, column kind", "differs from 'manufacturer' on line 2")


def test_parents_must_not_form_a_cycle(tmp_path: Path) -> None:
    rows = [good(party_id="a", kind="subsidiary", parent="b"),
            good(party_id="b", kind="subsidiary", parent="a")]
    fails(write(tmp_path, rows), "line 2, column parent", "cycle: a -> b -> a")


def test_a_white_label_row_is_never_confirmed(tmp_path: Path) -> None:
    rows = [good(), good(party_id="wl", instrument="", kind="white-label", parent="acme",
                         confirmed="yes", source_url="", date="", source_date="")]
    fails(write(tmp_path, rows), "line 3, column confirmed", "never confirmed")


def test_an_empty_file_and_unknown_columns(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", "utf-8")
    with pytest.raises(SourceFormatError, match="empty file"):
        FORMAT.read(empty)
    extra = write(tmp_path, [good() | {"reviewer": "jb"}], (*COLUMNS, "reviewer"))
    parsed = FORMAT.read(extra)
    assert parsed.warnings and "reviewer" in parsed.warnings[0]
    assert parsed.entities[0].record["rows"][0]["reviewer"] == "jb"
