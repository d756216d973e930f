"""Which `Host` a preview answers: the defence against DNS rebinding.

A page on another site can point a name it owns at 127.0.0.1 and read the preview through it
(DNS rebinding); the browser then sends that name as `Host`. Like Vite and
webpack-dev-server, the preview answers only a `Host` that is an IP address, `localhost` (or
a name under `.localhost`, which resolves to this machine by RFC 6761) or the name it was
bound to, and refuses the rest with 400.

An engine whose own server is a WSGI application is wrapped by `guard_hosts`. One that runs
its own server in another process (Zensical) listens on a private loopback port behind a
`HostGate`: a front that reads each request head, refuses a foreign `Host`, and passes the
request on. Given an `answer`, the gate hands it the body of each plain GET's answer (the
preview's sanitizer, `generator.site.postbuild.sanitized_answer`), so that the engine's own
server shows what the built site holds; anything else (live reload's WebSocket, a request
with a body) is passed through both ways as bytes for the rest of its connection.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import ipaddress
import re
import socket
import socketserver
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import urlsplit

REFUSED_STATUS = "400 Bad Request"
REFUSED_BODY = (
    b"Blocked request: this Host is not allowed. The preview answers only localhost, "
    b"an IP address or the host it was started on (--dev-addr).\n"
)
UNREACHABLE_BODY = b"The preview's engine does not answer; it may be restarting.\n"

_HOST_HEADER = re.compile(rb"^host:[ \t]*([^\r\n]*?)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
MAX_HEAD_BYTES = 64 * 1024
HEAD_TIMEOUT_SECONDS = 30  # a client that sends no request head in this time is let go
_CHUNK = 64 * 1024
UPSTREAM_TIMEOUT_SECONDS = 120  # a first build of a large list answers late
# Headers about one connection (RFC 9110 7.6.1), and the one that would let the engine
# compress what the gate must read.
_NOT_PASSED = frozenset(
    {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding",
     "upgrade", "content-length", "accept-encoding"}
)  # fmt: skip
_PLAIN_METHODS = ("GET", "HEAD")

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
# What the client is sent instead of the body of a plain GET's answer, given the request's
# path, the answer's Content-Type and its body.
Answer = Callable[[str, str, bytes], bytes]


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
    """Listens on `address` and passes each request that names an allowed host to the server
    at `upstream` (on this machine), the body of a plain GET's answer through `answer` when
    given; refuses the others with 400."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self, address: tuple[str, int], upstream: tuple[str, int], answer: Answer | None = None
    ) -> None:
        host = address[0].strip("[]")
        if ":" in host:
            self.address_family = socket.AF_INET6
        self.bound_host = host
        self.upstream = upstream
        self.answer = answer
        super().__init__((host, address[1]), _GateHandler)

    def serve_in_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, daemon=True)
        thread.start()
        return thread

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that leaves a page before its answer is sent is no error to report."""
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class _GateHandler(socketserver.BaseRequestHandler):
    server: HostGate

    def handle(self) -> None:
        client: socket.socket = self.request
        pending = b""
        while True:
            head, pending = _read_head(client, pending)
            if head is None:
                return
            if not host_allowed(request_host(head), self.server.bound_host):
                client.sendall(refused_response())
                return
            request = _Request.parse(head)
            answer = self.server.answer
            if answer is None or not request.is_plain:
                self._pass_through(client, head + pending)
                return
            try:
                client.sendall(self._answered(request, answer))
            except (OSError, http.client.HTTPException):
                client.sendall(_unreachable_response())
                return
            if not request.keeps_alive:
                return

    def _pass_through(self, client: socket.socket, sent: bytes) -> None:
        try:
            upstream = socket.create_connection(self.server.upstream, timeout=10)
        except OSError:
            return
        with upstream:
            upstream.settimeout(None)
            client.settimeout(None)
            upstream.sendall(sent)
            backwards = threading.Thread(target=_pipe, args=(upstream, client), daemon=True)
            backwards.start()
            _pipe(client, upstream)
            backwards.join()

    def _answered(self, request: _Request, answer: Answer) -> bytes:
        """The engine's answer to `request` as the client is sent it: a GET's body through
        `answer`, the length set to match. OSError or HTTPException when the engine does not
        answer."""
        engine = http.client.HTTPConnection(*self.server.upstream, timeout=UPSTREAM_TIMEOUT_SECONDS)
        try:
            engine.putrequest(
                request.method, request.target, skip_host=True, skip_accept_encoding=True
            )
            for name, value in request.headers.items():
                if name.lower() not in _NOT_PASSED:
                    engine.putheader(name, value)
            engine.endheaders()
            response = engine.getresponse()
            body = response.read()
        finally:
            engine.close()
        length = response.getheader("Content-Length", "0")
        if request.method == "GET":
            if not response.getheader("Content-Encoding"):
                body = answer(request.path, response.getheader("Content-Type", ""), body)
            length = str(len(body))
        head = [f"HTTP/1.1 {response.status} {response.reason}"]
        head += [
            f"{name}: {value}"
            for name, value in response.getheaders()
            if name.lower() not in _NOT_PASSED
        ]
        head.append(f"Content-Length: {length}")
        if not request.keeps_alive:
            head.append("Connection: close")
        return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


@dataclass(frozen=True)
class _Request:
    """What the gate reads of a request head."""

    method: str
    target: str
    version: str
    headers: Message

    @classmethod
    def parse(cls, head: bytes) -> _Request:
        request_line, _, rest = head.partition(b"\n")
        method, target, version = [*request_line.decode("latin-1").split(), "", "", ""][:3]
        return cls(method, target, version, http.client.parse_headers(io.BytesIO(rest)))

    @property
    def path(self) -> str:
        return self.target.partition("?")[0]

    @property
    def is_plain(self) -> bool:
        """A GET or HEAD without a body that asks for no other protocol: one the gate answers
        itself, where it passes the others through as they are."""
        return (
            self.method in _PLAIN_METHODS
            and "upgrade" not in self.headers
            and "transfer-encoding" not in self.headers
            and self.headers.get("content-length", "0").strip() == "0"
        )

    @property
    def keeps_alive(self) -> bool:
        connection = self.headers.get("connection", "").lower()
        if self.version == "HTTP/1.0":
            return "keep-alive" in connection
        return "close" not in connection


def _unreachable_response() -> bytes:
    head = "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain; charset=utf-8\r\n"
    head += f"Content-Length: {len(UNREACHABLE_BODY)}\r\nConnection: close\r\n\r\n"
    return head.encode("ascii") + UNREACHABLE_BODY


def _read_head(client: socket.socket, pending: bytes = b"") -> tuple[bytes | None, bytes]:
    """The next request head the client sends (after `pending`, what it sent already), and
    what came after it; None when it sends none."""
    client.settimeout(HEAD_TIMEOUT_SECONDS)
    data = pending
    while b"\r\n\r\n" not in data and len(data) < MAX_HEAD_BYTES:
        try:
            chunk = client.recv(_CHUNK)
        except OSError:
            return None, b""
        if not chunk:
            return None, b""
        data += chunk
    head, found, rest = data.partition(b"\r\n\r\n")
    return (head + found, rest) if found else (data, b"")


def _pipe(source: socket.socket, target: socket.socket) -> None:
    """Copy bytes until `source` closes, then tell `target` nothing more comes."""
    with contextlib.suppress(OSError):
        while chunk := source.recv(_CHUNK):
            target.sendall(chunk)
    with contextlib.suppress(OSError):
        target.shutdown(socket.SHUT_WR)
