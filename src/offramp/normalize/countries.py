"""Country names and codes -> ISO 3166-1 alpha-2.

Lists spell countries their own way ("Korea, North", "Burma", "Iran (Islamic Republic of)");
pycountry knows the official names and codes, and ``data/country_aliases.csv`` (reviewed like
code, each row with where the spelling comes from) adds the spellings lists actually use.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

import pycountry


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@cache
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                table.setdefault(_key(value), code)
        table.setdefault(_key(country.alpha_3), code)
    with resources.files("offramp.normalize").joinpath("data/country_aliases.csv").open(
        encoding="utf-8"
    ) as fh:
        for row in csv.DictReader(fh):
            table[_key(row["name"])] = row["iso2"]
    return table


@lru_cache(maxsize=8192)
def to_iso2(text: str | None) -> str | None:
    """ISO alpha-2 code for a country name or code, or None when not recognised.

    Two-letter input is taken as a code when ISO knows it ("CN", "cn").
    """
    if not text:
        return None
    stripped = text.strip()
    if len(stripped) == 2 and stripped.isalpha():
        code = stripped.upper()
        if code == "XK" or pycountry.countries.get(alpha_2=code) is not None:
            return code
        return None
    return _table().get(_key(stripped))


def country_name(code: str) -> str:
    """English short name for an alpha-2 code (the code itself when unknown)."""
    country = pycountry.countries.get(alpha_2=code.upper())
    return str(country.name) if country is not None else code
