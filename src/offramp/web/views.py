"""JSON responses of the API. The record shapes are shared with the command line's
``--json`` and live in :mod:`offramp.screening.records`."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from starlette.responses import Response


def _default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def json_response(data: Any, status_code: int = 200) -> Response:
    """``data`` as a JSON response, dates in ISO 8601 (as the command line prints them)."""
    body = json.dumps(data, ensure_ascii=False, default=_default, separators=(",", ":"))
    return Response(body.encode("utf-8"), status_code=status_code,
                    media_type="application/json")
