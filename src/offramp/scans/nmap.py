"""nmap XML (``nmap -sV -oX``) -> one observation per host that is up.

Per host: the MAC address with nmap's vendor for it (only on the local segment: a host
scanned across a router has none), IPv4/IPv6 addresses, host names, open ports as
``tcp/8000``, and the service identification strings in ``banners`` (product and version,
CPE names, script output such as ``http-server-header`` or ``rtsp-methods``). Hosts reported
down are skipped and counted.

nmap writes ``<!DOCTYPE nmaprun>``, a bare document type declaration with no subset: that
one is accepted; any other DTD, entity declaration or external reference is refused
(:class:`~offramp.model.UnsafeInputError`) before it is expanded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

import defusedxml
from defusedxml.ElementTree import DefusedXMLParser, iterparse

from offramp.model import SourceFormatError, UnsafeInputError
from offramp.model.device import Observation, SourceKind, normalize_mac
from offramp.scans.result import ScanResult, Skipped
from offramp.sources.files import open_binary
from offramp.sources.xmlsafe import local


class _NmapParser(DefusedXMLParser):  # type: ignore[misc]  # defusedxml has no types
    """defusedxml's parser with DTDs refused except nmap's own bare ``<!DOCTYPE nmaprun>``."""

    def defused_start_doctype_decl(self, name: str, sysid: str | None, pubid: str | None,
                                   has_internal_subset: bool) -> Any:
        if name == "nmaprun" and not sysid and not pubid and not has_internal_subset:
            return None
        return super().defused_start_doctype_decl(name, sysid, pubid, has_internal_subset)


def read_nmap(path: Path, *, site: str | None = None) -> ScanResult:
    """Read an nmap XML file; ``site`` fills ``Observation.site`` (nmap has no site)."""
    file = str(path)
    observations: list[Observation] = []
    skipped: list[Skipped] = []
    root_seen = False
    scan_start: dt.datetime | None = None
    down_listed = 0
    down_reported = 0
    for event, elem in _events(path, observations):
        if event == "start":
            if not root_seen:
                root_seen = True
                if local(elem.tag) != "nmaprun":
                    raise SourceFormatError(file, "line 1", "not an nmap XML file (the root "
                                            f"element is <{local(elem.tag)}>, not <nmaprun>)")
                scan_start = _epoch(elem.get("start"))
            continue
        name = local(elem.tag)
        if name == "host":
            # masscan writes nmap's format without <status>: it lists responding hosts only.
            state = _attr(elem, "status", "state") or "up"
            if state != "up":
                down_listed += 1
                skipped.append(Skipped(f"host {_host_label(elem)}", f"host is {state}"))
            else:
                observations.append(_observation(file, elem, scan_start, site))
            elem.clear()
        elif name == "hosts" and elem.get("down", "").isdigit():
            down_reported = int(elem.get("down", "0"))
    if not root_seen:
        raise SourceFormatError(file, None, "empty file (no XML element)")
    if down_reported > down_listed:
        # Without -v nmap lists only hosts that are up; runstats still counts the others.
        skipped.append(Skipped("runstats", f"{down_reported - down_listed} hosts reported down "
                               "and not listed in the file"))
    return ScanResult(tuple(observations), SourceKind.NMAP, tuple(skipped))


def _events(path: Path, done: list[Observation]) -> Iterator[tuple[str, Element]]:
    """iterparse events, with parse errors and refusals turned into offramp's errors."""
    with open_binary(path) as fh:
        parser = _NmapParser(target=TreeBuilder(), forbid_dtd=True)
        try:
            yield from iterparse(fh, events=("start", "end"), parser=parser)
        except defusedxml.DefusedXmlException as exc:
            raise UnsafeInputError(str(path), None, f"refused: {type(exc).__name__} (DTDs and "
                                   "entities are not allowed in nmap XML)") from exc
        except ParseError as exc:
            line, column = exc.position
            raise SourceFormatError(
                str(path), f"line {line}, column {column}",
                f"malformed or truncated XML after {len(done)} complete hosts ({exc})",
            ) from exc


