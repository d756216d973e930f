"""Which `Host` a preview answers: the defence against DNS rebinding.

A page on another site can point a name it owns at 127.0.0.1 and read the preview through it
(DNS rebinding); the browser then sends that name as `Host`. Like Vite and
webpack-dev-server, the preview answers only a `Host` that is an IP address, `localhost` (or
a name under `.localhost`, which resolves to this machine by RFC 6761) or the name it was
bound to, and refuses the rest with 400.

An engine whose own server is a WSGI application is wrapped by `guard_hosts`. One that runs
its own server in another process (Zensical) listens on a private loopback port behind a
`HostGate`: a front that reads the first request of each connection, refuses a foreign
`Host`, and otherwise passes the bytes through both ways (live reload's WebSocket too). A
browser keeps one connection per origin, so a page under a rebound name never reaches the
engine's connection of `localhost`.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import socket
import socketserver
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

REFUSED_STATUS = "400 Bad Request"
REFUSED_BODY = (
    b"Blocked request: this Host is not allowed. The preview answers only localhost, "
    b"an IP address or the host it was started on (--dev-addr).\n"
)

_HOST_HEADER = re.compile(rb"^host:[ \t]*([^\r\n]*?)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
MAX_HEAD_BYTES = 64 * 1024
HEAD_TIMEOUT_SECONDS = 30  # a client that sends no request head in this time is let go
_CHUNK = 64 * 1024

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


def refused_response() -> bytes:
    head = f"HTTP/1.1 {REFUSED_STATUS}\r\nContent-Type: text/plain; charset=utf-8\r\n"
    head += f"Content-Length: {len(REFUSED_BODY)}\r\nConnection: close\r\n\r\n"
    return head.encode("ascii") + REFUSED_BODY


def request_host(head: bytes) -> str | None:
    """The one `Host` header of a request head; None when there is none, or several."""
    found = _HOST_HEADER.findall(head.partition(b"\r\n\r\n")[0])
    return found[0].decode("latin-1") if len(found) == 1 else None


class HostGate(socketserver.ThreadingTCPServer):
    """Listens on `address` and passes each connection whose first request names an allowed
    host to the server at `upstream` (on this machine); refuses the others with 400."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], upstream: tuple[str, int]) -> None:
        host = address[0].strip("[]")
        if ":" in host:
            self.address_family = socket.AF_INET6
        self.bound_host = host
        self.upstream = upstream
        super().__init__((host, address[1]), _GateHandler)

    def serve_in_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, daemon=True)
        thread.start()
        return thread


class _GateHandler(socketserver.BaseRequestHandler):
    server: HostGate

    def handle(self) -> None:
        client: socket.socket = self.request
        head = _read_head(client)
        if head is None:
            return
        if not host_allowed(request_host(head), self.server.bound_host):
            client.sendall(refused_response())
            return
        try:
            upstream = socket.create_connection(self.server.upstream, timeout=10)
        except OSError:
            return
        with upstream:
            upstream.settimeout(None)
            client.settimeout(None)
            upstream.sendall(head)
            backwards = threading.Thread(target=_pipe, args=(upstream, client), daemon=True)
            backwards.start()
            _pipe(client, upstream)
            backwards.join()


def _read_head(client: socket.socket) -> bytes | None:
    """What the client sent up to the end of its first request head, or None."""
    client.settimeout(HEAD_TIMEOUT_SECONDS)
    data = b""
    while b"\r\n\r\n" not in data and len(data) < MAX_HEAD_BYTES:
        try:
            chunk = client.recv(_CHUNK)
        except OSError:
            return None
        if not chunk:
            return None
        data += chunk
    return data


def _pipe(source: socket.socket, target: socket.socket) -> None:
    """Copy bytes until `source` closes, then tell `target` nothing more comes."""
    with contextlib.suppress(OSError):
        while chunk := source.recv(_CHUNK):
            target.sendall(chunk)
    with contextlib.suppress(OSError):
        target.shutdown(socket.SHUT_WR)
