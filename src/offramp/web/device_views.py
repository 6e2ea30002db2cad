"""Stored device assessments read back for the API and the pages: summaries, pages of
devices, and the CSV download.

Shared by :mod:`offramp.web.api_devices` (JSON) and :mod:`offramp.web.ui_devices` (HTML), so
both show the same counts. Counts by site and vendor come from the stored device rows
(:meth:`~offramp.store.devices.DeviceStore.exposure`), with the restricted ones among them.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from offramp.devices.inventory import ROW_COLUMNS, flat_row
from offramp.screening.exports import open_writer
from offramp.store import ListStore
from offramp.store.devices import NO_SITE, Assessment, DeviceStore, Exposure
from offramp.web.uploads import UploadError

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
EXPORT_CHUNK = 5000


@dataclass(frozen=True, slots=True)
class DeviceFilter:
    """Which devices of an assessment to show: a site (or :data:`NO_SITE`), a vendor family,
    restricted only or not; None means any."""

    site: str | None = None
    vendor: str | None = None
    restricted: bool | None = None

    def query(self) -> dict[str, str]:
        """As URL parameters (only those set)."""
        out: dict[str, str] = {}
        if self.site is not None:
            out["site"] = self.site
        if self.vendor is not None:
            out["vendor"] = self.vendor
        if self.restricted is not None:
            out["restricted"] = "true" if self.restricted else "false"
        return out


def find_assessment(store: ListStore, assessment_id: int | None) -> Assessment:
    """The assessment asked for, or the latest; UploadError 404 when there is none."""
    devices = DeviceStore(store)
    found = devices.latest() if assessment_id is None else devices.get(assessment_id)
    if found is None:
        raise UploadError("no device assessment stored yet: import estate files first"
                          if assessment_id is None else
                          f"no device assessment {assessment_id}", 404)
    return found


def assessment_json(a: Assessment) -> dict[str, Any]:
    """One assessment without its devices: who, when, files, registry date and counts."""
    return {"assessment": a.id, "created_at": a.created_at, "created_by": a.created_by,
            "registry_date": a.registry_date,
            "files": [{"name": i.get("path"), "kind": i.get("kind"),
                       "sha256": i.get("sha256"), "observations": i.get("observations"),
                       "skipped": i.get("skipped")} for i in a.inputs],
            "devices": a.summary.get("devices"), "restricted": a.summary.get("restricted"),
            "unknown": a.summary.get("unknown")}


def site_name(site: str | None) -> str:
    """A site as summaries name it (:data:`NO_SITE` when no file placed the device)."""
    return site if site is not None else NO_SITE


def exposure_by_site(rows: list[Exposure]) -> dict[str, list[Exposure]]:
    """Exposure rows grouped by site name, in the store's order."""
    out: dict[str, list[Exposure]] = {}
    for row in rows:
        out.setdefault(site_name(row.site), []).append(row)
    return out


def summary_json(store: ListStore, a: Assessment) -> dict[str, Any]:
    """Counts by site and vendor (with restricted counts), by vendor, and the totals."""
    rows = DeviceStore(store).exposure(a.id)
    by_vendor: dict[str, dict[str, int]] = {}
    for row in rows:
        counts = by_vendor.setdefault(row.vendor, {"devices": 0, "restricted": 0})
        counts["devices"] += row.devices
        counts["restricted"] += row.restricted
    return {
        **assessment_json(a),
        "by_site": {site: {"devices": sum(r.devices for r in found),
                           "restricted": sum(r.restricted for r in found),
                           "vendors": {r.vendor: {"devices": r.devices,
                                                  "restricted": r.restricted}
                                       for r in found}}
                    for site, found in exposure_by_site(rows).items()},
        "by_vendor": dict(sorted(by_vendor.items(), key=lambda kv: -kv[1]["devices"])),
        "restricted_vendors": sorted(v for v, c in by_vendor.items() if c["restricted"]),
    }


def device_page(store: ListStore, a: Assessment, where: DeviceFilter, page: int,
                page_size: int = PAGE_SIZE) -> tuple[int, list[dict[str, Any]]]:
    """The total passing ``where`` and page ``page`` (from 1) of the device records."""
    devices = DeviceStore(store)
    total = devices.count_devices(a.id, site=where.site, vendor=where.vendor,
                                  restricted=where.restricted)
    rows = devices.device_page(a.id, site=where.site, vendor=where.vendor,
                               restricted=where.restricted, limit=page_size,
                               offset=(page - 1) * page_size)
    return total, rows


def export_csv(store: ListStore, a: Assessment, where: DeviceFilter) -> Path:
    """The devices passing ``where`` written to a CSV in a new temporary folder (formula
    injection neutralised by the writer); the caller removes ``path.parent`` once sent."""
    folder = Path(tempfile.mkdtemp(prefix="offramp-devices-"))
    path = folder / f"devices-{a.id}.csv"
    try:
        with open_writer(path, ROW_COLUMNS, format="csv",
                         numeric={"confidence": "float"}) as writer:
            number = 1
            while True:
                _total, rows = device_page(store, a, where, number, EXPORT_CHUNK)
                if not rows:
                    break
                writer.write_many(flat_row(r) for r in rows)
                number += 1
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return path
