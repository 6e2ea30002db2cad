"""Map one ConList group (all rows of a Group ID) to an :class:`~offramp.model.Entity`.

Every row repeats the group's details beside one of its names, so names are taken row by
row and every other field is the union, in file order, of the distinct values over the rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
from offramp.sources.ofsi.reader import NAME_COLUMNS, Group, Row
from offramp.sources.uk_fcdo.conventions import (
    clean,
    country,
    document_country,
    is_low_quality,
    join_name,
    language_code,
    name_kind,
    parse_uk_date,
    split_numbered,
)

SCHEMAS: dict[str, Schema] = {
    "individual": Schema.PERSON,
    # OFSI does not say whether an "Entity" is a company or another body.
    "entity": Schema.LEGAL_ENTITY,
    "ship": Schema.VESSEL,
}

# Since 2022 OFSI puts some facts only inside Other Information, as "(Label):value".
_UK_REF = re.compile(r"\(UK Sanctions List Ref\)\s*:\s*([A-Z]{2,4}\d{3,5})", re.IGNORECASE)
_GENDER = re.compile(r"\(Gender\)\s*:\s*(Male|Female)\b", re.IGNORECASE)
# The CSV has no IMO column; a ship's IMO number is written in Other Information, as
# "(IMO number):9123456" or "IMO 9123456". An IMO number is always seven digits.
_IMO = re.compile(r"\bIMO(?:\s+number)?\)?\s*[:\-]?\s*(\d{7})\b", re.IGNORECASE)


def map_group(group: Group, source: str, file: str) -> tuple[Entity, list[str]]:
    """The entity for one group, and warnings about values that could not be used."""
    rows = group.rows
    gid = group.group_id
    warnings: list[str] = []
    types = _distinct(r.cells.get("Group Type") for r in rows)
    schema = SCHEMAS.get(types[0].lower()) if types else None
    if schema is None:
        raise SourceFormatError(file, f"line {rows[0].line}",
                                f"Group ID {gid}: Group Type is {(types or [''])[0]!r}, "
                                "expected Individual, Entity or Ship")
    if len(types) > 1:
        warnings.append(f"Group {gid}: rows disagree on Group Type ({', '.join(types)}); "
                        f"taken as {types[0]}")

    birth_dates: list[DateValue] = []
    for text in _values(rows, "DOB"):
        value = parse_uk_date(text)
        if value is None:
            warnings.append(f"Group {gid}: DOB {text!r} is not a date; kept in the record only")
        elif value not in birth_dates:
            birth_dates.append(value)

    listed_on = None
    for text in _values(rows, "Listed On"):
        listed_on = parse_uk_date(text)
        if listed_on is None:
            warnings.append(f"Group {gid}: Listed On {text!r} is not a date")
        break

    names = _names(rows, gid, warnings)
    if not names:
        raise SourceFormatError(file, f"line {rows[0].line}", f"Group ID {gid} has no name")
    other = _values(rows, "Other Information")
    genders = _distinct(m.group(1).lower() for text in other for m in _GENDER.finditer(text))
    entity = Entity(
        id=gid,
        schema=schema,
        names=tuple(names),
        source=source,
        countries=_distinct(country(c) for text in _values(rows, "Country")
                            for c in split_numbered(text)),
        nationalities=_distinct(country(c) for text in _values(rows, "Nationality")
                                for c in split_numbered(text)),
        birth_dates=tuple(birth_dates),
        birth_places=_birth_places(rows),
        gender=genders[0] if genders else None,
        identifiers=_identifiers(rows) + _imo_numbers(other if schema is Schema.VESSEL else []),
        addresses=_addresses(rows),
        programs=_distinct(_values(rows, "Regime")),
        listed_on=listed_on,
        remarks="\n".join(other) or None,
        properties=_properties(rows, other),
        record={"Group ID": gid, "rows": [dict(r.cells) for r in rows]},
    )
    return entity, warnings


def _names(rows: list[Row], gid: str, warnings: list[str]) -> list[Name]:
    names: list[Name] = []
    seen: set[str] = set()
    for row in rows:
        # The CSV lists Name 6 (family name, or an entity's or ship's whole name) first for
        # sorting; the name is said Name 1..Name 5 then Name 6.
        value = join_name([row.cells.get(c) for c in NAME_COLUMNS])
        if value and value not in seen:
            alias_type = row.cells.get("Alias Type")
            kind = name_kind(alias_type)
            if kind is None:
                warnings.append(f"Group {gid}: unknown Alias Type {alias_type!r} for "
                                f"{value!r}; taken as an alias")
                kind = NameKind.AKA
            if kind is not NameKind.PRIMARY and is_low_quality(row.cells.get("Alias Quality")):
                kind = NameKind.WEAK
            seen.add(value)
            names.append(Name(value, kind))
        non_latin = clean(row.cells.get("Name Non-Latin Script"))
        if non_latin and non_latin not in seen:
            seen.add(non_latin)
            names.append(Name(non_latin, NameKind.AKA,
                              lang=language_code(row.cells.get("Non-Latin Script Language"))))
    return names


def _addresses(rows: list[Row]) -> tuple[Address, ...]:
    out: list[Address] = []
    for row in rows:
        cells = row.cells
        # As in the UK Sanctions List, lines 1-5 are street and locality and line 6 the last
        # line before the country (town or province), taken as the city.
        street = ", ".join(
            v for v in (clean(cells.get(f"Address {i}")) for i in range(1, 6)) if v) or None
        countries = split_numbered(cells.get("Country"))
        address = Address(
            street=street,
            city=clean(cells.get("Address 6")),
            postal_code=clean(cells.get("Post/Zip Code")),
            # "(1) Russia (2) UAE" is the entity's countries, not this address's one country.
            country=country(countries[0]) if len(countries) == 1 else None,
        )
        if (street or address.city or address.postal_code) and address not in out:
            out.append(address)
    return tuple(out)


def _birth_places(rows: list[Row]) -> tuple[str, ...]:
    places = (", ".join(p for p in (clean(r.cells.get("Town of Birth")),
                                     clean(r.cells.get("Country of Birth"))) if p)
              for r in rows)
    return _distinct(places)


def _documents(rows: list[Row], number_col: str, details_col: str, kind: str,
               label: str) -> list[Identifier]:
    out: list[Identifier] = []
    for row in rows:
        numbers = split_numbered(row.cells.get(number_col))
        details = split_numbered(row.cells.get(details_col))
        for i, number in enumerate(numbers):
            # "(1) A1 (2) B2" with "(1) Iran (2) Iraq": details pair with numbers by position
            # when the counts agree; otherwise each number gets the whole details text.
            if len(details) == len(numbers):
                note: str | None = details[i]
            else:
                note = clean(row.cells.get(details_col))
            identifier = Identifier(kind, number, document_country(note), label, note)
            if identifier not in out:
                out.append(identifier)
    return out


def _identifiers(rows: list[Row]) -> tuple[Identifier, ...]:
    found = [
        *_documents(rows, "Passport Number", "Passport Details", ids.PASSPORT,
                    "Passport Number"),
        *_documents(rows, "National Identification Number", "National Identification Details",
                    ids.NATIONAL_ID, "National Identification Number"),
        # The pre-2022 layout's column for national identity numbers.
        *_documents(rows, "NI Number", "NI Details", ids.NATIONAL_ID, "NI Number"),
    ]
    return tuple(dict.fromkeys(found))


def _imo_numbers(other: list[str]) -> tuple[Identifier, ...]:
    numbers = _distinct(m.group(1) for text in other for m in _IMO.finditer(text))
    return tuple(Identifier(ids.IMO, n, None, "IMO number (Other Information)") for n in numbers)


def _properties(rows: list[Row], other: list[str]) -> dict[str, tuple[str, ...]]:
    refs = _values(rows, "UK Sanctions List Ref") or [
        m.group(1).upper() for text in other for m in _UK_REF.finditer(text)]
    props = {
        "ukSanctionsListRef": _distinct(refs),
        "title": _distinct(t for v in _values(rows, "Title") for t in split_numbered(v)),
        "position": _distinct(p for v in _values(rows, "Position") for p in split_numbered(v)),
        "startDate": _dates(_values(rows, "UK Sanctions List Date Designated")),
        "modifiedAt": _dates(_values(rows, "Last Updated")),
    }
    return {key: values for key, values in props.items() if values}


def _dates(texts: list[str]) -> tuple[str, ...]:
    return _distinct(d.to_text() if (d := parse_uk_date(t)) else None for t in texts)


def _values(rows: list[Row], column: str) -> list[str]:
    return list(_distinct(clean(r.cells.get(column)) for r in rows))


def _distinct(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))
