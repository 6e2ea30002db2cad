"""The three discovery probes, byte for byte: the only UDP payloads discovery ever sends.

* WS-Discovery ``Probe`` for ``dn:NetworkVideoTransmitter`` (SOAP 1.2, WS-Discovery 2005/04
  as ONVIF's core specification requires), UDP 3702, multicast 239.255.255.250.
* Hikvision SADP inquiry: ``<Probe><Uuid>..</Uuid><Types>inquiry</Types></Probe>``, UDP 37020,
  multicast 239.255.255.250.
* Dahua DHIP ``DHDiscover.search``: a 32-byte header (little-endian header size 0x20,
  ``DHIP`` at offset 4, body length at 0x10 and 0x18) and a JSON body, UDP 37810,
  multicast 239.255.255.251.

Each asks devices to describe themselves; none changes anything on a device.
"""

from __future__ import annotations

import json
import struct
import uuid
from dataclasses import dataclass

from offramp.model import SourceKind

WS_DISCOVERY_GROUP = "239.255.255.250"
SADP_GROUP = "239.255.255.250"
DHIP_GROUP = "239.255.255.251"


@dataclass(frozen=True, slots=True)
class Ports:
    """UDP ports of the three protocols (the defaults; tests point them at simulators)."""

    onvif: int = 3702
    sadp: int = 37020
    dhip: int = 37810

    def of(self, protocol: str) -> int:
        """The port for ``onvif``, ``sadp`` or ``dhip``."""
        port: int = getattr(self, protocol)
        return port


PROTOCOLS: tuple[str, ...] = ("onvif", "sadp", "dhip")
REPLY_KIND: dict[str, SourceKind] = {
    "onvif": SourceKind.ONVIF_PROBE, "sadp": SourceKind.SADP, "dhip": SourceKind.DHIP,
}
MULTICAST_GROUP: dict[str, str] = {
    "onvif": WS_DISCOVERY_GROUP, "sadp": SADP_GROUP, "dhip": DHIP_GROUP,
}
DESCRIPTION: dict[str, str] = {
    "onvif": "WS-Discovery Probe (NetworkVideoTransmitter)",
    "sadp": "SADP inquiry",
    "dhip": "DHIP DHDiscover.search",
}


def ws_discovery_probe(message_id: str | None = None) -> bytes:
    """A WS-Discovery Probe for ONVIF video transmitters."""
    mid = message_id or f"uuid:{uuid.uuid4()}"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
        'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
        'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" '
        'xmlns:dn="http://www.onvif.org/ver10/network/wsdl">'
        "<s:Header>"
        f"<a:MessageID>{mid}</a:MessageID>"
        "<a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>"
        "<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>"
        "</s:Header>"
        "<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body>"
        "</s:Envelope>"
    ).encode()


def sadp_inquiry(probe_uuid: str | None = None) -> bytes:
    """A SADP inquiry (what Hikvision's SADP tool multicasts)."""
    ident = probe_uuid or str(uuid.uuid4()).upper()
    return (f'<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>{ident}</Uuid>'
            "<Types>inquiry</Types></Probe>").encode()


def dhip_search() -> bytes:
    """A DHIP ``DHDiscover.search`` request: header plus JSON body."""
    body = json.dumps({"method": "DHDiscover.search",
                       "params": {"mac": "", "uni": 1}}).encode() + b"\n"
    return struct.pack("<I4s8sIIII", 0x20, b"DHIP", b"\0" * 8, len(body), 0, len(body),
                       0) + body


def probe(protocol: str) -> bytes:
    """The probe payload for ``onvif``, ``sadp`` or ``dhip``."""
    if protocol == "onvif":
        return ws_discovery_probe()
    if protocol == "sadp":
        return sadp_inquiry()
    if protocol == "dhip":
        return dhip_search()
    raise ValueError(f"unknown discovery protocol {protocol!r}")
