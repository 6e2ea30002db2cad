"""Reading the file of names to screen: CSV, XLSX, Parquet or JSON lines, one row at a time.

:func:`open_subjects` looks at the file once -- format, encoding, delimiter, header, which
column holds what -- and raises :class:`~offramp.model.OfframpError` with a clear message when
it cannot. Iterating the :class:`SubjectFile` it returns then streams :class:`Subject` rows,
never holding the whole file in memory.

A row that cannot be read (bytes that do not decode, a JSON line that is not an object, a
malformed CSV record, an absurdly long line) is still yielded, with ``problem`` set, so that it
is reported "unscreened": one bad row never fails the batch.

Uploaded files are untrusted (a web UI reuses this module): ``max_rows`` caps the rows read,
lines are read with a length cap, and an XLSX whose zip members would expand beyond a ratio or a
size cap is refused before openpyxl opens it. openpyxl parses the XML with defusedxml (a
dependency of offramp), so entity-expansion tricks inside the workbook are refused too.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import json
import os
import re
from collections.abc import Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

from offramp.model import OfframpError
from offramp.normalize.cells import cell_text, clean_text
from offramp.sources.files import file_sha256
from offramp.sources.xlsx_guard import XLSX_MAX_EXPANDED_BYTES, check_zip

SubjectFormat = Literal["csv", "xlsx", "parquet", "jsonl"]
Role = Literal["name", "id", "country", "dob"]

#: File name endings (and format names) understood, and the format each one means.
EXTENSIONS: Mapping[str, SubjectFormat] = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv",
    ".xlsx": "xlsx",
    ".parquet": "parquet", ".pq": "parquet",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}

#: Headers recognised for each role, compared after :func:`header_key`.
HEADER_CANDIDATES: Mapping[Role, frozenset[str]] = {
    "name": frozenset({"name", "full_name", "counterparty", "supplier", "supplier_name",
                       "company", "company_name", "party", "vendor", "customer", "payee"}),
    "id": frozenset({"id", "subject_id", "supplier_id", "customer_id", "vendor_id", "account"}),
    "country": frozenset({"country", "country_code", "nationality"}),
    "dob": frozenset({"dob", "date_of_birth", "birth_date", "birthdate"}),
}

#: The command-line option that names each role's column, quoted in error messages.
ROLE_OPTIONS: Mapping[Role, str] = {
    "name": "--name-column", "id": "--id-column",
    "country": "--country-column", "dob": "--dob-column",
}

SAMPLE_BYTES = 1 << 20  # read up front to choose the encoding of a CSV
SNIFF_CHARS = 64 * 1024  # csv.Sniffer is slow on big samples, and the first lines suffice
MAX_LINE_CHARS = 1 << 20  # a longer CSV/JSONL line is a bad row, not a memory hog
JSONL_SAMPLE_LINES = 1000  # lines looked at to learn the keys of a JSON lines file
PARQUET_BATCH_ROWS = 10_000

_ENCODING_FALLBACK = {"utf-8-sig": "cp1252", "cp1252": "latin-1"}
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")  # what errors="surrogateescape" leaves
_MAX_LISTED_COLUMNS = 30


@dataclass(frozen=True, slots=True)
class Subject:
    """One row of the file to screen.

    ``row_number`` says where to look: the line in the file for CSV and JSON lines, the sheet
    row for XLSX, the 1-based record number for Parquet. ``subject_id`` is the id column's value,
    or the row number when there is none. ``problem`` is set when the row itself could not be
    read; such a row must be reported unscreened, never clear.
    """

    row_number: int
    subject_id: str
    name: str
    country: str | None = None
    birth_date: str | None = None
    problem: str | None = None


_RawRow = tuple[int, Sequence[object], str | None]  # (row number, wanted cells, problem)


class _Source:
    """One file format: the header, then the data rows, cells in the order asked for."""

    header: tuple[str, ...] = ()
    row_count: int | None = None  # known before reading (Parquet metadata), else None
    encoding: str | None = None  # CSV only
    delimiter: str | None = None  # CSV only
    sheet: str | None = None  # XLSX only

    def rows(self, wanted: Sequence[int]) -> Iterator[_RawRow]:
        """(row number, the ``wanted`` cells in that order, problem) for each data row."""
        raise NotImplementedError


class SubjectFile:
    """A file of subjects, ready to stream: iterate it (as often as needed) for :class:`Subject`.

    ``format`` is the format read, ``columns`` maps each role found ("name", "id", "country",
    "dob") to the column actually used, ``header`` lists every column. ``encoding`` and
    ``delimiter`` (CSV) and ``sheet`` (XLSX) record what was detected or given.
    """

    def __init__(self, path: Path, format: SubjectFormat, source: _Source,
                 indices: Mapping[Role, int], max_rows: int | None) -> None:
        self.path = path
        self.format: SubjectFormat = format
        self.header = source.header
        self.columns: Mapping[Role, str] = {r: source.header[i] for r, i in indices.items()}
        self.max_rows = max_rows
        self.encoding = source.encoding
        self.delimiter = source.delimiter
        self.sheet = source.sheet
        self._source = source
        self._indices = dict(indices)

    def __iter__(self) -> Iterator[Subject]:
        roles = tuple(self._indices)
        wanted = tuple(self._indices.values())
        # Where each role's cell is in the cells read (the name is always first), or None.
        where = [roles.index(r) if r in roles else None for r in ("id", "country", "dob")]
        for count, (number, cells, problem) in enumerate(self._source.rows(wanted), 1):
            if self.max_rows is not None and count > self.max_rows:
                raise _too_many_rows(self.path, self.max_rows)
            texts = [cell_text(c) for c in cells]
            id_, country, dob = (texts[i] if i is not None else "" for i in where)
            yield Subject(number, id_ or str(number), texts[0], country or None, dob or None,
                          problem)

    def input_sha256(self) -> str:
        """SHA-256 (hex) of the file's bytes, read in chunks: the audit record of the input."""
        try:
            return file_sha256(self.path)
        except OSError as exc:
            raise OfframpError(f"{self.path}: cannot read: {exc.strerror}") from exc

    def __repr__(self) -> str:
        return f"SubjectFile({str(self.path)!r}, format={self.format!r}, columns={self.columns})"


