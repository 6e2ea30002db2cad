"""Names a batch has already screened: each repeat is answered from memory, not searched again.

Real files repeat names (the same supplier under several ids, common person names, the same
company in several rows), and screening a name costs a hundred times more than remembering its
outcome. The outcome of a row depends only on its name, country and date of birth (the run's
options are fixed), so rows that agree on all three share one search. The key is the exact
text: two spellings that the matcher would fold together are still searched once each, which
keeps this layer independent of how the matcher normalises.

The memory is bounded (least recently used names are forgotten first), so it does not grow
with the file; a name seen again after being forgotten is simply searched again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

from offramp.screening.batch import Outcome, RowResult, row_result, unscreened
from offramp.screening.subjects import Subject

DEFAULT_REMEMBERED = 100_000  # names remembered: some 25 MB, a quarter of 1M generated rows

SearchKey = tuple[str, str | None, str | None]
"""What a row's outcome depends on: (name, country, date of birth), as read."""


class OutcomeCache:
    """The outcomes of the last ``size`` distinct search keys, least recently used dropped."""

    def __init__(self, size: int = DEFAULT_REMEMBERED) -> None:
        self.size = size
        self.hits = 0
        self._outcomes: OrderedDict[SearchKey, Outcome] = OrderedDict()

    def __len__(self) -> int:
        return len(self._outcomes)

    def get(self, key: SearchKey) -> Outcome | None:
        """The remembered outcome for ``key`` (now the most recently used), or None."""
        outcome = self._outcomes.get(key)
        if outcome is not None:
            self._outcomes.move_to_end(key)
            self.hits += 1
        return outcome

    def put(self, key: SearchKey, outcome: Outcome) -> None:
        """Remember ``outcome`` for ``key``, forgetting the oldest key when full."""
        if self.size <= 0:
            return
        self._outcomes[key] = outcome
        self._outcomes.move_to_end(key)
        if len(self._outcomes) > self.size:
            self._outcomes.popitem(last=False)


@dataclass(slots=True)
class ChunkPlan:
    """A chunk of rows split into what is already known and the distinct names to search.

    ``known`` has one item per row: its outcome when known now (a remembered name, a row the
    reader could not decode), else the index of its name in ``queries``. A name repeated
    within the chunk is searched once.
    """

    subjects: Sequence[Subject]
    known: list[Outcome | int] = field(default_factory=list)
    queries: list[SearchKey] = field(default_factory=list)

    @classmethod
    def of(cls, subjects: Sequence[Subject], cache: OutcomeCache) -> ChunkPlan:
        """Plan ``subjects`` against what ``cache`` remembers."""
        plan = cls(subjects)
        known, queries = plan.known, plan.queries
        index: dict[SearchKey, int] = {}
        for subject in subjects:
            if subject.problem is not None:  # never searched: the row itself is unreadable
                known.append(unscreened(subject.problem))
                continue
            key = (subject.name, subject.country, subject.birth_date)
            outcome = cache.get(key)
            if outcome is not None:
                known.append(outcome)
                continue
            position = index.get(key)
            if position is None:
                position = index[key] = len(queries)
                queries.append(key)
            known.append(position)
        return plan

    def results(self, outcomes: Sequence[Outcome], cache: OutcomeCache,
                id_column: bool) -> list[RowResult]:
        """The rows' results, given the outcome of each query (in order); remembers them."""
        if len(outcomes) != len(self.queries):
            raise ValueError(f"{len(outcomes)} outcomes for {len(self.queries)} queries")
        for key, outcome in zip(self.queries, outcomes, strict=True):
            cache.put(key, outcome)
        return [row_result(subject, outcomes[k] if isinstance(k, int) else k, id_column)
                for subject, k in zip(self.subjects, self.known, strict=True)]
