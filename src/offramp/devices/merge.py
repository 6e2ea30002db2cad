"""Merging the observations of one device, from several sources, into one :class:`Device`.

The same camera shows up in the asset register (serial, site), an nmap scan (MAC, banners),
the DHCP leases (MAC, IP, time) and its own ISAPI reply (serial, model). Observations are
joined in three steps, each a dict lookup, so merging stays linear in the number of
observations:

1. **MAC**: every observation with the same unicast MAC is one device. Broadcast and
   multicast addresses (``ff:ff:ff:ff:ff:ff``, ``01:00:5e:..``) and the all-zero MAC are
   never a device's own, so they identify nothing. Two different MACs are never merged, even
   when they share an IP or a serial (a dual-homed NVR stays two rows rather than risk
   joining two cameras on a re-used address).
2. **Serial** (case-insensitive, stripped; placeholders such as ``N/A`` or ``0`` ignored):
   an observation without a MAC joins the one MAC device reporting that serial; if none
   does, observations sharing the serial become one device of their own.
3. **IP and time**: an observation without a MAC (or a serial-only device) joins the device
   that had that IP within ``ip_window`` of its time -- only when exactly one device did,
   since DHCP hands an address to different MACs over time. An observation or sighting with
   no time (an asset register row, an ARP table) is compatible with any time; a device whose
   serial differs is never a candidate; and addresses are compared within a site when both
   sides name one, because private ranges repeat from site to site.

Whatever joins nothing by MAC or serial is grouped by IP (per site, and split where sightings
are more than ``ip_window`` apart), and a record with no MAC, serial or IP is a device of its
own. Keys are stable for the same inputs: ``mac:..``, ``serial:..`` (upper case), ``ip:..``
(with ``@site`` and ``@time`` suffixes when one address held several devices), or
``row:file:where``.

Attributes are taken by source precedence (:data:`PRECEDENCE`): what the device says about
itself through its API beats what it says in a discovery reply (OEMs rewrite ONVIF names),
which beats what nmap infers from traffic and its registry, which beats what people typed in
a register (it ages and carries typos), which beats the name a DHCP client chose to send;
ARP and MAC tables know addresses only. Ties go to the most recent observation, then to
input order. The IP is the exception: an address changes, so the most recently seen one
wins, precedence breaking ties.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from offramp.model.collector import collector_paused
from offramp.model.device import Device, Observation, SourceKind, is_multicast

#: Source precedence for a device's attributes: lower wins (see the module docstring).
PRECEDENCE: Mapping[SourceKind, int] = {
    SourceKind.ISAPI: 0, SourceKind.MAGICBOX: 0, SourceKind.ONVIF_DEVICE_INFO: 0,
    SourceKind.SADP: 1, SourceKind.DHIP: 1, SourceKind.ONVIF_PROBE: 1,
    SourceKind.NVR_CHANNEL: 1,
    SourceKind.NMAP: 2,
    SourceKind.ASSET_REGISTER: 3,
    SourceKind.DHCP_LEASES: 4,
    SourceKind.ARP_TABLE: 5, SourceKind.MAC_TABLE: 5,
}
_LAST = max(PRECEDENCE.values()) + 1
_ZERO_MAC = "00:00:00:00:00:00"
_ODD_HEX = frozenset("13579bdf")  # second digit of a group (multicast) address

# What people type in a register's serial column when they do not know it; joining on these
# would merge unrelated devices.
_PLACEHOLDER_SERIALS = frozenset({"n/a", "na", "none", "null", "unknown", "-", "--", "?",
                                  "tbc", "tbd", "x", "xx", "xxx", "not known", "no serial"})


class _Group:
    """Observations (by input index) found to be one device, and what identifies it.

    A plain slotted class rather than a dataclass: one is made per device, and most
    devices have a single observation, so it is kept as cheap as possible to create.
    """

    __slots__ = ("by_mac", "key", "members", "merged_into", "serials", "sites")

    def __init__(self, key: str, members: list[int], by_mac: bool = False) -> None:
        self.key = key
        self.members = members
        self.by_mac = by_mac
        self.merged_into: _Group | None = None
        self.serials: set[str] | None = None  # filled by _attributes() when first needed
        self.sites: set[str] | None = None

    def live(self) -> _Group:
        """The group this one was merged into, or itself."""
        group = self
        while group.merged_into is not None:
            group = group.merged_into
        return group

    def attributes(self, obs: Sequence[Observation]) -> tuple[set[str], set[str]]:
        """(serial keys, sites) of the members, computed once."""
        if self.serials is None or self.sites is None:
            members = [obs[i] for i in self.members]
            self.serials = {k for o in members if o.serial and (k := _serial_key(o.serial))}
            self.sites = {o.site for o in members if o.site}
        return self.serials, self.sites


@dataclass(slots=True)
class _Sightings:
    """When one group was seen at one IP: sorted timestamps, and whether also undated."""

    times: list[float] = field(default_factory=list)
    undated: bool = False


def merge_observations(observations: Iterable[Observation], *,
                       ip_window: timedelta = timedelta(hours=24)) -> list[Device]:
    """One :class:`Device` per device seen, in order of first observation.

    See the module docstring for the joining rules and attribute precedence. ``ip_window``
    is how far apart in time an IP sighting without a MAC and a device's sighting at that IP
    may be and still be the same device.
    """
    with collector_paused():  # a group and a device per observation, none in a cycle
        return _merge(list(observations), ip_window)


def _merge(obs: list[Observation], ip_window: timedelta) -> list[Device]:
    window = ip_window.total_seconds()
    groups: list[_Group] = []
    by_mac: dict[str, _Group] = {}
    serial_owner: dict[str, _Group | None] = {}  # None: several MACs report the serial
    pending: list[int] = []
    for i, o in enumerate(obs):
        mac = o.mac
        # Inline _usable_mac (once per observation): normalised MACs are lower-case hex, and
        # the I/G bit is the low bit of the second digit.
        if mac is None or mac[1] in _ODD_HEX or mac == _ZERO_MAC:
            pending.append(i)
            continue
        group = by_mac.get(mac)
        if group is None:
            group = by_mac[mac] = _Group("mac:" + mac, [i], by_mac=True)
            groups.append(group)
        else:
            group.members.append(i)
        if o.serial and (serial := _serial_key(o.serial)):
            owner = serial_owner.setdefault(serial, group)
            if owner is not None and owner is not group:
                serial_owner[serial] = None

    by_serial: dict[str, _Group] = {}
    no_id: list[int] = []
    for i in pending:
        o = obs[i]
        serial = _serial_key(o.serial) if o.serial else None
        if serial is None:
            no_id.append(i)
            continue
        owner = serial_owner.get(serial)
        if owner is None:
            owner = by_serial.get(serial)
            if owner is None:
                owner = by_serial[serial] = _Group("serial:" + serial.upper(), [])
                groups.append(owner)
        owner.members.append(i)

    # Only the addresses something may join by are indexed: most rows never need it.
    wanted = {o.ip for i in no_id if (o := obs[i]).ip} | {
        o.ip for g in by_serial.values() for i in g.members if (o := obs[i]).ip}
    index = _ip_index(obs, groups, wanted) if wanted else {}
    for group in by_serial.values():
        target = _serial_group_target(obs, group, index, window)
        if target is not None:
            target.members.extend(group.members)
            target.serials = target.sites = None  # recomputed with the new members
            group.merged_into = target

    leftovers: dict[str, list[int]] = {}
    rows: dict[str, _Group] = {}
    for i in no_id:
        o = obs[i]
        if o.ip is None:
            key = f"row:{o.file}:{o.where}"
            group = rows.get(key)
            if group is None:
                group = rows[key] = _Group(key, [i])
                groups.append(group)
            else:
                group.members.append(i)
            continue
        found = _candidates(obs, index, o.ip, _timestamp(o.seen_at), o.site, window, None)
        if len(found) == 1:
            found.pop().members.append(i)
        else:
            leftovers.setdefault(o.ip, []).append(i)
    for ip, members in leftovers.items():
        groups.extend(_ip_groups(obs, ip, members, window))

    live = [g for g in groups if g.merged_into is None]
    for group in live:
        if len(group.members) > 1:
            group.members.sort()
    live.sort(key=lambda g: g.members[0])
    return _devices(obs, live)


def _usable_mac(mac: str | None) -> str | None:
    """The MAC when it can be a device's own address (unicast, not all zeros)."""
    if mac is None or mac == _ZERO_MAC or is_multicast(mac):
        return None
    return mac


