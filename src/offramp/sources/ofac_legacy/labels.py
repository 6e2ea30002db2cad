"""The identifier labels OFAC writes in Remarks, and offramp's type for each.

Collected from the SDN files of 2021 and 2024 and the 2025 consolidated list: every label
used on more than a handful of entries, plus the ones named in OFAC's data specification.
A label missing here is still read when it looks like an identifier label (ends in "No.",
"Number", "#", "ID", ...): its type is then the label itself, as the contract asks.
Order does not matter: the longest label that matches wins, so "Company Number IMO" beats
"Company Number".
"""

from __future__ import annotations

from offramp.model import identifiers as ids

LABELS: dict[str, str] = {
    # passports and travel documents
    "Passport": ids.PASSPORT,
    "Diplomatic Passport": ids.PASSPORT,
    "Passport Booklet": "Passport Booklet",
    "Travel Document Number": "Travel Document Number",
    # personal identity numbers
    "National ID No.": ids.NATIONAL_ID,
    "Identification Number": ids.NATIONAL_ID,
    "Personal ID Card": ids.NATIONAL_ID,
    "D.N.I.": ids.NATIONAL_ID,
    "C.U.R.P.": ids.NATIONAL_ID,
    "C.U.R.P. #": ids.NATIONAL_ID,
    "Citizen's Card Number": ids.NATIONAL_ID,
    "Kenyan ID No.": ids.NATIONAL_ID,
    "Turkish Identification Number": ids.NATIONAL_ID,
    "Numero de Identidad": ids.NATIONAL_ID,
    "Tazkira National ID Card": ids.NATIONAL_ID,
    "UAE Identification": ids.NATIONAL_ID,
    "National Foreign ID Number": ids.NATIONAL_ID,
    "C.U.I.": ids.NATIONAL_ID,
    "Cedula No.": ids.CEDULA,
    "SSN": ids.SSN,
    "Driver's License No.": ids.DRIVING_LICENCE,
    "Birth Certificate Number": "Birth Certificate Number",
    "Electoral Registry No.": "Electoral Registry No.",
    "Credencial electoral": "Credencial electoral",
    "I.F.E.": "I.F.E.",
    "Residency Number": "Residency Number",
    "Refugee ID Card": "Refugee ID Card",
    "Immigration No.": "Immigration No.",
    "VisaNumberID": "VisaNumberID",
    "Cartilla de Servicio Militar Nacional": "Cartilla de Servicio Militar Nacional",
    "C.U.I.P.": "C.U.I.P.",
    # tax numbers
    "Tax ID No.": ids.TAX_ID,
    "NIT #": ids.TAX_ID,
    "RUC #": ids.TAX_ID,
    "R.F.C.": ids.TAX_ID,
    "R.F.C. #": ids.TAX_ID,
    "RFC": ids.TAX_ID,
    "RIF #": ids.TAX_ID,
    "V.A.T. Number": ids.TAX_ID,
    "US FEIN": ids.TAX_ID,
    "C.U.I.T.": ids.TAX_ID,
    "C.I.F.": ids.TAX_ID,
    "RTN": ids.TAX_ID,
    "Italian Fiscal Code": ids.TAX_ID,
    "Italian Fiscal Code:": ids.TAX_ID,
    "Fiscal Code": ids.TAX_ID,
    "Numero Unico de Identificacao Tributaria (NUIT)": ids.TAX_ID,
    # company registers
    "Unified Social Credit Code (USCC)": ids.USCC,
    "United Social Credit Code Certificate (USCCC)": ids.USCC,
    "Registration Number": ids.REGISTRATION,
    "Registration ID": ids.REGISTRATION,
    "Business Registration Number": ids.REGISTRATION,
    "Business Registration Document #": ids.REGISTRATION,
    "Commercial Registry Number": ids.REGISTRATION,
    "Company Number": ids.REGISTRATION,
    "UK Company Number": ids.REGISTRATION,
    "Chamber of Commerce Number": ids.REGISTRATION,
    "Trade License No.": ids.REGISTRATION,
    "C.R. No.": ids.REGISTRATION,
    "Romanian C.R.": ids.REGISTRATION,
    "Certificate of Incorporation Number": ids.REGISTRATION,
    "Public Registration Number": ids.REGISTRATION,
    "Central Registration System Number": ids.REGISTRATION,
    "Enterprise Number": ids.REGISTRATION,
    "Business Number": ids.REGISTRATION,
    "Folio Mercantil No.": ids.REGISTRATION,
    "Matricula Mercantil No": ids.REGISTRATION,
    "Economic Register Number (CBLS)": ids.REGISTRATION,
    "Istanbul Chamber of Comm. No.": ids.REGISTRATION,
    "Dubai Chamber of Commerce Membership No.": ids.REGISTRATION,
    "Registered Charity No.": ids.REGISTRATION,
    "Branch Unit Number": ids.REGISTRATION,
    "Government Gazette Number": "Government Gazette Number",
    "Organization Code": "Organization Code",
    "LE Number": "LE Number",
    "License": "License",
    "Permit Number": "Permit Number",
    "SRE Permit No.": "SRE Permit No.",
    "Afghan Money Service Provider License Number": "Afghan Money Service Provider License Number",
    "Legal Entity Number": ids.LEI,
    "D-U-N-S Number": ids.DUNS,
    # finance
    "ISIN": ids.ISIN,
    "SWIFT/BIC": ids.SWIFT_BIC,
    "BIK (RU)": "BIK (RU)",
    # contact
    "Website": ids.WEBSITE,
    "Email Address": ids.EMAIL,
    "Phone Number": ids.PHONE,
    "Phone No.": ids.PHONE,
    "Telephone": ids.PHONE,
    "Telephone No.": ids.PHONE,
    "Fax": ids.PHONE,
    "FAX": ids.PHONE,
    # vessels: OFAC also writes company IMO numbers ("Company Number IMO 5055293")
    "Vessel Registration Identification IMO": ids.IMO,
    "Identification Number IMO": ids.IMO,
    "Company Number IMO": ids.IMO,
    "International Maritime Organization No.": ids.IMO,
    "Vessel Registration Identification": "Vessel Registration Identification",
    "MMSI": ids.MMSI,
    # aircraft
    "Aircraft Manufacturer's Serial Number (MSN)": ids.AIRCRAFT_SERIAL,
    "Aircraft Serial Identification": ids.AIRCRAFT_SERIAL,
    "Aircraft Tail Number": ids.AIRCRAFT_TAIL,
    "Aircraft Construction Number (also called L/N or S/N or F/N)":
        "Aircraft Construction Number (also called L/N or S/N or F/N)",
    "Aircraft Mode S Transponder Code": "Aircraft Mode S Transponder Code",
    "Chinese Commercial Code": "Chinese Commercial Code",
}

# Values of these types need not contain a digit ("Website www.rosneft.com",
# "Aircraft Tail Number EP-MMH").
NO_DIGIT_TYPES: frozenset[str] = frozenset(
    {ids.WEBSITE, ids.EMAIL, ids.SWIFT_BIC, ids.AIRCRAFT_TAIL}
)

# An unknown label is taken for an identifier label only when it ends like one.
GENERIC_LABEL_ENDINGS = r"(?:No\.?|Number|#|ID|Code|Card|Licen[cs]e)"
