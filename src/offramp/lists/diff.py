"""What changed between two versions of a list."""

from __future__ import annotations

import re
from dataclasses import dataclass

from offramp.model import ListSnapshot, OfframpError
from offramp.store import ListStore

# Fields compared for "which fields changed"; ``record`` (the raw source row) is reported
# only when nothing else differs, since every real change shows up there too.
_FIELDS = (
    "schema", "names", "source_list", "countries", "nationalities", "citizenships",
    "birth_dates", "birth_places", "gender", "identifiers", "addresses", "programs",
    "listed_on", "remarks", "links", "source_url", "properties",
)


@dataclass(frozen=True, slots=True)
class Entry:
    """An entry named in a diff."""

    entity_id: str
    caption: str


@dataclass(frozen=True, slots=True)
class ChangedEntry:
    """An entry present in both versions with different content."""

    entity_id: str
    caption: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VersionDiff:
    """Added, removed and changed entries from ``old`` to ``new``."""

    old: ListSnapshot
    new: ListSnapshot
    added: tuple[Entry, ...]
    removed: tuple[Entry, ...]
    changed: tuple[ChangedEntry, ...]


def diff_versions(store: ListStore, old_id: int, new_id: int) -> VersionDiff:
    """Compare two stored versions entry by entry (by the list's own ids)."""
    old, new = store.version(old_id), store.version(new_id)
    if old.source != new.source:
        raise OfframpError(f"cannot diff different lists: {old.source} and {new.source}")
    a, b = store.entity_hashes(old_id), store.entity_hashes(new_id)
    added = tuple(_entry(store, b[i]) for i in sorted(b.keys() - a.keys(), key=_id_key))
    removed = tuple(_entry(store, a[i]) for i in sorted(a.keys() - b.keys(), key=_id_key))
    changed = []
    for entity_id in sorted(a.keys() & b.keys(), key=_id_key):
        if a[entity_id] == b[entity_id]:
            continue
        before = store.entity_by_hash(a[entity_id]).to_dict()
        after = store.entity_by_hash(b[entity_id]).to_dict()
        fields = tuple(f for f in _FIELDS if before[f] != after[f]) or ("record",)
        changed.append(ChangedEntry(entity_id, str(after["names"][0]["value"]), fields))
    return VersionDiff(old, new, added, removed, tuple(changed))


def _entry(store: ListStore, content_hash: str) -> Entry:
    entity = store.entity_by_hash(content_hash)
    return Entry(entity.id, entity.caption)


def _id_key(entity_id: str) -> tuple[int, str]:
    # OFAC ids are numbers: sort 36 before 173.
    return (int(entity_id), "") if entity_id.isdigit() else (1 << 62, entity_id)


_REF = re.compile(r"^(?P<source>[a-z0-9-]+)(?:@(?P<date>\d{4}-\d{2}-\d{2}))?$")


def resolve_version(store: ListStore, ref: str) -> ListSnapshot:
    """A version from a reference: its number, ``SOURCE`` (current) or ``SOURCE@DATE``.

    ``SOURCE@DATE`` means the newest stored version with that publisher's date.
    """
    ref = ref.strip()
    if ref.isdigit():
        return store.version(int(ref))
    m = _REF.match(ref)
    if not m:
        raise OfframpError(f"not a version reference: {ref!r} (use a number, SOURCE or "
                           "SOURCE@YYYY-MM-DD)")
    source, when = m["source"], m["date"]
    if when is None:
        current = store.current().get(source)
        if current is None:
            raise OfframpError(f"no current version of {source!r}")
        return current
    found = [v for v in store.versions(source)
             if v.publisher_date is not None and v.publisher_date.isoformat() == when]
    if not found:
        raise OfframpError(f"no stored version of {source!r} dated {when}")
    return found[-1]
