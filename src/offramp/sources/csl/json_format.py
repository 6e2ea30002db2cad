"""The CSL's JSON form as a registry module of its own (``FORMAT`` = ``us-csl-json``)."""

from __future__ import annotations

from offramp.sources.csl import JSON_FORMAT

FORMAT = JSON_FORMAT

__all__ = ["FORMAT"]