def _serial_key(serial: str | None) -> str | None:
    """The serial as compared (stripped, case-folded), or None for blanks and placeholders."""
    if not serial:
        return None
    key = serial.strip().casefold()
    if not key or key in _PLACEHOLDER_SERIALS or not key.strip("0"):
        return None
    return key


def _timestamp(when: datetime | None) -> float | None:
    if when is None:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


_IpIndex = dict[str, dict[_Group, _Sightings]]


def _ip_index(obs: Sequence[Observation], groups: Iterable[_Group],
              wanted: set[str]) -> _IpIndex:
    """IP -> group -> when that group (identified by MAC or serial) was seen there."""
    index: _IpIndex = {}
    for group in groups:
        for i in group.members:
            o = obs[i]
            if o.ip not in wanted or o.ip is None:
                continue
            sightings = index.setdefault(o.ip, {}).setdefault(group, _Sightings())
            stamp = _timestamp(o.seen_at)
            if stamp is None:
                sightings.undated = True
            else:
                sightings.times.append(stamp)
    for per_group in index.values():
        for sightings in per_group.values():
            sightings.times.sort()
    return index


def _candidates(obs: Sequence[Observation], index: _IpIndex, ip: str, when: float | None,
                site: str | None, window: float, serial: str | None) -> set[_Group]:
    """The devices seen at ``ip`` compatibly with ``when``, ``site`` and ``serial``."""
    found: set[_Group] = set()
    for group, sightings in index.get(ip, {}).items():
        live = group.live()
        if site or serial:
            serials, sites = live.attributes(obs)
            if site and sites and site not in sites:
                continue
            if serial and serials and serial not in serials:
                continue
        if when is None or sightings.undated or _near(sightings.times, when, window):
            found.add(live)
    return found


