"""Independent pieces of work run in worker processes, their results in the order given.

Rendering a large site is pure Python (Jinja): threads would wait on each other, so the work
is shared among processes forked from this one, which inherit the loaded catalog and the
templates instead of receiving them. Where the system cannot fork, or for little work, the
pieces run here one after the other; the results are the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

MIN_PIECES = 64  # below this, starting the processes costs more than it saves
_work: Sequence[Callable[[], T]] = ()  # type: ignore[valid-type]


def default_workers() -> int:
    """The processors this process may use that are not busy already: on a machine whose
    processors all run other work, more processes only add the cost of starting them."""
    try:
        processors = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        processors = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except OSError:
        busy = 0.0
    return max(1, min(processors, round(processors - busy + 1)))


def run_all(pieces: Sequence[Callable[[], T]], workers: int) -> list[T]:
    """Each piece's result, in order. A piece that fails in a worker is run again here, so that
    its error is raised as it would be without workers (with its traceback, which names the
    template and line)."""
    if workers <= 1 or len(pieces) < MIN_PIECES or not _can_fork():
        return [piece() for piece in pieces]
    global _work
    _work = pieces
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            chunk = max(1, len(pieces) // (workers * 8))
            return pool.map(_run, range(len(pieces)), chunksize=chunk)
    except Exception:
        return [piece() for piece in pieces]
    finally:
        _work = ()


def _run(index: int) -> T:  # type: ignore[type-var]
    return _work[index]()


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()
