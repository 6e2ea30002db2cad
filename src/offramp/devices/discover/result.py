"""What a discovery run found, sent, refused and ignored."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from offramp.model import Observation
from offramp.scans.replies import observation_record


@dataclass(frozen=True, slots=True)
class Sent:
    """One packet or request that left: protocol, destination, port and what it was."""

    protocol: str  # onvif, sadp, dhip, http
    destination: str
    port: int
    what: str


@dataclass(slots=True)
class DiscoveryResult:
    """Observations from replies and device APIs, plus the run's own record.

    ``sent`` lists everything sent; ``refused`` the destinations the scope guard stopped
    (nothing sent to them); ``ignored`` replies from outside the named networks; ``errors``
    replies that could not be read and requests that failed.
    """

    observations: list[Observation] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready summary (observations in the saved-observation shape)."""
        return {
            "observations": [observation_record(o) for o in self.observations],
            "errors": list(self.errors),
            "refused": list(self.refused),
            "ignored": list(self.ignored),
            "sent": [{"protocol": s.protocol, "destination": s.destination, "port": s.port,
                      "what": s.what} for s in self.sent],
        }
