"""What a service client raises: one error, with the two cases callers act on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.net.errors import Kind

if TYPE_CHECKING:
    from .cache import Answer


class SourceError(Exception):
    """A service could not answer; the message says which, what happened and what to do.

    `status` is the HTTP status of a refusal (its `answer` kept for the caller to read),
    `kind` the network error when there was no answer; `repeat` marks a service already
    reported as refusing in this run, so that it is said once.
    """

    def __init__(
        self,
        service: str,
        message: str,
        *,
        status: int | None = None,
        kind: Kind | None = None,
        answer: Answer | None = None,
        repeat: bool = False,
        detail: str = "",
    ) -> None:
        super().__init__(f"{service}: {message}")
        self.service = service
        self.reason = message
        self.status = status
        self.kind = kind
        self.answer = answer
        self.repeat = repeat
        self.detail = detail or message  # the network's reason alone, without advice


class NotFound(SourceError):
    """The service answered, and knows no such thing (HTTP 404 or 410)."""


class RateLimited(SourceError):
    """The service's rate limit, quota or key is spent or missing: not asked again this run."""
