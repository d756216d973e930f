"""Sessions: the address guard on every connection, urllib3 retries, one body cap, one agent.

Retries (429, 5xx, connection errors; exponential backoff; `Retry-After`) are urllib3's
`Retry`. Two limits are added on top of it: a `Retry-After` longer than the cap ends the
retries (the caller reports the service or link as blocked), and no retry starts past the
deadline of the exchange (`deadlines`, which also ends a read that outlives it).
"""

from __future__ import annotations

import http.cookiejar
import os
import urllib.request
from dataclasses import dataclass
from typing import Any

import requests
from requests.structures import CaseInsensitiveDict
from urllib3.exceptions import InvalidHeader, MaxRetryError, ResponseError
from urllib3.util.retry import Retry

from generator import TOOL_NAME, TOOL_URL, __version__

from .deadlines import time_left
from .errors import Kind, NetError
from .guard import GuardedAdapter, Policy

MAX_BODY = 16 * 2**20  # the most any answer is read: a service's page, a feed, a landing page
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def user_agent(contact: str = "", role: str = "") -> str:
    """`TOOL_NAME[-role]/version (mailto:contact; +TOOL_URL)`: who asks, and how to reach them.

    Crossref's and OpenAlex's polite pools read the `mailto:` in it; a URL is named as is.
    """
    name = f"{TOOL_NAME}-{role}" if role else TOOL_NAME
    contact = contact.strip().removeprefix("mailto:")
    reach = f"mailto:{contact}" if "@" in contact and "://" not in contact else contact
    details = f"{reach}; " if reach else ""
    return f"{name}/{__version__} ({details}+{TOOL_URL})"


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
        if time_left(whole=True) <= (wait if wait is not None else new.get_backoff_time()):
            raise MaxRetryError(_pool, url, error or ResponseError("no time left to retry"))  # type: ignore[arg-type]
        return new


@dataclass(frozen=True)
class Retries:
    """How often and how patiently to ask again."""

    total: int = 3
    backoff_factor: float = 0.5
    retry_after_cap: float = 60.0
    read: int | None = None  # read errors retried (None: as many as `total`)
    redirect: int = 0  # 0: redirects are followed by the caller (the link checker)
    methods: frozenset[str] = frozenset({"HEAD", "GET"})

    def retry(self) -> PoliteRetry:
        return PoliteRetry(
            total=self.total,
            read=self.read,
            redirect=self.redirect,
            allowed_methods=self.methods,
            status_forcelist=RETRY_STATUSES,
            backoff_factor=self.backoff_factor,
            backoff_max=self.retry_after_cap,
            respect_retry_after_header=True,
            raise_on_status=False,
            raise_on_redirect=False,
            retry_after_cap=self.retry_after_cap,
        )


def make_session(
    *,
    allow_private: bool,
    agent: str,
    retries: Retries,
    pool_maxsize: int = 10,
    accept: str = "*/*",
) -> requests.Session:
    """A session whose every connection passes the address guard; no cookies kept."""
    adapter = GuardedAdapter(
        Policy(allow_private),
        max_retries=retries.retry(),
        pool_connections=256,
        pool_maxsize=pool_maxsize,
    )
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": agent, "Accept": accept})
    # Results must not depend on what another answer set: no cookies between requests.
    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    if not urllib.request.getproxies():
        # Without proxies the environment has nothing to add, yet reading it on every
        # request costs a third of the link checker's CPU time.
        session.trust_env = False
        session.verify = (
            os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        )
    return session


def read_capped(response: requests.Response, cap: int | None = None) -> bytes:
    """The body, decoded from its transfer encoding; NetError past `cap` (MAX_BODY) bytes."""
    cap = MAX_BODY if cap is None else cap
    body = response.raw.read(cap + 1, decode_content=True)
    if len(body) > cap:
        response.close()
        raise NetError(Kind.TOO_LARGE, f"sent more than {cap:,} bytes")
    return body
