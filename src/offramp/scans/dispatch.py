"""Recognising an estate file's format and reading it with the right reader.

:func:`sniff` looks at the first bytes (content first, the file name ending as a hint);
:func:`read_scan` reads the file as the kind given or sniffed. Saved discovery and device-API
replies are read by :mod:`offramp.scans.replies` (another module of this package), tried when
none of the formats here fits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path

from offramp.model import SourceFormatError
from offramp.model.device import SourceKind
from offramp.scans.arp import read_arp
from offramp.scans.dhcp import looks_like_dhcpd, looks_like_dnsmasq, read_leases
from offramp.scans.mac_table import read_mac_table
from offramp.scans.nmap import read_nmap
from offramp.scans.register import read_register
from offramp.scans.register_columns import recognised
from offramp.scans.replies import read_reply, sniff_reply
from offramp.scans.result import ScanResult
from offramp.scans.text import looks_binary
from offramp.sources.files import head
from offramp.sources.xlsx_guard import OLE_MAGIC

#: The formats understood, as error messages and ``--help`` name them.
FORMATS: Mapping[SourceKind, str] = {
    SourceKind.ASSET_REGISTER: "asset register (CSV or XLSX with a header row)",
    SourceKind.NMAP: "nmap XML (nmap -sV -oX)",
    SourceKind.DHCP_LEASES: "DHCP leases (ISC dhcpd.leases, dnsmasq.leases)",
    SourceKind.ARP_TABLE: "ARP / neighbour table (arp -a on Linux, macOS, Windows; ip neigh)",
    SourceKind.MAC_TABLE: "switch MAC address table (show mac address-table)",
    SourceKind.ONVIF_PROBE: "saved ONVIF WS-Discovery ProbeMatches",
    SourceKind.SADP: "saved Hikvision SADP ProbeMatch",
    SourceKind.DHIP: "saved Dahua DHIP discovery reply",
    SourceKind.ISAPI: "saved Hikvision ISAPI deviceInfo",
    SourceKind.MAGICBOX: "saved Dahua magicBox reply",
    SourceKind.ONVIF_DEVICE_INFO: "saved ONVIF GetDeviceInformation response",
}

_SNIFF_BYTES = 8192
_ZIP_MAGIC = b"PK\x03\x04"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_ARP_HINT = re.compile(r"^\S+ \([0-9a-fA-F.:]+\) at \S+|^\S[^:\n]*: \S+ --- 0x[0-9a-fA-F]+\s*$"
                       r"|^\S+ dev \S+ (?:lladdr \S+|FAILED|INCOMPLETE)"
                       r"|^Address\s+HWtype\s+HWaddress|^\S+\s+ether\s+[0-9a-fA-F:]{17}\s",
                       re.MULTILINE)
_MAC_TABLE_HINT = re.compile(r"mac[ -]address[ -]table|^\s*vlan\s+mac address\s+type"
                             r"|destination address\s+address type",
                             re.MULTILINE | re.IGNORECASE)
_REGISTER_ENDINGS = frozenset({".csv", ".tsv", ".xlsx"})
_DELIMITERS = ",;\t|"
_Reader = Callable[..., ScanResult]
_READERS: Mapping[SourceKind, _Reader] = {
    SourceKind.NMAP: read_nmap, SourceKind.DHCP_LEASES: read_leases,
    SourceKind.ARP_TABLE: read_arp, SourceKind.MAC_TABLE: read_mac_table,
}


def read_scan(path: Path, *, kind: SourceKind | None = None, site: str | None = None,
              mapping: Mapping[str, str] | None = None) -> ScanResult:
    """Read ``path`` as ``kind``, or as the format its content shows when ``kind`` is None.

    ``site`` fills ``Observation.site`` where the file gives none; ``mapping`` (field ->
    column header) applies to asset registers only. Raises
    :class:`~offramp.model.SourceFormatError` naming the file for an unrecognised or bad file.
    """
    path = Path(path)
    if kind is None:
        kind = sniff(path)
        if kind is None:
            listed = "; ".join(FORMATS.values())
            raise SourceFormatError(str(path), None, "not a format offramp reads (formats "
                                    f"understood: {listed})")
    if mapping and kind is not SourceKind.ASSET_REGISTER:
        raise SourceFormatError(str(path), None, "the column mapping applies to asset "
                                f"registers only, and this file is read as {kind.value}")
    if kind is SourceKind.ASSET_REGISTER:
        return read_register(path, site=site, mapping=mapping)
    reader = _READERS.get(kind)
    if reader is not None:
        return reader(path, site=site)
    return ScanResult(tuple(read_reply(path, kind, site=site)), kind)


def sniff(path: Path) -> SourceKind | None:
    """The kind of estate file ``path`` holds, judged on its first bytes; None if unknown.

    Raises :class:`~offramp.model.SourceFormatError` for an empty file.
    """
    start = head(path, _SNIFF_BYTES)
    if not start.strip():
        raise SourceFormatError(str(path), None, "empty file")
    suffix = path.suffix.lower()
    if start.startswith((_ZIP_MAGIC, OLE_MAGIC)):
        # An XLSX is a zip; an old .xls is refused by the register reader with a hint.
        return SourceKind.ASSET_REGISTER
    if looks_binary(start):
        return _sniff_reply(start)  # a saved DHIP datagram is binary; no estate table is
    text = _text(start)
    first = text.lstrip("\ufeff \t\r\n")[:1]
    if first == "<":
        return SourceKind.NMAP if "<nmaprun" in text else _sniff_reply(start)
    if first in ("{", "["):
        return _sniff_reply(start)  # JSON: a saved DHIP reply, never an estate table
    if looks_like_dhcpd(text) or (suffix == ".leases" and looks_like_dnsmasq(text)):
        return SourceKind.DHCP_LEASES
    if suffix in _REGISTER_ENDINGS or _has_register_header(text):
        return SourceKind.ASSET_REGISTER
    if looks_like_dnsmasq(text):
        return SourceKind.DHCP_LEASES
    if _ARP_HINT.search(text):
        return SourceKind.ARP_TABLE
    if _MAC_TABLE_HINT.search(text):
        return SourceKind.MAC_TABLE
    return _sniff_reply(start)


def _text(start: bytes) -> str:
    if start.startswith(_UTF16_BOMS):
        return start.decode("utf-16", "replace")
    return start.decode("utf-8", "replace")


def _has_register_header(text: str) -> bool:
    """True when one of the first lines names two or more known register columns."""
    for line in text.splitlines()[:10]:
        if any(recognised(line.split(d), None) >= 2 for d in _DELIMITERS if d in line):
            return True
    return False


def _sniff_reply(start: bytes) -> SourceKind | None:
    return sniff_reply(start)
