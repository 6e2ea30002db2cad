"""Aliases carried over from an older publication of the same list, for the bundled snapshot.

The bundled OFAC SDN file (2024-05-03) is the primary file alone: OFAC's legacy format keeps
an entry's aliases in alt.csv, and its Remarks hold only the weak ones. The 2021-07-07 set has
its alt.csv. Its aka/fka/nka aliases are added to an entry only when the entry still carries
exactly the primary name it had in 2021 (same ent_num, same SDN_Name), so an alias never
moves to a different party; entries listed after 2021 get none. Every entry that receives
one says so in ``properties["aliasesFrom"]`` and keeps the 2021 rows in its record.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from offramp.model import Entity, Name, NameKind
from offramp.normalize.text import fold
from offramp.sources.base import ParsedList
from offramp.sources.files import decode_text, read_bytes

COLUMNS = ("ent_num", "primary_name", "kind", "alias")


def write_aliases(rows: list[tuple[str, str, str, str]]) -> bytes:
    """The supplement file's bytes (CSV with a header), from (ent_num, primary name at the
    time, alias kind, alias) rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def apply_aliases(parsed: ParsedList, path: Path, label: str) -> ParsedList:
    """``parsed`` with the aliases of the supplement file at ``path`` added (see above)."""
    text = decode_text(path, read_bytes(path))
    by_entry: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in csv.DictReader(io.StringIO(text)):
        by_entry[row["ent_num"]].append(row)
    merged = []
    for entity in parsed.entities:
        rows = [r for r in by_entry.get(entity.id, ())
                if r["primary_name"] == entity.record.get("SDN_Name")]
        merged.append(_with_aliases(entity, rows, label) if rows else entity)
    return replace(parsed, entities=tuple(merged), files=(*parsed.files, path))


def _with_aliases(entity: Entity, rows: list[dict[str, str]], label: str) -> Entity:
    known = {fold(n.value) for n in entity.names}
    added = []
    for row in rows:
        key = fold(row["alias"])
        if key and key not in known:
            known.add(key)
            added.append(Name(row["alias"], NameKind(row["kind"])))
    if not added:
        return entity
    properties = {**entity.properties, "aliasesFrom": (label,)}
    record = {**entity.record, "aliases_carried_over": rows}
    return replace(entity, names=(*entity.names, *added), properties=properties,
                   record=record)
