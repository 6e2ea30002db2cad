"""UN consolidated list records -> :class:`~offramp.model.Entity`.

The public id of a UN entry is its reference number ("CDi.001", "QDe.004"): it is what
Security Council press releases and other lists cite, so it is the entity id; the internal
DATAID stays in the record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from offramp.model import (
    Address,
    DateValue,
    Entity,
    Identifier,
    Name,
    NameKind,
    PartialDate,
    Schema,
)
from offramp.model import identifiers as ids
from offramp.normalize.countries import to_iso2
from offramp.sources.un.reader import INDIVIDUAL

Record = Mapping[str, Any]

# QUALITY of an alias. "Low" quality aliases are the UN's own warning that a name is too
# vague to identify anyone by itself.
_QUALITY = {"good": NameKind.AKA, "a.k.a.": NameKind.AKA, "f.k.a.": NameKind.FKA,
            "low": NameKind.WEAK}
_NAME_FIELDS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_PASSPORT = re.compile(r"passport|passeport|pasaporte", re.IGNORECASE)
_NATIONAL_ID = re.compile(r"national|identity card|identification card|tazkira|\bid\b",
                          re.IGNORECASE)
# UN dates sometimes carry a time-zone suffix ("2002-01-25-05:00"); zero month or day
# means "unknown".
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, slots=True)
class Mapped:
    """An entity and the recoverable oddities found while mapping it."""

    entity: Entity
    warnings: tuple[str, ...]


def clean(text: Any) -> str:
    """Collapse the line breaks and runs of spaces the UN file has inside values."""
    return " ".join(str(text).split()) if text else ""


def _dedupe(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def country(text: Any) -> str | None:
    """ISO alpha-2 where recognised, else the UN's text; None when empty."""
    value = clean(text)
    return (to_iso2(value) or value) if value else None


def parse_date(text: str) -> PartialDate:
    """``YYYY[-MM[-DD]]`` (with an optional time-zone tail); ``00`` parts are unknown."""
    m = _DATE.match(text.strip())
    if not m:
        raise ValueError(f"not a date: {text!r}")
    year, month, day = (int(g) if g and int(g) else None for g in m.groups())
    if year is None:
        raise ValueError(f"not a date: {text!r}")
    return PartialDate(year, month, day if month else None)


def birth_date(dob: Record) -> DateValue | None:
    """One INDIVIDUAL_DATE_OF_BIRTH: EXACT / APPROXIMATELY / BETWEEN with DATE, YEAR or
    FROM_YEAR and TO_YEAR. None when it states nothing (the UN writes empty ones)."""
    kind = str(dob.get("TYPE_OF_DATE") or "").upper()
    circa = kind == "APPROXIMATELY"
    if dob.get("FROM_YEAR") or dob.get("TO_YEAR"):
        start = parse_date(str(dob.get("FROM_YEAR") or dob.get("TO_YEAR")))
        end = parse_date(str(dob.get("TO_YEAR") or dob.get("FROM_YEAR")))
        return DateValue(start, None if start == end else end, circa)
    text = dob.get("DATE") or dob.get("YEAR")
    if not text:
        return None
    return DateValue(parse_date(str(text)), None, circa)


def _place(parts: Iterable[Any]) -> str | None:
    return ", ".join(p for p in (clean(x) for x in parts) if p) or None


def _identifier(doc: Record) -> Identifier | None:
    number = clean(doc.get("NUMBER"))
    if not number:
        return None
    label = clean(doc.get("TYPE_OF_DOCUMENT")) or clean(doc.get("TYPE_OF_DOCUMENT2")) or None
    wording = " ".join(clean(doc.get(k)) for k in ("TYPE_OF_DOCUMENT", "TYPE_OF_DOCUMENT2"))
    if _PASSPORT.search(wording):
        kind = ids.PASSPORT
    elif _NATIONAL_ID.search(wording):
        kind = ids.NATIONAL_ID
    else:
        kind = label or ids.OTHER
    notes = [clean(doc.get("TYPE_OF_DOCUMENT2")) if label != clean(doc.get(
        "TYPE_OF_DOCUMENT2")) else "",
             f"issued {clean(doc['DATE_OF_ISSUE'])}" if doc.get("DATE_OF_ISSUE") else "",
             f"in {clean(doc['CITY_OF_ISSUE'])}" if doc.get("CITY_OF_ISSUE") else "",
             clean(doc.get("NOTE"))]
    return Identifier(
        type=kind,
        value=number,
        country=country(doc.get("ISSUING_COUNTRY") or doc.get("COUNTRY_OF_ISSUE")),
        label=label,
        note="; ".join(n for n in notes if n) or None,
    )


