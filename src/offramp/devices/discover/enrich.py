"""Optional enrichment: ask a discovered device to describe itself through its own API.

Only reads: ISAPI ``GET /ISAPI/System/deviceInfo`` and, for NVRs, ``GET
/ISAPI/ContentMgmt/InputProxy/channels`` (the cameras on its PoE ports, invisible on the LAN);
Dahua ``GET /cgi-bin/magicBox.cgi?action=getVendor|getSystemInfo|getSerialNo|getDeviceType``;
ONVIF ``GetDeviceInformation`` (a SOAP request, so an HTTP POST, with a WS-UsernameToken
digest). Every destination goes through the scope guard in :class:`DeviceHttp`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from offramp.devices.discover.credentials import Credentials, username_token
from offramp.devices.discover.device_http import DeviceHttp, DeviceHttpError
from offramp.devices.discover.result import DiscoveryResult
from offramp.devices.discover.scope import Scope, ScopeError
from offramp.model import Observation, OfframpError, SourceKind
from offramp.scans.replies import ReplyOrigin, parse_reply

ISAPI_DEVICE_INFO = "/ISAPI/System/deviceInfo"
ISAPI_CHANNELS = "/ISAPI/ContentMgmt/InputProxy/channels"
MAGICBOX_ACTIONS = ("getVendor", "getSystemInfo", "getSerialNo", "getDeviceType")
# Answers meaning "this device has no such API" rather than a failure worth reporting.
_NOT_THERE = {403, 404, 405, 501}


@dataclass(frozen=True, slots=True)
class Target:
    """A device to enrich: which API, where (the reply's own address), and how to reach it."""

    api: str  # isapi, magicbox, onvif
    host: str
    port: int = 80
    xaddrs: tuple[str, ...] = ()


def targets_from(observation: Observation, reply_from: str) -> list[Target]:
    """What to ask a device that answered discovery from ``reply_from``."""
    def http_port() -> int:
        try:
            port = int(observation.fields.get("HttpPort", "80"))
        except ValueError:
            return 80
        return port if 0 < port < 65536 else 80

    if observation.source is SourceKind.SADP:
        return [Target("isapi", reply_from, http_port())]
    if observation.source is SourceKind.DHIP:
        return [Target("magicbox", reply_from, http_port())]
    if observation.source is SourceKind.ONVIF_PROBE:
        xaddrs = tuple(observation.fields.get("XAddrs", "").split())
        return [Target("onvif", reply_from, xaddrs=xaddrs)] if xaddrs else []
    return []


class Enricher:
    """Runs the device-API requests for discovered targets into a :class:`DiscoveryResult`."""

    def __init__(self, http: DeviceHttp, scope: Scope, credentials: Credentials,
                 result: DiscoveryResult, site: str | None, now: datetime) -> None:
        self._http = http
        self._scope = scope
        self._credentials = credentials
        self._result = result
        self._site = site
        self._now = now

    def run(self, target: Target) -> None:
        """Enrich one target; failures are recorded, never raised."""
        try:
            if target.api == "isapi":
                self._isapi(target)
            elif target.api == "magicbox":
                self._magicbox(target)
            else:
                self._onvif(target)
        except ScopeError as exc:
            self._result.refused.append(str(exc))
        except (DeviceHttpError, OfframpError) as exc:
            self._result.errors.append(f"{target.api} {target.host}: {exc}")

    def _origin(self, what: str, host: str, port: int) -> ReplyOrigin:
        return ReplyOrigin(file="discovery", where=f"{what} from {host}:{port}", ip=host,
                           site=self._site, seen_at=self._now)

    def _isapi(self, target: Target) -> None:
        reply = self._http.get(target.host, target.port, ISAPI_DEVICE_INFO)
        if reply.status != 200:
            raise DeviceHttpError(f"{ISAPI_DEVICE_INFO} answered HTTP {reply.status}")
        origin = self._origin("ISAPI deviceInfo", target.host, target.port)
        [device] = parse_reply(reply.body, SourceKind.ISAPI, origin)
        self._result.observations.append(device)
        channels = self._http.get(target.host, target.port, ISAPI_CHANNELS)
        if channels.status in _NOT_THERE:
            return  # a camera, not an NVR
        if channels.status != 200:
            raise DeviceHttpError(f"{ISAPI_CHANNELS} answered HTTP {channels.status}")
        origin = self._origin("ISAPI InputProxy channels", target.host, target.port)
        self._result.observations += parse_reply(channels.body, SourceKind.NVR_CHANNEL, origin,
                                                 nvr=device)

    def _magicbox(self, target: Target) -> None:
        answers = []
        for action in MAGICBOX_ACTIONS:
            reply = self._http.get(target.host, target.port,
                                   f"/cgi-bin/magicBox.cgi?action={action}")
            if reply.status == 200:
                answers.append(reply.body.rstrip(b"\r\n") + b"\r\n")
            elif reply.status not in _NOT_THERE:
                raise DeviceHttpError(f"magicBox {action} answered HTTP {reply.status}")
        if not answers:
            raise DeviceHttpError("no magicBox action answered")
        origin = self._origin("magicBox", target.host, target.port)
        self._result.observations += parse_reply(b"".join(answers), SourceKind.MAGICBOX, origin)

    def _onvif(self, target: Target) -> None:
        for xaddr in target.xaddrs:
            parts = urlsplit(xaddr)
            if parts.scheme != "http" or not parts.hostname:
                continue  # https needs the device's certificate trusted: not attempted
            try:
                port = parts.port or 80
            except ValueError:
                continue
            # The reply named this address: it is contacted only if it is in scope too.
            host = parts.hostname
            try:
                self._scope.require(host, f"ONVIF GetDeviceInformation (XAddr from "
                                          f"{target.host})")
            except ScopeError as exc:
                self._result.refused.append(str(exc))
                continue
            envelope = get_device_information(self._credentials)
            reply = self._http.soap(host, port, parts.path or "/onvif/device_service", envelope)
            if reply.status != 200:
                raise DeviceHttpError(f"GetDeviceInformation answered HTTP {reply.status}")
            origin = self._origin("ONVIF GetDeviceInformation", host, port)
            self._result.observations += parse_reply(reply.body, SourceKind.ONVIF_DEVICE_INFO,
                                                     origin)
            return


def get_device_information(credentials: Credentials) -> bytes:
    """The ONVIF ``GetDeviceInformation`` request with a UsernameToken digest header."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
        'xmlns:tds="http://www.onvif.org/ver10/device/wsdl">'
        f"<s:Header>{username_token(credentials)}</s:Header>"
        "<s:Body><tds:GetDeviceInformation/></s:Body></s:Envelope>"
    ).encode()
