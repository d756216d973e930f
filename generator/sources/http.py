"""The one client of the outside services: keys and contact, pacing, cache, rate limits.

Sessions, the address guard, retries, deadlines and pacing are the network layer's
(`generator.net`). Here each request names its service: the service's key and the list's
contact go with it, its pacing applies (from the end of one answer to the next request), its
rate limit is watched (GitHub's `X-RateLimit-Remaining`/`-Reset`, a 403/429 with
`Retry-After`), a refusal for want of a key or a quota stops asking it for the rest of the run
(said once), and successful answers are cached in one directory.
"""

from __future__ import annotations

import math
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from requests.structures import CaseInsensitiveDict

from generator.net.deadlines import deadline, time_left
from generator.net.errors import REQUEST_ERRORS, Kind, NetError, describe
from generator.net.guard import AddressRefused
from generator.net.pacing import SERVICE_INTERVALS, Pacer
from generator.net.session import Retries, make_session, read_capped, retry_after, user_agent

from .cache import Answer, Cache
from .errors import NotFound, RateLimited, SourceError

__all__ = ["Answer", "Client", "Endpoints", "NotFound", "RateLimited", "Settings", "SourceError"]

ARXIV_API_URL = "https://export.arxiv.org/api/query"
CROSSREF_API_URL = "https://api.crossref.org/works/"
SEMANTIC_SCHOLAR_API_URL = "https://api.semanticscholar.org/graph/v1"
OPENALEX_API_URL = "https://api.openalex.org"
GITHUB_API_URL = "https://api.github.com"
JSON_TYPE = "application/json"
ATOM_TYPE = "application/atom+xml"
# Where each service's key comes from: named in the warning when the service refuses.
KEY_VARIABLES = {
    "OpenAlex": "OPENALEX_API_KEY",
    "Semantic Scholar": "SEMANTIC_SCHOLAR_API_KEY",
    "GitHub": "GITHUB_TOKEN",
}
_INTERVAL_VARIABLES = {"arXiv": "ARXIV_DELAY", "Semantic Scholar": "SEMANTIC_SCHOLAR_DELAY"}
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)


def _seconds(text: str | None) -> float | None:
    try:
        value = float(text) if text else None
    except ValueError:
        return None
    return value if value is not None and 0 <= value < math.inf else None


@dataclass(frozen=True)
class Endpoints:
    """Base URLs of the services (tests point them at 127.0.0.1)."""

    arxiv: str = ARXIV_API_URL
    crossref: str = CROSSREF_API_URL
    semantic_scholar: str = SEMANTIC_SCHOLAR_API_URL
    openalex: str = OPENALEX_API_URL
    github: str = GITHUB_API_URL

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Endpoints:
        environ = os.environ if environ is None else environ
        return cls(
            arxiv=environ.get("ARXIV_API_URL") or ARXIV_API_URL,
            crossref=environ.get("CROSSREF_API_URL") or CROSSREF_API_URL,
            semantic_scholar=environ.get("SEMANTIC_SCHOLAR_API_URL") or SEMANTIC_SCHOLAR_API_URL,
            openalex=environ.get("OPENALEX_API_URL") or OPENALEX_API_URL,
            github=environ.get("GITHUB_API_URL") or GITHUB_API_URL,
        )


