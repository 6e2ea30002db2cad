"""ARP and neighbour tables as Linux, macOS, Windows and iproute2 print them."""

from __future__ import annotations

from pathlib import Path

import pytest

from offramp.model import SourceFormatError
from offramp.model.device import SourceKind
from offramp.scans.arp import read_arp

ARP = Path(__file__).parent.parent / "fixtures" / "scans" / "arp"


def test_linux_arp_a() -> None:
    result = read_arp(ARP / "linux-arp-a.txt", site="Town Hall")
    assert result.kind is SourceKind.ARP_TABLE
    pairs = [(o.ip, o.mac) for o in result.observations]
    assert pairs[1] == ("192.168.10.64", "44:19:b6:3a:52:10")
    assert len(pairs) == 5
    camera, nas = result.observations[1], result.observations[4]
    assert camera.hostname == "cam-entrance.townhall.local"
    assert result.observations[0].hostname is None  # "?": no name resolved
    assert camera.fields["interface"] == "eth0" and camera.site == "Town Hall"
    assert nas.fields["flags"] == "PERM"
    (incomplete,) = result.skipped
    assert (incomplete.where, incomplete.reason) == ("line 5", "no MAC address (incomplete)")


def test_macos_short_octets_are_padded() -> None:
    result = read_arp(ARP / "macos-arp-a.txt")
    assert [(o.ip, o.mac) for o in result.observations] == [
        ("192.168.10.1", "e8:0a:b9:00:00:01"), ("192.168.10.20", "00:11:32:ab:cd:ef"),
        ("192.168.10.64", "44:19:b6:3a:52:10"), ("192.168.10.72", "3c:ef:8c:04:11:7e")]
    assert [s.reason for s in result.skipped] == [
        "no MAC address (incomplete)", "broadcast or multicast address, not a device",
        "broadcast or multicast address, not a device"]


def test_windows_arp_a_with_crlf_and_interface_blocks() -> None:
    assert b"\r\n" in (ARP / "windows-arp-a.txt").read_bytes()
    result = read_arp(ARP / "windows-arp-a.txt")
    assert [(o.ip, o.mac, o.fields["interface"]) for o in result.observations] == [
        ("192.168.10.1", "e8:0a:b9:00:00:01", "192.168.10.15"),
        ("192.168.10.30", "9c:7b:ef:12:34:56", "192.168.10.15"),
        ("192.168.10.64", "44:19:b6:3a:52:10", "192.168.10.15"),
        ("192.168.10.71", "e0:50:8b:17:c2:9a", "192.168.10.15"),
        ("10.8.0.1", "00:ff:3a:1c:9e:20", "10.8.0.2"),
    ]
    assert result.observations[0].fields["type"] == "dynamic"
    # ff-ff-ff-ff-ff-ff and 01-00-5e-.. entries: five in the first block, one in the second.
    assert len(result.skipped) == 6
    assert {s.reason for s in result.skipped} == {"broadcast or multicast address, not a device"}


def test_ip_neigh() -> None:
    result = read_arp(ARP / "ip-neigh.txt")
    assert [(o.ip, o.mac, o.fields["state"]) for o in result.observations] == [
        ("192.168.10.1", "e8:0a:b9:00:00:01", "REACHABLE"),
        ("192.168.10.64", "44:19:b6:3a:52:10", "STALE"),
        ("192.168.10.72", "3c:ef:8c:04:11:7e", "DELAY"),
        ("fe80::4619:b6ff:fe3a:5210", "44:19:b6:3a:52:10", "STALE"),
        ("fe80::ea0a:b9ff:fe00:1", "e8:0a:b9:00:00:01", "REACHABLE"),
    ]
    assert result.observations[-1].fields["router"] == "yes"
    assert [(s.where, s.reason) for s in result.skipped] == [
        ("line 4", "no MAC address (FAILED)"), ("line 5", "no MAC address (INCOMPLETE)")]


def test_plain_linux_arp_table() -> None:
    result = read_arp(ARP / "linux-arp.txt")
    assert [(o.ip, o.mac) for o in result.observations] == [
        ("192.168.10.1", "e8:0a:b9:00:00:01"), ("192.168.10.60", "bc:ad:28:91:0e:44")]
    assert [s.where for s in result.skipped] == ["line 4"]


def test_unreadable_lines_are_reported_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "arp.txt"
    path.write_text("? (192.168.10.1) at e8:0a:b9:00:00:01 [ether] on eth0\n"
                    "192.168.10.7 is at 44:19:b6:3a:52:11 (copied by hand)\n")
    result = read_arp(path)
    assert len(result.observations) == 1
    (odd,) = result.skipped
    assert (odd.where, odd.reason) == ("line 2", "not an ARP or neighbour table line")


def test_binary_file_is_refused() -> None:
    with pytest.raises(SourceFormatError, match="binary data, not a text export"):
        read_arp(ARP.parent / "bad" / "camera-photo.png")
