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
what the work made. Nothing is leaked: a frozen object is still freed when its last
reference goes, and anything frozen (garbage included) is collected as usual after. A use
inside another unfreezes, at its end, what the outer one froze: slower, never wrong, as
freezing only decides which objects a collection visits.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def heap_frozen() -> Iterator[None]:
    """Within it, collections walk only the objects made since it was entered."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
