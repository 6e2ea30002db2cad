"""The batch path (``Identifier.identify_many``) gives exactly what ``identify`` gives.

A seeded generator draws devices from pools of values as the readers produce them: MACs in
real blocks of the bundled registry (MA-L, and MA-M / MA-S blocks inside subdivided /24s,
plus addresses in those /24s outside every sub-block), locally administered, multicast and
unregistered MACs; vendor text, models and Hikvision-layout serials (the field notes'
format: model + 8-digit date + letters + digits) including false friends; HTTP/RTSP banners,
ports, device-API and discovery fields; every kind of source; devices with several
observations and devices whose merged attributes differ from their observation's. Every
result (vendor, brand, model, confidence, evidence with its citations, instruments,
registry date) is compared with the reference, cold and warm.
"""

from __future__ import annotations

import gc
import random
import re
from collections.abc import Mapping

import pytest

from offramp.fingerprint import Identifier, OuiRegistry
from offramp.model import Device, Instrument, Observation, SourceKind

INSTRUMENTS: Mapping[str, tuple[Instrument, ...]] = {
    party: (Instrument("fcc-covered-list", "FCC Covered List", party, "2021-03-12", "scope",
                       "https://www.fcc.gov/supplychain/coveredlist", False),)
    for party in ("hikvision", "dahua", "ezviz", "hilook", "huacheng", "huawei", "zte")}

ORGANISATIONS = re.compile(
    r"hikvision|ezviz|dahua|huacheng|amcrest|lorex|espressif|synology|axis|cisco|honor|"
    r"huawei|zte|microimage", re.IGNORECASE)
VENDORS = (None, "", "Hikvision", "HIKVISION", "Hik Vision", "EZVIZ", "HiLook", "Dahua",
           "Dahua Technology", "Imou", "Amcrest", "Lorex", "Shanghai Dahua Scale Factory",
           "Synology", "Axis", "Cisco Systems", "Honor", "Huawei", "ZTE", "CCTV", "海康威视")
MODELS = (None, "DS-2CD2143G0-I", "DS-2CD2386G2-IU", "iDS-7216HQHI-M1/S", "DS-7608NI-K2",
          "DS920+", "DS220+", "DH-IPC-HFW2431S-S-S2", "IPC-HDW5231R-ZE", "IP8M-2496EB",
          "XVR5108HS-I3", "P3245-LVE", "C9200L-48P-4G", "ZXHN F670L", "S5735-L48T4X-A1",
          "CS-C6N-A0-1C2WFR", "TCS-150")
BANNERS = ((), ("App-webs/",), ("Dahua Rtsp Server",), ("Server: lighttpd/1.4.59",),
           ('WWW-Authenticate: Digest realm="Hikvision"', "DNVRS-Webs"))
PORTS = ((), ("tcp/80",), ("tcp/8000", "udp/37020"), ("tcp/37777",), ("tcp/554", "tcp/443"))
FIELDS: tuple[dict[str, str], ...] = (
    {}, {}, {}, {"asset_id": "A0001", "cost": "120.00"}, {"OEMCode": "1"},
    {"updateSerial": "IPC-HDW5831R-ZE", "deviceType": "IP8M-2496EB"},
    {"DeviceClass": "IPC"}, {"Manufacturer": "Dahua"}, {"hardware": "DS-2CD2143G0-I"},
    {"Scopes": "onvif://www.onvif.org/hardware/DS-2CD2143G0-I "
               "onvif://www.onvif.org/name/HIKVISION%20camera"})

SERIALS = ("DS-2CD2143G0-I20210102AAWRJ12345678", "DS-2CD2143G0-I20230405BBXYZ87654321")
OTHER_VALUES: Mapping[str, tuple[str | None, ...]] = {
    "mac": ("44:19:b6:12:34:56", "3c:ef:8c:00:00:01", None), "vendor": ("Hikvision", None),
    "model": ("DS-2CD2143G0-I", "DS920+", None),
    "serial": (SERIALS[0], None)}


