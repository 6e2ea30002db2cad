"""nmap XML (-sV -oX): hosts, MAC vendors, ports, banners, down hosts; hostile and cut files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from offramp.model import SourceFormatError, UnsafeInputError
from offramp.model.device import Observation, SourceKind
from offramp.scans.nmap import read_nmap

FIXTURES = Path(__file__).parent.parent / "fixtures" / "scans"
SCAN = FIXTURES / "nmap" / "townhall-sV.xml"


@pytest.fixture(scope="module")
def hosts() -> dict[str, Observation]:
    return {o.ip or "": o for o in read_nmap(SCAN, site="Town Hall").observations}


def test_every_host_that_is_up_is_read(hosts: dict[str, Observation]) -> None:
    assert list(hosts) == ["192.168.10.1", "192.168.10.20", "192.168.10.60", "192.168.10.64",
                           "192.168.10.72", "10.20.0.64"]
    assert {o.source for o in hosts.values()} == {SourceKind.NMAP}
    assert {o.site for o in hosts.values()} == {"Town Hall"}


def test_mac_and_nmap_vendor(hosts: dict[str, Observation]) -> None:
    camera = hosts["192.168.10.64"]
    assert camera.mac == "44:19:b6:3a:52:10"  # nmap prints upper case
    assert camera.vendor == "Hangzhou Hikvision Digital Technology"
    assert camera.hostname == "cam-entrance.townhall.local"
    assert camera.where == "host 192.168.10.64"
    assert camera.seen_at == datetime(2024, 3, 4, 9, 16, 21, tzinfo=UTC)  # host endtime


def test_open_ports_and_banners(hosts: dict[str, Observation]) -> None:
    camera = hosts["192.168.10.64"]
    assert camera.ports == ("tcp/80", "tcp/554", "tcp/8000")
    assert "App-webs/" in camera.banners  # http-server-header script output
    assert "Hikvision 7513 POE IP camera rtspd" in camera.banners  # service product
    assert camera.fields["tcp/80 http-server-header"] == "App-webs/"
    assert camera.fields["devicetype"] == "webcam"
    assert camera.fields["services"] == "tcp/80 http; tcp/554 rtsp; tcp/8000 http-alt"
    router = hosts["192.168.10.1"]
    assert router.ports == ("tcp/22",)  # the filtered telnet port is not open
    assert router.banners == ("Cisco SSH 1.25 (protocol 2.0)", "cpe:/a:cisco:ssh:1.25",
                              "cpe:/o:cisco:ios")
    assert router.fields["ostype"] == "IOS"


def test_ssl_tunnel_and_dahua_rtsp_server(hosts: dict[str, Observation]) -> None:
    nvr, dahua = hosts["192.168.10.60"], hosts["192.168.10.72"]
    assert "tcp/443 ssl/http" in nvr.fields["services"]
    assert nvr.banners.count("DNVRS-Webs") == 1  # same header on 80 and 443: listed once
    assert "Dahua Rtsp Server" in dahua.banners and "tcp/37777" in dahua.ports


def test_host_across_a_router_has_no_mac(hosts: dict[str, Observation]) -> None:
    remote = hosts["10.20.0.64"]
    assert remote.mac is None and remote.vendor is None
    assert remote.hostname == "cam-depot-gate.depot.local"
    assert "App-webs/" in remote.banners
    assert remote.fields["status_reason"] == "syn-ack"


def test_down_hosts_are_skipped_and_counted() -> None:
    skipped = read_nmap(SCAN).skipped
    assert [(s.where, s.reason) for s in skipped] == [
        ("host 192.168.10.65", "host is down"),
        ("runstats", "9 hosts reported down and not listed in the file"),
    ]


def test_truncated_xml_names_the_place_and_the_hosts_read() -> None:
    with pytest.raises(SourceFormatError, match=r"truncated-nmap\.xml at line 74, column \d+: "
                       r"malformed or truncated XML after 3 complete hosts"):
        read_nmap(FIXTURES / "bad" / "truncated-nmap.xml")


@pytest.mark.parametrize("name", ["dtd-bomb-nmap.xml", "external-dtd-nmap.xml"])
def test_dtds_other_than_nmaps_own_are_refused(name: str) -> None:
    with pytest.raises(UnsafeInputError, match=rf"{name}: refused: DTDForbidden"):
        read_nmap(FIXTURES / "bad" / name)


def test_other_xml_is_not_nmap() -> None:
    with pytest.raises(SourceFormatError, match=r"not-nmap\.xml at line 1: not an nmap XML "
                       r"file \(the root element is <NessusClientData_v2>"):
        read_nmap(FIXTURES / "bad" / "not-nmap.xml")


def test_masscan_output_in_nmaps_format() -> None:
    result = read_nmap(FIXTURES / "nmap" / "masscan.xml")
    assert [(o.ip, o.ports) for o in result.observations] == [
        ("192.168.10.64", ("tcp/8000",)), ("192.168.10.72", ("tcp/37777",))]
    assert result.observations[0].seen_at == datetime(2024, 3, 4, 9, 15, 5, tzinfo=UTC)
    assert result.skipped == ()
