"""Map one FCDO ``<Designation>`` record to an :class:`~offramp.model.Entity`.

Element names are the FCDO's (see docs/formats-uk-eu.md for where they were verified).
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
    Schema,
    SourceFormatError,
)
from offramp.model import identifiers as ids
from offramp.sources.uk_fcdo.conventions import (
    clean,
    country,
    document_country,
    is_low_quality,
    join_name,
    language_code,
    name_kind,
    parse_uk_date,
)

SCHEMAS: dict[str, Schema] = {
    "individual": Schema.PERSON,
    # The FCDO does not say whether an "Entity" is a company, a government body or an armed
    # group, so the neutral FtM schema is used.
    "entity": Schema.LEGAL_ENTITY,
    "ship": Schema.VESSEL,
}

GENDERS = {"male": "male", "female": "female"}


def items(value: Any) -> list[Any]:
    """A record value as a list: repeated elements are lists, single ones are not."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def path(record: dict[str, Any], *names: str) -> list[Any]:
    """Every value at ``names`` below ``record``, through repeated elements at any level."""
    found: list[Any] = [record]
    for name in names:
        found = [v for node in found if isinstance(node, dict) for v in items(node.get(name))]
    return found


def texts(record: dict[str, Any], *names: str) -> list[str]:
    """The distinct cleaned texts at ``names``, in file order."""
    out: list[str] = []
    for value in path(record, *names):
        text = clean(value) if isinstance(value, str) else None
        if text and text not in out:
            out.append(text)
    return out


def _text(node: Any, name: str) -> str | None:
    if not isinstance(node, dict):
        return None
    value = node.get(name)
    return clean(value) if isinstance(value, str) else None


def map_designation(record: dict[str, Any], source: str, file: str,
                    number: int) -> tuple[Entity, list[str]]:
    """The entity for one designation, and warnings about values that could not be used.

    ``file`` and ``number`` (the designation's position) name the place in errors.
    """
    where = f"element <Designation> #{number}"
    warnings: list[str] = []
    unique_id = _text(record, "UniqueID")
    if not unique_id:
        raise SourceFormatError(file, where, "no <UniqueID>")
    kind_text = _text(record, "IndividualEntityShip") or ""
    schema = SCHEMAS.get(kind_text.lower())
    if schema is None:
        raise SourceFormatError(file, f"{where} ({unique_id})",
                                f"<IndividualEntityShip> is {kind_text!r}, expected "
                                "Individual, Entity or Ship")

    names = _names(record, unique_id, warnings)
    if not names:
        raise SourceFormatError(file, f"{where} ({unique_id})", "no name")

    birth_dates: list[DateValue] = []
    for dob in texts(record, "IndividualDetails", "Individual", "DOBs", "DOB"):
        value = parse_uk_date(dob)
        if value is None:
            warnings.append(f"{unique_id}: date of birth {dob!r} is not a date; kept in the "
                            "record only")
        elif value not in birth_dates:
            birth_dates.append(value)

    listed_text = _text(record, "DateDesignated")
    listed_on = parse_uk_date(listed_text)
    if listed_text and listed_on is None:
        warnings.append(f"{unique_id}: DateDesignated {listed_text!r} is not a date")

    genders = texts(record, "IndividualDetails", "Individual", "Genders", "Gender")
    entity = Entity(
        id=unique_id,
        schema=schema,
        names=tuple(names),
        source=source,
        countries=_unique(a.country for a in _addresses(record) if a.country),
        nationalities=_unique(
            country(n) for n in texts(record, "IndividualDetails", "Individual",
                                      "Nationalities", "Nationality")),
        birth_dates=tuple(birth_dates),
        birth_places=_birth_places(record),
        gender=GENDERS.get(genders[0].lower(), genders[0]) if genders else None,
        identifiers=_identifiers(record),
        addresses=tuple(_addresses(record)),
        programs=tuple(texts(record, "RegimeName")),
        listed_on=listed_on,
        remarks=_text(record, "OtherInformation"),
        properties=_properties(record),
        record=record,
    )
    return entity, warnings


def _names(record: dict[str, Any], unique_id: str, warnings: list[str]) -> list[Name]:
    names: list[Name] = []
    seen: set[str] = set()

    def add(name: Name) -> None:
        # The same spelling is sometimes filed twice (as a variation and as an alias); the
        # first, usually the primary, wins.
        if name.value not in seen:
            seen.add(name.value)
            names.append(name)

    for node in path(record, "Names", "Name"):
        # Name1..Name5 are the given names in order, Name6 the family name (or an entity's or
        # ship's whole name): joined 1..6 they read as the name is said.
        value = join_name([_text(node, f"Name{i}") for i in range(1, 7)])
        if value is None:
            continue  # a <Name> with a type and no parts: nothing to match on
        name_type = _text(node, "NameType")
        kind = name_kind(name_type)
        if kind is None:
            warnings.append(f"{unique_id}: unknown NameType {name_type!r} for {value!r}; "
                            "taken as an alias")
            kind = NameKind.AKA
        if kind is not NameKind.PRIMARY and is_low_quality(_text(node, "AliasStrength")):
            kind = NameKind.WEAK
        add(Name(value, kind))
    for node in path(record, "NonLatinNames", "NonLatinName"):
        value = _text(node, "NameNonLatinScript")
        if value:
            add(Name(value, NameKind.AKA,
                     lang=language_code(_text(node, "NonLatinScriptLanguage"))))
    return names


