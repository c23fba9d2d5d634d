"""Long work in a process that holds Django and the hub's code: out of the collector's way.

Python's cyclic garbage collector walks every object it tracks in a full collection, and a
full collection comes each time enough objects have lived through the younger ones. An
import keeps a batch of 500 rows' model objects alive for a moment (so they are promoted)
and lets them go: every few batches, a full collection walked the 180,000 or so objects
that Django, the libraries and the hub's modules hold for the life of the process, none of
which the import makes or frees. At 100,000 rows that was a fifth of a chunk process's CPU
time (BENCHMARKS.md, session 13; ADR 68).

`heap_frozen` moves what is alive when the work starts into the permanent generation
(`gc.freeze`) and back when it ends (`gc.unfreeze`): collections during the work walk only
what the work made. It also collects the youngest objects every 20,000 new ones rather
than every 700: a batch's objects, alive until it is saved, were walked again at each
young collection, for nothing (intake lets them go by reference count).

Nothing is leaked: a frozen object is still freed when its last reference goes, and
anything frozen (garbage included) is collected as usual after. A use inside another
unfreezes, at its end, what the outer one froze: slower, never wrong, as freezing only
decides which objects a collection visits.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_EVERY = 20_000  # new objects between collections of the youngest (Python's: 700)


@contextmanager
def heap_frozen() -> Iterator[None]:
    """Within it, collections walk only the objects made since it was entered, and the
    youngest are collected less often."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(YOUNG_EVERY, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
