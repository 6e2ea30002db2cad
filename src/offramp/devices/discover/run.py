"""One discovery run: probes out (scope-checked, paced), replies in, optional enrichment.

The order of refusals matters and is tested: not authorised -> refused before any socket
exists; a network too large or malformed -> refused before any socket exists; a multicast
probe -> only out of the named interface and only when that interface's own address lies in
a named network; every unicast destination -> checked against the networks before it is
sent. Replies from outside the networks are ignored (and reported), never followed up.
"""

from __future__ import annotations

import fcntl
import logging
import select
import socket
import struct
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from offramp.devices.discover.credentials import Credentials
from offramp.devices.discover.device_http import DeviceHttp
from offramp.devices.discover.enrich import Enricher, Target, targets_from
from offramp.devices.discover.probes import (
    DESCRIPTION,
    MULTICAST_GROUP,
    PROTOCOLS,
    REPLY_KIND,
    Ports,
    probe,
)
from offramp.devices.discover.result import DiscoveryResult, Sent
from offramp.devices.discover.scope import DEFAULT_MAX_ADDRESSES, DiscoveryError, Scope
from offramp.model import SourceFormatError
from offramp.scans.replies import ReplyOrigin, parse_reply

log = logging.getLogger(__name__)

_SIOCGIFADDR = 0x8915  # Linux ioctl: an interface's IPv4 address


def interface_ipv4(name: str) -> str:
    """The IPv4 address of network interface ``name`` (Linux)."""
    probe_socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        packed = fcntl.ioctl(probe_socket.fileno(), _SIOCGIFADDR,
                             struct.pack("256s", name.encode()[:15]))
    except OSError as exc:
        raise DiscoveryError(f"interface {name!r} has no IPv4 address ({exc.strerror})") from exc
    finally:
        probe_socket.close()
    return socket.inet_ntoa(packed[20:24])


class Pacer:
    """At most ``rate`` packets or requests a second; waiting time is spent receiving."""

    def __init__(self, rate: float, receive: Callable[[float], None] | None = None) -> None:
        if rate <= 0:
            raise DiscoveryError("the rate must be above 0 packets a second")
        self._interval = 1.0 / rate
        self._next = time.monotonic()
        self._receive = receive

    def __call__(self) -> None:
        """Return when the next packet may go."""
        now = time.monotonic()
        if self._next > now:
            if self._receive is not None:
                self._receive(self._next)
            else:
                time.sleep(self._next - now)
        self._next = max(self._next, time.monotonic()) + self._interval


class _Listener:
    """The sockets probes go out of and replies come back to, one per protocol."""

    def __init__(self, scope: Scope, result: DiscoveryResult, site: str | None) -> None:
        self.scope = scope
        self.result = result
        self.site = site
        self.sockets: dict[socket.socket, str] = {}
        self.probes: dict[str, bytes] = {}
        self.seen: set[tuple[str, str, bytes]] = set()
        self.targets: list[Target] = []

    def open(self, protocol: str, bind_address: str, multicast_from: str | None) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        if multicast_from is not None:
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF,
                            socket.inet_aton(multicast_from))
            # One hop: the probe must not be routed beyond the named interface's segment.
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 0)
        sock.bind((bind_address, 0))
        self.sockets[sock] = protocol
        self.probes[protocol] = probe(protocol)

    def close(self) -> None:
        for sock in self.sockets:
            sock.close()

    def send(self, protocol: str, host: str, port: int, *, multicast: bool = False) -> None:
        """Send ``protocol``'s probe; a unicast destination must be in scope first."""
        if not multicast:
            self.scope.require(host, DESCRIPTION[protocol])
        sock = next(s for s, p in self.sockets.items() if p == protocol)
        sock.sendto(self.probes[protocol], (host, port))
        self.result.sent.append(Sent(protocol, host, port, DESCRIPTION[protocol]))
        log.debug("sent %s to %s:%d", DESCRIPTION[protocol], host, port)

    def receive(self, until: float) -> None:
        """Read replies until the monotonic time ``until``."""
        while True:
            remaining = until - time.monotonic()
            if remaining <= 0 or not self.sockets:
                return
            ready, _, _ = select.select(list(self.sockets), [], [], remaining)
            for sock in ready:
                try:
                    data, (host, port) = sock.recvfrom(65535)
                except OSError as exc:
                    # An ICMP error reported on the socket: the host has no such service.
                    log.debug("receive error on %s socket: %s", self.sockets[sock], exc)
                    continue
                self.handle(self.sockets[sock], data, host, port)

    def handle(self, protocol: str, data: bytes, host: str, port: int) -> None:
        """One reply: ignored when from outside the scope or our own probe, else read."""
        if not self.scope.contains(host):
            self.result.ignored.append(f"{protocol} reply from {host}:{port}: outside the "
                                       "named networks, ignored")
            return
        if data == self.probes[protocol] or (protocol, host, data) in self.seen:
            return
        self.seen.add((protocol, host, data))
        origin = ReplyOrigin(file="discovery", where=f"{protocol} reply from {host}:{port}",
                             ip=host, site=self.site, seen_at=datetime.now(UTC))
        try:
            observations = parse_reply(data, REPLY_KIND[protocol], origin)
        except SourceFormatError as exc:
            self.result.errors.append(str(exc))
            return
        self.result.observations += observations
        for observation in observations:
            self.targets += targets_from(observation, host)


