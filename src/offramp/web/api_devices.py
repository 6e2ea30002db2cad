"""The JSON API for equipment exposure: import estate files as an assessment, then read its
summary by site and vendor and its devices with their evidence, paged or as a CSV file.

An import is the same assessment ``offramp devices FILE...`` stores (see
:mod:`offramp.web.device_imports`), recorded under the caller's name and in the audit log.
"""

from __future__ import annotations

import shutil
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.responses import FileResponse, Response

from offramp.store.devices import DeviceStore
from offramp.web import device_views
from offramp.web.auth import Principal, require
from offramp.web.device_imports import MAX_FILES, DeviceImport, IncomingFile
from offramp.web.device_views import DeviceFilter, find_assessment
from offramp.web.keys_store import Role
from offramp.web.state import AppState, app_state
from offramp.web.views import json_response

router = APIRouter(tags=["devices"])

_IMPORT_BODY: dict[str, Any] = {
    "requestBody": {"required": True, "content": {
        "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
            "file": {"type": "array", "items": {"type": "string", "format": "binary"},
                     "description": "estate files: asset register (CSV, XLSX), nmap XML, DHCP "
                                    "leases, ARP / neighbour or MAC address tables, saved "
                                    "discovery or device-API replies"},
            "site": {"type": "string", "description": "site of devices no file places"},
            "kind": {"type": "string", "description": "read every file as this format"}}}},
    }},
}


async def read_import_form(request: Request) -> tuple[list[IncomingFile], str | None,
                                                      str | None]:
    """The files, site and kind of an import form (multipart, fields ``file``, ``site``,
    ``kind``)."""
    form = await request.form(max_files=MAX_FILES + 1, max_fields=MAX_FILES + 10)
    files = [IncomingFile(f.filename, f.file) for f in form.getlist("file")
             if isinstance(f, UploadFile) and f.filename]
    site, kind = form.get("site"), form.get("kind")
    return (files, site.strip() or None if isinstance(site, str) else None,
            kind.strip() or None if isinstance(kind, str) else None)


def run_import(state: AppState, files: list[IncomingFile], actor: str, site: str | None,
               kind: str | None) -> DeviceImport:
    """An import on this thread's store connection (call it in a worker thread)."""
    return state.device_imports.run(state.store(), files, actor, site=site, kind=kind)


@router.post("/devices/imports", status_code=201, openapi_extra=_IMPORT_BODY)
async def import_devices(
        request: Request,
        principal: Annotated[Principal, Depends(require(Role.ANALYST))]) -> Response:
    """Identify the devices in the uploaded files and store them as one assessment."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        return json_response({"detail": "send the files as multipart/form-data, each in a "
                                        "field called 'file'"}, 415)
    files, site, kind = await read_import_form(request)
    done = await run_in_threadpool(run_import, app_state(request), files, principal.name,
                                   site, kind)
    return json_response(done.to_json(), 201)


@router.get("/devices/assessments")
def assessments(request: Request, _: Annotated[Principal, Depends(require(Role.VIEWER))],
                limit: Annotated[int, Query(ge=1, le=500)] = 50,
                offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    """Stored assessments, newest first: who, when, which files, the counts."""
    found = DeviceStore(app_state(request).store()).assessments(limit, offset)
    return json_response({"assessments": [device_views.assessment_json(a) for a in found]})


@router.get("/devices/summary")
def summary(request: Request, _: Annotated[Principal, Depends(require(Role.VIEWER))],
            assessment: int | None = None) -> Response:
    """Exposure of one assessment (the latest by default): devices and restricted devices
    by site and vendor, and the OUI registry's date."""
    store = app_state(request).store()
    return json_response(device_views.summary_json(store, find_assessment(store, assessment)))


def _filter(site: str | None, vendor: str | None, restricted: bool | None) -> DeviceFilter:
    return DeviceFilter(site or None, vendor or None, restricted)


@router.get("/devices")
def devices(request: Request, _: Annotated[Principal, Depends(require(Role.VIEWER))],
            assessment: int | None = None, site: str | None = None,
            vendor: str | None = None, restricted: bool | None = None,
            page: Annotated[int, Query(ge=1)] = 1,
            page_size: Annotated[int, Query(ge=1, le=device_views.MAX_PAGE_SIZE)] =
            device_views.PAGE_SIZE) -> Response:
    """A page of an assessment's devices (restricted first), each with its evidence and the
    instruments naming its vendor; ``site=(no site)`` for devices no file placed."""
    store = app_state(request).store()
    found = find_assessment(store, assessment)
    where = _filter(site, vendor, restricted)
    total, rows = device_views.device_page(store, found, where, page, page_size)
    return json_response({"assessment": found.id, "registry_date": found.registry_date,
                          "filter": where.query(), "total": total, "page": page,
                          "page_size": page_size, "devices": rows})


@router.get("/devices.csv")
def devices_csv(request: Request, _: Annotated[Principal, Depends(require(Role.VIEWER))],
                assessment: int | None = None, site: str | None = None,
                vendor: str | None = None, restricted: bool | None = None) -> Response:
    """An assessment's devices (filtered as ``GET /devices``) as CSV, in the columns of
    ``offramp devices --csv``, formulas neutralised."""
    store = app_state(request).store()
    found = find_assessment(store, assessment)
    path = device_views.export_csv(store, found, _filter(site, vendor, restricted))
    return FileResponse(path, media_type="text/csv; charset=utf-8", filename=path.name,
                        background=BackgroundTask(shutil.rmtree, path.parent, True))
