"""Screening chunks of rows on every core, results in input order, memory bounded.

The screener is built once in the parent. Worker processes are forked where the platform can
fork, so they share its index copy-on-write instead of each building or unpickling their own;
elsewhere (spawn) it is pickled to each worker once, at start. Chunks of rows go out and come
back in input order, and only a few chunks per worker are in flight at any time: reading,
screening and writing move in step, so what the pipeline holds does not grow with the file
(the matcher's own caches in each worker fill up to their caps).

``multiprocessing.Pool.imap`` would give the order but not the bound -- its feeder thread reads
the whole input ahead -- hence a small window of futures here.

The parent remembers recent outcomes (:mod:`offramp.screening.repeats`): a name it has
screened is not sent again, and a worker gets only the distinct names of its chunk, as plain
tuples (a pickled dataclass costs ten times more to send than a tuple). It sends back one
outcome per name, None for the usual "clear".
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from typing import TypeVar

from offramp.model import OfframpError
from offramp.screening.batch import (
    CLEAR_OUTCOME,
    Outcome,
    RowResult,
    ScreeningOptions,
    screen_name,
)
from offramp.screening.repeats import DEFAULT_REMEMBERED, ChunkPlan, OutcomeCache, SearchKey
from offramp.screening.screener import Screener
from offramp.screening.subjects import Subject

DEFAULT_CHUNK_ROWS = 1000  # rows per chunk: one transaction, one task for a worker
IN_FLIGHT_PER_WORKER = 2  # chunks queued per worker: enough to keep it busy, no more
WARM_UP_NAME = "Golden Phoenix Trading Company"

T = TypeVar("T")
X = TypeVar("X")

# The worker's screener and options, set once per worker process by _init_worker.
_worker: tuple[Screener, ScreeningOptions] | None = None


def chunked(items: Iterable[X], size: int) -> Iterator[list[X]]:
    """Lists of ``size`` items (the last one shorter), read lazily."""
    if size < 1:
        raise ValueError("a chunk holds at least one row")
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def screen_chunks(screener: Screener, work: Iterable[tuple[T, Sequence[Subject]]],
                  options: ScreeningOptions, *, workers: int = 1, id_column: bool = True,
                  remember: int = DEFAULT_REMEMBERED,
                  in_flight: int = IN_FLIGHT_PER_WORKER) -> Iterator[tuple[T, list[RowResult]]]:
    """Screen each chunk of ``work``, yielding (its tag, its results) in the order given.

    The tag is passed through untouched (the caller's bookkeeping for the chunk). With
    ``workers`` > 1 the chunks are screened in that many processes; input of a single chunk is
    screened in this process, as is everything with ``workers`` = 1. The outcomes of the last
    ``remember`` distinct names are reused for rows that repeat them (0: none). At most
    ``in_flight`` chunks per worker are queued at a time: more keeps the workers busy while the
    caller is away longer between two chunks (storing several at once), at the cost of memory.
    """
    cache = OutcomeCache(remember)
    it = iter(work)
    head = list(itertools.islice(it, 2))
    if workers <= 1 or len(head) < 2:  # a pool costs more than it saves on one chunk
        for tag, subjects in itertools.chain(head, it):
            plan = ChunkPlan.of(subjects, cache)
            outcomes = [screen_name(screener, *query, options) for query in plan.queries]
            yield tag, plan.results(outcomes, cache, id_column)
        return
    yield from _in_pool(screener, itertools.chain(head, it), options, workers, id_column, cache,
                        max(in_flight, 1))


def pool_context() -> BaseContext:
    """fork where available (workers share the parent's screener), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


_Pending = tuple[T, ChunkPlan, "Future[list[Outcome | None]] | None"]


def _in_pool(screener: Screener, work: Iterator[tuple[T, Sequence[Subject]]],
             options: ScreeningOptions, workers: int, id_column: bool, cache: OutcomeCache,
             in_flight: int) -> Iterator[tuple[T, list[RowResult]]]:
    # Compiled (numba) kernels are compiled or loaded from their cache on first use: done once
    # here, the forked workers inherit them instead of each doing it again.
    with contextlib.suppress(OfframpError):
        screener.search(WARM_UP_NAME)
    # Objects that exist now are left alone by the collector from here on, in the parent and
    # in the forked children: a collection would otherwise write to every page of the shared
    # screener and turn copy-on-write into a full copy per worker.
    gc.freeze()
    pool = ProcessPoolExecutor(workers, mp_context=pool_context(), initializer=_init_worker,
                               initargs=(screener, options))
    pending: deque[_Pending[T]] = deque()

    def collect() -> tuple[T, list[RowResult]]:
        tag, plan, future = pending.popleft()
        found = _collect(future) if future is not None else []
        outcomes = [CLEAR_OUTCOME if o is None else o for o in found]
        return tag, plan.results(outcomes, cache, id_column)

    try:
        for tag, subjects in work:
            plan = ChunkPlan.of(subjects, cache)
            # A chunk with nothing left to search (stored by an earlier attempt, or only
            # names already screened) keeps its place in the order without a trip to a worker.
            pending.append((tag, plan, pool.submit(_screen_names, plan.queries)
                            if plan.queries else None))
            while len(pending) >= workers * in_flight:
                yield collect()
        while pending:
            yield collect()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


def _collect(future: Future[list[Outcome | None]]) -> list[Outcome | None]:
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise OfframpError("a screening worker process died (out of memory?); the rows "
                           "stored so far are kept, run the same command again to resume, "
                           "or use --workers 1") from exc


def _init_worker(screener: Screener, options: ScreeningOptions) -> None:
    global _worker
    _worker = (screener, options)


def _screen_names(queries: list[SearchKey]) -> list[Outcome | None]:
    """In a worker: the outcome of each (name, country, date of birth), None for clear."""
    assert _worker is not None, "worker not initialised"
    screener, options = _worker
    out: list[Outcome | None] = []
    for name, country, birth_date in queries:
        outcome = screen_name(screener, name, country, birth_date, options)
        out.append(None if outcome is CLEAR_OUTCOME else outcome)
    return out
