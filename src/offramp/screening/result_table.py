"""Screening results as a flat table: one line per input row, for the result files.

Every input row is exactly one line, whatever its outcome, so a file of N subjects gives N
result lines and can be joined back to the input by ``row`` or ``subject_id``. A matched row
shows its best match in the match columns and the others, briefly, in ``other_matches``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from offramp.screening.batch import Hit, RowResult
from offramp.screening.exports import NumericKind

COLUMNS: tuple[str, ...] = (
    "row", "subject_id", "name", "country", "birth_date", "status", "reason",
    "match_count", "score", "basis", "source", "source_list", "entity_id", "entity_name",
    "matched_name", "programs", "explanation", "allow_listed_by_decision", "other_matches",
    "list_version", "list_date", "threshold", "algorithm", "run_id",
)

NUMERIC: Mapping[str, NumericKind] = {
    "row": "int", "match_count": "int", "score": "float", "allow_listed_by_decision": "int",
    "list_version": "int", "threshold": "float", "run_id": "int",
}


@dataclass(frozen=True, slots=True)
class ResultTable:
    """Turns row results into table lines, with what is the same for the whole run.

    ``list_dates`` maps each source to its publisher's date (text), shown next to a match.
    """

    run_id: int | None
    threshold: float
    algorithm: str
    list_dates: Mapping[str, str | None] = field(default_factory=dict)

    def line(self, result: RowResult) -> dict[str, Any]:
        """One result as a mapping from :data:`COLUMNS` to values."""
        line: dict[str, Any] = {
            "row": result.row_number, "subject_id": result.subject_id, "name": result.name,
            "country": result.country, "birth_date": result.birth_date,
            "status": result.status, "reason": result.reason,
            "match_count": len(result.matches), "threshold": self.threshold,
            "algorithm": self.algorithm, "run_id": self.run_id,
        }
        if result.matches:
            best, *others = result.matches
            line.update({
                "score": best.score, "basis": best.basis, "source": best.source,
                "source_list": best.source_list,
                "entity_id": best.entity_id, "entity_name": best.entity_name,
                "matched_name": best.matched_name, "programs": ", ".join(best.programs),
                "explanation": best.explanation, "allow_listed_by_decision": best.allowed_by,
                "other_matches": " | ".join(brief(h) for h in others) or None,
                "list_version": best.list_version,
                "list_date": self.list_dates.get(best.source),
            })
        return line


def brief(hit: Hit) -> str:
    """A match in a few words: score, list, entry id and name."""
    allowed = f" (allow-listed by decision {hit.allowed_by})" if hit.allowed_by else ""
    basis = "" if hit.basis == "listed" else f" ({hit.basis})"
    return f"{hit.score:.2f} {hit.source} #{hit.entity_id} {hit.entity_name}{basis}{allowed}"
