"""OFAC's labels for features and identity documents -> offramp's identifier types.

OFAC names document types freely ("Tax ID No.", "V.A.T. Number", "C.U.I.T.", "Unified Social
Credit Code (USCC)", "Vessel Registration Identification") and adds new ones over the years,
so the mapping goes by keywords, matched on word boundaries ("bic" must not fire inside
"Public Registration Number"). Labels nothing here recognises keep their own wording as
the type, as :class:`~offramp.model.Identifier` documents.
"""

from __future__ import annotations

import re

from offramp.model import identifiers as ids

# Order matters: the first rule that matches wins ("Aircraft ... Serial Number" before
# the generic "number" rules, "Tax ID" before "ID").
_RULES: tuple[tuple[str, str], ...] = (
    (r"unified social credit code|uscc", ids.USCC),
    (r"isin", ids.ISIN),
    (r"swift|bic", ids.SWIFT_BIC),
    (r"legal entity (?:number|identifier)|lei", ids.LEI),
    (r"d-u-n-s|duns", ids.DUNS),
    (r"vessel registration identification|imo", ids.IMO),
    (r"mmsi", ids.MMSI),
    (r"aircraft.*(?:serial|msn)|serial identification", ids.AIRCRAFT_SERIAL),
    (r"tail number", ids.AIRCRAFT_TAIL),
    (r"digital currency address", ids.CRYPTO_WALLET),
    (r"website", ids.WEBSITE),
    (r"e-?mail", ids.EMAIL),
    (r"phone|fax", ids.PHONE),
    (r"passport|passeport|pasaporte", ids.PASSPORT),
    (r"c[eé]dula", ids.CEDULA),
    (r"ssn|social security", ids.SSN),
    (r"driver", ids.DRIVING_LICENCE),
    (r"tax|v\.?a\.?t\.?|rfc|nit|c\.?u\.?i\.?t\.?|inn|fiscal|tin|kpp", ids.TAX_ID),
    (r"national|personal id|identity card|identification (?:number|card|no)|c\.?u\.?r\.?p\.?"
     r"|citizen|id (?:no|card|number)", ids.NATIONAL_ID),
    (r"regist\w*|company number|business number|gazette|chamber of commerce|trade licen[cs]e"
     r"|matr[ií]cula|ogrn|c\.r\.", ids.REGISTRATION),
)
_COMPILED = tuple((re.compile(rf"(?<![\w.])(?:{pattern})(?![\w])", re.IGNORECASE), kind)
                  for pattern, kind in _RULES)


def identifier_type(label: str | None) -> str | None:
    """The identifier type for an OFAC label, or None when the label is not recognised."""
    if not label:
        return None
    for pattern, kind in _COMPILED:
        if pattern.search(label):
            return kind
    return None


# Features are looked up more narrowly than documents: "Nationality Country" would pass the
# national-ID rule and "Registration Country" the registration rule.
_FEATURE_TYPES = frozenset({
    ids.SWIFT_BIC, ids.WEBSITE, ids.EMAIL, ids.PHONE, ids.CRYPTO_WALLET, ids.MMSI, ids.IMO,
    ids.AIRCRAFT_SERIAL, ids.AIRCRAFT_TAIL, ids.ISIN, ids.LEI, ids.DUNS, ids.USCC,
})


def feature_identifier_type(label: str | None) -> str | None:
    """The identifier type of a feature (SWIFT/BIC, website, MMSI, wallet, ...), else None."""
    kind = identifier_type(label)
    return kind if kind in _FEATURE_TYPES else None
