"""The scope guard: nothing is sent outside the named networks, and nothing without consent."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from discover_responders import UdpResponder, device_api, onvif_reply, sadp_reply

from offramp.devices.discover import (
    Credentials,
    DiscoveryError,
    Ports,
    Scope,
    ScopeError,
    discover,
)
from offramp.devices.discover.device_http import DeviceHttp
from offramp.devices.discover.result import DiscoveryResult
from offramp.devices.discover.run import _Listener

OUTSIDE = "198.51.100.7"  # TEST-NET-2: never reachable from here, and never contacted


class Spy:
    """Records every UDP datagram and TCP connection the code under test attempts."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.datagrams: list[tuple[str, int]] = []
        self.connections: list[tuple[str, int]] = []
        self.sockets = 0
        spy = self
        real_connect = socket.create_connection

        class SpySocket(socket.socket):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                spy.sockets += 1
                super().__init__(*args, **kwargs)

            def sendto(self, data: Any, *args: Any) -> int:
                spy.datagrams.append(args[-1])
                return super().sendto(data, *args)

        def connect(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
            spy.connections.append(address)
            return real_connect(address, *args, **kwargs)

        monkeypatch.setattr(socket, "socket", SpySocket)
        monkeypatch.setattr(socket, "create_connection", connect)


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail the test if any socket is created."""
    opened: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> socket.socket:
        opened.append("socket")
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", refuse)
    yield opened


def test_without_authorisation_no_socket_is_opened(no_sockets: list[str]) -> None:
    with pytest.raises(DiscoveryError, match="--i-am-authorised"):
        discover(["127.0.0.1/32"], authorised=False, timeout=0.1)
    assert no_sockets == []


@pytest.mark.parametrize(("networks", "message"), [
    (["10.0.0.0/8"], "16,777,216 addresses, more than the cap of 65,536"),
    (["10.0.0.0/15"], "more than the cap"),
    (["not-a-network"], "not a network in CIDR form"),
    (["2001:db8::/120"], "only IPv4"),
    (["239.255.255.250/32"], "multicast"),
    ([], "at least one network"),
])
def test_bad_or_oversized_networks_are_refused_before_any_socket(
        no_sockets: list[str], networks: list[str], message: str) -> None:
    with pytest.raises(DiscoveryError, match=message):
        discover(networks, authorised=True, timeout=0.1)
    assert no_sockets == []


def test_the_cap_can_be_raised_on_purpose() -> None:
    scope = Scope.parse(["10.0.0.0/15"], max_addresses=1 << 17)
    assert scope.contains("10.1.255.254") and not scope.contains("10.2.0.1")


def test_interface_outside_the_networks_is_refused_before_any_probe(
        monkeypatch: pytest.MonkeyPatch) -> None:
    spy = Spy(monkeypatch)
    with pytest.raises(DiscoveryError, match=r"interface lo has address 127\.0\.0\.1, outside"):
        discover([f"{OUTSIDE}/32"], interface="lo", authorised=True, timeout=0.1)
    assert spy.datagrams == []


def test_unknown_interface_is_an_error() -> None:
    with pytest.raises(DiscoveryError, match="has no IPv4 address"):
        discover(["127.0.0.1/32"], interface="no-such-if0", authorised=True, timeout=0.1)


def test_every_sweep_packet_goes_to_a_named_network(monkeypatch: pytest.MonkeyPatch) -> None:
    spy = Spy(monkeypatch)
    result = discover(["127.0.0.0/30"], authorised=True, timeout=0.05, rate=500,
                      ports=Ports(onvif=9, sadp=9, dhip=9))
    assert sorted({host for host, _ in spy.datagrams}) == ["127.0.0.1", "127.0.0.2"]
    assert len(spy.datagrams) == len(result.sent) == 6


def test_unicast_probe_outside_the_networks_is_refused_unsent(
        monkeypatch: pytest.MonkeyPatch) -> None:
    spy = Spy(monkeypatch)
    result = DiscoveryResult()
    listener = _Listener(Scope.parse(["127.0.0.1/32"]), result, None)
    listener.open("sadp", "127.0.0.1", None)
    try:
        with pytest.raises(ScopeError, match=f"refused SADP inquiry to {OUTSIDE}"):
            listener.send("sadp", OUTSIDE, 37020)
    finally:
        listener.close()
    assert spy.datagrams == [] and result.sent == []


def test_http_request_outside_the_networks_is_refused_unconnected(
        monkeypatch: pytest.MonkeyPatch) -> None:
    spy = Spy(monkeypatch)
    sent: list[Any] = []
    http = DeviceHttp(Scope.parse(["127.0.0.1/32"]), lambda: None, sent,
                      Credentials("admin", "x"), timeout=0.5)
    with pytest.raises(ScopeError, match=f"refused HTTP GET /ISAPI/System/deviceInfo to "
                                         f"{OUTSIDE}"):
        http.get(OUTSIDE, 80, "/ISAPI/System/deviceInfo")
    assert spy.connections == [] and sent == []


def test_address_named_by_a_reply_is_refused_when_outside(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A device inside the scope points its ONVIF XAddrs at an address outside it.
    onvif = UdpResponder("onvif", onvif_reply(f"http://{OUTSIDE}/onvif/device_service"))
    spy = Spy(monkeypatch)
    try:
        result = discover(["127.0.0.1/32"], authorised=True, protocols=("onvif",),
                          timeout=0.4, rate=500, ports=Ports(onvif=onvif.port),
                          credentials=Credentials("admin", "x"))
    finally:
        onvif.close()
    assert len(result.observations) == 1
    assert spy.connections == []
    assert all(s.destination != OUTSIDE for s in result.sent)
    assert len(result.refused) == 1 and OUTSIDE in result.refused[0]


def test_enrichment_goes_to_the_replying_address_not_the_one_in_the_body(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The SADP body claims 198.51.100.7; only the address the reply came from is contacted.
    with device_api("admin", "pw") as (api, http_port):
        sadp = UdpResponder("sadp", sadp_reply(http_port, host=OUTSIDE))
        spy = Spy(monkeypatch)
        try:
            result = discover(["127.0.0.1/32"], authorised=True, protocols=("sadp",),
                              timeout=0.4, rate=500, ports=Ports(sadp=sadp.port),
                              credentials=Credentials("admin", "pw"))
        finally:
            sadp.close()
    assert {host for host, _ in spy.connections} == {"127.0.0.1"}
    assert api.requests and result.errors == []
