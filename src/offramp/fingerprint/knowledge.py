"""Vendor knowledge as data: the reviewed CSV files under ``data/devices/``, compiled once.

Three files, each row citing its ``source`` and saying whether it is ``confirmed``
(see ``data/devices/README.md``):

* ``oui_organisations.csv`` -- OUI registrant name patterns -> vendor family (``maker``), or
  explicitly not (``look-alike``: "Shanghai Dahua Scale Factory"; ``module``: Wi-Fi module
  makers whose OUI says nothing about the device; ``registry``: IEEE's own placeholders);
* ``signals.csv`` -- model, serial, banner, port, vendor-text, device-api and discovery
  patterns with weights; rows without a vendor are false friends, shown and not counted;
* ``white_label.csv`` -- brands that sell a restricted family's units under their own name.

Patterns are Python regular expressions, matched case-insensitively. Model patterns are
anchored at the start of a word (``(?<![\\w-])`` is prefixed) so ``XDS-1`` is not ``DS-1``;
serial patterns at the start of the value; ports match whole.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from offramp.fingerprint.csv_rows import strict_rows
from offramp.model import SourceFormatError

FAMILIES = ("hikvision", "dahua", "huawei", "zte", "hytera")
SIGNALS = ("model", "serial", "banner", "port", "vendor-text", "device-api", "discovery")
ROLES = ("maker", "look-alike", "module", "registry")
ORG_FILE = "oui_organisations.csv"
SIGNAL_FILE = "signals.csv"
WHITE_LABEL_FILE = "white_label.csv"

_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
_ORG_COLUMNS = ("pattern", "vendor", "brand", "party_id", "role", "weight", "source",
                "confirmed", "note")
_SIGNAL_COLUMNS = ("signal", "field", "pattern", "vendor", "brand", "party_id", "weight",
                   "source", "confirmed", "note")
_WHITE_LABEL_COLUMNS = ("brand", "party_id", "family", "weight", "aliases", "registrants",
                        "source", "confirmed", "note")


@dataclass(frozen=True, slots=True)
class SignalRule:
    """One row of ``signals.csv``, its pattern compiled. ``vendor`` None: a false friend."""

    signal: str
    field: str
    pattern: re.Pattern[str]
    vendor: str | None
    brand: str | None
    party_id: str | None
    weight: float
    source: str
    confirmed: bool
    note: str
    text: str  # the pattern as written in the file (shown in evidence)


@dataclass(frozen=True, slots=True)
class OrgRule:
    """One row of ``oui_organisations.csv``: registrants matching ``pattern`` are ``role``."""

    pattern: re.Pattern[str]
    vendor: str | None
    brand: str | None
    party_id: str | None
    role: str
    weight: float
    source: str
    confirmed: bool
    note: str


@dataclass(frozen=True, slots=True)
class WhiteLabel:
    """One row of ``white_label.csv``: a brand selling ``family``'s units (weak alone)."""

    brand: str
    party_id: str
    family: str
    weight: float
    aliases: re.Pattern[str]
    registrants: re.Pattern[str] | None
    source: str
    confirmed: bool
    note: str


@dataclass(frozen=True, slots=True)
class VendorKnowledge:
    """Everything the identifier knows, compiled: rules by signal, registrants, brands."""

    signals: Mapping[str, tuple[SignalRule, ...]]
    organisations: tuple[OrgRule, ...]
    white_labels: tuple[WhiteLabel, ...]

    def screen(self, signal: str) -> re.Pattern[str]:
        """One pattern matching whatever any rule of ``signal`` could match (vendor text:
        white-label brands included), to skip values no rule is about in one search."""
        parts = [r.pattern.pattern for r in self.signals[signal]]
        if signal == "vendor-text":
            parts += [w.aliases.pattern for w in self.white_labels]
        # Named groups may repeat across rules; the screen needs none of them.
        body = "|".join(_NAMED_GROUP.sub("(?:", p) for p in parts) or "(?!)"
        return re.compile(body, re.IGNORECASE)

    @classmethod
    def bundled(cls) -> VendorKnowledge:
        """The files shipped in ``offramp/data/devices`` (compiled once per process)."""
        return _bundled()

    @classmethod
    def from_texts(cls, texts: Mapping[str, str], origin: str = "data/devices") -> VendorKnowledge:
        """Compile the three files given as text, keyed by file name (errors name the file)."""
        def text(name: str) -> tuple[str, str]:
            if name not in texts:
                raise SourceFormatError(f"{origin}/{name}", None, "file missing")
            return f"{origin}/{name}", texts[name]

        signals: dict[str, list[SignalRule]] = {s: [] for s in SIGNALS}
        for rule in _signal_rules(*text(SIGNAL_FILE)):
            signals[rule.signal].append(rule)
        return cls(
            signals={k: tuple(v) for k, v in signals.items()},
            organisations=tuple(_org_rules(*text(ORG_FILE))),
            white_labels=tuple(_white_labels(*text(WHITE_LABEL_FILE))),
        )


