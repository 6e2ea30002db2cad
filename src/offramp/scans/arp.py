"""ARP and neighbour tables as printed -> one observation per resolved neighbour.

Understood, line by line, so a file may mix them (several commands pasted in one file):

* Linux ``arp -a`` / ``arp -an``: ``? (192.168.1.1) at aa:bb:cc:dd:ee:ff [ether] on eth0``,
  ``<incomplete>`` for unresolved entries, and the table that plain ``arp`` prints
  (``Address HWtype HWaddress Flags Mask Iface``);
* macOS ``arp -a``: ``? (10.0.0.1) at 0:1b:2c:3:4:5 on en0 ifscope [ethernet]``: BSD prints
  each octet without its leading zero, so octets are padded back;
* Windows ``arp -a``: ``Interface: 192.168.1.10 --- 0x4`` blocks of ``Internet Address
  Physical Address Type`` rows with hyphenated MACs (the same layout in every language);
* ``ip neigh``: ``10.0.0.5 dev eth0 lladdr aa:.. REACHABLE``; FAILED and INCOMPLETE entries
  have no ``lladdr``.

Entries without a MAC and broadcast/multicast entries (``ff-ff-ff-ff-ff-ff``,
``01-00-5e-..``: never a device) are skipped with the reason. ARP tables carry no time.
"""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path

from offramp.model.device import Observation, SourceKind, is_multicast, normalize_mac
from offramp.scans.result import ScanResult, Skipped
from offramp.scans.text import read_lines

_BSD = re.compile(r"^(?P<host>\S+) \((?P<ip>[^)\s]+)\) at (?P<mac>\S+)(?P<rest>.*)$")
_WINDOWS_INTERFACE = re.compile(r"^\S[^:]*:\s+(?P<ip>\S+)\s+---\s+0x[0-9a-fA-F]+\s*$")
_WINDOWS_ROW = re.compile(r"^\s+(?P<ip>[0-9.]+|[0-9a-fA-F:]+)\s+"
                          r"(?P<mac>[0-9a-fA-F]{2}(?:-[0-9a-fA-F]{2}){5})\s+(?P<type>\S+)\s*$")
_NEIGH = re.compile(r"^(?P<ip>\S+) dev (?P<dev>\S+)(?: lladdr (?P<mac>\S+))?(?P<rest>.*)$")
_ADDRESS_HINT = re.compile(r"\d+\.\d+\.\d+\.\d+|[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{0,4}){2,}")
_SHORT_OCTETS = re.compile(r"[0-9a-fA-F]{1,2}(?::[0-9a-fA-F]{1,2}){5}")


def read_arp(path: Path, *, site: str | None = None) -> ScanResult:
    """Read an ARP or neighbour table in any of the layouts above."""
    file = str(path)
    observations: list[Observation] = []
    skipped: list[Skipped] = []
    interface: str | None = None  # the current Windows "Interface:" block
    for number, raw in enumerate(read_lines(path), 1):
        line = raw.rstrip()
        if not line.strip():
            continue
        where = f"line {number}"
        if match := _WINDOWS_INTERFACE.match(line):
            interface = match["ip"]
            continue
        entry = _parse(line, interface)
        if entry is None:
            if _ADDRESS_HINT.search(line):
                skipped.append(Skipped(where, "not an ARP or neighbour table line", line))
            continue  # headings, prompts and blank lines hold no neighbour
        ip, mac_text, hostname, fields = entry
        mac = _mac(mac_text)
        if mac is None:
            shown = (mac_text or fields.get("state") or "none").strip("<>()")
            skipped.append(Skipped(where, f"no MAC address ({shown})", line))
            continue
        if is_multicast(mac):
            skipped.append(Skipped(where, "broadcast or multicast address, not a device", line))
            continue
        observations.append(Observation(
            source=SourceKind.ARP_TABLE, file=file, where=where, mac=mac, ip=ip,
            hostname=hostname, site=site, fields=fields))
    return ScanResult(tuple(observations), SourceKind.ARP_TABLE, tuple(skipped))


def _parse(line: str, interface: str | None
           ) -> tuple[str | None, str | None, str | None, dict[str, str]] | None:
    """(ip, MAC text, host name, other fields) of a neighbour line, or None."""
    if match := _BSD.match(line):
        rest = match["rest"]
        fields = {}
        if on := re.search(r"\bon (\S+)", rest):
            fields["interface"] = on.group(1)
        flags = [w for w in ("PERM", "PUB", "permanent", "published") if w in rest.split()]
        if flags:
            fields["flags"] = " ".join(flags)
        host = match["host"] if match["host"] != "?" else None
        return match["ip"], match["mac"], host, fields
    if match := _WINDOWS_ROW.match(line):
        fields = {"type": match["type"]}
        if interface:
            fields["interface"] = interface
        return match["ip"], match["mac"], None, fields
    if match := _NEIGH.match(line):
        fields = {"interface": match["dev"]}
        words = match["rest"].split()
        if words:
            fields["state"] = words[-1]
        if "router" in words:
            fields["router"] = "yes"
        return match["ip"], match["mac"], None, fields
    tokens = line.split()
    if (len(tokens) >= 3 and tokens[1] in {"ether", "ieee802", "infiniband"}) \
            or (len(tokens) >= 2 and tokens[1] == "(incomplete)"):
        # plain Linux ``arp``: Address HWtype HWaddress Flags Mask Iface
        name = tokens[0]
        ip = name if _is_ip(name) else None
        mac = tokens[2] if tokens[1] != "(incomplete)" else tokens[1]
        return ip, mac, None if ip else name, {"interface": tokens[-1]}
    return None


def _mac(text: str | None) -> str | None:
    """A normalised MAC, padding BSD's short octets (``0:1b:2c:3:4:5``)."""
    if text and _SHORT_OCTETS.fullmatch(text):
        text = ":".join(part.zfill(2) for part in text.split(":"))
    mac = normalize_mac(text)
    return None if mac == "00:00:00:00:00:00" else mac  # how some kernels show "unresolved"


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
