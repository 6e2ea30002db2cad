"""Ownership edges from a user's CSV file (the format is specified in docs/ownership.md).

Columns (header row required, names case-insensitive, any order): ``owner``, ``owned``,
``percent`` required; ``source``, ``date``, ``kind``, ``citation`` optional. UTF-8 (a BOM
is fine), comma or semicolon delimited. The file is read completely or not at all: every
bad row raises :class:`~offramp.model.SourceFormatError` naming its line (the header is
line 1) and column, so no holding is silently lost.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from offramp.model import Entity, PartialDate, SourceFormatError
from offramp.normalize.text import utf8_error_place
from offramp.ownership.edges import EdgeKind, OwnershipEdge
from offramp.ownership.percent import parse_percent
from offramp.ownership.resolve import EntityResolver, Resolution, ResolvedBy

REQUIRED: tuple[str, ...] = ("owner", "owned", "percent")
OPTIONAL: tuple[str, ...] = ("source", "date", "kind", "citation")
COLUMNS: tuple[str, ...] = REQUIRED + OPTIONAL


@dataclass(frozen=True, slots=True)
class OwnershipCsv:
    """The edges of one file, in file order, and what is worth telling the user.

    ``warnings`` name the line of every party that matched no given entity (kept as a
    named node) or several (kept as a named node, the candidates listed), and any column
    offramp does not read.
    """

    edges: Sequence[OwnershipEdge]
    warnings: Sequence[str]


def _header(line: str, delimiter: str) -> list[str]:
    try:
        row = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []
    return [f.strip().lower() for f in row]


def _delimiter(first_line: str) -> str:
    """``;`` when only it makes a header with the required columns, else ``,``."""
    if all(c in _header(first_line, ";") for c in REQUIRED) and not all(
        c in _header(first_line, ",") for c in REQUIRED
    ):
        return ";"
    return ","


class _Rows:
    """Turns one data row into an edge, raising errors that name the place."""

    def __init__(self, path: str, resolver: EntityResolver) -> None:
        self.path = path
        self.resolver = resolver
        self.warnings: list[str] = []
        self.source_default = Path(path).name
        # One line per unresolved party, not per row: a holdings file naming a supplier
        # in ten rows should not print ten warnings.
        self.unresolved: dict[str, tuple[str, list[int]]] = {}

    def unresolved_warnings(self) -> list[str]:
        out = []
        for node, (text, lines) in self.unresolved.items():
            where = "line" if len(lines) == 1 else "lines"
            out.append(f"{where} {', '.join(map(str, lines))}: {text!r} matches no given "
                       f"entity; kept as the named party {node!r}")
        return out

    def fail(self, line: int, column: str | None, problem: str) -> SourceFormatError:
        where = f"line {line}, column {column}" if column else f"line {line}"
        return SourceFormatError(self.path, where, problem)

    def party(self, line: int, column: str, text: str) -> Resolution:
        if not text.strip():
            raise self.fail(line, column, f"empty {column} (every row names an owner and an "
                                          "owned party)")
        try:
            found = self.resolver.resolve(text)
        except ValueError as exc:
            raise self.fail(line, column, f"{text!r} does not name a party") from exc
        if found.by is ResolvedBy.UNRESOLVED:
            self.unresolved.setdefault(found.node, (text.strip(), []))[1].append(line)
        elif found.by is ResolvedBy.AMBIGUOUS:
            self.warnings.append(
                f"line {line}: {column} {text.strip()!r} matches several entities "
                f"({', '.join(found.candidates)}); kept as the named party {found.node!r} - "
                "give the list id instead")
        return found

    def edge(self, line: int, cells: dict[str, str]) -> OwnershipEdge:
        owner = self.party(line, "owner", cells["owner"])
        owned = self.party(line, "owned", cells["owned"])
        if owner.node == owned.node:
            raise self.fail(line, None, f"owner and owned are the same party ({owner.node})")
        kind_text = cells.get("kind", "").strip().lower() or EdgeKind.OWNERSHIP.value
        try:
            kind = EdgeKind(kind_text)
        except ValueError as exc:
            raise self.fail(line, "kind", f"unknown kind {kind_text!r} (use one of "
                                          f"{', '.join(k.value for k in EdgeKind)})") from exc
        percent_text = cells["percent"].strip()
        parsed = parse_percent(percent_text)
        if parsed.problem is not None:
            raise self.fail(line, "percent", f"percent {percent_text!r} is {parsed.problem}; "
                                             "write one number from 0 to 100 (30, 30.5, 30%), "
                                             "or leave the cell empty if the share is unknown")
        if kind is EdgeKind.LINKED and parsed.value is not None:
            raise self.fail(line, "percent", "a linked row takes no percent (use kind "
                                             "ownership for a shareholding)")
        date_text = cells.get("date", "").strip() or None
        if date_text is not None:
            try:
                PartialDate.parse(date_text)
            except ValueError as exc:
                raise self.fail(line, "date", f"bad date {date_text!r} (use YYYY, YYYY-MM or "
                                              "YYYY-MM-DD)") from exc
        extra = cells.get("citation", "").strip()
        citation = f"{self.path} line {line}" + (f", {extra}" if extra else "")
        return OwnershipEdge(
            owner=owner.node, owned=owned.node, percent=parsed.value, kind=kind,
            source=cells.get("source", "").strip() or self.source_default,
            source_date=date_text, citation=citation,
            owner_label=owner.label, owned_label=owned.label,
        )


def _records(path: str, text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line, fields) rows; structural problems raise with the line."""
    if not text.strip():
        raise SourceFormatError(path, None, "empty file (a header row is required: "
                                            f"{', '.join(COLUMNS)})")
    delimiter = _delimiter(text.splitlines()[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    last = 0
    try:
        for fields in reader:
            start, last = last + 1, reader.line_num
            if header is None:
                header = [f.strip().lower() for f in fields]
                for column in REQUIRED:
                    if column not in header:
                        raise SourceFormatError(path, "line 1", f"missing required column "
                                                f"{column!r} (the first row must name the "
                                                f"columns: {', '.join(COLUMNS)})")
                for column in header:
                    if column and header.count(column) > 1:
                        raise SourceFormatError(path, f"line 1, column {column}",
                                                "column appears twice in the header")
                continue
            if not any(f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                raise SourceFormatError(path, f"line {start}", (
                    f"expected {len(header)} fields separated by {delimiter!r}, found "
                    f"{len(fields)} (a missing or extra delimiter, or an unclosed quote?)"))
            rows.append((start, fields))
    except csv.Error as exc:
        # The broken row starts after the last complete one; csv gives up later.
        raise SourceFormatError(path, f"line {last + 1}", f"malformed CSV ({exc}); an "
                                "unclosed quote or a truncated file?") from exc
    assert header is not None
    return header, rows


def parse_ownership_csv(text: str, *, path: str = "<ownership csv>",
                        entities: Iterable[Entity] = ()) -> OwnershipCsv:
    """Parse CSV ``text`` (``path`` only names it in messages and citations).

    Parties are resolved among ``entities``: exact id, then unique exact folded name, else
    a named node (see :mod:`offramp.ownership.resolve`).
    """
    header, rows = _records(path, text)
    converter = _Rows(path, EntityResolver(entities))
    unknown = [c for c in header if c and c not in COLUMNS]
    if unknown:
        converter.warnings.append(f"column(s) not read: {', '.join(unknown)} (known: "
                                  f"{', '.join(COLUMNS)})")
    edges = [converter.edge(line, dict(zip(header, fields, strict=True)))
             for line, fields in rows]
    if not edges:
        converter.warnings.append("the file has a header but no rows")
    return OwnershipCsv(edges, [*converter.warnings, *converter.unresolved_warnings()])


def read_ownership_csv(path: Path | str, *, entities: Iterable[Entity] = ()) -> OwnershipCsv:
    """Read and parse the file at ``path`` (see :func:`parse_ownership_csv`)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceFormatError(str(path), None, f"cannot open: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceFormatError(str(path), utf8_error_place(data), "not UTF-8; save the file "
                                'as "CSV UTF-8"') from exc
    return parse_ownership_csv(text, path=str(path), entities=entities)
