"""Exact screening: a name alerts when it equals a list name after :func:`fold`.

The first, transparent screening mode: no fuzzy scoring, so every hit is self-evident
("BANCO NACIONAL DE CUBA" == "Banco Nacional de Cuba"). It catches spelling in any case,
accent, script or punctuation, and nothing else: a clear result here means "no list name is
spelled this way", not "no sanctioned party is meant". Rows it cannot screen are reported
``unscreened`` with the reason, never ``clear``.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from offramp.model import Entity, ListSnapshot, OfframpError
from offramp.normalize.text import fold
from offramp.store import ListStore

MAX_NAME_LENGTH = 500  # longer "names" are pasted documents, not names


@dataclass(frozen=True, slots=True)
class ExactHit:
    """A list entry whose name equals the screened name after folding."""

    entity: Entity
    list_name: str  # the entry's name that matched, as the list spells it
    version: ListSnapshot


@dataclass(frozen=True, slots=True)
class RowResult:
    """One screened row: ``status`` is "match", "clear" or "unscreened"."""

    row_number: int
    subject_id: str
    name: str
    status: str
    hits: tuple[ExactHit, ...] = ()
    reason: str | None = None


class ExactIndex:
    """Folded name -> entries, over the versions in use."""

    def __init__(self, versions: Sequence[tuple[ListSnapshot, Iterable[Entity]]]) -> None:
        self._names: dict[str, list[tuple[Entity, str, ListSnapshot]]] = defaultdict(list)
        for snapshot, entities in versions:
            for entity in entities:
                for name in entity.names:
                    key = fold(name.value)
                    if key:
                        self._names[key].append((entity, name.value, snapshot))

    @classmethod
    def from_store(cls, store: ListStore) -> ExactIndex:
        """Index every current list version in ``store``."""
        current = list(store.current().values())
        if not current:
            raise OfframpError("no lists loaded: run `offramp lists load` or `offramp demo`")
        return cls([(snap, store.entities(snap.id)) for snap in current if snap.id is not None])

    def screen(self, row_number: int, subject_id: str, name: str) -> RowResult:
        """Screen one name."""
        if not name.strip():
            return RowResult(row_number, subject_id, name, "unscreened", reason="empty name")
        if len(name) > MAX_NAME_LENGTH:
            return RowResult(row_number, subject_id, name, "unscreened",
                             reason=f"name longer than {MAX_NAME_LENGTH} characters")
        key = fold(name)
        if not key:
            return RowResult(row_number, subject_id, name, "unscreened",
                             reason="no letters or digits after normalisation")
        found: dict[tuple[str, str], ExactHit] = {}
        for entity, list_name, snapshot in self._names.get(key, ()):
            found.setdefault((entity.source, entity.id), ExactHit(entity, list_name, snapshot))
        if found:
            return RowResult(row_number, subject_id, name, "match", tuple(found.values()))
        return RowResult(row_number, subject_id, name, "clear")


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
