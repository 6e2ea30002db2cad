"""FollowTheMoney ``Ownership`` edges, kept for ownership analysis (the 50% rule).

They are not list entries, so they travel in ``ParsedList.extras["ownership"]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Ownership:
    """``owner_id`` owns (part of) ``asset_id``.

    ``percentage`` is the share in percent when the source states a number (``"49"`` ->
    49.0), ``percentage_text`` the value as written; names are the captions found in the
    same file (None when the party is not in it). Dates are ISO text, possibly partial.
    """

    id: str
    owner_id: str
    asset_id: str
    owner_name: str | None = None
    asset_name: str | None = None
    percentage: float | None = None
    percentage_text: str | None = None
    shares_count: str | None = None
    role: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    source_url: str | None = None
    datasets: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id, "owner_id": self.owner_id, "asset_id": self.asset_id,
            "owner_name": self.owner_name, "asset_name": self.asset_name,
            "percentage": self.percentage, "percentage_text": self.percentage_text,
            "shares_count": self.shares_count, "role": self.role,
            "start_date": self.start_date, "end_date": self.end_date,
            "source_url": self.source_url, "datasets": list(self.datasets),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Ownership:
        """Reverse of :meth:`to_dict`."""
        return cls(**{**data, "datasets": tuple(data.get("datasets", ()))})
