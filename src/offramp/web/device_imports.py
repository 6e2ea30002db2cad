"""Estate files arriving over HTTP, identified and stored as one device assessment.

The web's ``offramp devices FILE...``: each uploaded file (asset register, nmap XML, DHCP
leases, ARP / neighbour or MAC address table, saved discovery or device-API replies) is stored
under a server-made name, read with :mod:`offramp.scans` (format recognised from its content),
the devices merged and identified (:func:`offramp.devices.inventory.assess_files`) and the
assessment stored by :class:`~offramp.store.devices.DeviceStore`, which writes its audit record.
It is all or nothing: one bad file refuses the whole import (nothing stored) with the reader's
error naming the file, by the client's name, and the place in it. The stored files are deleted
when the import ends; the assessment keeps their SHA-256.

Caps, as for files to screen: the request body and each file (``max_upload_bytes``), the
number of files, the observations read (``max_rows``), and a workbook's unpacked size
(``max_xlsx_expanded_bytes``, checked before any reader opens it; the expansion ratio is capped
as for every XLSX).
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import IO, Any

from offramp.devices.inventory import Estate, assess_files, make_identifier
from offramp.model import OfframpError, SourceFormatError, SourceKind, UnsafeInputError
from offramp.sources.files import file_sha256
from offramp.sources.xlsx_guard import check_zip
from offramp.store import ListStore
from offramp.store.devices import Assessment, DeviceStore
from offramp.web.config import WebConfig
from offramp.web.uploads import UploadError, label_of, save_stream

MAX_FILES = 20  # an estate is a few registers and scans; more is not one import
MAX_IMPORTING = 2  # imports at once per process; each holds its files and devices in memory
_ZIP_MAGIC = b"PK\x03\x04"
# The client's ending is kept (the readers take it as a hint: ``.leases``, ``.csv``), but only
# when it is a plain one: the stored name is made by the server either way.
_ENDING = re.compile(r"\.[a-z0-9]{1,10}")


class DeviceImportError(UploadError):
    """An import refused; names the file (the client's name) and the place when a reader
    refused it."""

    def __init__(self, message: str, status: int = 422, *, file: str | None = None,
                 where: str | None = None) -> None:
        super().__init__(message, status)
        self.file = file
        self.where = where

    def to_json(self) -> dict[str, Any]:
        """The error as the API answers it."""
        return {"detail": str(self), "file": self.file, "where": self.where}


@dataclass(frozen=True, slots=True)
class IncomingFile:
    """An uploaded file: the client's name and its stream."""

    filename: str | None
    stream: IO[bytes]


@dataclass(frozen=True, slots=True)
class DeviceImport:
    """A stored import: the assessment and what each file gave."""

    assessment: Assessment
    estate: Estate
    labels: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """As ``POST /devices/imports`` answers it."""
        a = self.assessment
        return {
            "assessment": a.id, "created_at": a.created_at, "created_by": a.created_by,
            "registry_date": a.registry_date, "summary": dict(a.summary),
            "files": [{"name": label, "kind": f.kind.value, "observations": f.observations,
                       "skipped": len(f.skipped),
                       "skipped_records": [{"where": s.where,
                                            "reason": s.reason.replace(f.path, label)}
                                           for s in f.skipped[:20]]}
                      for label, f in zip(self.labels, self.estate.files, strict=True)],
            "summary_url": f"/devices/summary?assessment={a.id}",
            "devices_url": f"/devices?assessment={a.id}",
        }


class DeviceImports:
    """Runs imports, at most :data:`MAX_IMPORTING` at once in this process."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self._slots = threading.BoundedSemaphore(MAX_IMPORTING)

    def run(self, store: ListStore, files: Sequence[IncomingFile], actor: str, *,
            site: str | None = None, kind: str | None = None) -> DeviceImport:
        """Store, read, identify and save ``files`` as one assessment by ``actor``."""
        if not files:
            raise DeviceImportError("send one or more estate files in form fields called "
                                    "'file'", 400)
        if len(files) > MAX_FILES:
            raise DeviceImportError(f"{len(files)} files in one import; at most {MAX_FILES} "
                                    "are accepted", 413)
        source_kind = _kind(kind)
        if not self._slots.acquire(blocking=False):
            raise DeviceImportError(f"{MAX_IMPORTING} imports are running already; try again "
                                    "when one has finished", 429)
        saved: list[tuple[Path, str]] = []
        try:
            for incoming in files:
                label = label_of(incoming.filename)
                saved.append((self._save(incoming, label), label))
            return self._assess(store, saved, actor, site, source_kind)
        finally:
            for path, _label in saved:
                with contextlib.suppress(OSError):
                    path.unlink()
            self._slots.release()

    def _save(self, incoming: IncomingFile, label: str) -> Path:
        config = self.config
        suffix = PurePath(label).suffix.lower()
        ending = suffix if _ENDING.fullmatch(suffix) else ""
        try:
            path = save_stream(incoming.stream, config.uploads_dir, ending,
                               config.max_upload_bytes)
        except UploadError as exc:
            raise DeviceImportError(f"{label}: {exc}", exc.status, file=label) from None
        with path.open("rb") as fh:
            if fh.read(4) == _ZIP_MAGIC:
                fh.seek(0)
                try:
                    check_zip(path, fh, config.max_xlsx_expanded_bytes)
                except UnsafeInputError as exc:
                    raise DeviceImportError(_relabel(str(exc), path, label), 413,
                                            file=label) from None
        return path

    def _assess(self, store: ListStore, saved: Sequence[tuple[Path, str]], actor: str,
                site: str | None, kind: SourceKind | None) -> DeviceImport:
        labels = {str(path): label for path, label in saved}
        try:
            estate = assess_files([p for p, _ in saved], make_identifier(self.config.home),
                                  kind=kind, site=site)
        except SourceFormatError as exc:
            label = labels.get(exc.path, "upload")
            problem = _relabel(exc.problem, Path(exc.path), label)
            place = f" at {exc.where}" if exc.where else ""
            raise DeviceImportError(f"{label}{place}: {problem}", file=label,
                                    where=exc.where) from None
        except OfframpError as exc:
            message = str(exc)
            for path, label in saved:
                message = _relabel(message, path, label)
            raise DeviceImportError(message) from None
        observations = sum(f.observations for f in estate.files)
        if observations > self.config.max_rows:
            raise DeviceImportError(f"{observations:,} records read, more than the "
                                    f"{self.config.max_rows:,} accepted in one import; split "
                                    "the files", 413)
        inputs = [{"path": label, "sha256": file_sha256(path), "kind": f.kind.value,
                   "observations": f.observations, "skipped": len(f.skipped), "via": "web"}
                  for (path, label), f in zip(saved, estate.files, strict=True)]
        # Evidence cites the file it came from: by the client's name, not the server's path.
        names = {str(path): label for path, label in saved}
        records = [_relabelled(d.to_json(), names) for d in estate.devices]
        for record in records:
            record["sources"] = sorted(record["sources"])  # sorted, as the CLI stores them
        assessment = DeviceStore(store).save(inputs, estate.registry_date, estate.summary,
                                             records, actor)
        return DeviceImport(assessment, estate, tuple(label for _, label in saved))


def _kind(text: str | None) -> SourceKind | None:
    if not text or not text.strip():
        return None
    try:
        return SourceKind(text.strip())
    except ValueError:
        known = ", ".join(k.value for k in SourceKind)
        raise DeviceImportError(f"unknown kind {text.strip()!r} (kinds: {known})") from None


def _relabel(message: str, path: Path, label: str) -> str:
    """The message with the server's path of a file replaced by the client's name for it."""
    return message.replace(str(path), label).replace(path.name, label)


def _relabelled(value: Any, names: dict[str, str]) -> Any:
    """``value`` (a JSON record) with every server path in ``names`` replaced by its label."""
    if isinstance(value, str):
        for path, label in names.items():
            value = value.replace(path, label)
        return value
    if isinstance(value, list):
        return [_relabelled(v, names) for v in value]
    if isinstance(value, dict):
        return {k: _relabelled(v, names) for k, v in value.items()}
    return value


