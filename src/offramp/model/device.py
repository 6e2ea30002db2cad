"""Equipment in an estate: what one source says about a device, and what offramp concludes.

The flow (issue 6, docs/devices.md):

* readers in :mod:`offramp.scans` turn each input (asset register, nmap XML, DHCP leases,
  ARP/neighbour tables, switch MAC tables, saved discovery and device-API replies) into
  :class:`Observation` records, one per device per source record, keeping where it came from;
* :mod:`offramp.devices` merges observations of the same device into one :class:`Device`
  (by MAC, then serial, then IP and time);
* :mod:`offramp.fingerprint` weighs the evidence and gives an :class:`Identification`: a
  vendor or ``None`` ("unknown"), a confidence, every piece of :class:`Evidence` with its
  weight, and the instruments that name the vendor (from the restricted-vendor catalogue).

Everything is immutable, like the list model: devices are shared between the store, reports
and the plan.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any, TypeVar

_T = TypeVar("_T")

_MAC_HEX = re.compile(r"[0-9a-f]{12}")
_MAC_NORMAL = re.compile(r"(?:[0-9a-f]{2}:){5}[0-9a-f]{2}")
_MAC_SEPARATORS = str.maketrans("", "", ":-. ")
_NO_FIELDS: Mapping[str, str] = MappingProxyType({})  # read-only, so one serves every record


def normalize_mac(text: str | None) -> str | None:
    """``aa:bb:cc:dd:ee:ff`` from the usual spellings, or ``None`` when it is not a MAC.

    Accepts colon, hyphen, dot (Cisco ``aabb.ccdd.eeff``) and bare forms in any case;
    Windows ``arp -a`` prints hyphens, Cisco dotted quads, nmap upper-case colons.
    """
    if not text:
        return None
    bare = text.strip().lower().translate(_MAC_SEPARATORS)
    if not _MAC_HEX.fullmatch(bare):
        return None
    return ":".join(bare[i:i + 2] for i in range(0, 12, 2))


def is_locally_administered(mac: str) -> bool:
    """True when the U/L bit is set (second hex digit 2, 6, A or E): no OUI applies.

    Phones with MAC randomisation, virtual machines and some OEM firmware use such
    addresses; an OUI lookup on them would name an unrelated registrant.
    """
    return bool(int(mac[0:2], 16) & 0x02)


def is_multicast(mac: str) -> bool:
    """True for group addresses (I/G bit set): never a device's own address."""
    return bool(int(mac[0:2], 16) & 0x01)


