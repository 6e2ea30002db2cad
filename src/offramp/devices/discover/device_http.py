"""HTTP to the user's own devices: scope-checked, rate-limited, Digest only, no surprises.

``http.client`` is used directly rather than ``urllib`` because urllib follows redirects and
honours ``http_proxy`` from the environment: either would send a request (and a Digest
response) somewhere the scope guard never saw. Here the destination is checked before the
connection is opened, nothing is followed, and credentials are offered only when the device
asks for HTTP Digest (RFC 7616); a device that offers only Basic would receive the password
in clear text, so it gets nothing.
"""

from __future__ import annotations

import hashlib
import http.client
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from offramp.devices.discover.credentials import Credentials
from offramp.devices.discover.result import Sent
from offramp.devices.discover.scope import Scope

log = logging.getLogger(__name__)

MAX_BODY = 1 << 20  # device-API answers are a few kB; more is not a device answering
_PARAM = re.compile(r'(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))')
_HASHES: dict[str, Callable[[bytes], hashlib._Hash]] = {
    "MD5": hashlib.md5, "SHA-256": hashlib.sha256,
}


class DeviceHttpError(Exception):
    """A request failed (connection, timeout, authentication): the message names the host."""


@dataclass(frozen=True, slots=True)
class HttpReply:
    """Status and body of one answer."""

    status: int
    body: bytes


def digest_challenge(headers: list[str]) -> dict[str, str] | None:
    """The parameters of the first ``Digest`` challenge among ``WWW-Authenticate`` headers."""
    for header in headers:
        scheme, _, rest = header.strip().partition(" ")
        if scheme.lower() == "digest":
            return {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
                    for m in _PARAM.finditer(rest)}
    return None


def digest_authorization(challenge: Mapping[str, str], credentials: Credentials, method: str,
                         uri: str, *, cnonce: str | None = None, nc: int = 1) -> str:
    """The ``Authorization: Digest ...`` value answering ``challenge`` (RFC 7616, qop=auth)."""
    algorithm = challenge.get("algorithm", "MD5")
    base = algorithm.upper().removesuffix("-SESS")
    if base not in _HASHES:
        raise DeviceHttpError(f"unsupported Digest algorithm {algorithm!r}")

    def h(text: str) -> str:
        return _HASHES[base](text.encode()).hexdigest()

    realm, nonce = challenge.get("realm", ""), challenge.get("nonce", "")
    cnonce = cnonce or os.urandom(8).hex()
    ha1 = h(f"{credentials.user}:{realm}:{credentials.secret()}")
    if algorithm.upper().endswith("-SESS"):
        ha1 = h(f"{ha1}:{nonce}:{cnonce}")
    ha2 = h(f"{method}:{uri}")
    qops = [q.strip() for q in challenge.get("qop", "").split(",") if q.strip()]
    parts = [f'username="{credentials.user}"', f'realm="{realm}"', f'nonce="{nonce}"',
             f'uri="{uri}"', f"algorithm={algorithm}"]
    if "auth" in qops:
        count = f"{nc:08x}"
        response = h(f"{ha1}:{nonce}:{count}:{cnonce}:auth:{ha2}")
        parts += ["qop=auth", f"nc={count}", f'cnonce="{cnonce}"']
    elif qops:
        raise DeviceHttpError(f"unsupported Digest qop {challenge.get('qop')!r}")
    else:
        response = h(f"{ha1}:{nonce}:{ha2}")
    parts.append(f'response="{response}"')
    if "opaque" in challenge:
        parts.append(f'opaque="{challenge["opaque"]}"')
    return "Digest " + ", ".join(parts)


class DeviceHttp:
    """GET (and ONVIF's one SOAP request) to devices inside the scope."""

    def __init__(self, scope: Scope, pace: Callable[[], None], sent: list[Sent],
                 credentials: Credentials | None, timeout: float) -> None:
        self._scope = scope
        self._pace = pace
        self._sent = sent
        self._credentials = credentials
        self._timeout = timeout

    def get(self, host: str, port: int, path: str) -> HttpReply:
        """``GET path`` on ``host:port``, answering a Digest challenge when we have
        credentials."""
        return self._request("GET", host, port, path, None, {})

    def soap(self, host: str, port: int, path: str, envelope: bytes) -> HttpReply:
        """POST a SOAP 1.2 envelope: only for ONVIF's read-only GetDeviceInformation."""
        headers = {"Content-Type": 'application/soap+xml; charset=utf-8; action='
                   '"http://www.onvif.org/ver10/device/wsdl/GetDeviceInformation"'}
        return self._request("POST", host, port, path, envelope, headers)

    def _request(self, method: str, host: str, port: int, path: str, body: bytes | None,
                 headers: dict[str, str]) -> HttpReply:
        self._scope.require(host, f"HTTP {method} {path}")
        reply, challenges = self._send(method, host, port, path, body, headers)
        if reply.status != 401 or self._credentials is None:
            return reply
        challenge = digest_challenge(challenges)
        if challenge is None:
            raise DeviceHttpError(
                f"{host}:{port} {path}: the device offers no Digest authentication (only "
                f"{', '.join(c.split(' ', 1)[0] for c in challenges) or 'none'}); credentials "
                "not sent, since Basic would expose the password")
        auth = digest_authorization(challenge, self._credentials, method, path)
        reply, _ = self._send(method, host, port, path, body, {**headers, "Authorization": auth})
        if reply.status == 401:
            raise DeviceHttpError(f"{host}:{port} {path}: credentials refused (HTTP 401)")
        return reply

    def _send(self, method: str, host: str, port: int, path: str, body: bytes | None,
              headers: dict[str, str]) -> tuple[HttpReply, list[str]]:
        self._pace()
        self._sent.append(Sent("http", host, port, f"{method} {path}"))
        log.debug("HTTP %s %s:%d%s", method, host, port, path)
        connection = http.client.HTTPConnection(host, port, timeout=self._timeout)
        try:
            connection.request(method, path, body=body,
                               headers={"User-Agent": "offramp-discover", **headers})
            response = connection.getresponse()
            data = response.read(MAX_BODY + 1)
            challenges = response.headers.get_all("WWW-Authenticate") or []
        except (OSError, http.client.HTTPException) as exc:
            raise DeviceHttpError(f"{host}:{port} {method} {path}: {type(exc).__name__}: "
                                  f"{exc}") from exc
        finally:
            connection.close()
        if len(data) > MAX_BODY:
            raise DeviceHttpError(f"{host}:{port} {path}: answer larger than {MAX_BODY} bytes")
        return HttpReply(response.status, data), challenges
