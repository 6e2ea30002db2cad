"""Pausing Python's cyclic garbage collector while an estate's objects are made.

Identifying (and reading and merging) a million-row inventory makes millions of small
objects -- observations, devices, evidence, identifications -- none of them in reference
cycles, all of them kept. Each time enough objects have been made the collector walks the
young ones, and ever more often the whole heap: on the benchmark the collector took about
half the time of :meth:`~offramp.fingerprint.Identifier.identify_many` and of the
asset-register reader (docs/devices.md, Benchmark). Reference counting still frees every
object as usual while the collector is paused; only cycles wait until it resumes.
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


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the ``with`` block, then resume it if it was on.

    Nests, and is exact across threads: the collector resumes when the last running block
    ends, and only if it was on when the first one started.
    """
    global _depth, _resume
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
            if _depth == 0 and _resume:
                _age_survivors()
                gc.enable()


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

