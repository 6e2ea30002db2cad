"""OFAC advanced XML (``sdn_advanced.xml``, ``cons_advanced.xml``) -> party records.

The format is heavily normalised: names, features and documents point at numeric ids in
``ReferenceValueSets``, addresses live in ``Locations``, identity documents in
``IDRegDocuments``, and programs and listing dates in ``SanctionsEntries`` *after* the
parties. The file is streamed once (the SDN file is over 100 MB): the lookup tables,
locations and documents come first and are kept; each ``DistinctParty`` is turned into a
plain, JSON-ready dict with every id resolved to its text as soon as it is complete; the
sanctions entries and relationships that follow are then joined onto those dicts.

Matching is on local names only: the namespace changed between years
(``http://www.un.org/sanctions/1.0`` in 2020, the Sanctions List Service's
``.../exports/ADVANCED_XML`` later).
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from offramp.model import SourceFormatError
from offramp.sources import xmlsafe

ROOT = "Sanctions"
_RECORDS = frozenset({
    "DateOfIssue", "ReferenceValueSets", "Location", "IDRegDocument", "DistinctParty",
    "ProfileRelationship", "SanctionsEntry",
})

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class RefValue:
    """One row of a ``ReferenceValueSets`` table: its text and its attributes."""

    text: str | None
    attrib: dict[str, str]


@dataclass(slots=True)
class AdvancedPublication:
    """Everything read from one advanced XML file, ids resolved.

    ``parties`` are in file order; each carries its ``documents``, ``sanctions_entries`` and
    outgoing ``relationships`` (with the other party's FixedRef).
    """

    date_of_issue: date | None
    parties: list[Record]
    lists: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Reader:
    """State of one pass over one file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.date_of_issue: date | None = None
        self.refs: dict[str, dict[str, RefValue]] = {}
        self.locations: dict[str, Record] = {}
        self.documents: dict[str, list[Record]] = defaultdict(list)  # by IdentityID
        self.parties: list[Record] = []
        self.by_profile: dict[str, Record] = {}
        self.identity_owner: dict[str, str] = {}  # IdentityID -> ProfileID
        self.relationships: list[Record] = []
        self.entries: list[tuple[str, Record]] = []  # (ProfileID, entry)
        self.counts: dict[str, int] = defaultdict(int)
        self.warnings: list[str] = []

    # -- helpers ---------------------------------------------------------------------------

    def fail(self, elem: Element, problem: str) -> SourceFormatError:
        name = xmlsafe.local(elem.tag)
        return SourceFormatError(str(self.path), f"element <{name}> #{self.counts[name]}",
                                 problem)

    def attr(self, elem: Element, name: str) -> str:
        value = elem.get(name)
        if not value:
            raise self.fail(elem, f"missing attribute {name}")
        return value

    def ref(self, table: str, ident: str | None, elem: Element) -> str | None:
        """Text of row ``ident`` in lookup table ``table`` (None when ``ident`` is None)."""
        if ident is None:
            return None
        row = self.refs.get(table, {}).get(ident)
        if row is None:
            raise self.fail(elem, f"{table} id {ident} is not in ReferenceValueSets")
        return row.text

    def country(self, ident: str | None, elem: Element) -> Record | None:
        """``{"name", "iso2"}`` for a CountryID (ISO2 from the table, None when absent)."""
        if ident is None:
            return None
        row = self.refs.get("Country", {}).get(ident)
        if row is None:
            raise self.fail(elem, f"Country id {ident} is not in ReferenceValueSets")
        return {"name": row.text, "iso2": row.attrib.get("ISO2")}

    # -- top-level elements ----------------------------------------------------------------

    def handle(self, elem: Element) -> None:
        name = xmlsafe.local(elem.tag)
        self.counts[name] += 1
        if name == "DistinctParty":
            self.party(elem)
        elif name == "Location":
            self.location(elem)
        elif name == "IDRegDocument":
            self.document(elem)
        elif name == "SanctionsEntry":
            self.entry(elem)
        elif name == "ProfileRelationship":
            self.relationship(elem)
        elif name == "ReferenceValueSets":
            self.reference_sets(elem)
        elif name == "DateOfIssue":
            text = ymd(elem)
            try:
                self.date_of_issue = date.fromisoformat(text) if text else None
            except ValueError as exc:
                raise self.fail(elem, f"bad date {text!r}") from exc

    def reference_sets(self, elem: Element) -> None:
        # Each table is <XxxValues><Xxx ID="..">text</Xxx>...</XxxValues>.
        for table in elem:
            for row in table:
                ident = row.get("ID")
                if ident is None:
                    continue
                self.refs.setdefault(xmlsafe.local(row.tag), {})[ident] = RefValue(
                    xmlsafe.text(row), dict(row.attrib))

    def location(self, elem: Element) -> None:
        ident = self.attr(elem, "ID")
        parts: dict[str, str] = {}
        for part in xmlsafe.children(elem, "LocationPart"):
            kind = self.ref("LocPartType", part.get("LocPartTypeID"), elem) or "Unknown"
            values = xmlsafe.children(part, "LocationPartValue")
            # Several values are translations/variants; the one marked Primary is the main.
            values.sort(key=lambda v: v.get("Primary") != "true")
            for value in values:
                text = xmlsafe.text(value, "Value")
                if text:
                    parts[kind] = text
                    break
        country_elem = xmlsafe.child(elem, "LocationCountry")
        country = self.country(country_elem.get("CountryID") if country_elem is not None
                               else None, elem)
        if country is None:
            # Some locations carry only an area code (a country code or "undetermined").
            area = xmlsafe.child(elem, "LocationAreaCode")
            if area is not None and area.get("AreaCodeID"):
                row = self.refs.get("AreaCode", {}).get(area.get("AreaCodeID", ""))
                if row is not None and row.text:
                    country = {"name": row.attrib.get("Description"), "iso2": row.text}
        self.locations[ident] = {"id": ident, "parts": parts, "country": country}

    def document(self, elem: Element) -> None:
        identity = self.attr(elem, "IdentityID")
        issued_in = elem.get("IssuedIn-LocationID")
        doc: Record = {
            "id": self.attr(elem, "ID"),
            "type": self.ref("IDRegDocType", elem.get("IDRegDocTypeID"), elem),
            "number": xmlsafe.text(elem, "IDRegistrationNo"),
            "issued_by": self.country(elem.get("IssuedBy-CountryID"), elem),
            "issued_in": self.locations.get(issued_in) if issued_in else None,
            "issuing_authority": xmlsafe.text(elem, "IssuingAuthority"),
            "validity": self.ref("Validity", elem.get("ValidityID"), elem),
            "comment": xmlsafe.text(elem, "Comment"),
            "dates": [
                {"type": self.ref("IDRegDocDateType", d.get("IDRegDocDateTypeID"), elem),
                 "period": date_period(xmlsafe.child(d, "DatePeriod"))}
                for d in xmlsafe.children(elem, "DocumentDate")
            ],
        }
        self.documents[identity].append(doc)

    def party(self, elem: Element) -> None:
        fixed_ref = self.attr(elem, "FixedRef")
        profile = xmlsafe.child(elem, "Profile")
        if profile is None:
            raise self.fail(elem, f"party {fixed_ref} has no <Profile>")
        profile_id = self.attr(profile, "ID")
        sub_type_id = profile.get("PartySubTypeID")
        sub_type = self.refs.get("PartySubType", {}).get(sub_type_id or "")
        if sub_type is None:
            raise self.fail(elem, f"party {fixed_ref}: PartySubType id {sub_type_id} unknown")
        party_type = self.ref("PartyType", sub_type.attrib.get("PartyTypeID"), elem)
        names: list[Record] = []
        for identity in xmlsafe.children(profile, "Identity"):
            self.identity_owner[self.attr(identity, "ID")] = profile_id
            names.extend(self.identity_names(identity, elem))
        features = [f for feature in xmlsafe.children(profile, "Feature")
                    for f in self.feature(feature, elem)]
        record: Record = {
            "fixed_ref": fixed_ref,
            "profile_id": profile_id,
            "party_type": party_type,
            "party_sub_type": sub_type.text,
            "comment": xmlsafe.text(elem, "Comment") or xmlsafe.text(profile, "Comment"),
            "names": names,
            "features": features,
            "documents": [],
            "sanctions_entries": [],
            "relationships": [],
        }
        self.parties.append(record)
        self.by_profile[profile_id] = record

    def identity_names(self, identity: Element, party: Element) -> list[Record]:
        groups: dict[str, str | None] = {}
        for group in identity.iter():
            if xmlsafe.local(group.tag) == "NamePartGroup" and group.get("ID"):
                groups[group.get("ID", "")] = self.ref(
                    "NamePartType", group.get("NamePartTypeID"), party)
        names: list[Record] = []
        for alias in xmlsafe.children(identity, "Alias"):
            alias_type = self.ref("AliasType", alias.get("AliasTypeID"), party)
            for documented in xmlsafe.children(alias, "DocumentedName"):
                parts: list[Record] = []
                script: str | None = None
                for part in xmlsafe.children(documented, "DocumentedNamePart"):
                    value_elem = xmlsafe.child(part, "NamePartValue")
                    if value_elem is None:
                        continue
                    value = xmlsafe.text(value_elem)
                    if not value:
                        continue
                    script = script or self.ref("Script", value_elem.get("ScriptID"), party)
                    parts.append({"type": groups.get(value_elem.get("NamePartGroupID", "")),
                                  "value": value})
                if not parts:
                    continue
                names.append({
                    "alias_type": alias_type,
                    "primary": alias.get("Primary") == "true",
                    "low_quality": alias.get("LowQuality") == "true",
                    "status": self.ref("DocNameStatus", documented.get("DocNameStatusID"),
                                       party),
                    "script": script,
                    "parts": parts,
                    "false_identity": identity.get("False") == "true",
                })
        return names

    def feature(self, feature: Element, party: Element) -> list[Record]:
        kind = self.ref("FeatureType", feature.get("FeatureTypeID"), party)
        found: list[Record] = []
        for version in xmlsafe.children(feature, "FeatureVersion"):
            detail = xmlsafe.child(version, "VersionDetail")
            location = xmlsafe.child(version, "VersionLocation")
            location_id = location.get("LocationID") if location is not None else None
            if location_id and location_id not in self.locations:
                raise self.fail(party, f"Location id {location_id} is not in <Locations>")
            found.append({
                "type": kind,
                "reliability": self.ref("Reliability", version.get("ReliabilityID"), party),
                "date": date_period(xmlsafe.child(version, "DatePeriod")),
                "text": xmlsafe.text(detail),
                "detail": self.ref("DetailReference", detail.get("DetailReferenceID"), party)
                if detail is not None else None,
                "location": self.locations[location_id] if location_id else None,
                "comment": xmlsafe.text(version, "Comment"),
            })
        return found

    def relationship(self, elem: Element) -> None:
        self.relationships.append({
            "id": elem.get("ID"),
            "type": self.ref("RelationType", elem.get("RelationTypeID"), elem),
            "from_profile": self.attr(elem, "From-ProfileID"),
            "to_profile": self.attr(elem, "To-ProfileID"),
            "former": elem.get("Former") == "true",
            "quality": self.ref("RelationQuality", elem.get("RelationQualityID"), elem),
            "comment": xmlsafe.text(elem, "Comment"),
        })

    def entry(self, elem: Element) -> None:
        events = []
        for event in xmlsafe.children(elem, "EntryEvent"):
            basis = self.refs.get("LegalBasis", {}).get(event.get("LegalBasisID", ""))
            events.append({
                "type": self.ref("EntryEventType", event.get("EntryEventTypeID"), elem),
                "date": ymd(xmlsafe.child(event, "Date")),
                "legal_basis": basis.attrib.get("LegalBasisShortRef") or basis.text
                if basis is not None else None,
                "comment": xmlsafe.text(event, "Comment"),
            })
        measures = [
            {"type": self.ref("SanctionsType", m.get("SanctionsTypeID"), elem),
             "comment": xmlsafe.text(m, "Comment")}
            for m in xmlsafe.children(elem, "SanctionsMeasure")
        ]
        self.entries.append((self.attr(elem, "ProfileID"), {
            "id": elem.get("ID"),
            "list": self.ref("List", elem.get("ListID"), elem),
            "events": events,
            "measures": measures,
        }))

    # -- joining ---------------------------------------------------------------------------

    def finish(self) -> AdvancedPublication:
        for identity, docs in self.documents.items():
            owner = self.by_profile.get(self.identity_owner.get(identity, ""))
            if owner is None:
                self.warnings.append(f"{len(docs)} identity document(s) for identity "
                                     f"{identity}, which no party has")
                continue
            owner["documents"].extend(docs)
        lists: list[str] = []
        for profile_id, entry in self.entries:
            owner = self.by_profile.get(profile_id)
            if owner is None:
                self.warnings.append(f"sanctions entry {entry['id']} for profile "
                                     f"{profile_id}, which no party has")
                continue
            owner["sanctions_entries"].append(entry)
            if entry["list"] and entry["list"] not in lists:
                lists.append(entry["list"])
        for rel in self.relationships:
            source = self.by_profile.get(rel["from_profile"])
            target = self.by_profile.get(rel["to_profile"])
            if source is None:
                self.warnings.append(f"relationship {rel['id']} from unknown profile "
                                     f"{rel['from_profile']}")
                continue
            source["relationships"].append(
                {**rel, "to": target["fixed_ref"] if target else rel["to_profile"]})
        return AdvancedPublication(self.date_of_issue, self.parties, lists, self.warnings)


def ymd(elem: Element | None) -> str | None:
    """``<Year>/<Month>/<Day>`` children as ISO text with only the parts given."""
    if elem is None:
        return None
    year = xmlsafe.text(elem, "Year")
    if not year:
        return None
    text = year.zfill(4)
    month = xmlsafe.text(elem, "Month")
    if month:
        text += "-" + month.zfill(2)
        day = xmlsafe.text(elem, "Day")
        if day:
            text += "-" + day.zfill(2)
    return text


def date_period(elem: Element | None) -> Record | None:
    """A ``DatePeriod`` as ``{"start": {"from", "to", "approximate"}, "end": {...}}``.

    OFAC writes "born 1962" as a period from 1962-01-01 to 1962-12-31; the mapper turns that
    back into a year. Empty periods (sanctions measures have them) give None.
    """
    if elem is None:
        return None
    bounds: Record = {}
    for name in ("Start", "End"):
        bound = xmlsafe.child(elem, name)
        if bound is None:
            continue
        frm = ymd(xmlsafe.child(bound, "From"))
        to = ymd(xmlsafe.child(bound, "To"))
        if frm or to:
            bounds[name.lower()] = {"from": frm or to, "to": to or frm,
                                    "approximate": bound.get("Approximate") == "true"}
    if not bounds:
        return None
    bounds.setdefault("end", bounds.get("start"))
    bounds.setdefault("start", bounds["end"])
    return bounds


_SANCTIONS_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Sanctions[\s>]")


def looks_advanced(head_bytes: bytes) -> bool:
    """True when the first bytes are an OFAC advanced XML document."""
    return bool(_SANCTIONS_ROOT.search(head_bytes)) and (
        b"DateOfIssue" in head_bytes or b"ReferenceValueSets" in head_bytes
        or b"sdn_advanced" in head_bytes)


def read_publication(path: Path) -> AdvancedPublication:
    """Read one advanced XML file completely (or raise :class:`SourceFormatError`)."""
    found = xmlsafe.local(xmlsafe.root_element(path).tag)
    if found != ROOT:
        raise SourceFormatError(str(path), "root element", f"expected <{ROOT}> (OFAC advanced "
                                f"XML), found <{found}>")
    reader = _Reader(path)
    try:
        for _root, elem in xmlsafe.iter_records(path, set(_RECORDS)):
            reader.handle(elem)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise SourceFormatError(str(path), None, f"truncated or corrupt gzip: {exc}") from exc
    except OSError as exc:
        raise SourceFormatError(str(path), None, f"cannot read: {exc}") from exc
    if reader.counts["DateOfIssue"] == 0 and not reader.parties:
        raise SourceFormatError(str(path), None, "no <DateOfIssue> and no <DistinctParty>: "
                                "not an OFAC advanced XML list")
    return reader.finish()
