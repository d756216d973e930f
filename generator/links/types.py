"""The values every link stage shares: what a link's check concluded, and where it came from."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field, replace
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

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = str(self.status)
        data["sources"] = [str(s) for s in self.sources]
        data["new_url"] = self.new_url
        del data["cached"]
        return data


PERMANENT_REDIRECTS = frozenset({301, 308})
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
