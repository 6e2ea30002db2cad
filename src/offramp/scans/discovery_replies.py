"""Discovery replies -> :class:`Observation`: ONVIF WS-Discovery, Hikvision SADP, Dahua DHIP.

A saved file may hold several replies: XML documents one after another (each usually with its
own ``<?xml ...?>`` declaration, as a capture tool writes the UDP payloads out), DHIP binary
replies concatenated, or DHIP JSON bodies one per line. This module also holds the reading
steps every saved reply shares (:class:`ReplyOrigin`, :func:`xml_documents`,
:func:`element_fields`), because :mod:`offramp.scans.device_api` reads the same kind of files.

Every element or key a parser does not map to an :class:`Observation` attribute is kept in
``fields`` (nested names joined with ``.``), except passwords: an NVR's channel list can echo
the camera credentials, and offramp never stores credentials.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from ipaddress import ip_address
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from offramp.model import Observation, SourceFormatError, SourceKind, UnsafeInputError
from offramp.model.device import normalize_mac
from offramp.sources.xmlsafe import child, children, local, text

# Element and key names never copied into ``fields`` (credentials stay out of offramp).
SECRET_NAMES = frozenset({"password", "passwd", "pwd", "passwordhash"})

_XML_DECL = re.compile(r"<\?xml\s[^>]*\?>")
_UNSAFE = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_WRAPPER = "offramp-replies"

DHIP_MAGIC = b"DHIP"
DHIP_HEADER_SIZE = 0x20
# The reply that is our own probe (heard back through multicast loopback): not a device.
DHIP_PROBE_METHOD = "DHDiscover.search"
DHIP_REPLY_METHOD = "client.notifyDevInfo"
# Port keys stay in ``fields`` as well as in ``ports``: which port is the web server matters
# to whoever contacts the device next.
_DHIP_MAPPED = frozenset({"DeviceType", "SerialNo", "Version", "Vendor"})


@dataclass(frozen=True, slots=True)
class ReplyOrigin:
    """Where replies come from: a saved file, or a live reply during discovery.

    ``file`` is the path (or ``discovery``), ``where`` a prefix for each observation's place
    (``reply from 10.0.0.5:37020``), ``ip`` the address the reply came from when known.
    """

    file: str
    where: str = ""
    ip: str | None = None
    site: str | None = None
    seen_at: datetime | None = None

    def place(self, *parts: str) -> str:
        """``where`` joined with the given parts, skipping empty ones."""
        return ", ".join(p for p in (self.where, *parts) if p)

    def error(self, problem: str, *parts: str) -> SourceFormatError:
        """A format error naming this file and place."""
        return SourceFormatError(self.file, self.place(*parts) or None, problem)


def decode_reply(data: bytes, origin: ReplyOrigin) -> str:
    """UTF-8 text of a reply (BOM dropped); bad bytes are an error naming the offset."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise origin.error(f"not valid UTF-8 text ({exc.reason})", f"byte {exc.start}") from exc


def xml_documents(data: bytes, origin: ReplyOrigin) -> list[Element]:
    """The root element of each XML document in ``data``, in order.

    Documents are parsed together inside one synthetic wrapper element: declarations are
    blanked (same length, so line and column numbers stay those of the file), DTDs and
    entity declarations are refused before parsing, and text between documents is an error.
    """
    source = decode_reply(data, origin)
    if not source.strip():
        raise origin.error("empty file")
    if _UNSAFE.search(source):
        raise UnsafeInputError(origin.file, origin.where or None,
                               "refused: DTDs and entity declarations are not allowed in replies")
    blanked = _XML_DECL.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source)
    prefix = f"<{_WRAPPER}>"
    try:
        wrapper = SafeET.fromstring(f"{prefix}{blanked}</{_WRAPPER}>", forbid_dtd=True)
    except defusedxml.DefusedXmlException as exc:
        raise UnsafeInputError(origin.file, origin.where or None,
                               f"refused: {type(exc).__name__}") from exc
    except ParseError as exc:
        line, column = exc.position
        if line == 1:
            column -= len(prefix)
        lines = source.split("\n")
        if line > len(lines) or (line == len(lines) and column >= len(lines[-1])):
            # The error is at the synthetic closing tag: the file ends inside a document.
            raise origin.error("truncated: the last XML document is cut short",
                               "end of file") from exc
        problem = str(exc).replace(_WRAPPER, "end of file")
        raise origin.error(f"malformed XML ({problem})", f"line {line}, column {column}") from exc
    roots = list(wrapper)
    if not roots:
        raise origin.error("no XML element found")
    stray = [t for t in [wrapper.text, *(r.tail for r in roots)] if t and t.strip()]
    if stray:
        raise origin.error(f"text outside any XML element: {stray[0].strip()[:40]!r}")
    return roots


