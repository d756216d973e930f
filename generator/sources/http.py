"""One polite HTTP client for every outside service: paced, retried, cached, rate-limit aware.

Retries (429 and 5xx, with exponential backoff and `Retry-After`) are urllib3's `Retry`. On top
of it: a minimum interval between two requests to one service (arXiv asks for one request
every 3 s), a stop for a service whose rate limit is spent (GitHub's `X-RateLimit-Remaining`
and `X-RateLimit-Reset`, a 403/429 with `Retry-After`) so that its other requests fail at once
instead of being sent, and a cache of successful answers in one directory.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
from requests.structures import CaseInsensitiveDict

from generator import user_agent
from generator.files import write_atomic
from generator.json_input import parse_json
from generator.links.client import PoliteRetry, describe, retry_after
from generator.links.guard import AddressRefused, GuardedAdapter, Policy
from generator.sources.metadata import Services

SEMANTIC_SCHOLAR_API_URL = "https://api.semanticscholar.org/graph/v1"
OPENALEX_API_URL = "https://api.openalex.org"
GITHUB_API_URL = "https://api.github.com"
MAX_BYTES = 20_000_000
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Seconds between two requests to one service: arXiv's terms ask for 3 s; Semantic Scholar
# allows one request per second without a key.
DEFAULT_INTERVALS: Mapping[str, float] = {
    "arXiv": 3.0,
    "Semantic Scholar": 1.0,
    "OpenAlex": 0.1,
    "GitHub": 0.0,
}


_INTERVAL_VARIABLES = {"arXiv": "ARXIV_DELAY", "Semantic Scholar": "SEMANTIC_SCHOLAR_DELAY"}


def _seconds(text: str | None) -> float | None:
    try:
        value = float(text) if text else None
    except ValueError:
        return None
    return value if value is not None and 0 <= value < math.inf else None


class SourceError(Exception):
    """A service could not answer; the message says which, what happened and what to do."""

    def __init__(self, service: str, message: str) -> None:
        super().__init__(f"{service}: {message}")
        self.service = service


class NotFound(SourceError):
    """The service answered, and knows no such thing (HTTP 404 or 410)."""


class RateLimited(SourceError):
    """The service's rate limit is spent; no more requests go to it in this run."""


@dataclass(frozen=True)
class Endpoints:
    """Base URLs of the services (tests point them at 127.0.0.1)."""

    arxiv: str = Services().arxiv
    semantic_scholar: str = SEMANTIC_SCHOLAR_API_URL
    openalex: str = OPENALEX_API_URL
    github: str = GITHUB_API_URL

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Endpoints:
        environ = os.environ if environ is None else environ
        return cls(
            arxiv=Services.from_environment(environ).arxiv,  # the variable `new` reads
            semantic_scholar=environ.get("SEMANTIC_SCHOLAR_API_URL") or SEMANTIC_SCHOLAR_API_URL,
            openalex=environ.get("OPENALEX_API_URL") or OPENALEX_API_URL,
            github=environ.get("GITHUB_API_URL") or GITHUB_API_URL,
        )


@dataclass(frozen=True)
class Settings:
    contact: str = ""
    intervals: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_INTERVALS))
    timeout: float = 30.0
    retries: int = 3
    backoff_factor: float = 1.0
    retry_after_cap: float = 120.0
    cache_dir: Path | None = None
    cache_max_age: float = 86400.0
    github_token: str | None = None
    semantic_scholar_key: str | None = None
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
        """Tokens, and the pacing and backoff that tests (only) shorten, from the environment."""
        environ = os.environ if environ is None else environ
        intervals = dict(DEFAULT_INTERVALS)
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
            allow_private=allow_private,
        )

    @property
    def user_agent(self) -> str:
        return user_agent(detail=f"contact: {self.contact}" if self.contact else "")


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Mapping[str, str]
    text: str

    def json(self, service: str) -> Any:
        try:
            return parse_json(self.text)
        except ValueError:
            raise SourceError(service, "the answer is not JSON; try again later") from None


class Pacer:
    """At least `intervals[service]` seconds between the starts of two requests to a service."""

    def __init__(
        self,
        intervals: Mapping[str, float],
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._intervals = intervals
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}

    def wait(self, service: str) -> None:
        now = self._clock()
        due = self._next.get(service, -math.inf)
        if now < due:
            self._sleep(due - now)
            now = due
        self._next[service] = now + self._intervals.get(service, 0.0)


