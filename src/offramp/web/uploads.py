"""Files to screen arriving over HTTP: stored under server-made names, checked before use.

An upload is untrusted. Its size is capped twice: the request body by
:class:`~offramp.web.body_limit.BodyLimit` before it is parsed, and the file here as it is
copied. The file is stored as ``<random hex><ending>`` in the uploads folder: the client's file
name only chooses the format (from its ending) and is kept as a label, never as a path. Rows
are counted before a run starts, so a file over the row cap is refused without screening any of
it; a workbook that would unpack too far or too much is refused by
:func:`~offramp.screening.subjects.open_subjects` before openpyxl opens it.

JSON rows (``{"rows": [{"name": ...}, ...]}``) are written to a JSON lines file the same way,
so both paths screen through the same reader.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import IO

from offramp.model import OfframpError, UnsafeInputError
from offramp.screening.subjects import EXTENSIONS, SubjectFile, open_subjects

COPY_CHUNK = 1 << 16
MAX_LABEL_CHARS = 120


class UploadError(OfframpError):
    """An upload refused; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class StoredUpload:
    """An upload on disk, opened for screening: the file, its rows, and the client's label."""

    path: Path
    label: str
    subjects: SubjectFile
    rows: int

    def discard(self) -> None:
        """Remove the stored file (the run keeps its sha256)."""
        with contextlib.suppress(OSError):
            self.path.unlink()


def label_of(filename: str | None) -> str:
    """The client's file name as a label: its last part, without control characters, short."""
    name = PurePath((filename or "upload").replace("\\", "/")).name
    clean = "".join(ch for ch in name if ch.isprintable())[:MAX_LABEL_CHARS]
    return clean or "upload"


def ending_of(label: str, format: str | None) -> str:
    """The file ending to store under: from ``format`` if given, else the label's ending."""
    given = format.strip().lower().lstrip(".") if format else None
    ending = f".{given}" if given else PurePath(label).suffix.lower()
    if ending not in EXTENSIONS:
        known = ", ".join(sorted(EXTENSIONS))
        raise UploadError(f"{label}: cannot tell the file's format from its name (endings "
                          f"understood: {known}); send a format field", 415)
    return ending


def save_stream(source: IO[bytes], folder: Path, ending: str, max_bytes: int) -> Path:
    """Copy ``source`` to a new file with a random name; UploadError (413) past ``max_bytes``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{secrets.token_hex(16)}{ending}"
    written = 0
    try:
        with path.open("xb") as out:
            while chunk := source.read(COPY_CHUNK):
                written += len(chunk)
                if written > max_bytes:
                    raise UploadError(f"the file is larger than {max_bytes:,} bytes, the most "
                                      "accepted", 413)
                out.write(chunk)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    if written == 0:
        path.unlink()
        raise UploadError("the file is empty")
    return path


def save_rows(rows: Iterable[Mapping[str, object]], folder: Path) -> Path:
    """JSON rows written as a JSON lines file with a random name."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{secrets.token_hex(16)}.jsonl"
    with path.open("x", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(dict(row), ensure_ascii=False) + "\n")
    return path


def open_upload(path: Path, label: str, *, max_rows: int, max_expanded_bytes: int,
                name_column: str | None = None) -> StoredUpload:
    """Open a stored upload for screening and count its rows; the file is removed on error.

    Error messages name the client's label, never the server's path.
    """
    try:
        subjects = open_subjects(path, name_column=name_column or None,
                                 max_expanded_bytes=max_expanded_bytes)
        # Counted to one past the cap, before anything is screened or stored.
        rows = sum(1 for _ in itertools.islice(subjects, max_rows + 1))
    except OfframpError as exc:
        with contextlib.suppress(OSError):
            path.unlink()
        message = str(exc).replace(str(path), label)
        raise UploadError(message, 413 if isinstance(exc, UnsafeInputError) else 400) from None
    if rows > max_rows:
        path.unlink()
        raise UploadError(f"{label}: more than {max_rows:,} rows, the most accepted in one "
                          "upload; split the file", 413)
    if rows == 0:
        path.unlink()
        raise UploadError(f"{label}: no rows to screen (only a header)")
    return StoredUpload(path, label, subjects, rows)
