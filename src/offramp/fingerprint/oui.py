"""The dated OUI registry: which organisation a MAC address block is registered to.

IEEE assigns blocks of three sizes: MA-L (/24, the classic OUI), MA-M (/28) and MA-S (/36,
and the older IAB, also /36). A /28 or /36 block sits inside a /24 that IEEE's MA-L file
lists as "IEEE Registration Authority", so the lookup is **longest prefix first**: /36, then
/28, then /24. Locally administered and multicast addresses get no lookup at all (an OUI
lookup on them would name an unrelated registrant).

The registry travels as one gzip-compressed JSON document (``data/oui/oui-registry.json.gz``,
built by ``tools/build_oui_registry.py``; a refreshed copy lives in ``$OFFRAMP_HOME/oui``)
holding its own manifest, so replacing the file replaces registry and provenance together.
Loading is a ``json.loads`` of dicts keyed by lower-case hex prefix: tens of milliseconds.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from offramp.fingerprint.oui_files import BLOCK_BITS, HEX_DIGITS, RegistryRow
from offramp.model import SourceFormatError

FORMAT = "offramp-oui-registry/1"
REGISTRIES = ("MA-L", "MA-M", "MA-S", "IAB")
BUNDLED_NAME = "oui-registry.json.gz"


@dataclass(frozen=True, slots=True)
class OuiBlock:
    """One assigned block: registry, prefix (upper-case hex, 6/7/9 digits), size, registrant."""

    registry: str
    prefix: str
    bits: int
    organisation: str

    @property
    def label(self) -> str:
        """The prefix as people write it, with its size: ``44:19:B6/24``, ``00:55:DA:0/28``."""
        pairs = [self.prefix[i:i + 2] for i in range(0, len(self.prefix), 2)]
        return f"{':'.join(pairs)}/{self.bits}"


@dataclass(frozen=True, slots=True)
class OuiLookup:
    """The answer for one MAC: the block (or ``None``), why not, and the registry's date."""

    mac: str
    block: OuiBlock | None
    registry_date: str
    reason: str = ""  # why there is no block: locally administered, multicast, not registered


