"""OFAC legacy CSV files -> records joined on ``ent_num``, in the list's own shape.

A publication is a primary file (``sdn.csv`` or ``cons_prim.csv``) and up to three siblings:
aliases (``alt.csv``), addresses (``add.csv``) and the continuation of Remarks that did not
fit the primary file's 1,000 characters (``sdn_comments.csv``); the consolidated list uses
``cons_alt.csv``, ``cons_add.csv``, ``cons_comments.csv``. The files have no header row,
write an empty field as ``-0-`` (usually with a trailing space), end lines with CRLF and
may end with a DOS end-of-file byte (0x1A) on a line of its own.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from offramp.model import SourceFormatError
from offramp.sources.files import decode_text, read_bytes, sibling

SDN_COLUMNS = (
    "ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign", "Vess_type",
    "Tonnage", "GRT", "Vess_flag", "Vess_owner", "Remarks",
)
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
ADD_COLUMNS = (
    "ent_num", "add_num", "Address", "City/State/Province/Postal Code", "Country",
    "Add_remarks",
)
COMMENTS_COLUMNS = ("ent_num", "Remarks_Extended")

# The files are ASCII in practice; UTF-8 is tried first (OFAC's stated encoding for its
# newer exports), then Windows-1252, which every older export decodes with. cp1252 leaves
# five bytes undefined, so a file of random bytes is still refused rather than mangled.
ENCODINGS = ("utf-8", "cp1252")
_EMPTY = "-0-"
_ENT_NUM = re.compile(r"^[0-9]+$")
_EOF_MARKER = "\x1a"

Row = Mapping[str, str | None]


@dataclass(frozen=True, slots=True)
class FileSet:
    """Names of the sibling files of one kind of publication."""

    source: str
    alt: str
    add: str
    comments: str


SDN_FILES = FileSet("ofac-sdn", "alt.csv", "add.csv", "sdn_comments.csv")
CONS_FILES = FileSet("ofac-cons", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")


def file_set_for(path: Path, source: str | None = None) -> FileSet:
    """The sibling names for a primary file: by its name, else by the requested source."""
    name = path.name.lower().removesuffix(".gz")
    if name.startswith("cons_prim"):
        return CONS_FILES
    if name.startswith("sdn"):
        return SDN_FILES
    return CONS_FILES if source == CONS_FILES.source else SDN_FILES


@dataclass(frozen=True, slots=True)
class OfacRecord:
    """One entry with everything the other files say about it.

    ``fields`` are the primary file's columns (``-0-`` read as None); ``comments`` the
    Remarks continuations from the comments file, in file order.
    """

    line: int
    fields: Row
    aliases: tuple[Row, ...] = ()
    addresses: tuple[Row, ...] = ()
    comments: tuple[str, ...] = ()

    @property
    def ent_num(self) -> str:
        """OFAC's entry number, the key that joins the files."""
        value = self.fields["ent_num"]
        assert value is not None
        return value

    @property
    def remarks(self) -> str | None:
        """The full Remarks text: OFAC cuts it at 1,000 characters mid-word and carries on
        in the comments file, so the pieces are joined without a separator."""
        parts = [self.fields["Remarks"] or "", *self.comments]
        joined = "".join(parts).strip()
        return joined or None

    def to_record(self) -> dict[str, Any]:
        """The original record as JSON-ready data (``-0-`` written as null)."""
        record: dict[str, Any] = dict(self.fields)
        record["alt"] = [dict(row) for row in self.aliases]
        record["add"] = [dict(row) for row in self.addresses]
        if self.comments:
            record["Remarks_Extended"] = list(self.comments)
        return record


@dataclass(frozen=True, slots=True)
class Publication:
    """The records of one publication, the files read (in order) and recoverable oddities."""

    records: Sequence[OfacRecord]
    files: Sequence[Path]
    warnings: Sequence[str] = field(default_factory=tuple)


def _value(text: str) -> str | None:
    text = text.strip()
    return None if text in ("", _EMPTY) else text


