"""read_scan: each estate format recognised by content, errors listing what is understood."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from offramp.model import SourceFormatError, UnsafeInputError
from offramp.model.device import SourceKind
from offramp.scans import FORMATS, read_scan, sniff

FIXTURES = Path(__file__).parent.parent / "fixtures" / "scans"

KINDS = {
    "register/townhall-assets.csv": SourceKind.ASSET_REGISTER,
    "register/inventaire-mairie-cp1252.csv": SourceKind.ASSET_REGISTER,
    "register/library-assets.xlsx": SourceKind.ASSET_REGISTER,
    "nmap/townhall-sV.xml": SourceKind.NMAP,
    "nmap/masscan.xml": SourceKind.NMAP,
    "dhcp/dhcpd.leases": SourceKind.DHCP_LEASES,
    "dhcp/dhcpd-local-time.leases": SourceKind.DHCP_LEASES,
    "dhcp/dnsmasq.leases": SourceKind.DHCP_LEASES,
    "arp/linux-arp-a.txt": SourceKind.ARP_TABLE,
    "arp/linux-arp.txt": SourceKind.ARP_TABLE,
    "arp/macos-arp-a.txt": SourceKind.ARP_TABLE,
    "arp/windows-arp-a.txt": SourceKind.ARP_TABLE,
    "arp/ip-neigh.txt": SourceKind.ARP_TABLE,
    "mac-table/cisco-ios-show-mac-address-table.txt": SourceKind.MAC_TABLE,
    "mac-table/cisco-2950-show-mac-address-table.txt": SourceKind.MAC_TABLE,
    "mac-table/cisco-2900xl-show-mac-address-table.txt": SourceKind.MAC_TABLE,
}


@pytest.mark.parametrize("name", sorted(KINDS))
def test_each_format_is_recognised_by_content(name: str, tmp_path: Path) -> None:
    # Renamed to a neutral name, so only the content can tell.
    copy = tmp_path / "export.dat"
    shutil.copy(FIXTURES / name, copy)
    assert sniff(copy) is KINDS[name]
    result = read_scan(copy)
    assert result.kind is KINDS[name]
    assert result.observations
    assert {o.source for o in result.observations} == {KINDS[name]}
    assert {o.file for o in result.observations} == {str(copy)}


def test_site_fills_observations_without_one() -> None:
    result = read_scan(FIXTURES / "arp" / "ip-neigh.txt", site="Town Hall")
    assert {o.site for o in result.observations} == {"Town Hall"}


def test_kind_given_skips_sniffing() -> None:
    # A dnsmasq file named .txt: sniffing would also find it, but the kind decides.
    result = read_scan(FIXTURES / "dhcp" / "dnsmasq.leases", kind=SourceKind.DHCP_LEASES)
    assert len(result.observations) == 3


def test_mapping_is_passed_to_the_register_reader() -> None:
    result = read_scan(FIXTURES / "bad" / "ambiguous-vendor.csv",
                       mapping={"vendor": "Manufacturer"})
    assert result.observations[0].vendor == "Dahua"


def test_mapping_for_another_format_is_an_error() -> None:
    with pytest.raises(SourceFormatError, match="the column mapping applies to asset registers "
                       "only, and this file is read as nmap"):
        read_scan(FIXTURES / "nmap" / "townhall-sV.xml", mapping={"mac": "MAC"})


def test_unrecognised_file_lists_the_formats_understood() -> None:
    with pytest.raises(SourceFormatError) as err:
        read_scan(FIXTURES / "bad" / "camera-photo.png")
    message = str(err.value)
    assert "camera-photo.png: not a format offramp reads" in message
    for description in FORMATS.values():
        assert description in message


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "scan.xml"
    empty.write_bytes(b"  \n")
    with pytest.raises(SourceFormatError, match=r"scan\.xml: empty file"):
        read_scan(empty)


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SourceFormatError, match="cannot open"):
        read_scan(tmp_path / "nowhere.csv")


def test_hostile_and_broken_files_fail_through_read_scan() -> None:
    with pytest.raises(UnsafeInputError):
        read_scan(FIXTURES / "bad" / "dtd-bomb-nmap.xml")
    with pytest.raises(UnsafeInputError):
        read_scan(FIXTURES / "bad" / "zip-bomb.xlsx")
    with pytest.raises(SourceFormatError, match="truncated"):
        read_scan(FIXTURES / "bad" / "truncated-nmap.xml")
    with pytest.raises(SourceFormatError, match="no recognisable columns"):
        read_scan(FIXTURES / "bad" / "no-columns.csv")


def test_saved_replies_are_handed_to_the_replies_reader(tmp_path: Path) -> None:
    path = tmp_path / "magicbox.txt"
    path.write_text("vendor=Dahua\ndeviceType=IPC-HFW2431S-S-S2\n")
    result = read_scan(path, site="Depot")
    assert result.kind is SourceKind.MAGICBOX
    assert [(o.vendor, o.site) for o in result.observations] == [("Dahua", "Depot")]
