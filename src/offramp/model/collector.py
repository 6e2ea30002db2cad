"""The cyclic garbage collector, paused while many long-lived objects are made at once.

Building the index of the bundled lists makes about a million objects (entities, names,
tokens, key tables) and reloading it from its cache 136,000 dataclass instances and their
strings and tuples. Each few hundred allocations start a collection, and the older
generations' collections walk every object made so far: measured on this project's 2-core
machine, a third of the build's time and two thirds of the reload's went to walks that
found nothing to free (`bench/match_speed.py` prints both). Reference counting still frees
everything it can while paused; only cycles wait for the collector to resume.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, then resume it -- unless it was
    paused already (by the caller, or by an enclosing block, which resumes it itself)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
