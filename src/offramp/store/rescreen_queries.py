"""Store queries re-screening needs: stored subjects grouped by the list versions they were
last screened against, read a page at a time, and the list entries that active alerts name.

Kept apart from :mod:`offramp.store.reviews` (runs, alerts, decisions), over the same
connection, so a re-screen's writes join the same transactions as the review store's.

Subjects are read in pages (keyset pagination), never all at once: memory stays flat with
100,000s of subjects, and rows updated while a re-screen runs are not read twice. Pages follow
the table's storage order (SQLite's ``rowid``; on PostgreSQL an identity column would do), not
the subject key: keys are hashes, so a page of 1,000 keys would touch some 1,000 table pages
when its subjects are stamped, a page in storage order some 60 -- that alone made a 100,000
subject re-screen a third slower.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

from offramp.store.audit import canonical_json
from offramp.store.db import Database
from offramp.store.reviews import AlertStatus

_CHUNK = 500  # keys per IN (...) list: well under SQLite's bound-parameter limit


class StoredSubject(NamedTuple):
    """A stored subject as re-screening reads it, a page at a time: only what screening needs
    (a lighter record than :class:`~offramp.store.reviews.Subject`, read 100,000s of times).

    ``position`` is where it is stored (pages continue after the last one read); ``stamp`` is
    the list versions it was last screened against, as stored (JSON text or None):
    :func:`decode_versions` reads it.
    """

    position: int
    key: str
    name: str
    subject_id: str | None
    country: str | None
    birth_date: str | None
    stamp: str | None


@dataclass(frozen=True, slots=True)
class VersionGroup:
    """Subjects that were last screened against the same list versions.

    ``stored`` is the text as stored (None for subjects never stamped with versions), used to
    read the group back; ``versions`` is its decoded form (source -> list version id).
    """

    stored: str | None
    versions: Mapping[str, int]
    count: int


class RescreenQueries:
    """Reads and small writes for re-screening, over an open database's connection."""

    def __init__(self, db: Database) -> None:
        self._db = db.connection

    def version_groups(self) -> list[VersionGroup]:
        """The distinct last-screened list versions among stored subjects, with counts."""
        rows = self._db.execute(
            "SELECT last_list_versions, COUNT(*) FROM subjects GROUP BY last_list_versions "
            "ORDER BY last_list_versions")
        return [VersionGroup(r[0], decode_versions(r[0]), int(r[1])) for r in rows]

    def subjects_in_group(self, group: VersionGroup, *, after: int | None,
                          limit: int) -> list[StoredSubject]:
        """Up to ``limit`` subjects of ``group`` stored after position ``after``."""
        where = ("last_list_versions IS NULL" if group.stored is None
                 else "last_list_versions = ?")
        params: list[object] = [] if group.stored is None else [group.stored]
        return self._page(where, params, after, limit)

    def subjects_not_in_run(self, run_id: int, *, after: int | None,
                            limit: int) -> list[StoredSubject]:
        """Up to ``limit`` subjects not (yet) screened by run ``run_id``, stored after
        position ``after``."""
        return self._page("(last_run_id IS NULL OR last_run_id <> ?)", [run_id], after, limit)

    def count_not_in_run(self, run_id: int) -> int:
        """How many subjects run ``run_id`` has not screened yet."""
        row = self._db.execute("SELECT COUNT(*) FROM subjects WHERE last_run_id IS NULL OR "
                               "last_run_id <> ?", (run_id,)).fetchone()
        return int(row[0])

    def _page(self, where: str, params: list[object], after: int | None,
              limit: int) -> list[StoredSubject]:
        if after is not None:
            where += " AND rowid > ?"
            params = [*params, after]
        rows = self._db.execute(
            "SELECT rowid, subject_key, name, subject_id, country, birth_date, "
            f"last_list_versions FROM subjects WHERE {where} ORDER BY rowid LIMIT ?",
            (*params, limit))
        return [StoredSubject(*r) for r in rows]

    def stamp(self, keys: Iterable[str], versions: Mapping[str, int],
              run_id: int | None = None) -> None:
        """Record that these subjects are now screened against ``versions`` (by ``run_id``).

        Call it in the transaction that stores their results. A run stamps its own versions
        on the subjects it stores results for; a re-screen also stamps the subjects it found
        nothing new for, and, re-screening some lists only, keeps each subject's versions of
        the others.
        """
        text = encode_versions(versions)
        ordered = sorted(set(keys))
        for start in range(0, len(ordered), _CHUNK):
            chunk = ordered[start:start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            if run_id is None:
                self._db.execute(f"UPDATE subjects SET last_list_versions = ? WHERE "
                                 f"subject_key IN ({marks})", (text, *chunk))
            else:
                self._db.execute(f"UPDATE subjects SET last_list_versions = ?, last_run_id = ? "
                                 f"WHERE subject_key IN ({marks})", (text, run_id, *chunk))

    def active_alert_entities(self, source: str) -> set[str]:
        """Ids of the ``source`` entries that some open or escalated alert is on."""
        rows = self._db.execute("SELECT DISTINCT entity_id FROM alerts WHERE source = ? AND "
                                "status <> ?", (source, AlertStatus.CLOSED.value))
        return {r[0] for r in rows}

    def last_row_number(self, run_id: int) -> int:
        """The highest row number stored for a run (0 for none): where a resumed run goes on."""
        row = self._db.execute("SELECT MAX(row_number) FROM run_results WHERE run_id = ?",
                               (run_id,)).fetchone()
        return int(row[0] or 0)


def encode_versions(versions: Mapping[str, int]) -> str:
    """List versions as stored: canonical JSON, so equal maps are equal text."""
    return canonical_json(dict(versions))


@lru_cache(maxsize=256)
def decode_versions(text: str | None) -> Mapping[str, int]:
    """Stored list versions as a read-only map (empty for none); cached, since 100,000s of
    subjects share a few stamps."""
    value = json.loads(text) if text else {}
    if not isinstance(value, dict):
        value = {}
    return MappingProxyType({str(k): int(v) for k, v in value.items()})
