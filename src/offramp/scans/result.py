"""What a reader gives back: the observations, the format read, and what it left out."""

from __future__ import annotations

from dataclasses import dataclass

from offramp.model.device import Observation, SourceKind

#: The ``Observation.fields`` key holding a reader's notes on a record it kept but could not
#: read whole ("MAC 'n/a' is not a MAC address"). The leading underscore keeps it apart from
#: any column a file may have.
NOTE_FIELD = "_note"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record not turned into an observation: ``where`` it is, ``reason``, its ``text``."""

    where: str
    reason: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class ScanResult:
    """The observations read from one file, the format it was read as, and what was skipped."""

    observations: tuple[Observation, ...]
    kind: SourceKind
    skipped: tuple[Skipped, ...] = ()
