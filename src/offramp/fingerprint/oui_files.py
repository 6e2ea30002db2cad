"""The MAC address registries' own file formats -> :class:`RegistryRow`.

Two formats:

* IEEE's CSV files (``oui.csv`` MA-L /24, ``mam.csv`` MA-M /28, ``oui36.csv`` MA-S /36,
  ``iab.csv``): header ``Registry,Assignment,Organization Name,Organization Address``, CRLF,
  the assignment in upper-case hex without separators. The download refresh
  (:mod:`offramp.devices.registry`) and the bundle build both read them here.
* Wireshark's ``manuf`` file: tab-separated ``prefix[/bits] short-name [long-name] [# comment]``;
  the bundle takes its /28 and /36 blocks, which IEEE's MA-L file does not hold.

Pure text in, rows out: callers do the file and network I/O. A bad row is a
:class:`~offramp.model.SourceFormatError` naming the file and line, never a silent skip --
a registry that quietly lost rows would quietly stop recognising devices.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

from offramp.fingerprint.csv_rows import strict_rows
from offramp.model import SourceFormatError

IEEE_HEADER = ("Registry", "Assignment", "Organization Name", "Organization Address")
# Hex digits of the assignment for each registry (its block size in bits / 4).
HEX_DIGITS = {"MA-L": 6, "MA-M": 7, "MA-S": 9, "IAB": 9}
BLOCK_BITS = {"MA-L": 24, "MA-M": 28, "MA-S": 36, "IAB": 36}
_HEX = re.compile(r"[0-9A-F]+")


@dataclass(frozen=True, slots=True)
class RegistryRow:
    """One assignment: ``registry`` (MA-L, MA-M, MA-S, IAB), ``assignment`` as upper-case hex
    of 6, 7 or 9 digits, the registrant's name, and the line it was read from."""

    registry: str
    assignment: str
    organisation: str
    line: int


def parse_ieee_csv(text: str, name: str, registry: str) -> list[RegistryRow]:
    """Rows of one IEEE registry CSV, every row checked.

    ``name`` is the file or URL named in errors; ``registry`` the registry the file must hold
    (``MA-L`` for oui.csv, ...). A file not ending in a line break was cut short: refused,
    because its last row may look valid while being a fragment.
    """
    if registry not in HEX_DIGITS:
        raise ValueError(f"unknown registry {registry!r}")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise SourceFormatError(name, None, "empty file")
    if not text.endswith(("\n", "\r")):
        raise SourceFormatError(name, "end of file",
                                "the file ends in the middle of a row (truncated download)")
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise SourceFormatError(name, "line 1", f"not CSV ({exc})") from exc
    if tuple(h.strip() for h in header) != IEEE_HEADER:
        raise SourceFormatError(name, "line 1",
                                f"not an IEEE registry header (expected {','.join(IEEE_HEADER)};"
                                f" got {','.join(header)[:80]!r})")
    digits = HEX_DIGITS[registry]
    rows: list[RegistryRow] = []
    for line, fields in strict_rows(reader, name, len(IEEE_HEADER)):
        kind, assignment, organisation = fields[0].strip(), fields[1].strip().upper(), fields[2]
        if kind != registry:
            raise SourceFormatError(name, f"line {line}",
                                    f"registry {kind!r} in a {registry} file")
        if len(assignment) != digits or not _HEX.fullmatch(assignment):
            raise SourceFormatError(name, f"line {line}",
                                    f"assignment {assignment!r} is not {digits} hex digits")
        rows.append(RegistryRow(registry, assignment, " ".join(organisation.split()), line))
    if not rows:
        raise SourceFormatError(name, None, "header only: no assignments")
    return rows


def parse_wireshark_manuf(text: str, name: str, bits: frozenset[int]) -> list[RegistryRow]:
    """The blocks of a Wireshark ``manuf`` file whose size is in ``bits`` (24, 28, 36).

    /36 blocks come out as ``MA-S`` (manuf does not tell MA-S from IAB; the bundle build
    relabels IAB blocks). The long name is used when given, else the short one.
    """
    rows: list[RegistryRow] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("\t#", 1)[0].rstrip()
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        prefix, _, size = fields[0].partition("/")
        block = int(size) if size.isdigit() else 24
        if block not in bits:
            continue
        hex_digits = prefix.replace(":", "").replace("-", "").replace(".", "").upper()
        want = block // 4
        if block not in (24, 28, 36) or len(hex_digits) < want or not _HEX.fullmatch(hex_digits):
            raise SourceFormatError(name, f"line {number}", f"unreadable prefix {fields[0]!r}")
        if len(fields) < 2:
            raise SourceFormatError(name, f"line {number}", "prefix without a name")
        longer = [f for f in fields[2:] if f.strip()]
        organisation = longer[0] if longer else fields[1]
        registry = {24: "MA-L", 28: "MA-M", 36: "MA-S"}[block]
        rows.append(RegistryRow(registry, hex_digits[:want], " ".join(organisation.split()),
                                number))
    return rows
