"""Simulated cameras for discovery tests: UDP responders and an HTTP device API on 127.0.0.1.

Replies are built from the saved-reply fixtures (tests/fixtures/scans/replies/), with the
address and HTTP port rewritten to the simulator's, so the bytes on the wire have the shape
real devices send. The HTTP server checks RFC 7616 Digest (MD5, qop=auth) and, for ONVIF,
the WS-UsernameToken digest, so a test passes only when the password was used correctly.
"""

from __future__ import annotations

import base64
import hashlib
import re
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPLIES = Path(__file__).parent.parent.parent / "fixtures" / "scans" / "replies"
REALM = "IP Camera(C1234)"
NONCE = "4e6a4d354d4459794f4449364e3251774e7a4d324e6a493d"


def _documents(name: str) -> list[str]:
    text = (REPLIES / name).read_text()
    return ["<?xml" + d for d in text.split("<?xml") if d.strip()]


def sadp_reply(http_port: int, host: str = "127.0.0.1") -> bytes:
    """The NVR's SADP ProbeMatch with its address and web port set to the simulator's."""
    doc = _documents("sadp-probematch.xml")[1]
    doc = doc.replace("<IPv4Address>198.51.100.30</IPv4Address>",
                      f"<IPv4Address>{host}</IPv4Address>")
    return doc.replace("<HttpPort>80</HttpPort>", f"<HttpPort>{http_port}</HttpPort>").encode()


def dhip_reply(http_port: int, host: str = "127.0.0.1") -> bytes:
    """The camera's DHIP reply (binary header + JSON) with the simulator's address and port."""
    body = (REPLIES / "dhip-replies.jsonl").read_text().splitlines()[0] + "\n"
    body = body.replace('"IPAddress" : "198.51.100.22"', f'"IPAddress" : "{host}"')
    data = body.replace('"HttpPort" : 80', f'"HttpPort" : {http_port}').encode()
    return struct.pack("<I4s8sIIII", 0x20, b"DHIP", b"\0" * 8, len(data), 0, len(data),
                       0) + data


def onvif_reply(xaddr: str) -> bytes:
    """The Hikvision camera's ProbeMatches with ``xaddr`` as its only XAddr."""
    doc = _documents("onvif-probematches.xml")[0]
    doc = re.sub(r"<wsdd:XAddrs>[^<]*</wsdd:XAddrs>", f"<wsdd:XAddrs>{xaddr}</wsdd:XAddrs>",
                 doc)
    return doc.encode()


PROBE_MARK = {"sadp": b"<Types>inquiry</Types>", "dhip": b"DHDiscover.search",
              "onvif": b"dn:NetworkVideoTransmitter"}


@dataclass
class UdpResponder:
    """Answers one protocol's probe with ``reply``; records every datagram received.

    ``reply_from`` sends the answer from another local address (a device outside the
    scope answering): the reply must then be ignored.
    """

    protocol: str
    reply: bytes
    reply_from: str | None = None
    received: list[tuple[bytes, tuple[str, int]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port: int = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                data, peer = self.sock.recvfrom(65535)
            except TimeoutError:
                continue
            except OSError:
                return
            self.received.append((data, peer))
            if PROBE_MARK[self.protocol] not in data:
                continue
            if self.reply_from is None:
                self.sock.sendto(self.reply, peer)
            else:
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as other:
                    other.bind((self.reply_from, 0))
                    other.sendto(self.reply, peer)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


def _h(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


@dataclass
class DeviceApi:
    """An HTTP device API (ISAPI, magicBox, ONVIF) behind Digest authentication."""

    user: str
    password: str
    basic_only: bool = False
    requests: list[tuple[str, str, str | None]] = field(default_factory=list)
    routes: dict[str, bytes] = field(default_factory=dict)

    def authorised(self, method: str, header: str | None) -> bool:
        if not header or not header.startswith("Digest "):
            return False
        params = dict(re.findall(r'(\w+)="?([^",]*)"?', header[len("Digest "):]))
        ha1 = _h(f"{params.get('username')}:{REALM}:{self.password}")
        ha2 = _h(f"{method}:{params.get('uri')}")
        expected = _h(f"{ha1}:{NONCE}:{params.get('nc')}:{params.get('cnonce')}:auth:{ha2}")
        return params.get("username") == self.user and params.get("response") == expected

    def token_ok(self, body: bytes) -> bool:
        text = body.decode()
        found = {k: re.search(rf"<(?:wsse|wsu):{k}(?:\s[^>]*)?>([^<]*)<", text) for k in
                 ("Username", "Password", "Nonce", "Created")}
        if not all(found.values()):
            return False
        values = {k: m.group(1) for k, m in found.items() if m}
        digest = base64.b64encode(hashlib.sha1(
            base64.b64decode(values["Nonce"]) + values["Created"].encode()
            + self.password.encode()).digest()).decode()
        return values["Username"] == self.user and values["Password"] == digest


def default_routes() -> dict[str, bytes]:
    """ISAPI deviceInfo + channels of the NVR, magicBox answers, ONVIF device information."""
    nvr_info, channels = _documents("isapi-nvr-deviceinfo-and-channels.xml")
    magic = (REPLIES / "magicbox-replies.txt").read_text().splitlines()
    return {
        "/ISAPI/System/deviceInfo": nvr_info.encode(),
        "/ISAPI/ContentMgmt/InputProxy/channels": channels.encode(),
        "/cgi-bin/magicBox.cgi?action=getVendor": b"vendor=Dahua\r\n",
        "/cgi-bin/magicBox.cgi?action=getSystemInfo": "\r\n".join(magic[3:10]).encode(),
        "/cgi-bin/magicBox.cgi?action=getSerialNo": b"sn=9J01234PAZ00001\r\n",
        "/cgi-bin/magicBox.cgi?action=getDeviceType": b"type=IPC-HDW2431T-AS-S2\r\n",
        "/onvif/device_service": _documents("onvif-getdeviceinformation.xml")[0].encode(),
    }


@contextmanager
def device_api(user: str, password: str, *, basic_only: bool = False) -> Iterator[
        tuple[DeviceApi, int]]:
    """Run a :class:`DeviceApi` on 127.0.0.1; yields it and its port."""
    api = DeviceApi(user, password, basic_only, routes=default_routes())
    handler = _handler(api)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield api, server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def _handler(api: DeviceApi) -> Callable[..., BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def _answer(self, status: int, body: bytes = b"", challenge: bool = False) -> None:
            self.send_response(status)
            if challenge:
                if api.basic_only:
                    self.send_header("WWW-Authenticate", f'Basic realm="{REALM}"')
                else:
                    self.send_header("WWW-Authenticate", f'Digest qop="auth", realm="{REALM}", '
                                     f'nonce="{NONCE}", stale="FALSE"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _handle(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            auth = self.headers.get("Authorization")
            api.requests.append((method, self.path, auth))
            if not api.authorised(method, auth):
                self._answer(401, challenge=True)
                return
            if self.path not in api.routes:
                self._answer(404)
                return
            if method == "POST" and not api.token_ok(body):
                self._answer(400, b"bad UsernameToken")
                return
            self._answer(200, api.routes[self.path])

        def do_GET(self) -> None:
            self._handle("GET")

        def do_POST(self) -> None:
            self._handle("POST")

    return Handler