def open_subjects(path: str | os.PathLike[str], *, format: str | None = None,
                  name_column: str | None = None, id_column: str | None = None,
                  country_column: str | None = None, dob_column: str | None = None,
                  delimiter: str | None = None, encoding: str | None = None,
                  sheet: str | None = None, max_rows: int | None = None,
                  max_expanded_bytes: int = XLSX_MAX_EXPANDED_BYTES) -> SubjectFile:
    """Open a file of names to screen; iterate the result for :class:`Subject` rows.

    ``format`` is "csv", "xlsx", "parquet" or "jsonl" (or an extension such as "tsv"),
    otherwise taken from the file name. Each ``*_column`` names a column exactly (or, failing
    that, case-insensitively); a role left out is detected from common headers when exactly
    one column fits -- the name must be found, the others are optional.

    CSV: ``delimiter`` is sniffed unless given (tab for .tsv); ``encoding`` is detected unless
    given -- UTF-8 (BOM or not) or UTF-16 with a BOM, else cp1252/latin-1 -- and a row whose
    bytes are not valid in a given encoding comes back with ``problem`` set. XLSX: the first
    sheet unless ``sheet`` names one; the header is the first non-empty row; a formula gives
    the value Excel last computed (none, if a program wrote it uncomputed); a workbook that
    unpacks beyond ``max_expanded_bytes`` or ``XLSX_MAX_RATIO`` times its packed size is refused.
    ``max_rows``: iteration raises once the file proves to hold more data rows (Parquet: here).

    Raises OfframpError (naming the file) when the file cannot be used.
    """
    file = Path(path)
    kind, tab_default = _format_of(file, format)
    _check_options(file, kind, delimiter=delimiter, encoding=encoding, sheet=sheet)
    _check_file(file)
    given: dict[Role, str | None] = {"name": name_column, "id": id_column,
                                     "country": country_column, "dob": dob_column}
    source: _Source
    if kind == "csv":
        source = _CsvSource(file, _delimiter_option(delimiter), encoding, tab_default)
    elif kind == "xlsx":
        source = _XlsxSource(file, sheet, max_expanded_bytes)
    elif kind == "parquet":
        source = _ParquetSource(file)
    else:
        source = _JsonlSource(file)
    indices = resolve_columns(file, source.header, given)
    if max_rows is not None and source.row_count is not None and source.row_count > max_rows:
        raise _too_many_rows(file, max_rows)
    return SubjectFile(file, kind, source, indices, max_rows)


# -- formats, options, files ------------------------------------------------------------------


