"""An estate's devices: read the files, merge the observations, identify each device.

The use case behind ``offramp devices FILE...`` (docs/devices.md): every input is read with
:func:`offramp.scans.read_scan` (format sniffed), observations of the same device are merged
(:func:`offramp.devices.merge.merge_observations`), and each device is identified by
:class:`offramp.fingerprint.Identifier` against the OUI registry in use (bundled, or the one
``offramp devices registry update`` fetched) with the instruments of the restricted-vendor
catalogue. Nothing is lost: every skipped record is reported with its reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from offramp.devices.merge import merge_observations
from offramp.devices.registry import load_registry
from offramp.fingerprint import Identifier, OuiRegistry
from offramp.model import Device, Identification, Instrument, Observation, SourceKind
from offramp.model.collector import collector_paused
from offramp.scans import read_scan
from offramp.scans.result import Skipped
from offramp.sources.catalogue import catalogue_file
from offramp.sources.catalogue.reader import read_catalogue

UNKNOWN = "unknown"
NO_SITE = "(no site)"


@cache
def catalogue_instruments(path: Path | None = None) -> Mapping[str, tuple[Instrument, ...]]:
    """Catalogue party id -> the instruments that name it (rows with an instrument only).

    Read from the reviewed catalogue shipped with offramp (``data/catalogue``), the same file
    the ``offramp-catalogue`` list is made from.
    """
    parsed = read_catalogue(path or catalogue_file())
    out: dict[str, list[Instrument]] = {}
    for row in parsed.rows:
        if not row.get("instrument"):
            continue  # white-label rows name no instrument: the family's rows apply
        out.setdefault(row.get("party_id"), []).append(Instrument(
            instrument=row.get("instrument"), name=row.get("instrument_name"),
            party=row.get("party"), date=row.get("date") or None, scope=row.get("scope"),
            source_url=row.get("source_url"),
            confirmed=row.get("confirmed").lower() == "yes"))
    return {party: tuple(items) for party, items in out.items()}


def make_identifier(home: Path) -> Identifier:
    """An identifier over the registry in use under ``home`` and the catalogue."""
    registry: OuiRegistry = load_registry(home)
    return Identifier(registry, catalogue_instruments())


@dataclass(frozen=True, slots=True)
class IdentifiedDevice:
    """A merged device with offramp's conclusion about it."""

    device: Device
    identification: Identification

    @property
    def vendor(self) -> str:
        """The vendor family id, or "unknown"."""
        return self.identification.vendor or UNKNOWN

    def row(self) -> dict[str, Any]:
        """One flat row for tables and result files (the keys are :data:`ROW_COLUMNS`)."""
        d, i = self.device, self.identification
        return {
            "device": d.key, "site": d.site, "vendor": self.vendor, "brand": i.brand,
            "model": i.model or d.model, "confidence": round(i.confidence, 3),
            "restricted": i.restricted, "mac": d.mac, "ip": d.ip, "hostname": d.hostname,
            "serial": d.serial, "firmware": d.firmware,
            "instruments": "; ".join(sorted({x.instrument for x in i.instruments})),
            "evidence": "; ".join(f"{e.signal}: {e.detail}" for e in i.evidence),
            "sources": "; ".join(sorted({o.ref for o in d.observations})),
            "registry_date": i.registry_date,
        }

    def to_json(self) -> dict[str, Any]:
        """Everything, JSON-ready: the row plus evidence and instruments in full."""
        i = self.identification
        return {
            **self.row(),
            "evidence": [{"signal": e.signal, "vendor": e.vendor, "weight": e.weight,
                          "detail": e.detail, "ref": e.ref} for e in i.evidence],
            "instruments": [{"instrument": x.instrument, "name": x.name, "party": x.party,
                             "date": x.date, "scope": x.scope, "source_url": x.source_url,
                             "confirmed": x.confirmed} for x in i.instruments],
            "sources": sorted({o.ref for o in self.device.observations}),
        }


# The columns of a device row (IdentifiedDevice.row, ``offramp devices --csv``, the web's
# device download), in order.
ROW_COLUMNS = ("device", "site", "vendor", "brand", "model", "confidence", "restricted", "mac",
               "ip", "hostname", "serial", "firmware", "instruments", "evidence", "sources",
               "registry_date")


