"""Check stage: every distinct URL once, in parallel, within the limits each host deserves."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed

import requests

from .classify import blocked_reason, classify
from .client import (
    NO_ANSWER,
    Fetched,
    HostLimits,
    LinkError,
    deadline,
    follow,
    host_of,
    make_session,
)
from .collect import Link
from .config import LinkConfig
from .identifiers import check_arxiv, check_doi, split_identifiers
from .types import LinkResult, Status

OnResult = Callable[[LinkResult], None]
_HEAD_IS_DEFINITIVE = ("connection refused", "DNS", "TLS")


def check_links(
    links: Iterable[Link], config: LinkConfig, on_result: OnResult | None = None
) -> list[LinkResult]:
    """Check each link; results sorted by URL, each with the link's sources."""
    sources = {link.url: link.sources for link in links}
    arxiv, dois, plain = split_identifiers(sources, config)
    session = make_session(config)
    limits = HostLimits(config)
    results = []
    with ThreadPoolExecutor(config.max_concurrency, thread_name_prefix="check-links") as pool:
        futures = [pool.submit(check_arxiv, session, arxiv, config, limits)] if arxiv else []
        doi_set = set(dois)
        for url in interleave_hosts([*dois, *plain]):
            check = check_doi if url in doi_set else check_url
            futures.append(pool.submit(lambda c=check, u=url: [c(session, u, config, limits)]))
        try:
            for future in as_completed(futures):
                for result in future.result():
                    result = result.with_sources(sources[result.url])
                    results.append(result)
                    if on_result:
                        on_result(result)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)  # on Ctrl-C, start nothing new
            raise
    session.close()
    return sorted(results, key=lambda r: r.url)


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
    with deadline(config.max_time_per_url):
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
