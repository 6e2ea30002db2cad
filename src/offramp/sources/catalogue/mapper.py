"""Catalogue rows -> one :class:`~offramp.model.Entity` per party.

One entity per party, not per row: a supplier that is Hikvision gets one alert naming every
instrument (``programs``), not four alerts that say the same thing. What differs between the
rows of a party -- the instrument's wording of the name, scope, date, source, whether it was
confirmed -- is kept per instrument in ``properties`` (``"fcc-covered-list: ..."``) and the
rows themselves in ``record["rows"]``. White-label brands are not parties: they travel in
``ParsedList.extras["white_label"]`` and are never screened.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from offramp.model import DateValue, Entity, Link, Name, NameKind, PartialDate, Schema
from offramp.normalize.countries import to_iso2
from offramp.sources.catalogue.checks import WHITE_LABEL, check_rows, split
from offramp.sources.catalogue.reader import CatalogueRow


def _date(text: str) -> PartialDate | None:
    return PartialDate.parse(text) if text else None


def _date_key(value: PartialDate) -> tuple[int, int, int]:
    # PartialDate's own ordering cannot compare a missing month with a known one.
    return value.year, value.month or 0, value.day or 0


def _names(rows: Sequence[CatalogueRow]) -> list[Name]:
    """The first row's party name, then every other name once (compared case-blind)."""
    names: list[Name] = []
    seen: set[str] = set()
    for row in rows:
        for value in (row.get("party"), *split(row.get("aliases"))):
            if value.casefold() not in seen:
                seen.add(value.casefold())
                names.append(Name(value, NameKind.PRIMARY if not names else NameKind.AKA))
    return names


def _per_instrument(rows: Sequence[CatalogueRow], column: str) -> tuple[str, ...]:
    return tuple(f"{r.get('instrument')}: {r.get(column)}" for r in rows if r.get(column))


def _remarks(kind: str, parent: Entity | None, rows: Sequence[CatalogueRow]) -> str:
    """One sentence for a reviewer: what the party is and which instruments reach it."""
    what = kind if parent is None else f"{kind} of {parent.caption} ({parent.id})"
    named = ", ".join(
        f"{r.get('instrument')} {r.get('date')}"
        + (" (confirmed)" if r.get("confirmed") == "yes" else " (unconfirmed)") for r in rows)
    return f"offramp restricted-vendor catalogue: {what}; {named}"


def record_of(row: CatalogueRow) -> dict[str, Any]:
    """A row as stored with the entity: its cells, untouched.

    Not its line number: deleting one row would otherwise "change" every party below it in
    ``lists diff``.
    """
    return dict(row.cells)


def _entity(rows: Sequence[CatalogueRow], source: str, parent: Entity | None) -> Entity:
    first = rows[0]
    kind, parent_id = first.get("kind"), first.get("parent")
    countries: list[str] = []
    for row in rows:
        for text in split(row.get("country")):
            code = to_iso2(text)
            if code and code not in countries:
                countries.append(code)
    listed = [d for d in (_date(r.get("date")) for r in rows) if d is not None]
    properties: dict[str, tuple[str, ...]] = {
        "partyKind": (kind,),
        "parent": (parent_id,) if parent_id else (),
        "instrument": _per_instrument(rows, "instrument_name"),
        # The name as each instrument writes it (the names above are de-duplicated).
        "partyName": _per_instrument(rows, "party"),
        "scope": _per_instrument(rows, "scope"),
        "listingDate": _per_instrument(rows, "date"),
        "sourceUrl": _per_instrument(rows, "source_url"),
        "sourceDate": _per_instrument(rows, "source_date"),
        "confirmed": _per_instrument(rows, "confirmed"),
        "note": _per_instrument(rows, "note"),
    }
    links: tuple[Link, ...] = ()
    if parent_id:
        links = (Link(f"{kind}_of", target_name=parent.caption if parent else None,
                      target_id=parent_id, source=source),)
    return Entity(
        id=first.get("party_id"),
        schema=Schema.LEGAL_ENTITY if kind == "brand" else Schema.COMPANY,
        names=tuple(_names(rows)),
        source=source,
        source_list=kind,
        countries=tuple(countries),
        programs=tuple(dict.fromkeys(r.get("instrument") for r in rows)),
        listed_on=DateValue(min(listed, key=_date_key)) if listed else None,
        remarks=_remarks(kind, parent, rows),
        links=links,
        source_url=first.get("source_url") or None,
        properties=properties,
        record={"rows": [record_of(r) for r in rows]},
    )


def map_catalogue(path: str, rows: Sequence[CatalogueRow],
                  source: str) -> tuple[list[Entity], list[dict[str, Any]]]:
    """Check the rows, then map them: (entities in first-row order, white-label records)."""
    check_rows(path, rows)
    by_party: dict[str, list[CatalogueRow]] = {}
    for row in rows:
        by_party.setdefault(row.get("party_id"), []).append(row)
    entities: dict[str, Entity] = {}

    def build(party: str) -> Entity:
        # Parents first, so a link carries the parent's name; the checks exclude cycles.
        if party not in entities:
            parent_id = by_party[party][0].get("parent")
            parent = build(parent_id) if parent_id else None
            entities[party] = _entity(by_party[party], source, parent)
        return entities[party]

    white_label: list[dict[str, Any]] = []
    for party, party_rows in by_party.items():
        if party_rows[0].get("kind") == WHITE_LABEL:
            white_label += [record_of(r) for r in party_rows]
        else:
            build(party)
    order = list(by_party)
    return sorted(entities.values(), key=lambda e: order.index(e.id)), white_label


def newest_source_date(rows: Sequence[CatalogueRow]) -> date | None:
    """The catalogue's date: its newest fully dated source (it is as current as that)."""
    dates = [d for d in (_date(r.get("source_date")) for r in rows)
             if d is not None and d.month is not None and d.day is not None]
    if not dates:
        return None
    newest = max(dates, key=_date_key)
    assert newest.month is not None and newest.day is not None
    return date(newest.year, newest.month, newest.day)