def _rows(path: str, text: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")), strict=True)
    try:
        header = tuple(h.strip() for h in next(reader))
    except StopIteration:
        raise SourceFormatError(path, None, "empty file") from None
    except csv.Error as exc:
        raise SourceFormatError(path, "line 1", f"not CSV ({exc})") from exc
    if header != columns:
        raise SourceFormatError(path, "line 1",
                                f"the header must be {','.join(columns)} (got {','.join(header)})")
    return [(line, dict(zip(columns, (f.strip() for f in fields), strict=True)))
            for line, fields in strict_rows(reader, path, len(columns))]


def _compile(path: str, line: int, column: str, pattern: str, prefix: str = "",
             suffix: str = "") -> re.Pattern[str]:
    if not pattern:
        raise SourceFormatError(path, f"line {line}", f"empty {column}")
    try:
        return re.compile(f"{prefix}(?:{pattern}){suffix}", re.IGNORECASE)
    except re.error as exc:
        raise SourceFormatError(path, f"line {line}",
                                f"{column} {pattern!r} is not a valid regular expression "
                                f"({exc})") from exc


def _common(path: str, line: int, row: dict[str, str],
            vendor_column: str = "vendor") -> tuple[str | None, float, bool]:
    vendor = row[vendor_column] or None
    if vendor is not None and vendor not in FAMILIES:
        raise SourceFormatError(path, f"line {line}",
                                f"{vendor_column} {vendor!r} is not one of {', '.join(FAMILIES)}")
    try:
        weight = float(row["weight"])
    except ValueError:
        weight = -1.0
    if not 0.0 <= weight <= 1.0:
        raise SourceFormatError(path, f"line {line}",
                                f"weight {row['weight']!r} is not a number between 0 and 1")
    if vendor is None and weight != 0.0:
        raise SourceFormatError(path, f"line {line}",
                                "a row naming no vendor (a false friend) must weigh 0")
    if row["confirmed"] not in ("yes", "no"):
        raise SourceFormatError(path, f"line {line}",
                                f"confirmed must be yes or no (got {row['confirmed']!r})")
    if not row["source"]:
        raise SourceFormatError(path, f"line {line}", "every row needs a source")
    return vendor, weight, row["confirmed"] == "yes"


def _signal_rules(path: str, text: str) -> list[SignalRule]:
    rules = []
    for line, row in _rows(path, text, _SIGNAL_COLUMNS):
        vendor, weight, confirmed = _common(path, line, row)
        signal = row["signal"]
        if signal not in SIGNALS:
            raise SourceFormatError(path, f"line {line}",
                                    f"signal {signal!r} is not one of {', '.join(SIGNALS)}")
        field = row["field"].lower()
        if signal in ("device-api", "discovery") and not field:
            raise SourceFormatError(path, f"line {line}",
                                    f"a {signal} row needs the field it reads")
        prefix, suffix = {"model": (r"(?<![\w-])", ""), "serial": (r"^\s*", ""),
                          "port": ("^", "$")}.get(signal, ("", ""))
        pattern = _compile(path, line, "pattern", row["pattern"], prefix, suffix)
        rules.append(SignalRule(signal, field, pattern, vendor, row["brand"] or None,
                                row["party_id"] or None, weight, row["source"], confirmed,
                                row["note"], row["pattern"]))
    return rules


def _org_rules(path: str, text: str) -> list[OrgRule]:
    rules = []
    for line, row in _rows(path, text, _ORG_COLUMNS):
        vendor, weight, confirmed = _common(path, line, row)
        role = row["role"]
        if role not in ROLES:
            raise SourceFormatError(path, f"line {line}",
                                    f"role {role!r} is not one of {', '.join(ROLES)}")
        if (role == "maker") != (vendor is not None):
            raise SourceFormatError(path, f"line {line}",
                                    "a maker row names its vendor; other roles name none")
        rules.append(OrgRule(_compile(path, line, "pattern", row["pattern"]), vendor,
                             row["brand"] or None, row["party_id"] or None, role, weight,
                             row["source"], confirmed, row["note"]))
    return rules


def _white_labels(path: str, text: str) -> list[WhiteLabel]:
    brands = []
    for line, row in _rows(path, text, _WHITE_LABEL_COLUMNS):
        family, weight, confirmed = _common(path, line, row, "family")
        if family is None or not row["brand"] or not row["party_id"]:
            raise SourceFormatError(path, f"line {line}", "brand, party_id and family are needed")
        registrants = (_compile(path, line, "registrants", row["registrants"])
                       if row["registrants"] else None)
        brands.append(WhiteLabel(row["brand"], row["party_id"], family, weight,
                                 _compile(path, line, "aliases", row["aliases"]), registrants,
                                 row["source"], confirmed, row["note"]))
    return brands


@lru_cache(maxsize=1)
def _bundled() -> VendorKnowledge:
    folder = resources.files("offramp").joinpath("data", "devices")
    texts = {name: folder.joinpath(name).read_text("utf-8")
             for name in (ORG_FILE, SIGNAL_FILE, WHITE_LABEL_FILE)}
    return VendorKnowledge.from_texts(texts, "offramp/data/devices")
