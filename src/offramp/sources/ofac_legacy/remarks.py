"""The Remarks mini-language of OFAC's legacy files, parsed into fields.

OFAC packs everything that has no column of its own into one Remarks text of
``;``-separated clauses, in the wording of the printed list::

    DOB 10 Dec 1948; alt. DOB 1950; POB Tehran, Iran; nationality Iran; Gender Male;
    Passport E590976 (Tunisia) issued 19 Jun 1987 expires 18 Jun 1992; a.k.a. 'BNC';
    Linked To: MAHAN AIR; Vessel Registration Identification IMO 7406784; MMSI 572469210.

Each clause is read on its own ("alt." only says "another one"); a clause nothing here
understands is kept, word for word, in :attr:`ParsedRemarks.leftover` so no information is
lost. Aliases in Remarks are OFAC's *weak* aliases: OFAC FAQ 123 says the CSV formats list
weak AKAs in the Remarks field, and in the real files none of them is repeated in alt.csv
while the advanced XML flags the same names ``LowQuality="true"``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from offramp.model import DateValue, Identifier
from offramp.model import identifiers as ids
from offramp.normalize.countries import to_iso2
from offramp.sources.ofac_legacy.dates import parse_date_value
from offramp.sources.ofac_legacy.labels import GENERIC_LABEL_ENDINGS, LABELS, NO_DIGIT_TYPES


@dataclass(slots=True)
class ParsedRemarks:
    """What one Remarks text says, field by field.

    Countries are ISO alpha-2 where recognised, else the list's text. ``aliases`` are
    ``(kind, name)`` with kind ``"aka"``, ``"fka"`` or ``"nka"`` as written; ``properties``
    uses FollowTheMoney property names; ``provisions`` keeps sanctions clauses (secondary
    sanctions risk, directive determinations, CMIC dates) as written.
    """

    birth_dates: list[DateValue] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    citizenships: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    gender: str | None = None
    identifiers: list[Identifier] = field(default_factory=list)
    aliases: list[tuple[str, str]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    properties: dict[str, list[str]] = field(default_factory=dict)
    provisions: list[str] = field(default_factory=list)
    listed_on: DateValue | None = None
    target_type: str | None = None
    leftover: list[str] = field(default_factory=list)

    def add_property(self, key: str, value: str) -> None:
        """Append ``value`` to property ``key`` unless it is already there."""
        values = self.properties.setdefault(key, [])
        if value not in values:
            values.append(value)


def split_clauses(text: str) -> list[str]:
    """The clauses of a Remarks text: split on ``;``, the closing full stop dropped.

    OFAC ends every Remarks text with one ``.``; clauses carry their own inner dots
    ("S.A.", "prohibited."), so only that last one goes. A few old entries omit the space
    after ``;`` ("possibly Palestinian;arrested 23 Apr 2002").
    """
    text = text.strip()
    if text.endswith("."):
        text = text[:-1]
    return [clause.strip() for clause in text.split(";") if clause.strip()]


def country_code(text: str) -> str | None:
    """ISO alpha-2 for a country as OFAC writes it, or None.

    OFAC inverts some names around a comma ("Man, Isle of", "North Macedonia, The
    Republic of"); when the name is not known as written, the turned-round form and the
    part before the comma are tried.
    """
    code = to_iso2(text)
    if code is None and "," in text:
        head, _, tail = text.partition(",")
        code = to_iso2(f"{tail.strip()} {head.strip()}") or to_iso2(head)
    return code


def country_value(text: str) -> str:
    """ISO alpha-2 for a country name where recognised, else the text as given."""
    return country_code(text) or text.strip()


_ALT = re.compile(r"^alt\.\s+")
_ALIAS = re.compile(r"^([afn])\.k\.a\.\s+'(.+)'$")
_LINK = re.compile(r"^Linked To:\s*(.+)$")
_DOB = re.compile(r"^DOB:?\s+(.+)$")
_POB = re.compile(r"^POB:?\s+(.+)$")
_NATIONALITY = re.compile(r"^nationality\s+(.+)$")
_CITIZEN = re.compile(r"^citizen\s+(.+)$")
_GENDER = re.compile(r"^Gender\s+(Male|Female)$")
_PROVISION = re.compile(
    r"^(?:Additional Sanctions Information -|Secondary sanctions risk:"
    r"|Transactions Prohibited For |Executive Order \d+ Directive |CAATSA Section "
    r"|Executive Order \d+ information:"
    r"|IFCA Determination -)"
)
_PROGRAM_DATE = re.compile(
    r"^(Listing Date|Effective Date|Purchase/Sales For Divestment Date) \([^)]*\):?\s+(.+)$"
)
_TARGET_TYPE = re.compile(r"^Target Type\s+(.+)$")
_CRYPTO = re.compile(r"^(Digital Currency Address - ([A-Za-z0-9]+))\s+(\S+)$")
_KNOWN_LABEL = re.compile(
    r"^(?P<label>"
    + "|".join(re.escape(label) for label in sorted(LABELS, key=len, reverse=True))
    + r")\s+(?P<rest>.+)$"
)
_GENERIC_LABEL = re.compile(
    r"^(?P<label>[A-Z][A-Za-z.'/()&-]*(?: [A-Za-z.'/()&-]+)*? " + GENERIC_LABEL_ENDINGS + r")"
    r"\s+(?P<rest>\S*\d.*)$"
)
_ISSUE_NOTE = re.compile(r"[\s,]+((?:issued|expires|expired)\b.*)$")
_TRAILING_COUNTRY = re.compile(r"\s*\(([^()]*[A-Za-z][^()]*)\)$")
_NOT_A_FLAG = frozenset({"none identified", "unknown"})

# (pattern, FtM property, how to read the value)
_PROPERTIES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"^Organization Established Date\s+(.+)$"), "incorporationDate", "date"),
    (re.compile(r"^Organization Type:\s*(.+)$"), "sector", "text"),
    (re.compile(r"^Equity Ticker\s+(.+)$"), "ticker", "text"),
    (re.compile(r"^Aircraft Model\s+(.+)$"), "model", "text"),
    (re.compile(r"^Aircraft Operator\s+(.+)$"), "operator", "text"),
    (re.compile(r"^Aircraft Manufacture Date\s+(.+)$"), "buildDate", "date"),
    (re.compile(r"^Vessel Year of Build\s+(.+)$"), "buildDate", "date"),
    (re.compile(r"^Former Vessel Flag\s+(.+)$"), "pastFlags", "country"),
    (re.compile(r"^(?:Other )?Vessel Flag\s+(.+)$"), "flag", "country"),
    (re.compile(r"^(?:Other )?Vessel Type\s+(.+)$"), "type", "text"),
    (re.compile(r"^(?:Other )?Vessel Call Sign\s+(.+)$"), "callSign", "text"),
)
_REGISTRATION_COUNTRY = re.compile(r"^Nationality of Registration\s+(.+)$")


def _identifier(id_type: str, label: str, rest: str) -> Identifier | None:
    """``VALUE [(Country)] [issued ...] [expires ...]`` -> an identifier, or None."""
    note = None
    m = _ISSUE_NOTE.search(rest)
    if m:
        note = m.group(1).strip()
        rest = rest[: m.start()]
    country = None
    m = _TRAILING_COUNTRY.search(rest)
    if m:
        country = country_code(m.group(1))
        if country is None:
            # "(Cali)", "(Medellin)": the register's city, not a country; keep it as a note
            # so the country field only ever holds countries.
            note = f"{m.group(1).strip()}; {note}" if note else m.group(1).strip()
        rest = rest[: m.start()]
    value = rest.strip(" ,:")
    if not value or (id_type not in NO_DIGIT_TYPES and not any(c.isdigit() for c in value)):
        return None  # "Passport issued in Sarajevo": a statement, not a number
    return Identifier(type=id_type, value=value, country=country, label=label, note=note)


def _read_identifier(clause: str) -> Identifier | None:
    m = _CRYPTO.match(clause)
    if m:
        return Identifier(type=ids.CRYPTO_WALLET, value=m.group(3), label=m.group(1))
    m = _KNOWN_LABEL.match(clause)
    if m:
        label = m.group("label")
        found = _identifier(LABELS[label], label.rstrip(":"), m.group("rest"))
        if found is not None:
            return found
    m = _GENERIC_LABEL.match(clause)
    if m:
        label = m.group("label")
        return _identifier(label, label, m.group("rest"))
    return None


def _read_property(clause: str, out: ParsedRemarks) -> bool:
    for pattern, key, kind in _PROPERTIES:
        m = pattern.match(clause)
        if not m:
            continue
        value = m.group(1).strip()
        if kind == "date":
            date = parse_date_value(value)
            if date is None:
                return False
            value = date.to_text()
        elif kind == "country":
            if value.lower() in _NOT_A_FLAG:
                return True  # "Former Vessel Flag None Identified" says nothing
            value = country_value(value)
        out.add_property(key, value)
        return True
    return False


def _read_person_clause(clause: str, out: ParsedRemarks) -> bool:
    m = _ALIAS.match(clause)
    if m:
        out.aliases.append((m.group(1) + "ka", m.group(2).strip()))
        return True
    m = _LINK.match(clause)
    if m:
        out.links.append(m.group(1).strip())
        return True
    m = _DOB.match(clause)
    if m:
        date = parse_date_value(m.group(1))
        if date is None:
            return False
        out.birth_dates.append(date)
        return True
    m = _POB.match(clause)
    if m:
        out.birth_places.append(m.group(1).strip())
        return True
    m = _NATIONALITY.match(clause)
    if m:
        out.nationalities.append(country_value(m.group(1)))
        return True
    m = _CITIZEN.match(clause)
    if m:
        out.citizenships.append(country_value(m.group(1)))
        return True
    m = _GENDER.match(clause)
    if m:
        out.gender = m.group(1).lower()
        return True
    return False


def _read_sanctions_clause(clause: str, out: ParsedRemarks) -> bool:
    if _PROVISION.match(clause):
        out.provisions.append(clause)
        return True
    m = _PROGRAM_DATE.match(clause)
    if m:
        date = parse_date_value(m.group(2))
        if date is None:
            return False
        out.provisions.append(clause)
        # "Listing Date (CMIC) 03 Jun 2021": the date the entry went on this list; when
        # several directives list it, the earliest is when it first appeared.
        if m.group(1) == "Listing Date" and (
            out.listed_on is None or date.start < out.listed_on.start
        ):
            out.listed_on = date
        return True
    m = _TARGET_TYPE.match(clause)
    if m:
        out.target_type = m.group(1).strip()
        out.add_property("legalForm", out.target_type)
        return True
    return False


def _read_clause(clause: str, out: ParsedRemarks) -> bool:
    """Apply one clause (its "alt." already removed) to ``out``; False if not understood."""
    handlers: tuple[Callable[[str, ParsedRemarks], bool], ...] = (
        _read_person_clause, _read_sanctions_clause, _read_property,
    )
    if any(handler(clause, out) for handler in handlers):
        return True
    m = _REGISTRATION_COUNTRY.match(clause)
    if m:
        out.countries.append(country_value(m.group(1)))
        return True
    identifier = _read_identifier(clause)
    if identifier is not None:
        out.identifiers.append(identifier)
        return True
    return False


def parse_remarks(text: str | None) -> ParsedRemarks:
    """Parse a whole Remarks text (comments continuation already joined). Never raises."""
    out = ParsedRemarks()
    if not text:
        return out
    for clause in split_clauses(text):
        bare = _ALT.sub("", clause)
        if not _read_clause(bare, out):
            out.leftover.append(clause)
    return out
