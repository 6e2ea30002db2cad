"""Typed, immutable data shared by every layer."""

from offramp.model.dates import DateValue, PartialDate
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
    "Entity",
    "FeatureScore",
    "Identifier",
    "Link",
    "ListSnapshot",
    "Match",
    "Name",
    "NameKind",
    "OfframpError",
    "PartialDate",
    "Schema",
    "SourceFormatError",
    "StoreError",
    "UnsafeInputError",
    "UnscreenableError",
    "UpdateError",
]
