"""The link checker's use of the network layer: one session, per-host limits, redirects by hand.

Sessions, the address guard, retries, deadlines and per-host limits are `generator.net`'s;
here each URL is followed hop by hop (every hop checked and recorded), and what went wrong
becomes a `LinkError` with the link's status.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.structures import CaseInsensitiveDict

from generator.net.deadlines import deadline, start_attempt, time_left
from generator.net.errors import NO_ANSWER, REQUEST_ERRORS, Kind, NetError, describe
from generator.net.guard import AddressRefused, GuardedAdapter
from generator.net.pacing import HostLimits
from generator.net.session import Retries, read_capped
from generator.net.session import make_session as net_session
from generator.text.addresses import url_host

from .config import LinkConfig
from .types import REDIRECT_CODES, Hop, Status

__all__ = ["HostLimits", "deadline", "time_left"]  # re-exported for the checker's modules

_STATUS = {Kind.TIMEOUT: Status.TIMEOUT, Kind.REFUSED_ADDRESS: Status.EXCLUDED}


class LinkError(Exception):
    """A check that ended without an HTTP answer to judge: the status and why."""

    def __init__(self, status: Status, message: str, hops: tuple[Hop, ...] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.hops = hops


def make_session(config: LinkConfig) -> requests.Session:
    retries = Retries(
        total=config.retries,
        read=min(config.retries, 1),  # a server that timed out once will likely again
        backoff_factor=config.backoff_factor,
        retry_after_cap=config.retry_after_cap,
    )
    largest = max([config.per_host, *config.per_host_limits.values()])
    return net_session(
        allow_private=config.allow_private,
        agent=config.user_agent,
        retries=retries,
        pool_maxsize=largest,
    )


def host_limits(config: LinkConfig) -> HostLimits:
    return HostLimits(config.limit_for)


@dataclass(frozen=True)
class Fetched:
    """The last answer of a redirect chain."""

    code: int
    final_url: str
    hops: tuple[Hop, ...]
    headers: CaseInsensitiveDict[str]
    body: bytes = b""


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # a malformed URL: requests reports it, as an error of that link
        return ""


def follow(
    session: requests.Session,
    url: str,
    method: str,
    config: LinkConfig,
    limits: HostLimits,
    *,
    read_body: bool = False,
) -> Fetched:
    """Request `url`, following redirects by hand up to the limit.

    Bodies are never read, except the final one's when `read_body` (for APIs), up to a limit.
    """
    hops: list[Hop] = []
    seen = {url}
    current = url
    while True:
        response, body = _request(session, current, method, config, limits, tuple(hops), read_body)
        if response.status_code not in REDIRECT_CODES:
            return Fetched(response.status_code, current, tuple(hops), response.headers, body)
        target = _redirect_target(current, response, tuple(hops))
        hops.append(Hop(response.status_code, target))
        scheme = urlsplit(target).scheme.lower()
        if scheme not in {"http", "https"}:
            raise LinkError(Status.ERROR, f"redirect to a non-http scheme ({scheme}:)", tuple(hops))
        if target in seen:
            raise LinkError(Status.ERROR, "redirect loop", tuple(hops))
        if len(hops) > config.max_redirects:
            message = f"too many redirects (more than {config.max_redirects})"
            raise LinkError(Status.ERROR, message, tuple(hops))
        seen.add(target)
        current = target


def _redirect_target(current: str, response: requests.Response, hops: tuple[Hop, ...]) -> str:
    """The absolute URL a redirect points to; LinkError when it points nowhere."""
    location = response.headers.get("Location", "").strip()
    code = response.status_code
    if not location:
        raise LinkError(Status.ERROR, f"redirect ({code}) without a Location header", hops)
    with contextlib.suppress(UnicodeError):
        # http.client decodes headers as Latin-1, but servers send UTF-8 (as requests assumes).
        location = location.encode("latin-1").decode("utf-8")
    return urljoin(current, location)  # requests has already refused a malformed one


def _request(
    session: requests.Session,
    url: str,
    method: str,
    config: LinkConfig,
    limits: HostLimits,
    hops: tuple[Hop, ...],
    read_body: bool,
) -> tuple[requests.Response, bytes]:
    # The adapter checks again on sending; this check comes first so that a refused name is
    # never looked up, as `limits.slot` resolves the host to key its limit.
    try:
        GuardedAdapter.policy_of(session).check_host(url_host(url) or "")
    except AddressRefused as refused:
        raise LinkError(Status.EXCLUDED, refused.message, hops) from None
    with limits.slot(host_of(url)):
        start_attempt()  # this request gets --timeout seconds of its own, within the URL's
        left = time_left()
        if left <= 0:
            raise LinkError(Status.TIMEOUT, "out of time for this URL", hops)
        timeout = min(config.timeout, left)
        try:
            response = session.request(
                method, url, allow_redirects=False, stream=True, timeout=(timeout, timeout)
            )
            body = read_capped(response) if read_body else b""
        except AddressRefused as refused:
            raise LinkError(Status.EXCLUDED, refused.message, hops) from None
        except NetError as error:
            raise LinkError(_STATUS.get(error.kind, Status.ERROR), error.message, hops) from None
        except REQUEST_ERRORS as error:
            if time_left() <= 0:
                raise _out_of_time(config, hops) from error
            failure = describe(error, timeout)
            raise LinkError(
                _STATUS.get(failure.kind, Status.ERROR), failure.message, hops
            ) from error
        if time_left() <= 0:  # the deadline cut the answer short: what came is not all of it
            response.close()
            raise _out_of_time(config, hops)
        _release(response, method)
        return response, body


def _out_of_time(config: LinkConfig, hops: tuple[Hop, ...]) -> LinkError:
    """The deadline cut the exchange short: the request's own time, or the URL's."""
    if time_left(whole=True) > 0:  # this request's --timeout: another method may still answer
        return LinkError(Status.TIMEOUT, f"{NO_ANSWER} within {config.timeout:g} s", hops)
    message = f"out of time: no complete answer within {config.max_time_per_url:g} s"
    return LinkError(Status.TIMEOUT, message, hops)


def _release(response: requests.Response, method: str) -> None:
    """Return a HEAD's connection to the pool; close any other unread, whatever its size."""
    if method == "HEAD":
        try:
            response.raw.drain_conn()  # a HEAD answer has no body: nothing is read
            response.raw.release_conn()
            return
        except (OSError, urllib3.exceptions.HTTPError):
            pass
    response.close()