class Cache:
    """Successful answers, one JSON file per request, trusted for `max_age` seconds."""

    def __init__(
        self, directory: Path, max_age: float, clock: Callable[[], float] = time.time
    ) -> None:
        self._directory = directory
        self._max_age = max_age
        self._clock = clock

    @staticmethod
    def key(method: str, url: str, body: Any) -> str:
        text = json.dumps([method, url, body], sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, key: str) -> Answer | None:
        try:
            data = parse_json((self._directory / f"{key}.json").read_bytes())
            age = self._clock() - float(data["stored_at"])
            if not 0 <= age <= self._max_age:
                return None
            return Answer(int(data["status"]), dict(data["headers"]), str(data["text"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, answer: Answer) -> None:
        data = {
            "stored_at": self._clock(),
            "status": answer.status,
            "headers": dict(answer.headers),
            "text": answer.text,
        }
        with contextlib.suppress(OSError):  # an unwritable cache only costs a request later
            write_atomic(self._directory / f"{key}.json", json.dumps(data))


class Client:
    """The one session: `get`/`post` return an `Answer` or raise a `SourceError`."""

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
        self._session = _make_session(settings)

    def close(self) -> None:
        self._session.close()

    def get(
        self, service: str, url: str, params: Mapping[str, Any] | None = None, **headers: str
    ) -> Answer:
        if params:
            url = f"{url}?{urlencode(params, doseq=True)}"
        return self._request(service, "GET", url, None, headers)

    def post(self, service: str, url: str, body: Any, **headers: str) -> Answer:
        return self._request(service, "POST", url, body, headers)

    def _request(
        self, service: str, method: str, url: str, body: Any, headers: Mapping[str, str]
    ) -> Answer:
        key = Cache.key(method, url, body)
        cached = self._cache.get(key) if self._cache else None
        if cached is not None:
            return cached
        self._refuse_while_blocked(service)
        self._pacer.wait(service)
        answer = self._send(service, method, url, body, headers)
        self._note_rate_limit(service, answer)
        _raise_for_status(service, url, answer, self._blocked_until)
        if self._cache:
            self._cache.put(key, answer)
        return answer

    def _refuse_while_blocked(self, service: str) -> None:
        until = self._blocked_until.get(service)
        if until is not None and self._wall_clock() < until:
            raise RateLimited(service, "rate limit spent; not asked again in this run")

    def _send(
        self, service: str, method: str, url: str, body: Any, headers: Mapping[str, str]
    ) -> Answer:
        try:
            with self._session.request(
                method,
                url,
                json=body,
                headers=dict(headers),
                timeout=(self.settings.timeout, self.settings.timeout),
                stream=True,
            ) as response:
                raw = response.raw.read(MAX_BYTES + 1, decode_content=True)
                if len(raw) > MAX_BYTES:
                    raise SourceError(service, f"sent more than {MAX_BYTES} bytes; giving up")
                return Answer(
                    response.status_code,
                    dict(response.headers),
                    raw.decode(response.encoding or "utf-8", errors="replace"),
                )
        except AddressRefused as refused:
            raise SourceError(service, refused.message) from None
        except requests.exceptions.RetryError:
            raise RateLimited(
                service,
                f"asked to wait more than {self.settings.retry_after_cap:g} s; try again later",
            ) from None
        except (requests.RequestException, OSError) as error:
            _, reason = describe(error, self.settings.timeout)
            host = urlsplit(url).netloc
            raise SourceError(service, f"cannot reach {host} ({reason}); try again later") from None

    def _note_rate_limit(self, service: str, answer: Answer) -> None:
        headers = {name.lower(): value for name, value in answer.headers.items()}
        if headers.get("x-ratelimit-remaining") == "0":
            reset = _number(headers.get("x-ratelimit-reset"))
            self._blocked_until[service] = reset if reset is not None else math.inf


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _raise_for_status(
    service: str, url: str, answer: Answer, blocked_until: dict[str, float]
) -> None:
    status = answer.status
    if status < 400:
        return
    if status in {404, 410}:
        raise NotFound(service, f"no such record (HTTP {status} for {url})")
    if status == 429 or (status == 403 and _is_rate_limit(answer)):
        blocked_until.setdefault(service, math.inf)
        wait = retry_after(CaseInsensitiveDict(answer.headers))
        asked = f", asked to wait {wait:g} s" if wait is not None else ""
        raise RateLimited(service, f"rate limit reached (HTTP {status}{asked}); try again later")
    if status >= 500:
        raise SourceError(service, f"unavailable (HTTP {status}); try again later")
    raise SourceError(service, f"refused the request (HTTP {status} for {url})")


def _is_rate_limit(answer: Answer) -> bool:
    """GitHub answers 403 both for a spent limit and for a forbidden resource."""
    headers = {name.lower(): value for name, value in answer.headers.items()}
    return (
        headers.get("x-ratelimit-remaining") == "0"
        or "retry-after" in headers
        or "rate limit" in answer.text.lower()
    )


def _make_session(settings: Settings) -> requests.Session:
    retry = PoliteRetry(
        total=settings.retries,
        redirect=5,
        allowed_methods=frozenset({"GET", "POST"}),  # every POST here is a read (S2 batch)
        status_forcelist=RETRY_STATUSES,
        backoff_factor=settings.backoff_factor,
        backoff_max=settings.retry_after_cap,
        respect_retry_after_header=True,
        raise_on_status=False,
        retry_after_cap=settings.retry_after_cap,
    )
    session = requests.Session()
    adapter = GuardedAdapter(Policy(settings.allow_private), max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": settings.user_agent, "Accept": "application/json"})
    return session
