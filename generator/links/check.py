"""Check stage: every distinct URL once, in parallel, within the limits each host deserves."""

from __future__ import annotations

import itertools
import queue
import threading
import time
from collections.abc import Callable, Iterable

import requests

from generator.net import deadlines
from generator.net.errors import NO_ANSWER

from .classify import blocked_reason, classify
from .client import (
    Fetched,
    HostLimits,
    LinkError,
    deadline,
    follow,
    host_limits,
    host_of,
    make_session,
)
from .collect import Link
from .config import LinkConfig
from .identifiers import check_arxiv, check_doi, split_identifiers
from .parallel import check_in_processes, processes_for
from .types import LinkResult, Status

OnResult = Callable[[LinkResult], None]
Task = Callable[[], list[LinkResult]]
_HEAD_IS_DEFINITIVE = ("connection refused", "DNS", "TLS")


class CheckInterrupted(KeyboardInterrupt):
    """Ctrl-C during a check: the results finished before it, sorted by URL."""

    def __init__(self, results: list[LinkResult]) -> None:
        super().__init__()
        self.results = results


def check_links(
    links: Iterable[Link],
    config: LinkConfig,
    on_result: OnResult | None = None,
    processes: int | None = None,
) -> list[LinkResult]:
    """Check each link; results sorted by URL, each with the link's sources.

    A large check runs in several processes (`parallel`; `processes` says how many, by
    default one per core when there is enough to do). On Ctrl-C every request in flight is
    ended and CheckInterrupted carries what was done.
    """
    links = list(links)
    count = processes_for(links) if processes is None else processes
    if count <= 1:
        return check_here(links, config, on_result)
    results: list[LinkResult] = []

    def take(result: LinkResult) -> None:
        results.append(result)
        if on_result:
            on_result(result)

    try:
        check_in_processes(links, config, take, count, check_here)
    except KeyboardInterrupt:
        raise CheckInterrupted(sorted(results, key=lambda r: r.url)) from None
    return sorted(results, key=lambda r: r.url)


def check_here(
    links: list[Link], config: LinkConfig, on_result: OnResult | None = None
) -> list[LinkResult]:
    """`check_links` in this process, with one thread per request in flight."""
    sources = {link.url: link.sources for link in links}
    arxiv, dois, plain = split_identifiers(sources, config)
    session = make_session(config)
    limits = host_limits(config)
    tasks: list[Task] = [lambda: check_arxiv(session, arxiv, config, limits)] if arxiv else []
    doi_set = set(dois)
    for url in interleave_hosts([*dois, *plain]):
        check = check_doi if url in doi_set else check_url
        tasks.append(lambda c=check, u=url: [c(session, u, config, limits)])
    results = []
    deadlines.reset()
    try:
        for result in _run(tasks, config.max_concurrency):
            result = result.with_sources(sources[result.url])
            results.append(result)
            if on_result:
                on_result(result)
    except KeyboardInterrupt:
        deadlines.cancel_all()  # every request in flight ends now; none starts
        raise CheckInterrupted(sorted(results, key=lambda r: r.url)) from None
    session.close()
    return sorted(results, key=lambda r: r.url)


def _run(tasks: list[Task], workers: int) -> Iterable[LinkResult]:
    """The results of `tasks` as they finish, from daemon threads that never delay an exit."""
    todo: queue.SimpleQueue[Task] = queue.SimpleQueue()
    done: queue.SimpleQueue[list[LinkResult] | BaseException] = queue.SimpleQueue()
    for task in tasks:
        todo.put(task)

    def work() -> None:
        while not deadlines.cancelled():
            try:
                task = todo.get_nowait()
            except queue.Empty:
                return
            try:
                done.put(task())
            except BaseException as error:  # a bug: raised again in the caller's thread
                done.put(error)

    for number in range(min(workers, len(tasks))):
        threading.Thread(target=work, name=f"check-links-{number}", daemon=True).start()
    for _ in tasks:
        finished = _wait_for(done)
        if isinstance(finished, BaseException):
            raise finished
        yield from finished


def _wait_for(done: queue.SimpleQueue):  # type: ignore[no-untyped-def]
    """The next item, waking often so that Ctrl-C is seen at once on every platform."""
    while True:
        try:
            return done.get(timeout=0.2)
        except queue.Empty:
            continue


def interleave_hosts(urls: Iterable[str]) -> list[str]:
    """Round-robin over hosts, busiest first, so that workers rarely wait for one host."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(host_of(url), []).append(url)
    queues = sorted(by_host.values(), key=lambda q: (-len(q), host_of(q[0])))
    rounds = itertools.zip_longest(*queues)
    return [url for round_ in rounds for url in round_ if url is not None]


def check_url(
    session: requests.Session, url: str, config: LinkConfig, limits: HostLimits
) -> LinkResult:
    """HEAD first, GET when HEAD is refused or answered with an error."""
    started = time.monotonic()
    # --timeout bounds each request of the URL as a whole; retries and hops get as long again.
    with deadline(config.max_time_per_url, per_attempt=config.timeout):
        try:
            fetched = _head_then_get(session, url, config, limits)
        except LinkError as error:
            elapsed = _ms_since(started)
            return LinkResult(
                url, error.status, None, None, error.hops, error=error.message, elapsed_ms=elapsed
            )
    status, reason = classify(url, fetched, config)
    if status in {Status.OK, Status.REDIRECTED}:
        reason = None
    return LinkResult(
        url,
        status,
        fetched.code,
        fetched.final_url,
        fetched.hops,
        error=reason,
        elapsed_ms=_ms_since(started),
    )


def _head_then_get(
    session: requests.Session, url: str, config: LinkConfig, limits: HostLimits
) -> Fetched:
    try:
        fetched = follow(session, url, "HEAD", config, limits)
    except LinkError as error:
        if not _get_may_help(error):
            raise
        return follow(session, url, "GET", config, limits)
    if fetched.code in config.accept or blocked_reason(fetched, config):
        return fetched
    return follow(session, url, "GET", config, limits)


def _get_may_help(head_error: LinkError) -> bool:
    """Whether a URL whose HEAD failed this way may still answer a GET."""
    if head_error.hops:
        return False
    if head_error.status is Status.TIMEOUT:
        return head_error.message.startswith(NO_ANSWER)  # some servers ignore HEAD requests
    return head_error.status is Status.ERROR and not head_error.message.startswith(
        _HEAD_IS_DEFINITIVE
    )


def _ms_since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