def _format_of(path: Path, given: str | None) -> tuple[SubjectFormat, bool]:
    """The format to read and whether a tab is the default delimiter (.tsv)."""
    if given is not None:
        name = given.strip().lower().lstrip(".")
        kind = EXTENSIONS.get("." + name)  # "csv" -> ".csv" -> csv, "tsv" -> csv, ...
        if kind is None:
            raise OfframpError(f"{path}: unknown format {given!r} "
                               "(formats: csv, xlsx, parquet, jsonl)")
        return kind, name == "tsv"
    suffix = path.suffix.lower()
    found = EXTENSIONS.get(suffix)
    if found is None:
        known = ", ".join(EXTENSIONS)
        raise OfframpError(f"{path}: cannot tell the format from the name (known endings: "
                           f"{known}); say which with --format")
    return found, suffix == ".tsv"


def _check_options(path: Path, kind: SubjectFormat, **options: str | None) -> None:
    applies = {"delimiter": "csv", "encoding": "csv", "sheet": "xlsx"}
    for option, value in options.items():
        if value is not None and applies[option] != kind:
            raise OfframpError(f"{path}: --{option} applies to {applies[option].upper()} files "
                               f"only, and this one is read as {kind.upper()}")


def _delimiter_option(delimiter: str | None) -> str | None:
    # A shell makes typing a real tab awkward, so "\t" and "tab" are accepted for it.
    if delimiter is None:
        return None
    if delimiter in ("\\t", "tab", "TAB"):
        return "\t"
    if len(delimiter) != 1 or delimiter in "\"\r\n":
        raise OfframpError(f"the delimiter must be one character (got {delimiter!r})")
    return delimiter


def _check_file(path: Path) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise OfframpError(f"{path}: no such file") from None
    except OSError as exc:
        raise OfframpError(f"{path}: cannot read: {exc.strerror}") from exc
    if path.is_dir():
        raise OfframpError(f"{path}: is a directory, not a file")
    if size == 0:
        raise OfframpError(f"{path}: the file is empty")


