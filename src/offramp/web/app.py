"""The app factory: one place that wires configuration, state, routes, errors and middleware.

    from offramp.web.app import create_app
    app = create_app()                      # settings from the environment, as the CLI's

``uvicorn --factory offramp.web.app:create_app`` works too; ``offramp serve`` does that.

Open without credentials: ``/healthz``, ``/readyz``, the login page and its stylesheet. Every
other route, ``/openapi.json`` included, needs an API key or a session (see
:mod:`offramp.web.auth`). The interactive API pages FastAPI can serve are off: they load
script from elsewhere, which the content security policy forbids.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.responses import RedirectResponse, Response

from offramp import __version__
from offramp.model import OfframpError
from offramp.web import api_devices, api_lists, api_review, api_screen, ui, ui_devices
from offramp.web.access_log import AccessLog
from offramp.web.api_lists import SearchError
from offramp.web.api_review import ReviewConflict
from offramp.web.auth import AuthError, Principal, require
from offramp.web.body_limit import FORM_OVERHEAD, BodyLimit
from offramp.web.config import WebConfig
from offramp.web.device_imports import DeviceImportError
from offramp.web.headers import SecurityHeaders
from offramp.web.keys_store import Role
from offramp.web.state import AppState
from offramp.web.uploads import UploadError
from offramp.web.views import json_response

STATIC = Path(__file__).parent / "static"
OPEN_PATHS = ("/healthz", "/readyz", "/login", "/static")
"""Routes (and the static folder) reachable without credentials."""


def create_app(config: WebConfig | None = None) -> FastAPI:
    """The offramp web app over the database in ``config`` (default: from the settings)."""
    config = config or WebConfig.from_settings()
    state = AppState(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.holder.start()
        yield
        state.holder.stop()
        state.run_owner.release()

    app = FastAPI(title="offramp", version=__version__, lifespan=lifespan,
                  description="Sanctions screening, review and audit over HTTP.",
                  docs_url=None, redoc_url=None, openapi_url=None)
    app.state.offramp = state
    for router in (api_lists.router, api_screen.router, api_review.router,
                   api_devices.router, ui.router, ui_devices.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi(_: Annotated[Principal, Depends(require(Role.VIEWER))]) -> Response:
        return json_response(app.openapi())

    _add_error_handlers(app)
    # Outermost last: the access log sees every request, even one refused for its size.
    app.add_middleware(BodyLimit, max_bytes=config.max_upload_bytes + FORM_OVERHEAD)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(AccessLog)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AuthError)
    async def auth_error(request: Request, exc: AuthError) -> Response:
        if exc.page and exc.status == 401:
            return RedirectResponse("/login", 303)
        if exc.page:
            response = ui.page(request, "error.html", None, exc.status, error=exc.message)
        else:
            response = json_response({"detail": exc.message}, exc.status)
        if exc.status == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        if exc.retry_after is not None:
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(SearchError)
    async def search_error(request: Request, exc: SearchError) -> Response:
        body: dict[str, object] = {"detail": str(exc)}
        if exc.reason is not None:
            body.update(unscreened=True, reason=exc.reason)
        return json_response(body, exc.status)

    @app.exception_handler(DeviceImportError)
    async def device_import_error(request: Request, exc: DeviceImportError) -> Response:
        return json_response(exc.to_json(), exc.status)

    @app.exception_handler(UploadError)
    async def upload_error(request: Request, exc: UploadError) -> Response:
        return json_response({"detail": str(exc)}, exc.status)

    @app.exception_handler(ReviewConflict)
    async def review_conflict(request: Request, exc: ReviewConflict) -> Response:
        return json_response({"detail": str(exc)}, exc.status)

    @app.exception_handler(OfframpError)
    async def offramp_error(request: Request, exc: OfframpError) -> Response:
        # offramp's own errors are complete sentences for the caller.
        return json_response({"detail": str(exc)}, 400)
