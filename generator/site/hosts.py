"""Which `Host` a preview answers: the defence against DNS rebinding.

A page on another site can point a name it owns at 127.0.0.1 and read the preview through it
(DNS rebinding); the browser then sends that name as `Host`. Like Vite and
webpack-dev-server, the preview answers only a `Host` that is an IP address, `localhost` (or
a name under `.localhost`, which resolves to this machine by RFC 6761) or the name it was
bound to, and refuses the rest with 400.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

REFUSED_STATUS = "400 Bad Request"
REFUSED_BODY = (
    b"Blocked request: this Host is not allowed. The preview answers only localhost, "
    b"an IP address or the host it was started on (--dev-addr).\n"
)

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def host_name(header: str) -> str | None:
    """The name or address of a `Host` header, without port or brackets; None if malformed."""
    try:
        parts = urlsplit(f"//{header}")
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return None
    name = parts.hostname
    return name.rstrip(".") if name else None


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def host_allowed(header: str | None, bound_host: str) -> bool:
    """Whether a request with this `Host` header may be answered by a preview bound to
    `bound_host`."""
    name = host_name(header) if header else None
    if not name:
        return False
    bound = bound_host.strip("[]").lower().rstrip(".")
    return _is_address(name) or name in {"localhost", bound} or name.endswith(".localhost")


def binds_every_interface(host: str) -> bool:
    """Whether serving on `host` lets every machine that can reach this one read the preview."""
    try:
        return host in {"", "*"} or ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def guard_hosts(app: WsgiApp, bound_host: str) -> WsgiApp:
    """The WSGI application `app`, answering only the hosts `host_allowed` lets through."""

    def guarded(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if host_allowed(environ.get("HTTP_HOST"), bound_host):
            return app(environ, start_response)
        headers = [("Content-Type", "text/plain; charset=utf-8")]
        start_response(REFUSED_STATUS, [*headers, ("Content-Length", str(len(REFUSED_BODY)))])
        return [REFUSED_BODY]

    return guarded
