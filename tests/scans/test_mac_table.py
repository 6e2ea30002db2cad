"""Switch MAC address tables: Cisco IOS, the older mac-address-table and 2900XL layouts."""

from __future__ import annotations

from pathlib import Path

from offramp.model.device import SourceKind
from offramp.scans.mac_table import read_mac_table

TABLES = Path(__file__).parent.parent / "fixtures" / "scans" / "mac-table"


def test_ios_show_mac_address_table() -> None:
    result = read_mac_table(TABLES / "cisco-ios-show-mac-address-table.txt", site="Town Hall")
    assert result.kind is SourceKind.MAC_TABLE
    rows = [(o.mac, o.fields["vlan"], o.fields["port"], o.fields["type"])
            for o in result.observations]
    assert rows == [
        ("e8:0a:b9:00:00:01", "1", "Gi1/0/48", "DYNAMIC"),
        ("00:11:32:ab:cd:ef", "10", "Gi1/0/2", "DYNAMIC"),
        ("bc:ad:28:91:0e:44", "20", "Gi1/0/10", "DYNAMIC"),
        ("44:19:b6:3a:52:10", "20", "Gi1/0/11", "DYNAMIC"),
        ("e0:50:8b:17:c2:9a", "20", "Gi1/0/12", "DYNAMIC"),
        ("3c:ef:8c:04:11:7e", "20", "Gi1/0/13", "DYNAMIC"),
        ("b8:a4:4f:5e:6f:70", "20", "Gi1/0/14", "STATIC"),
    ]
    first = result.observations[0]
    assert first.where == "line 11" and first.site == "Town Hall" and first.ip is None
    assert first.fields["switch"] == "SW-TOWNHALL-1"  # from the prompt line
    # The four "All ... CPU" entries are multicast or broadcast: the switch's own.
    assert [s.where for s in result.skipped] == ["line 7", "line 8", "line 9", "line 10"]


def test_older_show_mac_address_table_and_the_switch_own_entry() -> None:
    result = read_mac_table(TABLES / "cisco-2950-show-mac-address-table.txt")
    assert [(o.mac, o.fields["port"]) for o in result.observations] == [
        ("00:19:e7:a1:3b:40", "Fa0/24"), ("c0:56:e3:a0:77:11", "Fa0/3"),
        ("c0:56:e3:a0:77:12", "Fa0/4")]
    reasons = [s.reason for s in result.skipped]
    assert reasons[0] == "the switch's own entry (port CPU)"  # 000a.b8c4.6a40 is unicast
    assert reasons[1:] == ["broadcast or multicast address, not a device"] * 3


def test_2900xl_layout_with_the_mac_first() -> None:
    result = read_mac_table(TABLES / "cisco-2900xl-show-mac-address-table.txt")
    assert [(o.mac, o.fields["vlan"], o.fields["port"], o.fields["type"])
            for o in result.observations] == [
        ("00:10:0d:e0:e2:89", "1", "FastEthernet0/1", "Dynamic"),
        ("c0:56:e3:a0:77:13", "1", "FastEthernet0/2", "Dynamic")]
    assert result.skipped == ()
