"""Spreadsheet, Parquet and JSON cell values as the text a user typed.

Shared by the readers of screening files (``screening.subjects``) and of asset registers
(``scans.register``): both must read an id stored as 1234.0 as "1234", a date at midnight as
"1980-05-17", and never pass on a lone surrogate that would crash whatever writes results.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from decimal import Decimal

_SURROGATES = re.compile("[\ud800-\udfff]")  # never valid in output text


def cell_text(value: object) -> str:
    """A cell as text: stripped; numbers without a spurious ".0"; dates and times in ISO 8601.

    Spreadsheets and Parquet hand ids over as floats (1234.0) and dates as datetimes at
    midnight; both must read as the user typed them ("1234", "1980-05-17").
    """
    if value is None:
        return ""
    if isinstance(value, str):
        # ASCII holds no surrogate, and str knows whether it is ASCII: no scan needed.
        return value.strip() if value.isascii() else clean_text(value).strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, Decimal):
        if value.is_finite() and value == value.to_integral_value():
            return str(int(value))
        return "" if value.is_nan() else str(value)
    if isinstance(value, dt.datetime):
        midnight = value.time() == dt.time() and value.tzinfo is None
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return clean_text(value.decode("utf-8", "replace")).strip()
    if isinstance(value, list | dict):
        return clean_text(json.dumps(value, ensure_ascii=False, default=str))
    return clean_text(str(value)).strip()


def _float_text(value: float) -> str:
    if math.isnan(value):
        return ""  # how pandas writes a missing value
    if value.is_integer() and abs(value) < 1e16:  # beyond, floats are not exact integers
        return str(int(value))
    return repr(value)


def clean_text(text: str) -> str:
    """``text`` with lone surrogates (undecodable bytes, bad JSON escapes) replaced by U+FFFD.

    A lone surrogate cannot be encoded, so it would crash whatever writes the results.
    """
    return _SURROGATES.sub("\ufffd", text) if _SURROGATES.search(text) else text
