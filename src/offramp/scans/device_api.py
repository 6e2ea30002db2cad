"""Device-API replies -> :class:`Observation`: ISAPI, NVR channel lists, magicBox, ONVIF.

* Hikvision ISAPI ``GET /ISAPI/System/deviceInfo``: a ``<DeviceInfo>`` document whose
  namespace differs across firmware (``http://www.hikvision.com/ver20/XMLSchema``,
  ``ver10``, ``http://www.isapi.org/ver20/XMLSchema`` or none), read by local names only.
* ``GET /ISAPI/ContentMgmt/InputProxy/channels``: an NVR's ``<InputProxyChannelList>``, one
  :attr:`SourceKind.NVR_CHANNEL` observation per camera. Cameras on an NVR's PoE ports sit on
  the NVR's own internal network and never appear on the LAN; this list is the only way to
  see them. Their ``ip`` is an address on that internal network, not on the LAN.
* Dahua ``/cgi-bin/magicBox.cgi?action=...``: ``key=value`` lines; a file may hold the
  answers of several actions of one device one after another.
* ONVIF ``GetDeviceInformationResponse`` (SOAP 1.2).
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from offramp.model import Observation, SourceKind
from offramp.model.device import normalize_mac
from offramp.scans.discovery_replies import (
    SECRET_NAMES,
    ReplyOrigin,
    decode_reply,
    element_fields,
    is_ip,
    port,
)
from offramp.sources.xmlsafe import child, children, local, text

_ISAPI_MAPPED = frozenset({"manufacturer", "model", "serialNumber", "firmwareVersion"})


def isapi_device_info(root: Element, origin: ReplyOrigin, reply: str) -> Observation:
    """One ``<DeviceInfo>`` document."""
    mac = normalize_mac(text(root, "macAddress"))
    skip = _ISAPI_MAPPED | ({"macAddress"} if mac else set())
    return Observation(
        source=SourceKind.ISAPI, file=origin.file, where=origin.place(reply), mac=mac,
        ip=origin.ip, vendor=text(root, "manufacturer"), model=text(root, "model"),
        serial=text(root, "serialNumber"), firmware=text(root, "firmwareVersion"),
        site=origin.site, seen_at=origin.seen_at, fields=element_fields(root, frozenset(skip)),
    )


def nvr_label(nvr: Observation | None, origin: ReplyOrigin) -> dict[str, str]:
    """``fields`` naming the NVR a channel belongs to: ``nvr`` plus what is known of it.

    ``nvr`` is the NVR's address when known, else its serial, else the file the list came
    from, so every channel can be traced back to the box it hangs off.
    """
    ip = (nvr.ip if nvr else None) or origin.ip
    serial = nvr.serial if nvr else None
    out = {"nvr": ip or serial or origin.file}
    for key, value in (("nvr_ip", ip), ("nvr_serial", serial),
                       ("nvr_model", nvr.model if nvr else None),
                       ("nvr_mac", nvr.mac if nvr else None)):
        if value:
            out[key] = value
    return out


_CHANNEL_MAPPED = frozenset({"ipAddress", "model", "serialNumber", "firmwareVersion"})


def nvr_channels(root: Element, origin: ReplyOrigin, reply: str,
                 nvr: Observation | None = None) -> list[Observation]:
    """One observation per ``InputProxyChannel`` (root may be the list or one channel).

    A channel with no address and no model (an empty slot) is still reported: the NVR says
    the slot exists, and dropping it would lose what the file holds.
    """
    channels = [root] if local(root.tag) == "InputProxyChannel" else children(
        root, "InputProxyChannel")
    label = nvr_label(nvr, origin)
    observations = []
    for number, channel in enumerate(channels, start=1):
        ident = text(channel, "id") or str(number)
        descriptor = child(channel, "sourceInputPortDescriptor")
        fields = element_fields(channel, skip=frozenset({"sourceInputPortDescriptor"}))
        ip = text(descriptor, "ipAddress") if descriptor is not None else None
        if descriptor is not None:
            skip = _CHANNEL_MAPPED - ({"ipAddress"} if is_ip(ip) else set())
            fields.update(element_fields(descriptor, frozenset(skip),
                                         prefix="sourceInputPortDescriptor."))
        fields.update(label)
        observations.append(Observation(
            source=SourceKind.NVR_CHANNEL, file=origin.file,
            where=origin.place(reply, f"channel {ident}"),
            ip=ip if is_ip(ip) else None,
            model=text(descriptor, "model") if descriptor is not None else None,
            serial=text(descriptor, "serialNumber") if descriptor is not None else None,
            firmware=text(descriptor, "firmwareVersion") if descriptor is not None else None,
            site=origin.site, seen_at=origin.seen_at,
            ports=port("tcp", text(descriptor, "managePortNo")) if descriptor is not None
            else (),
            fields=fields,
        ))
    return observations


_ONVIF_MAPPED = frozenset({"Manufacturer", "Model", "FirmwareVersion", "SerialNumber"})


def onvif_device_information(root: Element, origin: ReplyOrigin, reply: str) -> Observation:
    """A ``GetDeviceInformationResponse`` envelope; a SOAP Fault is an error."""
    body = child(root, "Body")
    response = child(body, "GetDeviceInformationResponse") if body is not None else None
    if response is None:
        fault = child(body, "Fault") if body is not None else None
        if fault is not None:
            reason = " ".join(t.strip() for t in fault.itertext() if t.strip())
            raise origin.error(f"the device answered with a SOAP Fault: {reason[:200]}", reply)
        raise origin.error("a SOAP envelope without GetDeviceInformationResponse", reply)
    return Observation(
        source=SourceKind.ONVIF_DEVICE_INFO, file=origin.file, where=origin.place(reply),
        ip=origin.ip, vendor=text(response, "Manufacturer"), model=text(response, "Model"),
        serial=text(response, "SerialNumber"), firmware=text(response, "FirmwareVersion"),
        site=origin.site, seen_at=origin.seen_at,
        fields=element_fields(response, _ONVIF_MAPPED),
    )


# --- Dahua magicBox -----------------------------------------------------------------------

# The keys magicBox actions answer with (getVendor, getDeviceType, getSerialNo, getSystemInfo,
# getSoftwareVersion, getHardwareVersion, getMachineName): how a reply is recognised.
MAGICBOX_KEYS = frozenset({
    "vendor", "type", "deviceType", "sn", "serialNumber", "updateSerial", "version",
    "appAutoStart", "hardwareVersion", "processor", "name", "updateSerialCloudUpgrade",
})


def magicbox_reply(data: bytes, origin: ReplyOrigin) -> Observation:
    """The ``key=value`` answers of one device's magicBox actions, as one observation.

    ``deviceType``/``type`` is the model; ``serialNumber``/``sn`` the serial; ``version`` the
    software version (``getSoftwareVersion``; a file that also holds ``getHardwareVersion``
    has ``hardwareVersion`` from getSystemInfo, or a second ``version`` kept as
    ``version#2``). A line that is not ``key=value`` (a device's ``Error`` page) is an
    error naming the line.
    """
    values: dict[str, str] = {}
    for number, line in enumerate(decode_reply(data, origin).splitlines(), start=1):
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not key or " " in key:
            raise origin.error(f"not a magicBox key=value line: {line.strip()[:60]!r}",
                               f"line {number}")
        if key.lower() in SECRET_NAMES:
            continue
        n, name = 2, key
        while name in values:
            name, n = f"{key}#{n}", n + 1
        values[name] = value.strip()
    if not values:
        raise origin.error("empty magicBox reply")
    if not MAGICBOX_KEYS & set(values):
        raise origin.error("no magicBox key (vendor, deviceType, serialNumber, version, ...)")
    model_key = "deviceType" if values.get("deviceType") else "type"
    serial_key = "serialNumber" if values.get("serialNumber") else "sn"
    mapped = {"vendor", model_key, serial_key, "version"}
    return Observation(
        source=SourceKind.MAGICBOX, file=origin.file, where=origin.place(), ip=origin.ip,
        vendor=values.get("vendor") or None, model=values.get(model_key) or None,
        serial=values.get(serial_key) or None, firmware=values.get("version") or None,
        site=origin.site, seen_at=origin.seen_at,
        fields={k: v for k, v in values.items() if k not in mapped},
    )