def _direct_init(cls: type[_T]) -> type[_T]:
    """Give a frozen, slotted dataclass an ``__init__`` that sets its slots directly.

    The same signature, defaults, default factories and ``__post_init__`` as the generated
    one; only the detour through ``object.__setattr__`` per field (how frozen dataclasses
    bypass their own ``__setattr__``) is gone, which makes these objects about 1.5-1.7 times
    faster to create. An estate makes millions of them (issue 6 benchmark, docs/devices.md).
    A class using ``init=False``, keyword-only or ``InitVar`` fields keeps its own.
    """
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if any(not f.init or f.kw_only for f in fields) or len(fields) != len(
            getattr(cls, "__dataclass_fields__", {})):
        return cls
    namespace: dict[str, Any] = {"_absent": object()}
    params: list[str] = []
    body: list[str] = []
    for f in fields:
        setter: Callable[[object, object], None] = cls.__dict__[f.name].__set__
        namespace[f"_set_{f.name}"] = setter
        value = f.name
        if f.default is not dataclasses.MISSING:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            namespace[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_absent")
            value = f"_factory_{f.name}() if {f.name} is _absent else {f.name}"
        else:
            params.append(f.name)
        body.append(f"    _set_{f.name}(self, {value})\n")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()\n")
    # Generated, as dataclasses generate __init__: one frame per object, no loop.
    exec(f"def __init__(self, {', '.join(params)}):\n{''.join(body)}", namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


class SourceKind(StrEnum):
    """Which kind of input an observation comes from (shown in evidence and reports)."""

    ASSET_REGISTER = "asset-register"
    NMAP = "nmap"
    DHCP_LEASES = "dhcp-leases"
    ARP_TABLE = "arp-table"
    MAC_TABLE = "mac-table"
    ONVIF_PROBE = "onvif-probe"  # WS-Discovery ProbeMatches
    SADP = "sadp"  # Hikvision SADP ProbeMatch
    DHIP = "dhip"  # Dahua DHIP discovery reply
    ISAPI = "isapi"  # Hikvision ISAPI /System/deviceInfo
    MAGICBOX = "magicbox"  # Dahua /cgi-bin/magicBox.cgi key=value
    ONVIF_DEVICE_INFO = "onvif-device-info"  # ONVIF GetDeviceInformationResponse
    NVR_CHANNEL = "nvr-channel"  # a camera behind an NVR, from the NVR's channel list


@_direct_init
@dataclass(frozen=True, slots=True)
class Observation:
    """What one source record says about one device, fields as found (cleaned, not judged).

    ``mac`` is normalised by :func:`normalize_mac`; ``ip`` is the text form of an IPv4 or
    IPv6 address. ``vendor`` is free text as the source gives it (an asset register's
    "Make" column, nmap's MAC vendor, ISAPI ``manufacturer``, DHIP ``Vendor``). ``banners``
    hold service identification strings (HTTP ``Server:`` headers, RTSP realms and servers,
    nmap product/version, script output); ``ports`` open TCP/UDP ports as ``"tcp/8000"``.
    ``fields`` keeps every other column or element (purchase date, cost, OEM code, device
    class, ONVIF scopes, ...) so nothing read is lost. ``where`` says where in the file
    (``line 12``, ``host 10.0.0.5``) so a reviewer can look.
    """

    source: SourceKind
    file: str
    where: str
    mac: str | None = None
    ip: str | None = None
    hostname: str | None = None
    vendor: str | None = None
    model: str | None = None
    serial: str | None = None
    firmware: str | None = None
    site: str | None = None
    seen_at: datetime | None = None
    ports: tuple[str, ...] = ()
    banners: tuple[str, ...] = ()
    fields: Mapping[str, str] = field(default_factory=lambda: _NO_FIELDS)

    def __post_init__(self) -> None:
        # The regex check first: readers pass millions of normalised MACs.
        if self.mac is not None and not _MAC_NORMAL.fullmatch(self.mac):
            raise ValueError(f"Observation.mac must be normalised (got {self.mac!r})")
        if not isinstance(self.fields, MappingProxyType):
            object.__setattr__(self, "fields", MappingProxyType(dict(self.fields)))

    @property
    def ref(self) -> str:
        """``file (where)``: how evidence cites this observation."""
        return f"{self.file} ({self.where})" if self.where else self.file


@_direct_init
@dataclass(frozen=True, slots=True)
class Evidence:
    """One weighed signal for (or against) a vendor.

    ``signal`` is one of ``oui``, ``model``, ``serial``, ``banner``, ``port``,
    ``device-api``, ``discovery``, ``vendor-text``, ``white-label``, ``hostname``.
    ``vendor`` is the catalogue party id of the vendor family the signal points to
    (``hikvision``, ``dahua``, ``huawei``, ``zte``, ``hytera``) or ``None`` when the signal
    points away from every restricted vendor (an OUI registered to someone else). ``weight``
    is in [0, 1]; ``detail`` is the sentence a reviewer reads; ``ref`` cites the observation.
    """

    signal: str
    vendor: str | None
    weight: float
    detail: str
    ref: str = ""


@_direct_init
@dataclass(frozen=True, slots=True)
class Instrument:
    """A law or list that names a vendor (a row of the restricted-vendor catalogue)."""

    instrument: str  # catalogue id, e.g. "fcc-covered-list"
    name: str  # "FCC Covered List (...)"
    party: str  # the party as the instrument names it
    date: str | None
    scope: str
    source_url: str
    confirmed: bool


@_direct_init
@dataclass(frozen=True, slots=True)
class Identification:
    """offramp's conclusion about one device.

    ``vendor`` is the catalogue party id of the restricted vendor family, or ``None`` for
    "unknown" (never a guess). ``brand`` is the name on the box when it differs (``EZVIZ``,
    ``Amcrest``: white-label or sub-brand). ``confidence`` in [0, 1]. ``registry_date`` is
    the date of the OUI registry used, so every result can be reproduced.
    """

    vendor: str | None
    confidence: float
    evidence: tuple[Evidence, ...] = ()
    brand: str | None = None
    model: str | None = None
    instruments: tuple[Instrument, ...] = ()
    registry_date: str | None = None

    @property
    def restricted(self) -> bool:
        """True when a restricted vendor was identified (some instrument names it)."""
        return self.vendor is not None and bool(self.instruments)


@_direct_init
@dataclass(frozen=True, slots=True)
class Device:
    """One device after merging: its best-known attributes and the observations behind them.

    ``key`` is stable across runs for the same inputs (``mac:aa:bb:..``, ``serial:...``,
    ``ip:10.0.0.5``, or ``row:file:line`` when nothing identifies it).
    """

    key: str
    observations: tuple[Observation, ...]
    mac: str | None = None
    ip: str | None = None
    hostname: str | None = None
    vendor: str | None = None
    model: str | None = None
    serial: str | None = None
    firmware: str | None = None
    site: str | None = None
