"""Work shared among processes forked from this one.

A forked process starts with everything this one has loaded (jieba's dictionary, CC-CEDICT, an index of the
sentences), so only the items and the results cross between processes; a worker started afresh would load
the dictionaries again (a third of a second) and warm its own memos. Where processes cannot be forked
safely (Windows, macOS), callers do without.
"""

from __future__ import annotations

import math
import multiprocessing
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def can_fork() -> bool:
    """The platform forks safely (not macOS, whose system libraries may crash in a forked child), and this
    process runs a single thread: a lock that another thread holds at the fork stays locked in the child for
    ever (say, in a program that calls the library from a thread)."""
    return ("fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
            and threading.active_count() == 1)


def parts(count: int, *, jobs: int, per_job: int, smallest: int, largest: int | None = None) -> list[range]:
    """`count` items cut into consecutive parts for `jobs` processes: about `per_job` parts each (so that an
    uneven part does not keep one process busy alone), of `smallest` to `largest` items (the last one
    shorter)."""
    size = max(smallest, math.ceil(count / (max(1, jobs) * per_job)))
    size = min(size, largest) if largest else size
    return [range(start, min(count, start + size)) for start in range(0, count, size)]


def forked_map(work: Callable[[Item], Result], items: Iterable[Item], *, jobs: int,
               chunksize: int = 1) -> Iterator[Result]:
    """`work(item)` for each item, in the order of the items, in `jobs` processes forked from this one."""
    workers = ForkedWorkers(work, jobs=jobs)
    try:
        yield from workers.map(items, chunksize=chunksize)
    finally:
        workers.close()


class ForkedWorkers:
    """`jobs` processes forked from this one for `work`, kept for several `map` calls: the work of each call
    starts where the last left the workers' memos, and no processes are forked again. `close` them (a pool
    runs a thread in this process, and `can_fork` is False until then)."""

    def __init__(self, work: Callable[[Item], Result], *, jobs: int) -> None:
        from concurrent.futures import ProcessPoolExecutor

        # the processes are forked on the first `map`, all at once ("fork" pools do not add them later);
        # with "fork", the initializer's arguments are inherited, not pickled: `work` may hold anything
        self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                                         initializer=_adopt, initargs=(work,))

    def map(self, items: Iterable[Item], *, chunksize: int = 1) -> Iterator[Result]:
        """`work(item)` for each item, in the order of the items."""
        return self._pool.map(_run, items, chunksize=chunksize)

    def close(self) -> None:
        self._pool.shutdown()


# The work of this worker process, set once when it starts.
_work: Callable | None = None


def _adopt(work: Callable) -> None:
    global _work
    _work = work


def _run(item):
    return _work(item)
