"""The model's device types keep the dataclass constructor's behaviour with a direct
``__init__``: signature, defaults, default factories, validation, immutability, equality."""

from __future__ import annotations

import dataclasses
import inspect
from types import MappingProxyType

import pytest

from offramp.model import Device, Evidence, Identification, Instrument, Observation, SourceKind

CLASSES = (Observation, Evidence, Instrument, Identification, Device)


@pytest.mark.parametrize("cls", CLASSES)
def test_signature_is_the_fields_in_order_with_their_defaults(cls: type) -> None:
    params = list(inspect.signature(cls).parameters.values())
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    for param, f in zip(params, fields, strict=True):
        if f.default is not dataclasses.MISSING:
            assert param.default == f.default
        elif f.default_factory is dataclasses.MISSING:
            assert param.default is inspect.Parameter.empty
    assert vars(cls)["__init__"].__qualname__ == f"{cls.__qualname__}.__init__"


def test_observation_defaults_validation_and_fields() -> None:
    obs = Observation(SourceKind.NMAP, "scan.xml", "host 10.0.0.5")
    assert (obs.mac, obs.ports, obs.banners, dict(obs.fields)) == (None, (), (), {})
    assert isinstance(obs.fields, MappingProxyType)
    given = {"OEMCode": "1"}
    kept = Observation(SourceKind.ISAPI, "d.xml", "", mac="44:19:b6:12:34:56", fields=given)
    given["OEMCode"] = "changed"  # the record keeps its own copy
    assert type(kept.fields) is MappingProxyType
    assert dict(kept.fields) == {"OEMCode": "1"}
    with pytest.raises(ValueError, match="normalised"):
        Observation(SourceKind.ARP_TABLE, "arp.txt", "line 1", mac="44-19-B6-12-34-56")
    with pytest.raises(TypeError):
        Observation(SourceKind.ARP_TABLE, "arp.txt")  # type: ignore[call-arg]
    with pytest.raises(dataclasses.FrozenInstanceError):
        obs.mac = "44:19:b6:12:34:56"  # type: ignore[misc]


def test_keywords_positions_replace_equality_and_hash() -> None:
    by_position = Evidence("oui", "hikvision", 0.85, "OUI 44:19:B6/24 ...", "a.csv (line 2)")
    by_keyword = Evidence(signal="oui", vendor="hikvision", weight=0.85,
                          detail="OUI 44:19:B6/24 ...", ref="a.csv (line 2)")
    assert by_position == by_keyword and hash(by_position) == hash(by_keyword)
    assert Evidence("oui", None, 0.0, "none").ref == ""
    result = Identification("hikvision", 0.9, (by_position,))
    assert (result.brand, result.model, result.instruments, result.registry_date) == (
        None, None, (), None)
    assert dataclasses.replace(result, brand="EZVIZ").brand == "EZVIZ"
    obs = Observation(SourceKind.ASSET_REGISTER, "a.csv", "line 2", vendor="Hikvision")
    device = Device("row:a.csv:line 2", (obs,), vendor="Hikvision")
    assert device == Device(key="row:a.csv:line 2", observations=(obs,), vendor="Hikvision")
    assert device.mac is None and device.site is None
