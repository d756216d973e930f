"""One error type for every request that ended without an answer to judge (lychee's ErrorKind).

`describe` turns what requests, urllib3 or the socket raised into a `NetError` whose `kind`
says what happened and whose `details()` says what to do; the link checker maps the kind to
a link status, the service clients to a sentence naming the service.
"""

from __future__ import annotations

import enum
import http.client
from collections.abc import Iterator

import requests
import urllib3


class Kind(enum.Enum):
    TIMEOUT = "timeout"
    REFUSED_ADDRESS = "refused address"  # the address guard said no: nothing was sent
    DNS = "dns"
    TLS = "tls"
    CONNECTION = "connection"  # refused, reset or closed by the server
    NOT_HTTP = "not http"
    TOO_LARGE = "too large"
    RETRY_AFTER = "retry after"  # asked to wait longer than the cap
    INVALID_URL = "invalid url"
    OTHER = "other"


_ADVICE = {
    Kind.TIMEOUT: "the server is slow or holds the connection; try again later",
    Kind.REFUSED_ADDRESS: "private and loopback addresses need --allow-private",
    Kind.DNS: "check the host name, or whether you are offline",
    Kind.TLS: "the server's certificate cannot be verified",
    Kind.CONNECTION: "the server is down or refuses connections; try again later",
    Kind.NOT_HTTP: "the port does not speak HTTP",
    Kind.TOO_LARGE: "the answer is larger than any answer this tool reads",
    Kind.RETRY_AFTER: "the service asks to wait longer than the cap; try again later",
    Kind.INVALID_URL: "fix the URL",
    Kind.OTHER: "try again later",
}


class NetError(Exception):
    """A request that ended without an answer: its kind, and a short reason."""

    def __init__(self, kind: Kind, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message

    def details(self) -> str:
        """What the user can do about it."""
        return _ADVICE[self.kind]


NO_ANSWER = "no answer"  # connected, but the server said nothing in time
# What a request can raise for a bad URL or a bad answer (a bug elsewhere still surfaces).
REQUEST_ERRORS = (
    requests.RequestException,
    urllib3.exceptions.HTTPError,
    http.client.HTTPException,
    OSError,
    ValueError,
)


def describe(error: BaseException, timeout: float) -> NetError:
    """The kind and a short reason for an exception of requests/urllib3."""
    causes = list(_causes(error))
    names = {type(c).__name__ for c in causes}
    text = " ".join(str(c) for c in causes).lower()
    if names & {"ConnectTimeoutError", "ConnectTimeout"}:
        return NetError(Kind.TIMEOUT, f"cannot connect within {timeout:g} s")
    if names & {"ReadTimeoutError", "ReadTimeout"}:
        return NetError(Kind.TIMEOUT, f"{NO_ANSWER} within {timeout:g} s")
    if "NameResolutionError" in names or "name or service not known" in text:
        return NetError(Kind.DNS, "DNS: the host name does not resolve")
    if names & {"SSLError", "SSLCertVerificationError"}:
        return NetError(Kind.TLS, f"TLS: {_last_words(causes)}")
    if "ConnectionRefusedError" in names or "connection refused" in text:
        return NetError(Kind.CONNECTION, "connection refused")
    if names & {"BadStatusLine", "LineTooLong", "LineAndFileWrapper", "HeaderParsingError"}:
        return NetError(Kind.NOT_HTTP, "not HTTP: the server's answer is not an HTTP response")
    if "ConnectionResetError" in names or "reset by peer" in text:
        return NetError(Kind.CONNECTION, "connection reset by the server")
    if "RemoteDisconnected" in names:
        return NetError(Kind.CONNECTION, "the server closed the connection without answering")
    if isinstance(error, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema):
        return NetError(Kind.INVALID_URL, "invalid URL")
    return NetError(Kind.OTHER, _last_words(causes))


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
