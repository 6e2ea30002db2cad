"""The CSL ``ids`` cell: identifiers mixed with sanction notes.

The CSV packs each entry as comma-separated parts, entries separated by ``;``. The order of
the parts changed with the 2023 API: the old file writes ``[country, ]number, type``
("US, 80-0890696, Tax ID No."), the current one ``type, number[, country]`` ("Passport,
836238033, KP"). OFAC also puts notes that are not identifiers in the same cell ("Secondary
sanctions risk:, North Korea Sanctions Regulations, ...", "Gender, Male", "Former Vessel
Flag"); those become properties, not identifiers a matcher would compare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from offramp.model import identifiers as idt

# The list's labels (normalised by _key) -> offramp identifier types.
_TYPES: dict[str, str] = {
    "passport": idt.PASSPORT,
    "passport no": idt.PASSPORT,
    "diplomatic passport": idt.PASSPORT,
    "national id no": idt.NATIONAL_ID,
    "national id": idt.NATIONAL_ID,
    "identification number": idt.NATIONAL_ID,
    "personal id card": idt.NATIONAL_ID,
    "tax id no": idt.TAX_ID,
    "tax id": idt.TAX_ID,
    "v a t number": idt.TAX_ID,
    "vat number": idt.TAX_ID,
    "nit": idt.TAX_ID,  # Colombia's Numero de Identificacion Tributaria
    "ruc": idt.TAX_ID,  # Panama's Registro Unico de Contribuyentes
    "rfc": idt.TAX_ID,  # Mexico's Registro Federal de Contribuyentes
    "unified social credit code uscc": idt.USCC,
    "isin": idt.ISIN,
    "vessel registration identification": idt.IMO,
    "mmsi": idt.MMSI,
    "swift bic": idt.SWIFT_BIC,
    "registration id": idt.REGISTRATION,
    "registration number": idt.REGISTRATION,
    "business registration number": idt.REGISTRATION,
    "public registration number": idt.REGISTRATION,
    "commercial registry number": idt.REGISTRATION,
    "company number": idt.REGISTRATION,
    "government gazette number": idt.REGISTRATION,
    "matricula mercantil no": idt.REGISTRATION,
    "trade license no": idt.REGISTRATION,
    "cedula no": idt.CEDULA,
    "ssn": idt.SSN,
    "driver s license no": idt.DRIVING_LICENCE,
    "legal entity number": idt.LEI,
    "d u n s number": idt.DUNS,
    "website": idt.WEBSITE,
    "email address": idt.EMAIL,
    "phone number": idt.PHONE,
    "aircraft manufacturer s serial number msn": idt.AIRCRAFT_SERIAL,
    "aircraft tail number": idt.AIRCRAFT_TAIL,
}

# Labels of notes that share the cell but identify nothing.
_NOTES: frozenset[str] = frozenset({
    "additional sanctions information",
    "secondary sanctions risk",
    "executive order 13662 directive determination",
    "executive order 13846 information",
    "transactions prohibited for persons owned or controlled by u s financial institutions",
    "gender",
    "former vessel flag",
    "other vessel flag",
    "vessel flag",
    "vessel type",
    "other vessel type",
    "vessel year of build",
    "vessel call sign",
    "target type",
    "organization established date",
    "organization type",
    "aircraft construction number also called l n or y h",
    "aircraft model",
    "aircraft operator",
    "aircraft manufacture date",
})

_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def _key(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", label.lower()).strip()


@dataclass(frozen=True, slots=True)
class IdEntry:
    """One entry of the ``ids`` cell, in the list's wording."""

    label: str
    value: str
    country: str | None = None

    @property
    def id_type(self) -> str | None:
        """offramp's identifier type, or None when the entry is a note, not an identifier."""
        key = _key(self.label)
        if key in _TYPES:
            return _TYPES[key]
        if key.startswith("digital currency address"):
            return idt.CRYPTO_WALLET
        if is_note_label(self.label):
            return None
        # Unrecognised: the list's own label is the type (see model.Identifier), so it only
        # ever meets identifiers labelled the same way.
        return self.label.strip() or idt.OTHER


def is_note_label(label: str) -> bool:
    """True for OFAC's notes ("Secondary sanctions risk:", "Gender"), not identifiers."""
    stripped = label.strip()
    return _key(stripped) in _NOTES or stripped.endswith((":", "-"))


def _is_label(part: str) -> bool:
    key = _key(part)
    return key in _TYPES or key in _NOTES or key.startswith("digital currency address") or (
        part.strip().endswith((":", "-")))


def parse_ids_cell(cell: str, *, type_first: bool) -> list[IdEntry]:
    """Split an ``ids`` cell into entries.

    ``type_first`` is the file's default order (True for the current header with ``_id``);
    an entry whose first or last part is a known label decides for itself, since a label is
    never a number.
    """
    entries: list[IdEntry] = []
    for raw in cell.split(";"):
        parts = [p.strip() for p in raw.split(",")]
        parts = [p for p in parts if p]
        if not parts:
            continue
        if len(parts) == 1:
            entries.append(IdEntry(label="", value=parts[0]))
            continue
        first_is_label, last_is_label = _is_label(parts[0]), _is_label(parts[-1])
        # A label is never a number, so an entry with a known label at one end decides
        # its own order; otherwise the file's order applies.
        label_first = first_is_label if first_is_label != last_is_label else type_first
        if label_first:
            label, rest = parts[0], parts[1:]
            country = None
            if len(rest) >= 2 and _COUNTRY_CODE.match(rest[-1]):
                country, rest = rest[-1], rest[:-1]
        else:
            label, rest = parts[-1], parts[:-1]
            country = None
            if len(rest) >= 2 and _COUNTRY_CODE.match(rest[0]):
                country, rest = rest[0], rest[1:]
        entries.append(IdEntry(label=label, value=", ".join(rest), country=country))
    return entries
