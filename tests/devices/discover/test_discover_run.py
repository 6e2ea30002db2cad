"""Discovery against simulated devices on 127.0.0.1: probes, replies, enrichment."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from discover_responders import (
    UdpResponder,
    device_api,
    dhip_reply,
    onvif_reply,
    sadp_reply,
)

from offramp.devices.discover import Credentials, DiscoveryError, Ports, discover
from offramp.devices.discover.probes import dhip_search, sadp_inquiry, ws_discovery_probe
from offramp.model import SourceKind
from offramp.scans.replies import read_reply, write_observations

PASSWORD = "Sekr1t-Camera-Pass!"
HERE = ["127.0.0.1/32"]


@pytest.fixture
def responders() -> Iterator[tuple[UdpResponder, UdpResponder, UdpResponder, int]]:
    """Three simulated devices answering SADP, DHIP and WS-Discovery; their web port is a
    placeholder (no HTTP server): enrichment is not asked for."""
    sadp = UdpResponder("sadp", sadp_reply(http_port=8))
    dhip = UdpResponder("dhip", dhip_reply(http_port=8))
    onvif = UdpResponder("onvif", onvif_reply("http://127.0.0.1:8/onvif/device_service"))
    yield sadp, dhip, onvif, 0
    for r in (sadp, dhip, onvif):
        r.close()


def ports_of(sadp: UdpResponder, dhip: UdpResponder, onvif: UdpResponder) -> Ports:
    return Ports(onvif=onvif.port, sadp=sadp.port, dhip=dhip.port)


def test_sweep_finds_each_simulated_device(
        responders: tuple[UdpResponder, UdpResponder, UdpResponder, int]) -> None:
    sadp, dhip, onvif, _ = responders
    result = discover(HERE, authorised=True, timeout=0.5, rate=200,
                      ports=ports_of(sadp, dhip, onvif), site="Lab")
    by_kind = {o.source: o for o in result.observations}
    assert set(by_kind) == {SourceKind.SADP, SourceKind.DHIP, SourceKind.ONVIF_PROBE}
    assert by_kind[SourceKind.SADP].model == "DS-7608NI-K2/8P"
    assert by_kind[SourceKind.SADP].ip == "127.0.0.1"
    assert by_kind[SourceKind.DHIP].serial == "9J01234PAZ00001"
    assert by_kind[SourceKind.ONVIF_PROBE].model == "DS-2CD2143G2-I"
    assert {o.site for o in result.observations} == {"Lab"}
    assert all(o.seen_at is not None for o in result.observations)
    assert by_kind[SourceKind.SADP].where.startswith(f"sadp reply from 127.0.0.1:{sadp.port}")
    # Exactly the documented probes went out, one per protocol, and nothing else.
    assert [r[0] for r in sadp.received] == [sadp.received[0][0]]
    assert b"<Types>inquiry</Types>" in sadp.received[0][0]
    assert dhip.received[0][0][4:8] == b"DHIP" and b"DHDiscover.search" in dhip.received[0][0]
    assert b"dn:NetworkVideoTransmitter" in onvif.received[0][0]
    assert sorted((s.protocol, s.destination) for s in result.sent) == [
        ("dhip", "127.0.0.1"), ("onvif", "127.0.0.1"), ("sadp", "127.0.0.1")]
    assert result.errors == [] and result.refused == [] and result.ignored == []


def test_only_the_chosen_protocols_are_probed(
        responders: tuple[UdpResponder, UdpResponder, UdpResponder, int]) -> None:
    sadp, dhip, onvif, _ = responders
    result = discover(HERE, authorised=True, protocols=("sadp",), timeout=0.3, rate=200,
                      ports=ports_of(sadp, dhip, onvif))
    assert [o.source for o in result.observations] == [SourceKind.SADP]
    assert dhip.received == [] and onvif.received == []


def test_reply_from_outside_the_networks_is_ignored_and_reported() -> None:
    # The device answers from 127.0.0.2: inside loopback, outside the named 127.0.0.1/32.
    sadp = UdpResponder("sadp", sadp_reply(http_port=80), reply_from="127.0.0.2")
    try:
        result = discover(HERE, authorised=True, protocols=("sadp",), timeout=0.5, rate=200,
                          ports=Ports(sadp=sadp.port), credentials=Credentials("admin", "x"))
    finally:
        sadp.close()
    assert result.observations == []
    assert len(result.ignored) == 1 and "127.0.0.2" in result.ignored[0]
    assert [s.protocol for s in result.sent] == ["sadp"]  # no enrichment of an ignored reply


def test_unreadable_reply_is_an_error_not_a_crash() -> None:
    sadp = UdpResponder("sadp", b"<ProbeMatch><MAC>00-00-5e")
    try:
        result = discover(HERE, authorised=True, protocols=("sadp",), timeout=0.4, rate=200,
                          ports=Ports(sadp=sadp.port))
    finally:
        sadp.close()
    assert result.observations == []
    assert len(result.errors) == 1 and "cut short" in result.errors[0]


def test_enrichment_reads_the_device_apis_with_digest(caplog: pytest.LogCaptureFixture,
                                                      capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    caplog.set_level(logging.DEBUG)
    with device_api("admin", PASSWORD) as (api, http_port):
        sadp = UdpResponder("sadp", sadp_reply(http_port))
        dhip = UdpResponder("dhip", dhip_reply(http_port))
        onvif = UdpResponder("onvif", onvif_reply(
            f"http://127.0.0.1:{http_port}/onvif/device_service"))
        try:
            result = discover(HERE, authorised=True, timeout=0.5, rate=500,
                              ports=ports_of(sadp, dhip, onvif),
                              credentials=Credentials("admin", PASSWORD))
        finally:
            for r in (sadp, dhip, onvif):
                r.close()
    assert result.errors == [] and result.refused == []
    kinds = [o.source for o in result.observations]
    assert kinds.count(SourceKind.NVR_CHANNEL) == 3  # the cameras behind the NVR
    isapi = next(o for o in result.observations if o.source is SourceKind.ISAPI)
    assert (isapi.ip, isapi.model) == ("127.0.0.1", "DS-7608NI-K2/8P")
    channel = next(o for o in result.observations if o.source is SourceKind.NVR_CHANNEL)
    assert channel.fields["nvr"] == "127.0.0.1"
    assert channel.fields["nvr_serial"] == isapi.serial
    magic = next(o for o in result.observations if o.source is SourceKind.MAGICBOX)
    assert (magic.vendor, magic.model, magic.serial) == ("Dahua", "IPC-HDW2431T-AS-S2",
                                                         "9J01234PAZ00001")
    info = next(o for o in result.observations if o.source is SourceKind.ONVIF_DEVICE_INFO)
    assert info.vendor == "HIKVISION"
    # Read-only: GETs, and the one SOAP POST ONVIF needs for GetDeviceInformation.
    methods = {(m, p) for m, p, _ in api.requests}
    assert {m for m, _ in methods} == {"GET", "POST"}
    assert {p for m, p in methods if m == "POST"} == {"/onvif/device_service"}
    assert ("GET", "/ISAPI/ContentMgmt/InputProxy/channels") in methods
    # The password never leaves in clear text and is nowhere in what offramp produced.
    assert all(PASSWORD not in (auth or "") for _, _, auth in api.requests)
    saved = tmp_path / "found.jsonl"
    write_observations(saved, result.observations)
    captured = capsys.readouterr()
    for text in (caplog.text, captured.out, captured.err, repr(result),
                 json.dumps(result.to_json()), saved.read_text()):
        assert PASSWORD not in text
    assert len(read_reply(saved)) == len(result.observations)


def test_basic_only_device_gets_no_credentials() -> None:
    with device_api("admin", PASSWORD, basic_only=True) as (api, http_port):
        sadp = UdpResponder("sadp", sadp_reply(http_port))
        try:
            result = discover(HERE, authorised=True, protocols=("sadp",), timeout=0.4,
                              rate=500, ports=Ports(sadp=sadp.port),
                              credentials=Credentials("admin", PASSWORD))
        finally:
            sadp.close()
    assert [auth for _, _, auth in api.requests] == [None]
    assert len(result.errors) == 1 and "no Digest authentication" in result.errors[0]


def test_wrong_password_is_reported() -> None:
    with device_api("admin", PASSWORD) as (_api, http_port):
        dhip = UdpResponder("dhip", dhip_reply(http_port))
        try:
            result = discover(HERE, authorised=True, protocols=("dhip",), timeout=0.4,
                              rate=500, ports=Ports(dhip=dhip.port),
                              credentials=Credentials("admin", "wrong"))
        finally:
            dhip.close()
    assert len(result.errors) == 1 and "credentials refused (HTTP 401)" in result.errors[0]


def test_rate_limit_spaces_the_probes() -> None:
    start = time.monotonic()
    # 127.0.0.0/29: six loopback hosts; nothing listens on this port, so nothing answers.
    result = discover(["127.0.0.0/29"], authorised=True, protocols=("sadp",), timeout=0.05,
                      rate=20, ports=Ports(sadp=9))
    elapsed = time.monotonic() - start
    assert [s.destination for s in result.sent] == [f"127.0.0.{i}" for i in range(1, 7)]
    assert elapsed >= 5 / 20


def test_probes_are_the_documented_ones() -> None:
    header = dhip_search()[:32]
    assert header[:8] == b"\x20\x00\x00\x00DHIP"
    assert header[16:20] == header[24:28] == len(dhip_search()[32:]).to_bytes(4, "little")
    assert sadp_inquiry("ABC").endswith(b"<Uuid>ABC</Uuid><Types>inquiry</Types></Probe>")
    probe = ws_discovery_probe("uuid:1").decode()
    assert "<d:Types>dn:NetworkVideoTransmitter</d:Types>" in probe
    assert "http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe" in probe


def test_nothing_to_do_is_an_error() -> None:
    with pytest.raises(DiscoveryError, match="nothing to do"):
        discover(HERE, authorised=True, sweep=False)
