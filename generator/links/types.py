"""The values every link stage shares: what a link's check concluded, and where it came from."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Any


class Status(enum.StrEnum):
    OK = "ok"
    REDIRECTED = "redirected"  # permanently moved: the list should link the new URL
    BROKEN = "broken"
    BLOCKED = "blocked"  # the host refuses automated checks; a human has to look
    TIMEOUT = "timeout"
    ERROR = "error"
    EXCLUDED = "excluded"

    @property
    def fails(self) -> bool:
        """Whether this status makes the check fail (redirected and blocked only warn)."""
        return self in _FAILING


_FAILING = frozenset({Status.BROKEN, Status.TIMEOUT, Status.ERROR})

# The order in which reports list the statuses: what needs fixing first.
STATUS_ORDER = (
    Status.BROKEN,
    Status.ERROR,
    Status.TIMEOUT,
    Status.REDIRECTED,
    Status.BLOCKED,
    Status.EXCLUDED,
    Status.OK,
)


@dataclass(frozen=True, order=True)
class Source:
    """A place a URL appears: a file (relative to the project root) and a 1-based line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"

    @classmethod
    def parse(cls, text: str) -> Source:
        """The Source that `str` wrote as `file:line`; ValueError for anything else."""
        file, colon, line = text.rpartition(":")
        if not colon or not file or not line.isdecimal() or int(line) < 1:
            raise ValueError(f"{text!r} is not a place 'file:line'")
        return cls(file, int(line))


@dataclass(frozen=True)
class Hop:
    """One redirect: the status code that sent us on, and where to."""

    code: int
    url: str


@dataclass(frozen=True)
class LinkResult:
    url: str
    status: Status
    code: int | None = None
    final_url: str | None = None
    redirects: tuple[Hop, ...] = ()
    sources: tuple[Source, ...] = ()
    error: str | None = None
    elapsed_ms: int = 0
    cached: bool = field(default=False, compare=False)

    @property
    def new_url(self) -> str | None:
        """Where the permanent redirects at the start of the chain lead: the URL to link."""
        target = None
        for hop in self.redirects:
            if hop.code not in PERMANENT_REDIRECTS:
                break
            target = hop.url
        return target

    def with_sources(self, sources: tuple[Source, ...]) -> LinkResult:
        return replace(self, sources=sources)

    @classmethod
    def from_json(cls, data: Any, url: str | None = None) -> LinkResult:
        """The result `to_json` wrote (`url` given when the data leaves it out).

        ValueError when any field is missing or has a wrong type: the data may come from a
        file that someone else wrote.
        """
        if not isinstance(data, dict):
            raise ValueError("a result is not a mapping")
        redirects = data.get("redirects", [])
        sources = data.get("sources", [])
        if not isinstance(redirects, list | tuple) or len(redirects) > MAX_REDIRECTS_KEPT:
            raise ValueError("'redirects' is not a short list")
        if not isinstance(sources, list | tuple):
            raise ValueError("'sources' is not a list")
        try:
            status = Status(data.get("status"))
            hops = tuple(Hop(_exactly(h["code"], int), _exactly(h["url"], str)) for h in redirects)
        except (KeyError, TypeError):
            raise ValueError("a redirect is not a mapping with 'code' and 'url'") from None
        return cls(
            url=_exactly(data.get("url") if url is None else url, str),
            status=status,
            code=_optional(data.get("code"), int),
            final_url=_optional(data.get("final_url"), str),
            redirects=hops,
            sources=tuple(Source.parse(_exactly(s, str)) for s in sources),
            error=_optional(data.get("error"), str),
            elapsed_ms=_exactly(data.get("elapsed_ms", 0), int),
        )

    def to_json(self) -> dict[str, Any]:
        # Field by field: dataclasses.asdict deep-copies every value, and took 70 % of the
        # time of writing the report of a 10,000-URL check.
        return {
            "url": self.url,
            "status": str(self.status),
            "code": self.code,
            "final_url": self.final_url,
            "redirects": [{"code": hop.code, "url": hop.url} for hop in self.redirects],
            "sources": [str(s) for s in self.sources],
            "error": self.error,
            "elapsed_ms": self.elapsed_ms,
            "new_url": self.new_url,
        }


def _exactly(value: Any, kind: type) -> Any:
    if type(value) is not kind:
        raise ValueError(f"{value!r} is not a {kind.__name__}")
    return value


def _optional(value: Any, kind: type) -> Any:
    return None if value is None else _exactly(value, kind)


MAX_REDIRECTS_KEPT = 100  # more than any configured max_redirects
PERMANENT_REDIRECTS = frozenset({301, 308})
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