def _open_binary(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except OSError as exc:
        raise OfframpError(f"{path}: cannot read: {exc.strerror}") from exc


def _too_many_rows(path: Path, max_rows: int) -> OfframpError:
    return OfframpError(f"{path}: more than {max_rows:,} rows, the most accepted; "
                        "split the file")


# -- columns ----------------------------------------------------------------------------------


def header_key(header: str) -> str:
    """A header as compared for detection: "Supplier Name" and "supplier-name" -> supplier_name."""
    return re.sub(r"[\s\-./]+", "_", header.strip().lower()).strip("_")


def resolve_columns(path: Path, header: Sequence[str],
                    given: Mapping[Role, str | None]) -> dict[Role, int]:
    """Role -> column index: the given columns, then each other role detected when unambiguous.

    The name is required; id, country and date of birth are used when found. Raises
    OfframpError naming the option to give when a role is ambiguous or the name is missing,
    and listing the columns when a given column does not exist.
    """
    chosen: dict[Role, int] = {}
    for role, column in given.items():
        if column is not None:
            chosen[role] = _given_column(path, header, column)
    for role in HEADER_CANDIDATES:
        if role not in chosen:
            index = _detected_column(path, header, role, set(chosen.values()))
            if index is not None:
                chosen[role] = index
    # Rows are built in role order, so put "name" first whatever was given.
    return {role: chosen[role] for role in HEADER_CANDIDATES if role in chosen}


def _given_column(path: Path, header: Sequence[str], column: str) -> int:
    exact = [i for i, h in enumerate(header) if h == column]
    loose = [i for i, h in enumerate(header) if header_key(h) == header_key(column)]
    for found in (exact, loose):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise OfframpError(f"{path}: {len(found)} columns are called {column!r}; "
                               f"rename one (columns: {_listing(header)})")
    raise OfframpError(f"{path}: no column {column!r} (columns: {_listing(header)})")


def _detected_column(path: Path, header: Sequence[str], role: Role,
                     taken: set[int]) -> int | None:
    found = [i for i, h in enumerate(header)
             if i not in taken and header_key(h) in HEADER_CANDIDATES[role]]
    if len(found) == 1:
        return found[0]
    option = ROLE_OPTIONS[role]
    if found:
        which = ", ".join(repr(header[i]) for i in found)
        raise OfframpError(f"{path}: several columns could be the {_ROLE_WORDS[role]} ({which}); "
                           f"say which with {option} (columns: {_listing(header)})")
    if role == "name":
        raise OfframpError(f"{path}: no name column found; say which with {option} "
                           f"(columns: {_listing(header)})")
    return None


_ROLE_WORDS: Mapping[Role, str] = {"name": "name", "id": "id", "country": "country",
                                   "dob": "date of birth"}


def _listing(header: Sequence[str]) -> str:
    shown = [h if h else "(blank)" for h in header[:_MAX_LISTED_COLUMNS]]
    more = len(header) - len(shown)
    return ", ".join(shown) + (f", ... ({more} more)" if more > 0 else "")


# -- values -----------------------------------------------------------------------------------


# -- CSV --------------------------------------------------------------------------------------


class _BoundedLines:
    """Lines of a text file, each at most ``limit`` characters.

    A longer line is swallowed and replaced by an empty one, with ``too_long`` set, so the csv
    reader never holds it in memory and the caller can report that row.
    """

    def __init__(self, fh: IO[str], limit: int) -> None:
        self._fh = fh
        self._limit = limit
        self.too_long = False

    def __iter__(self) -> _BoundedLines:
        return self

    def __next__(self) -> str:
        line = self._fh.readline(self._limit)
        if not line:
            raise StopIteration
        if len(line) == self._limit and not line.endswith(("\n", "\r")):
            while (rest := self._fh.readline(self._limit)) and not rest.endswith(("\n", "\r")):
                pass
            self.too_long = True
            return "\n"
        return line


class _CsvSource(_Source):
    """A delimited text file: encoding and delimiter chosen once, then streamed."""

    def __init__(self, path: Path, delimiter: str | None, encoding: str | None,
                 tab_default: bool) -> None:
        self.path = path
        with _open_binary(path) as fh:
            sample = fh.read(SAMPLE_BYTES)
            complete = not fh.read(1)
        self._fallback: str | None = None
        if encoding is not None:
            try:
                codecs.lookup(encoding)
            except LookupError:
                raise OfframpError(f"unknown encoding {encoding!r}") from None
            self._encoding = encoding
        else:
            self._encoding, self._fallback = _detect_encoding(sample, complete)
        text = codecs.getincrementaldecoder(self._encoding)("surrogateescape").decode(
            sample, final=complete)
        self._delimiter = delimiter or ("\t" if tab_default else _sniff_delimiter(text))
        self.encoding, self.delimiter = self._encoding, self._delimiter
        self.header, self._header_record = self._read_header()

    def _read_header(self) -> tuple[tuple[str, ...], int]:
        for record, (line, cells, problem) in enumerate(self._records()):
            if problem is not None or cells is None:
                raise OfframpError(f"{self.path}: cannot read the header row "
                                   f"(line {line}: {problem})")
            if any(c.strip() for c in cells):
                texts, _ = self._decoded(cells)
                return tuple(t.replace("\ufeff", "").strip() for t in texts), record
        raise OfframpError(f"{self.path}: no header row (the file holds no data)")

    def rows(self, wanted: Sequence[int]) -> Iterator[_RawRow]:
        for record, (line, cells, problem) in enumerate(self._records()):
            if record <= self._header_record:
                continue
            if cells is None:
                yield line, ("",) * len(wanted), problem
                continue
            if not any(c.strip() for c in cells):
                continue  # a blank line is not a subject
            values, bad = self._decoded([cells[i] if i < len(cells) else "" for i in wanted])
            yield line, values, (f"bytes that are not valid {self.encoding}" if bad else None)

    def _records(self) -> Iterator[tuple[int, list[str] | None, str | None]]:
        """(first line, cells or None, problem) for every record, blank ones included."""
        try:
            fh = self.path.open(encoding=self._encoding, errors="surrogateescape", newline="")
        except OSError as exc:
            raise OfframpError(f"{self.path}: cannot read: {exc.strerror}") from exc
        with fh:
            lines = _BoundedLines(fh, MAX_LINE_CHARS)
            reader = csv.reader(lines, delimiter=self._delimiter)
            line = 1
            while True:
                try:
                    cells: list[str] | None = next(reader)
                    problem = None
                except StopIteration:
                    return
                except csv.Error as exc:  # the reader resynchronises on the next line
                    cells, problem = None, f"malformed CSV record ({exc})"
                if lines.too_long:
                    lines.too_long = False
                    cells, problem = None, f"line longer than {MAX_LINE_CHARS:,} characters"
                yield line, cells, problem
                line = reader.line_num + 1

    def _decoded(self, cells: Sequence[str]) -> tuple[list[str], bool]:
        """Cells with undecodable bytes repaired: decoded with the fallback encoding when the
        encoding was detected, else replaced by U+FFFD and reported (bool)."""
        bad = False
        out = []
        for cell in cells:
            if cell.isascii():  # most cells: no escaped byte and no surrogate in them
                out.append(cell)
                continue
            if _ESCAPED_BYTES.search(cell):
                if self._fallback is None:
                    bad = True
                else:
                    cell = _redecode(cell, self._fallback)
            out.append(clean_text(cell))
        return out, bad


def _redecode(text: str, fallback: str) -> str:
    """``text`` with each run of escaped bytes decoded with ``fallback`` instead."""
    def decode(run: re.Match[str]) -> str:
        # surrogateescape gives back the very bytes whatever the codec named here
        return run.group().encode("utf-8", "surrogateescape").decode(fallback, "replace")
    return _ESCAPED_BYTES.sub(decode, text)


def _detect_encoding(sample: bytes, complete: bool) -> tuple[str, str | None]:
    """(encoding, fallback for stray bytes further down) judged on the first bytes.

    UTF-8 that decodes is UTF-8; otherwise the file comes from a legacy Windows or ISO 8859-1
    system. A UTF-8 file can still hold a legacy row further down (concatenated exports), so
    such bytes are read with the fallback rather than lost.
    """
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", None  # Excel's "Unicode text"
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            codecs.getincrementaldecoder(encoding)("strict").decode(sample, final=complete)
        except UnicodeDecodeError:
            continue
        return encoding, _ENCODING_FALLBACK[encoding]
    return "latin-1", None  # decodes any byte


def _sniff_delimiter(text: str) -> str:
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[:sample.rindex("\n")]  # whole lines only: a cut line misleads
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        # Too few lines to be sure: count the candidates on the first line.
        first = sample.lstrip("\r\n").split("\n", 1)[0]
        counts = {d: first.count(d) for d in ",;\t|"}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


# -- XLSX -------------------------------------------------------------------------------------


class _XlsxSource(_Source):
    """A workbook sheet read with openpyxl in read-only mode (rows streamed from the zip)."""

    def __init__(self, path: Path, sheet: str | None, max_expanded_bytes: int) -> None:
        self.path = path
        self._max_expanded = max_expanded_bytes
        self._wanted_sheet = sheet
        with self._worksheet() as ws:
            self.sheet = ws.title
            self.header, self._header_row = self._read_header(ws)

    @contextlib.contextmanager
    def _worksheet(self) -> Iterator[Any]:
        # One open file for both the zip check and openpyxl: nothing can swap it in between.
        # openpyxl gets the file object, not the name, so it does not insist on ".xlsx".
        import openpyxl  # deferred: a slow import that only XLSX needs

        with _open_binary(self.path) as fh:
            check_zip(self.path, fh, self._max_expanded)
            try:
                workbook = openpyxl.load_workbook(fh, read_only=True, data_only=True,
                                                  keep_links=False)
            except Exception as exc:  # openpyxl raises many types on damaged files
                raise OfframpError(f"{self.path}: not a readable XLSX workbook "
                                   f"({type(exc).__name__}: {exc})") from exc
            try:
                ws = self._pick_sheet(workbook)
                ws.reset_dimensions()  # some writers declare a wrong size; read what is there
                yield ws
            finally:
                workbook.close()

    def _pick_sheet(self, workbook: Any) -> Any:
        names = list(workbook.sheetnames)
        if self._wanted_sheet is None:
            if not workbook.worksheets:
                raise OfframpError(f"{self.path}: the workbook has no worksheet")
            return workbook.worksheets[0]
        if self._wanted_sheet not in names:
            raise OfframpError(f"{self.path}: no sheet {self._wanted_sheet!r} "
                               f"(sheets: {', '.join(names)})")
        return workbook[self._wanted_sheet]

    def _read_header(self, ws: Any) -> tuple[tuple[str, ...], int]:
        for number, values in self._values(ws):
            if not _blank(values):
                return tuple(cell_text(v) for v in values), number
        raise OfframpError(f"{self.path}: no header row (sheet {ws.title!r} is empty)")

    def rows(self, wanted: Sequence[int]) -> Iterator[_RawRow]:
        with self._worksheet() as ws:
            for number, values in self._values(ws):
                if number <= self._header_row or _blank(values):
                    continue
                yield number, [values[i] if i < len(values) else None for i in wanted], None

    def _values(self, ws: Any) -> Iterator[tuple[int, tuple[object, ...]]]:
        """(sheet row number, cell values); openpyxl fills skipped rows with empty ones."""
        rows = iter(ws.iter_rows(min_row=1, values_only=True))
        number = 0
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # damaged XML or zip member: one clear line
                where = f" after row {number}" if number else ""
                raise OfframpError(f"{self.path}: sheet {ws.title!r} is damaged{where} "
                                   f"({type(exc).__name__}: {exc})") from exc
            number += 1
            yield number, tuple(values)


def _blank(values: Sequence[object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


# -- Parquet ----------------------------------------------------------------------------------


class _ParquetSource(_Source):
    """A Parquet file read in record batches of the wanted columns only."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with self._open() as parquet:
            self.header = tuple(str(n) for n in parquet.schema_arrow.names)
            self.row_count = int(parquet.metadata.num_rows)
        if not self.header:
            raise OfframpError(f"{path}: the Parquet file has no columns")

    @contextlib.contextmanager
    def _open(self) -> Iterator[Any]:
        import pyarrow as pa  # deferred: a heavy import that only Parquet needs
        import pyarrow.parquet as pq

        try:
            parquet = pq.ParquetFile(str(self.path))
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise OfframpError(f"{self.path}: not a readable Parquet file ({exc})") from exc
        with contextlib.closing(parquet):
            yield parquet

    def rows(self, wanted: Sequence[int]) -> Iterator[_RawRow]:
        import pyarrow as pa

        names = [self.header[i] for i in wanted]
        with self._open() as parquet:
            batches = parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS,
                                           columns=list(dict.fromkeys(names)))
            number = 0
            while True:
                try:
                    batch = next(batches)
                    columns = [batch.column(name).to_pylist() for name in names]
                except StopIteration:
                    return
                except (pa.ArrowException, OSError, ValueError) as exc:
                    where = f" after record {number}" if number else ""
                    raise OfframpError(f"{self.path}: the Parquet data is damaged{where} "
                                       f"({exc})") from exc
                for cells in zip(*columns, strict=True):
                    number += 1
                    yield number, cells, None


# -- JSON lines -------------------------------------------------------------------------------


class _JsonlSource(_Source):
    """One JSON object per line; the columns are the keys seen in the first lines."""

    def __init__(self, path: Path) -> None:
        self.path = path
        keys: dict[str, None] = {}  # ordered set: first appearance
        with contextlib.closing(self._objects()) as objects:
            for number, obj, _ in objects:
                if obj is not None:
                    keys.update(dict.fromkeys(obj))
                if number >= JSONL_SAMPLE_LINES:
                    break
        if not keys:
            raise OfframpError(f"{path}: no header: no JSON object in the first "
                               f"{JSONL_SAMPLE_LINES} lines")
        self.header = tuple(keys)

    def rows(self, wanted: Sequence[int]) -> Iterator[_RawRow]:
        keys = [self.header[i] for i in wanted]
        for number, obj, problem in self._objects():
            if obj is None:
                yield number, ("",) * len(keys), problem
            else:
                yield number, [obj.get(k) for k in keys], None

    def _objects(self) -> Generator[tuple[int, dict[str, Any] | None, str | None]]:
        """(line number, object or None, problem) for every non-blank line."""
        with _open_binary(self.path) as fh:
            for number, raw in enumerate(_bounded_binary_lines(fh, MAX_LINE_CHARS), 1):
                if raw is None:
                    yield number, None, f"line longer than {MAX_LINE_CHARS:,} bytes"
                    continue
                if number == 1:
                    raw = raw.removeprefix(codecs.BOM_UTF8)
                if raw.strip():
                    obj, problem = _parse_json_line(raw)
                    yield number, obj, problem


def _parse_json_line(raw: bytes) -> tuple[dict[str, Any] | None, str | None]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, "bytes that are not valid UTF-8"
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
        return None, f"not valid JSON ({exc})"
    if not isinstance(obj, dict):
        return None, f"not a JSON object (a {type(obj).__name__})"
    return obj, None


def _bounded_binary_lines(fh: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """Lines of at most ``limit`` bytes; a longer one is skipped and comes out as None."""
    while raw := fh.readline(limit):
        if len(raw) == limit and not raw.endswith(b"\n"):
            while (rest := fh.readline(limit)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield raw
