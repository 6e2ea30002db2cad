"""Recognising saved replies, dispatching them, and offramp's own saved observations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from offramp.model import Observation, SourceFormatError, SourceKind
from offramp.scans.replies import read_reply, sniff_reply, write_observations
from offramp.sources.files import head

REPLIES = Path(__file__).parent.parent / "fixtures" / "scans" / "replies"


@pytest.mark.parametrize(("name", "kind"), [
    ("onvif-probematches.xml", SourceKind.ONVIF_PROBE),
    ("sadp-probematch.xml", SourceKind.SADP),
    ("dhip-replies.bin", SourceKind.DHIP),
    ("dhip-replies.jsonl", SourceKind.DHIP),
    ("isapi-deviceinfo-ver20.xml", SourceKind.ISAPI),
    ("isapi-deviceinfo-oem-nons.xml", SourceKind.ISAPI),
    ("isapi-nvr-deviceinfo-and-channels.xml", SourceKind.ISAPI),
    ("isapi-inputproxy-channels.xml", SourceKind.NVR_CHANNEL),
    ("magicbox-replies.txt", SourceKind.MAGICBOX),
    ("onvif-getdeviceinformation.xml", SourceKind.ONVIF_DEVICE_INFO),
    ("bad-onvif-fault.xml", SourceKind.ONVIF_DEVICE_INFO),
    ("bad-isapi-responsestatus.xml", SourceKind.ISAPI),
])
def test_sniff_recognises_each_reply(name: str, kind: SourceKind) -> None:
    assert sniff_reply(head(REPLIES / name)) is kind


@pytest.mark.parametrize("head_bytes", [
    b"", b"ip,mac,vendor\n10.0.0.5,aa:bb:cc:dd:ee:ff,x\n", b"<nmaprun scanner='nmap'>",
    b'{"name": "a register as JSON"}\n', b"colour=blue\n", b"\x00\x01\x02binary",
])
def test_sniff_leaves_other_files_alone(head_bytes: bytes) -> None:
    assert sniff_reply(head_bytes) is None


def test_a_file_that_is_no_reply_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    with pytest.raises(SourceFormatError, match="not a saved discovery or device-API reply"):
        read_reply(path)


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    path.write_text("  \n")
    with pytest.raises(SourceFormatError, match="empty file"):
        read_reply(path, SourceKind.SADP)


def test_explicit_kind_that_does_not_match_the_file_is_an_error() -> None:
    with pytest.raises(SourceFormatError, match=r"expected a sadp reply, found <DeviceInfo>"):
        read_reply(REPLIES / "isapi-deviceinfo-ver20.xml", SourceKind.SADP)


def test_kind_that_is_not_a_reply_is_refused() -> None:
    with pytest.raises(SourceFormatError, match="nmap is not a discovery"):
        read_reply(REPLIES / "sadp-probematch.xml", SourceKind.NMAP)


def test_text_between_documents_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "sadp.xml"
    path.write_text((REPLIES / "sadp-probematch.xml").read_text() + "garbage after\n")
    with pytest.raises(SourceFormatError, match="text outside any XML element: 'garbage"):
        read_reply(path)


def test_not_utf8_is_an_error_naming_the_byte() -> None:
    with pytest.raises(SourceFormatError) as caught:
        read_reply(REPLIES / "bad-not-utf8.xml", SourceKind.SADP)
    assert caught.value.where == "byte 0" and "UTF-8" in caught.value.problem


def test_unknown_root_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text('<?xml version="1.0"?><ProbeMatch><x/></ProbeMatch><Hello/>')
    with pytest.raises(SourceFormatError, match="<Hello> is not a discovery"):
        read_reply(path)


def test_saved_observations_load_back(tmp_path: Path) -> None:
    originals = (read_reply(REPLIES / "sadp-probematch.xml", site="Depot")
                 + read_reply(REPLIES / "dhip-replies.bin"))
    saved = tmp_path / "found.jsonl"
    assert write_observations(saved, originals) == 4
    assert sniff_reply(head(saved)) is SourceKind.SADP
    loaded = read_reply(saved, site="HQ")
    assert len(loaded) == 4
    for before, after in zip(originals, loaded, strict=True):
        assert (after.source, after.mac, after.ip, after.model, after.serial, after.ports) == (
            before.source, before.mac, before.ip, before.model, before.serial, before.ports)
        assert after.file == str(saved)
        assert after.fields["recorded_as"] == before.ref
        assert {k: v for k, v in after.fields.items() if k != "recorded_as"} == before.fields
    assert [o.site for o in loaded] == ["Depot", "Depot", "HQ", "HQ"]
    assert [o.where for o in loaded] == ["line 1", "line 2", "line 3", "line 4"]


def test_saved_observation_with_a_bad_mac_is_an_error(tmp_path: Path) -> None:
    record = {"offramp": "observation", "source": "sadp", "file": "x", "where": "",
              "mac": "not-a-mac", "fields": {}}
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(record) + "\n")
    with pytest.raises(SourceFormatError) as caught:
        read_reply(path)
    assert caught.value.where == "line 1" and "not a MAC" in caught.value.problem


def test_saved_observations_with_a_foreign_line_is_an_error(tmp_path: Path) -> None:
    good = Observation(source=SourceKind.DHIP, file="discovery", where="x", ip="10.0.0.5")
    path = tmp_path / "mixed.jsonl"
    write_observations(path, [good])
    with path.open("a") as fh:
        fh.write('{"hello": 1}\n')
    with pytest.raises(SourceFormatError) as caught:
        read_reply(path)
    assert caught.value.where == "line 2"
