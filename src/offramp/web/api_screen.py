"""The JSON API for batch screening: upload a file (or send rows) for a stored run, then read
its progress and results, paged or as a CSV / XLSX file.

A run started here is the same kind of run ``offramp screen`` stores: every row reported once
(match, clear or unscreened with the reason), alerts opened for review, the list versions,
threshold and caller recorded.
"""

from __future__ import annotations

import shutil
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field, ValidationError
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.responses import FileResponse, Response

from offramp.model import StoreError
from offramp.screening.records import result_json
from offramp.web import run_pages
from offramp.web.api_lists import ready_index
from offramp.web.auth import Principal, require
from offramp.web.keys_store import Role
from offramp.web.state import AppState, app_state
from offramp.web.uploads import (
    StoredUpload,
    UploadError,
    ending_of,
    label_of,
    open_upload,
    save_rows,
    save_stream,
)
from offramp.web.views import json_response

router = APIRouter(tags=["screening"])

FORM_FIELDS = 20  # the upload form has a handful; more is not our form


class ScreenRow(BaseModel):
    """One subject to screen."""

    name: str = Field(max_length=10_000)
    id: str | None = Field(None, max_length=200)
    country: str | None = Field(None, max_length=200)
    dob: str | None = Field(None, max_length=40)


class ScreenRows(BaseModel):
    """Subjects sent as JSON instead of a file."""

    rows: list[ScreenRow]
    threshold: float | None = Field(None, gt=0.0, le=1.0)


_SCREEN_BODY: dict[str, Any] = {
    "requestBody": {"required": True, "content": {
        "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
            "file": {"type": "string", "format": "binary",
                     "description": "CSV, TSV, XLSX, Parquet or JSON lines"},
            "format": {"type": "string", "description": "csv, tsv, xlsx, parquet or jsonl "
                                                        "(default: from the file name)"},
            "name_column": {"type": "string"},
            "threshold": {"type": "number"}}}},
        "application/json": {"schema": ScreenRows.model_json_schema()},
    }},
}


@router.post("/screen", status_code=202, openapi_extra=_SCREEN_BODY)
async def screen(request: Request,
                 principal: Annotated[Principal, Depends(require(Role.ANALYST))]) -> Response:
    """Screen an uploaded file or JSON rows as a stored run; answers the run id at once."""
    state = app_state(request)
    loaded = ready_index(state)
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=FORM_FIELDS)
        file = form.get("file")
        if not isinstance(file, UploadFile):
            raise UploadError("send the file to screen in a form field called 'file'")
        threshold = _threshold(form.get("threshold"))
        upload = await run_in_threadpool(store_file, state, file, _text(form.get("format")),
                                         _text(form.get("name_column")))
    elif content_type.startswith("application/json"):
        try:
            body = ScreenRows.model_validate_json(await request.body())
        except ValidationError as exc:
            raise UploadError(f"not a valid list of rows: {exc.error_count()} problem(s), "
                              f"first: {exc.errors()[0]['msg']} at "
                              f"{'.'.join(str(p) for p in exc.errors()[0]['loc'])}",
                              422) from None
        threshold = body.threshold
        upload = await run_in_threadpool(_store_rows, state, body)
    else:
        raise UploadError("send a file as multipart/form-data or rows as application/json",
                          415)
    run_id = await run_in_threadpool(state.jobs.start, loaded, upload, principal.name,
                                     threshold)
    return json_response({"run_id": run_id, "rows": upload.rows,
                          "progress": f"/runs/{run_id}",
                          "results": f"/runs/{run_id}/results"}, 202)


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _threshold(value: object) -> float | None:
    text = _text(value)
    if text is None:
        return None
    try:
        threshold = float(text)
    except ValueError:
        threshold = -1.0
    if not 0.0 < threshold <= 1.0:
        raise UploadError(f"threshold must be a score above 0 and at most 1 (got {text!r})", 422)
    return threshold


def store_file(state: AppState, file: UploadFile, format: str | None,
               name_column: str | None) -> StoredUpload:
    """Save an uploaded file under a server-made name and open it (caps applied)."""
    config = state.config
    label = label_of(file.filename)
    path = save_stream(file.file, config.uploads_dir, ending_of(label, format),
                       config.max_upload_bytes)
    return open_upload(path, label, max_rows=config.max_rows,
                       max_expanded_bytes=config.max_xlsx_expanded_bytes,
                       name_column=name_column)


def _store_rows(state: AppState, body: ScreenRows) -> StoredUpload:
    config = state.config
    if not body.rows:
        raise UploadError("no rows to screen")
    if len(body.rows) > config.max_json_rows:
        raise UploadError(f"more than {config.max_json_rows:,} rows in one request, the most "
                          "accepted; upload a file instead", 413)
    path = save_rows(({"id": r.id, "name": r.name, "country": r.country, "dob": r.dob}
                      for r in body.rows), config.uploads_dir)
    return open_upload(path, "rows.json", max_rows=config.max_json_rows,
                       max_expanded_bytes=config.max_xlsx_expanded_bytes, name_column="name")


def _run_or_404(state: AppState, run_id: int) -> run_pages.RunProgress:
    try:
        return run_pages.progress(state.store(), state.reviews(), run_id)
    except StoreError:
        raise UploadError(f"no screening run {run_id}", 404) from None


@router.get("/runs/{run_id}")
def run_progress(request: Request, run_id: int,
                 _: Annotated[Principal, Depends(require(Role.VIEWER))]) -> Response:
    """A run's status and progress: rows stored so far of the rows in the file."""
    return json_response(_run_or_404(app_state(request), run_id).to_json())


@router.get("/runs/{run_id}/results")
def run_results(request: Request, run_id: int,
                _: Annotated[Principal, Depends(require(Role.VIEWER))],
                page: Annotated[int, Query(ge=1)] = 1,
                page_size: Annotated[int, Query(ge=1, le=run_pages.MAX_PAGE_SIZE)] =
                run_pages.PAGE_SIZE) -> Response:
    """One page of a run's results, each row as ``offramp screen --json`` prints it."""
    state = app_state(request)
    progress = _run_or_404(state, run_id)
    store = state.store()
    rows = run_pages.page(store, state.reviews(), run_id, page, page_size)
    dates = run_pages.list_dates(store, progress.run)
    return json_response({**progress.to_json(), "page": page, "page_size": page_size,
                          "results": [result_json(r, dates, run_id) for r in rows]})


def _download(request: Request, run_id: int, format: Literal["csv", "xlsx"]) -> Response:
    state = app_state(request)
    _run_or_404(state, run_id)
    path = run_pages.export_file(state.store(), state.reviews(), run_id, format)
    media = ("text/csv; charset=utf-8" if format == "csv" else
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return FileResponse(path, media_type=media, filename=path.name,
                        background=BackgroundTask(shutil.rmtree, path.parent, True))


@router.get("/runs/{run_id}/results.csv")
def run_results_csv(request: Request, run_id: int,
                    _: Annotated[Principal, Depends(require(Role.VIEWER))]) -> Response:
    """A run's results as CSV, one line per input row (formulas neutralised)."""
    return _download(request, run_id, "csv")


@router.get("/runs/{run_id}/results.xlsx")
def run_results_xlsx(request: Request, run_id: int,
                     _: Annotated[Principal, Depends(require(Role.VIEWER))]) -> Response:
    """A run's results as an XLSX workbook, one line per input row (formulas neutralised)."""
    return _download(request, run_id, "xlsx")
