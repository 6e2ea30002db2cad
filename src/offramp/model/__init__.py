"""Typed, immutable data shared by every layer."""

from offramp.model.dates import DateValue, PartialDate
from offramp.model.device import (
    Device,
    Evidence,
    Identification,
    Instrument,
    Observation,
    SourceKind,
    normalize_mac,
)
from offramp.model.entity import Address, Entity, Identifier, Link, Name, NameKind, Schema
from offramp.model.errors import (
    OfframpError,
    SourceFormatError,
    StoreError,
    UnsafeInputError,
    UpdateError,
)
from offramp.model.match import FeatureScore, Match, UnscreenableError
from offramp.model.snapshot import ListSnapshot

__all__ = [
    "Address",
    "DateValue",
    "Device",
    "Entity",
    "Evidence",
    "FeatureScore",
    "Identification",
    "Identifier",
    "Instrument",
    "Link",
    "ListSnapshot",
    "Match",
    "Name",
    "NameKind",
    "Observation",
    "OfframpError",
    "PartialDate",
    "Schema",
    "SourceFormatError",
    "SourceKind",
    "StoreError",
    "UnsafeInputError",
    "UnscreenableError",
    "UpdateError",
    "normalize_mac",
]
