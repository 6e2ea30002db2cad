"""Map one EU ``<sanctionEntity>`` record to an :class:`~offramp.model.Entity`.

Attribute names are the EU's (xmlFullSanctionsList_1_1; see docs/formats-uk-eu.md for where
they were verified).
"""

from __future__ import annotations

from collections.abc import Iterable
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
    SourceFormatError,
)
from offramp.model import identifiers as ids
from offramp.normalize.countries import to_iso2
from offramp.sources.uk_fcdo.conventions import clean, language_code

SCHEMAS: dict[str, Schema] = {
    "person": Schema.PERSON,
    "p": Schema.PERSON,
    # The EU lists companies, banks, armed groups and ships all as "enterprise".
    "enterprise": Schema.LEGAL_ENTITY,
    "e": Schema.LEGAL_ENTITY,
}

# identificationTypeCode -> offramp type. Codes from the EU file; the description
# ("National passport", "Registration Number") is kept as the label.
ID_TYPES: dict[str, str] = {
    "passport": ids.PASSPORT,
    "id": ids.NATIONAL_ID,
    "nrn": ids.NATIONAL_ID,  # national registration number
    "ssn": ids.SSN,
    "drivinglicence": ids.DRIVING_LICENCE,
    "fiscalcode": ids.TAX_ID,
    "regnumber": ids.REGISTRATION,
    "tradelic": ids.REGISTRATION,
    "swiftbic": ids.SWIFT_BIC,
    "imo": ids.IMO,
}

CONTACTS: dict[str, str] = {"PHONE": ids.PHONE, "FAX": ids.PHONE, "EMAIL": ids.EMAIL,
                            "WEB": ids.WEBSITE}
GENDERS = {"M": "male", "F": "female"}