def _addresses(record: dict[str, Any]) -> list[Address]:
    out: list[Address] = []
    for node in path(record, "Addresses", "Address"):
        # Lines 1-5 are street and locality in order; line 6 is the last line before the
        # country, the town or province, so it is taken as the city.
        street = ", ".join(
            line for line in (_text(node, f"AddressLine{i}") for i in range(1, 6)) if line
        ) or None
        address = Address(street=street, city=_text(node, "AddressLine6"),
                          postal_code=_text(node, "AddressPostalCode"),
                          country=country(_text(node, "AddressCountry")))
        if address.text() and address not in out:
            out.append(address)
    return out


def _birth_places(record: dict[str, Any]) -> tuple[str, ...]:
    places: list[str] = []
    for node in path(record, "IndividualDetails", "Individual", "BirthDetails", "Location"):
        place = ", ".join(p for p in (_text(node, "TownOfBirth"),
                                      _text(node, "CountryOfBirth")) if p)
        if place and place not in places:
            places.append(place)
    return tuple(places)


def _identifiers(record: dict[str, Any]) -> tuple[Identifier, ...]:
    out: list[Identifier] = []

    def add(identifier: Identifier) -> None:
        # The export repeats a passport once per date of birth; keep one.
        if identifier not in out:
            out.append(identifier)

    person = ("IndividualDetails", "Individual")
    for node in path(record, *person, "PassportDetails", "Passport"):
        number = _text(node, "PassportNumber")
        info = _text(node, "PassportAdditionalInformation")
        if number:
            add(Identifier(ids.PASSPORT, number, document_country(info), "Passport", info))
    for node in path(record, *person, "NationalIdentifierDetails", "NationalIdentifier"):
        number = _text(node, "NationalIdentifierNumber")
        info = _text(node, "NationalIdentifierAdditionalInformation")
        if number:
            add(Identifier(ids.NATIONAL_ID, number, document_country(info),
                           "National Identifier", info))
    # Registration numbers are kept as published ("INN: 7710137066"): several carry a label,
    # two numbers or a country in one field, and splitting free text would be a guess.
    for number in texts(record, "EntityDetails", "Entity", "BusinessRegistrationNumbers",
                        "BusinessRegistrationNumber"):
        add(Identifier(ids.REGISTRATION, number, None, "Business Registration Number"))
    for number in texts(record, "ShipDetails", "Ship", "IMONumbers", "IMONumber"):
        # Most are published "IMO9562233", some "9562233": one number, one spelling.
        digits = number.upper().removeprefix("IMO").strip(" :")
        add(Identifier(ids.IMO, digits or number, None, "IMO Number"))
    for label, kind, names in (
        ("Phone Number", ids.PHONE, ("PhoneNumbers", "PhoneNumber")),
        ("Email Address", ids.EMAIL, ("EmailAddresses", "EmailAddress")),
        ("Website", ids.WEBSITE, ("Websites", "Website")),
    ):
        for value in texts(record, *names):
            add(Identifier(kind, value, None, label))
    return tuple(out)


def _properties(record: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    ship = ("ShipDetails", "Ship")
    entity = ("EntityDetails", "Entity")
    props: dict[str, list[str]] = {
        "ofsiGroupId": texts(record, "OFSIGroupID"),
        "unscId": texts(record, "UNReferenceNumber"),
        "authority": texts(record, "DesignationSource"),
        # "Asset freeze|Travel Ban": the measures imposed, one per provision.
        "provisions": [p.strip() for v in texts(record, "SanctionsImposed")
                       for p in v.split("|") if p.strip()],
        "reason": texts(record, "UKStatementofReasons"),
        "modifiedAt": [d.to_text() for d in
                       (parse_uk_date(t) for t in texts(record, "LastUpdated")) if d],
        "title": texts(record, "Titles", "Title")
        + texts(record, "IndividualDetails", "Individual", "Title"),
        "position": texts(record, "IndividualDetails", "Individual", "Positions", "Position"),
        "legalForm": texts(record, *entity, "TypeOfEntities", "TypeOfEntity"),
        "parent": texts(record, *entity, "ParentCompanies", "ParentCompany"),
        "subsidiaries": texts(record, *entity, "Subsidiaries", "Subsidiary"),
        "flag": [country(f) or f for f in
                 texts(record, *ship, "CurrentBelievedFlagOfShips", "CurrentBelievedFlagOfShip")],
        "pastFlags": [country(f) or f for f in
                      texts(record, *ship, "PreviousFlags", "PreviousFlag")],
        "type": texts(record, *ship, "TypeOfShipDetails", "TypeOfShip"),
        "tonnage": texts(record, *ship, "TonnageOfShipDetails", "TonnageOfShip"),
        "length": texts(record, *ship, "LengthOfShipDetails", "LengthOfShip"),
        "buildDate": texts(record, *ship, "YearsBuilt", "YearBuilt"),
        "owner": texts(record, *ship, "CurrentOwnerOperators", "CurrentOwnerOperator"),
        "pastOwners": texts(record, *ship, "PreviousOwnerOperators", "PreviousOwnerOperator"),
    }
    return {key: tuple(dict.fromkeys(values)) for key, values in props.items() if values}


def _unique(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))
