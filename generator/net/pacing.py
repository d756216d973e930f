"""Per-service pacing and per-host limits: how often, and how many at once, one server is asked.

A service's terms name a gap between requests (arXiv: "no more than one request every three
seconds", on a single connection). `Pacer` measures that gap from the END of one answer to
the START of the next, and lets one request to a service run at a time, so that a slow
answer never shortens the pause that follows it. `HostLimits` caps the requests in flight to
one server, known by its address.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from generator.text.addresses import parse_address

from .deadlines import extend
from .guard import resolve

# Seconds from one answer to the next request, as each service's terms ask: arXiv one
# request every 3 s; Semantic Scholar one a second (with or without a key); OpenAlex and
# Crossref allow ten a second in their polite pools; GitHub counts requests per hour instead.
SERVICE_INTERVALS: Mapping[str, float] = {
    "arXiv": 3.0,
    "Semantic Scholar": 1.0,
    "OpenAlex": 0.1,
    "Crossref": 0.1,
    "GitHub": 0.0,
}


class Pacer:
    """At least `intervals[service]` seconds between one answer's end and the next start."""

    def __init__(
        self,
        intervals: Mapping[str, float],
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._intervals = intervals
        self._clock = clock
        self._sleep = sleep
        self._ended: dict[str, float] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    @contextmanager
    def turn(self, service: str) -> Iterator[None]:
        """Wait for the service's turn; the block is the request, answer read to its end."""
        with self._guard:
            lock = self._locks.setdefault(service, threading.Lock())
        with lock:  # one request to a service at a time: its interval means one connection
            due = self._ended.get(service, -math.inf) + self._intervals.get(service, 0.0)
            now = self._clock()
            if now < due:
                self._sleep(due - now)
            try:
                yield
            finally:
                self._ended[service] = self._clock()


class HostLimits:
    """At most `limit_for(host)` requests in flight to any one server.

    A server is known by the address its name resolves to, so that `localhost`, `127.0.0.1`
    and `127.1` share one limit.
    """

    def __init__(self, limit_for: Callable[[str], int]) -> None:
        self._limit_for = limit_for
        self._lock = threading.Lock()
        self._semaphores: dict[str, threading.Semaphore] = {}
        self._servers: dict[str, str] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        server = self._server(host)
        with self._lock:
            semaphore = self._semaphores.get(server)
            if semaphore is None:
                semaphore = threading.Semaphore(self._limit_for(host))
                self._semaphores[server] = semaphore
        started = time.monotonic()
        with semaphore:
            extend(time.monotonic() - started)
            yield

    def _server(self, host: str) -> str:
        """The lowest address of `host` (IPv4 first), looked up once; the name if none."""
        with self._lock:
            known = self._servers.get(host)
        if known is not None:
            return known
        server = host
        if host and parse_address(host) is None:
            with contextlib.suppress(OSError, UnicodeError, ValueError):
                found = sorted((a for _, a in resolve(host, 0)), key=lambda a: (a.version, int(a)))
                server = str(found[0]) if found else host
        else:
            server = str(parse_address(host) or host)
        with self._lock:
            self._servers[host] = server
        return server
