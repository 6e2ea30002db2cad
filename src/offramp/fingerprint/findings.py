"""What one value says about the maker: ``(kind, value)`` -> :class:`Finding` list.

Each function reads one kind of value against the compiled :class:`VendorKnowledge` and
returns findings *without* a reference to where the value was seen, so that results can be
cached by value (inventories repeat models and OUI blocks heavily) and cited per device by
:mod:`offramp.fingerprint.identify`.
"""

from __future__ import annotations

from typing import NamedTuple

from offramp.fingerprint.knowledge import SignalRule, VendorKnowledge
from offramp.fingerprint.oui import OuiBlock

# An OUI registered to a maker that is in none of the tables points away from the restricted
# vendors -- but OEM units and replacement NICs carry other makers' OUIs, so only weakly.
OTHER_REGISTRANT_WEIGHT = 0.2


class Finding(NamedTuple):
    """A signal read from a value: ``vendor`` None points away from every restricted vendor.

    ``brand`` / ``party`` name a sub-brand or white-label brand (``EZVIZ``/``ezviz``,
    ``Amcrest``/``wl-amcrest``); ``model`` is a model read out of a serial number.
    """

    signal: str
    vendor: str | None
    weight: float
    detail: str
    brand: str | None = None
    party: str | None = None
    model: str | None = None


def _flags(rule_note: str, confirmed: bool) -> str:
    note = f": {rule_note}" if rule_note else ""
    return note + ("" if confirmed else " (unconfirmed)")


def _family(vendor: str) -> str:
    return {"zte": "ZTE"}.get(vendor, vendor.capitalize())


def oui_findings(knowledge: VendorKnowledge, block: OuiBlock | None, reason: str,
                 registry_date: str) -> list[Finding]:
    """The OUI signal of one MAC's registry block (or of its absence)."""
    if block is None:
        return [Finding("oui", None, 0.0, f"{reason}: no OUI evidence")]
    where = (f"OUI {block.label} ({block.registry}) is registered to {block.organisation!r} "
             f"(registry {registry_date})")
    for rule in knowledge.organisations:
        if not rule.pattern.search(block.organisation):
            continue
        if rule.vendor is None:
            return [Finding("oui", None, 0.0,
                            f"{where}{_flags(rule.note, rule.confirmed)}; not counted")]
        brand = f" ({rule.brand})" if rule.brand else ""
        return [Finding("oui", rule.vendor, rule.weight,
                        f"{where}: {_family(rule.vendor)} family{brand}"
                        f"{_flags(rule.note, rule.confirmed)}", rule.brand, rule.party_id)]
    for label in knowledge.white_labels:
        if label.registrants is not None and label.registrants.search(block.organisation):
            return [Finding("white-label", label.family, label.weight,
                            f"{where}: {label.brand} is a white-label brand of "
                            f"{_family(label.family)} units{_flags(label.note, label.confirmed)}",
                            label.brand, label.party_id)]
    return [Finding("oui", None, OTHER_REGISTRANT_WEIGHT,
                    f"{where}, not a restricted vendor (OEM units may still carry it)")]


def _pattern_findings(rules: tuple[SignalRule, ...], signal: str, what: str, value: str,
                      factor: float = 1.0, show_pattern: bool = True) -> list[Finding]:
    """False friends first (one match: that finding alone); else the best rule per vendor."""
    best: dict[str, tuple[SignalRule, str | None]] = {}
    for rule in rules:
        found = rule.pattern.search(value)
        if found is None:
            continue
        if rule.vendor is None:
            return [Finding(signal, None, 0.0,
                            f"{what} {value!r} looks like a restricted vendor's but is not"
                            f"{_flags(rule.note, rule.confirmed)}; not counted")]
        model = found.groupdict().get("model")
        held = best.get(rule.vendor)
        if held is None or rule.weight > held[0].weight:
            best[rule.vendor] = (rule, model)
    findings = []
    for vendor, (rule, model) in best.items():
        brand = f" ({rule.brand})" if rule.brand else ""
        embedded = f", model {model}" if model else ""
        says = (f"matches {_family(vendor)}{brand} pattern {rule.text}" if show_pattern
                else f"points to {_family(vendor)}{brand}")
        findings.append(Finding(
            signal, vendor, round(rule.weight * factor, 4),
            f"{what} {value!r} {says}{embedded}{_flags(rule.note, rule.confirmed)}",
            rule.brand, rule.party_id, model))
    return findings


def text_findings(knowledge: VendorKnowledge, signal: str, what: str, value: str,
                  factor: float = 1.0) -> list[Finding]:
    """Free text naming a maker or brand: vendor-text patterns, then white-label brands."""
    findings = _pattern_findings(knowledge.signals["vendor-text"], signal, what, value, factor)
    if findings and findings[0].vendor is None:
        return findings
    for label in knowledge.white_labels:
        if label.aliases.search(value):
            findings.append(Finding(
                "white-label", label.family, round(label.weight * factor, 4),
                f"{what} {value!r}: {label.brand} is a white-label brand of "
                f"{_family(label.family)} units{_flags(label.note, label.confirmed)}",
                label.brand, label.party_id))
    return findings


def model_findings(knowledge: VendorKnowledge, signal: str, what: str,
                   value: str) -> list[Finding]:
    """A model string against the model patterns."""
    return _pattern_findings(knowledge.signals["model"], signal, what, value)


def serial_findings(knowledge: VendorKnowledge, value: str) -> list[Finding]:
    """A serial number against the serial patterns (Hikvision serials embed the model)."""
    return _pattern_findings(knowledge.signals["serial"], "serial", "serial", value)


def banner_findings(knowledge: VendorKnowledge, value: str) -> list[Finding]:
    """A service banner (HTTP Server:, RTSP realm, nmap product) against banner patterns."""
    return _pattern_findings(knowledge.signals["banner"], "banner", "banner", value)


def port_findings(knowledge: VendorKnowledge, value: str) -> list[Finding]:
    """An open port (``tcp/37777``)."""
    return _pattern_findings(knowledge.signals["port"], "port", "open port", value)


def field_findings(knowledge: VendorKnowledge, field: str, value: str) -> list[Finding]:
    """A device-API or discovery field (``oemcode``, ``updateserial``) or the source kind."""
    findings = []
    for signal in ("device-api", "discovery"):
        rules = tuple(r for r in knowledge.signals[signal] if r.field == field)
        what = "seen as" if field == "source" else f"field {field}"
        findings += _pattern_findings(rules, signal, what, value, show_pattern=False)
    return findings
