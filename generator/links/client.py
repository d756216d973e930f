"""The HTTP client: one pooled session, urllib3 retries, per-host limits, manual redirects.

Retries (429, 5xx, connection errors; exponential backoff; `Retry-After`) are urllib3's
`Retry`. Two limits are added on top of it: a `Retry-After` longer than the configured cap
ends the retries (the caller reports the link `blocked`), and no retry starts past the
deadline of the URL being checked (`deadlines`, which also ends a read that outlives it).
Every connection checks the address it reaches (`guard`): redirects and DNS included.
"""

from __future__ import annotations

import contextlib
import http.client
import http.cookiejar
import os
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.structures import CaseInsensitiveDict
from urllib3.exceptions import InvalidHeader, MaxRetryError, ResponseError
from urllib3.util.retry import Retry

from generator.text.addresses import parse_address, url_host

from .config import LinkConfig
from .deadlines import deadline, extend, time_left
from .guard import AddressRefused, GuardedAdapter, Policy, resolve
from .types import REDIRECT_CODES, Hop, Status

__all__ = ["deadline", "time_left"]  # the deadline of a check, re-exported for its callers

MAX_BODY = 16 * 2**20  # of an API answer
NO_ANSWER = "no answer"  # connected, but the server said nothing in time
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# What a request can raise for a bad URL or a bad answer (a bug elsewhere still surfaces).
_REQUEST_ERRORS = (
    requests.RequestException,
    urllib3.exceptions.HTTPError,
    http.client.HTTPException,
    OSError,
    ValueError,
)


