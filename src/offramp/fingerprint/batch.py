"""Identifying many devices at once: per device, a few dict lookups and the result objects.

:meth:`Identifier.identify <offramp.fingerprint.identify.Identifier.identify>` is the
reference: it gathers a device's values, reads each (cached) and decides (cached). Most
devices of an estate have one observation, and what decides them is a handful of values that
repeat from row to row (the MAC's registry block, the vendor and model text, the kind of
source). :class:`BatchPlans` keeps, per distinct tuple of those values, a :class:`_Plan`:
the verdict and the evidence with everything but the citation filled in. A device then
costs the key (its MAC's block found through a memo of the first three octets), one lookup
and the :class:`~offramp.model.Evidence` / :class:`~offramp.model.Identification` objects.

Serial numbers are the exception: unique per device, and the ones that match a serial
pattern (Hikvision's embed the model) are evidence whose text quotes the serial. They are
read per device, and the plan is keyed by what they *say* (signal, vendor, weight, brand,
party, model: everything the verdict reads) with the quoted detail filled in per device.

Devices with several observations, or whose merged attributes differ from their one
observation's, go to the reference path. Results are identical to it (tests prove it on
generated estates); the plans are built *by* it, from the first device with each key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from offramp.fingerprint import findings as read
from offramp.fingerprint.findings import Finding
from offramp.model import Device, Evidence, Identification, Instrument, Observation
from offramp.model.collector import collector_paused

if TYPE_CHECKING:
    from offramp.fingerprint.identify import Identifier

_CACHE_LIMIT = 200_000  # plans kept; cleared when full (results never depend on it)
_NO_SLOT = -1

# (signal, vendor, weight, detail, slot): slot is the index of the device's own serial
# finding whose detail replaces ``detail``, or _NO_SLOT.
_Template = tuple[str, str | None, float, str, int]
# What a serial finding tells the verdict (all of it but the detail, which quotes the value).
_SerialSay = tuple[str, str | None, float, str | None, str | None, str | None]


@dataclass(frozen=True, slots=True)
class _Plan:
    """One key's result, less the citation (and the serial's quoted detail)."""

    vendor: str | None
    confidence: float
    brand: str | None
    model: str | None
    instruments: tuple[Instrument, ...]
    evidence: tuple[_Template, ...]
    slotted: bool  # some evidence takes its detail from the device's serial findings


def _says(found: list[Finding]) -> tuple[_SerialSay, ...]:
    return tuple((f.signal, f.vendor, f.weight, f.brand, f.party, f.model) for f in found)


class BatchPlans:
    """The plans of one :class:`Identifier`, and the batch loop that uses them."""

    def __init__(self, identifier: Identifier) -> None:
        self.identifier = identifier
        self._plans: dict[tuple[object, ...], _Plan] = {}
        self._read_names: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._mac24: dict[str, str] = {}  # "aa:bb:cc" -> token (see _mac_token)
        self._subdivided = identifier.registry.subdivided()

    def _mac_token(self, mac: str) -> str:
        """The identifier's MAC token, memoised by the first three octets where they decide
        it: a registered or unregistered /24 with no MA-M or MA-S block inside. (Locally
        administered and multicast addresses are told apart at once, and randomised ones
        would fill the memo with one-off entries.)"""
        token = self.identifier._mac_token(mac)
        head = mac[:8]
        if mac[1] in "048c" and head.replace(":", "") not in self._subdivided:
            if len(self._mac24) >= _CACHE_LIMIT:
                self._mac24.clear()
            self._mac24[head] = token
        return token

    def _read_fields(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """The field names, of those given, that identification reads (in order)."""
        found = self._read_names.get(names)
        if found is None:
            role = self.identifier._field_role
            found = self._read_names[names] = tuple(n for n in names if role(n))
        return found

    def _plan(self, obs: Observation, key: tuple[object, ...],
              serial_found: list[Finding] | None) -> _Plan:
        """Build the plan for ``key`` through the reference path, from ``obs``."""
        ident = self.identifier
        # The reference's key for ``obs``: the same values, but a serial as itself.
        serial = None if key[4] is None else obs.serial
        items, first_model = ident._observation_items((*key[:4], serial, *key[5:]))
        verdict = ident._decided(items)
        serial_at = items.index(("serial", obs.serial)) if (
            serial_found and ("serial", obs.serial) in items) else -1
        evidence: list[_Template] = []
        slot = 0
        for finding, index in verdict.findings:
            if index == serial_at:
                assert serial_found is not None
                mine = serial_found[slot]
                # The reference read the same value with the same rules: same findings.
                assert (mine.signal, mine.vendor, mine.weight) == (
                    finding.signal, finding.vendor, finding.weight)
                evidence.append((finding.signal, finding.vendor, finding.weight,
                                 finding.detail, slot))
                slot += 1
            else:
                evidence.append((finding.signal, finding.vendor, finding.weight,
                                 finding.detail, _NO_SLOT))
        plan = _Plan(verdict.vendor, verdict.confidence, verdict.brand,
                     first_model or verdict.model, verdict.instruments, tuple(evidence),
                     serial_at >= 0)
        if len(self._plans) >= _CACHE_LIMIT:
            self._plans.clear()
        self._plans[key] = plan
        return plan

    def identify_many(self, devices: Iterable[Device]) -> list[Identification]:
        """:meth:`Identifier.identify` of each device, in order (cyclic GC paused: it makes
        only acyclic objects, see :mod:`offramp.model.collector`)."""
        with collector_paused():
            return self._identify_all(devices)

    def _identify_all(self, devices: Iterable[Device]) -> list[Identification]:
        ident = self.identifier
        knowledge = ident.knowledge
        date = ident.registry.date
        serial_screen = ident._serial_screen.search
        plans = self._plans
        mac24 = self._mac24
        role = ident._field_role
        out: list[Identification] = []
        append = out.append
        for device in devices:
            observations = device.observations
            if len(observations) != 1:
                append(ident.identify(device))
                continue
            obs = observations[0]
            mac = obs.mac
            serial = obs.serial
            vendor = obs.vendor
            model = obs.model
            # Merged attributes that differ from the one observation's are evidence too:
            # the reference path gathers them.
            if not ((device.mac is None or device.mac == mac)
                    and (device.vendor is None or device.vendor == vendor)
                    and (device.model is None or device.model == model)
                    and (device.serial is None or device.serial == serial)):
                append(ident.identify(device))
                continue
            fields = obs.fields
            read_fields: tuple[tuple[str, str], ...] = ()
            if fields:
                names = self._read_fields(tuple(fields))
                if names:
                    read_fields = tuple((n, text) for n in names if (text := fields[n]))
            serial_key: object = None
            serial_found: list[Finding] | None = None
            if serial is not None and serial_screen(serial) is not None:
                if any(role(n) == "serial" for n, _ in read_fields):
                    # Another serial among the fields may be the same value: the reference
                    # path would read it once. Keyed by value, as the reference does.
                    serial_key = ("value", serial)
                else:
                    serial_found = read.serial_findings(knowledge, serial)
                    serial_key = _says(serial_found)
            token = None
            if mac is not None:
                token = mac24.get(mac[:8])
                if token is None:
                    token = self._mac_token(mac)
            key = (obs.source, token, vendor, model, serial_key, obs.banners, obs.ports,
                   read_fields)
            plan = plans.get(key)
            if plan is None:
                plan = self._plan(obs, key, serial_found)
            where = obs.where
            ref = f"{obs.file} ({where})" if where else obs.file
            if plan.slotted:
                assert serial_found is not None
                evidence = tuple(
                    Evidence(s, v, w, d if slot < 0 else serial_found[slot].detail, ref)
                    for s, v, w, d, slot in plan.evidence)
            elif len(plan.evidence) == 1:
                s, v, w, d, _ = plan.evidence[0]
                evidence = (Evidence(s, v, w, d, ref),)
            else:
                evidence = tuple(Evidence(s, v, w, d, ref)
                                 for s, v, w, d, _ in plan.evidence)
            append(Identification(plan.vendor, plan.confidence, evidence, plan.brand,
                                  plan.model, plan.instruments, date))
        return out
