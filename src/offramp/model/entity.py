"""The common shape every official list is mapped into.

Property names follow FollowTheMoney (``birthDate`` -> ``birth_dates``, ``birthPlace`` ->
``birth_places``, ``idNumber`` -> identifiers, ``program``, ``notes`` -> ``remarks``,
``sourceUrl`` -> ``source_url``, ``listingDate`` -> ``listed_on``) so that FtM exports map
one to one. Everything is immutable: entities are shared between the store, the index and
results, and must never change under a reader's feet.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from offramp.model.dates import DateValue
from offramp.model.pickling import quick_pickle
from offramp.model.scripts import detect_script


class Schema(StrEnum):
    """What kind of party an entry is (FollowTheMoney schema names)."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    COMPANY = "Company"
    LEGAL_ENTITY = "LegalEntity"
    VESSEL = "Vessel"
    AIRCRAFT = "Aircraft"

    @classmethod
    def parse(cls, text: str) -> Schema:
        """Accept FtM names and common lower-case spellings ("person", "entity", "vessel")."""
        key = text.strip().lower().replace("_", "").replace("-", "").replace(" ", "")
        aliases = {
            "person": cls.PERSON,
            "individual": cls.PERSON,
            "organization": cls.ORGANIZATION,
            "organisation": cls.ORGANIZATION,
            "company": cls.COMPANY,
            "legalentity": cls.LEGAL_ENTITY,
            "entity": cls.LEGAL_ENTITY,
            "vessel": cls.VESSEL,
            "ship": cls.VESSEL,
            "aircraft": cls.AIRCRAFT,
        }
        if key not in aliases:
            raise ValueError(f"unknown schema {text!r} (expected one of {', '.join(cls)})")
        return aliases[key]


class NameKind(StrEnum):
    """How the list presents a name: the main name, an alias, a former or new name."""

    PRIMARY = "primary"
    AKA = "aka"  # also known as
    FKA = "fka"  # formerly known as
    NKA = "nka"  # now known as
    WEAK = "weak"  # OFAC/UN "low quality" aliases: too short or common to alert on alone


@quick_pickle
@dataclass(frozen=True, slots=True)
class Name:
    """One name of an entity, in the script the list gives it.

    ``script`` is an ISO 15924 code ("Latn", "Cyrl", "Arab", "Hani", ...) detected from the
    text when not given, so matchers know when to transliterate and displays keep the original.
    """

    value: str
    kind: NameKind = NameKind.PRIMARY
    script: str = ""
    lang: str | None = None

    def __post_init__(self) -> None:
        if not self.script:
            object.__setattr__(self, "script", detect_script(self.value))


@quick_pickle
@dataclass(frozen=True, slots=True)
class Identifier:
    """An identifying number: passport, national ID, tax ID, USCC, ISIN, IMO, SWIFT/BIC, ...

    ``type`` is one of the constants in :mod:`offramp.model.identifiers` where the list's label
    is recognised, otherwise the list's own label; ``label`` keeps the list's wording.
    """

    type: str
    value: str
    country: str | None = None
    label: str | None = None
    note: str | None = None


@quick_pickle
@dataclass(frozen=True, slots=True)
class Address:
    """A postal address as the list gives it; ``country`` is ISO 3166 alpha-2 when known."""

    full: str | None = None
    street: str | None = None
    city: str | None = None
    postal_code: str | None = None
    region: str | None = None
    country: str | None = None

    def text(self) -> str:
        """One-line rendering for display and for hashing."""
        if self.full:
            return self.full
        parts = [self.street, self.city, self.region, self.postal_code, self.country]
        return ", ".join(p for p in parts if p)


@quick_pickle
@dataclass(frozen=True, slots=True)
class Link:
    """A relation to another party the list states, e.g. OFAC's "Linked To:".

    ``target_id`` is set when the list names the other entry by id; otherwise only the name is
    known and later steps resolve it. ``percent`` is an ownership share when the source gives one.
    """

    relation: str
    target_name: str | None = None
    target_id: str | None = None
    percent: float | None = None
    source: str | None = None


def _tuple(values: Iterable[Any] | None) -> tuple[Any, ...]:
    return tuple(values) if values is not None else ()


