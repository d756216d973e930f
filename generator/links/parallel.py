"""Past one core: a large check split over worker processes, whole sites each.

One process keeps `max_concurrency` requests in flight with as many threads, and every
request costs about a millisecond of CPU in requests, urllib3 and http.client. All of it runs
under one interpreter lock, so at some 600 answers a second one process is busy on one core
and requests wait for the lock instead of the network. Each worker here checks whole sites
(`selection.partition`), so every per-server limit stays within one process, and the
workers' shares of `max_concurrency` add up to it, so the overall limit holds too.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import traceback
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .collect import Link
from .config import LinkConfig
from .selection import partition
from .types import LinkResult

# Below this many links one process keeps up: starting workers would cost more than it saves.
MIN_LINKS_PER_PROCESS = 1000
MAX_PROCESSES = 4
_DONE = "done"
_FAILED = "failed"

Check = Callable[[list[Link], LinkConfig, Callable[[LinkResult], None]], list[LinkResult]]


def processes_for(links: list[Link]) -> int:
    """How many processes to check `links` in: one per core, each with enough to do."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_PROCESSES, len(links) // MIN_LINKS_PER_PROCESS))


def shares(parts: list[list[Link]], total: int) -> list[int]:
    """Each part's share of `total` requests in flight, by its size; at least 1, sum <= total."""
    size = sum(len(part) for part in parts) or 1
    return [max(1, total * len(part) // size) for part in parts]


def check_in_processes(
    links: list[Link],
    config: LinkConfig,
    on_result: Callable[[LinkResult], None],
    count: int,
    check: Check,
) -> None:
    """Run `check` on each part in a worker, reporting every result to `on_result` here.

    Ctrl-C reaches the workers too (they share the terminal's process group); they stop,
    and the KeyboardInterrupt is raised here with every result reported so far.
    """
    parts = [part for part in partition(links, count) if part]
    context = multiprocessing.get_context(_start_method())
    results: Any = context.Queue()
    workers = [
        context.Process(
            target=_work,
            args=(check, part, replace(config, max_concurrency=share), results),
            name=f"check-links-{number}",
            daemon=True,
        )
        for number, (part, share) in enumerate(
            zip(parts, shares(parts, config.max_concurrency), strict=True)
        )
    ]
    for worker in workers:
        worker.start()
    try:
        _collect(results, workers, on_result)
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()


def _collect(results: Any, workers: list[Any], on_result: Callable[[LinkResult], None]) -> None:
    running = len(workers)
    while running:
        try:
            kind, value = results.get(timeout=0.2)  # wakes often, so that Ctrl-C is seen
        except queue.Empty:
            if not any(worker.is_alive() for worker in workers):
                raise RuntimeError("a link-check worker ended without reporting") from None
            continue
        if kind == _DONE:
            running -= 1
        elif kind == _FAILED:
            raise RuntimeError(f"a link-check worker failed:\n{value}")
        else:
            on_result(value)


def _start_method() -> str:
    """fork while this process runs no other thread (it is then safe, and instant)."""
    methods = multiprocessing.get_all_start_methods()
    return "fork" if "fork" in methods and threading.active_count() == 1 else "spawn"


def _work(check: Check, links: list[Link], config: LinkConfig, results: Any) -> None:
    try:
        check(links, config, lambda result: results.put(("result", result)))
    except KeyboardInterrupt:
        return  # the parent was interrupted too, and reports what was done
    except BaseException:
        results.put((_FAILED, traceback.format_exc()))
        return
    results.put((_DONE, None))