class LinkError(Exception):
    """A check that ended without an HTTP answer to judge: the status and why."""

    def __init__(self, status: Status, message: str, hops: tuple[Hop, ...] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.hops = hops


def retry_after(headers: CaseInsensitiveDict[str] | Any) -> float | None:
    """Seconds a `Retry-After` header asks to wait, or None without a valid one."""
    value = headers.get("Retry-After")
    if value is None:
        return None
    try:
        return Retry(retry_after_max=2**31).parse_retry_after(value)
    except InvalidHeader:
        return None


class PoliteRetry(Retry):
    """`Retry` that stops at the Retry-After cap and at the deadline instead of sleeping."""

    def __init__(self, *args: Any, retry_after_cap: float = 60.0, **kwargs: Any) -> None:
        kwargs.setdefault("retry_after_max", 2**31)
        super().__init__(*args, **kwargs)
        self.retry_after_cap = retry_after_cap

    def new(self, **kw: Any) -> PoliteRetry:
        kw.setdefault("retry_after_cap", self.retry_after_cap)
        return super().new(**kw)

    def increment(
        self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None
    ):  # type: ignore[no-untyped-def]
        wait = retry_after(response.headers) if response is not None else None
        if wait is not None and wait > self.retry_after_cap:
            raise MaxRetryError(_pool, url, ResponseError("Retry-After is over the cap"))  # type: ignore[arg-type]
        new = super().increment(method, url, response, error, _pool, _stacktrace)
        if time_left() <= (wait if wait is not None else new.get_backoff_time()):
            raise MaxRetryError(_pool, url, error or ResponseError("no time left to retry"))  # type: ignore[arg-type]
        return new


def make_session(config: LinkConfig) -> requests.Session:
    retry = PoliteRetry(
        total=config.retries,
        read=min(config.retries, 1),  # a server that timed out once will likely again
        redirect=0,
        allowed_methods=frozenset({"HEAD", "GET"}),
        status_forcelist=RETRY_STATUSES,
        backoff_factor=config.backoff_factor,
        backoff_max=config.retry_after_cap,
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
        retry_after_cap=config.retry_after_cap,
    )
    largest = max([config.per_host, *config.per_host_limits.values()])
    adapter = GuardedAdapter(
        Policy(config.allow_private),
        max_retries=retry,
        pool_connections=256,
        pool_maxsize=largest,
    )
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": config.user_agent, "Accept": "*/*"})
    # Results must not depend on what another link set: no cookies between checks.
    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    if not urllib.request.getproxies():
        # Without proxies the environment has nothing to add, yet reading it on every
        # request costs a third of the checker's CPU time.
        session.trust_env = False
        session.verify = (
            os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        )
    return session


class HostLimits:
    """At most `limit_for(host)` requests in flight to any one server.

    A server is known by the address its name resolves to, so that `localhost`, `127.0.0.1`
    and `127.1` share one limit.
    """

    def __init__(self, config: LinkConfig) -> None:
        self._config = config
        self._lock = threading.Lock()
        self._semaphores: dict[str, threading.Semaphore] = {}
        self._servers: dict[str, str] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        server = self._server(host)
        with self._lock:
            semaphore = self._semaphores.get(server)
            if semaphore is None:
                semaphore = threading.Semaphore(self._config.limit_for(host))
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
    policy = Policy(config.allow_private)
    try:
        policy.check_host(url_host(url) or "")  # also when a proxy makes the connections
    except AddressRefused as refused:
        raise LinkError(Status.EXCLUDED, refused.message, hops) from None
    with limits.slot(host_of(url)):
        left = time_left()
        if left <= 0:
            raise LinkError(Status.TIMEOUT, "out of time for this URL", hops)
        timeout = min(config.timeout, left)
        try:
            response = session.request(
                method, url, allow_redirects=False, stream=True, timeout=(timeout, timeout)
            )
            body = response.raw.read(MAX_BODY, decode_content=True) if read_body else b""
        except AddressRefused as refused:
            raise LinkError(Status.EXCLUDED, refused.message, hops) from None
        except _REQUEST_ERRORS as error:
            if time_left() <= 0:
                raise _out_of_time(config, hops) from error
            status, message = describe(error, timeout)
            raise LinkError(status, message, hops) from error
        if time_left() <= 0:  # the deadline cut the answer short: what came is not all of it
            response.close()
            raise _out_of_time(config, hops)
        _release(response, method)
        return response, body


def _out_of_time(config: LinkConfig, hops: tuple[Hop, ...]) -> LinkError:
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


def describe(error: BaseException, timeout: float) -> tuple[Status, str]:
    """A status and a short reason for an exception of requests/urllib3."""
    causes = list(_causes(error))
    names = {type(c).__name__ for c in causes}
    text = " ".join(str(c) for c in causes).lower()
    if names & {"ConnectTimeoutError", "ConnectTimeout"}:
        return Status.TIMEOUT, f"cannot connect within {timeout:g} s"
    if names & {"ReadTimeoutError", "ReadTimeout"}:
        return Status.TIMEOUT, f"{NO_ANSWER} within {timeout:g} s"
    if "NameResolutionError" in names or "name or service not known" in text:
        return Status.ERROR, "DNS: the host name does not resolve"
    if names & {"SSLError", "SSLCertVerificationError"}:
        return Status.ERROR, f"TLS: {_last_words(causes)}"
    if "ConnectionRefusedError" in names or "connection refused" in text:
        return Status.ERROR, "connection refused"
    if names & {"BadStatusLine", "LineTooLong", "LineAndFileWrapper", "HeaderParsingError"}:
        return Status.ERROR, "not HTTP: the server's answer is not an HTTP response"
    if "ConnectionResetError" in names or "reset by peer" in text:
        return Status.ERROR, "connection reset by the server"
    if "RemoteDisconnected" in names:
        return Status.ERROR, "the server closed the connection without answering"
    if isinstance(error, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema):
        return Status.ERROR, "invalid URL"
    return Status.ERROR, _last_words(causes)


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    stack: list[BaseException] = [error]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack += [a for a in current.args if isinstance(a, BaseException)]
        stack += [c for c in (current.__cause__, current.__context__) if c is not None]
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            stack.append(reason)


def _last_words(causes: list[BaseException]) -> str:
    return str(causes[-1]) or type(causes[-1]).__name__