@quick_pickle
@dataclass(frozen=True, slots=True)
class Entity:
    """One list entry: a sanctioned or restricted person, company, vessel or aircraft.

    ``id`` is the list's own identifier (the OFAC ent_num, the UN reference number, ...)
    so users can find the official record; ``source`` is offramp's id for the list
    ("ofac-sdn", "un-sc", ...) and ``source_list`` the publisher's sub-list where one file
    carries several (the US CSL's "Entity List", "Denied Persons List", ...).
    ``record`` keeps the original source record, untouched, for display and audit.
    ``properties`` holds further FollowTheMoney properties (``callSign``, ``flag``,
    ``tonnage``, ``title``, ...) that have no field of their own.
    """

    id: str
    schema: Schema
    names: tuple[Name, ...]
    source: str
    source_list: str | None = None
    countries: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    citizenships: tuple[str, ...] = ()
    birth_dates: tuple[DateValue, ...] = ()
    birth_places: tuple[str, ...] = ()
    gender: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    addresses: tuple[Address, ...] = ()
    programs: tuple[str, ...] = ()
    listed_on: DateValue | None = None
    remarks: str | None = None
    links: tuple[Link, ...] = ()
    source_url: str | None = None
    properties: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    record: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("an entity needs an id")
        if not self.names:
            raise ValueError(f"entity {self.id} has no name")
        # Readers pass lists freely; freeze them so entities stay hashable-by-content.
        for name in (
            "names", "countries", "nationalities", "citizenships", "birth_dates",
            "birth_places", "identifiers", "addresses", "programs", "links",
        ):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, _tuple(value))
        props = {k: tuple(v) for k, v in self.properties.items() if v}
        object.__setattr__(self, "properties", props)

    @property
    def caption(self) -> str:
        """The name to show: the first primary name, else the first name."""
        for name in self.names:
            if name.kind is NameKind.PRIMARY:
                return name.value
        return self.names[0].value

    def to_dict(self, *, with_record: bool = True) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reverses it exactly."""
        data: dict[str, Any] = {
            "id": self.id,
            "schema": self.schema.value,
            "names": [
                {"value": n.value, "kind": n.kind.value, "script": n.script, "lang": n.lang}
                for n in self.names
            ],
            "source": self.source,
            "source_list": self.source_list,
            "countries": list(self.countries),
            "nationalities": list(self.nationalities),
            "citizenships": list(self.citizenships),
            "birth_dates": [d.to_text() for d in self.birth_dates],
            "birth_places": list(self.birth_places),
            "gender": self.gender,
            "identifiers": [
                {"type": i.type, "value": i.value, "country": i.country, "label": i.label,
                 "note": i.note}
                for i in self.identifiers
            ],
            "addresses": [
                {"full": a.full, "street": a.street, "city": a.city,
                 "postal_code": a.postal_code, "region": a.region, "country": a.country}
                for a in self.addresses
            ],
            "programs": list(self.programs),
            "listed_on": self.listed_on.to_text() if self.listed_on else None,
            "remarks": self.remarks,
            "links": [
                {"relation": link.relation, "target_name": link.target_name,
                 "target_id": link.target_id, "percent": link.percent, "source": link.source}
                for link in self.links
            ],
            "source_url": self.source_url,
            "properties": {k: list(v) for k, v in sorted(self.properties.items())},
        }
        if with_record:
            data["record"] = dict(self.record)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Entity:
        """Rebuild an entity from :meth:`to_dict` output."""
        return cls(
            id=data["id"],
            schema=Schema(data["schema"]),
            names=tuple(
                Name(n["value"], NameKind(n["kind"]), n.get("script") or "", n.get("lang"))
                for n in data["names"]
            ),
            source=data["source"],
            source_list=data.get("source_list"),
            countries=tuple(data.get("countries", ())),
            nationalities=tuple(data.get("nationalities", ())),
            citizenships=tuple(data.get("citizenships", ())),
            birth_dates=tuple(DateValue.parse(t) for t in data.get("birth_dates", ())),
            birth_places=tuple(data.get("birth_places", ())),
            gender=data.get("gender"),
            identifiers=tuple(Identifier(**i) for i in data.get("identifiers", ())),
            addresses=tuple(Address(**a) for a in data.get("addresses", ())),
            programs=tuple(data.get("programs", ())),
            listed_on=DateValue.parse(data["listed_on"]) if data.get("listed_on") else None,
            remarks=data.get("remarks"),
            links=tuple(Link(**link) for link in data.get("links", ())),
            source_url=data.get("source_url"),
            properties={k: tuple(v) for k, v in data.get("properties", {}).items()},
            record=data.get("record", {}),
        )

    def canonical_json(self) -> str:
        """The entity as compact JSON with sorted keys: what is stored and hashed."""
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False,
                          separators=(",", ":"), default=str)

    def content_hash(self, canonical: str | None = None) -> str:
        """sha256 of the entity's content, the original record included.

        Two versions of a list entry are "the same" exactly when this is equal; decisions and
        allow-list entries pin it so they lapse when the entry changes. ``canonical`` may pass
        an already computed :meth:`canonical_json` to save work.
        """
        blob = self.canonical_json() if canonical is None else canonical
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()
