"""Opt-in, read-only discovery of cameras and recorders on networks the user names.

:func:`discover` sends only the documented discovery probes (WS-Discovery, SADP, DHIP) and,
with user-supplied credentials, only read requests to the devices' own APIs; every
destination is checked against the named networks before anything is sent
(:mod:`.scope`). Replies become :class:`~offramp.model.Observation` records through the same
readers as saved replies (:mod:`offramp.scans.replies`).
"""

from __future__ import annotations

from offramp.devices.discover.credentials import Credentials
from offramp.devices.discover.probes import PROTOCOLS, Ports
from offramp.devices.discover.result import DiscoveryResult, Sent
from offramp.devices.discover.run import discover
from offramp.devices.discover.scope import (
    DEFAULT_MAX_ADDRESSES,
    DiscoveryError,
    Scope,
    ScopeError,
)

__all__ = [
    "DEFAULT_MAX_ADDRESSES",
    "PROTOCOLS",
    "Credentials",
    "DiscoveryError",
    "DiscoveryResult",
    "Ports",
    "Scope",
    "ScopeError",
    "Sent",
    "discover",
]
