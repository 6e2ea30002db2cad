"""OFAC advanced XML party records -> :class:`~offramp.model.Entity`.

Names are rendered the way OFAC prints them in the legacy files and its search tool
("HANIYA, Ismail Abdul Salah": last name, comma, the other parts), so the same party read from
the legacy CSV and from the advanced XML has the same caption and the same ``id``
(the FixedRef, which is the legacy ``ent_num``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from offramp.model import (
    Address,
    DateValue,
    Entity,
    Identifier,
    Link,
    Name,
    NameKind,
    Schema,
)
from offramp.model import identifiers as ids
from offramp.normalize.countries import to_iso2
from offramp.sources.ofac_advanced.dates import iso_to_date, period_to_date
from offramp.sources.ofac_advanced.labels import feature_identifier_type, identifier_type
from offramp.sources.ofac_target_types import TARGET_TYPES

Record = Mapping[str, Any]

SOURCE_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={id}"

_ALIAS_KINDS = {"a.k.a.": NameKind.AKA, "f.k.a.": NameKind.FKA, "n.k.a.": NameKind.NKA,
                "name": NameKind.PRIMARY}
# Lists that hold every party of the file; a more specific list names the sub-list.
_UMBRELLA_LISTS = frozenset({"Consolidated List"})
# Vessel and aircraft features -> FollowTheMoney property names.
_PROPERTIES = {
    "title": "title",
    "vessel call sign": "callSign",
    "vessel type": "type",
    "vessel tonnage": "tonnage",
    "vessel gross registered tonnage": "grossRegisteredTonnage",
    "vessel owner": "owner",
    "aircraft model": "model",
    "aircraft operator": "operator",
    "organization established date": "incorporationDate",
    "organization type:": "legalForm",
}


def _dedupe(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def render_name(parts: list[Record], script: str | None) -> str:
    """One documented name as text: ``LAST, First Middle`` for Latin names with a last name,
    the parts in document order otherwise (entity, vessel and non-Latin names)."""
    values = [str(p["value"]) for p in parts]
    last = [str(p["value"]) for p in parts if p.get("type") == "Last Name"]
    rest = [str(p["value"]) for p in parts if p.get("type") != "Last Name"]
    if last and rest and (script or "Latin") == "Latin":
        return f"{' '.join(last)}, {' '.join(rest)}"
    return " ".join(values)


def name_kind(name: Record) -> NameKind:
    """The kind of a name from its alias type, Primary flag and LowQuality flag."""
    if name.get("primary"):
        return NameKind.PRIMARY
    if name.get("low_quality"):
        # OFAC's "weak" aliases: too short or common to alert on alone.
        return NameKind.WEAK
    kind = _ALIAS_KINDS.get(str(name.get("alias_type") or "").lower(), NameKind.AKA)
    # A non-primary alias of type "Name" is still only another name.
    return NameKind.AKA if kind is NameKind.PRIMARY else kind


def schema_of(record: Record) -> Schema:
    """Individual -> Person, Transport -> Vessel/Aircraft, an entity with a "Target Type"
    -> Company or Organization, anything else -> LegalEntity.

    OFAC's "Entity" alone does not say whether it is a company, an organisation or a group.
    """
    party_type = record.get("party_type")
    sub_type = str(record.get("party_sub_type") or "")
    if party_type == "Individual":
        return Schema.PERSON
    if sub_type == "Vessel":
        return Schema.VESSEL
    if sub_type == "Aircraft":
        return Schema.AIRCRAFT
    for feature in record.get("features", ()):
        if str(feature.get("type") or "").lower() == "target type":
            value = str(feature.get("detail") or feature.get("text") or "").lower()
            if value in TARGET_TYPES:
                return TARGET_TYPES[value]
    return Schema.LEGAL_ENTITY


def country_code(country: Record | None) -> str | None:
    """ISO alpha-2 for a reader country dict; the name when not recognised; None if absent."""
    if not country:
        return None
    code = to_iso2(country.get("iso2")) or to_iso2(country.get("name"))
    if code:
        return code
    name = country.get("name")
    return str(name) if name and str(name).lower() != "undetermined" else None


def to_address(location: Record | None) -> Address | None:
    """A reader location -> Address, None when it holds nothing but "undetermined"."""
    if not location:
        return None
    parts: Mapping[str, str] = location.get("parts") or {}
    street = ", ".join(parts[k] for k in ("ADDRESS1", "ADDRESS2", "ADDRESS3", "Unknown")
                      if k in parts)
    region = ", ".join(parts[k] for k in ("STATE/PROVINCE", "REGION") if k in parts)
    address = Address(
        street=street or None,
        city=parts.get("CITY"),
        postal_code=parts.get("POSTAL CODE"),
        region=region or None,
        country=country_code(location.get("country")),
    )
    return address if address.text() else None


def _place(feature: Record) -> str | None:
    if feature.get("text"):
        return str(feature["text"])
    address = to_address(feature.get("location"))
    return address.text() if address else None


def _feature_country(feature: Record) -> str | None:
    """The country a feature names. Country features (nationality, citizenship, vessel
    flag) sometimes point at a location whose only part, of type "Unknown", is the country's
    name rather than at a country id."""
    location: Record = feature.get("location") or {}
    code = country_code(location.get("country"))
    if code:
        return code
    parts: Mapping[str, str] = location.get("parts") or {}
    text = ", ".join(parts.values())
    return (to_iso2(text) or text) if text else None


def _document(doc: Record) -> Identifier | None:
    number = doc.get("number")
    if not number:
        return None
    label = doc.get("type")
    kind = identifier_type(label) or label or "other"
    value = str(number)
    if kind == ids.IMO:
        # OFAC writes "IMO 9187629"; the number alone is what other lists give.
        value = re.sub(r"^IMO\s*", "", value, flags=re.IGNORECASE)
    notes = [doc.get("issuing_authority")]
    notes += [f"{d['type']} {period_to_date(d['period'])}" for d in doc.get("dates", ())
              if d.get("period")]
    if doc.get("validity") and doc["validity"] != "Valid":
        notes.append(str(doc["validity"]))
    notes.append(doc.get("comment"))
    return Identifier(
        type=kind,
        value=value,
        country=country_code(doc.get("issued_by")),
        label=label,
        note="; ".join(str(n) for n in notes if n) or None,
    )


def _source_list(entries: list[Record]) -> str | None:
    lists = [str(e["list"]) for e in entries if e.get("list")]
    specific = [name for name in lists if name not in _UMBRELLA_LISTS]
    chosen = specific or lists
    return chosen[0] if chosen else None


def to_entity(record: Record, source: str, captions: Mapping[str, str]) -> Entity:
    """Map one party record; ``captions`` gives other parties' names for links by FixedRef.

    Raises ValueError for an impossible date or a party without any name.
    """
    names: dict[tuple[str, NameKind], Name] = {}
    for raw in _ordered(record["names"]):
        value = render_name(raw["parts"], raw.get("script"))
        kind = name_kind(raw)
        names.setdefault((value, kind), Name(value, kind))

    birth_dates: list[DateValue] = []
    birth_places: list[str] = []
    nationalities: list[str] = []
    citizenships: list[str] = []
    countries: list[str] = []
    addresses: list[Address] = []
    identifiers: list[Identifier] = []
    properties: dict[str, list[str]] = {}
    gender: str | None = None
    for feature in record["features"]:
        kind_label = str(feature.get("type") or "")
        label = kind_label.lower()
        value = feature.get("text") or feature.get("detail")
        country = _feature_country(feature)
        # For country features a bare text value is the country's name.
        named = country or (to_iso2(str(value)) or str(value) if value else "")
        if label == "birthdate":
            born = period_to_date(feature.get("date"))
            if born is not None:
                birth_dates.append(born)
        elif label == "place of birth":
            place = _place(feature)
            if place:
                birth_places.append(place)
        elif label.startswith("nationality country"):
            nationalities.append(named)
        elif label.startswith("citizenship country"):
            citizenships.append(named)
        elif label == "nationality of registration":
            countries.append(named)
            properties.setdefault("jurisdiction", []).append(named)
        elif label == "location":
            address = to_address(feature.get("location"))
            if address is not None:
                addresses.append(address)
                if address.country:
                    countries.append(address.country)
        elif label == "gender" and value:
            gender = str(value).lower()
        elif label in ("vessel flag", "other vessel flag", "former vessel flag"):
            key = "flag" if label == "vessel flag" else "pastFlags"
            properties.setdefault(key, []).append(named)
        elif label in _PROPERTIES and value:
            properties.setdefault(_PROPERTIES[label], []).append(str(value))
        elif value and (id_type := feature_identifier_type(kind_label)):
            identifiers.append(Identifier(type=id_type, value=str(value), country=country,
                                          label=kind_label))
    for doc in record["documents"]:
        identifier = _document(doc)
        if identifier is not None:
            identifiers.append(identifier)

    entries: list[Record] = record["sanctions_entries"]
    programs = [str(m["comment"]) for e in entries for m in e["measures"]
                if m.get("type") == "Program" and m.get("comment")]
    listed = [d for e in entries for ev in e["events"] if (d := iso_to_date(ev.get("date")))]
    links = [
        Link(relation=str(rel.get("type") or "related") + (" (former)" if rel.get("former")
                                                          else ""),
             target_id=str(rel["to"]), target_name=captions.get(str(rel["to"])))
        for rel in record["relationships"]
    ]
    fixed_ref = str(record["fixed_ref"])
    return Entity(
        id=fixed_ref,
        schema=schema_of(record),
        names=tuple(names.values()),
        source=source,
        source_list=_source_list(entries),
        countries=_dedupe(countries),
        nationalities=_dedupe(nationalities),
        citizenships=_dedupe(citizenships),
        birth_dates=tuple(dict.fromkeys(birth_dates)),
        birth_places=_dedupe(birth_places),
        gender=gender,
        identifiers=tuple(dict.fromkeys(identifiers)),
        addresses=tuple(dict.fromkeys(addresses)),
        programs=_dedupe(programs),
        listed_on=min(listed, key=lambda d: d.start.to_text()) if listed else None,
        remarks=record.get("comment"),
        links=tuple(links),
        source_url=SOURCE_URL.format(id=fixed_ref),
        properties={k: _dedupe(v) for k, v in properties.items()},
        record=record,
    )


def caption_of(record: Record) -> str | None:
    """The display name of a party record (for naming link targets)."""
    for raw in _ordered(record["names"]):
        if raw.get("primary"):
            return render_name(raw["parts"], raw.get("script"))
    return None


def _ordered(names: list[Record]) -> list[Record]:
    # The primary alias first, and within it the "Primary Latin" documented name, so the
    # caption is the Latin name even when the original script is listed first.
    return sorted(names, key=lambda n: (not n.get("primary"),
                                        n.get("status") != "Primary Latin"))
