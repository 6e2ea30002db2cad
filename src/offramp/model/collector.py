"""Pausing Python's cyclic garbage collector while many long-lived objects are made.

Identifying (and reading and merging) a million-row inventory makes millions of small
objects -- observations, devices, evidence, identifications -- and building the screener of
the bundled lists about a million (entities, names, tokens, key tables; reloading it from
its cache 136,000 dataclass instances and their strings and tuples). None are in reference
cycles and all are kept, yet each time enough objects have been made the collector walks
the young ones, and ever more often the whole heap: the collector took about half the time
of :meth:`~offramp.fingerprint.Identifier.identify_many` and of the asset-register reader
(docs/devices.md, Benchmark), a third of the screener's build and two thirds of its reload
(docs/matching.md, section 4). Reference counting still frees every object as usual while
the collector is paused; only cycles wait until it resumes.

What happens to the objects made when the last pause ends: by default they are aged into
the oldest generation (:func:`_age_survivors`); after :func:`keep_frozen` -- a screener, which
is kept for as long as the process screens -- everything is left frozen out of the walks.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Blocks may nest and run in several threads (a web server may import estates in worker
# threads): the first block to start pauses the collector, the last to end resumes it.
_lock = threading.Lock()
_depth = 0
_resume = False
_keep = False  # keep_frozen was called inside the running blocks
# Objects made (less those freed) while paused from which the last block to end ages them:
# fewer cost the first collection a few milliseconds, and ageing unfreezes what was frozen
# (a screener: keep_frozen), so a block that made little (saving a screener) leaves it be.
AGE_MIN_OBJECTS = 100_000


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the ``with`` block, then resume it if it was on.

    Nests, and is exact across threads: the collector resumes when the last running block
    ends, and only if it was on when the first one started. The objects the blocks made
    are then aged (:func:`_age_survivors`, when ``AGE_MIN_OBJECTS`` or more are left) or,
    after :func:`keep_frozen`, left frozen.
    """
    global _depth, _resume, _keep
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                if _keep:
                    gc.freeze()  # (what the blocks made after keep_frozen stays out too)
                    _keep = False
                elif _resume and gc.get_count()[0] >= AGE_MIN_OBJECTS:
                    _age_survivors()
                if _resume:
                    gc.enable()


def keep_frozen() -> None:
    """Take every object made so far out of the collector's walks for good (``gc.freeze``),
    and, inside a :func:`collector_paused` block, everything the running blocks make until
    the last of them ends (which then freezes rather than ages them).

    For objects kept as long as the process runs, such as a screener's hundreds of
    thousands: once frozen, later collections never walk them. Reference counting still
    frees a frozen object when nothing uses it; only one in a reference cycle would stay,
    so collect young cycles first (``gc.collect(1)``) when some may be garbage.
    """
    global _keep
    with _lock:
        gc.freeze()
        if _depth:
            _keep = True


def _age_survivors() -> None:
    """Count every object made so far as long-lived, without walking them.

    Left young, the objects made while paused (millions, for a large estate) would all be
    walked by the first collection after resuming -- and again by the next middle-aged one:
    a pause of seconds at the next allocation, wherever that is. ``freeze`` moves every
    tracked object to the permanent generation and ``unfreeze`` moves them all to the oldest
    one, both without a walk: they are then examined, and any cycles among them freed, by
    the next full collection, which the collector schedules by its usual rule.
    """
    gc.freeze()
    gc.unfreeze()

