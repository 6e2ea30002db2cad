"""Identification on true, white-label and false-friend cases, with evidence and instruments.

Values are as the named tools print them: model and serial numbers in Hikvision's and Dahua's
published formats (the serial layout is the field notes' example), banners as HTTP/RTSP
servers send them, MAC blocks from the bundled registry.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from offramp.fingerprint import MIN_CONFIDENCE, Identifier, OuiRegistry
from offramp.model import Device, Identification, Instrument, Observation, SourceKind

FCC = "fcc-covered-list"


def _instrument(party: str) -> Instrument:
    return Instrument(FCC, "FCC Covered List", party, "2021-03-12", "scope",
                      "https://www.fcc.gov/supplychain/coveredlist", False)


INSTRUMENTS: Mapping[str, tuple[Instrument, ...]] = {
    p: (_instrument(p),) for p in ("hikvision", "dahua", "ezviz", "hilook", "huacheng")}


@pytest.fixture(scope="module")
def identifier() -> Identifier:
    return Identifier(OuiRegistry.bundled(), INSTRUMENTS)


def _device(*observations: Observation, **merged: str) -> Device:
    return Device(key="row:estate.csv:2", observations=observations, **merged)


def _obs(source: SourceKind = SourceKind.ASSET_REGISTER, where: str = "line 2",
         **values: object) -> Observation:
    return Observation(source=source, file="estate.csv", where=where, **values)  # type: ignore[arg-type]


def _signals(result: Identification) -> dict[str, list[tuple[str | None, float]]]:
    found: dict[str, list[tuple[str | None, float]]] = {}
    for e in result.evidence:
        found.setdefault(e.signal, []).append((e.vendor, e.weight))
    return found


def test_hikvision_by_oui_only(identifier: Identifier) -> None:
    result = identifier.identify(_device(_obs(mac="44:19:b6:12:34:56")))
    assert result.vendor == "hikvision" and result.confidence >= MIN_CONFIDENCE
    (evidence,) = result.evidence
    assert evidence.signal == "oui" and "44:19:B6/24" in evidence.detail
    assert "Hangzhou Hikvision Digital Technology" in evidence.detail
    assert evidence.ref == "estate.csv (line 2)"
    assert result.registry_date == "2026-05" and result.restricted
    assert [i.party for i in result.instruments] == ["hikvision"]


def test_hikvision_by_model_only(identifier: Identifier) -> None:
    result = identifier.identify(_device(_obs(model="DS-2CD2143G0-I")))
    assert (result.vendor, result.model) == ("hikvision", "DS-2CD2143G0-I")
    assert _signals(result) == {"model": [("hikvision", 0.9)]}


def test_hikvision_by_serial_only_reads_the_model_out(identifier: Identifier) -> None:
    result = identifier.identify(_device(_obs(serial="DS-2CD2386G2-IU20230101AAWRJ12345678")))
    assert result.vendor == "hikvision" and result.model == "DS-2CD2386G2-IU"
    assert "model DS-2CD2386G2-IU" in result.evidence[0].detail


def test_hilook_nvr(identifier: Identifier) -> None:
    result = identifier.identify(_device(_obs(vendor="HiLook", model="NVR-108MH-C/8P")))
    assert (result.vendor, result.brand) == ("hikvision", "HiLook")
    assert {i.party for i in result.instruments} == {"hikvision", "hilook"}


def test_hilook_model_alone_is_too_weak(identifier: Identifier) -> None:
    result = identifier.identify(_device(_obs(model="NVR-108MH-C/8P")))
    assert result.vendor is None and 0 < result.confidence < MIN_CONFIDENCE


def test_ezviz_camera_takes_the_brands_own_instruments(identifier: Identifier) -> None:
    result = identifier.identify(_device(_obs(vendor="EZVIZ", model="CS-C6N-A0-1C2WFR",
                                              mac="0c:a6:4c:01:02:03")))
    assert (result.vendor, result.brand) == ("hikvision", "EZVIZ")
    assert [i.party for i in result.instruments] == ["hikvision", "ezviz"]


def test_dahua_by_rtsp_server(identifier: Identifier) -> None:
    obs = _obs(SourceKind.NMAP, "host 10.0.0.7", ip="10.0.0.7",
               banners=("Dahua Rtsp Server",), ports=("tcp/554",))
    result = identifier.identify(_device(obs))
    assert result.vendor == "dahua" and result.confidence == pytest.approx(0.85)
    assert result.evidence[0].ref == "estate.csv (host 10.0.0.7)"


def test_amcrest_with_dahua_platform_field_is_dahua(identifier: Identifier) -> None:
    magicbox = _obs(SourceKind.MAGICBOX, "getSystemInfo", vendor="Amcrest",
                    fields={"updateSerial": "IPC-HDW5831R-ZE", "deviceType": "IP8M-2496EB"})
    result = identifier.identify(_device(magicbox))
    assert (result.vendor, result.brand) == ("dahua", "Amcrest")
    assert result.confidence == pytest.approx(1 - (1 - 0.8) * (1 - 0.35))
    assert "white-label" in _signals(result) and "device-api" in _signals(result)


def test_amcrest_with_dahua_model_is_dahua(identifier: Identifier) -> None:
    result = identifier.identify(_device(_obs(vendor="Amcrest", model="IPC-HDW5231R-ZE")))
    assert (result.vendor, result.brand) == ("dahua", "Amcrest")


def test_amcrest_alone_stays_unknown_and_says_why(identifier: Identifier) -> None:
    result = identifier.identify(_device(_obs(vendor="Amcrest", model="IP4M-1041B",
                                              mac="9c:8e:cd:01:02:03")))
    assert result.vendor is None and result.brand == "Amcrest"
    assert 0 < result.confidence < MIN_CONFIDENCE
    assert not result.restricted and result.instruments == ()
    assert all(e.signal == "white-label" and e.vendor == "dahua" for e in result.evidence)
    assert any("a hint until a model or platform field backs it" in e.detail
               for e in result.evidence)


def test_synology_diskstation_is_not_hikvision(identifier: Identifier) -> None:
    result = identifier.identify(_device(_obs(vendor="Synology", model="DS920+",
                                              mac="00:11:32:0a:0b:0c")))
    assert result.vendor is None and result.confidence == 0.0
    (friend,) = [e for e in result.evidence if e.signal == "model"]
    assert friend.vendor is None and friend.weight == 0 and "Synology" in friend.detail


@pytest.mark.parametrize("mac", [None, "40:2c:76:1a:bc:de"])
def test_shanghai_dahua_scale_factory_is_not_dahua(identifier: Identifier,
                                                   mac: str | None) -> None:
    result = identifier.identify(_device(_obs(vendor="Shanghai Dahua Scale Factory", mac=mac)))
    assert result.vendor is None and result.confidence == 0.0
    assert all(e.vendor is None and e.weight == 0 for e in result.evidence)


def test_dahua_electronics_of_flushing_is_not_dahua(identifier: Identifier) -> None:
    result = identifier.identify(_device(_obs(vendor="DAHUA ELECTRONICS CORPORATION")))
    assert result.vendor is None


def test_locally_administered_mac_gives_no_oui_evidence(identifier: Identifier) -> None:
    result = identifier.identify(_device(_obs(mac="46:19:b6:12:34:56")))  # LA bit on 44:19:B6
    assert result.vendor is None
    (evidence,) = result.evidence
    assert evidence.weight == 0 and "locally administered" in evidence.detail


def test_wifi_module_oui_does_not_outvote_the_model(identifier: Identifier) -> None:
    result = identifier.identify(_device(_obs(mac="10:06:1c:11:22:33", model="DS-2CD1043G0-I")))
    assert result.vendor == "hikvision" and result.confidence == pytest.approx(0.9)
    oui = next(e for e in result.evidence if e.signal == "oui")
    assert oui.vendor is None and oui.weight == 0 and "Espressif" in oui.detail


def test_another_makers_oui_lowers_confidence(identifier: Identifier) -> None:
    module = identifier.identify(_device(_obs(mac="10:06:1c:11:22:33", model="DS-2CD1043G0-I")))
    axis = identifier.identify(_device(_obs(mac="00:40:8c:11:22:33", model="DS-2CD1043G0-I")))
    assert axis.vendor == "hikvision" and axis.confidence < module.confidence


def test_unknown_device_stays_unknown(identifier: Identifier) -> None:
    result = identifier.identify(_device(_obs(vendor="Axis", model="P3245-LVE",
                                              mac="00:40:8c:11:22:33")))
    assert result.vendor is None and result.confidence == 0.0 and result.brand is None
    assert result.registry_date == "2026-05"


def test_nmap_mac_vendor_is_the_oui_signal_again(identifier: Identifier) -> None:
    nmap = _obs(SourceKind.NMAP, "host 10.0.0.5", mac="44:19:b6:12:34:56", vendor="Hikvision")
    result = identifier.identify(_device(nmap))
    assert {e.signal for e in result.evidence} == {"oui"}
    # The stronger of the two readings of one OUI, not their noisy-OR (1 - 0.15 * 0.1).
    assert result.confidence == pytest.approx(0.9)


def test_several_observations_add_up_and_cite_each(identifier: Identifier) -> None:
    register = _obs(where="line 9", model="IPC-HFW2431S-S-S2")
    sadp = _obs(SourceKind.DHIP, "reply 1", mac="74:c9:29:01:02:03",
                fields={"DeviceClass": "IPC"})
    result = identifier.identify(_device(register, sadp))
    assert result.vendor == "dahua" and result.confidence > 0.95
    refs = {e.signal: e.ref for e in result.evidence}
    assert refs["model"] == "estate.csv (line 9)" and refs["oui"] == "estate.csv (reply 1)"
    assert refs["discovery"] == "estate.csv (reply 1)"


def test_onvif_scopes_and_isapi_fields(identifier: Identifier) -> None:
    probe = _obs(SourceKind.ONVIF_PROBE, "match 1", fields={
        "Scopes": "onvif://www.onvif.org/type/video_encoder "
                  "onvif://www.onvif.org/hardware/DS-2CD2143G0-I "
                  "onvif://www.onvif.org/name/HIKVISION%20CAMERA"})
    result = identifier.identify(_device(probe))
    assert result.vendor == "hikvision" and result.model == "DS-2CD2143G0-I"
    isapi = _obs(SourceKind.ISAPI, "deviceInfo", vendor="LTS",
                 model="CMIP3042W-28M", fields={"OEMCode": "1"})
    oem = identifier.identify(_device(isapi))
    assert (oem.vendor, oem.brand) == ("hikvision", "LTS")


def test_merged_device_attributes_count_when_no_observation_has_them(
        identifier: Identifier) -> None:
    result = identifier.identify(_device(_obs(), model="DS-7608NI-K2"))
    assert result.vendor == "hikvision"
    assert result.evidence[0].ref == "row:estate.csv:2"


def test_identification_is_deterministic_and_cache_independent() -> None:
    cases = [_device(_obs(vendor="Amcrest", model="IPC-HDW5231R-ZE")),
             _device(_obs(mac="44:19:b6:12:34:56", model="DS-2CD2143G0-I")),
             _device(_obs(vendor="Synology", model="DS920+"))]
    warm = Identifier(OuiRegistry.bundled(), INSTRUMENTS)
    first = [warm.identify(d) for d in cases]
    again = [warm.identify(d) for d in cases]  # from the cache
    cold = [Identifier(OuiRegistry.bundled(), INSTRUMENTS).identify(d) for d in cases]
    assert first == again == cold


def test_same_values_different_rows_keep_their_own_references(identifier: Identifier) -> None:
    a = identifier.identify(_device(_obs(where="line 3", model="DS-2CD2143G0-I")))
    b = identifier.identify(_device(_obs(where="line 4", model="DS-2CD2143G0-I")))
    assert a.evidence[0].ref == "estate.csv (line 3)"
    assert b.evidence[0].ref == "estate.csv (line 4)"


@pytest.mark.parametrize(("vendor", "expected"), [
    ("하이크비전", "hikvision"), ("ハイクビジョン", "hikvision"), ("Хиквижн", "hikvision"),
    ("다후아", "dahua"), ("ダーファ", "dahua"), ("화웨이", "huawei"), ("ファーウェイ", "huawei"),
    ("Хуавэй", "huawei"), ("هواوي", "huawei"), ("הואווי", "huawei"), ("หัวเว่ย", "huawei"),
])
def test_vendor_written_in_local_scripts(identifier: Identifier, vendor: str,
                                          expected: str) -> None:
    # (asset registers kept in Korean, Japanese, Russian, Arabic, Hebrew or Thai name the
    # maker as those languages write it; signals.csv, rows marked unconfirmed)
    result = identifier.identify(_device(_obs(vendor=vendor)))
    assert result.vendor == expected, result.evidence