@dataclass(frozen=True)
class Settings:
    contact: str = ""  # the list's contact e-mail (else its URL), named to every service
    intervals: Mapping[str, float] = field(default_factory=lambda: dict(SERVICE_INTERVALS))
    timeout: float = 30.0  # for each request as a whole: connect, headers and body
    retries: int = 3
    backoff_factor: float = 1.0
    retry_after_cap: float = 120.0
    cache_dir: Path | None = None
    cache_max_age: float = 86400.0
    github_token: str | None = None
    semantic_scholar_key: str | None = None
    openalex_key: str | None = None
    # Link-local and metadata addresses are never contacted; private and loopback ones
    # (a stand-in service on 127.0.0.1) only with this.
    allow_private: bool = False

    @classmethod
    def from_environment(
        cls,
        contact: str,
        cache_dir: Path | None,
        environ: Mapping[str, str] | None = None,
        *,
        allow_private: bool = False,
    ) -> Settings:
        """Keys, and the pacing and backoff that tests (only) shorten, from the environment."""
        environ = os.environ if environ is None else environ
        intervals = dict(SERVICE_INTERVALS)
        for service, variable in _INTERVAL_VARIABLES.items():
            if (seconds := _seconds(environ.get(variable))) is not None:
                intervals[service] = seconds
        backoff = _seconds(environ.get("SOURCES_BACKOFF"))
        return cls(
            contact=contact,
            cache_dir=cache_dir,
            intervals=intervals,
            backoff_factor=cls.backoff_factor if backoff is None else backoff,
            github_token=environ.get("GITHUB_TOKEN") or None,
            semantic_scholar_key=environ.get("SEMANTIC_SCHOLAR_API_KEY") or None,
            openalex_key=environ.get("OPENALEX_API_KEY") or None,
            allow_private=allow_private,
        )

    @property
    def email(self) -> str:
        """The contact when it is an e-mail address: the polite pools' `mailto`."""
        address = self.contact.strip().removeprefix("mailto:")
        return address if "@" in address and "://" not in address else ""

    @property
    def user_agent(self) -> str:
        return user_agent(self.contact)

    def key_for(self, service: str) -> str | None:
        keys = {
            "OpenAlex": self.openalex_key,
            "Semantic Scholar": self.semantic_scholar_key,
            "GitHub": self.github_token,
        }
        return keys.get(service)


