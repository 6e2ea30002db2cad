"""Saved device-API replies: ISAPI deviceInfo and NVR channels, magicBox, ONVIF."""

from __future__ import annotations

from pathlib import Path

import pytest

from offramp.model import SourceFormatError, SourceKind
from offramp.scans.replies import read_reply

REPLIES = Path(__file__).parent.parent / "fixtures" / "scans" / "replies"


@pytest.mark.parametrize(("name", "vendor", "model", "mac"), [
    ("isapi-deviceinfo-ver20.xml", "hikvision", "DS-2CD2143G2-I", "00:00:5e:00:53:01"),
    ("isapi-deviceinfo-ver10.xml", None, "DS-2CD2032-I", "00:00:5e:00:53:03"),
    ("isapi-deviceinfo-oem-nons.xml", "Interlogix", "TVI-5241", "00:00:5e:00:53:04"),
])
def test_isapi_device_info_in_every_namespace(name: str, vendor: str | None, model: str,
                                              mac: str) -> None:
    [device] = read_reply(REPLIES / name)
    assert device.source is SourceKind.ISAPI
    assert (device.vendor, device.model, device.mac) == (vendor, model, mac)
    assert device.serial is not None and device.serial.startswith(model)
    assert device.firmware is not None and device.firmware.startswith("V5.")
    assert "firmwareReleasedDate" in device.fields and "model" not in device.fields


def test_isapi_keeps_oem_code_and_device_type() -> None:
    [device] = read_reply(REPLIES / "isapi-deviceinfo-ver20.xml")
    assert device.fields["OEMCode"] == "1"
    assert device.fields["deviceType"] == "IPCamera"
    assert device.fields["hardwareVersion"] == "0x0"
    assert device.fields["deviceName"] == "Car Park East"
    [oem] = read_reply(REPLIES / "isapi-deviceinfo-oem-nons.xml")
    assert oem.fields["OEMCode"] == "0"


def test_nvr_channel_list_gives_one_camera_per_channel() -> None:
    loading, yard, empty = read_reply(REPLIES / "isapi-inputproxy-channels.xml")
    assert {o.source for o in (loading, yard, empty)} == {SourceKind.NVR_CHANNEL}
    assert (loading.ip, loading.model, loading.where) == ("192.168.254.2", "DS-2CD2043G2-I",
                                                          "channel 1")
    assert loading.serial == "DS-2CD2043G2-I20220412AAWRJ23456789"
    assert loading.fields["name"] == "Loading Bay"
    assert loading.fields["sourceInputPortDescriptor.proxyProtocol"] == "HIKVISION"
    # A bare channel list names the file as the NVR: nothing better is known.
    assert loading.fields["nvr"].endswith("isapi-inputproxy-channels.xml")
    assert (yard.model, yard.firmware) == ("IPC-HFW2431S-S-S2", "V2.800.0000000.16.R")
    # An empty slot is reported, its 0.0.0.0 kept as the NVR printed it but not as an address.
    assert (empty.ip, empty.model) == (None, None)
    assert empty.fields["sourceInputPortDescriptor.ipAddress"] == "0.0.0.0"


def test_nvr_capture_names_the_nvr_on_each_channel() -> None:
    nvr, *channels = read_reply(REPLIES / "isapi-nvr-deviceinfo-and-channels.xml")
    assert nvr.source is SourceKind.ISAPI and nvr.model == "DS-7608NI-K2/8P"
    assert len(channels) == 3
    for channel in channels:
        assert channel.fields["nvr"] == nvr.serial
        assert channel.fields["nvr_model"] == "DS-7608NI-K2/8P"
        assert channel.fields["nvr_mac"] == "00:00:5e:00:53:10"
    assert channels[0].where == "reply 2, channel 1"


def test_channel_passwords_are_never_kept(tmp_path: Path) -> None:
    text = (REPLIES / "isapi-inputproxy-channels.xml").read_text()
    path = tmp_path / "channels.xml"
    path.write_text(text.replace("<userName>admin</userName>",
                                 "<userName>admin</userName><password>Cam-Pass-77</password>"))
    for channel in read_reply(path):
        assert "Cam-Pass-77" not in repr(channel)


def test_magicbox_answers_of_one_device() -> None:
    [device] = read_reply(REPLIES / "magicbox-replies.txt")
    assert device.source is SourceKind.MAGICBOX
    assert (device.vendor, device.model, device.serial) == (
        "Dahua", "IPC-HDW2431T-AS-S2", "9J01234PAZ00001")
    assert device.firmware == "2.800.0000000.25.R,build:2021-07-02"
    assert device.fields["updateSerial"] == "IPC-HDW2431T-AS-S2"
    assert device.fields["processor"] == "SSC335"
    assert device.fields["type"] == "IPC-HDW2431T-AS-S2"  # getDeviceType, kept as sent


def test_magicbox_repeated_key_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "mb.txt"
    path.write_text("version=2.800.0000000.25.R\r\nversion=1.00\r\nvendor=Amcrest\r\n")
    [device] = read_reply(path, SourceKind.MAGICBOX)
    assert (device.firmware, device.fields["version#2"], device.vendor) == (
        "2.800.0000000.25.R", "1.00", "Amcrest")


def test_magicbox_error_page_is_an_error_naming_the_line() -> None:
    with pytest.raises(SourceFormatError) as caught:
        read_reply(REPLIES / "bad-magicbox-error.txt", SourceKind.MAGICBOX)
    assert caught.value.where == "line 1" and "'Error'" in caught.value.problem


def test_magicbox_without_any_known_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    path.write_text("colour=blue\n")
    with pytest.raises(SourceFormatError, match="no magicBox key"):
        read_reply(path, SourceKind.MAGICBOX)


def test_onvif_device_information_replies() -> None:
    hik, amcrest = read_reply(REPLIES / "onvif-getdeviceinformation.xml")
    assert hik.source is SourceKind.ONVIF_DEVICE_INFO
    assert (hik.vendor, hik.model, hik.firmware) == ("HIKVISION", "DS-2CD2143G2-I",
                                                      "V5.7.15 build 230605")
    assert hik.fields == {"HardwareId": "88"}
    assert (amcrest.vendor, amcrest.serial, amcrest.where) == (
        "Amcrest", "AMC0123456789ABCDE", "reply 2")


def test_onvif_fault_is_an_error_quoting_the_reason() -> None:
    with pytest.raises(SourceFormatError, match=r"SOAP Fault: .*Sender not Authorized"):
        read_reply(REPLIES / "bad-onvif-fault.xml")


def test_isapi_error_status_is_an_error() -> None:
    with pytest.raises(SourceFormatError, match=r"ISAPI error \(Invalid Operation\)"):
        read_reply(REPLIES / "bad-isapi-responsestatus.xml")