def element_fields(elem: Element, skip: frozenset[str] = frozenset(),
                   prefix: str = "") -> dict[str, str]:
    """Every descendant element's text by dotted local-name path, except ``skip`` children.

    Repeated names get ``#2``, ``#3`` so nothing is overwritten; secrets are left out.
    """
    out: dict[str, str] = {}
    for sub in elem:
        name = local(sub.tag)
        if (not prefix and name in skip) or name.lower() in SECRET_NAMES:
            continue
        key = f"{prefix}{name}"
        if len(sub):
            for k, v in element_fields(sub, prefix=f"{key}.").items():
                _put(out, k, v)
        else:
            _put(out, key, (sub.text or "").strip())
    return out


def _put(out: dict[str, str], key: str, value: str) -> None:
    if key not in out:
        out[key] = value
        return
    n = 2
    while f"{key}#{n}" in out:
        n += 1
    out[f"{key}#{n}"] = value


def port(protocol: str, value: object) -> tuple[str, ...]:
    """``("tcp/8000",)`` for a valid port number, else ``()`` (0 means "not in use")."""
    try:
        number = int(str(value).strip())
    except ValueError:
        return ()
    return (f"{protocol}/{number}",) if 0 < number < 65536 else ()


def is_ip(value: str | None) -> bool:
    """True for the text form of a usable IPv4 or IPv6 address.

    ``0.0.0.0`` and ``::`` are what devices print for "none" (an empty NVR channel, SADP's
    ``IPv6Address``): not an address to merge devices on.
    """
    if not value:
        return False
    try:
        return not ip_address(value).is_unspecified
    except ValueError:
        return False


# --- ONVIF WS-Discovery -------------------------------------------------------------------

SCOPE_PREFIX = "onvif://www.onvif.org/"


def onvif_scopes(scopes: str) -> dict[str, str]:
    """``onvif://www.onvif.org/hardware/DS-2CD2143G2-I`` -> ``{"hardware": "DS-2CD2143G2-I"}``.

    Scope values are percent-encoded (``IP%20Camera``); they are decoded. A repeated category
    (two ``location`` scopes) keeps every value, the later ones as ``location#2``.
    """
    out: dict[str, str] = {}
    for scope in scopes.split():
        if not scope.lower().startswith(SCOPE_PREFIX):
            continue
        category, _, value = scope[len(SCOPE_PREFIX):].partition("/")
        _put(out, unquote(category), unquote(value))
    return out


def onvif_probe_matches(root: Element, origin: ReplyOrigin, reply: str) -> list[Observation]:
    """One observation per ``ProbeMatch`` in a SOAP 1.2 ``ProbeMatches`` envelope."""
    matches = [e for e in root.iter() if local(e.tag) == "ProbeMatches"]
    if not matches:
        raise origin.error("a SOAP envelope without ProbeMatches", reply)
    observations = []
    for number, match in enumerate(children(matches[0], "ProbeMatch"), start=1):
        where = origin.place(reply, f"ProbeMatch {number}")
        epr = child(match, "EndpointReference")
        address = text(epr, "Address")
        scope_text = text(match, "Scopes") or ""
        scopes = onvif_scopes(scope_text)
        xaddrs = (text(match, "XAddrs") or "").split()
        hosts = [urlsplit(x).hostname for x in xaddrs]
        ip = next((h for h in hosts if h and is_ip(h)), None) or origin.ip
        ports: tuple[str, ...] = ()
        for x in xaddrs:
            parts = urlsplit(x)
            default = 443 if parts.scheme == "https" else 80
            try:
                ports += tuple(p for p in port("tcp", parts.port or default) if p not in ports)
            except ValueError:
                continue  # a malformed port in one XAddr: the others still count
        fields = element_fields(match, skip=frozenset({"EndpointReference", "Scopes"}))
        if address:
            fields["EndpointReference.Address"] = address
        fields["Scopes"] = scope_text
        fields.update({f"scope.{k}": v for k, v in scopes.items()})
        observations.append(Observation(
            source=SourceKind.ONVIF_PROBE, file=origin.file, where=where,
            mac=normalize_mac(scopes.get("MAC") or scopes.get("mac")), ip=ip,
            vendor=scopes.get("manufacturer") or scopes.get("name"),
            model=scopes.get("hardware"), site=origin.site, seen_at=origin.seen_at,
            ports=ports, fields=_with_origin(fields, origin, ip),
        ))
    if not observations:
        raise origin.error("ProbeMatches holds no ProbeMatch", reply)
    return observations


