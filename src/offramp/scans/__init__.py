"""Estate files -> :class:`~offramp.model.Observation` records (issue 6, docs/devices.md).

One module per input format: asset registers (:mod:`.register`, CSV and XLSX), nmap XML
(:mod:`.nmap`), DHCP leases (:mod:`.dhcp`, ISC dhcpd and dnsmasq), ARP and neighbour tables
(:mod:`.arp`), switch MAC address tables (:mod:`.mac_table`); :func:`read_scan` recognises
the format of a file and calls the right one. Every reader keeps what it read but did not
model in ``Observation.fields`` and reports what it did not read in ``ScanResult.skipped``.
"""

from __future__ import annotations

from offramp.scans.dispatch import FORMATS, read_scan, sniff
from offramp.scans.result import NOTE_FIELD, ScanResult, Skipped

__all__ = ["FORMATS", "NOTE_FIELD", "ScanResult", "Skipped", "read_scan", "sniff"]