class _Estate:
    """Seeded devices, as the readers and the merge step would make them."""

    def __init__(self, registry: OuiRegistry, seed: int) -> None:
        self.rng = random.Random(seed)
        blocks = list(registry.blocks())
        self.named = [b for b in blocks if ORGANISATIONS.search(b.organisation)]
        # /24s holding smaller blocks, and those blocks: an address in such a /24 may fall
        # in one of them or in none.
        split = sorted(registry.subdivided())
        self.parents = split[:: max(1, len(split) // 40)][:40]
        chosen = set(self.parents)
        self.small = [b for b in blocks if b.bits > 24 and b.prefix[:6].lower() in chosen]

    def mac(self) -> str | None:
        rng = self.rng
        pick = rng.random()
        if pick < 0.1:
            return None
        if pick < 0.55:
            block = rng.choice(self.named if pick < 0.45 else self.small)
            prefix, bits = block.prefix.lower(), block.bits
        elif pick < 0.7:
            prefix, bits = rng.choice(self.parents), 24
        elif pick < 0.8:
            prefix, bits = f"{rng.randrange(256) | 0x02 & 0xFE:02x}", 8  # locally administered
        elif pick < 0.85:
            prefix, bits = "01005e", 24  # multicast
        else:
            prefix, bits = f"{rng.getrandbits(24) & 0xFCFFFF:06x}", 24  # often unregistered
        tail = 12 - bits // 4
        bare = prefix + f"{rng.getrandbits(tail * 4):0{tail}x}"
        return ":".join(bare[i:i + 2] for i in range(0, 12, 2))

    def serial(self, model: str | None) -> str | None:
        rng = self.rng
        pick = rng.random()
        if pick < 0.3:
            return None
        if pick < 0.7 and model:
            letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(5))
            serial = (f"{model}20{rng.randint(15, 25)}{rng.randint(1, 12):02d}"
                      f"{rng.randint(1, 28):02d}{letters}{rng.randint(10**7, 10**8 - 1)}")
            return serial.lower() if pick < 0.35 else serial  # the screen ignores case
        if pick < 0.8:
            return rng.choice(("N/A", "0", "unknown"))
        return f"{rng.getrandbits(40):X}"

    def observation(self, index: int, source: SourceKind | None = None) -> Observation:
        rng = self.rng
        model = rng.choice(MODELS)
        serial = self.serial(model)
        fields = dict(rng.choice(FIELDS))
        if rng.random() < 0.05:  # a device-API serial field next to the serial column
            model = "DS-2CD2143G0-I"
            serial, fields["serialNo"] = rng.choice(SERIALS), rng.choice(SERIALS)
        return Observation(
            source=source or rng.choice(list(SourceKind)), file=f"estate-{index % 3}.csv",
            where=f"line {index + 2}" if rng.random() < 0.95 else "",
            mac=self.mac(), ip=f"10.0.{rng.randrange(4)}.{rng.randrange(1, 255)}",
            vendor=rng.choice(VENDORS) or None, model=model, serial=serial,
            banners=rng.choice(BANNERS), ports=rng.choice(PORTS), fields=fields,
            site=rng.choice(("Depot", "Library", None)))

    def devices(self, count: int) -> list[Device]:
        rng = self.rng
        out = []
        for index in range(count):
            pick = rng.random()
            source = SourceKind.ASSET_REGISTER if pick < 0.6 else None
            observations = tuple(self.observation(index * 3 + k, source)
                                 for k in range(3 if pick > 0.93 else 1))
            first = observations[0]
            merged = {"mac": first.mac, "vendor": first.vendor, "model": first.model,
                      "serial": first.serial}
            if 0.9 < pick <= 0.93:  # the merge step chose a value from elsewhere
                name = rng.choice(list(OTHER_VALUES))
                merged[name] = rng.choice(OTHER_VALUES[name])
            out.append(Device(key=f"row:estate.csv:{index}", observations=observations,
                              ip=first.ip, site=first.site, **merged))
        return out


@pytest.fixture(scope="module")
def registry() -> OuiRegistry:
    return OuiRegistry.bundled()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_batch_results_equal_the_reference(registry: OuiRegistry, seed: int) -> None:
    devices = _Estate(registry, seed).devices(3000)
    reference = Identifier(registry, INSTRUMENTS)
    want = [reference.identify(d) for d in devices]
    batch = Identifier(registry, INSTRUMENTS)
    assert batch.identify_many(devices) == want  # cold: every plan built on the way
    assert batch.identify_many(reversed(devices)) == want[::-1]  # warm, other order
    # The workload is what it claims: all kinds of result and evidence occur.
    vendors = {i.vendor for i in want}
    assert {None, "hikvision", "dahua"} <= vendors
    signals = {e.signal for i in want for e in i.evidence}
    assert {"oui", "model", "serial", "banner", "port", "vendor-text", "white-label",
            "device-api", "discovery"} <= signals
    assert any(i.brand for i in want) and any(i.instruments for i in want)
    serial_evidence = [e for i in want for e in i.evidence if e.signal == "serial"]
    assert len({e.detail for e in serial_evidence}) > 100  # each quotes its own serial


def test_one_identifier_mixing_both_paths_stays_consistent(registry: OuiRegistry) -> None:
    devices = _Estate(registry, 4).devices(1500)
    identifier = Identifier(registry, INSTRUMENTS)
    first = [identifier.identify(d) for d in devices[:700]]
    batch = identifier.identify_many(devices)
    assert batch[:700] == first
    assert [identifier.identify(d) for d in devices[700:]] == batch[700:]


def test_a_serial_quoted_in_evidence_is_the_devices_own(registry: OuiRegistry) -> None:
    identifier = Identifier(registry, INSTRUMENTS)
    serials = ["DS-2CD2143G0-I20210102AAWRJ12345678", "DS-2CD2143G0-I20230405BBXYZ87654321"]
    devices = [Device(key=f"row:r.csv:{n}", observations=(Observation(
        SourceKind.ASSET_REGISTER, "r.csv", f"line {n}", vendor="Hikvision",
        model="DS-2CD2143G0-I", serial=s),), vendor="Hikvision", model="DS-2CD2143G0-I",
        serial=s) for n, s in enumerate(serials)]
    results = identifier.identify_many(devices)
    for serial, result, n in zip(serials, results, range(2), strict=True):
        (evidence,) = [e for e in result.evidence if e.signal == "serial"]
        assert repr(serial) in evidence.detail and evidence.ref == f"r.csv (line {n})"
    assert results[0].confidence == results[1].confidence and results[0].vendor == "hikvision"


def test_empty_batch_and_collector_state(registry: OuiRegistry) -> None:
    identifier = Identifier(registry)
    assert identifier.identify_many([]) == []
    assert gc.isenabled()
    gc.disable()
    try:
        identifier.identify_many([])
        assert not gc.isenabled()  # a caller's choice to keep it off is kept
    finally:
        gc.enable()


def test_subdivided_lists_the_parents_of_smaller_blocks(registry: OuiRegistry) -> None:
    split = registry.subdivided()
    small = [b for b in registry.blocks() if b.bits > 24]
    assert split == {b.prefix[:6].lower() for b in small}
    # A MAC under any other /24 gets its answer from its first three octets.
    plain = next(b for b in registry.blocks() if b.bits == 24
                 and b.prefix.lower() not in split)
    head = ":".join(plain.prefix.lower()[i:i + 2] for i in (0, 2, 4))
    assert {registry.prefix_of(head + tail) for tail in (":00:00:01", ":ff:ff:fe")} == {
        plain.prefix.lower()}


def _one(n: int, source: SourceKind = SourceKind.ASSET_REGISTER, **values: object) -> Device:
    obs = Observation(source, "r.csv", f"line {n}", **values)  # type: ignore[arg-type]
    return Device(key=f"row:r.csv:{n}", observations=(obs,), mac=obs.mac, vendor=obs.vendor,
                  model=obs.model, serial=obs.serial)


def test_macs_inside_and_outside_the_smaller_blocks_of_a_24(registry: OuiRegistry) -> None:
    # Devices alike but for the MAC: the plan key holds the MAC's block, and a /24 holding
    # MA-M / MA-S blocks cannot be told from its first three octets alone.
    split = sorted(registry.subdivided())[:25]
    small = [b.prefix.lower() for b in registry.blocks() if b.bits > 24
             and b.prefix[:6].lower() in split]
    bare = [p + "0" * (12 - len(p)) for p in split] + [p.ljust(12, "f") for p in small]
    bare += [p + "f" * (12 - len(p)) for p in split]
    rng = random.Random(5)
    rng.shuffle(bare)
    devices = [_one(n, mac=":".join(b[i:i + 2] for i in range(0, 12, 2)))
               for n, b in enumerate(bare)]
    want = [Identifier(registry).identify(d) for d in devices]
    assert Identifier(registry).identify_many(devices) == want
    assert len({e.detail for i in want for e in i.evidence}) > len(split)


def test_a_serial_field_beside_the_serial_column(registry: OuiRegistry) -> None:
    # Same model and API serial field, different own serials that say the same thing: the
    # reference reads the two serials as one value when equal, as two when not.
    devices = [_one(n, SourceKind.ISAPI, model="DS-2CD2143G0-I", serial=SERIALS[n % 2],
                    fields={"serialNo": SERIALS[0]}) for n in range(4)]
    want = [Identifier(registry).identify(d) for d in devices]
    assert [len([e for e in i.evidence if e.signal == "serial"]) for i in want] == [1, 2, 1, 2]
    assert Identifier(registry).identify_many(devices) == want
