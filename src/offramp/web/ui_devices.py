"""The device exposure page: an assessment's devices by site and vendor (restricted vendors
marked), the device list with its evidence, and, for analysts, a form to import estate files.

Like every page it is rendered with autoescaping: a device whose model or host name is
``<script>alert(1)</script>`` (a scan reports what a device says about itself) shows as text.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from offramp.model import SourceKind
from offramp.store.devices import NO_SITE, DeviceStore
from offramp.web import device_views
from offramp.web.api_devices import read_import_form, run_import
from offramp.web.auth import Principal
from offramp.web.device_views import DeviceFilter, find_assessment
from offramp.web.state import app_state
from offramp.web.ui import Analyst, Viewer, page
from offramp.web.uploads import UploadError

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
RECENT = 10  # assessments offered to switch to


def _devices_page(request: Request, principal: Principal, assessment: int | None,
                  where: DeviceFilter, number: int, *, error: str | None = None,
                  code: int = 200) -> Response:
    store = app_state(request).store()
    recent = DeviceStore(store).assessments(RECENT)
    context: dict[str, object] = {"recent": recent, "kinds": [k.value for k in SourceKind],
                                  "where": where, "page": number, "page_size": PAGE_SIZE,
                                  "no_site": NO_SITE, "summary": None, "devices": [],
                                  "total": 0}
    try:
        found = find_assessment(store, assessment)
    except UploadError as exc:
        if assessment is not None:
            return page(request, "error.html", principal, 404, error=str(exc))
        return page(request, "devices.html", principal, code, error=error, **context)
    total, rows = device_views.device_page(store, found, where, number, PAGE_SIZE)
    base = {"assessment": str(found.id), **where.query()}
    context.update(
        assessment=found, summary=device_views.summary_json(store, found),
        by_site=device_views.exposure_by_site(DeviceStore(store).exposure(found.id)),
        devices=rows, total=total, csv_url="/devices.csv?" + urlencode(base),
        page_url="/ui/devices?" + urlencode(base) + "&page=")
    return page(request, "devices.html", principal, code, error=error, **context)


@router.get("/ui/devices")
def devices(request: Request, principal: Viewer, assessment: int | None = None,
            site: str | None = None, vendor: str | None = None,
            restricted: bool | None = None,
            page_number: Annotated[int, Query(alias="page", ge=1)] = 1) -> Response:
    """Exposure by site and vendor, the devices with their evidence, and the import form."""
    where = DeviceFilter(site or None, vendor or None, restricted)
    return _devices_page(request, principal, assessment, where, page_number)


@router.post("/ui/devices")
async def import_devices(request: Request, principal: Analyst) -> Response:
    """Import the chosen files as an assessment and show it."""
    state = app_state(request)
    try:
        files, site, kind = await read_import_form(request)
        if not files:
            raise UploadError("choose one or more estate files to import")
        done = await run_in_threadpool(run_import, state, files, principal.name, site, kind)
    except UploadError as exc:
        return await run_in_threadpool(_devices_page, request, principal, None,
                                       DeviceFilter(), 1, error=str(exc), code=exc.status)
    return RedirectResponse(f"/ui/devices?assessment={done.assessment.id}", 303)
