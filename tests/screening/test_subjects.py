"""Reading files of names to screen: every format from real files, and every way they fail."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import zipfile
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from offramp.model import OfframpError, UnsafeInputError
from offramp.screening import subjects
from offramp.screening.subjects import Subject, open_subjects


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def write_xlsx(path: Path, rows: list[list[object]], title: str = "Sheet") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


# -- CSV ----------------------------------------------------------------------------------------


def test_csv_utf8_reads_rows_with_detected_columns(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.csv", "\ufeffSupplier ID,Supplier Name,Country,DOB\n"
                       "S-1,Société Générale,FR,\nS-2,Путин Владимир,RU,1952-10-07\n"
                       .encode())
    subject_file = open_subjects(path)
    assert subject_file.format == "csv"
    assert subject_file.encoding == "utf-8-sig"
    assert subject_file.delimiter == ","
    assert subject_file.columns == {"name": "Supplier Name", "id": "Supplier ID",
                                    "country": "Country", "dob": "DOB"}
    assert list(subject_file) == [
        Subject(2, "S-1", "Société Générale", "FR", None),
        Subject(3, "S-2", "Путин Владимир", "RU", "1952-10-07"),
    ]


def test_csv_without_id_column_uses_line_numbers_and_skips_blank_lines(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.csv", b"\n\nname\nAcme Ltd\n\n  \nHikvision\n")
    rows = list(open_subjects(path))
    assert [(s.row_number, s.subject_id, s.name) for s in rows] == [
        (4, "4", "Acme Ltd"), (7, "7", "Hikvision")]


def test_csv_cp1252_with_semicolons(tmp_path: Path) -> None:
    text = "id;supplier;country\n1;Société Générale €;FR\n2;Œuvre Müller;DE\n3;Acme, Inc.;US\n"
    path = write_bytes(tmp_path / "legacy.csv", text.encode("cp1252"))
    subject_file = open_subjects(path)
    assert subject_file.encoding == "cp1252"
    assert subject_file.delimiter == ";"
    assert [s.name for s in subject_file] == ["Société Générale €", "Œuvre Müller", "Acme, Inc."]


def test_csv_latin1_is_read(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "l.csv", "name\nÅngström Ærø\n".encode("latin-1"))
    assert [s.name for s in open_subjects(path)] == ["Ångström Ærø"]


def test_csv_byte_undefined_in_cp1252_falls_back_to_latin1(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "l.csv", b"name\nA\x81B\xe9\n")
    subject_file = open_subjects(path)
    assert subject_file.encoding == "latin-1"
    assert [s.name for s in subject_file] == ["A\x81Bé"]


def test_csv_legacy_row_far_below_a_utf8_sample_is_still_read(tmp_path: Path) -> None:
    # The first megabyte is plain UTF-8; a cp1252 row comes after it (a concatenated export).
    filler = b"".join(b"%d,Company number %d\n" % (i, i) for i in range(60_000))
    assert len(filler) > subjects.SAMPLE_BYTES
    path = write_bytes(tmp_path / "mixed.csv",
                       b"id,name\n" + filler + "X,Société Générale\n".encode("cp1252"))
    subject_file = open_subjects(path)
    assert subject_file.encoding == "utf-8-sig"
    last = list(subject_file)[-1]
    assert (last.subject_id, last.name, last.problem) == ("X", "Société Générale", None)


def test_csv_bytes_invalid_in_the_given_encoding_make_that_row_a_problem(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.csv",
                       b"id,name\n1,Acme\n2," + "Société".encode("cp1252") + b"\n3,Beta\n")
    rows = list(open_subjects(path, encoding="utf-8"))
    assert [(s.subject_id, s.problem) for s in rows] == [
        ("1", None), ("2", "bytes that are not valid utf-8"), ("3", None)]
    assert rows[1].name == "Soci\ufffdt\ufffd"
    rows[1].name.encode("utf-8")  # no lone surrogate may leak out


def test_csv_given_encoding_wins_over_detection(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.csv", "name\nCafé\n".encode())
    assert [s.name for s in open_subjects(path, encoding="cp1252")] == ["CafÃ©"]


def test_csv_utf16_with_bom_from_excel_unicode_text(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.txt", "name\tcountry\r\n北京公司\tCN\r\n".encode("utf-16"))
    subject_file = open_subjects(path)
    assert (subject_file.encoding, subject_file.delimiter) == ("utf-16", "\t")
    assert list(subject_file) == [Subject(2, "2", "北京公司", "CN")]


def test_csv_tsv_extension_means_tabs(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.tsv", b"name\nAcme, Inc.; Beta\n")
    subject_file = open_subjects(path)
    assert subject_file.delimiter == "\t"
    assert [s.name for s in subject_file] == ["Acme, Inc.; Beta"]


def test_csv_given_delimiter_and_format(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "export.dat", b"name|id\nAcme|7\n")
    subject_file = open_subjects(path, format="csv", delimiter="|")
    assert list(subject_file) == [Subject(2, "7", "Acme")]
    tabbed = write_bytes(tmp_path / "tabbed.csv", b"name\tid\nAcme, Inc.\t8\n")
    assert list(open_subjects(tabbed, delimiter="\\t")) == [Subject(2, "8", "Acme, Inc.")]


def test_csv_single_column_file(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.csv", b"counterparty\nAcme\n")
    assert [s.name for s in open_subjects(path)] == ["Acme"]


def test_csv_short_row_gives_empty_name_and_quoted_fields_keep_lines(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.csv", b'id,name\n1\n2,"Two\nLines"\n3,Three\n')
    rows = list(open_subjects(path))
    assert [(s.row_number, s.name) for s in rows] == [(2, ""), (3, "Two\nLines"), (5, "Three")]


def test_csv_formula_injection_name_is_read_verbatim(tmp_path: Path) -> None:
    # Reading keeps the data as it is; neutralising is the writers' job.
    path = write_bytes(tmp_path / "s.csv", b'name\n"=HYPERLINK(""http://x"",""y"")"\n')
    assert [s.name for s in open_subjects(path)] == ['=HYPERLINK("http://x","y")']


def test_csv_overlong_line_is_a_bad_row_not_a_failure(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subjects, "MAX_LINE_CHARS", 100)
    path = write_bytes(tmp_path / "s.csv", b"id,name\n1,Acme\n2," + b"x" * 500 + b"\n3,Beta\n")
    rows = list(open_subjects(path, delimiter=","))
    assert [(s.row_number, s.subject_id, s.name) for s in rows] == [
        (2, "1", "Acme"), (3, "3", ""), (4, "3", "Beta")]
    assert rows[1].problem == "line longer than 100 characters"


def test_csv_field_over_the_csv_limit_is_a_bad_row(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.csv",
                       b'id,name\n1,Acme\n2,"' + b"x" * 200_000 + b'"\n3,Beta\n')
    rows = list(open_subjects(path))
    assert [s.name for s in rows] == ["Acme", "", "Beta"]
    assert rows[1].problem is not None and "malformed CSV record" in rows[1].problem


# -- columns ------------------------------------------------------------------------------------


def test_explicit_columns_win_and_match_case_insensitively(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.csv",
                       b"Ref,Legal Name,Trading Name,Land,Born\n7,Acme Ltd,Acme,GB,1970\n")
    subject_file = open_subjects(path, name_column="legal name", id_column="Ref",
                                 country_column="Land", dob_column="Born")
    assert subject_file.columns == {"name": "Legal Name", "id": "Ref", "country": "Land",
                                    "dob": "Born"}
    assert list(subject_file) == [Subject(2, "7", "Acme Ltd", "GB", "1970")]


def test_ambiguous_name_column_asks_for_the_option(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.csv", b"id,Supplier Name,Company\n1,Acme,ACME Group\n")
    with pytest.raises(OfframpError) as err:
        open_subjects(path)
    message = str(err.value)
    assert "--name-column" in message
    assert "'Supplier Name', 'Company'" in message
    assert str(path) in message
    assert open_subjects(path, name_column="Company").columns["name"] == "Company"


def test_missing_name_column_lists_the_columns(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.csv", b"ref,label\n1,Acme\n")
    with pytest.raises(OfframpError, match=r"no name column.*--name-column.*ref, label"):
        open_subjects(path)


def test_ambiguous_optional_column_asks_for_its_option(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.csv", b"name,id,account\nAcme,1,GB00\n")
    with pytest.raises(OfframpError, match="--id-column"):
        open_subjects(path)
    path = write_bytes(tmp_path / "t.csv", b"name,country,nationality\nAcme,GB,FR\n")
    with pytest.raises(OfframpError, match="--country-column"):
        open_subjects(path)
    assert open_subjects(path, country_column="nationality").columns["country"] == "nationality"


def test_given_column_missing_from_the_file(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.csv", b"name,id\nAcme,1\n")
    with pytest.raises(OfframpError, match=r"no column 'vendor'.*columns: name, id"):
        open_subjects(path, name_column="vendor")
    with pytest.raises(OfframpError, match=r"no column 'ref'"):
        open_subjects(path, id_column="ref")


def test_duplicate_header_given_as_column(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.csv", b"name,name\nAcme,Beta\n")
    with pytest.raises(OfframpError, match="2 columns are called 'name'"):
        open_subjects(path, name_column="name")


# -- files that cannot be used ------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(OfframpError, match=r"nothing\.csv: no such file"):
        open_subjects(tmp_path / "nothing.csv")


def test_directory(tmp_path: Path) -> None:
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(OfframpError, match="is a directory"):
        open_subjects(tmp_path / "dir.csv")


@pytest.mark.parametrize("name", ["e.csv", "e.xlsx", "e.parquet", "e.jsonl"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = write_bytes(tmp_path / name, b"")
    with pytest.raises(OfframpError, match=r"e\.\w+: the file is empty"):
        open_subjects(path)


def test_csv_with_only_blank_lines_has_no_header(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.csv", b"\n \n,,\n")
    with pytest.raises(OfframpError, match=r"s\.csv: no header row"):
        open_subjects(path)


def test_unknown_extension_and_unknown_format(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "names.docx", b"name\nAcme\n")
    with pytest.raises(OfframpError, match=r"names\.docx: cannot tell the format.*--format"):
        open_subjects(path)
    with pytest.raises(OfframpError, match="unknown format 'xml'"):
        open_subjects(path, format="xml")


def test_unknown_encoding_and_bad_delimiter(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.csv", b"name\nAcme\n")
    with pytest.raises(OfframpError, match="unknown encoding 'klingon'"):
        open_subjects(path, encoding="klingon")
    with pytest.raises(OfframpError, match="one character"):
        open_subjects(path, delimiter=";;")


def test_option_for_another_format_is_refused(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.csv", b"name\nAcme\n")
    with pytest.raises(OfframpError, match="--sheet applies to XLSX files only"):
        open_subjects(path, sheet="Suppliers")


# -- row caps, hashing, re-reading ---------------------------------------------------------------


def test_max_rows(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.csv", b"name\nA\nB\nC\n")
    assert len(list(open_subjects(path, max_rows=3))) == 3
    rows = iter(open_subjects(path, max_rows=2))
    assert [next(rows).name, next(rows).name] == ["A", "B"]
    with pytest.raises(OfframpError, match="more than 2 rows"):
        next(rows)


def test_max_rows_parquet_is_checked_up_front(tmp_path: Path) -> None:
    path = tmp_path / "s.parquet"
    pq.write_table(pa.table({"name": ["A", "B", "C"]}), path)
    with pytest.raises(OfframpError, match="more than 2 rows"):
        open_subjects(path, max_rows=2)


def test_input_sha256_and_reiteration(tmp_path: Path) -> None:
    data = b"name\nAcme\nBeta\n"
    subject_file = open_subjects(write_bytes(tmp_path / "s.csv", data))
    assert subject_file.input_sha256() == hashlib.sha256(data).hexdigest()
    assert list(subject_file) == list(subject_file)


# -- XLSX ---------------------------------------------------------------------------------------


def test_xlsx_header_after_blank_rows_numbers_and_dates(tmp_path: Path) -> None:
    path = tmp_path / "vendors.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A3"], sheet["B3"], sheet["C3"], sheet["D3"] = "Vendor ID", "Vendor", "Country", "DOB"
    sheet.append([1234, "Hikvision", "CN", dt.datetime(1965, 3, 1)])
    sheet.append([5678.0, "Dahua", None, dt.date(1970, 1, 2)])
    sheet.append([None, None, None, None])
    sheet.append([12.5, "  Acme  ", "GB", "unknown"])
    book.save(path)
    subject_file = open_subjects(path)
    assert subject_file.format == "xlsx"
    assert subject_file.sheet == "Sheet"
    assert subject_file.columns == {"name": "Vendor", "id": "Vendor ID", "country": "Country",
                                    "dob": "DOB"}
    assert list(subject_file) == [
        Subject(4, "1234", "Hikvision", "CN", "1965-03-01"),
        Subject(5, "5678", "Dahua", None, "1970-01-02"),
        Subject(7, "12.5", "Acme", "GB", "unknown"),
    ]


def test_xlsx_named_sheet_and_missing_sheet(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.append(["notes"])
    second = book.create_sheet("Suppliers")
    second.append(["name"])
    second.append(["Acme"])
    book.save(path)
    with pytest.raises(OfframpError, match="no name column"):
        open_subjects(path)
    assert [s.name for s in open_subjects(path, sheet="Suppliers")] == ["Acme"]
    with pytest.raises(OfframpError, match=r"no sheet 'Vendors' \(sheets: Sheet, Suppliers\)"):
        open_subjects(path, sheet="Vendors")


def test_xlsx_formula_cells_give_their_cached_value_not_the_formula(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "f.xlsx", [["id", "name"], ["F-1", "=CONCAT(\"A\",\"B\")"]])
    # openpyxl never computes formulas, so there is no cached value: the name reads as empty
    # (and the row will be reported unscreened), never as the formula's text.
    assert list(open_subjects(path)) == [Subject(2, "F-1", "")]


def test_xlsx_with_other_extension_when_format_given(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "upload.bin", [["name"], ["Acme"]])
    assert [s.name for s in open_subjects(path, format="xlsx")] == ["Acme"]


def test_xlsx_empty_sheet_has_no_header(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "empty.xlsx", [])
    with pytest.raises(OfframpError, match=r"no header row \(sheet 'Sheet' is empty\)"):
        open_subjects(path)


def test_xlsx_that_is_not_a_zip(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "fake.xlsx", b"name\nAcme\n")
    with pytest.raises(OfframpError, match=r"fake\.xlsx: not an XLSX workbook \(not a zip"):
        open_subjects(path)


def test_old_xls_renamed_to_xlsx_gets_a_hint(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(OfframpError, match=r"old \.xls workbook"):
        open_subjects(path)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("holiday.txt", "not a spreadsheet")
    with pytest.raises(OfframpError, match=r"photos\.xlsx: not a readable XLSX workbook"):
        open_subjects(path)


def make_zip_bomb(path: Path, padding_mb: int) -> Path:
    """A genuine workbook whose sheet is padded with megabytes of whitespace (valid XML that
    compresses about 1000 to 1): without the check, openpyxl would open it."""
    source = write_xlsx(path.with_suffix(".src.xlsx"), [["name"], ["Acme"]])
    with zipfile.ZipFile(source) as original, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(info, data, zipfile.ZIP_DEFLATED)
                continue
            with bomb.open(info.filename, "w") as member:
                member.write(data)
                chunk = b" " * (1 << 20)
                for _ in range(padding_mb):
                    member.write(chunk)
    return path


def test_zip_bomb_xlsx_is_refused_before_parsing(tmp_path: Path) -> None:
    path = make_zip_bomb(tmp_path / "bomb.xlsx", padding_mb=20)
    assert path.stat().st_size < 200_000  # small on disk, 20 MB unpacked
    with pytest.raises(UnsafeInputError, match="zip bomb") as err:
        open_subjects(path)
    assert "bomb.xlsx" in str(err.value) and "sheet1.xml" in str(err.value)
    assert isinstance(err.value, OfframpError)


def test_xlsx_over_the_unpacked_size_cap_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "big.xlsx", [["name"], ["Acme"]])
    with pytest.raises(UnsafeInputError, match="more than the 1,000 allowed"):
        open_subjects(path, max_expanded_bytes=1_000)
    assert [s.name for s in open_subjects(path)] == ["Acme"]


def test_xlsx_with_a_damaged_sheet(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "ok.xlsx", [["name"], ["Acme"], ["Beta"]])
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as damaged:
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # cut in the middle of the rows
            damaged.writestr(info, data)
    with pytest.raises(OfframpError, match=r"damaged\.xlsx"):
        list(open_subjects(path))


# -- Parquet ------------------------------------------------------------------------------------


def test_parquet_values_become_text(tmp_path: Path) -> None:
    path = tmp_path / "s.parquet"
    table = pa.table({
        "customer_id": pa.array([1234, None, 7], pa.int64()),
        "Company Name": ["Hikvision", "Dahua", None],
        "country_code": ["CN", None, "GB"],
        "birth_date": pa.array([dt.date(1965, 3, 1), None, None], pa.date32()),
        "score": [1.0, 2.5, float("nan")],
    })
    pq.write_table(table, path)
    subject_file = open_subjects(path)
    assert subject_file.format == "parquet"
    assert subject_file.columns == {"name": "Company Name", "id": "customer_id",
                                    "country": "country_code", "dob": "birth_date"}
    assert list(subject_file) == [
        Subject(1, "1234", "Hikvision", "CN", "1965-03-01"),
        Subject(2, "2", "Dahua", None, None),
        Subject(3, "7", "", "GB", None),
    ]


def test_parquet_float_ids_lose_the_point_zero(tmp_path: Path) -> None:
    path = tmp_path / "s.pq"
    pq.write_table(pa.table({"id": [1234.0, 12.5], "name": ["A", "B"]}), path)
    assert [s.subject_id for s in open_subjects(path)] == ["1234", "12.5"]


def test_corrupt_parquet(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.parquet", b"PAR1 this is not really parquet at all")
    with pytest.raises(OfframpError, match=r"s\.parquet: not a readable Parquet file"):
        open_subjects(path)


def test_truncated_parquet(tmp_path: Path) -> None:
    good = tmp_path / "good.parquet"
    pq.write_table(pa.table({"name": [f"Company {i}" for i in range(1000)]}), good)
    path = write_bytes(tmp_path / "cut.parquet", good.read_bytes()[:-100])
    with pytest.raises(OfframpError, match=r"cut\.parquet: not a readable Parquet file"):
        open_subjects(path)


def test_parquet_with_damaged_data_pages(tmp_path: Path) -> None:
    good = tmp_path / "good.parquet"
    names = [f"Company {i:05d} {'x' * (i % 50)}" for i in range(5000)]
    pq.write_table(pa.table({"name": names}), good, compression="snappy")
    data = bytearray(good.read_bytes())
    # Scribble over the middle of the data pages; the footer (metadata) stays intact.
    middle = len(data) // 2
    data[middle - 2000:middle + 2000] = b"\xff" * 4000
    path = write_bytes(tmp_path / "scribbled.parquet", bytes(data))
    with pytest.raises(OfframpError, match=r"scribbled\.parquet"):
        list(open_subjects(path))


# -- JSON lines ---------------------------------------------------------------------------------


def test_jsonl_with_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": 1, "name": "Acme", "country": "GB"}).encode(),
        b"",
        b"{not json",
        b'["a list", "not an object"]',
        b'{"id": 4, "name": "Soci\xe9t\xe9"}',
        json.dumps({"id": 5.0, "name": "Beta", "dob": "1980-05-17", "extra": [1]}).encode(),
        b'{"id": "6", "name": "bad escape \\udc80 here"}',
    ]
    path = write_bytes(tmp_path / "s.jsonl", b"\n".join(lines) + b"\n")
    subject_file = open_subjects(path)
    assert subject_file.columns == {"name": "name", "id": "id", "country": "country",
                                    "dob": "dob"}
    rows = list(subject_file)
    assert [(s.row_number, s.subject_id, s.name, s.problem is None) for s in rows] == [
        (1, "1", "Acme", True), (3, "3", "", False), (4, "4", "", False),
        (5, "5", "", False), (6, "5", "Beta", True), (7, "6", "bad escape \ufffd here", True)]
    assert rows[1].problem is not None and rows[1].problem.startswith("not valid JSON")
    assert rows[2].problem == "not a JSON object (a list)"
    assert rows[3].problem == "bytes that are not valid UTF-8"
    assert rows[4].birth_date == "1980-05-17"


def test_jsonl_without_any_object(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "s.ndjson", b"[1]\n\"text\"\n")
    with pytest.raises(OfframpError, match=r"s\.ndjson: no header: no JSON object"):
        open_subjects(path)


def test_jsonl_overlong_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subjects, "MAX_LINE_CHARS", 64)
    path = write_bytes(tmp_path / "s.jsonl", b'{"name": "A"}\n{"name": "' + b"x" * 300
                       + b'"}\n{"name": "B"}\n')
    rows = list(open_subjects(path))
    assert [(s.name, s.problem) for s in rows] == [
        ("A", None), ("", "line longer than 64 bytes"), ("B", None)]


# -- streaming ----------------------------------------------------------------------------------


def test_csv_is_streamed_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w") as fh:
        fh.write("id,name\n")
        fh.writelines(f"{i},Company {i}\n" for i in range(200_000))
    rows = iter(open_subjects(path))
    first = list(itertools.islice(rows, 3))
    assert [s.name for s in first] == ["Company 0", "Company 1", "Company 2"]
    # Had the reader loaded the file, a row appended now would never show up.
    with path.open("a") as fh:
        fh.write("late,Appended After The First Rows\n")
    last = None
    for last in rows:  # noqa: B007 - only the last one matters
        pass
    assert last is not None and last.name == "Appended After The First Rows"


def test_parquet_is_read_batch_by_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.parquet"
    pq.write_table(pa.table({"id": range(200_000), "name": [f"C{i}" for i in range(200_000)]}),
                   path, row_group_size=20_000)
    pulled: list[int] = []
    real_iter_batches = pq.ParquetFile.iter_batches

    def counting_iter_batches(self: pq.ParquetFile, *args: object, **kwargs: object) -> object:
        for batch in real_iter_batches(self, *args, **kwargs):  # type: ignore[arg-type]
            pulled.append(batch.num_rows)
            yield batch

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", counting_iter_batches)
    rows = iter(open_subjects(path))
    first = list(itertools.islice(rows, 3))
    assert [s.subject_id for s in first] == ["0", "1", "2"]
    assert pulled == [subjects.PARQUET_BATCH_ROWS]  # one batch in memory, not 200,000 rows
    assert sum(1 for _ in rows) == 200_000 - 3
    assert sum(pulled) == 200_000