class Client:
    """`get`/`post` return an `Answer` or raise a `SourceError`."""

    def __init__(
        self,
        settings: Settings,
        endpoints: Endpoints | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.endpoints = endpoints or Endpoints()
        self._pacer = Pacer(settings.intervals, clock, sleep)
        self._wall_clock = wall_clock
        self._blocked_until: dict[str, float] = {}
        self._cache = (
            Cache(settings.cache_dir, settings.cache_max_age, wall_clock)
            if settings.cache_dir
            else None
        )
        retries = Retries(
            total=settings.retries,
            backoff_factor=settings.backoff_factor,
            retry_after_cap=settings.retry_after_cap,
            redirect=5,
            methods=frozenset({"GET", "POST"}),  # every POST here is a read (S2 batch)
        )
        self._session = make_session(
            allow_private=settings.allow_private, agent=settings.user_agent, retries=retries
        )

    def close(self) -> None:
        self._session.close()

    def get(
        self,
        service: str,
        url: str,
        params: Mapping[str, Any] | None = None,
        *,
        accept: str = JSON_TYPE,
        **headers: str,
    ) -> Answer:
        if params:
            url = f"{url}?{urlencode(params, doseq=True)}"
        return self._request(service, "GET", url, None, {"Accept": accept, **headers})

    def post(self, service: str, url: str, body: Any, **headers: str) -> Answer:
        return self._request(service, "POST", url, body, {"Accept": JSON_TYPE, **headers})

    def _request(
        self, service: str, method: str, url: str, body: Any, headers: Mapping[str, str]
    ) -> Answer:
        key = Cache.key(method, url, body)
        cached = self._cache.get(key) if self._cache else None
        if cached is not None:
            return cached
        self._refuse_while_blocked(service)
        with self._pacer.turn(service):
            answer = self._send(service, method, url, body, headers)
        self._note_rate_limit(service, answer)
        self._raise_for_status(service, url, answer)
        if self._cache:
            self._cache.put(key, answer)
        return answer

    def _refuse_while_blocked(self, service: str) -> None:
        until = self._blocked_until.get(service)
        if until is not None and self._wall_clock() < until:
            raise RateLimited(service, "not asked again in this run", repeat=True)

    def _send(
        self, service: str, method: str, url: str, body: Any, headers: Mapping[str, str]
    ) -> Answer:
        settings = self.settings
        whole = settings.timeout * (settings.retries + 1) + settings.retry_after_cap
        with deadline(whole, per_attempt=settings.timeout):
            try:
                return self._exchange(method, url, body, headers)
            except AddressRefused as refused:
                raise SourceError(service, refused.message, kind=Kind.REFUSED_ADDRESS) from None
            except NetError as error:
                message = f"{error.message}; giving up"
                raise SourceError(service, message, kind=error.kind) from None
            except requests.exceptions.RetryError:
                cap = settings.retry_after_cap
                message = f"asked to wait more than {cap:g} s; try again later"
                raise RateLimited(service, message, kind=Kind.RETRY_AFTER) from None
            except REQUEST_ERRORS as error:
                if time_left() <= 0:  # the deadline ended a request that took too long
                    failure = NetError(Kind.TIMEOUT, f"no answer within {settings.timeout:g} s")
                else:
                    failure = describe(error, settings.timeout)
                host = urlsplit(url).netloc
                message = f"cannot reach {host} ({failure.message}); try again later"
                raise SourceError(
                    service, message, kind=failure.kind, detail=failure.message
                ) from None

    def _exchange(self, method: str, url: str, body: Any, headers: Mapping[str, str]) -> Answer:
        timeout = self.settings.timeout
        with self._session.request(
            method, url, json=body, headers=dict(headers), timeout=(timeout, timeout), stream=True
        ) as response:
            raw = read_capped(response)
            if time_left() <= 0:  # the deadline cut the body short: what came is not all
                raise NetError(Kind.TIMEOUT, f"no complete answer within {timeout:g} s")
            return Answer(response.status_code, dict(response.headers), _decode(raw, response))

    def _note_rate_limit(self, service: str, answer: Answer) -> None:
        headers = CaseInsensitiveDict(answer.headers)
        if headers.get("x-ratelimit-remaining") == "0":
            reset = _number(headers.get("x-ratelimit-reset"))
            self._blocked_until[service] = reset if reset is not None else math.inf

    def _raise_for_status(self, service: str, url: str, answer: Answer) -> None:
        status = answer.status
        if status < 400:
            return
        url = without_secrets(url)
        if status in {404, 410}:
            raise NotFound(service, f"no such record (HTTP {status} for {url})", status=status)
        if status == 429 or (status == 403 and _is_rate_limit(answer)):
            self._blocked_until.setdefault(service, math.inf)
            wait = retry_after(CaseInsensitiveDict(answer.headers))
            asked = f", asked to wait {wait:g} s" if wait is not None else ""
            message = f"rate limit reached (HTTP {status}{asked}){self._key_advice(service)}"
            raise RateLimited(service, message, status=status, answer=answer)
        if (status == 401 and service in KEY_VARIABLES) or (
            status == 403 and service in {"OpenAlex", "Semantic Scholar"}
        ):
            self._blocked_until[service] = math.inf
            message = f"refused for want of an API key or quota (HTTP {status})"
            raise RateLimited(service, message + self._key_advice(service), status=status)
        if status >= 500:
            raise SourceError(
                service, f"unavailable (HTTP {status}); try again later", status=status
            )
        message = f"refused the request (HTTP {status} for {url})"
        raise SourceError(service, message, status=status, answer=answer)

    def _key_advice(self, service: str) -> str:
        variable = KEY_VARIABLES.get(service)
        if variable is None:
            return "; try again later"
        if service == "GitHub" and not self.settings.github_token:
            return f"; try again later (a token in {variable} raises the limit)"
        if self.settings.key_for(service):
            return f"; the key in {variable} was refused or its quota is spent"
        return f"; set {variable} to give a key, or try again later"


_SECRET_PARAMETERS = frozenset({"api_key", "key", "token", "access_token"})


def without_secrets(url: str) -> str:
    """`url` with the values of key parameters hidden: messages end up in logs and issues."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    shown = [
        (name, "***" if name.lower() in _SECRET_PARAMETERS else value) for name, value in pairs
    ]
    return urlunsplit(parts._replace(query=urlencode(shown, safe="*")))


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _is_rate_limit(answer: Answer) -> bool:
    """GitHub answers 403 both for a spent limit and for a forbidden resource."""
    headers = CaseInsensitiveDict(answer.headers)
    text = answer.text.lower()
    return (
        headers.get("x-ratelimit-remaining") == "0"
        or "retry-after" in headers
        or "rate limit" in text
        or "abuse detection" in text
    )


def _decode(raw: bytes, response: requests.Response) -> str:
    # requests assumes ISO-8859-1 for text/* without a charset; these services send UTF-8.
    match = _CHARSET.search(response.headers.get("Content-Type", ""))
    try:
        return raw.decode(match.group(1) if match else "utf-8", errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")
