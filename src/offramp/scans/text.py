"""Reading the line-oriented exports (leases, ARP and MAC tables) as text.

These files come from shells on Linux, macOS, Windows and switch consoles: UTF-8, a Windows
code page, or UTF-16 when PowerShell redirected the output (``arp -a > arp.txt``). Binary
data is refused up front rather than read as garbage lines.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from offramp.model import SourceFormatError
from offramp.sources.files import decode_text, read_bytes

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def looks_binary(data: bytes) -> bool:
    """True when ``data`` holds NUL bytes and is not UTF-16 text (a BOM says so)."""
    return b"\x00" in data and not data.startswith(_UTF16_BOMS)


def decode_export(path: Path, data: bytes) -> str:
    """``data`` as text: UTF-16 with a BOM, UTF-8, else cp1252 or latin-1 (never fails)."""
    if looks_binary(data[:8192]):
        raise SourceFormatError(str(path), None, "binary data, not a text export")
    if data.startswith(_UTF16_BOMS):
        return decode_text(path, data, ("utf-16",))
    return decode_text(path, data, ("utf-8", "cp1252", "latin-1"))


def read_lines(path: Path) -> list[str]:
    """The lines of ``path`` without their line ends (LF, CRLF or CR)."""
    text = decode_export(path, read_bytes(path))
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