def _address(raw: Record) -> Address | None:
    address = Address(
        street=clean(raw.get("STREET")) or None,
        city=clean(raw.get("CITY")) or None,
        postal_code=clean(raw.get("ZIP_CODE")) or None,
        region=clean(raw.get("STATE_PROVINCE")) or None,
        country=country(raw.get("COUNTRY")),
    )
    return address if address.text() else None


def _names(kind: str, fields: Record) -> list[Name]:
    names: dict[tuple[str, NameKind], Name] = {}
    primary = " ".join(p for p in (clean(fields.get(f)) for f in _NAME_FIELDS) if p)
    if primary:
        names[(primary, NameKind.PRIMARY)] = Name(primary, NameKind.PRIMARY)
    original = clean(fields.get("NAME_ORIGINAL_SCRIPT"))
    if original:
        # The same name in the script it was given in (mostly Arabic, some Cyrillic).
        names.setdefault((original, NameKind.PRIMARY), Name(original, NameKind.PRIMARY))
    for alias in fields.get(f"{kind}_ALIAS", ()):
        alias_kind = _QUALITY.get(clean(alias.get("QUALITY")).lower(), NameKind.AKA)
        # One ALIAS_NAME can hold several spellings separated by ";".
        for value in str(alias.get("ALIAS_NAME") or "").split(";"):
            value = clean(value)
            if value:
                names.setdefault((value, alias_kind), Name(value, alias_kind))
    return list(names.values())


def to_entity(kind: str, fields: Record, source: str) -> Mapped:
    """Map one INDIVIDUAL or ENTITY record.

    Raises ValueError when the entry has no reference number or no name; dates that cannot
    be read are reported as warnings (the text stays in the record).
    """
    ref = clean(fields.get("REFERENCE_NUMBER"))
    if not ref:
        raise ValueError("no REFERENCE_NUMBER")
    names = _names(kind, fields)
    if not names:
        raise ValueError(f"entry {ref} has no name")
    warnings: list[str] = []

    def dated(text: Any, what: str) -> DateValue | None:
        if not text:
            return None
        try:
            return DateValue(parse_date(str(text)))
        except ValueError as exc:
            warnings.append(f"{ref}: {what}: {exc}")
            return None

    birth_dates: list[DateValue] = []
    for dob in fields.get("INDIVIDUAL_DATE_OF_BIRTH", ()):
        try:
            value = birth_date(dob)
        except ValueError as exc:
            warnings.append(f"{ref}: date of birth: {exc}")
            continue
        if value is not None:
            birth_dates.append(value)
    places = [_place(p.get(k) for k in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY"))
              for p in fields.get("INDIVIDUAL_PLACE_OF_BIRTH", ())]
    # Aliases can carry their own date and place of birth (another identity of the person).
    for alias in fields.get(f"{kind}_ALIAS", ()):
        born = dated(alias.get("DATE_OF_BIRTH"), "alias date of birth")
        if born is not None:
            birth_dates.append(born)
        places.append(_place((alias.get("CITY_OF_BIRTH"), alias.get("COUNTRY_OF_BIRTH"))))

    addresses = [a for raw in fields.get(f"{kind}_ADDRESS", ()) if (a := _address(raw))]
    identifiers = [i for doc in fields.get("INDIVIDUAL_DOCUMENT", ())
                   if (i := _identifier(doc))]
    properties = {
        "title": [clean(v) for v in _list(fields.get("TITLE"))],
        "position": [clean(v) for v in _list(fields.get("DESIGNATION"))],
    }
    entity = Entity(
        id=ref,
        schema=Schema.PERSON if kind == INDIVIDUAL else Schema.LEGAL_ENTITY,
        names=tuple(names),
        source=source,
        countries=_dedupe(a.country for a in addresses),
        nationalities=_dedupe(country(v) for v in _list(fields.get("NATIONALITY"))),
        birth_dates=tuple(dict.fromkeys(birth_dates)),
        birth_places=_dedupe(places),
        gender=clean(fields.get("GENDER")).lower() or None,
        identifiers=tuple(dict.fromkeys(identifiers)),
        addresses=tuple(dict.fromkeys(addresses)),
        programs=_dedupe([clean(fields.get("UN_LIST_TYPE"))]),
        listed_on=dated(fields.get("LISTED_ON"), "LISTED_ON"),
        remarks=str(fields["COMMENTS1"]).strip() if fields.get("COMMENTS1") else None,
        properties={k: _dedupe(v) for k, v in properties.items()},
        record=dict(fields),
    )
    return Mapped(entity, tuple(warnings))
