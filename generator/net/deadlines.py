"""Deadlines for whole requests, not for each read; and a way to stop a run.

A socket timeout bounds one read: a server that sends a byte now and then never trips it.
So each exchange runs in a `deadline` scope, the connections it uses are attached to the
scope, and one watchdog thread shuts their sockets down when the scope's time is up. The
blocked read then ends at once, and the caller sees `time_left() <= 0`. A scope may also
bound each attempt (`per_attempt`): every request a connection starts (a retry, the next
redirect hop) gets that long again, never past the scope's end. `cancel_all` (Ctrl-C) ends
every scope now.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import math
import socket
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_local = threading.local()
_cancelled = threading.Event()


class Scope:
    """The time one exchange may take, and the connections it is using.

    `at` is when the current attempt must end; `end` when the whole scope must.
    """

    def __init__(self, end: float, per_attempt: float | None = None) -> None:
        self.end = end
        self.per_attempt = per_attempt
        self.at = end if per_attempt is None else min(end, time.monotonic() + per_attempt)
        self.connections: weakref.WeakSet[Any] = weakref.WeakSet()

    def start_attempt(self) -> None:
        """A new request starts: it gets `per_attempt` seconds (the watchdog sees `at` grow)."""
        if self.per_attempt is not None and self.at > -math.inf:
            self.at = max(self.at, min(self.end, time.monotonic() + self.per_attempt))


class _Watchdog:
    def __init__(self) -> None:
        self._wake = threading.Condition()
        self._queue: list[tuple[float, int, Scope]] = []
        self._active: set[Scope] = set()
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def watch(self, scope: Scope) -> None:
        with self._wake:
            self._active.add(scope)
            self._push(scope)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="link-deadlines", daemon=True
                )
                self._thread.start()

    def rearm(self, scope: Scope) -> None:
        """Watch `scope` again: its time was renewed, perhaps after it was last shut down."""
        with self._wake:
            if scope in self._active:
                self._push(scope)

    def _push(self, scope: Scope) -> None:
        """Queue `scope`'s time (called with the lock held), waking the watchdog only when it
        comes before every other: thousands of checks a second would otherwise wake it for
        deadlines later than the one it already waits for."""
        heapq.heappush(self._queue, (scope.at, next(self._order), scope))
        if self._queue[0][2] is scope:
            self._wake.notify()

    def forget(self, scope: Scope) -> None:
        with self._wake:
            self._active.discard(scope)

    def end_all(self) -> None:
        with self._wake:
            for scope in self._active:
                scope.at = scope.end = -math.inf
                heapq.heappush(self._queue, (scope.at, next(self._order), scope))
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                due = self._next_due()
            if due is not None:
                _shut_down(due)

    def _next_due(self) -> Scope | None:
        """Wait for the next scope whose time is up (called with the lock held)."""
        while True:
            if not self._queue:
                self._wake.wait()
                continue
            at, _, scope = self._queue[0]
            wait = at - time.monotonic()
            if wait > 0:
                self._wake.wait(wait)
                continue
            heapq.heappop(self._queue)
            if scope not in self._active:
                continue
            if scope.at > at:  # extended meanwhile (waiting for a host's turn)
                heapq.heappush(self._queue, (scope.at, next(self._order), scope))
                continue
            return scope


def _shut_down(scope: Scope) -> None:
    for connection in list(scope.connections):
        if getattr(connection, "deadline_scope", None) is not scope:
            continue  # back in the pool and taken by another check since
        sock = getattr(connection, "sock", None)
        if sock is None or sock.fileno() == -1:
            continue
        # The plain socket's shutdown, also for TLS: it wakes a blocked read without
        # touching the TLS object that the reading thread is using.
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


_watchdog = _Watchdog()


@contextmanager
def deadline(seconds: float, per_attempt: float | None = None) -> Iterator[Scope]:
    """Bound the total time of the requests this thread makes in the block, and with
    `per_attempt` the time of each request (connect, headers and body)."""
    end = -math.inf if _cancelled.is_set() else time.monotonic() + seconds
    scope = Scope(end, per_attempt)
    outer = getattr(_local, "scope", None)
    _local.scope = scope
    _watchdog.watch(scope)
    try:
        yield scope
    finally:
        _watchdog.forget(scope)
        _local.scope = outer


def time_left(*, whole: bool = False) -> float:
    """Seconds left for the current request (with `whole`, for the whole scope)."""
    scope = getattr(_local, "scope", None)
    if scope is None:
        return -math.inf if _cancelled.is_set() else math.inf
    return (scope.end if whole else scope.at) - time.monotonic()


def extend(seconds: float) -> None:
    """Time spent waiting for a host's turn is not the host's fault."""
    scope = getattr(_local, "scope", None)
    if scope is not None:
        scope.at += seconds
        scope.end += seconds


def start_attempt() -> None:
    """The thread's scope gives the request that starts now its own `per_attempt` time."""
    scope = getattr(_local, "scope", None)
    if scope is not None and scope.per_attempt is not None:
        scope.start_attempt()
        _watchdog.rearm(scope)


def attach(connection: Any) -> None:
    """Make `connection` end when this thread's deadline passes (until another takes it)."""
    scope = getattr(_local, "scope", None)
    connection.deadline_scope = scope
    if scope is not None:
        scope.connections.add(connection)


def cancel_all() -> None:
    """End every check in flight now, and any that starts later, until `reset`."""
    _cancelled.set()
    _watchdog.end_all()


def reset() -> None:
    _cancelled.clear()


def cancelled() -> bool:
    return _cancelled.is_set()


def pause(seconds: float) -> None:
    """Sleep, unless the run is cancelled meanwhile."""
    _cancelled.wait(seconds)
