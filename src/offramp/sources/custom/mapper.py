"""Custom watchlist rows -> :class:`~offramp.model.Entity`.

Unlike an official list, a custom list is the user's own file: anything offramp cannot
read exactly (an unknown country, a malformed date) is an error naming the line and the
column, so the user fixes the file instead of screening against half an entry.
"""

from __future__ import annotations

from collections.abc import Sequence

from offramp.model import (
    DateValue,
    Entity,
    Identifier,
    Name,
    NameKind,
    PartialDate,
    Schema,
    SourceFormatError,
)
from offramp.model import identifiers as idt
from offramp.normalize.countries import to_iso2
from offramp.sources.custom.reader import CustomRow

# Spellings accepted in the ``identifiers`` column, besides offramp's own type names.
TYPE_ALIASES: dict[str, str] = {
    "vat": idt.TAX_ID,
    "tin": idt.TAX_ID,
    "inn": idt.TAX_ID,
    "tax": idt.TAX_ID,
    "ogrn": idt.REGISTRATION,
    "company_number": idt.REGISTRATION,
    "registration_number": idt.REGISTRATION,
    "swift": idt.SWIFT_BIC,
    "bic": idt.SWIFT_BIC,
    "url": idt.WEBSITE,
    "id_card": idt.NATIONAL_ID,
}

SCHEMA_NAMES = "person, company, organization, legal_entity, vessel, aircraft"


def split(cell: str | None) -> list[str]:
    """A ``;``-separated cell as its non-empty, stripped values."""
    return [v.strip() for v in (cell or "").split(";") if v.strip()]


def _error(path: str, row: CustomRow, column: str, problem: str) -> SourceFormatError:
    return SourceFormatError(path, f"line {row.line}, column {column}", problem)


def identifier_type(text: str) -> str:
    """offramp's type for a user's type name; unknown names are kept (lower case)."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    if key in idt.ALL:
        return key
    return TYPE_ALIASES.get(key, key)


def parse_identifier(path: str, row: CustomRow, text: str) -> Identifier:
    """``type:value`` or ``type:value:CC`` (CC an ISO alpha-2 code).

    Only a trailing two-letter ISO code counts as the country, so values that contain
    colons themselves (``website:https://example.com``) are kept whole.
    """
    label, sep, rest = text.partition(":")
    if not sep or not label.strip() or not rest.strip():
        raise _error(path, row, "identifiers",
                     f"{text!r} is not type:value or type:value:country")
    value, country = rest.strip(), None
    head, sep, tail = rest.rpartition(":")
    if sep and head.strip() and len(tail.strip()) == 2 and to_iso2(tail.strip()):
        value, country = head.strip(), to_iso2(tail.strip())
    return Identifier(identifier_type(label), value, country, label.strip())


def map_row(path: str, row: CustomRow, source: str) -> Entity:
    """One row; raises :class:`SourceFormatError` naming the line and column."""
    cells = {k: (v or "").strip() for k, v in row.cells.items()}
    entity_id = cells["id"]
    name = cells["name"]
    if not name:
        raise _error(path, row, "name", "empty name")
    schema = Schema.LEGAL_ENTITY
    if cells.get("schema"):
        try:
            schema = Schema.parse(cells["schema"])
        except ValueError:
            raise _error(path, row, "schema",
                         f"unknown schema {cells['schema']!r} (use one of {SCHEMA_NAMES})"
                         ) from None
    countries: list[str] = []
    for text in split(cells.get("country")):
        code = to_iso2(text)
        if code is None:
            raise _error(path, row, "country",
                         f"unknown country {text!r} (use an ISO code such as CN or a name)")
        if code not in countries:
            countries.append(code)
    birth_dates: list[DateValue] = []
    for text in split(cells.get("birth_date")):
        try:
            birth_dates.append(DateValue(PartialDate.parse(text)))
        except ValueError:
            raise _error(path, row, "birth_date",
                         f"bad date {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD)") from None
    aliases = [a for a in split(cells.get("aliases")) if a != name]
    return Entity(
        id=entity_id,
        schema=schema,
        names=(Name(name, NameKind.PRIMARY), *(Name(a, NameKind.AKA) for a in aliases)),
        source=source,
        countries=tuple(countries),
        birth_dates=tuple(birth_dates),
        identifiers=tuple(parse_identifier(path, row, t)
                          for t in split(cells.get("identifiers"))),
        programs=tuple(split(cells.get("program"))),
        remarks=cells.get("notes") or None,
        source_url=cells.get("source_url") or None,
        record=dict(row.cells),
    )


def map_rows(path: str, rows: Sequence[CustomRow], source: str) -> list[Entity]:
    """All rows, checking ids are present and unique."""
    first_line: dict[str, int] = {}
    entities: list[Entity] = []
    for row in rows:
        entity_id = row.cells["id"].strip()
        if not entity_id:
            raise _error(path, row, "id", "empty id (every row needs a unique id)")
        if entity_id in first_line:
            raise _error(path, row, "id",
                         f"duplicate id {entity_id!r} (first used on line "
                         f"{first_line[entity_id]})")
        first_line[entity_id] = row.line
        entities.append(map_row(path, row, source))
    return entities