def _observation(file: str, host: Element, scan_start: dt.datetime | None,
                 site: str | None) -> Observation:
    fields: dict[str, str] = {}
    ips: dict[str, list[str]] = {"ipv4": [], "ipv6": []}
    mac: str | None = None
    vendor: str | None = None
    for address in _children(host, "address"):
        kind, addr = address.get("addrtype", ""), address.get("addr", "")
        if kind == "mac":
            mac = normalize_mac(addr)
            vendor = address.get("vendor") or None
            if mac is None:
                fields["mac"] = addr
        elif kind in ips and addr:
            ips[kind].append(addr)
    all_ips = ips["ipv4"] + ips["ipv6"]
    if len(all_ips) > 1:
        fields["addresses"] = " ".join(all_ips)
    names = [h.get("name", "") for hs in _children(host, "hostnames")
             for h in _children(hs, "hostname") if h.get("name")]
    if len(names) > 1:
        fields["hostnames"] = " ".join(names)
    ports, banners, services = _ports(host, fields)
    if services:
        fields["services"] = "; ".join(services)
    for script in (s for hs in _children(host, "hostscript") for s in _children(hs, "script")):
        _script(script, "host", banners, fields)
    osmatch = next((m for os_ in _children(host, "os") for m in _children(os_, "osmatch")), None)
    if osmatch is not None and osmatch.get("name"):
        fields["os"] = f"{osmatch.get('name')} ({osmatch.get('accuracy', '?')}%)"
    reason = _attr(host, "status", "reason")
    if reason:
        fields["status_reason"] = reason
    seen = _epoch(host.get("endtime")) or _epoch(host.get("starttime")) or scan_start
    return Observation(
        source=SourceKind.NMAP, file=file, where=f"host {_host_label(host)}", mac=mac,
        ip=all_ips[0] if all_ips else None, hostname=names[0] if names else None,
        vendor=vendor, site=site, seen_at=seen, ports=tuple(ports),
        banners=tuple(dict.fromkeys(banners)), fields=fields)


def _ports(host: Element, fields: dict[str, str]) -> tuple[list[str], list[str], list[str]]:
    """(open ports, banner strings, "tcp/80 http" service names) of a host."""
    ports: list[str] = []
    banners: list[str] = []
    services: list[str] = []
    for port in (p for ps in _children(host, "ports") for p in _children(ps, "port")):
        if _attr(port, "state", "state") != "open":
            continue  # closed and filtered ports say nothing about the device
        label = f"{port.get('protocol', 'tcp')}/{port.get('portid', '?')}"
        ports.append(label)
        service = next(iter(_children(port, "service")), None)
        if service is not None:
            name = service.get("name", "")
            tunnel = service.get("tunnel")
            services.append(f"{label} {tunnel + '/' if tunnel else ''}{name}".rstrip())
            product = " ".join(v for v in (service.get("product"), service.get("version"))
                               if v)
            extra = service.get("extrainfo")
            if product or extra:
                banners.append(f"{product} ({extra})" if product and extra
                               else product or f"({extra})")
            banners.extend(c.text.strip() for c in _children(service, "cpe")
                           if c.text and c.text.strip())
            for attr in ("devicetype", "ostype"):
                value = service.get(attr)
                if value and value not in fields.get(attr, "").split("; "):
                    fields[attr] = f"{fields[attr]}; {value}" if attr in fields else value
        for script in _children(port, "script"):
            _script(script, label, banners, fields)
    return ports, banners, services


def _script(script: Element, label: str, banners: list[str], fields: dict[str, str]) -> None:
    output = (script.get("output") or "").strip()
    if output:
        banners.append(output)
        fields[f"{label} {script.get('id', 'script')}"] = output


def _children(elem: Element, name: str) -> list[Element]:
    return [c for c in elem if local(c.tag) == name]


def _attr(elem: Element, child: str, attr: str) -> str | None:
    found = next(iter(_children(elem, child)), None)
    return found.get(attr) if found is not None else None


def _host_label(host: Element) -> str:
    addresses = _children(host, "address")
    preferred = [a for a in addresses if a.get("addrtype") != "mac"] + addresses
    return preferred[0].get("addr", "?") if preferred else "?"


def _epoch(text: str | None) -> dt.datetime | None:
    if not text or not text.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(text), tz=dt.UTC)
