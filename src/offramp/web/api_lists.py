"""The JSON API for lists and single-name search: health, readiness, list status, search.

``/healthz`` and ``/readyz`` are the only routes open without credentials: they say whether the
process is alive and whether its index is loaded, nothing about the data.

Search answers exactly what ``offramp search --json`` prints (same matches, same explanations)
plus the list versions the answer was made with: one screener, one set of versions, per answer.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from offramp.lists.freshness import source_status
from offramp.lists.publishers import load_publishers
from offramp.model import OfframpError, UnscreenableError
from offramp.screening.records import match_json, status_json
from offramp.web.auth import Principal, require
from offramp.web.index_holder import LoadedIndex
from offramp.web.keys_store import Role
from offramp.web.state import AppState, app_state
from offramp.web.views import json_response

Schema = Literal["person", "organization", "company", "legal_entity", "vessel", "aircraft"]
MAX_LIMIT = 100

router = APIRouter()


class SearchRequest(BaseModel):
    """One name to look up, with optional evidence (as ``offramp search``)."""

    name: str = Field(description="The name to screen.")
    schema_: Schema | None = Field(None, alias="schema", description="Kind of party.")
    country: str | None = Field(None, description="Country (ISO code or name): evidence.")
    dob: str | None = Field(None, description="Date of birth YYYY, YYYY-MM or YYYY-MM-DD.")
    identifiers: list[str] = Field(default_factory=list,
                                   description="Identifiers TYPE:VALUE, e.g. imo:9123456.")
    limit: int = Field(10, ge=1, le=MAX_LIMIT)


class SearchError(OfframpError):
    """A search that cannot be answered: 422 for the input, 503 while not ready."""

    def __init__(self, status: int, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason


def ready_index(state: AppState) -> LoadedIndex:
    """The index in use; SearchError (503) until one is loaded."""
    loaded = state.holder.current
    if loaded is None:
        raise SearchError(503, f"not ready: {state.holder.problem or 'loading the lists'}")
    return loaded


def search_json(loaded: LoadedIndex, query: SearchRequest) -> dict[str, Any]:
    """Search one name; the answer names the list versions it was made with."""
    screener = loaded.screener
    try:
        matches = screener.search(query.name, schema=query.schema_, limit=query.limit,
                                  country=query.country, birth_date=query.dob,
                                  identifiers=query.identifiers)
    except UnscreenableError as exc:
        # Never an empty "clear" answer for a name that could not be screened.
        raise SearchError(422, str(exc), exc.reason) from None
    except OfframpError as exc:
        raise SearchError(422, str(exc)) from None
    return {"query": query.name, "threshold": screener.threshold,
            "algorithm": screener.algorithm, "list_versions": dict(loaded.list_versions),
            "matches": [match_json(m) for m in matches]}


@router.get("/healthz", tags=["health"])
async def healthz() -> dict[str, str]:
    """Alive: the process answers."""
    return {"status": "ok"}


@router.get("/readyz", tags=["health"])
async def readyz(request: Request) -> Response:
    """Ready: the lists are loaded and searches can be answered (503 until then)."""
    holder = app_state(request).holder
    if holder.current is None:
        return json_response({"ready": False, "problem": holder.problem}, 503)
    return json_response({"ready": True})


@router.get("/lists", tags=["lists"])
def lists(request: Request,
          _: Annotated[Principal, Depends(require(Role.VIEWER))]) -> Response:
    """Each list: version in use, publisher's date, age, entries, and a stale flag."""
    state = app_state(request)
    rows = source_status(state.store(), load_publishers(state.config.config_path),
                         date.today())
    loaded = state.holder.current
    return json_response({"lists": [status_json(s) for s in rows],
                          "serving": dict(loaded.list_versions) if loaded else None})


@router.get("/search", tags=["search"])
async def search_get(
        request: Request, _: Annotated[Principal, Depends(require(Role.VIEWER))],
        name: Annotated[str, Query(description="The name to screen.")],
        schema: Annotated[Schema | None, Query(description="Kind of party.")] = None,
        country: Annotated[str | None, Query(description="Country: evidence.")] = None,
        dob: Annotated[str | None, Query(description="Date of birth YYYY[-MM[-DD]].")] = None,
        id: Annotated[list[str] | None, Query(description="Identifier TYPE:VALUE.")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10) -> Response:
    """Ranked matches for one name with scores and explanations (as ``offramp search``)."""
    query = SearchRequest.model_validate({"name": name, "schema": schema, "country": country,
                                          "dob": dob, "identifiers": id or [],
                                          "limit": limit})
    return json_response(search_json(ready_index(app_state(request)), query))


@router.post("/search", tags=["search"])
async def search_post(request: Request, query: SearchRequest,
                      _: Annotated[Principal, Depends(require(Role.VIEWER))]) -> Response:
    """As ``GET /search``, with the query in a JSON body (keeps names out of URLs)."""
    return json_response(search_json(ready_index(app_state(request)), query))
