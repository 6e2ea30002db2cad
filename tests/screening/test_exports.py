"""Writing results: each format read back with its own reader, spreadsheet safety, atomicity."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from offramp.model import OfframpError
from offramp.screening.exports import NumericKind, neutralise, open_writer
from offramp.screening.subjects import open_subjects

COLUMNS = ("row", "subject_id", "name", "status", "score")
NUMERIC: dict[str, NumericKind] = {"row": "int", "score": "float"}
INJECTION = '=HYPERLINK("http://evil.example","click")'
ROWS: list[dict[str, object]] = [
    {"row": 2, "subject_id": "S-1", "name": INJECTION, "status": "match", "score": 0.97},
    {"row": 3, "subject_id": "-12.5", "name": "+44", "status": "clear", "score": None},
    {"row": 4, "subject_id": "@x", "name": "-1+2", "status": "clear"},
    {"row": 5, "subject_id": "\tTAB", "name": "Société Générale 北京", "status": "unscreened",
     "score": 1},
]


def read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def read_xlsx(path: Path) -> list[tuple[openpyxl.cell.cell.Cell, ...]]:
    with path.open("rb") as fh:  # a file object: openpyxl insists on .xlsx for names
        book = openpyxl.load_workbook(fh)
    sheet = book.worksheets[0]
    return [tuple(row) for row in sheet.iter_rows()]


def write_rows(path: Path, fmt: str | None = None,
               rows: list[dict[str, object]] = ROWS) -> Path:
    with open_writer(path, COLUMNS, format=fmt, numeric=NUMERIC) as writer:
        writer.write_many(rows)
    return path


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


# -- neutralise ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "safe"), [
    ("=1+1", "'=1+1"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-", "'-"),
    ("-12.5", "-12.5"), ("+44", "+44"), ("1e-3", "1e-3"), ("-.5", "-.5"), ("+1E+10", "+1E+10"),
    ("Acme", "Acme"), ("", ""), ("a=b", "a=b"), (" =1", " =1"), ("'=1", "'=1"),
])
def test_neutralise_text(value: str, safe: str) -> None:
    assert neutralise(value) == safe


@pytest.mark.parametrize("value", [-12.5, -3, None, True, dt.date(2020, 1, 1)])
def test_neutralise_leaves_non_text_alone(value: object) -> None:
    assert neutralise(value) is value


# -- each format --------------------------------------------------------------------------------


def test_csv_is_neutralised_and_numbers_stay_plain(tmp_path: Path) -> None:
    rows = read_csv(write_rows(tmp_path / "out.csv"))
    assert rows == [
        list(COLUMNS),
        ["2", "S-1", "'" + INJECTION, "match", "0.97"],
        ["3", "-12.5", "+44", "clear", ""],
        ["4", "'@x", "'-1+2", "clear", ""],
        ["5", "'\tTAB", "Société Générale 北京", "unscreened", "1.0"],
    ]


def test_xlsx_is_neutralised_numbers_are_numeric_cells_and_nothing_is_a_formula(
        tmp_path: Path) -> None:
    rows = read_xlsx(write_rows(tmp_path / "out.xlsx"))
    assert [c.value for c in rows[0]] == list(COLUMNS)
    assert all(c.data_type != "f" for row in rows for c in row)
    first, second, third, fourth = rows[1:]
    assert first[2].value == "'" + INJECTION and first[2].data_type == "s"
    assert first[0].value == 2 and first[0].data_type == "n"
    assert first[4].value == pytest.approx(0.97) and first[4].data_type == "n"
    assert (second[1].value, second[1].data_type) == ("-12.5", "s")  # text stays text
    assert second[2].value == "+44" and second[4].value is None
    assert (third[1].value, third[2].value) == ("'@x", "'-1+2")
    assert fourth[1].value == "'\tTAB"
    assert fourth[2].value == "Société Générale 北京"
    assert (fourth[4].value, fourth[4].data_type) == (1, "n")  # Excel has no int/float


def test_xlsx_python_numbers_are_numeric_even_in_undeclared_columns(tmp_path: Path) -> None:
    path = tmp_path / "n.xlsx"
    with open_writer(path, ["a", "b", "c", "d"]) as writer:
        writer.write({"a": 1234, "b": -12.5, "c": 2**60, "d": dt.date(2024, 5, 1)})
    row = read_xlsx(path)[1]
    assert [(c.value, c.data_type) for c in row[:2]] == [(1234, "n"), (-12.5, "n")]
    assert row[2].value == str(2**60)  # Excel would round it silently
    assert row[3].value == dt.datetime(2024, 5, 1)


def test_xlsx_illegal_characters_and_huge_cells_do_not_break_the_file(tmp_path: Path) -> None:
    path = tmp_path / "odd.xlsx"
    with open_writer(path, ["name"]) as writer:
        writer.write({"name": "bell\x07 and nul\x00"})
        writer.write({"name": "x" * 40_000})
        writer.write({"name": "\x01=1+1"})
    rows = read_xlsx(path)
    assert rows[1][0].value == "bell\ufffd and nul\ufffd"
    assert len(str(rows[2][0].value)) == 32_767
    assert rows[3][0].value == "\ufffd=1+1"


def test_parquet_keeps_values_and_types(tmp_path: Path) -> None:
    table = pq.read_table(write_rows(tmp_path / "out.parquet"))
    assert table.schema == pa.schema([("row", pa.int64()), ("subject_id", pa.string()),
                                      ("name", pa.string()), ("status", pa.string()),
                                      ("score", pa.float64())])
    assert table.to_pylist()[0] == ROWS[0]  # data format: the injection text is kept as is
    assert table.column("score").to_pylist() == [0.97, None, None, 1.0]
    assert table.column("subject_id").to_pylist() == ["S-1", "-12.5", "@x", "\tTAB"]


def test_parquet_is_written_in_batches(tmp_path: Path) -> None:
    path = tmp_path / "big.parquet"
    with open_writer(path, ["row", "name"], numeric={"row": "int"}, batch_rows=1000) as writer:
        writer.write_many({"row": i, "name": f"Company {i}"} for i in range(3500))
    parquet = pq.ParquetFile(path)
    assert parquet.metadata.num_rows == 3500
    assert parquet.metadata.num_row_groups == 4
    assert parquet.read().column("row").to_pylist() == list(range(3500))


def test_parquet_text_columns_hold_strings_whatever_the_value(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    with open_writer(path, ["a", "b", "c", "d"]) as writer:
        writer.write({"a": 7, "b": True, "c": dt.date(2024, 5, 1), "d": None})
    assert pq.read_table(path).to_pylist() == [
        {"a": "7", "b": "true", "c": "2024-05-01", "d": None}]


def test_jsonl_keeps_values_and_numbers(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "out.jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert records[0] == ROWS[0]
    assert records[1] == {**ROWS[1], "score": None}
    assert records[2] == {**ROWS[2], "score": None}
    assert records[3]["score"] == 1.0 and records[3]["name"] == "Société Générale 北京"
    assert "北京" in lines[3]  # UTF-8, not \\u escapes


def test_declared_numbers_are_converted_and_bad_ones_refused(tmp_path: Path) -> None:
    path = tmp_path / "n.parquet"
    with open_writer(path, ["row", "score"], numeric=NUMERIC) as writer:
        writer.write({"row": "12", "score": "0.5"})
        writer.write({"row": 3.0, "score": ""})
        with pytest.raises(ValueError, match="column 'row' holds ints; got 'x'"):
            writer.write({"row": "x"})
        with pytest.raises(ValueError, match=r"holds ints; got 2\.5"):
            writer.write({"row": 2.5})
    assert pq.read_table(path).to_pylist() == [{"row": 12, "score": 0.5},
                                                {"row": 3, "score": None}]


@pytest.mark.parametrize("name", ["e.csv", "e.xlsx", "e.parquet", "e.jsonl"])
def test_no_rows_still_makes_a_valid_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with open_writer(path, COLUMNS, numeric=NUMERIC) as writer:
        pass
    assert writer.rows_written == 0
    if name.endswith(".csv"):
        assert read_csv(path) == [list(COLUMNS)]
    elif name.endswith(".xlsx"):
        assert [c.value for c in read_xlsx(path)[0]] == list(COLUMNS)
    elif name.endswith(".parquet"):
        assert pq.read_table(path).schema.names == list(COLUMNS)
    else:
        assert path.read_bytes() == b""


# -- formats and columns --------------------------------------------------------------------------


def test_format_from_extension_or_given(tmp_path: Path) -> None:
    assert open_writer(tmp_path / "a.ndjson", ["x"]).format == "jsonl"
    writer = open_writer(tmp_path / "results.out", ["x"], format="xlsx")
    assert writer.format == "xlsx"
    writer.write({"x": 1})
    writer.close()
    assert read_xlsx(tmp_path / "results.out")[1][0].value == 1


def test_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(OfframpError, match=r"out\.xml: cannot tell the output format"):
        open_writer(tmp_path / "out.xml", ["x"])
    with pytest.raises(OfframpError, match="unknown output format 'pdf'"):
        open_writer(tmp_path / "out.csv", ["x"], format="pdf")
    assert leftovers(tmp_path) == []


def test_unknown_and_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    with open_writer(path, ["a", "b"]) as writer:
        writer.write({"b": "only b"})
        with pytest.raises(ValueError, match=r"unknown column.*'c'"):
            writer.write({"a": 1, "c": 2})
    assert read_csv(path) == [["a", "b"], ["", "only b"]]


def test_bad_column_declarations(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="duplicate"):
        open_writer(tmp_path / "c.csv", ["a", "a"])
    with pytest.raises(ValueError, match="not one of the columns"):
        open_writer(tmp_path / "c.csv", ["a"], numeric={"b": "int"})
    with pytest.raises(ValueError, match="at least one column"):
        open_writer(tmp_path / "c.csv", [])
    assert leftovers(tmp_path) == []


# -- atomic replacement --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["r.csv", "r.xlsx", "r.parquet", "r.jsonl"])
def test_failed_run_leaves_neither_a_partial_file_nor_a_temporary(tmp_path: Path,
                                                                  name: str) -> None:
    path = tmp_path / name
    with pytest.raises(RuntimeError), open_writer(path, COLUMNS, numeric=NUMERIC) as writer:
        writer.write_many(ROWS)
        assert leftovers(tmp_path) != []  # the rows went to a temporary file
        raise RuntimeError("screening crashed")
    assert not path.exists()
    assert leftovers(tmp_path) == []


def test_failed_run_keeps_the_previous_file(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("previous results\n")
    writer = open_writer(path, ["x"])
    writer.write({"x": "new"})
    writer.abort()
    assert path.read_text() == "previous results\n"
    with pytest.raises(ValueError, match="closed"):
        writer.write({"x": "late"})
    write_rows(path)
    assert read_csv(path)[0] == list(COLUMNS)
    assert leftovers(tmp_path) == []


def test_unwritable_destinations(tmp_path: Path) -> None:
    with pytest.raises(OfframpError, match=r"cannot write .*missing/out\.csv"):
        open_writer(tmp_path / "missing" / "out.csv", ["x"])
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(OfframpError, match="is a directory"):
        open_writer(tmp_path / "dir.csv", ["x"])


# -- from a hostile input file to a safe spreadsheet --------------------------------------------


def test_formula_injection_in_an_input_csv_comes_out_neutralised(tmp_path: Path) -> None:
    source = tmp_path / "suppliers.csv"
    source.write_text('id,name\n1,"=HYPERLINK(""http://evil.example"",""x"")"\n2,-42\n',
                      encoding="utf-8")
    for name in ("out.csv", "out.xlsx"):
        with open_writer(tmp_path / name, ["subject_id", "name"]) as writer:
            for subject in open_subjects(source):
                writer.write({"subject_id": subject.subject_id, "name": subject.name})
    expected = ["'=HYPERLINK(\"http://evil.example\",\"x\")", "-42"]
    assert [row[1] for row in read_csv(tmp_path / "out.csv")[1:]] == expected
    assert [row[1].value for row in read_xlsx(tmp_path / "out.xlsx")[1:]] == expected
