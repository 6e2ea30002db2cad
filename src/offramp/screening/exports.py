"""Writing screening results: CSV, XLSX, Parquet or JSON lines, one row at a time.

:func:`open_writer` returns a :class:`ResultWriter` with fixed columns; ``write`` takes one
row (a mapping from column to value) and sends it to disk, so memory does not grow with the
number of rows. Everything goes to a hidden temporary file next to the target and is renamed
into place by ``close`` (or a clean exit from the ``with`` block): a run that fails half way
never leaves a half-written file under the final name, and an older file there stays intact.

Spreadsheet safety: in CSV and XLSX, text that a spreadsheet would run as a formula is
neutralised by :func:`neutralise`. JSON lines and Parquet are data formats, read by programs
rather than opened in Excel, so their values are kept exactly as given: altering them would
corrupt the data without protecting anyone.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import math
import os
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal, TypeVar, overload

from offramp.model import OfframpError

ExportFormat = Literal["csv", "xlsx", "parquet", "jsonl"]
NumericKind = Literal["int", "float"]

#: File name endings understood, and the format each one means.
EXTENSIONS: Mapping[str, ExportFormat] = {
    ".csv": "csv", ".xlsx": "xlsx", ".parquet": "parquet", ".pq": "parquet",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}

#: First characters that make a spreadsheet treat a cell as a formula (or inject one).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

PARQUET_BATCH_ROWS = 10_000
XLSX_SHEET_TITLE = "results"
XLSX_MAX_CELL_CHARS = 32_767  # Excel's limit; a longer cell makes Excel "repair" the file
XLSX_MAX_EXACT_INT = 2**53  # Excel numbers are doubles: beyond this an int is written as text

_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_SURROGATES = re.compile("[\ud800-\udfff]")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # no XML 1.0 document may hold them

_T = TypeVar("_T")


@overload
def neutralise(value: str) -> str: ...
@overload
def neutralise(value: _T) -> _T: ...
def neutralise(value: object) -> object:
    """``value`` made safe to open in a spreadsheet (CSV or XLSX).

    Text starting with = + - @ tab or carriage return would run as a formula (a supplier
    named ``=HYPERLINK(...)`` turning into a live link, or worse), so it gets a leading
    apostrophe: ``'=HYPERLINK(...)``. Text that is a plain number, such as "-12.5", "+44" or
    "1e-3", is no formula and is left alone, as is anything that is not text (real numbers
    stay numbers).
    """
    if (isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)
            and not _PLAIN_NUMBER.fullmatch(value)):
        return "'" + value
    return value


class ResultWriter:
    """Rows of results streamed to one file; use as a context manager.

    ``columns`` are fixed at open; ``write`` takes a mapping from some of those columns to
    values (a missing one is empty, an unknown one is an error). ``close`` finishes the file
    and moves it into place; ``abort`` (or an exception out of the ``with`` block) discards it.
    """

    format: ExportFormat

    def __init__(self, path: Path, columns: Sequence[str],
                 numeric: Mapping[str, NumericKind]) -> None:
        self.path = path
        self.columns = tuple(columns)
        self.numeric = dict(numeric)
        self.rows_written = 0
        self._known = frozenset(self.columns)
        self._numeric_positions = [(i, c, self.numeric[c]) for i, c in enumerate(self.columns)
                                   if c in self.numeric]
        self._closed = False
        self._temp = _create_temp(path)
        try:
            self._start()
        except BaseException:
            self._remove_temp()
            raise

    def write(self, row: Mapping[str, object]) -> None:
        """Write one row. Raises ValueError for a column not declared at open, or for a
        declared numeric column whose value is not a number."""
        if self._closed:
            raise ValueError(f"{self.path}: the writer is closed")
        if not self._known.issuperset(row):
            unknown = ", ".join(repr(k) for k in row if k not in self._known)
            raise ValueError(f"unknown column(s) {unknown}; columns: {', '.join(self.columns)}")
        values = [row.get(c) for c in self.columns]
        for i, column, kind in self._numeric_positions:
            values[i] = _number(column, values[i], kind)
        try:
            self._write_values(values)
        except OSError as exc:
            raise OfframpError(f"cannot write {self.path}: {exc.strerror}") from exc
        self.rows_written += 1

    def write_many(self, rows: Iterable[Mapping[str, object]]) -> None:
        """Write each of ``rows`` in turn (consumed lazily)."""
        for row in rows:
            self.write(row)

    def close(self) -> None:
        """Finish the file and rename it into place under its final name (idempotent)."""
        if self._closed:
            return
        self._closed = True
        try:
            self._finish()
            _fsync(self._temp)  # the data must be on disk before the name points at it
            os.replace(self._temp, self.path)
        except OSError as exc:
            self._remove_temp()
            raise OfframpError(f"cannot write {self.path}: {exc.strerror or exc}") from exc
        except BaseException:
            self._remove_temp()
            raise

    def abort(self) -> None:
        """Discard everything written: the final path is left as it was (idempotent)."""
        if self._closed:
            return
        self._closed = True
        try:
            self._abandon()
        finally:
            self._remove_temp()

    def __enter__(self) -> ResultWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.path)!r}, columns={self.columns})"

    # Each format fills these in.
    def _start(self) -> None:
        raise NotImplementedError

    def _write_values(self, values: list[object]) -> None:
        raise NotImplementedError

    def _finish(self) -> None:
        raise NotImplementedError

    def _abandon(self) -> None:
        """Release what the format holds, without finishing the file; must not raise."""

    def _remove_temp(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._temp.unlink()


def open_writer(path: str | os.PathLike[str], columns: Sequence[str], *,
                format: str | None = None, numeric: Mapping[str, NumericKind] | None = None,
                batch_rows: int = PARQUET_BATCH_ROWS) -> ResultWriter:
    """A :class:`ResultWriter` for ``path`` with these ``columns``, in that order.

    ``format`` is "csv", "xlsx", "parquet" or "jsonl", otherwise taken from the file name.
    ``numeric`` declares numeric columns ({"score": "float", "row": "int"}): their values are
    converted to numbers (None or "" is empty), and in Parquet every other column is a string.
    Whatever the declaration, Python int and float values are written as numbers in CSV, XLSX
    and JSON lines. ``batch_rows``: rows per Parquet row group. Raises OfframpError when the
    file cannot be created.
    """
    target = Path(path)
    kind = _format_of(target, format)
    declared = dict(numeric or {})
    _check_columns(columns, declared)
    if target.is_dir():
        raise OfframpError(f"cannot write {target}: it is a directory")
    if kind == "csv":
        return _CsvWriter(target, columns, declared)
    if kind == "jsonl":
        return _JsonlWriter(target, columns, declared)
    if kind == "xlsx":
        return _XlsxWriter(target, columns, declared)
    if batch_rows < 1:
        raise ValueError("batch_rows must be at least 1")
    return _ParquetWriter(target, columns, declared, batch_rows)


def _format_of(path: Path, given: str | None) -> ExportFormat:
    if given is not None:
        kind = EXTENSIONS.get("." + given.strip().lower().lstrip("."))
        if kind is None:
            raise OfframpError(f"{path}: unknown output format {given!r} "
                               "(formats: csv, xlsx, parquet, jsonl)")
        return kind
    found = EXTENSIONS.get(path.suffix.lower())
    if found is None:
        raise OfframpError(f"{path}: cannot tell the output format from the name (known "
                           f"endings: {', '.join(EXTENSIONS)}); say which with --format")
    return found


def _check_columns(columns: Sequence[str], numeric: Mapping[str, NumericKind]) -> None:
    if not columns:
        raise ValueError("a result file needs at least one column")
    if len(set(columns)) != len(columns):
        raise ValueError(f"duplicate column names in {list(columns)}")
    for column, kind in numeric.items():
        if column not in columns:
            raise ValueError(f"numeric column {column!r} is not one of the columns")
        if kind not in ("int", "float"):
            raise ValueError(f"numeric column {column!r}: kind must be 'int' or 'float'")


def _create_temp(final: Path) -> Path:
    """A new, empty hidden file next to ``final``; the umask applies, as for any new file."""
    for _ in range(8):  # a clash of 48 random bits is not going to happen twice
        temp = final.with_name(f".{final.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise OfframpError(f"cannot write {final}: {exc.strerror}") from exc
        os.close(fd)
        return temp
    raise OfframpError(f"cannot write {final}: no free temporary name next to it")


def _fsync(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def _number(column: str, value: object, kind: NumericKind) -> int | float | None:
    """A declared numeric column's value as a number, None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if type(value) is int:  # the usual cases first: a batch writes this for every row
        return value if kind == "int" else float(value)
    if type(value) is float and kind == "float":
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ValueError(f"column {column!r} is numeric; got {value!r}")
    try:
        number = float(value) if kind == "float" else _as_int(value)
    except ValueError:
        raise ValueError(f"column {column!r} holds {kind}s; got {value!r}") from None
    return number


