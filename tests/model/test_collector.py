"""model.collector: the cyclic collector paused while many long-lived objects are made,
and what becomes of them when it resumes (aged, or kept frozen)."""

from __future__ import annotations

import gc
import weakref

import pytest

from offramp.model.collector import AGE_MIN_OBJECTS, collector_paused, keep_frozen


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> weakref.ref[_Node]:
    """A reference cycle that nothing else uses (garbage only the collector can free)."""
    first, second = _Node(), _Node()
    first.other, second.other = second, first
    return weakref.ref(first)


@pytest.fixture(autouse=True)
def _clean_generations() -> object:
    """Each test starts with nothing frozen and the collector on, and leaves it so."""
    gc.unfreeze()
    gc.collect()
    yield
    gc.enable()
    gc.unfreeze()
    gc.collect()


def test_the_pause_nests_and_resumes_after_an_error() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # only the outermost block resumes it
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_off_before_the_block_stays_off() -> None:
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_cycles_made_while_paused_are_still_freed() -> None:
    with collector_paused():
        alive = _cycle()
        gc.collect()  # an explicit collection still runs while paused
        assert alive() is None
        alive = _cycle()
        kept = [[] for _ in range(AGE_MIN_OBJECTS)]  # (enough objects to be aged)
    assert gc.get_freeze_count() == 0  # aged, not left frozen
    assert alive() is not None  # aged with the rest when the pause ended, not walked
    gc.collect()
    assert alive() is None
    del kept


def test_a_block_that_made_little_leaves_frozen_objects_frozen() -> None:
    kept = [[] for _ in range(1000)]
    keep_frozen()  # (outside any block: frozen at once)
    frozen = gc.get_freeze_count()
    assert frozen >= 1000
    with collector_paused():
        made = [[] for _ in range(100)]
    assert gc.get_freeze_count() == frozen  # not unfrozen by an ageing
    assert gc.isenabled()
    del kept, made


def test_keep_frozen_inside_a_block_freezes_what_the_blocks_made_until_they_end() -> None:
    with collector_paused():
        with collector_paused():
            before = [[] for _ in range(1000)]
            keep_frozen()
            frozen = gc.get_freeze_count()
        after = [[] for _ in range(AGE_MIN_OBJECTS)]  # (would be aged without keep_frozen)
    assert gc.isenabled()
    assert gc.get_freeze_count() > frozen + AGE_MIN_OBJECTS // 2  # frozen, not aged
    # the next block, without keep_frozen, ages again
    with collector_paused():
        more = [[] for _ in range(AGE_MIN_OBJECTS)]
    assert gc.get_freeze_count() == 0
    del before, after, more
