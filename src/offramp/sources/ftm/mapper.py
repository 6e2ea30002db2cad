"""FollowTheMoney objects -> :class:`~offramp.model.Entity`, ownership edges aside.

* ``Person``, ``Organization``, ``Company``, ``LegalEntity``, ``Vessel``, ``Aircraft`` and
  ``PublicBody`` (as ``Organization``) become entities, targets or not: OpenSanctions
  files carry the companies a sanctioned party owns as non-targets, and those are exactly
  the ones the 50% rule catches. ``properties["target"]`` says which is which.
* ``Address`` entities are folded into the entities that reference them
  (``addressEntity``), ``Sanction`` entities into their ``entity`` (programs, listing
  date), ``Passport``/``Identification`` into their ``holder`` (identifiers).
* ``Ownership`` edges go to ``ParsedList.extras["ownership"]`` as
  :class:`~offramp.sources.ftm.ownership.Ownership`; other schemata (``Family``,
  ``Directorship``, ...) are counted in a warning and skipped.
* ``record`` is the published object without ``last_seen``: OpenSanctions bumps it on
  every crawl, and keeping it would make every entry look changed in every release (the
  content hash covers the record) and void the decisions pinned to it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

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
from offramp.model import identifiers as idt
from offramp.normalize.countries import to_iso2
from offramp.sources.ftm.ownership import Ownership
from offramp.sources.ftm.reader import FtmRecord

ENTITY_SCHEMATA: dict[str, Schema] = {
    "Person": Schema.PERSON,
    "Organization": Schema.ORGANIZATION,
    "Company": Schema.COMPANY,
    "LegalEntity": Schema.LEGAL_ENTITY,
    "Vessel": Schema.VESSEL,
    "Aircraft": Schema.AIRCRAFT,
    "PublicBody": Schema.ORGANIZATION,
}

# FtM property -> offramp identifier type. ``idNumber`` is decided per schema below.
_ID_PROPS: dict[str, str] = {
    "passportNumber": idt.PASSPORT,
    "taxNumber": idt.TAX_ID,
    "vatCode": idt.TAX_ID,
    "innCode": idt.TAX_ID,  # Russia's taxpayer number (INN)
    "registrationNumber": idt.REGISTRATION,
    "ogrnCode": idt.REGISTRATION,  # Russia's state registration number (OGRN)
    "okpoCode": idt.REGISTRATION,
    "leiCode": idt.LEI,
    "dunsCode": idt.DUNS,
    "swiftBic": idt.SWIFT_BIC,
    "isin": idt.ISIN,
    "isinCode": idt.ISIN,
    "imoNumber": idt.IMO,
    "mmsi": idt.MMSI,
    "serialNumber": idt.AIRCRAFT_SERIAL,
    "email": idt.EMAIL,
    "website": idt.WEBSITE,
    "phone": idt.PHONE,
    # No offramp type: the property name is the type (model.Identifier's rule).
    "uniqueEntityId": "uniqueEntityId",  # US SAM Unique Entity ID
    "permId": "permId",  # Refinitiv PermID
}

_NAME_PROPS: tuple[tuple[str, NameKind], ...] = (
    ("name", NameKind.AKA),
    ("alias", NameKind.AKA),
    ("previousName", NameKind.FKA),
    ("weakAlias", NameKind.WEAK),
    ("abbreviation", NameKind.WEAK),  # "CST", "HSRI": too short to alert on alone
)

# Properties read into fields of their own (everything else goes to ``properties``).
_CONSUMED: frozenset[str] = frozenset({
    *_ID_PROPS, "idNumber", *(p for p, _ in _NAME_PROPS), "birthDate", "birthPlace",
    "nationality", "citizenship", "country", "jurisdiction", "gender", "address",
    "addressEntity", "program", "programId", "notes", "sourceUrl", "listingDate",
    "createdAt",
})


def _dates(texts: Iterable[str]) -> list[DateValue]:
    out: list[DateValue] = []
    for text in texts:
        try:
            value = DateValue(PartialDate.parse(text.strip()[:10]))
        except ValueError:
            continue
        if value not in out:
            out.append(value)
    return out


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        value = value.strip()
        if value and value not in out:
            out.append(value)
    return tuple(out)


def _country(text: str) -> str:
    return to_iso2(text) or text


def _percent(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return float(text.strip().rstrip("%").replace(",", "."))
    except ValueError:
        return None


class FtmMapper:
    """Maps one file's objects (all in memory: references can point forward)."""

    def __init__(self, records: Sequence[FtmRecord], source: str) -> None:
        self.source = source
        self.records = records
        self.warnings: list[str] = []
        self._missing_addresses = 0
        # Objects are referenced by their id or by one of their ``referents`` (the ids
        # of the source records OpenSanctions merged into them).
        self._by_id: dict[str, FtmRecord] = {}
        for record in records:
            self._by_id[record.id] = record
        for record in records:
            for ref in record.data.get("referents") or []:
                if isinstance(ref, str):
                    self._by_id.setdefault(ref, record)
        self._sanctions: dict[str, list[FtmRecord]] = {}
        self._documents: dict[str, list[FtmRecord]] = {}
        for record in records:
            if record.schema == "Sanction":
                for ref in record.values("entity"):
                    self._attach(self._sanctions, ref, record)
            elif record.schema in ("Passport", "Identification"):
                for ref in record.values("holder"):
                    self._attach(self._documents, ref, record)

    def _attach(self, table: dict[str, list[FtmRecord]], ref: str, record: FtmRecord) -> None:
        target = self._by_id.get(ref)
        if target is None:
            self.warnings.append(f"{record.where}: {record.schema} {record.id} refers to "
                                 f"{ref}, which is not in the file")
            return
        table.setdefault(target.id, []).append(record)

    def _caption(self, ref: str) -> str | None:
        record = self._by_id.get(ref)
        if record is None:
            return None
        caption = record.data.get("caption")
        if isinstance(caption, str) and caption:
            return caption
        names = record.values("name")
        return names[0] if names else None

    def map(self) -> tuple[list[Entity], list[Ownership]]:
        """All entities and ownership edges, in file order; skipped schemata warned."""
        entities: list[Entity] = []
        edges: list[Ownership] = []
        skipped: Counter[str] = Counter()
        used = {"Address", "Sanction", "Passport", "Identification"}
        for record in self.records:
            if record.schema in ENTITY_SCHEMATA:
                entities.append(self._entity(record))
            elif record.schema == "Ownership":
                edges.extend(self._ownership(record))
            elif record.schema not in used:
                skipped[record.schema] += 1
        if self._missing_addresses:
            # Usual in excerpts: the entity's own ``address`` texts still give the address.
            self.warnings.append(f"{self._missing_addresses} addressEntity reference(s) "
                                 "point to Address objects not in the file")
        if skipped:
            listed = ", ".join(f"{n} {schema}" for schema, n in sorted(skipped.items()))
            self.warnings.append(f"skipped objects of schemata not read as list entries: "
                                 f"{listed}")
        return entities, edges

    def _ownership(self, record: FtmRecord) -> list[Ownership]:
        edges: list[Ownership] = []
        percentage_text = record.first("percentage")
        for owner in record.values("owner"):
            for asset in record.values("asset"):
                owner_id = self._by_id[owner].id if owner in self._by_id else owner
                asset_id = self._by_id[asset].id if asset in self._by_id else asset
                edges.append(Ownership(
                    id=record.id,
                    owner_id=owner_id,
                    asset_id=asset_id,
                    owner_name=self._caption(owner),
                    asset_name=self._caption(asset),
                    percentage=_percent(percentage_text),
                    percentage_text=percentage_text,
                    shares_count=record.first("sharesCount"),
                    role=record.first("role"),
                    start_date=record.first("startDate"),
                    end_date=record.first("endDate"),
                    source_url=record.first("sourceUrl"),
                    datasets=tuple(record.data.get("datasets") or ()),
                ))
        if not edges:
            self.warnings.append(f"{record.where}: Ownership {record.id} lacks owner or asset")
        return edges

    def _names(self, record: FtmRecord) -> list[Name]:
        caption = record.data.get("caption")
        all_names = record.values("name")
        primary = caption if isinstance(caption, str) and caption.strip() else None
        if primary is None and all_names:
            primary = all_names[0]
        if primary is None and record.schema == "Person":
            parts = [(record.values(p) or [""])[0] for p in
                     ("firstName", "middleName", "fatherName", "lastName")]
            primary = " ".join(p for p in parts if p) or None
        if primary is None:
            return []
        names = [Name(primary.strip(), NameKind.PRIMARY)]
        seen = {primary.strip()}
        for prop, kind in _NAME_PROPS:
            for value in record.values(prop):
                value = value.strip()
                if value and value not in seen:
                    seen.add(value)
                    names.append(Name(value, kind))
        return names

    def _addresses(self, record: FtmRecord) -> list[Address]:
        out: list[Address] = []
        seen: set[str] = set()

        def add(address: Address) -> None:
            key = address.text().casefold()
            if key and key not in seen:
                seen.add(key)
                out.append(address)

        for ref in record.values("addressEntity"):
            target = self._by_id.get(ref)
            if target is None or target.schema != "Address":
                self._missing_addresses += 1
                continue
            first = {p: target.first(p) for p in
                     ("full", "street", "city", "postalCode", "region", "country")}
            add(Address(full=first["full"], street=first["street"], city=first["city"],
                        postal_code=first["postalCode"], region=first["region"],
                        country=_country(first["country"]) if first["country"] else None))
        for text in record.values("address"):
            if text.strip():
                add(Address(full=text.strip()))
        return out

    def _entity(self, record: FtmRecord) -> Entity:
        schema = ENTITY_SCHEMATA[record.schema]
        names = self._names(record)
        if not names:
            raise SourceFormatError("", record.where, f"{record.schema} {record.id} has no name")
        identifiers: list[Identifier] = []
        seen_ids: set[tuple[str, str]] = set()

        def add_id(id_type: str, value: str, label: str, country: str | None = None) -> None:
            value = value.strip()
            if value and (id_type, value) not in seen_ids:
                seen_ids.add((id_type, value))
                identifiers.append(Identifier(id_type, value, country, label))

        for prop, id_type in _ID_PROPS.items():
            for value in record.values(prop):
                add_id(id_type, value, prop)
        # FtM's generic "ID number": a national ID for people; for others it is unknown
        # what kind of number it is, so the property name stays the type.
        id_number_type = idt.NATIONAL_ID if schema is Schema.PERSON else "idNumber"
        for value in record.values("idNumber"):
            add_id(id_number_type, value, "idNumber")
        for document in self._documents.get(record.id, []):
            for value in document.values("number") + document.values("passportNumber"):
                country = document.first("country")
                add_id(idt.PASSPORT if document.schema == "Passport" else idt.NATIONAL_ID,
                       value, document.schema, _country(country) if country else None)

        sanctions = self._sanctions.get(record.id, [])
        programs = _unique(record.values("programId") or record.values("program"))
        for sanction in sanctions:
            programs = _unique([*programs, *(sanction.values("programId")
                                             or sanction.values("program"))])
        listed = sorted(_dates(record.values("listingDate")), key=lambda d: d.start)
        if not listed:
            listed = sorted(_dates(v for s in sanctions for v in
                                        s.values("listingDate") + s.values("startDate")),
                            key=lambda d: d.start)
        if not listed:
            listed = sorted(_dates(record.values("createdAt")), key=lambda d: d.start)

        properties: dict[str, tuple[str, ...]] = {}
        for prop, values in record.data["properties"].items():
            if prop in _CONSUMED or not values:
                continue
            if all(v in self._by_id for v in values):
                continue  # references to other objects (nested exports' reverse props)
            properties[prop] = _unique(values)
        datasets = record.data.get("datasets")
        if isinstance(datasets, list) and datasets:
            properties["datasets"] = _unique(str(d) for d in datasets)
        if isinstance(record.data.get("target"), bool):
            properties["target"] = ("true" if record.data["target"] else "false",)
        authorities = _unique(v for s in sanctions for v in s.values("authority"))
        if authorities:
            properties["sanctionAuthority"] = authorities

        raw = {k: v for k, v in record.data.items() if k != "last_seen"}
        if sanctions:
            # Which Sanction objects the programs and listing date came from, for audit.
            raw["_sanctions"] = [{k: v for k, v in s.data.items() if k != "last_seen"}
                                 for s in sanctions]
        source_urls = record.values("sourceUrl")
        notes = [n.strip() for n in record.values("notes") if n.strip()]
        return Entity(
            id=record.id,
            schema=schema,
            names=tuple(names),
            source=self.source,
            countries=_unique(_country(c) for c in
                              record.values("country") + record.values("jurisdiction")),
            nationalities=_unique(_country(c) for c in record.values("nationality")),
            citizenships=_unique(_country(c) for c in record.values("citizenship")),
            birth_dates=tuple(_dates(record.values("birthDate"))),
            birth_places=_unique(record.values("birthPlace")),
            gender=record.first("gender"),
            identifiers=tuple(identifiers),
            addresses=tuple(self._addresses(record)),
            programs=programs,
            listed_on=listed[0] if listed else None,
            remarks="\n".join(notes) or None,
            source_url=source_urls[0] if source_urls else None,
            properties=properties,
            record=raw,
        )