def _as_int(value: int | float | Decimal | str) -> int:
    if isinstance(value, int):
        return value
    try:
        number = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(value)
    return int(number)


def _text(value: object) -> str | None:
    """A value as text for a text column, None when empty: dates in ISO 8601."""
    if value is None:
        return None
    if isinstance(value, str):
        # An ASCII string holds no surrogate, and telling so costs nothing (str knows).
        return value if value.isascii() else _SURROGATES.sub("\ufffd", value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return _SURROGATES.sub("\ufffd", str(value))


# -- CSV and JSON lines -----------------------------------------------------------------------


class _TextFileWriter(ResultWriter):
    """A UTF-8 text file, written through the temporary file's own handle."""

    _fh: IO[str]

    def _open_text(self) -> IO[str]:
        return self._temp.open("w", encoding="utf-8", newline="")

    def _finish(self) -> None:
        self._fh.close()

    def _abandon(self) -> None:
        with contextlib.suppress(OSError):
            self._fh.close()


class _CsvWriter(_TextFileWriter):
    format: ExportFormat = "csv"

    def _start(self) -> None:
        self._fh = self._open_text()
        self._csv = csv.writer(self._fh)
        self._csv.writerow([neutralise(c) for c in self.columns])

    def _write_values(self, values: list[object]) -> None:
        # None (most cells of a "clear" row) is written as an empty field by csv itself.
        self._csv.writerow([v if v is None else _csv_cell(v) for v in values])


def _csv_cell(value: object) -> object:
    if isinstance(value, str):  # the usual case first: this runs for every cell
        text: str | None = value if value.isascii() else _text(value)
    elif value is None:
        return ""
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        return value if math.isfinite(value) else ""
    else:
        text = _text(value)
    return "" if text is None else neutralise(text)


class _JsonlWriter(_TextFileWriter):
    format: ExportFormat = "jsonl"

    def _start(self) -> None:
        self._fh = self._open_text()

    def _write_values(self, values: list[object]) -> None:
        record = {c: _json_value(v) for c, v in zip(self.columns, values, strict=True)}
        self._fh.write(json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n")


def _json_value(value: object) -> object:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None  # NaN is not JSON
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    return _text(value)


# -- XLSX -------------------------------------------------------------------------------------


class _XlsxWriter(ResultWriter):
    """An openpyxl write-only workbook: rows go to a temporary sheet file, not to memory."""

    format: ExportFormat = "xlsx"

    def _start(self) -> None:
        import openpyxl  # deferred: a slow import that only XLSX needs

        self._book: Any = openpyxl.Workbook(write_only=True)
        self._sheet: Any = self._book.create_sheet(XLSX_SHEET_TITLE)
        self._sheet.append([_xlsx_cell(c) for c in self.columns])

    def _write_values(self, values: list[object]) -> None:
        self._sheet.append([_xlsx_cell(v) for v in values])

    def _finish(self) -> None:
        self._book.save(self._temp)

    def _abandon(self) -> None:
        # openpyxl keeps the rows in a temporary file of its own that only saving removes;
        # a long-running server must not collect them, hence this reach into its writer.
        writer = getattr(self._sheet, "_writer", None)
        with contextlib.suppress(Exception):
            self._sheet.close()
        with contextlib.suppress(Exception):
            if writer is not None:
                writer.cleanup()


def _xlsx_cell(value: object) -> object:
    """A value as openpyxl should store it: numbers as numbers, text neutralised and legal."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if abs(value) < XLSX_MAX_EXACT_INT else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal) and value.is_finite():
        return value
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.isoformat()  # Excel has no time zones; openpyxl refuses them
    if isinstance(value, dt.date | dt.time):
        return value
    text = _XML_ILLEGAL.sub("\ufffd", _text(value) or "")
    text = neutralise(text)  # also stops openpyxl from storing "=..." as a formula
    if len(text) > XLSX_MAX_CELL_CHARS:
        text = text[:XLSX_MAX_CELL_CHARS - 1] + "…"
    return text or None


# -- Parquet ----------------------------------------------------------------------------------


class _ParquetWriter(ResultWriter):
    """A pyarrow ParquetWriter fed one row group per ``batch_rows`` rows."""

    format: ExportFormat = "parquet"

    def __init__(self, path: Path, columns: Sequence[str], numeric: Mapping[str, NumericKind],
                 batch_rows: int) -> None:
        self._batch_rows = batch_rows
        super().__init__(path, columns, numeric)

    def _start(self) -> None:
        import pyarrow as pa  # deferred: a heavy import that only Parquet needs
        import pyarrow.parquet as pq

        types = {"int": pa.int64(), "float": pa.float64()}
        self._schema = pa.schema([(c, types[self.numeric[c]] if c in self.numeric
                                   else pa.string()) for c in self.columns])
        self._writer: Any = pq.ParquetWriter(str(self._temp), self._schema)
        self._buffer: list[list[object]] = [[] for _ in self.columns]

    def _write_values(self, values: list[object]) -> None:
        for column, buffer, value in zip(self.columns, self._buffer, values, strict=True):
            buffer.append(value if column in self.numeric else _text(value))
        if len(self._buffer[0]) >= self._batch_rows:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._buffer[0]:
            arrays = [pa.array(values, type=field.type)
                      for values, field in zip(self._buffer, self._schema, strict=True)]
            self._writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=self._schema))
            self._buffer = [[] for _ in self.columns]

    def _finish(self) -> None:
        self._flush()
        self._writer.close()

    def _abandon(self) -> None:
        with contextlib.suppress(Exception):
            self._writer.close()
