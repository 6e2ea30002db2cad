"""DHCP leases: ISC dhcpd (last declaration wins, abandoned leases, both time formats), dnsmasq."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from offramp.model import SourceFormatError
from offramp.model.device import SourceKind
from offramp.scans.dhcp import read_dhcpd_leases, read_dnsmasq_leases, read_leases

FIXTURES = Path(__file__).parent.parent / "fixtures" / "scans"
DHCP = FIXTURES / "dhcp"


def test_dhcpd_last_declaration_for_an_address_wins() -> None:
    result = read_dhcpd_leases(DHCP / "dhcpd.leases", site="Town Hall")
    assert result.kind is SourceKind.DHCP_LEASES
    by_ip = {o.ip: o for o in result.observations}
    assert list(by_ip) == ["192.168.10.71", "192.168.10.90", "192.168.10.64", "192.168.10.91"]
    camera = by_ip["192.168.10.64"]
    assert camera.where == "line 50"  # the renewal, not the first lease at line 9
    assert camera.seen_at == datetime(2024, 3, 4, 7, 58, 15, tzinfo=UTC)  # cltt
    assert (camera.mac, camera.hostname, camera.site) == (
        "44:19:b6:3a:52:10", "HIKVISION", "Town Hall")
    assert camera.fields["ends"] == "2024-03-04T19:58:15+00:00"
    assert camera.fields["binding_state"] == "active"
    assert camera.fields["next binding state"] == "free"


def test_dhcpd_superseded_and_abandoned_leases_are_reported() -> None:
    skipped = read_dhcpd_leases(DHCP / "dhcpd.leases").skipped
    assert [s.where for s in skipped] == ["line 9", "line 32"]
    assert "superseded by the lease declaration for 192.168.10.64 at line 50" in skipped[0].reason
    assert skipped[1].reason.startswith("abandoned lease")
    assert skipped[1].text == "lease 192.168.10.75"


def test_dhcpd_keeps_free_leases_and_other_statements() -> None:
    by_ip = {o.ip: o for o in read_dhcpd_leases(DHCP / "dhcpd.leases").observations}
    printer = by_ip["192.168.10.90"]
    assert printer.fields["binding_state"] == "free"  # the MAC was there; the time says when
    assert printer.fields["tstp"] == "2024-03-01T21:12:40+00:00"
    lorex = by_ip["192.168.10.71"]
    assert lorex.fields["set vendor-class-identifier"] == "udhcp 1.20.2"
    assert lorex.fields["uid"] == r"\001\340P\213\027\302\232"


def test_dhcpd_epoch_times_and_ipv6_blocks() -> None:
    result = read_dhcpd_leases(DHCP / "dhcpd-local-time.leases")
    (lease,) = result.observations
    assert lease.seen_at == datetime(2024, 3, 4, 8, 12, 45, tzinfo=UTC)
    assert lease.mac == "3c:ef:8c:04:11:7e"
    (ia_na,) = result.skipped
    assert ia_na.where == "line 17" and ia_na.reason.startswith("ia-na declaration not read")


def test_dhcpd_truncated_file_names_the_open_declaration() -> None:
    with pytest.raises(SourceFormatError, match=r"truncated\.leases at line 6: the declaration "
                       r"starting here is not closed"):
        read_dhcpd_leases(FIXTURES / "bad" / "truncated.leases")


def test_dhcpd_unclosed_quote_names_its_line() -> None:
    with pytest.raises(SourceFormatError, match=r"unclosed-quote\.leases at line 11: unclosed "
                       r"quoted string"):
        read_dhcpd_leases(FIXTURES / "bad" / "unclosed-quote.leases")


def test_dnsmasq_leases() -> None:
    result = read_dnsmasq_leases(DHCP / "dnsmasq.leases")
    lorex, camera, nas = result.observations
    assert (lorex.mac, lorex.ip, lorex.hostname) == ("e0:50:8b:17:c2:9a", "192.168.10.71",
                                                     "LNB8005")
    assert lorex.seen_at == datetime(2024, 3, 5, 8, 12, 45, tzinfo=UTC)  # the expiry
    assert lorex.fields["client_id"] == "01:e0:50:8b:17:c2:9a"
    assert camera.hostname is None  # "*": the client sent no name
    assert nas.seen_at is None and nas.fields["expires"] == "never"  # expiry 0: infinite
    assert "client_id" not in nas.fields
    (v6,) = result.skipped
    assert (v6.where, v6.reason) == ("line 5", "DHCPv6 lease (an IAID, no MAC)")


def test_read_leases_tells_the_servers_apart() -> None:
    assert len(read_leases(DHCP / "dnsmasq.leases").observations) == 3
    assert len(read_leases(DHCP / "dhcpd.leases").observations) == 4