def read_table(path: Path, columns: Sequence[str]) -> list[tuple[int, Row]]:
    """Rows of one headerless OFAC CSV file as ``(line, {column: value})``.

    Raises :class:`SourceFormatError` with the line for bad encoding, NUL bytes, broken
    quoting (a file cut inside a quoted field), a wrong number of columns or an ent_num
    that is not a number.
    """
    text = decode_text(path, read_bytes(path), ENCODINGS)
    nul = text.find("\x00")
    if nul >= 0:
        raise SourceFormatError(str(path), f"line {text.count(chr(10), 0, nul) + 1}",
                                "NUL byte in a text file (corrupt or truncated download)")
    trimmed = text.rstrip("\r\n")
    if trimmed.endswith(_EOF_MARKER):
        text = trimmed[:-1]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, Row]] = []
    try:
        for fields in reader:
            if not fields or fields == [""]:
                continue
            where = f"line {reader.line_num}"
            if len(fields) != len(columns):
                raise SourceFormatError(
                    str(path), where,
                    f"expected {len(columns)} columns, found {len(fields)}",
                )
            if not _ENT_NUM.match(fields[0].strip()):
                raise SourceFormatError(
                    str(path), where, f"ent_num is not a number: {fields[0].strip()!r}",
                )
            values = {column: _value(raw) for column, raw in zip(columns, fields, strict=True)}
            values["ent_num"] = fields[0].strip()
            rows.append((reader.line_num, values))
    except csv.Error as exc:
        raise SourceFormatError(
            str(path), f"line {reader.line_num}",
            f"malformed CSV ({exc}); the file may be truncated",
        ) from exc
    return rows


def _orphans(path: Path, lines: list[tuple[int, str]]) -> str:
    shown = ", ".join(f"{ent} (line {line})" for line, ent in lines[:5])
    more = f" and {len(lines) - 5} more" if len(lines) > 5 else ""
    return (f"{path.name}: {len(lines)} row(s) refer to an ent_num missing from the primary "
            f"file and were ignored: {shown}{more}")


def read_publication(path: Path, files: FileSet) -> Publication:
    """Read the primary file ``path`` and the sibling files present beside it."""
    primary = read_table(path, SDN_COLUMNS)
    if not primary:
        raise SourceFormatError(str(path), None, "no entries (empty file)")
    index: dict[str, int] = {}
    for position, (line, row) in enumerate(primary):
        ent = row["ent_num"]
        assert ent is not None
        if ent in index:
            first = primary[index[ent]][0]
            raise SourceFormatError(str(path), f"line {line}",
                                    f"duplicate ent_num {ent} (first at line {first})")
        if row["SDN_Name"] is None:
            raise SourceFormatError(str(path), f"line {line}", f"entry {ent} has no name")
        index[ent] = position

    read: list[Path] = [path]
    warnings: list[str] = []
    extra: dict[str, dict[str, list[Any]]] = {"alt": {}, "add": {}, "comments": {}}
    for kind, name, columns in (
        ("alt", files.alt, ALT_COLUMNS),
        ("add", files.add, ADD_COLUMNS),
        ("comments", files.comments, COMMENTS_COLUMNS),
    ):
        found = sibling(path, name)
        if found is None:
            continue
        read.append(found)
        orphans: list[tuple[int, str]] = []
        for line, row in read_table(found, columns):
            ent = row["ent_num"]
            assert ent is not None
            if ent not in index:
                # Never guess: an alias whose entry is missing must not land on another one.
                orphans.append((line, ent))
                continue
            value: Any = row if kind != "comments" else (row["Remarks_Extended"] or "")
            extra[kind].setdefault(ent, []).append(value)
        if orphans:
            warnings.append(_orphans(found, orphans))

    records = [
        OfacRecord(
            line=line,
            fields=row,
            aliases=tuple(extra["alt"].get(str(row["ent_num"]), ())),
            addresses=tuple(extra["add"].get(str(row["ent_num"]), ())),
            comments=tuple(extra["comments"].get(str(row["ent_num"]), ())),
        )
        for line, row in primary
    ]
    if sibling(path, files.comments) is None:
        cut = [r.ent_num for r in records if len(r.fields["Remarks"] or "") >= 1000]
        if cut:
            warnings.append(
                f"{len(cut)} entries have Remarks cut at 1,000 characters and "
                f"{files.comments} is not beside {path.name}: their remarks are incomplete "
                f"(e.g. ent_num {', '.join(cut[:5])})"
            )
    return Publication(records=records, files=read, warnings=tuple(warnings))