# --- Hikvision SADP -----------------------------------------------------------------------

_SADP_MAPPED = frozenset({"DeviceSN", "SoftwareVersion"})


def sadp_probe_match(root: Element, origin: ReplyOrigin, reply: str) -> Observation:
    """One SADP ``<ProbeMatch>`` reply.

    ``DeviceDescription`` carries the model (``DS-2CD2432F-IW``); ``DeviceType`` is a numeric
    product class on most firmware, so it is the model only when it is not a number.
    """
    where = origin.place(reply)
    description = text(root, "DeviceDescription")
    device_type = text(root, "DeviceType")
    model = description or (device_type if device_type and not device_type.isdigit() else None)
    raw_ip = text(root, "IPv4Address")
    ip = raw_ip if is_ip(raw_ip) else origin.ip
    ports = (port("tcp", text(root, "CommandPort")) + port("tcp", text(root, "HttpPort"))
             + port("tcp", text(root, "HttpsPort")))
    mac = normalize_mac(text(root, "MAC"))
    # What could not be read as a MAC or an address stays in ``fields`` as the device sent it.
    skip = _SADP_MAPPED | ({"MAC"} if mac else set()) | ({"IPv4Address"} if ip == raw_ip
                                                          else set())
    fields = element_fields(root, skip=frozenset(skip))
    return Observation(
        source=SourceKind.SADP, file=origin.file, where=where, mac=mac, ip=ip, model=model,
        serial=text(root, "DeviceSN"), firmware=text(root, "SoftwareVersion"),
        site=origin.site, seen_at=origin.seen_at, ports=ports,
        fields=_with_origin(fields, origin, ip),
    )


# --- Dahua DHIP ---------------------------------------------------------------------------

def dhip_frames(data: bytes, origin: ReplyOrigin) -> Iterator[tuple[int, bytes]]:
    """``(offset, json_body)`` for each binary DHIP reply in ``data``.

    The 32-byte header: little-endian header size 0x20, ``DHIP`` at offset 4, the body length
    at 0x10 and again at 0x18. A header that disagrees with itself or with the data left is
    an error naming the byte offset: a truncated capture must not pass as a shorter one.
    """
    offset = 0
    while offset < len(data):
        head = data[offset:offset + DHIP_HEADER_SIZE]
        where = f"byte {offset}"
        if len(head) < DHIP_HEADER_SIZE:
            raise origin.error(f"truncated DHIP header ({len(head)} of 32 bytes)", where)
        size, = struct.unpack_from("<I", head, 0)
        if head[4:8] != DHIP_MAGIC or size != DHIP_HEADER_SIZE:
            raise origin.error("not a DHIP header (expected 20 00 00 00 'DHIP')", where)
        length, again = struct.unpack_from("<I", head, 0x10)[0], struct.unpack_from(
            "<I", head, 0x18)[0]
        if length != again:
            raise origin.error(
                f"DHIP header gives two body lengths ({length} at 0x10, {again} at 0x18)", where)
        end = offset + DHIP_HEADER_SIZE + length
        if end > len(data):
            raise origin.error(
                f"truncated DHIP reply: the header announces {length} body bytes, "
                f"{len(data) - offset - DHIP_HEADER_SIZE} remain", where)
        yield offset, data[offset + DHIP_HEADER_SIZE:end]
        offset = end


