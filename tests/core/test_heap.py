"""Long work out of the collector's way (core/heap.py, ADR 68): what was alive when it began
is not walked by collections during it, and nothing is kept that would otherwise go."""

import gc
import weakref

from victimcare.core.heap import YOUNG_EVERY, heap_frozen


class _Node:
    other: "_Node | None" = None


def _cycle() -> weakref.ref:
    first, second = _Node(), _Node()
    first.other, second.other = second, first
    return weakref.ref(first)


def test_within_it_what_lived_before_is_frozen_and_after_it_nothing_is():
    before = gc.get_threshold()
    with heap_frozen():
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (YOUNG_EVERY, *before[1:])
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def test_garbage_made_before_or_during_it_is_still_collected():
    earlier = _cycle()  # unreachable already: frozen with the rest, collected after
    with heap_frozen():
        during = _cycle()
        gc.collect()
        assert during() is None
    gc.collect()
    assert earlier() is None


def test_an_error_inside_it_leaves_the_collector_as_it_was():
    before = gc.get_threshold()
    try:
        with heap_frozen():
            raise ValueError("stop")
    except ValueError:
        pass
    assert (gc.get_freeze_count(), gc.get_threshold()) == (0, before)