class OuiRegistry:
    """Longest-prefix lookup over MA-S/IAB (/36), MA-M (/28) and MA-L (/24) blocks."""

    __slots__ = ("_blocks", "_d24", "_d28", "_d36", "_iab", "_orgs", "_subdivided", "date",
                 "manifest", "origin")

    def __init__(self, *, date: str, organisations: list[str],
                 tables: Mapping[str, Mapping[str, int]], manifest: Mapping[str, Any],
                 origin: str) -> None:
        self.date = date
        self.origin = origin
        self.manifest = dict(manifest)
        self._orgs = organisations
        self._d24 = dict(tables.get("MA-L", {}))
        self._d28 = dict(tables.get("MA-M", {}))
        iab = tables.get("IAB", {})
        # MA-S and IAB are both /36 and never overlap (IAB parents are distinct MA-L blocks).
        self._d36 = {**tables.get("MA-S", {}), **iab}
        self._iab = frozenset(iab)
        self._blocks: dict[str, OuiBlock] = {}
        self._subdivided: frozenset[str] | None = None

    @classmethod
    def from_bytes(cls, data: bytes, origin: str) -> OuiRegistry:
        """Read the gzip JSON document; a damaged one is a :class:`SourceFormatError`."""
        try:
            doc = json.loads(gzip.decompress(data))
        except (OSError, EOFError, zlib.error, ValueError) as exc:
            raise SourceFormatError(origin, None, f"not a readable OUI registry ({exc})") from exc
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise SourceFormatError(origin, "format", f"not an {FORMAT} document")
        orgs = doc.get("organisations")
        tables = doc.get("blocks")
        date = doc.get("date")
        if not isinstance(orgs, list) or not isinstance(tables, dict) or not isinstance(date, str):
            raise SourceFormatError(origin, None, "organisations, blocks or date missing")
        for registry, table in tables.items():
            if registry not in REGISTRIES or not isinstance(table, dict):
                raise SourceFormatError(origin, f"blocks.{registry}", "unknown registry table")
            bad = next((k for k, v in table.items()
                        if len(k) != HEX_DIGITS[registry] or not isinstance(v, int)
                        or not 0 <= v < len(orgs)), None)
            if bad is not None:
                raise SourceFormatError(origin, f"blocks.{registry}.{bad}", "malformed block")
        manifest = doc.get("manifest")
        if not isinstance(manifest, dict):
            manifest = {}
        return cls(date=date, organisations=orgs, tables=tables, manifest=manifest,
                   origin=origin)

    @classmethod
    def bundled(cls) -> OuiRegistry:
        """The registry shipped with offramp (loaded once per process)."""
        return _bundled()

    @property
    def counts(self) -> dict[str, int]:
        """Blocks per registry."""
        iab = len(self._iab)
        return {"MA-L": len(self._d24), "MA-M": len(self._d28),
                "MA-S": len(self._d36) - iab, "IAB": iab}

    def __len__(self) -> int:
        return len(self._d24) + len(self._d28) + len(self._d36)

    def blocks(self) -> Iterable[OuiBlock]:
        """Every block (for diffs and checks), MA-L first."""
        for table, bits in ((self._d24, 24), (self._d28, 28), (self._d36, 36)):
            for prefix in table:
                yield self._block(prefix, bits)

    def _block(self, prefix: str, bits: int) -> OuiBlock:
        found = self._blocks.get(prefix)
        if found is None:
            table = {24: self._d24, 28: self._d28, 36: self._d36}[bits]
            registry = ("IAB" if prefix in self._iab else "MA-S") if bits == 36 else (
                "MA-L" if bits == 24 else "MA-M")
            found = OuiBlock(registry, prefix.upper(), bits, self._orgs[table[prefix]])
            self._blocks[prefix] = found
        return found

    def prefix_of(self, mac: str) -> str | None:
        """The lower-case hex prefix of the most specific block holding ``mac`` (6, 7 or 9
        digits: the length gives the size), or ``None``; no objects made, for hot loops."""
        if mac[1] not in "048c":  # U/L or I/G bit set in the first octet
            return None
        bare = mac.replace(":", "")
        prefix = bare[:9]
        if prefix in self._d36:
            return prefix
        prefix = bare[:7]
        if prefix in self._d28:
            return prefix
        prefix = bare[:6]
        return prefix if prefix in self._d24 else None

    def subdivided(self) -> frozenset[str]:
        """The /24 prefixes (6 lower-case hex digits) holding MA-M or MA-S/IAB blocks.

        Under any other /24, a MAC's first three octets alone give its :meth:`prefix_of`
        answer, so callers may memoise by them.
        """
        if self._subdivided is None:
            self._subdivided = frozenset(p[:6] for p in (*self._d28, *self._d36))
        return self._subdivided

    def block_at(self, prefix: str) -> OuiBlock:
        """The block a :meth:`prefix_of` answer names."""
        return self._block(prefix, len(prefix) * 4)

    def block(self, mac: str) -> OuiBlock | None:
        """The most specific block holding ``mac`` (normalised form), or ``None``.

        No answer for locally administered or multicast addresses: their first octet's low
        bits say the OUI does not apply.
        """
        bare = mac.replace(":", "")
        if int(bare[:2], 16) & 0x03:
            return None
        if bare[:9] in self._d36:
            return self._block(bare[:9], 36)
        if bare[:7] in self._d28:
            return self._block(bare[:7], 28)
        if bare[:6] in self._d24:
            return self._block(bare[:6], 24)
        return None

    def lookup(self, mac: str) -> OuiLookup:
        """:meth:`block` with the reason when there is none, and the registry date."""
        first = int(mac[0:2], 16)
        if first & 0x01:
            return OuiLookup(mac, None, self.date, "multicast (group) address: no OUI applies")
        if first & 0x02:
            return OuiLookup(mac, None, self.date,
                             "locally administered address (randomised or assigned by "
                             "software): no OUI applies")
        found = self.block(mac)
        if found is None:
            return OuiLookup(mac, None, self.date,
                             f"not in the OUI registry of {self.date}")
        return OuiLookup(mac, found, self.date)


def encode_registry(rows: Iterable[RegistryRow], *, date: str,
                    manifest: Mapping[str, Any]) -> bytes:
    """The gzip JSON document for ``rows`` (deterministic: same rows, same bytes).

    Assignments listed twice (IEEE's MA-L file has a few historical duplicates) keep every
    registrant's name, joined with `` / ``.
    """
    names: dict[str, dict[str, list[str]]] = {r: {} for r in REGISTRIES}
    for row in rows:
        if row.registry not in BLOCK_BITS:
            raise ValueError(f"unknown registry {row.registry!r}")
        holders = names[row.registry].setdefault(row.assignment.lower(), [])
        if row.organisation not in holders:
            holders.append(row.organisation)
    organisations: list[str] = []
    index: dict[str, int] = {}
    tables: dict[str, dict[str, int]] = {}
    for registry in REGISTRIES:
        table: dict[str, int] = {}
        for prefix in sorted(names[registry]):
            org = " / ".join(names[registry][prefix])
            if org not in index:
                index[org] = len(organisations)
                organisations.append(org)
            table[prefix] = index[org]
        tables[registry] = table
    doc = {"format": FORMAT, "date": date, "manifest": dict(manifest),
           "organisations": organisations, "blocks": tables}
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


@lru_cache(maxsize=1)
def _bundled() -> OuiRegistry:
    resource = resources.files("offramp").joinpath("data", "oui", BUNDLED_NAME)
    return OuiRegistry.from_bytes(resource.read_bytes(), f"bundled:{BUNDLED_NAME}")
