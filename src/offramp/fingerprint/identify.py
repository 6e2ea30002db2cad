"""Identifying a device's maker from everything its observations say.

:class:`Identifier` reads, for every observation of a :class:`~offramp.model.Device` (and
the device's merged attributes): the MAC's OUI block (longest prefix), vendor text, model,
serial, banners, open ports, device-API and discovery fields (``OEMCode``, ``updateSerial``,
``DeviceType``, ONVIF scopes, ...) and the kind of source itself (a SADP reply is Hikvision's
protocol). Hostnames are not read: they are labels people choose, unique per device, and
screening each one cost more than its weak evidence was worth (see docs/devices.md). Each
value becomes findings (:mod:`offramp.fingerprint.findings`),
the findings become a confidence (:mod:`offramp.fingerprint.combine`), and every finding is
kept as :class:`~offramp.model.Evidence` citing the observation it came from.

Speed: the verdict depends only on the *values* seen (the MAC only through its registry
block), so it is cached by that tuple of values; only the references to observations are
attached per device. Identification is deterministic and pure: the same device, registry
and knowledge give the same result, cached or not. :meth:`Identifier.identify_many` does the
same for a whole estate at a fraction of the cost per device (:mod:`.batch`); this module's
:meth:`Identifier.identify` is the reference it is tested against.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from urllib.parse import unquote

from offramp.fingerprint import findings as read
from offramp.fingerprint.batch import BatchPlans
from offramp.fingerprint.combine import decide, scores
from offramp.fingerprint.findings import Finding
from offramp.fingerprint.knowledge import VendorKnowledge
from offramp.fingerprint.oui import OuiRegistry
from offramp.model import Device, Evidence, Identification, Instrument, Observation, SourceKind

# Field names as readers write them, folded (lower case, letters and digits only) -> what
# the value is. Fields named in signals.csv (oemcode, updateserial) are read as such too.
FIELD_ROLES: Mapping[str, str] = MappingProxyType({
    "manufacturer": "vendor", "vendor": "vendor", "make": "vendor", "brand": "vendor",
    "devicetype": "model", "devicedescription": "model", "devicemodel": "model",
    "model": "model", "hardware": "model",
    "serialno": "serial", "serialnumber": "serial", "devicesn": "serial", "serial": "serial",
    "scopes": "scopes", "onvifscopes": "scopes",
})
# Who answers for a vendor string: nmap's "MAC vendor" is nmap's own OUI lookup (the oui
# signal again, not independent text); device APIs and discovery replies are the device.
_VENDOR_KIND: Mapping[SourceKind, str] = MappingProxyType({
    SourceKind.NMAP: "vendor:oui",
    SourceKind.ISAPI: "vendor:device-api", SourceKind.MAGICBOX: "vendor:device-api",
    SourceKind.ONVIF_DEVICE_INFO: "vendor:device-api",
    SourceKind.NVR_CHANNEL: "vendor:device-api",
    SourceKind.SADP: "vendor:discovery", SourceKind.DHIP: "vendor:discovery",
    SourceKind.ONVIF_PROBE: "vendor:discovery",
})
# Kinds of value that are mostly unique per device: not cached when they say nothing.
_UNIQUE_KINDS = frozenset({"serial"})
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_SCOPE = re.compile(r"onvif://www\.onvif\.org/(hardware|name)/(\S+)", re.IGNORECASE)
_CACHE_LIMIT = 200_000  # verdicts kept; cleared when full (results never depend on it)

Item = tuple[str, str]
# vendor, confidence, brand, model, instruments
_Decision = tuple[str | None, float, str | None, str | None, tuple[Instrument, ...]]


@dataclass(frozen=True, slots=True)
class _Verdict:
    vendor: str | None
    confidence: float
    brand: str | None
    model: str | None
    instruments: tuple[Instrument, ...]
    findings: tuple[tuple[Finding, int], ...]  # with the index of the item it came from


class Identifier:
    """Identifies devices against one OUI registry, vendor knowledge and instrument table.

    ``instruments`` maps catalogue party ids (``hikvision``, ``ezviz``, ...) to the
    instruments naming them; an identified device gets its family's and, when its brand has
    its own catalogue party (EZVIZ, HiLook, Imou ...), the brand's.
    """

    def __init__(self, registry: OuiRegistry,
                 instruments: Mapping[str, tuple[Instrument, ...]] = MappingProxyType({}),
                 knowledge: VendorKnowledge | None = None) -> None:
        self.registry = registry
        self.instruments = instruments
        self.knowledge = knowledge or VendorKnowledge.bundled()
        self._api_fields = frozenset(
            r.field for s in ("device-api", "discovery") for r in self.knowledge.signals[s])
        self._verdicts: dict[tuple[Item, ...], _Verdict] = {}
        self._decisions: dict[tuple[object, ...], _Decision] = {}
        self._values: dict[Item, list[Finding]] = {}
        self._field_roles: dict[str, str | None] = {}
        self._reads_source = "source" in self._api_fields
        self._observations: dict[tuple[object, ...], tuple[tuple[Item, ...], str | None]] = {}
        self._single: dict[tuple[object, ...], tuple[_Verdict, str | None]] = {}
        self._serial_screen = self.knowledge.screen("serial")
        self._batch: BatchPlans | None = None
        # One combined pattern per kind of text: most values match no rule at all, and one
        # search says so faster than every rule in turn.
        text_screen = self.knowledge.screen("vendor-text")
        self._screens = {
            "model": self.knowledge.screen("model"), "serial": self.knowledge.screen("serial"),
            "banner": self.knowledge.screen("banner"), "port": self.knowledge.screen("port"),
            "scope:name": text_screen,
            "scope:hardware": self.knowledge.screen("model"),
            **{kind: text_screen for kind in set(_VENDOR_KIND.values())
               | {"vendor:vendor-text"}},
        }

    # -- gathering the values -------------------------------------------------------------

    def _mac_token(self, mac: str) -> str:
        """The MAC as a cache key: its registry block's prefix, or why it has none."""
        prefix = self.registry.prefix_of(mac)
        if prefix is not None:
            return prefix
        if mac[1] in "048c":
            return "unregistered:" + mac[:8]
        return "multicast" if int(mac[0:2], 16) & 0x01 else "local"

    def _field_role(self, name: str) -> str | None:
        role = self._field_roles.get(name, "?")
        if role == "?":
            folded = _NOT_ALNUM.sub("", name.lower())
            role = FIELD_ROLES.get(folded) or (
                "field:" + folded if folded in self._api_fields else None)
            self._field_roles[name] = role
        return role

    def _observation_key(self, obs: Observation) -> tuple[object, ...]:
        """What of ``obs`` can matter, as a hashable key: the MAC only as its registry block,
        a serial only when a serial pattern could apply, fields only when they are read."""
        mac = obs.mac
        serial = obs.serial
        if serial is not None and self._serial_screen.search(serial) is None:
            serial = None  # unique per device and saying nothing: kept out of the key
        fields = obs.fields
        read = (tuple((n, v) for n, v in fields.items() if v and self._field_role(n))
                if fields else ())
        return (obs.source, self._mac_token(mac) if mac else None, obs.vendor, obs.model,
                serial, obs.banners, obs.ports, read)

    def _observation_items(self, key: tuple[object, ...]) -> tuple[tuple[Item, ...], str | None]:
        """The items that say something, in order, and the first model string, for one
        observation key (cached)."""
        cached = self._observations.get(key)
        if cached is not None:
            return cached
        source, mac_token, vendor, model, serial, banners, ports, fields = key
        assert isinstance(source, SourceKind)
        vendor_kind = _VENDOR_KIND.get(source, "vendor:vendor-text")
        candidates: list[Item] = []
        if self._reads_source:
            candidates.append(("field:source", source.value))
        if mac_token is not None:
            candidates.append(("mac", str(mac_token)))
        if vendor:
            candidates.append((vendor_kind, str(vendor)))
        if model:
            candidates.append(("model", str(model)))
        if serial:
            candidates.append(("serial", str(serial)))
        candidates += [("banner", b) for b in banners]  # type: ignore[attr-defined]
        candidates += [("port", p) for p in ports]  # type: ignore[attr-defined]
        first_model = str(model) if model else None
        for name, value in fields:  # type: ignore[attr-defined]
            role = self._field_role(name)
            if role == "vendor":
                candidates.append((vendor_kind, value))
            elif role == "scopes":
                candidates += [("scope:" + kind.lower(), unquote(text))
                               for kind, text in _SCOPE.findall(value)]
            elif role is not None:
                if role == "model":
                    first_model = first_model or value
                candidates.append((role, value))
        items: list[Item] = []
        for item in candidates:
            if item not in items and self._read(item):
                items.append(item)
        result = (tuple(items), first_model)
        if len(self._observations) >= _CACHE_LIMIT:
            self._observations.clear()
        self._observations[key] = result
        return result

    def _gather(self, device: Device) -> tuple[tuple[Item, ...], list[str], str | None]:
        """The values that say something (the verdict's cache key), where each was seen, and
        the first model string (shown even when it matches no pattern)."""
        items: list[Item] = []
        refs: list[str] = []
        model: str | None = None
        held: set[str | None] = set()  # attribute values the observations hold
        for obs in device.observations:
            found, first_model = self._observation_items(self._observation_key(obs))
            model = model or first_model
            held.update((obs.mac, obs.vendor, obs.model, obs.serial))
            ref = obs.ref
            for item in found:
                if item not in items:
                    items.append(item)
                    refs.append(ref)
        # Merged attributes no observation holds (set by the merge step) still count.
        extra: list[Item] = []
        if device.mac and device.mac not in held:
            extra.append(("mac", self._mac_token(device.mac)))
        if device.vendor and device.vendor not in held:
            extra.append(("vendor:vendor-text", device.vendor))
        if device.model and device.model not in held:
            model = model or device.model
            extra.append(("model", device.model))
        if device.serial and device.serial not in held:
            extra.append(("serial", device.serial))
        for item in extra:
            if item not in items and self._read(item):
                items.append(item)
                refs.append(device.key)
        return tuple(items), refs, model

    # -- reading the values ---------------------------------------------------------------

    def _read(self, item: Item) -> list[Finding]:
        """Findings of one value (cached; values that are unique per device and say nothing,
        such as most serial numbers, are not kept)."""
        cached = self._values.get(item)
        if cached is not None:
            return cached
        kind, value = item
        k = self.knowledge
        screen = self._screens.get(kind)
        if screen is not None and screen.search(value) is None:
            if kind not in _UNIQUE_KINDS:
                self._values[item] = []
            return []
        found: list[Finding]
        if kind == "mac":
            found = self._read_mac(value)
        elif kind.startswith("vendor:"):
            signal = kind.removeprefix("vendor:")
            found = read.text_findings(k, signal, "vendor" if signal == "vendor-text"
                                       else f"{signal} vendor", value)
        elif kind == "model":
            found = read.model_findings(k, "model", "model", value)
        elif kind == "scope:hardware":
            found = read.model_findings(k, "discovery", "ONVIF hardware scope", value)
        elif kind == "scope:name":
            found = read.text_findings(k, "discovery", "ONVIF name scope", value)
        elif kind == "serial":
            found = read.serial_findings(k, value)
        elif kind == "banner":
            found = read.banner_findings(k, value)
        elif kind == "port":
            found = read.port_findings(k, value)
        elif kind.startswith("field:"):
            found = read.field_findings(k, kind.removeprefix("field:"), value)
        else:
            found = []
        if len(self._values) >= _CACHE_LIMIT:
            self._values.clear()
        self._values[item] = found
        return found

    def _read_mac(self, token: str) -> list[Finding]:
        date = self.registry.date
        if token == "multicast":
            return read.oui_findings(self.knowledge, None,
                                     "multicast (group) MAC address", date)
        if token == "local":
            return read.oui_findings(
                self.knowledge, None,
                "locally administered MAC address (randomised or set by software; "
                "no OUI applies)", date)
        if token.startswith("unregistered:"):
            return read.oui_findings(
                self.knowledge, None,
                f"OUI {token.removeprefix('unregistered:').upper()} is not in the OUI registry "
                f"of {date}", date)
        return read.oui_findings(self.knowledge, self.registry.block_at(token), "", date)

    # -- deciding -------------------------------------------------------------------------

    def _verdict(self, items: tuple[Item, ...]) -> _Verdict:
        found: list[tuple[Finding, int]] = []
        for index, item in enumerate(items):
            for finding in self._read(item):
                found.append((finding, index))
        # The decision reads everything of the findings but their wording (which names the
        # MAC block, the value...): devices with different values often share it.
        says = tuple((f.signal, f.vendor, f.weight, f.brand, f.party, f.model)
                     for f, _ in found)
        platform = next((v for k, v in items if k in ("field:updateserial", "scope:hardware")),
                        None)
        decision = self._decisions.get((says, platform))
        if decision is None:
            decision = self._decide([f for f, _ in found], platform)
            if len(self._decisions) >= _CACHE_LIMIT:
                self._decisions.clear()
            self._decisions[(says, platform)] = decision
        vendor, confidence, brand, model, instruments = decision
        return _Verdict(vendor, confidence, brand, model, instruments, tuple(found))

    def _decide(self, found: list[Finding], platform: str | None) -> _Decision:
        """Vendor, confidence, brand, model and instruments from the findings, and the
        platform field (``updateSerial``, ONVIF hardware scope) naming a model, if any."""
        ranked = scores((f.signal, f.vendor, f.weight) for f in found)
        vendor, confidence = decide(ranked)
        branded = [f for f in found if f.brand and f.weight > 0
                   and (vendor is None or f.vendor == vendor)]
        top = max(branded, key=lambda f: f.weight, default=None)
        brand = top.brand if top else None
        instruments: tuple[Instrument, ...] = ()
        if vendor is not None:
            instruments = tuple(self.instruments.get(vendor, ()))
            if top is not None and top.party and top.party != vendor:
                instruments += tuple(i for i in self.instruments.get(top.party, ())
                                     if i not in instruments)
        # The model when no observation gives one: read out of a serial, or a platform field.
        model = next((f.model for f in found if f.model), None) or platform
        return vendor, confidence, brand, model, instruments

    def _decided(self, items: tuple[Item, ...]) -> _Verdict:
        verdict = self._verdicts.get(items)
        if verdict is None:
            verdict = self._verdict(items)
            if len(self._verdicts) >= _CACHE_LIMIT:
                self._verdicts.clear()
            self._verdicts[items] = verdict
        return verdict

    def identify(self, device: Device) -> Identification:
        """The vendor family (or ``None``: unknown), confidence, brand, model, evidence and
        instruments for ``device``, with the registry date used."""
        observations = device.observations
        if len(observations) == 1:
            # The common case (one record per device): everything cached on the record.
            obs = observations[0]
            key = self._observation_key(obs)
            if (device.mac in (None, obs.mac) and device.vendor in (None, obs.vendor)
                    and device.model in (None, obs.model)
                    and device.serial in (None, obs.serial)):
                single = self._single.get(key)
                if single is None:
                    found, first_model = self._observation_items(key)
                    single = (self._decided(found), first_model)
                    if len(self._single) >= _CACHE_LIMIT:
                        self._single.clear()
                    self._single[key] = single
                verdict, model = single
                ref = obs.ref
                findings = verdict.findings
                if len(findings) == 1:  # most devices: one OUI finding
                    f = findings[0][0]
                    evidence: tuple[Evidence, ...] = (
                        Evidence(f.signal, f.vendor, f.weight, f.detail, ref),)
                else:
                    evidence = tuple(Evidence(f.signal, f.vendor, f.weight, f.detail, ref)
                                     for f, _ in findings)
                return Identification(verdict.vendor, verdict.confidence, evidence,
                                      verdict.brand, model or verdict.model,
                                      verdict.instruments, self.registry.date)
        items, refs, model = self._gather(device)
        verdict = self._decided(items)
        evidence = tuple(Evidence(f.signal, f.vendor, f.weight, f.detail, refs[i])
                         for f, i in verdict.findings)
        return Identification(verdict.vendor, verdict.confidence, evidence, verdict.brand,
                              model or verdict.model, verdict.instruments, self.registry.date)


    def identify_many(self, devices: Iterable[Device]) -> list[Identification]:
        """:meth:`identify` for each of ``devices``, in order, with identical results.

        The fast path for estates (:mod:`offramp.fingerprint.batch`): one-observation
        devices cost a few dict lookups and their result objects; the rest go through
        :meth:`identify`.
        """
        if self._batch is None:
            self._batch = BatchPlans(self)
        return self._batch.identify_many(devices)
