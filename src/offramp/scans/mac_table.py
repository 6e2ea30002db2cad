"""Switch MAC address tables as printed (Cisco-style ``show mac address-table``).

Understood layouts, line by line:

* IOS / IOS-XE ``show mac address-table`` and the older ``show mac-address-table``:
  ``Vlan  Mac Address  Type  Ports`` rows such as ``  10  4419.b612.3456  DYNAMIC  Gi1/0/5``,
  ended by ``Total Mac Addresses for this criterion: 5``;
* NX-OS and Catalyst 6500 rows with a leading flag (``* 10  0011.2233.4455  dynamic  0  F  F
  Eth1/5``): the VLAN before the MAC, the port last;
* the Catalyst 2900XL ``Destination Address  Address Type  VLAN  Destination Port`` layout,
  MAC first.

A row records where a MAC was learned: the VLAN and port go to ``fields`` (with the switch
name when the file holds its prompt, ``SW-CORE-1#show mac address-table``). The switch's
own entries (port ``CPU``) and multicast or broadcast MACs are skipped with the reason.
"""

from __future__ import annotations

import re
from pathlib import Path

from offramp.model.device import Observation, SourceKind, is_multicast, normalize_mac
from offramp.scans.result import ScanResult, Skipped
from offramp.scans.text import read_lines

_MAC_TOKEN = re.compile(r"^(?:[0-9a-fA-F]{4}\.){2}[0-9a-fA-F]{4}$"
                        r"|^[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){5}$")
_PROMPT = re.compile(r"^(?P<switch>[A-Za-z0-9][\w.-]*)(?:\([\w-]+\))?[#>]\s*sh")
_TYPES = frozenset({"dynamic", "static", "secure", "secure-dynamic", "secure-static", "self",
                    "igmp", "sticky", "system"})
_SWITCH_OWN_PORTS = frozenset({"cpu", "router", "switch", "sup-eth1(r)", "(r)", "drop"})


def read_mac_table(path: Path, *, site: str | None = None) -> ScanResult:
    """Read a switch MAC address table; one observation per learned MAC (and port)."""
    file = str(path)
    observations: list[Observation] = []
    skipped: list[Skipped] = []
    switch: str | None = None
    for number, raw in enumerate(read_lines(path), 1):
        line = raw.strip()
        if not line:
            continue
        if prompt := _PROMPT.match(line):
            switch = prompt["switch"]
            continue
        tokens = line.split()
        found = [i for i, t in enumerate(tokens) if _MAC_TOKEN.match(t)]
        if not found:
            continue  # headings, rulers, the "Total Mac Addresses" footer
        where = f"line {number}"
        fields = _row_fields(tokens, found[0])
        if fields is None:
            skipped.append(Skipped(where, "not a MAC address table row", line))
            continue
        mac = normalize_mac(tokens[found[0]])
        assert mac is not None  # _MAC_TOKEN admits MACs only
        if is_multicast(mac):
            skipped.append(Skipped(where, "broadcast or multicast address, not a device", line))
            continue
        if fields["port"].lower() in _SWITCH_OWN_PORTS:
            skipped.append(Skipped(where, f"the switch's own entry (port {fields['port']})",
                                   line))
            continue
        if switch:
            fields["switch"] = switch
        observations.append(Observation(source=SourceKind.MAC_TABLE, file=file, where=where,
                                        mac=mac, site=site, fields=fields))
    return ScanResult(tuple(observations), SourceKind.MAC_TABLE, tuple(skipped))


def _row_fields(tokens: list[str], at: int) -> dict[str, str] | None:
    """vlan, type and port of a row whose MAC is ``tokens[at]``, or None when not a row."""
    before = [t for t in tokens[:at] if t not in {"*", "+", "G", "R", "O", "C"}]
    after = tokens[at + 1:]
    if not after:
        return None
    kind = next((t for t in after if t.lower() in _TYPES), None)
    # The VLAN comes before the MAC (IOS, NX-OS), or after it (2900XL: Destination Address,
    # Address Type, VLAN, Destination Port).
    vlan = before[-1] if before else next((t for t in after if t.isdigit()), "")
    if not (vlan.isdigit() or vlan.lower() == "all") or len(after) < 2:
        return None
    fields = {"vlan": vlan, "port": after[-1]}
    if kind:
        fields["type"] = kind
    return fields
