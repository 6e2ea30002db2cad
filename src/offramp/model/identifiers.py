"""Identifier types offramp recognises across lists.

Readers map each list's own label ("Passport", "Unified Social Credit Code (USCC)",
"Vessel Registration Identification IMO") onto one of these so an identifier from one list
can meet the same identifier from another; the list's wording stays on
:attr:`Identifier.label`.
"""

from __future__ import annotations

PASSPORT = "passport"
NATIONAL_ID = "national_id"
TAX_ID = "tax_id"
USCC = "uscc"  # China's Unified Social Credit Code, 18 characters
ISIN = "isin"
IMO = "imo"
MMSI = "mmsi"
SWIFT_BIC = "swift_bic"
REGISTRATION = "registration"  # company registration numbers of all kinds
CEDULA = "cedula"
SSN = "ssn"
DRIVING_LICENCE = "driving_licence"
LEI = "lei"
DUNS = "duns"
WEBSITE = "website"
EMAIL = "email"
PHONE = "phone"
CRYPTO_WALLET = "crypto_wallet"
AIRCRAFT_SERIAL = "aircraft_serial"
AIRCRAFT_TAIL = "aircraft_tail"
OTHER = "other"

ALL: frozenset[str] = frozenset({
    PASSPORT, NATIONAL_ID, TAX_ID, USCC, ISIN, IMO, MMSI, SWIFT_BIC, REGISTRATION, CEDULA,
    SSN, DRIVING_LICENCE, LEI, DUNS, WEBSITE, EMAIL, PHONE, CRYPTO_WALLET, AIRCRAFT_SERIAL,
    AIRCRAFT_TAIL, OTHER,
})