def dhip_message(body: bytes | str, origin: ReplyOrigin, where: str) -> dict[str, Any] | None:
    """The JSON object of one DHIP body; None for our own ``DHDiscover.search`` probe."""
    try:
        message = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise origin.error(f"DHIP body is not JSON ({exc})", where) from exc
    if not isinstance(message, dict):
        raise origin.error("DHIP body is not a JSON object", where)
    if message.get("method") == DHIP_PROBE_METHOD:
        return None
    return message


def dhip_observation(message: Mapping[str, Any], origin: ReplyOrigin,
                     where: str) -> Observation:
    """``client.notifyDevInfo`` -> observation (``params.deviceInfo``, MAC at top level)."""
    if message.get("method") != DHIP_REPLY_METHOD:
        raise origin.error(f"DHIP method {message.get('method')!r} is not "
                           f"{DHIP_REPLY_METHOD}", where)
    params = message.get("params")
    info = params.get("deviceInfo") if isinstance(params, dict) else None
    if not isinstance(info, dict):
        raise origin.error("DHIP reply without params.deviceInfo", where)
    mac_text = message.get("mac") or info.get("Mac") or info.get("mac")
    mac = normalize_mac(str(mac_text)) if mac_text else None
    info_fields = _flatten_json(info)
    raw_ip = info_fields.get("IPv4Address.IPAddress") or info_fields.get("IPv4Address.IPAddr")
    ip = raw_ip if is_ip(raw_ip) else origin.ip
    mapped = set(_DHIP_MAPPED)
    if mac is not None:
        mapped |= {"Mac", "mac"}
    if ip == raw_ip:
        mapped |= {"IPv4Address.IPAddress", "IPv4Address.IPAddr"}
    fields = {k: v for k, v in info_fields.items() if k not in mapped}
    # Top-level keys besides the envelope (a "mac" that is not a MAC, "id", "result", ...).
    rest = {k: v for k, v in message.items() if k not in {"method", "params"}
            and not (k == "mac" and mac is not None)}
    fields.update({f"message.{k}": v for k, v in _flatten_json(rest).items()})
    ports = (port("tcp", info.get("HttpPort", "")) + port("tcp", info.get("Port", ""))
             + port("tcp", info.get("HttpsPort", "")))
    return Observation(
        source=SourceKind.DHIP, file=origin.file, where=where, mac=mac, ip=ip,
        vendor=_str(info.get("Vendor")), model=_str(info.get("DeviceType")),
        serial=_str(info.get("SerialNo")), firmware=_str(info.get("Version")),
        site=origin.site, seen_at=origin.seen_at, ports=ports,
        fields=_with_origin(fields, origin, ip),
    )


def dhip_replies(data: bytes, origin: ReplyOrigin) -> list[Observation]:
    """Every DHIP reply in ``data``: binary frames concatenated, or JSON bodies one per line."""
    observations = []
    if data[4:8] == DHIP_MAGIC:
        for offset, body in dhip_frames(data, origin):
            where = origin.place(f"byte {offset}")
            message = dhip_message(body, origin, where)
            if message is not None:
                observations.append(dhip_observation(message, origin, where))
    else:
        for number, line in enumerate(decode_reply(data, origin).splitlines(), start=1):
            if not line.strip():
                continue
            where = origin.place(f"line {number}")
            message = dhip_message(line, origin, where)
            if message is not None:
                observations.append(dhip_observation(message, origin, where))
    if not observations:
        raise origin.error("no DHIP reply found")
    return observations


def _flatten_json(value: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, item in value.items():
        if str(key).lower() in SECRET_NAMES:
            continue
        name = f"{prefix}{key}"
        if isinstance(item, dict):
            out.update(_flatten_json(item, f"{name}."))
        else:
            out[name] = _str(item) or ""
    return out


def _str(value: object) -> str | None:
    """JSON scalar -> text as the device sent it (``true``, not ``True``); None when empty."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    return json.dumps(value, ensure_ascii=False)


def _with_origin(fields: dict[str, str], origin: ReplyOrigin, ip: str | None) -> dict[str, str]:
    """Record the address a live reply came from when the reply names another one."""
    if origin.ip and origin.ip != ip:
        fields["reply_from"] = origin.ip
    return fields
