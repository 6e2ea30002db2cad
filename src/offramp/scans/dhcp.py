"""DHCP lease files -> one observation per lease: ISC dhcpd ``dhcpd.leases`` and dnsmasq.

dhcpd appends a new declaration each time a lease changes, so a file holds several blocks
for one address; dhcpd.leases(5): "If more than one declaration appears for a given lease,
the last one in the file is the current one." The earlier blocks are reported as skipped,
superseded. Abandoned leases (dhcpd found the address in use by someone it did not lease it
to) carry no client and are skipped with that reason. Times in the file are UTC
(``starts 1 2024/03/04 08:12:45;``) or, with ``db-time-format local``, epoch seconds
(``starts epoch 1709539965; # ...``).

dnsmasq writes one line per lease: ``expiry mac ip hostname client-id`` (``*`` for unknown,
expiry ``0`` for an infinite lease); DHCPv6 leases follow a ``duid`` line and carry an IAID
instead of a MAC.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from offramp.model import SourceFormatError
from offramp.model.device import Observation, SourceKind, normalize_mac
from offramp.scans.result import ScanResult, Skipped
from offramp.scans.text import read_lines

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|"|[{};]|[^\s{};"#]+|#[^\n]*|\n|[ \t\r\f\v]+')
_DHCPD_TIME = "%Y/%m/%d %H:%M:%S"
# Statements whose value becomes an Observation attribute; others are kept in ``fields``.
_MAPPED = frozenset({"hardware", "client-hostname", "binding"})
_TIMES = ("starts", "ends", "tstp", "tsfp", "atsfp", "cltt")  # written as ISO 8601 in fields


@dataclass(frozen=True, slots=True)
class _Block:
    """A ``lease ADDRESS { ... }`` declaration: its line and its statements as tokens."""

    line: int
    address: str
    statements: list[list[str]]


def read_dhcpd_leases(path: Path, *, site: str | None = None) -> ScanResult:
    """Read an ISC dhcpd lease file; the last block per address is the current lease."""
    file = str(path)
    blocks, skipped = _blocks(path)
    last: dict[str, _Block] = {}
    for block in blocks:
        earlier = last.get(block.address)
        if earlier is not None:
            skipped.append(Skipped(f"line {earlier.line}", "superseded by the lease "
                                   f"declaration for {block.address} at line {block.line}"))
        last[block.address] = block
    observations: list[Observation] = []
    for block in sorted(last.values(), key=lambda b: b.line):
        observation = _lease(file, block, site)
        if isinstance(observation, Skipped):
            skipped.append(observation)
        else:
            observations.append(observation)
    skipped.sort(key=lambda s: int(s.where.split()[-1]))
    return ScanResult(tuple(observations), SourceKind.DHCP_LEASES, tuple(skipped))


def _lease(file: str, block: _Block, site: str | None) -> Observation | Skipped:
    where = f"line {block.line}"
    values = {s[0]: s[1:] for s in block.statements if s}
    state = " ".join(values.get("binding", [])[1:2]) or None  # binding state active
    hardware = values.get("hardware", [])
    raw_mac = hardware[1] if len(hardware) > 1 else None
    mac = normalize_mac(raw_mac)
    if state == "abandoned" or mac is None:
        reason = ("abandoned lease: the address answered a ping before it was leased, "
                  "so no client is known" if state == "abandoned" else "lease with no MAC")
        return Skipped(where, reason, f"lease {block.address}")
    fields: dict[str, str] = {}
    if state:
        fields["binding_state"] = state
    for statement in block.statements:
        if statement and statement[0] not in _MAPPED:
            key, value = _field(statement)
            fields[key] = value
    times = {k: _dhcpd_time(values.get(k, [])) for k in _TIMES}
    for key, when in times.items():
        if when is not None:
            fields[key] = when.isoformat()
    hostname = _unquote(values["client-hostname"][0]) if values.get("client-hostname") else None
    return Observation(
        source=SourceKind.DHCP_LEASES, file=file, where=where, mac=mac, ip=block.address,
        hostname=hostname or None, site=site,
        seen_at=times["cltt"] or times["starts"], fields=fields)


def _field(statement: list[str]) -> tuple[str, str]:
    """A statement as a ``fields`` entry: ``next binding state free`` -> (key, ``free``)."""
    if statement[0] in {"next", "rewind"} and statement[1:3] == ["binding", "state"]:
        size = 3
    elif statement[0] == "set" and len(statement) > 1:
        size = 2  # set vendor-class-identifier = "..."
    else:
        size = 1
    rest = statement[size:]
    return " ".join(statement[:size]), " ".join(_unquote(t) for t in rest if t != "=")


def _blocks(path: Path) -> tuple[list[_Block], list[Skipped]]:
    """The lease blocks of the file, and other device blocks (host, ia-na) as skipped."""
    blocks: list[_Block] = []
    skipped: list[Skipped] = []
    statement: list[tuple[str, int]] = []
    tokens = _tokens(path)
    for token, line in tokens:
        if token == ";":
            statement = []
        elif token == "{":
            head = [t for t, _ in statement]
            start = statement[0][1] if statement else line
            body = _body(path, tokens, start)
            if len(head) == 2 and head[0] == "lease":
                blocks.append(_Block(start, head[1], body))
            elif head and head[0] in {"host", "ia-na", "ia-ta", "ia-pd"}:
                skipped.append(Skipped(f"line {start}", f"{head[0]} declaration not read "
                                       "(offramp reads IPv4 lease declarations)",
                                       " ".join(head)))
            statement = []
        elif token == "}":
            raise SourceFormatError(str(path), f"line {line}", "'}' with no block open")
        else:
            statement.append((token, line))
    return blocks, skipped


def _body(path: Path, tokens: Iterator[tuple[str, int]], start: int) -> list[list[str]]:
    """The statements of a block up to its closing brace (nested blocks flattened)."""
    statements: list[list[str]] = []
    current: list[str] = []
    depth = 1
    for token, _line in tokens:
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0:
                return statements
        elif token == ";":
            if current:
                statements.append(current)
            current = []
        else:
            current.append(token)
    raise SourceFormatError(str(path), f"line {start}", "the declaration starting here is not "
                            "closed (a truncated file?)")


def _tokens(path: Path) -> Iterator[tuple[str, int]]:
    text = "\n".join(read_lines(path))
    line = 1
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token == "\n":
            line += 1
        elif not token.isspace() and not token.startswith("#"):
            if token == '"':  # a quote the pattern could not close
                raise SourceFormatError(str(path), f"line {line}", "unclosed quoted string")
            yield token, line
            line += token.count("\n")  # a quoted string may span lines


def _unquote(token: str) -> str:
    return token[1:-1] if len(token) >= 2 and token[0] == token[-1] == '"' else token


def _dhcpd_time(tokens: list[str]) -> dt.datetime | None:
    """``1 2024/03/04 08:12:45`` (weekday, UTC date and time) or ``epoch 1709539965``."""
    if len(tokens) >= 2 and tokens[0] == "epoch" and tokens[1].isdigit():
        return dt.datetime.fromtimestamp(int(tokens[1]), tz=dt.UTC)
    if len(tokens) >= 3:
        try:
            return dt.datetime.strptime(f"{tokens[1]} {tokens[2]}", _DHCPD_TIME).replace(
                tzinfo=dt.UTC)
        except ValueError:
            return None
    return None  # "never"


# -- dnsmasq ----------------------------------------------------------------------------------


def read_dnsmasq_leases(path: Path, *, site: str | None = None) -> ScanResult:
    """Read a dnsmasq lease file (``/var/lib/misc/dnsmasq.leases``)."""
    file = str(path)
    observations: list[Observation] = []
    skipped: list[Skipped] = []
    for number, raw in enumerate(read_lines(path), 1):
        line = raw.strip()
        if not line:
            continue
        parts = line.split()
        where = f"line {number}"
        if parts[0] == "duid":
            continue  # the server's own DHCPv6 identity, not a lease
        if len(parts) < 4 or not parts[0].isdigit():
            skipped.append(Skipped(where, "not a dnsmasq lease line", line))
            continue
        expiry, hw, ip, hostname = parts[:4]
        mac = normalize_mac(hw)
        if mac is None:
            reason = ("DHCPv6 lease (an IAID, no MAC)" if hw.isdigit() and _is_ipv6(ip)
                      else f"{hw!r} is not a MAC address")
            skipped.append(Skipped(where, reason, line))
            continue
        fields: dict[str, str] = {}
        expires = (dt.datetime.fromtimestamp(int(expiry), tz=dt.UTC)
                   if expiry != "0" else None)
        fields["expires"] = expires.isoformat() if expires else "never"
        if len(parts) > 4 and parts[4] != "*":
            fields["client_id"] = parts[4]
        observations.append(Observation(
            source=SourceKind.DHCP_LEASES, file=file, where=where, mac=mac, ip=ip,
            hostname=None if hostname == "*" else hostname, site=site,
            # The file records when a lease ends, not when it began: the lease was live
            # until then, the closest thing to a sighting the file holds.
            seen_at=expires, fields=fields))
    return ScanResult(tuple(observations), SourceKind.DHCP_LEASES, tuple(skipped))


def _is_ipv6(text: str) -> bool:
    try:
        return ipaddress.ip_address(text).version == 6
    except ValueError:
        return False


_DHCPD_HINT = re.compile(r"^\s*(?:lease\s+[0-9.]+\s*\{|authoring-byte-order\b|server-duid\b)",
                         re.MULTILINE)


def looks_like_dhcpd(text: str) -> bool:
    """True when ``text`` (the start of a file) reads as an ISC dhcpd lease file."""
    return bool(_DHCPD_HINT.search(text))


def looks_like_dnsmasq(text: str) -> bool:
    """True when the first lines of ``text`` read as dnsmasq lease lines."""
    lines = [line.split() for line in text.splitlines()[:20] if line.strip()]
    leases = [p for p in lines if p[0] != "duid"]
    # The last line may be cut by the sniffing window, so only the others must be whole.
    return bool(leases) and all(len(p) >= 4 and p[0].isdigit() for p in leases[:-1]) and \
        any(len(p) >= 2 and normalize_mac(p[1]) for p in leases)


def read_leases(path: Path, *, site: str | None = None) -> ScanResult:
    """Read a lease file of either server, telling them apart by content."""
    if looks_like_dhcpd("\n".join(read_lines(path)[:200])):
        return read_dhcpd_leases(path, site=site)
    return read_dnsmasq_leases(path, site=site)