def discover(networks: Sequence[str], *, interface: str | None = None, authorised: bool,
             protocols: Sequence[str] = PROTOCOLS, timeout: float = 3.0, rate: float = 50.0,
             sweep: bool | None = None, ports: Ports | None = None,
             credentials: Credentials | None = None,
             max_addresses: int = DEFAULT_MAX_ADDRESSES,
             site: str | None = None) -> DiscoveryResult:
    """Discover cameras and recorders on networks the user is authorised to probe.

    ``interface``: multicast the probes out of it (its address must lie in ``networks``).
    ``sweep``: also send each probe by unicast to every host of every network (default: only
    when no interface is named). ``timeout``: how long to listen after the last probe, and the
    per-request timeout of enrichment. ``rate``: packets and requests per second.
    ``credentials``: enrich each device through its own API (read-only requests).
    """
    if not authorised:
        raise DiscoveryError("discovery probes a network: confirm you are authorised to probe "
                             "the named networks (--i-am-authorised)")
    unknown = [p for p in protocols if p not in PROTOCOLS]
    if unknown or not protocols:
        raise DiscoveryError(f"unknown protocol(s) {', '.join(unknown) or '(none)'}; "
                             f"choose from {', '.join(PROTOCOLS)}")
    if timeout <= 0:
        raise DiscoveryError("the timeout must be above 0 seconds")
    scope = Scope.parse(networks, max_addresses=max_addresses)
    ports = ports or Ports()
    sweep = interface is None if sweep is None else sweep
    if interface is None and not sweep:
        raise DiscoveryError("nothing to do: name an interface for multicast probes or ask "
                             "for a sweep of the networks")
    multicast_from = None
    if interface is not None:
        multicast_from = interface_ipv4(interface)
        if not scope.contains(multicast_from):
            raise DiscoveryError(
                f"interface {interface} has address {multicast_from}, outside the named "
                f"networks ({scope}): its multicast probes would reach a network you did "
                "not name; refused")

    result = DiscoveryResult()
    listener = _Listener(scope, result, site)
    try:
        for protocol in protocols:
            listener.open(protocol, multicast_from or "0.0.0.0", multicast_from)
        pace = Pacer(rate, listener.receive)
        if multicast_from is not None:
            for protocol in protocols:
                pace()
                listener.send(protocol, MULTICAST_GROUP[protocol], ports.of(protocol),
                              multicast=True)
        if sweep:
            for host in scope.hosts():
                for protocol in protocols:
                    pace()
                    listener.send(protocol, host, ports.of(protocol))
        listener.receive(time.monotonic() + timeout)
    finally:
        listener.close()
    log.info("discovery: %d packets sent, %d observations, %d replies ignored",
             len(result.sent), len(result.observations), len(result.ignored))

    if credentials is not None:
        http = DeviceHttp(scope, Pacer(rate), result.sent, credentials, timeout)
        enricher = Enricher(http, scope, credentials, result, site, datetime.now(UTC))
        done: set[Target] = set()
        for target in listener.targets:
            if target not in done:
                done.add(target)
                enricher.run(target)
    return result
