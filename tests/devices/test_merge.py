"""merge_observations: one device per MAC, serial joins, IP joins within the time window."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from offramp.devices.merge import merge_observations
from offramp.model.device import Device, Observation, SourceKind
from offramp.scans import read_scan

SCANS = Path(__file__).parent.parent / "fixtures" / "scans"
T0 = datetime(2024, 3, 4, 8, 0, tzinfo=UTC)
CAM = "44:19:b6:3a:52:10"
OTHER = "e0:50:8b:17:c2:9a"


def obs(source: SourceKind, where: str, **values: object) -> Observation:
    return Observation(source, f"{source.value}.txt", where, **values)  # type: ignore[arg-type]


def by_key(devices: list[Device]) -> dict[str, Device]:
    return {d.key: d for d in devices}


def test_same_mac_from_several_sources_is_one_device() -> None:
    devices = merge_observations([
        obs(SourceKind.ASSET_REGISTER, "line 5", mac=CAM, vendor="Hikvision",
            model="DS-2CD2386G2-IU", site="Town Hall", hostname="cam-entrance"),
        obs(SourceKind.DHCP_LEASES, "line 50", mac=CAM, ip="192.168.10.64",
            hostname="HIKVISION", seen_at=T0),
        obs(SourceKind.NMAP, "host 192.168.10.64", mac=CAM, ip="192.168.10.64",
            vendor="Hangzhou Hikvision Digital Technology",
            hostname="cam-entrance.townhall.local", seen_at=T0 + timedelta(hours=1)),
        obs(SourceKind.ARP_TABLE, "line 2", mac=CAM, ip="192.168.10.64"),
    ])
    (device,) = devices
    assert device.key == f"mac:{CAM}"
    assert len(device.observations) == 4
    # nmap outranks the register and DHCP; the register is the only one with a model.
    assert device.vendor == "Hangzhou Hikvision Digital Technology"
    assert device.hostname == "cam-entrance.townhall.local"
    assert (device.model, device.site, device.mac) == ("DS-2CD2386G2-IU", "Town Hall", CAM)


def test_two_macs_are_never_merged_even_on_one_ip_and_serial() -> None:
    devices = merge_observations([
        obs(SourceKind.DHCP_LEASES, "line 1", mac=CAM, ip="192.168.10.60", serial="NVR-1",
            seen_at=T0),
        obs(SourceKind.DHCP_LEASES, "line 2", mac=OTHER, ip="192.168.10.60", serial="NVR-1",
            seen_at=T0),
    ])
    assert [d.key for d in devices] == [f"mac:{CAM}", f"mac:{OTHER}"]


def test_serial_joins_an_observation_without_mac_case_insensitively() -> None:
    devices = merge_observations([
        obs(SourceKind.ASSET_REGISTER, "line 7", mac=OTHER, serial="ND021905003418",
            vendor="Lorex", model="LNB8005"),
        obs(SourceKind.ISAPI, "deviceInfo", serial="  nd021905003418 ", vendor="Dahua",
            model="DH-IPC-HDW2431TP"),
    ])
    (device,) = devices
    assert device.key == f"mac:{OTHER}"
    assert (device.vendor, device.model) == ("Dahua", "DH-IPC-HDW2431TP")  # the API wins


def test_observations_sharing_only_a_serial_become_one_device() -> None:
    devices = merge_observations([
        obs(SourceKind.ASSET_REGISTER, "line 3", serial="DS-7608NI-K2/8P0820230101CCRRJ1"),
        obs(SourceKind.SADP, "reply 1", serial="ds-7608ni-k2/8p0820230101ccrrj1",
            model="DS-7608NI-K2/8P"),
    ])
    (device,) = devices
    assert device.key == "serial:DS-7608NI-K2/8P0820230101CCRRJ1"
    assert device.model == "DS-7608NI-K2/8P"


def test_placeholder_serials_join_nothing() -> None:
    devices = merge_observations([
        obs(SourceKind.ASSET_REGISTER, "line 3", serial="N/A", model="A"),
        obs(SourceKind.ASSET_REGISTER, "line 4", serial="n/a", model="B"),
        obs(SourceKind.ASSET_REGISTER, "line 5", serial="0000", model="C"),
    ])
    assert [d.key for d in devices] == [
        "row:asset-register.txt:line 3", "row:asset-register.txt:line 4",
        "row:asset-register.txt:line 5"]


def test_ip_without_mac_joins_the_device_seen_there_within_the_window() -> None:
    devices = merge_observations([
        obs(SourceKind.DHCP_LEASES, "line 9", mac=CAM, ip="192.168.10.64", seen_at=T0),
        obs(SourceKind.NMAP, "host 192.168.10.64", ip="192.168.10.64",
            seen_at=T0 + timedelta(hours=3), banners=("App-webs/",)),
    ])
    (device,) = devices
    assert device.key == f"mac:{CAM}" and len(device.observations) == 2


def test_ip_without_mac_outside_the_window_stays_apart() -> None:
    late = T0 + timedelta(days=3)
    observations = [
        obs(SourceKind.DHCP_LEASES, "line 9", mac=CAM, ip="192.168.10.64", seen_at=T0),
        obs(SourceKind.NMAP, "host 192.168.10.64", ip="192.168.10.64", seen_at=late),
    ]
    assert [d.key for d in merge_observations(observations)] == [
        f"mac:{CAM}", "ip:192.168.10.64"]
    # A wider window joins them.
    assert len(merge_observations(observations, ip_window=timedelta(days=4))) == 1


def test_dhcp_churn_two_macs_one_ip_at_different_times() -> None:
    ip = "192.168.10.90"
    day2 = T0 + timedelta(days=2)
    devices = merge_observations([
        obs(SourceKind.DHCP_LEASES, "line 1", mac=CAM, ip=ip, seen_at=T0),
        obs(SourceKind.DHCP_LEASES, "line 2", mac=OTHER, ip=ip, seen_at=day2),
        obs(SourceKind.NMAP, "host a", ip=ip, seen_at=day2 + timedelta(hours=1)),
        obs(SourceKind.NMAP, "host b", ip=ip, seen_at=T0 - timedelta(hours=2)),
        obs(SourceKind.ASSET_REGISTER, "line 8", ip=ip),  # no time: both fit, so neither
    ])
    keys = by_key(devices)
    assert [o.where for o in keys[f"mac:{OTHER}"].observations] == ["line 2", "host a"]
    assert [o.where for o in keys[f"mac:{CAM}"].observations] == ["line 1", "host b"]
    assert [o.where for o in keys[f"ip:{ip}"].observations] == ["line 8"]
    assert len(devices) == 3


def test_undated_sightings_fit_any_time() -> None:
    devices = merge_observations([
        obs(SourceKind.ARP_TABLE, "line 2", mac=CAM, ip="192.168.10.64"),
        obs(SourceKind.NMAP, "host 192.168.10.64", ip="192.168.10.64", seen_at=T0),
    ])
    assert len(devices) == 1


def test_addresses_are_compared_within_a_site() -> None:
    devices = merge_observations([
        obs(SourceKind.DHCP_LEASES, "line 1", mac=CAM, ip="192.168.1.64", site="Town Hall"),
        obs(SourceKind.ASSET_REGISTER, "line 2", ip="192.168.1.64", site="Depot"),
        obs(SourceKind.NMAP, "host 192.168.1.64", ip="192.168.1.64"),  # no site: fits
    ])
    keys = by_key(devices)
    assert [o.where for o in keys[f"mac:{CAM}"].observations] == ["line 1",
                                                                  "host 192.168.1.64"]
    assert keys["ip:192.168.1.64"].site == "Depot"


def test_ip_only_records_group_by_site_and_time() -> None:
    ip = "10.20.0.64"
    devices = merge_observations([
        obs(SourceKind.ASSET_REGISTER, "line 10", ip=ip, site="Depot"),
        obs(SourceKind.NMAP, "host x", ip=ip, seen_at=T0),
        obs(SourceKind.NMAP, "host y", ip=ip, seen_at=T0 + timedelta(hours=2)),
        obs(SourceKind.NMAP, "host z", ip=ip, seen_at=T0 + timedelta(days=5)),
    ])
    assert [(d.key, [o.where for o in d.observations]) for d in devices] == [
        (f"ip:{ip}@undated", ["line 10"]),
        (f"ip:{ip}@2024-03-04T08:00:00+00:00", ["host x", "host y"]),
        (f"ip:{ip}@2024-03-09T08:00:00+00:00", ["host z"]),
    ]


def test_serial_only_device_joins_a_mac_device_by_ip_unless_serials_differ() -> None:
    isapi = obs(SourceKind.ISAPI, "deviceInfo", ip="192.168.10.64", serial="SER-1",
                model="DS-2CD2386G2-IU")
    joined = merge_observations([
        obs(SourceKind.NMAP, "host", mac=CAM, ip="192.168.10.64", seen_at=T0), isapi])
    assert [d.key for d in joined] == [f"mac:{CAM}"]
    assert joined[0].serial == "SER-1"
    apart = merge_observations([
        obs(SourceKind.NMAP, "host", mac=CAM, ip="192.168.10.64", serial="SER-2",
            seen_at=T0), isapi])
    assert [d.key for d in apart] == [f"mac:{CAM}", "serial:SER-1"]


def test_broadcast_and_multicast_macs_identify_nothing() -> None:
    devices = merge_observations([
        obs(SourceKind.ARP_TABLE, "line 1", mac="ff:ff:ff:ff:ff:ff", ip="192.168.10.255"),
        obs(SourceKind.ARP_TABLE, "line 2", mac="01:00:5e:00:00:fb", ip="224.0.0.251"),
    ])
    assert [(d.key, d.mac) for d in devices] == [
        ("ip:192.168.10.255", None), ("ip:224.0.0.251", None)]


def test_the_most_recent_ip_wins() -> None:
    (device,) = merge_observations([
        obs(SourceKind.ASSET_REGISTER, "line 1", mac=CAM, ip="192.168.10.70"),
        obs(SourceKind.DHCP_LEASES, "line 2", mac=CAM, ip="192.168.10.64", seen_at=T0),
        obs(SourceKind.ARP_TABLE, "line 3", mac=CAM, ip="192.168.10.71",
            seen_at=T0 + timedelta(days=1)),
    ])
    assert device.ip == "192.168.10.71"


def test_keys_and_order_are_stable() -> None:
    observations = [
        obs(SourceKind.NMAP, "host b", mac=OTHER, ip="192.168.10.71", seen_at=T0),
        obs(SourceKind.ASSET_REGISTER, "line 3", serial="S-9"),
        obs(SourceKind.NMAP, "host a", mac=CAM, ip="192.168.10.64", seen_at=T0),
        obs(SourceKind.ARP_TABLE, "line 9", ip="10.0.0.9"),
    ]
    first = [d.key for d in merge_observations(observations)]
    assert first == [f"mac:{OTHER}", "serial:S-9", f"mac:{CAM}", "ip:10.0.0.9"]
    assert [d.key for d in merge_observations(observations)] == first
    assert sorted(d.key for d in merge_observations(reversed(observations))) == sorted(first)


def test_naive_and_aware_times_compare() -> None:
    devices = merge_observations([
        obs(SourceKind.DHCP_LEASES, "line 1", mac=CAM, ip="10.0.0.5", seen_at=T0),
        obs(SourceKind.ASSET_REGISTER, "line 2", ip="10.0.0.5",
            seen_at=datetime(2024, 3, 4, 9, 0)),  # naive: taken as UTC
    ])
    assert len(devices) == 1


def test_the_town_hall_files_merge_into_devices() -> None:
    observations = [o for name in ("register/townhall-assets.csv", "register/library-assets.xlsx",
                                   "nmap/townhall-sV.xml", "dhcp/dhcpd.leases",
                                   "arp/linux-arp-a.txt",
                                   "mac-table/cisco-ios-show-mac-address-table.txt")
                    for o in read_scan(SCANS / name).observations]
    devices = by_key(merge_observations(observations))
    camera = devices[f"mac:{CAM}"]
    assert {o.source for o in camera.observations} == {
        SourceKind.ASSET_REGISTER, SourceKind.NMAP, SourceKind.DHCP_LEASES,
        SourceKind.ARP_TABLE, SourceKind.MAC_TABLE}
    assert camera.model == "DS-2CD2386G2-IU" and camera.site == "Town Hall"
    # The Lorex row has no readable MAC ('tbc'); its serial is on the XLSX row that has one.
    lorex = devices[f"mac:{OTHER}"]
    assert {o.file.rsplit("/", 1)[-1] for o in lorex.observations} >= {
        "townhall-assets.csv", "library-assets.xlsx", "dhcpd.leases"}
    # The depot camera, seen across a router (no MAC), meets its register row by IP.
    depot = devices["ip:10.20.0.64"]
    assert {o.source for o in depot.observations} == {SourceKind.ASSET_REGISTER,
                                                     SourceKind.NMAP}
    assert depot.site == "Depot"


def test_merging_is_linear() -> None:
    # 100,000 observations: 50,000 devices by MAC, each also seen by IP only. A quadratic
    # merge would take hours here; a linear one well under the bound.
    observations = []
    for n in range(50_000):
        mac = ":".join(f"{b:02x}" for b in (0x00, 0x11, n >> 24 & 255, n >> 16 & 255,
                                            n >> 8 & 255, n & 255))
        ip = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
        observations.append(obs(SourceKind.DHCP_LEASES, f"line {n}", mac=mac, ip=ip,
                                seen_at=T0))
        observations.append(obs(SourceKind.NMAP, f"host {n}", ip=ip, seen_at=T0))
    start = time.perf_counter()
    devices = merge_observations(observations)
    elapsed = time.perf_counter() - start
    assert len(devices) == 50_000
    assert elapsed < 10, f"merging took {elapsed:.1f} s"
