"""A large screener is kept out of the cyclic collector's walks, and a dropped one is freed."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from offramp.model import Entity, Name, Schema
from offramp.screening import screener as screener_module
from offramp.screening.screener import Screener

ENTITIES = [
    Entity(id="1", schema=Schema.COMPANY, source="test",
           names=(Name("HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."), Name("HIKVISION"))),
    Entity(id="2", schema=Schema.PERSON, source="test", names=(Name("MADURO MOROS, Nicolas"),)),
]


@pytest.fixture
def collector_paused() -> Iterator[None]:
    """Only reference counting frees objects while the test runs."""
    was = gc.isenabled()
    gc.disable()
    yield
    if was:
        gc.enable()


def _walked(obj: object) -> bool:
    """Whether the collector's walks see ``obj`` (frozen objects are in no generation)."""
    return any(o is obj for o in gc.get_objects())


def test_the_bundled_screener_is_frozen(bundled: Screener) -> None:
    assert len(bundled.names) >= screener_module.SETTLE_MIN_NAMES
    assert gc.get_freeze_count() > 0
    assert not _walked(bundled.packed)
    assert not _walked(bundled.entities)


def test_a_small_screener_is_left_to_the_collector() -> None:
    small = Screener.from_entities(ENTITIES)
    assert _walked(small.entities)


@pytest.mark.usefixtures("collector_paused")
def test_a_dropped_screener_is_freed_without_the_collector(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Frozen objects are only freed by reference counting: a cycle anywhere in a screener
    # would keep it (and every list entry) for good.
    monkeypatch.setattr(screener_module, "SETTLE_MIN_NAMES", 0)
    screener = Screener.from_entities(ENTITIES)
    assert not _walked(screener.entities)
    [top, *_] = screener.search("Hikvision Digital Technology")
    assert top.explanation  # the lazy explanation refers back into the screener
    parts = [weakref.ref(part) for part in (screener, screener.index, screener.packed,
                                            screener.names, screener.weights,
                                            screener.packed.v_chars)]
    del screener, top
    assert [ref() for ref in parts] == [None] * len(parts)


@pytest.mark.usefixtures("collector_paused")
def test_a_loaded_screener_is_frozen_and_freed(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    monkeypatch.setattr(screener_module, "SETTLE_MIN_NAMES", 0)
    path = tmp_path / "screener.pickle"
    Screener.from_entities(ENTITIES).save(path)
    loaded = Screener.load(path)
    assert not _walked(loaded.packed)
    assert [m.entity.id for m in loaded.search("Nicolas Maduro")][:1] == ["2"]
    parts = [weakref.ref(part) for part in (loaded, loaded.index, loaded.packed)]
    del loaded
    assert [ref() for ref in parts] == [None] * len(parts)


def test_saving_a_screener_leaves_it_frozen(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    # (saving pauses the collector too; ending that pause must not age -- unfreeze -- what
    # the build froze)
    monkeypatch.setattr(screener_module, "SETTLE_MIN_NAMES", 0)
    screener = Screener.from_entities(ENTITIES)
    screener.save(tmp_path / "built.pickle")
    assert gc.isenabled()
    assert not _walked(screener.entities)
    loaded = Screener.load(tmp_path / "built.pickle")
    loaded.save(tmp_path / "loaded.pickle")
    assert not _walked(loaded.packed) and not _walked(screener.packed)
    assert gc.isenabled()