def _near(times: list[float], when: float, window: float) -> bool:
    at = bisect.bisect_left(times, when)
    return any(0 <= j < len(times) and abs(times[j] - when) <= window for j in (at - 1, at))


def _serial_group_target(obs: Sequence[Observation], group: _Group, index: _IpIndex,
                         window: float) -> _Group | None:
    """The one MAC device a serial-only device's IP sightings point to, if exactly one."""
    serial = group.key.removeprefix("serial:").casefold()
    found: set[_Group] = set()
    for i in group.members:
        o = obs[i]
        if o.ip is not None:
            found |= {g for g in _candidates(obs, index, o.ip, _timestamp(o.seen_at), o.site,
                                             window, serial) if g.by_mac}
    return found.pop() if len(found) == 1 else None


def _ip_groups(obs: Sequence[Observation], ip: str, members: list[int],
               window: float) -> list[_Group]:
    """Observations known only by one IP: one device per site, split by time.

    A record naming no site goes with the one site that has the address, if only one does.
    Within a site, sightings more than ``window`` apart are different devices (DHCP churn);
    undated records join the only cluster, or stand apart when there are several.
    """
    by_site: dict[str, list[int]] = {}
    unsited: list[int] = []
    for i in members:
        site = obs[i].site
        if site:
            by_site.setdefault(site, []).append(i)
        else:
            unsited.append(i)
    if len(by_site) <= 1:
        parts = [(site, sorted(part + unsited)) for site, part in by_site.items()] or \
            [("", unsited)]
    else:
        parts = list(by_site.items()) + ([("", unsited)] if unsited else [])
    out: list[_Group] = []
    for site, part in parts:
        base = f"ip:{ip}" if len(parts) == 1 else f"ip:{ip}@{site or 'no site'}"
        out.extend(_time_clusters(obs, base, part, window))
    return out


def _time_clusters(obs: Sequence[Observation], base: str, members: list[int],
                   window: float) -> list[_Group]:
    stamps = {i: _timestamp(obs[i].seen_at) for i in members}
    dated = sorted((t, i) for i, t in stamps.items() if t is not None)
    undated = [i for i, t in stamps.items() if t is None]
    clusters: list[tuple[float, list[int]]] = []  # (first time, members)
    last: float | None = None
    for stamp, i in dated:
        if last is None or stamp - last > window:
            clusters.append((stamp, []))
        clusters[-1][1].append(i)
        last = stamp
    if len(clusters) <= 1:
        return [_Group(base, (clusters[0][1] if clusters else []) + undated)]
    out = [_Group(f"{base}@{datetime.fromtimestamp(first, UTC).isoformat()}", c)
           for first, c in clusters]
    if undated:  # several devices held the address: an undated record fits none for sure
        out.append(_Group(f"{base}@undated", undated))
    return out


def _devices(obs: Sequence[Observation], groups: Sequence[_Group]) -> list[Device]:
    devices: list[Device] = []
    append = devices.append
    for group in groups:
        if len(group.members) == 1:  # most devices: nothing to choose between
            o = obs[group.members[0]]
            # A group made by MAC was made for a usable one: no need to check it again.
            append(Device(group.key, (o,), o.mac if group.by_mac else _usable_mac(o.mac), o.ip,
                          o.hostname, o.vendor, o.model, o.serial, o.firmware, o.site))
            continue
        members = [obs[i] for i in group.members]
        stamps = [_newest_first(_timestamp(o.seen_at)) for o in members]
        order = range(len(members))
        ranked = [members[j] for j in sorted(order, key=lambda j: (
            PRECEDENCE.get(members[j].source, _LAST), stamps[j], j))]
        recent = [members[j] for j in sorted(order, key=lambda j: (
            stamps[j], PRECEDENCE.get(members[j].source, _LAST), j))]
        devices.append(Device(
            key=group.key, observations=tuple(members),
            mac=next((m for o in ranked if (m := _usable_mac(o.mac))), None),
            ip=next((o.ip for o in recent if o.ip), None),
            hostname=_first(ranked, "hostname"), vendor=_first(ranked, "vendor"),
            model=_first(ranked, "model"), serial=_first(ranked, "serial"),
            firmware=_first(ranked, "firmware"), site=_first(ranked, "site")))
    return devices


def _newest_first(stamp: float | None) -> float:
    return -stamp if stamp is not None else float("inf")


def _first(ranked: Sequence[Observation], attr: str) -> str | None:
    for o in ranked:
        value: str | None = getattr(o, attr)
        if value:
            return value
    return None
