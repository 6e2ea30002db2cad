"""Asset registers (CSV, XLSX): column detection and mapping, bad cells kept, bad files refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from offramp.model import SourceFormatError, UnsafeInputError
from offramp.model.device import SourceKind
from offramp.scans import NOTE_FIELD
from offramp.scans.register import read_register, read_register_csv, read_register_xlsx
from offramp.scans.register_columns import FIELDS, field_of, header_key, known_headers

FIXTURES = Path(__file__).parent.parent / "fixtures" / "scans"
REGISTER = FIXTURES / "register"
BAD = FIXTURES / "bad"


def test_csv_register_found_below_its_title_rows() -> None:
    result = read_register_csv(REGISTER / "townhall-assets.csv")
    assert result.kind is SourceKind.ASSET_REGISTER
    assert [o.where for o in result.observations] == [f"line {n}" for n in range(5, 11)]
    assert [(s.where, s.reason) for s in result.skipped] == [
        ("line 1", "above the header row"), ("line 2", "above the header row")]
    first = result.observations[0]
    assert (first.vendor, first.model, first.mac, first.ip, first.hostname, first.site) == (
        "Hikvision", "DS-2CD2386G2-IU", "44:19:b6:3a:52:10", "192.168.10.64",
        "cam-entrance", "Town Hall")
    assert first.serial == "DS-2CD2386G2-IU20230815AAWRL41234567"
    assert first.file == str(REGISTER / "townhall-assets.csv")


def test_csv_register_keeps_every_other_column() -> None:
    nvr = read_register_csv(REGISTER / "townhall-assets.csv").observations[1]
    assert dict(nvr.fields) == {
        "asset_id": "TH-0002", "location": "Comms room", "purchase_date": "2023-09-12",
        "cost": "1,049.00", "description": "NVR, 8 PoE ports",
        "Warranty Expiry": "2026-09-12",  # not a field offramp knows: kept by its header
    }


def test_a_bad_mac_or_ip_keeps_the_row_with_the_raw_value_and_a_note() -> None:
    rows = read_register_csv(REGISTER / "townhall-assets.csv").observations
    lorex, axis = rows[2], rows[3]
    assert lorex.mac is None and lorex.ip == "192.168.10.71" and lorex.model == "LNB8005"
    assert lorex.fields["MAC Address"] == "tbc"
    assert lorex.fields[NOTE_FIELD] == "MAC Address: 'tbc' is not a MAC address"
    assert axis.ip is None and axis.mac == "b8:a4:4f:5e:6f:70"  # Cisco dotted form read
    assert axis.fields["IP Address"] == "192.168.10.300"
    assert "not an IP address" in axis.fields[NOTE_FIELD]


def test_cp1252_semicolon_register_with_french_headers() -> None:
    result = read_register_csv(REGISTER / "inventaire-mairie-cp1252.csv")
    dahua = result.observations[0]
    assert (dahua.vendor, dahua.model, dahua.serial, dahua.mac, dahua.ip) == (
        "Dahua", "IPC-HDW2431T-AS-S2", "6G0A1B2PAZ3C4D5", "3c:ef:8c:04:11:7e", "192.168.10.72")
    # No site column: the location stands in for it, and is kept as such too.
    assert dahua.site == "Salle des fêtes" == dahua.fields["location"]
    assert dahua.fields["cost"] == "89,90 €"  # 0x80 in cp1252
    assert dahua.fields["description"] == "caméra dôme"


def test_site_option_fills_rows_without_a_site(tmp_path: Path) -> None:
    path = tmp_path / "cams.csv"
    path.write_text("Make,Model,Site\nHikvision,DS-2CD2043G2-I,\nDahua,IPC-HFW2431S,Depot\n")
    result = read_register_csv(path, site="Town Hall")
    assert [o.site for o in result.observations] == ["Town Hall", "Depot"]


def test_xlsx_register_with_brand_date_and_number_cells() -> None:
    result = read_register_xlsx(REGISTER / "library-assets.xlsx")
    lorex, ezviz, amcrest = result.observations
    assert lorex.where == "sheet 'Assets' row 2"
    assert (lorex.vendor, lorex.fields["brand"], lorex.mac) == (
        "Dahua", "Lorex", "e0:50:8b:17:c2:9a")
    assert lorex.fields["purchase_date"] == "2021-04-30"  # a date cell, not "2021-04-30 00:00"
    assert lorex.fields["cost"] == "240"
    assert ezviz.serial == "123456789"  # typed as a number: no ".0"
    assert ezviz.fields["MAC"] == "not recorded" and NOTE_FIELD in ezviz.fields
    assert amcrest.where == "sheet 'Assets' row 5"  # the blank row 4 is not a device
    assert amcrest.vendor == "Amcrest"  # no manufacturer given: the brand stands in


def test_read_register_tells_xlsx_from_csv_by_content(tmp_path: Path) -> None:
    renamed = tmp_path / "export.dat"
    shutil.copy(REGISTER / "library-assets.xlsx", renamed)
    assert len(read_register(renamed).observations) == 3


def test_explicit_mapping_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("Kit,Box label,Where\nHikvision,DS-2CD2386G2-IU,Gym\n")
    mapping = {"vendor": "Kit", "model": "box label", "site": "Where"}  # case-insensitive
    row = read_register_csv(path, mapping=mapping).observations[0]
    assert (row.vendor, row.model, row.site) == ("Hikvision", "DS-2CD2386G2-IU", "Gym")
    assert dict(row.fields) == {}


def test_mapping_resolves_an_ambiguous_vendor() -> None:
    path = BAD / "ambiguous-vendor.csv"
    with pytest.raises(SourceFormatError, match=r"several columns could be the vendor "
                       r"\('Make', 'Manufacturer'\); say which with the mapping option vendor="):
        read_register_csv(path)
    row = read_register_csv(path, mapping={"vendor": "Manufacturer"}).observations[0]
    assert row.vendor == "Dahua" and row.fields["Make"] == "Lorex"


def test_mapping_errors_name_the_option(tmp_path: Path) -> None:
    path = REGISTER / "townhall-assets.csv"
    with pytest.raises(SourceFormatError, match=r"mapping: unknown field 'colour'"):
        read_register_csv(path, mapping={"colour": "Make"})
    with pytest.raises(SourceFormatError, match=r"mapping mac='Ethernet': no such column "
                       r"\(columns: 'Asset Tag', 'Make'"):
        read_register_csv(path, mapping={"mac": "Ethernet"})


def test_csv_with_no_recognisable_columns_is_refused() -> None:
    with pytest.raises(SourceFormatError, match=r"no-columns\.csv at line 1: no recognisable "
                       r"columns.*mapping option.*\(columns: 'Date', 'Amount'"):
        read_register_csv(BAD / "no-columns.csv")


def test_empty_and_binary_files_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\r\n\r\n")
    with pytest.raises(SourceFormatError, match="empty file"):
        read_register_csv(empty)
    with pytest.raises(SourceFormatError, match=r"camera-photo\.png: binary data"):
        read_register_csv(BAD / "camera-photo.png")


def test_xlsx_zip_bomb_is_refused_before_parsing() -> None:
    path = BAD / "zip-bomb.xlsx"
    assert path.stat().st_size < 100_000
    with pytest.raises(UnsafeInputError, match=r"sheet1\.xml: refused as a possible zip bomb"):
        read_register(path)


def test_xlsx_that_is_not_a_zip_and_old_xls_are_refused() -> None:
    with pytest.raises(SourceFormatError, match=r"not-a-zip\.xlsx: not an XLSX workbook"):
        read_register(BAD / "not-a-zip.xlsx")
    with pytest.raises(SourceFormatError, match=r"old \.xls workbook"):
        read_register(BAD / "old-format.xls")


def test_header_keys_fold_case_accents_and_punctuation() -> None:
    assert header_key("Numéro de série") == "numero_de_serie"
    assert header_key(" S/N ") == "s_n"
    assert header_key("Serial #") == "serial"
    assert field_of("Cost (GBP)") == "cost"
    assert field_of("MAC-Adresse") == "mac"
    assert field_of("Colour") is None


def test_header_data_file_names_known_fields_only() -> None:
    known = known_headers()
    assert set(known.values()) <= set(FIELDS)
    assert {"make", "manufacturer", "vendor"} <= {k for k, f in known.items() if f == "vendor"}
