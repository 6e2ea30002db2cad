"""Saved discovery and device-API replies: recognise a file, read it into observations.

:func:`sniff_reply` tells from a file's first bytes which reply it holds; :func:`read_reply`
reads it (:func:`parse_reply` does the same for bytes, which is what live discovery uses).
The formats, with where each comes from, are listed in ``docs/devices.md``:

========================  =============================================================
kind                      file
========================  =============================================================
``onvif-probe``           WS-Discovery ``ProbeMatches`` SOAP envelopes
``sadp``                  Hikvision SADP ``<ProbeMatch>`` documents
``dhip``                  Dahua DHIP replies: binary (32-byte header + JSON), or JSON
                          bodies one per line
``isapi``                 ``<DeviceInfo>`` documents, optionally followed by the NVR's
                          ``<InputProxyChannelList>`` (its channels then name that NVR)
``nvr-channel``           ``<InputProxyChannelList>`` / ``<InputProxyChannel>``
``magicbox``              Dahua magicBox ``key=value`` answers of one device
``onvif-device-info``     ``GetDeviceInformationResponse`` SOAP envelopes
(any)                     offramp's own JSON lines of observations
                          (``offramp devices discover --save``)
========================  =============================================================

XML files may hold several documents one after another (a capture of several replies).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from offramp.model import Observation, SourceKind
from offramp.model.device import normalize_mac
from offramp.scans.device_api import (
    MAGICBOX_KEYS,
    isapi_device_info,
    magicbox_reply,
    nvr_channels,
    onvif_device_information,
)
from offramp.scans.discovery_replies import (
    DHIP_MAGIC,
    ReplyOrigin,
    decode_reply,
    dhip_replies,
    onvif_probe_matches,
    sadp_probe_match,
    xml_documents,
)
from offramp.sources.files import read_bytes
from offramp.sources.xmlsafe import child, local, text

__all__ = [
    "REPLY_KINDS",
    "ReplyOrigin",
    "observation_record",
    "parse_reply",
    "read_reply",
    "sniff_reply",
    "write_observations",
]

REPLY_KINDS: tuple[SourceKind, ...] = (
    SourceKind.ONVIF_PROBE, SourceKind.SADP, SourceKind.DHIP, SourceKind.ISAPI,
    SourceKind.NVR_CHANNEL, SourceKind.MAGICBOX, SourceKind.ONVIF_DEVICE_INFO,
)

# Element local names that tell the kind, in the order a document shows them (a SOAP
# envelope's ProbeMatches comes before its ProbeMatch children).
_XML_KINDS: dict[str, SourceKind] = {
    "ProbeMatches": SourceKind.ONVIF_PROBE,
    "GetDeviceInformationResponse": SourceKind.ONVIF_DEVICE_INFO,
    "InputProxyChannelList": SourceKind.NVR_CHANNEL,
    "InputProxyChannel": SourceKind.NVR_CHANNEL,
    "DeviceInfo": SourceKind.ISAPI,
    "ProbeMatch": SourceKind.SADP,
}
# Error answers saved in place of data: sniffed as the kind that answers that way, so reading
# the file names the device's error instead of "not a reply".
_XML_ERROR_KINDS: dict[str, SourceKind] = {
    "ResponseStatus": SourceKind.ISAPI,
    "Fault": SourceKind.ONVIF_DEVICE_INFO,
}
_START_TAG = re.compile(r"<(?:[\w.-]+:)?([A-Za-z_][\w.-]*)")
_SAVED = re.compile(r'\s*\{\s*"offramp"\s*:\s*"observation"')
_SAVED_SOURCE = re.compile(r'"source"\s*:\s*"([a-z-]+)"')
SAVED_MARK = "observation"
# An ISAPI file may carry the NVR's deviceInfo and then its channel list.
_COMPATIBLE = {SourceKind.ISAPI: {SourceKind.ISAPI, SourceKind.NVR_CHANNEL},
               SourceKind.NVR_CHANNEL: {SourceKind.ISAPI, SourceKind.NVR_CHANNEL}}


def sniff_reply(head: bytes) -> SourceKind | None:
    """The reply kind the first bytes of a file show, or None when it is no saved reply.

    For offramp's own JSON lines of observations, the kind of the first one.
    """
    if head[:4] == b"\x20\x00\x00\x00" and head[4:8] == DHIP_MAGIC:
        return SourceKind.DHIP
    start = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace").lstrip()
    if start.startswith("{"):
        first = start.split("\n", 1)[0]
        if _SAVED.match(first):
            found = _SAVED_SOURCE.search(first)
            kinds = {k.value: k for k in SourceKind}
            return kinds.get(found.group(1)) if found else None
        return SourceKind.DHIP if '"client.notifyDevInfo"' in first else None
    if start.startswith("<"):
        for name in _START_TAG.findall(start):
            if name in _XML_KINDS:
                return _XML_KINDS[name]
            if name in _XML_ERROR_KINDS:
                return _XML_ERROR_KINDS[name]
        return None
    first = start.split("\n", 1)[0]
    key, sep, _ = first.partition("=")
    return SourceKind.MAGICBOX if sep and key.strip() in MAGICBOX_KEYS else None


def read_reply(path: Path, kind: SourceKind | None = None, *,
               site: str | None = None) -> list[Observation]:
    """Every observation in a saved reply file (``kind`` sniffed when not given)."""
    data = read_bytes(path)
    origin = ReplyOrigin(file=str(path), site=site)
    if _SAVED.match(data[:200].removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace")):
        return read_saved_observations(data, origin)
    return parse_reply(data, kind, origin)


def parse_reply(data: bytes, kind: SourceKind | None, origin: ReplyOrigin, *,
                nvr: Observation | None = None) -> list[Observation]:
    """Observations from reply bytes; ``nvr`` names the NVR behind a bare channel list."""
    if kind is None:
        kind = sniff_reply(data[:4096])
        if kind is None:
            raise origin.error("not a saved discovery or device-API reply (ONVIF, SADP, "
                               "DHIP, ISAPI, magicBox)")
    if kind not in REPLY_KINDS:
        raise origin.error(f"{kind.value} is not a discovery or device-API reply kind")
    if kind is SourceKind.DHIP:
        return dhip_replies(data, origin)
    if kind is SourceKind.MAGICBOX:
        return [magicbox_reply(data, origin)]
    roots = xml_documents(data, origin)
    allowed = _COMPATIBLE.get(kind, {kind})
    observations: list[Observation] = []
    for number, root in enumerate(roots, start=1):
        reply = f"reply {number}" if len(roots) > 1 else ""
        found = _document_kind(root, origin, reply)
        if found not in allowed:
            raise origin.error(f"expected a {kind.value} reply, found <{local(root.tag)}> "
                               f"({found.value})", reply)
        if found is SourceKind.ONVIF_PROBE:
            observations += onvif_probe_matches(root, origin, reply)
        elif found is SourceKind.SADP:
            observations.append(sadp_probe_match(root, origin, reply))
        elif found is SourceKind.ISAPI:
            nvr = isapi_device_info(root, origin, reply)
            observations.append(nvr)
        elif found is SourceKind.NVR_CHANNEL:
            observations += nvr_channels(root, origin, reply, nvr)
        else:
            observations.append(onvif_device_information(root, origin, reply))
    return observations


def _document_kind(root: Element, origin: ReplyOrigin, reply: str) -> SourceKind:
    name = local(root.tag)
    if name == "Envelope":
        body = child(root, "Body")
        for sub in body if body is not None else []:
            if local(sub.tag) in _XML_KINDS:
                return _XML_KINDS[local(sub.tag)]
            if local(sub.tag) == "Fault":
                reason = " ".join(t.strip() for t in sub.itertext() if t.strip())
                raise origin.error(f"the device answered with a SOAP Fault: {reason[:200]}",
                                   reply)
        raise origin.error("a SOAP envelope that is neither ProbeMatches nor "
                           "GetDeviceInformationResponse", reply)
    if name == "ResponseStatus":
        # What ISAPI answers instead of data (401, notSupport, ...).
        status = text(root, "statusString") or text(root, "subStatusCode") or "no status"
        raise origin.error(f"the device answered with an ISAPI error ({status})", reply)
    if name in _XML_KINDS and name != "ProbeMatches":
        return _XML_KINDS[name]
    raise origin.error(f"<{name}> is not a discovery or device-API reply", reply)


# --- offramp's own JSON lines of observations ------------------------------------------

_TEXT_ATTRS = ("file", "where", "mac", "ip", "hostname", "vendor", "model", "serial",
               "firmware", "site")


def observation_record(observation: Observation) -> dict[str, Any]:
    """One observation as a JSON object (``"offramp": "observation"`` first, for sniffing)."""
    record: dict[str, Any] = {"offramp": SAVED_MARK, "source": observation.source.value}
    for attr in _TEXT_ATTRS:
        record[attr] = getattr(observation, attr)
    record["seen_at"] = observation.seen_at.isoformat() if observation.seen_at else None
    record["ports"] = list(observation.ports)
    record["banners"] = list(observation.banners)
    record["fields"] = dict(observation.fields)
    return record


def write_observations(path: Path, observations: Iterable[Observation]) -> int:
    """Write observations as JSON lines :func:`read_reply` loads back; returns the count."""
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for observation in observations:
            fh.write(json.dumps(observation_record(observation), ensure_ascii=False) + "\n")
            count += 1
    return count


def read_saved_observations(data: bytes, origin: ReplyOrigin) -> list[Observation]:
    """Observations saved by :func:`write_observations`.

    Each one now cites this file and line; where it was first recorded stays in
    ``fields["recorded_as"]``.
    """
    kinds = {k.value: k for k in SourceKind}
    observations = []
    for number, line in enumerate(decode_reply(data, origin).splitlines(), start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise origin.error(f"not a JSON line ({exc.msg})", where) from exc
        if not isinstance(record, dict) or record.get("offramp") != SAVED_MARK:
            raise origin.error('not a saved observation (no "offramp": "observation")', where)
        try:
            observations.append(_observation(record, kinds, origin, where))
        except (KeyError, TypeError, ValueError) as exc:
            raise origin.error(f"bad saved observation ({exc})", where) from exc
    if not observations:
        raise origin.error("no saved observation found")
    return observations


def _observation(record: Mapping[str, Any], kinds: Mapping[str, SourceKind],
                 origin: ReplyOrigin, where: str) -> Observation:
    source = kinds[record["source"]]
    values = {attr: _opt_str(record.get(attr)) for attr in _TEXT_ATTRS}
    fields = record.get("fields") or {}
    if not isinstance(fields, dict):
        raise TypeError("fields must be an object")
    fields = {str(k): str(v) for k, v in fields.items()}
    first = values.pop("file"), values.pop("where")
    fields["recorded_as"] = f"{first[0]} ({first[1]})" if first[1] else str(first[0])
    mac = values.pop("mac")
    if mac is not None and normalize_mac(mac) is None:
        raise ValueError(f"mac {mac!r} is not a MAC address")
    seen = record.get("seen_at")
    observation = Observation(
        source=source, file=origin.file, where=where, mac=normalize_mac(mac),
        seen_at=datetime.fromisoformat(seen) if seen else None,
        ports=tuple(str(p) for p in record.get("ports") or ()),
        banners=tuple(str(b) for b in record.get("banners") or ()),
        fields=fields, **values,
    )
    if observation.site is None and origin.site is not None:
        observation = replace(observation, site=origin.site)
    return observation


def _opt_str(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


