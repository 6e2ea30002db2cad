"""CSL rows (CSV) and results (JSON) -> :class:`~offramp.model.Entity`.

Choices worth knowing:

* ``Entity.id`` is the publisher's record id (``_id`` / ``id``) when there is one, else the
  OFAC ``entity_number``, else ``csl-`` + a hash of (source, name, addresses, start date):
  the old CSV has no id for the Commerce and State rows, and these four cells are what
  tells two of its rows apart, so the id stays the same from one download to the next.
* Rows without a ``type`` (Entity List, Denied Persons, Unverified, MEU, ISN, ITAR rows)
  become ``LegalEntity``, never a guessed ``Person``: the Denied Persons and ITAR Debarred
  lists are mostly people but also hold companies (DAHUA ELECTRONICS CORPORATION), the CSL
  does not say which, and ``LegalEntity`` is the FollowTheMoney parent of both, so a
  matcher still compares it with people and companies alike. A wrong ``Person`` would
  instead make company-specific matching (legal forms) skip a real company.
* Text cells are cleaned of stray C1 control characters: the CSL carries Windows-1252
  punctuation re-encoded as if it were Latin-1 ("Gui\\x92an" for "Gui'an"); the original
  text stays in ``record``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from offramp.model import (
    Address,
    DateValue,
    Entity,
    Identifier,
    Name,
    NameKind,
    Schema,
)
from offramp.sources.csl.cells import (
    address_from_text,
    clean,
    country_code,
    linked_to,
    listish,
    nonempty,
    parse_date,
    split_cell,
)
from offramp.sources.csl.codes import source_code
from offramp.sources.csl.ids import IdEntry, is_note_label, parse_ids_cell
from offramp.sources.csl.reader import CslRow

_T = TypeVar("_T")

_SCHEMAS: dict[str, Schema] = {
    "individual": Schema.PERSON,
    "entity": Schema.LEGAL_ENTITY,
    "vessel": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
}


class CslMapper:
    """Maps one file's rows; collects warnings and keeps ids unique within the file."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.warnings: list[str] = []
        self._ids: set[str] = set()

    # -- CSV ---------------------------------------------------------------------------

    def map_row(self, row: CslRow, *, type_first: bool) -> Entity:
        """One CSV row; ``type_first`` is the file's ``ids`` order (current header: True)."""
        cells = row.cells
        where = f"line {row.line}"
        address_cells = split_cell(cells.get("addresses"))
        return self._build(
            where=where,
            record=dict(cells),
            raw_id=cells.get("_id", ""),
            entity_number=cells.get("entity_number", ""),
            source_text=cells["source"],
            type_text=cells.get("type", ""),
            name=cells["name"],
            alt_names=split_cell(cells.get("alt_names")),
            addresses=[address_from_text(a) for a in address_cells],
            address_key=address_cells,
            ids=parse_ids_cell(cells.get("ids", ""), type_first=type_first),
            id_notes={},
            scalars=cells,
            lists={k: split_cell(cells.get(k)) for k in (
                "programs", "dates_of_birth", "places_of_birth", "nationalities",
                "citizenships")},
        )

    # -- JSON --------------------------------------------------------------------------

    def map_result(self, result: Mapping[str, Any], number: int) -> Entity:
        """One JSON result object (``number`` is its index in ``results``)."""
        addresses: list[Address] = []
        for item in result.get("addresses") or []:
            if isinstance(item, dict):
                country_text = nonempty(item.get("country"))
                address = Address(
                    street=nonempty(item.get("address")) or None,
                    city=nonempty(item.get("city")) or None,
                    region=nonempty(item.get("state") or item.get("state_or_province"))
                    or None,
                    postal_code=nonempty(item.get("postal_code")) or None,
                    country=country_code(country_text) if country_text else None,
                )
                if address.text():
                    addresses.append(address)
            elif isinstance(item, str) and clean(item):
                addresses.append(address_from_text(clean(item)))
        ids: list[IdEntry] = []
        id_notes: dict[IdEntry, str] = {}
        for item in result.get("ids") or []:
            if not isinstance(item, dict):
                continue
            entry = IdEntry(label=nonempty(item.get("type")),
                            value=nonempty(item.get("number")),
                            country=nonempty(item.get("country")) or None)
            if not entry.value and not entry.label:
                continue
            dates = [f"{word} {nonempty(item.get(key))}" for word, key in
                     (("issued", "issue_date"), ("expires", "expiration_date"))
                     if nonempty(item.get(key))]
            if dates:
                id_notes[entry] = "; ".join(dates)
            ids.append(entry)
        scalars = {k: v if isinstance(v, str) else "" for k, v in result.items()}
        return self._build(
            where=f"results[{number}]",
            record=dict(result),
            raw_id=nonempty(result.get("id") or result.get("_id")),
            entity_number=nonempty(str(result.get("entity_number") or "")),
            source_text=nonempty(result.get("source")),
            type_text=nonempty(result.get("type")),
            name=nonempty(result.get("name")),
            alt_names=listish(result.get("alt_names")),
            addresses=addresses,
            address_key=[a.text() for a in addresses],
            ids=ids,
            id_notes=id_notes,
            scalars=scalars,
            lists={k: listish(result.get(k)) for k in (
                "programs", "dates_of_birth", "places_of_birth", "nationalities",
                "citizenships")},
        )

    # -- shared ------------------------------------------------------------------------

    def _build(
        self,
        *,
        where: str,
        record: dict[str, Any],
        raw_id: str,
        entity_number: str,
        source_text: str,
        type_text: str,
        name: str,
        alt_names: Sequence[str],
        addresses: Sequence[Address],
        address_key: Sequence[str],
        ids: Sequence[IdEntry],
        id_notes: Mapping[IdEntry, str],
        scalars: Mapping[str, str],
        lists: Mapping[str, list[str]],
    ) -> Entity:
        primary = clean(name)
        code = source_code(source_text)
        start_text = clean(scalars.get("start_date"))
        entity_id = self._entity_id(raw_id, entity_number, source_text, primary,
                                    address_key, start_text, code, where)

        schema = _SCHEMAS.get(type_text.strip().lower(), Schema.LEGAL_ENTITY)
        if type_text.strip() and type_text.strip().lower() not in _SCHEMAS:
            self.warnings.append(f"{where}: unknown type {type_text!r}, read as LegalEntity")

        names = [Name(primary, NameKind.PRIMARY)]
        names += [Name(a, NameKind.AKA) for a in alt_names if a != primary]

        identifiers: list[Identifier] = []
        properties: dict[str, list[str]] = {}
        gender: str | None = None
        for entry in ids:
            id_type = entry.id_type
            if id_type is None:
                if entry.label.strip().lower() == "gender":
                    gender = entry.value.lower() or None
                elif "vessel flag" in entry.label.lower() and is_note_label(entry.label):
                    properties.setdefault("pastFlags", []).append(country_code(entry.value))
                else:
                    properties.setdefault("sanctionInfo", []).append(
                        f"{entry.label} {entry.value}".strip())
                continue
            value = entry.value
            if id_type == "imo" and value.upper().startswith("IMO"):
                value = value[3:].strip()  # "IMO 8898831": the type already says IMO
            identifiers.append(Identifier(
                type=id_type, value=value,
                country=country_code(entry.country) if entry.country else None,
                label=entry.label or None, note=id_notes.get(entry)))

        birth_dates: list[DateValue] = []
        for text in lists["dates_of_birth"]:
            parsed = parse_date(text)
            if parsed is None:
                self.warnings.append(f"{where}: date of birth {text!r} not understood")
            elif parsed not in birth_dates:
                birth_dates.append(parsed)
        listed_on = parse_date(start_text) if start_text else None
        if start_text and listed_on is None:
            self.warnings.append(f"{where}: start_date {start_text!r} not understood")

        for key, prop in (
            ("title", "title"), ("federal_register_notice", "federalRegisterNotice"),
            ("license_requirement", "licenseRequirement"),
            ("license_policy", "licensePolicy"), ("end_date", "endDate"),
            ("standard_order", "standardOrder"), ("call_sign", "callSign"),
            ("vessel_type", "type"), ("gross_tonnage", "tonnage"),
            ("gross_registered_tonnage", "grossRegisteredTonnage"),
            ("vessel_owner", "owner"), ("source_information_url", "sourceInformationUrl"),
        ):
            value = clean(scalars.get(key))
            if value:
                properties.setdefault(prop, []).append(value)
        flag = clean(scalars.get("vessel_flag"))
        if flag:
            properties["flag"] = [country_code(flag)]

        remarks = clean(scalars.get("remarks")) or None
        countries: list[str] = []
        for address in addresses:
            if address.country and address.country not in countries:
                countries.append(address.country)
        return Entity(
            id=entity_id,
            schema=schema,
            names=tuple(names),
            source=self.source,
            source_list=code,
            countries=tuple(countries),
            nationalities=tuple(_unique(country_code(c) for c in lists["nationalities"])),
            citizenships=tuple(_unique(country_code(c) for c in lists["citizenships"])),
            birth_dates=tuple(birth_dates),
            birth_places=tuple(lists["places_of_birth"]),
            gender=gender,
            identifiers=tuple(_unique(identifiers)),
            addresses=tuple(_unique(addresses)),
            programs=tuple(lists["programs"]),
            listed_on=listed_on,
            remarks=remarks,
            links=tuple(linked_to(remarks)) if remarks else (),
            source_url=clean(scalars.get("source_list_url")) or None,
            properties={k: tuple(_unique(v)) for k, v in properties.items()},
            record=record,
        )

    def _entity_id(self, raw_id: str, entity_number: str, source_text: str, name: str,
                   address_key: Sequence[str], start: str, code: str, where: str) -> str:
        entity_id = raw_id.strip() or entity_number.strip()
        if not entity_id:
            blob = json.dumps([source_text.strip(), name, list(address_key), start],
                              ensure_ascii=False)
            entity_id = "csl-" + hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]
        if entity_id in self._ids:
            # entity_number is unique per OFAC list only, and two identical Commerce rows
            # hash alike: keep both entries, apart, and say so.
            base, n = f"{entity_id}-{code}", 1
            candidate = base
            while candidate in self._ids:
                n += 1
                candidate = f"{base}-{n}"
            self.warnings.append(f"{where}: id {entity_id} already used, entry kept as "
                                 f"{candidate}")
            entity_id = candidate
        self._ids.add(entity_id)
        return entity_id


def _unique(values: Iterable[_T]) -> list[_T]:
    out: list[_T] = []
    for value in values:
        if value not in out:
            out.append(value)
    return out
