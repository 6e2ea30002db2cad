"""Screening a file of names: every row comes back matched, clear or unscreened.

Each row is searched with the :class:`~offramp.screening.screener.Screener`; a row with at
least one match at or above the threshold is a "match", one without is "clear", and a row
that cannot be screened (empty name, punctuation only, nothing but legal forms, too long) is
"unscreened" with the reason -- never "clear". One bad row never stops the file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from offramp.model import Match, OfframpError, UnscreenableError
from offramp.screening.screener import Screener

MATCHES_PER_ROW = 5  # candidates considered per row; only those at the threshold are kept


@dataclass(frozen=True, slots=True)
class RowResult:
    """One screened row: ``status`` is "match", "clear" or "unscreened"."""

    row_number: int
    subject_id: str
    name: str
    status: str
    matches: tuple[Match, ...] = ()
    reason: str | None = None


def screen_rows(screener: Screener,
                rows: Iterable[tuple[int, str, str]]) -> Iterator[RowResult]:
    """Screen (line number, subject id, name) rows, in order."""
    for line, subject, name in rows:
        try:
            found = screener.search(name, limit=MATCHES_PER_ROW)
        except UnscreenableError as exc:
            yield RowResult(line, subject, name, "unscreened", reason=exc.reason)
            continue
        alerts = tuple(m for m in found if m.alert)
        yield RowResult(line, subject, name, "match" if alerts else "clear", alerts)


def read_subjects(path: Path, name_column: str | None = None,
                  id_column: str | None = None) -> Iterator[tuple[int, str, str]]:
    """(line number, subject id, name) from a CSV file with a header row.

    The name column is ``name_column`` or the only header among name / counterparty /
    supplier / company / party (case-insensitive); the id column likewise among id /
    subject_id / supplier_id, else the line number.
    """
    try:
        fh = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise OfframpError(f"cannot open {path}: {exc.strerror}") from exc
    with fh:
        reader = csv.DictReader(fh)
        try:
            header = reader.fieldnames or []
        except (csv.Error, UnicodeDecodeError) as exc:
            raise OfframpError(f"{path}: cannot read the header row ({exc})") from exc
        name_col = _pick(path, header, name_column,
                         ("name", "counterparty", "supplier", "company", "party"), "--name-column")
        id_col = _pick(path, header, id_column, ("id", "subject_id", "supplier_id"), None)
        try:
            for row in reader:
                line = reader.line_num
                subject = (row.get(id_col) or "").strip() if id_col else ""
                yield line, subject or str(line), row.get(name_col) or ""
        except (csv.Error, UnicodeDecodeError) as exc:
            raise OfframpError(f"{path} line {reader.line_num}: {exc}") from exc


def _pick(path: Path, header: Sequence[str], given: str | None, candidates: Sequence[str],
          option: str | None) -> str | None:
    if given:
        if given not in header:
            raise OfframpError(f"{path}: no column {given!r} (columns: {', '.join(header)})")
        return given
    lowered = {h.strip().lower(): h for h in header}
    found = [lowered[c] for c in candidates if c in lowered]
    if len(found) == 1:
        return found[0]
    if option is None:
        return None
    why = "several candidate columns" if found else "no name column found"
    raise OfframpError(f"{path}: {why}; say which with {option} "
                       f"(columns: {', '.join(header)})")
