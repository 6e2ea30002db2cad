"""OFAC legacy records -> :class:`~offramp.model.Entity`.

Names: the primary name, then alt.csv's aliases (``aka``/``fka``/``nka`` as OFAC types
them), then the aliases written in Remarks, which OFAC reserves for *weak* aliases
(:data:`NameKind.WEAK`, see :mod:`.remarks`). Vessel columns become FollowTheMoney
properties; the Title column is the person's ``position`` ("Member of the State Duma").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path

from offramp.model import Address, Entity, Link, Name, NameKind, Schema, SourceFormatError
from offramp.sources.ofac_legacy.reader import OfacRecord
from offramp.sources.ofac_legacy.remarks import ParsedRemarks, country_value, parse_remarks
from offramp.sources.ofac_target_types import TARGET_TYPES

DETAILS_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={}"

_TYPES: dict[str | None, Schema] = {
    "individual": Schema.PERSON,
    "vessel": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
    None: Schema.LEGAL_ENTITY,  # "-0-": OFAC's entities are companies and organisations alike
}
_ALT_KINDS: dict[str, NameKind] = {"aka": NameKind.AKA, "fka": NameKind.FKA, "nka": NameKind.NKA}
# Vessel columns of the primary file -> FollowTheMoney Vessel properties.
_VESSEL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Call_Sign", "callSign"),
    ("Vess_type", "type"),
    ("Tonnage", "tonnage"),
    ("GRT", "grossRegisteredTonnage"),
    ("Vess_owner", "ownerOperator"),
)


def split_programs(text: str | None) -> tuple[str, ...]:
    """``"SDNTK] [FTO"`` (or ``"[SDNTK] [FTO]"``) -> ``("SDNTK", "FTO")``.

    The CSV keeps the brackets of the printed list between programs but drops the outer
    ones; both spellings are read.
    """
    if not text:
        return ()
    parts = (p.strip().strip("[]").strip() for p in text.split("] ["))
    return tuple(dict.fromkeys(p for p in parts if p))


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _name(value: str, kind: NameKind) -> Name:
    # Nearly every OFAC name is plain ASCII with letters, i.e. Latin script; saying so
    # spares the per-character script detection (a third of the read time). Anything
    # else is left to the model's detection.
    ascii_latin = value.isascii() and any(c.isalpha() for c in value)
    return Name(value, kind, "Latn" if ascii_latin else "")


def _names(record: OfacRecord, parsed: ParsedRemarks) -> tuple[Name, ...]:
    primary = record.fields["SDN_Name"]
    assert primary is not None
    names = [_name(primary, NameKind.PRIMARY)]
    seen = {(primary, NameKind.PRIMARY)}
    for row in record.aliases:
        value = row["alt_name"]
        kind = _ALT_KINDS.get((row["alt_type"] or "").lower().replace(".", ""), NameKind.AKA)
        if value and (value, kind) not in seen:
            seen.add((value, kind))
            names.append(_name(value, kind))
    for _, value in parsed.aliases:
        if (value, NameKind.WEAK) not in seen:
            seen.add((value, NameKind.WEAK))
            names.append(_name(value, NameKind.WEAK))
    return tuple(names)


def _address(row: Mapping[str, str | None]) -> Address | None:
    street, city, country = row["Address"], row["City/State/Province/Postal Code"], row["Country"]
    if not (street or city or country):
        return None  # OFAC writes an all "-0-" row for "address unknown"
    # The middle column mixes city, region and postal code ("London EC3N 1DY"); it is
    # kept whole as the city rather than split by guesswork. ``full`` keeps the list's
    # own country wording for display.
    full = ", ".join(p for p in (street, city, country) if p)
    return Address(full=full, street=street, city=city,
                   country=country_value(country) if country else None)


def _schema(path: Path, record: OfacRecord, parsed: ParsedRemarks) -> Schema:
    sdn_type = record.fields["SDN_Type"]
    key = sdn_type.lower() if sdn_type else None
    if key not in _TYPES:
        raise SourceFormatError(str(path), f"line {record.line}",
                                f"unknown SDN_Type {sdn_type!r} for entry {record.ent_num}")
    schema = _TYPES[key]
    if schema is Schema.LEGAL_ENTITY and parsed.target_type:
        schema = TARGET_TYPES.get(parsed.target_type.lower(), schema)
    return schema


def _properties(record: OfacRecord, parsed: ParsedRemarks) -> dict[str, tuple[str, ...]]:
    props: dict[str, list[str]] = {}
    for column, key in _VESSEL_COLUMNS:
        value = record.fields[column]
        if value:
            props.setdefault(key, []).append(value)
    flag = record.fields["Vess_flag"]
    if flag and flag.lower() != "none identified":
        props.setdefault("flag", []).append(country_value(flag))
    title = record.fields["Title"]
    if title:
        props.setdefault("position", []).append(title)
    for key, values in parsed.properties.items():
        props.setdefault(key, []).extend(values)
    if parsed.provisions:
        props.setdefault("provisions", []).extend(parsed.provisions)
    return {key: _unique(values) for key, values in props.items()}


def map_record(path: Path, record: OfacRecord, source: str,
               names_to_ids: Mapping[str, str] | None = None) -> Entity:
    """One record -> one entity.

    ``names_to_ids`` maps primary names that occur once in the publication to their
    ent_num, so a "Linked To:" naming another entry of the same list gets its id.
    """
    parsed = parse_remarks(record.remarks)
    programs = split_programs(record.fields["Program"])
    addresses = [a for a in (_address(row) for row in record.addresses) if a is not None]
    lookup = names_to_ids or {}
    links = tuple(
        Link(relation="linked_to", target_name=name,
             target_id=lookup.get(name) or lookup.get(name + "."))
        for name in _unique(parsed.links)
    )
    return Entity(
        id=record.ent_num,
        schema=_schema(path, record, parsed),
        names=_names(record, parsed),
        source=source,
        countries=_unique([*(a.country for a in addresses if a.country), *parsed.countries]),
        nationalities=_unique(parsed.nationalities),
        citizenships=_unique(parsed.citizenships),
        birth_dates=tuple(dict.fromkeys(parsed.birth_dates)),
        birth_places=_unique(parsed.birth_places),
        gender=parsed.gender,
        identifiers=tuple(dict.fromkeys(parsed.identifiers)),
        addresses=tuple(dict.fromkeys(addresses)),
        programs=programs,
        source_list=cons_list(programs) if source == "ofac-cons" else "SDN",
        listed_on=parsed.listed_on,
        remarks="; ".join(parsed.leftover) or None,
        links=links,
        source_url=DETAILS_URL.format(record.ent_num),
        properties=_properties(record, parsed),
        record=record.to_record(),
    )


@cache
def _cons_lists() -> dict[str, str]:
    text = resources.files("offramp.sources.ofac_legacy").joinpath(
        "data/cons_lists.csv").read_text("utf-8")
    return {row["program"]: row["list"] for row in csv.DictReader(io.StringIO(text))}


def cons_list(programs: Iterable[str]) -> str | None:
    """Which list of OFAC's consolidated (non-SDN) file an entry is on, from its programs
    (``data/cons_lists.csv``, each row citing OFAC); None when the programs do not say."""
    table = _cons_lists()
    found = {table[p] for p in programs if p in table}
    return found.pop() if len(found) == 1 else None


def unique_names(records: Iterable[OfacRecord]) -> dict[str, str]:
    """Primary names that belong to exactly one entry -> that entry's ent_num."""
    found: dict[str, str | None] = {}
    for record in records:
        name = record.fields["SDN_Name"]
        if name:
            found[name] = None if name in found else record.ent_num
    return {name: ent for name, ent in found.items() if ent is not None}
