"""Saved discovery replies: ONVIF WS-Discovery ProbeMatches, Hikvision SADP, Dahua DHIP."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from offramp.model import SourceFormatError, SourceKind, UnsafeInputError
from offramp.scans.discovery_replies import ReplyOrigin, onvif_scopes
from offramp.scans.replies import read_reply

REPLIES = Path(__file__).parent.parent / "fixtures" / "scans" / "replies"


def test_onvif_probe_matches_from_two_vendors_in_one_capture() -> None:
    hik, dahua = read_reply(REPLIES / "onvif-probematches.xml")
    assert hik.source is SourceKind.ONVIF_PROBE
    assert (hik.mac, hik.ip, hik.model) == ("00:00:5e:00:53:01", "198.51.100.21",
                                            "DS-2CD2143G2-I")
    assert hik.vendor == "HIKVISION DS-2CD2143G2-I"  # the name scope, percent-decoded
    assert hik.where == "reply 1, ProbeMatch 1"
    assert hik.fields["EndpointReference.Address"] == (
        "urn:uuid:7f1c2a9e-3b52-11ee-8000-000000005301")
    assert hik.fields["Types"] == "dn:NetworkVideoTransmitter tds:Device"
    assert "http://[2001:db8::21]/onvif/device_service" in hik.fields["XAddrs"]
    assert hik.fields["scope.Profile"] == "Streaming" and hik.fields["scope.Profile#2"] == "T"
    assert hik.fields["MetadataVersion"] == "10"
    assert (dahua.ip, dahua.ports, dahua.mac) == ("198.51.100.22", ("tcp/8080",), None)
    assert dahua.vendor == "Dahua" and dahua.model == "IPC-HDW2431T-AS-S2"
    assert dahua.fields["scope.location#2"] == "Front Gate (north)"


def test_onvif_scopes_are_percent_decoded_and_foreign_scopes_skipped() -> None:
    scopes = onvif_scopes("onvif://www.onvif.org/name/IP%20Camera http://example.invalid/x "
                          "onvif://www.onvif.org/hardware/HWI-B121H%2FW")
    assert scopes == {"name": "IP Camera", "hardware": "HWI-B121H/W"}


def test_sadp_file_with_a_camera_and_an_nvr() -> None:
    camera, nvr = read_reply(REPLIES / "sadp-probematch.xml", site="Depot")
    assert camera.source is SourceKind.SADP and camera.site == "Depot"
    assert (camera.mac, camera.ip) == ("00:00:5e:00:53:01", "198.51.100.21")
    assert camera.model == "DS-2CD2143G2-I"
    assert camera.serial == "DS-2CD2143G2-I20230815AAWRL12345678"
    assert camera.firmware == "V5.7.15build 230605"
    assert camera.ports == ("tcp/8000", "tcp/80")
    # Everything else is kept, including the numeric DeviceType and the port roles.
    assert camera.fields["DeviceType"] == "136131"
    assert camera.fields["DSPVersion"] == "V7.3 build 230605"
    assert camera.fields["BootTime"] == "2024-03-02 07:41:16"
    assert camera.fields["Activated"] == "true" and camera.fields["HttpPort"] == "80"
    assert "MAC" not in camera.fields and "DeviceSN" not in camera.fields
    assert (nvr.model, nvr.fields["DigitalChannelNum"], nvr.where) == (
        "DS-7608NI-K2/8P", "8", "reply 2")


@pytest.mark.parametrize("name", ["dhip-replies.bin", "dhip-replies.jsonl"])
def test_dhip_binary_and_json_lines_read_alike(name: str) -> None:
    camera, nvr = read_reply(REPLIES / name)
    assert camera.source is SourceKind.DHIP
    assert (camera.mac, camera.ip, camera.vendor) == ("00:00:5e:00:53:02", "198.51.100.22",
                                                      "Dahua")
    assert (camera.model, camera.serial, camera.firmware) == (
        "IPC-HDW2431T-AS-S2", "9J01234PAZ00001", "2.800.0000000.25.R")
    assert camera.ports == ("tcp/80", "tcp/37777")
    assert camera.fields["DeviceClass"] == "IPC"
    assert camera.fields["Manufacturer"] == "Private"
    assert camera.fields["IPv6Address.IPAddress"] == "2001:db8::22/64"
    assert camera.fields["IPv4Address.DhcpEnable"] == "false"
    assert (nvr.vendor, nvr.fields["DeviceClass"], nvr.fields["RemoteVideoInputChannels"]) == (
        "General", "NVR", "8")


def test_dhip_places_name_the_byte_offset_or_line() -> None:
    binary = read_reply(REPLIES / "dhip-replies.bin")
    lines = read_reply(REPLIES / "dhip-replies.jsonl")
    assert [o.where for o in binary] == ["byte 0", f"byte {32 + 796}"]
    assert [o.where for o in lines] == ["line 1", "line 2"]


def test_dhip_truncated_capture_is_an_error_naming_the_reply() -> None:
    with pytest.raises(SourceFormatError) as caught:
        read_reply(REPLIES / "bad-dhip-truncated.bin")
    assert caught.value.where == "byte 828"
    assert "announces 605 body bytes, 485 remain" in caught.value.problem


def test_dhip_header_lengths_that_disagree_are_an_error() -> None:
    with pytest.raises(SourceFormatError, match=r"two body lengths \(605 at 0x10, 609 at 0x18\)"):
        read_reply(REPLIES / "bad-dhip-lengths.bin")


def test_dhip_json_line_cut_short_is_an_error_naming_the_line() -> None:
    with pytest.raises(SourceFormatError) as caught:
        read_reply(REPLIES / "bad-dhip-json.jsonl")
    assert caught.value.where == "line 2" and "not JSON" in caught.value.problem


def test_dhip_header_too_short_and_wrong_magic(tmp_path: Path) -> None:
    good = (REPLIES / "dhip-replies.bin").read_bytes()
    short = tmp_path / "short.bin"
    short.write_bytes(good[:20])
    with pytest.raises(SourceFormatError, match=r"truncated DHIP header \(20 of 32 bytes\)"):
        read_reply(short, SourceKind.DHIP)
    wrong = tmp_path / "wrong.bin"
    wrong.write_bytes(struct.pack("<I", 0x24) + good[4:])
    with pytest.raises(SourceFormatError, match="not a DHIP header"):
        read_reply(wrong, SourceKind.DHIP)


def test_own_dhip_probe_heard_back_is_not_a_device(tmp_path: Path) -> None:
    path = tmp_path / "echo.jsonl"
    path.write_text('{"method": "DHDiscover.search", "params": {"mac": "", "uni": 1}}\n'
                    + (REPLIES / "dhip-replies.jsonl").read_text().splitlines()[0] + "\n")
    [only] = read_reply(path, SourceKind.DHIP)
    assert only.where == "line 2"


def test_dhip_other_method_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "other.jsonl"
    path.write_text('{"method": "configManager.getConfig", "params": {}}\n')
    with pytest.raises(SourceFormatError, match=r"is not client\.notifyDevInfo"):
        read_reply(path, SourceKind.DHIP)


def test_sadp_capture_cut_short_is_an_error() -> None:
    with pytest.raises(SourceFormatError) as caught:
        read_reply(REPLIES / "bad-sadp-truncated.xml")
    assert caught.value.where == "end of file"
    assert "cut short" in caught.value.problem


def test_sadp_malformed_in_the_middle_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "sadp.xml"
    path.write_text('<?xml version="1.0"?>\n<ProbeMatch>\n<MAC>00-00-5e-00-53-01</MAC>\n'
                    "<DeviceSN>x</DeviceSn>\n</ProbeMatch>\n")
    with pytest.raises(SourceFormatError) as caught:
        read_reply(path)
    assert caught.value.where == "line 4, column 13"
    assert "mismatched tag" in caught.value.problem


def test_entities_are_refused_before_parsing() -> None:
    with pytest.raises(UnsafeInputError, match="DTDs and entity declarations"):
        read_reply(REPLIES / "bad-xml-entity.xml")


def test_origin_prefixes_every_place() -> None:
    origin = ReplyOrigin(file="discovery", where="sadp reply from 127.0.0.1:37020")
    assert origin.place("ProbeMatch 1") == "sadp reply from 127.0.0.1:37020, ProbeMatch 1"
    assert str(origin.error("bad")) == "discovery at sadp reply from 127.0.0.1:37020: bad"
