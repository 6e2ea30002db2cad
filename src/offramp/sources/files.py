"""File access shared by readers: transparent gzip, sibling files, content hashes.

Bundled list files are stored gzip-compressed as package data; readers see the same bytes
as with the publisher's original, and the content hash is of the uncompressed bytes so a
bundled file and the publisher's file hash alike.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from offramp.model import SourceFormatError

GZIP_MAGIC = b"\x1f\x8b"


def open_binary(path: Path) -> BinaryIO:
    """Open ``path`` for reading bytes, decompressing gzip files on the fly."""
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise SourceFormatError(str(path), None, f"cannot open: {exc.strerror}") from exc
    magic = raw.read(2)
    raw.seek(0)
    if magic == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


def read_bytes(path: Path) -> bytes:
    """All bytes of ``path`` (decompressed), with truncated gzip reported clearly."""
    with open_binary(path) as fh:
        try:
            return fh.read()
        except (EOFError, gzip.BadGzipFile, OSError) as exc:
            raise SourceFormatError(str(path), None, f"truncated or corrupt gzip: {exc}") from exc


def head(path: Path, size: int = 4096) -> bytes:
    """The first ``size`` bytes (decompressed), for format sniffing."""
    with open_binary(path) as fh:
        try:
            return fh.read(size)
        except (EOFError, gzip.BadGzipFile, OSError):
            return b""


def decode_text(path: Path, data: bytes, encodings: Sequence[str] = ("utf-8",)) -> str:
    """Decode ``data`` trying ``encodings`` in order, dropping a UTF-8 BOM.

    A file that none of them decodes is a format error naming the first bad byte's offset,
    never silently mangled text.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    first_error: UnicodeDecodeError | None = None
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    assert first_error is not None
    raise SourceFormatError(
        str(path), f"byte {first_error.start}",
        f"not valid {' or '.join(encodings)} text ({first_error.reason})",
    )


def text_stream(path: Path, encoding: str = "utf-8") -> io.TextIOWrapper:
    """A text stream over ``path`` (decompressed); decoding errors surface on read."""
    return io.TextIOWrapper(open_binary(path), encoding=encoding, newline="")


def sibling(path: Path, name: str) -> Path | None:
    """The file called ``name`` beside ``path``, matched case-insensitively, plain or ``.gz``.

    OFAC serves ``SDN.CSV`` while archives hold ``sdn.csv``; the bundled copy is
    ``sdn.csv.gz``. Returns None when there is no such file.
    """
    wanted = {name.lower(), name.lower() + ".gz"}
    try:
        for candidate in sorted(path.parent.iterdir()):
            if candidate.name.lower() in wanted and candidate.is_file():
                return candidate
    except OSError:
        return None
    return None


def file_sha256(path: Path) -> str:
    """sha256 (hex) of a file's bytes as stored, read in chunks (the file may be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def content_sha256(paths: Sequence[Path]) -> str:
    """sha256 identifying a publication.

    One file: the sha256 of its (uncompressed) bytes, as published. Several files: the sha256
    of ``"<lower-case name without .gz> <sha256>\\n"`` lines in the given order.
    """
    digests = [(p.name.lower().removesuffix(".gz"), hashlib.sha256(read_bytes(p)).hexdigest())
               for p in paths]
    if len(digests) == 1:
        return digests[0][1]
    lines = "".join(f"{name} {digest}\n" for name, digest in digests)
    return hashlib.sha256(lines.encode()).hexdigest()