def flat_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """A device's JSON record (:meth:`IdentifiedDevice.to_json`, as stored) as its flat row:
    the same values :meth:`IdentifiedDevice.row` gives."""
    out = {c: record.get(c) for c in ROW_COLUMNS}
    out["instruments"] = "; ".join(sorted({i["instrument"] for i in record["instruments"]}))
    out["evidence"] = "; ".join(f"{e['signal']}: {e['detail']}" for e in record["evidence"])
    out["sources"] = "; ".join(record["sources"])
    return out


@dataclass(frozen=True, slots=True)
class FileRead:
    """What one input file gave."""

    path: str
    kind: SourceKind
    observations: int
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True, slots=True)
class Estate:
    """The identified devices of one assessment, with the files read and the summary."""

    devices: tuple[IdentifiedDevice, ...]
    files: tuple[FileRead, ...]
    registry_date: str | None
    summary: Mapping[str, Any] = field(default_factory=dict)

    @property
    def restricted(self) -> list[IdentifiedDevice]:
        """Devices identified as made by a vendor some instrument names."""
        return [d for d in self.devices if d.identification.restricted]


def summarise(devices: Sequence[IdentifiedDevice]) -> dict[str, Any]:
    """Counts by vendor, by site and by site and vendor (``(no site)`` when unknown)."""
    # One pass over the devices (an estate may hold a million), the rest over the few distinct
    # (site, vendor, restricted) triples in order of first appearance: vendors with equal
    # counts stay in the order of the devices, as they would counting device by device.
    triples = Counter((d.device.site or NO_SITE, d.identification.vendor or UNKNOWN,
                       d.identification.restricted) for d in devices)
    by_vendor: Counter[str] = Counter()
    by_site: Counter[str] = Counter()
    by_site_vendor: dict[str, dict[str, int]] = {}
    restricted = 0
    for (site, vendor, is_restricted), count in triples.items():
        by_vendor[vendor] += count
        by_site[site] += count
        per_site = by_site_vendor.setdefault(site, {})
        per_site[vendor] = per_site.get(vendor, 0) + count
        restricted += count if is_restricted else 0
    return {
        "devices": len(devices),
        "restricted": restricted,
        "unknown": by_vendor.get(UNKNOWN, 0),
        "by_vendor": dict(by_vendor.most_common()),
        "by_site": dict(sorted(by_site.items())),
        "by_site_vendor": {s: dict(sorted(v.items())) for s, v in
                           sorted(by_site_vendor.items())},
    }


def assess_files(paths: Iterable[Path], identifier: Identifier, *,
                 kind: SourceKind | None = None, site: str | None = None,
                 mapping: Mapping[str, str] | None = None,
                 extra: Iterable[Observation] = ()) -> Estate:
    """Read ``paths`` (and ``extra`` observations, e.g. from discovery) into an estate.

    Devices are identified in one batch (:meth:`Identifier.identify_many`), and the cyclic
    garbage collector is paused throughout: the objects made here are kept and, but for a
    few, acyclic (see :mod:`offramp.model.collector`).
    """
    with collector_paused():
        observations: list[Observation] = list(extra)
        files: list[FileRead] = []
        for path in paths:
            result = read_scan(path, kind=kind, site=site, mapping=mapping)
            observations.extend(result.observations)
            files.append(FileRead(str(path), result.kind, len(result.observations),
                                  tuple(result.skipped)))
        devices = merge_observations(observations)
        identified = [IdentifiedDevice(d, i) for d, i in
                      zip(devices, identifier.identify_many(devices), strict=True)]
        _sort_for_reading(identified)
        ordered = tuple(identified)
        return Estate(ordered, tuple(files), identifier.registry.date, summarise(ordered))


def _sort_for_reading(devices: list[IdentifiedDevice]) -> None:
    """Restricted first, then identified, then unknown; within each by site and key: the
    report's reading order.

    Sorted by one string per device (site, NUL, key), then stably by the three-way rank:
    a million tuples compare several times slower. The string orders exactly as the
    (site, key) tuple does unless a site holds a NUL, which falls back to tuples.
    """
    sites = {d.device.site or "" for d in devices}
    if any("\0" in site for site in sites):
        devices.sort(key=lambda d: (d.device.site or "", d.device.key))
    else:
        devices.sort(key=lambda d: f"{d.device.site or ''}\0{d.device.key}")
    devices.sort(key=_rank)


def _rank(d: IdentifiedDevice) -> int:
    if d.identification.restricted:
        return 0
    return 2 if d.vendor == UNKNOWN else 1