def children(record: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """The child elements called ``name`` that carry attributes."""
    return [c for c in record.get(name, []) if isinstance(c, dict)]


def texts(record: dict[str, Any], name: str) -> list[str]:
    """The cleaned texts of the text-only children called ``name``."""
    out = []
    for c in record.get(name, []):
        value = clean(c) if isinstance(c, str) else clean(c.get("text"))
        if value:
            out.append(value)
    return out


def eu_country(node: dict[str, Any]) -> str | None:
    """ISO alpha-2 code of an element's country; the file writes "00"/"UNKNOWN" for none."""
    code = (node.get("countryIso2Code") or "").upper()
    if code and code != "00":
        return to_iso2(code) or code
    description = clean(node.get("countryDescription"))
    if not description or description.upper() == "UNKNOWN":
        return None
    return to_iso2(description) or description


def map_entity(record: dict[str, Any], source: str, file: str,
               number: int) -> tuple[Entity, list[str]]:
    """The entity for one ``<sanctionEntity>``, and warnings about unusable values."""
    where = f"element <sanctionEntity> #{number}"
    warnings: list[str] = []
    logical_id = clean(record.get("logicalId"))
    if not logical_id:
        raise SourceFormatError(file, where, "no logicalId attribute")
    subject = next(iter(children(record, "subjectType")), {})
    code = (subject.get("code") or subject.get("classificationCode") or "").lower()
    schema = SCHEMAS.get(code)
    if schema is None:
        raise SourceFormatError(file, f"{where} (logicalId {logical_id})",
                                f"subjectType is {code!r}, expected person or enterprise")
    names, genders, titles, functions = _names(record)
    if not names:
        raise SourceFormatError(file, f"{where} (logicalId {logical_id})", "no nameAlias")

    birth_dates: list[DateValue] = []
    for node in children(record, "birthdate"):
        value = _birth_date(node)
        if value is None and any(node.get(k) for k in ("birthdate", "year", "yearRangeFrom")):
            warnings.append(f"{logical_id}: birth date {node} is not a date; kept in the "
                            "record only")
        elif value is not None and value not in birth_dates:
            birth_dates.append(value)

    regulations = children(record, "regulation")
    urls = [u for r in regulations for u in texts(r, "publicationUrl")]
    # designationDate is on newer files; before that, the earliest regulation publishing
    # the listing is the closest date the file gives.
    listed = clean(record.get("designationDate")) or min(
        (d for r in regulations if (d := clean(r.get("publicationDate")))), default=None)
    properties = {
        "authorityId": _distinct([clean(record.get("euReferenceNumber"))]),
        "unscId": _distinct([clean(record.get("unitedNationId"))]),
        "summary": _distinct([clean(record.get("designationDetails"))]),
        "programId": _distinct(clean(r.get("numberTitle")) for r in regulations),
        "programUrl": _distinct(urls),
        "title": _distinct(titles),
        "position": _distinct(functions) if schema is Schema.PERSON else (),
    }
    entity = Entity(
        id=logical_id,
        schema=schema,
        names=tuple(names),
        source=source,
        countries=_distinct(a.country for a in _addresses(record)),
        citizenships=_distinct(eu_country(c) for c in children(record, "citizenship")),
        birth_dates=tuple(birth_dates),
        birth_places=_birth_places(record),
        gender=genders[0] if genders else None,
        identifiers=_identifiers(record),
        addresses=_addresses(record),
        programs=_distinct(clean(r.get("programme")) for r in regulations),
        listed_on=_date(listed),
        remarks="\n".join(texts(record, "remark")) or None,
        source_url=urls[0] if urls else None,
        properties={k: v for k, v in properties.items() if v},
        record=record,
    )
    return entity, warnings


def _names(record: dict[str, Any]) -> tuple[list[Name], list[str], list[str], list[str]]:
    names: list[Name] = []
    genders: list[str] = []
    titles: list[str] = []
    functions: list[str] = []
    seen: set[str] = set()
    for node in children(record, "nameAlias"):
        value = clean(node.get("wholeName")) or clean(" ".join(
            node.get(k, "") for k in ("firstName", "middleName", "lastName")))
        if value is None or value in seen:
            continue
        seen.add(value)
        # The EU marks no name as the main one; its first strong name is, by the file's
        # order, the name of the listing. strong="false" marks a weak alias.
        if node.get("strong", "true").lower() == "false":
            kind = NameKind.WEAK
        elif any(n.kind is NameKind.PRIMARY for n in names):
            kind = NameKind.AKA
        else:
            kind = NameKind.PRIMARY
        names.append(Name(value, kind, lang=language_code(node.get("nameLanguage"))))
        if node.get("gender") in GENDERS:
            genders.append(GENDERS[node["gender"]])
        titles.extend(t for t in [clean(node.get("title"))] if t)
        functions.extend(f for f in [clean(node.get("function"))] if f)
    return names, genders, titles, functions


def _birth_date(node: dict[str, Any]) -> DateValue | None:
    circa = (node.get("circa") or "").lower() == "true"
    try:
        full = clean(node.get("birthdate"))
        if full:
            return DateValue(PartialDate.parse(full[:10]), None, circa)
        if node.get("yearRangeFrom") and node.get("yearRangeTo"):
            return DateValue(PartialDate(int(node["yearRangeFrom"])),
                             PartialDate(int(node["yearRangeTo"])), circa)
        if node.get("year"):
            month = int(node["monthOfYear"]) if node.get("monthOfYear") else None
            day = int(node["dayOfMonth"]) if node.get("dayOfMonth") and month else None
            return DateValue(PartialDate(int(node["year"]), month, day), None, circa)
    except ValueError:
        return None
    return None


def _birth_places(record: dict[str, Any]) -> tuple[str, ...]:
    places = []
    for node in children(record, "birthdate"):
        country = clean(node.get("countryDescription"))
        if country and country.upper() == "UNKNOWN":
            country = None
        parts = [clean(node.get(k)) for k in ("place", "city", "region")] + [country]
        places.append(", ".join(dict.fromkeys(p for p in parts if p)) or None)
    return _distinct(places)


def _addresses(record: dict[str, Any]) -> tuple[Address, ...]:
    out: list[Address] = []
    for node in children(record, "address"):
        street = ", ".join(p for p in (clean(node.get("street")),
                                       clean(f"PO Box {node['poBox']}")
                                       if node.get("poBox") else None) if p) or None
        address = Address(street=street, city=clean(node.get("city") or node.get("place")),
                          postal_code=clean(node.get("zipCode")),
                          region=clean(node.get("region")), country=eu_country(node))
        if address.text() and address not in out:
            out.append(address)
    return tuple(out)


def _identifiers(record: dict[str, Any]) -> tuple[Identifier, ...]:
    out: list[Identifier] = []
    for node in children(record, "identification"):
        number = clean(node.get("number")) or clean(node.get("latinNumber"))
        if not number:
            continue
        code = (node.get("identificationTypeCode") or "").lower()
        label = clean(node.get("identificationTypeDescription")) or code or None
        notes = [clean(node.get("issuedBy")) and f"issued by {clean(node.get('issuedBy'))}",
                 *texts(node, "remark")]
        if node.get("diplomatic") == "true" and not any(
                "diplomatic" in (n or "").lower() for n in notes):
            notes.append("diplomatic")
        note = "; ".join(n for n in notes if n) or None
        identifier = Identifier(ID_TYPES.get(code, ids.OTHER), number, eu_country(node),
                                label, note)
        if identifier not in out:
            out.append(identifier)
    # Phone, fax, email and web addresses hang under an <address> as <contactInfo>.
    for address in children(record, "address"):
        for contact in children(address, "contactInfo"):
            key = (contact.get("key") or "").upper()
            value = clean(contact.get("value"))
            if key in CONTACTS and value:
                identifier = Identifier(CONTACTS[key], value, None, key)
                if identifier not in out:
                    out.append(identifier)
    return tuple(out)


def _date(text: str | None) -> DateValue | None:
    try:
        return DateValue(PartialDate.parse(text[:10])) if text else None
    except ValueError:
        return None


def _distinct(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))
