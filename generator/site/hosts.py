"""Which `Host` a preview answers: the defence against DNS rebinding.

A page on another site can point a name it owns at 127.0.0.1 and read the preview through it
(DNS rebinding); the browser then sends that name as `Host`. Like Vite and
webpack-dev-server, the preview answers only a `Host` that is an IP address, `localhost` (or
a name under `.localhost`, which resolves to this machine by RFC 6761) or the name it was
bound to, and refuses the rest with 400.

An engine whose own server is a WSGI application is wrapped by `guard_hosts`. One that runs
its own server in another process (Zensical) listens on a private loopback port behind a
`HostGate`: a front that reads each request head and refuses a foreign `Host`. Given its
`Answering` (the preview's sanitizer, `generator.site.postbuild`), the gate asks the engine
itself and passes the answers it reads through it, so that the engine's own server shows
what the built site holds; it answers only GET and HEAD without a body (the preview is
static), and passes live reload's WebSocket through as bytes both ways.
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
import time
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
HEAD_TIMEOUT_SECONDS = 30  # a client that sends no whole request head in this time is let go
_CHUNK = 64 * 1024
UPSTREAM_TIMEOUT_SECONDS = 120  # a first build of a large list answers late
# Headers about one connection (RFC 9110 7.6.1), which the gate does not pass on.
_NOT_PASSED = frozenset(
    {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding",
     "upgrade", "content-length"}
)  # fmt: skip
# Nor does the engine get asked for a compressed or a partial answer, which the gate could
# not read or pass through `answer`.
_NOT_ASKED = _NOT_PASSED | {"accept-encoding", "range", "if-range"}
_PLAIN_METHODS = ("GET", "HEAD")

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
    return plain_response(REFUSED_STATUS, REFUSED_BODY)


def plain_response(status: str, body: bytes) -> bytes:
    """A short text answer of the gate itself, after which it closes the connection."""
    head = f"HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\n"
    head += f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    return head.encode("ascii") + body


def request_host(head: bytes) -> str | None:
    """The one `Host` header of a request head; None when there is none, or several."""
    found = _HOST_HEADER.findall(head.partition(b"\r\n\r\n")[0])
    return found[0].decode("latin-1") if len(found) == 1 else None


@dataclass(frozen=True)
class Answering:
    """What a gate does with the engine's answers: `reads(path, content_type)` says which it
    reads whole, and `answer(path, content_type, body)` what the client is sent instead of
    such a body."""

    reads: Callable[[str, str], bool]
    answer: Callable[[str, str, bytes], bytes]


class HostGate(socketserver.ThreadingTCPServer):
    """Listens on `address` and passes each request that names an allowed host to the server
    at `upstream` (on this machine); refuses the others with 400. It asks the engine itself,
    for GET and HEAD only, and passes the answers through `answering`."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        upstream: tuple[str, int],
        answering: Answering,
    ) -> None:
        host = address[0].strip("[]")
        if ":" in host:
            self.address_family = socket.AF_INET6
        self.bound_host = host
        self.upstream = upstream
        self.answering = answering
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
            if request.is_websocket:
                self._pass_through(client, head + pending)
                return
            if request.problem:
                client.sendall(plain_response(*request.problem))
                return
            try:
                self._answer(client, request, self.server.answering)
            except (OSError, http.client.HTTPException):
                client.sendall(plain_response("502 Bad Gateway", UNREACHABLE_BODY))
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

    def _answer(self, client: socket.socket, request: _Request, answering: Answering) -> None:
        """Send the client the engine's answer to `request`: a body `answering` reads through
        its `answer` (a HEAD's length is that of the GET's answered body), anything else as
        the engine streams it. OSError or HTTPException when the engine does not answer."""
        engine = http.client.HTTPConnection(*self.server.upstream, timeout=UPSTREAM_TIMEOUT_SECONDS)
        try:
            engine.putrequest("GET", request.target, skip_host=True, skip_accept_encoding=True)
            for name, value in _passed(request.headers, _NOT_ASKED):
                engine.putheader(name, value)
            engine.endheaders()
            response = engine.getresponse()
            headers = _passed(response.msg, _NOT_PASSED)
            kind = response.getheader("Content-Type", "")
            length = response.getheader("Content-Length")
            if response.getheader("Content-Encoding") or not answering.reads(request.path, kind):
                client.sendall(_response_head(response, headers, length, request))
                while request.method == "GET" and (chunk := response.read(_CHUNK)):
                    client.sendall(chunk)
                return
            body = answering.answer(request.path, kind, response.read())
        finally:
            engine.close()
        headers = [(n, _weak(v) if n.lower() == "etag" else v) for n, v in headers]
        client.sendall(_response_head(response, headers, str(len(body)), request))
        if request.method == "GET":
            client.sendall(body)


def _passed(headers: Message, dropped: frozenset[str]) -> list[tuple[str, str]]:
    """The headers that pass the gate: not `dropped`, nor named by `Connection`."""
    named = {t.strip().lower() for v in headers.get_all("connection", []) for t in v.split(",")}
    return [(n, v) for n, v in headers.items() if n.lower() not in dropped | named]


def _weak(etag: str) -> str:
    """The tag of a body the gate changed: the same meaning, not the same bytes."""
    return etag if etag.startswith("W/") else f"W/{etag}"


def _response_head(
    response: http.client.HTTPResponse,
    headers: list[tuple[str, str]],
    length: str | None,
    request: _Request,
) -> bytes:
    lines = [f"HTTP/1.1 {response.status} {response.reason}"]
    lines += [f"{name}: {value}" for name, value in headers]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    if length is None or not request.keeps_alive:  # without a length, the close ends the body
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


# A request target the gate passes on: an absolute path of printable ASCII.
_TARGET = re.compile(r"^/[\x21-\x7e]*$")


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
    def is_websocket(self) -> bool:
        """Live reload's socket, which the gate passes through as bytes both ways."""
        upgrade = self.headers.get("upgrade", "").strip().lower()
        return self.method == "GET" and upgrade == "websocket"

    @property
    def problem(self) -> tuple[str, bytes] | None:
        """Why the gate refuses the request (status, words), if it does: the preview is
        static, so it answers GET and HEAD (methods are case-sensitive), without a body."""
        if self.method not in _PLAIN_METHODS:
            return "405 Method Not Allowed", b"The preview answers GET and HEAD only.\n"
        if not _TARGET.match(self.target) or self.version not in ("HTTP/1.0", "HTTP/1.1"):
            return REFUSED_STATUS, b"The request line is not one the preview reads.\n"
        has_body = self.headers.get("content-length", "0").strip() != "0"
        if has_body or "transfer-encoding" in self.headers or "upgrade" in self.headers:
            return REFUSED_STATUS, b"A GET or HEAD of the preview has no body nor upgrade.\n"
        return None

    @property
    def keeps_alive(self) -> bool:
        connection = self.headers.get("connection", "").lower()
        if self.version == "HTTP/1.0":
            return "keep-alive" in connection
        return "close" not in connection


def _read_head(client: socket.socket, pending: bytes = b"") -> tuple[bytes | None, bytes]:
    """The next request head the client sends (after `pending`, what it sent already), and
    what came after it; None when it sends none within HEAD_TIMEOUT_SECONDS."""
    deadline = time.monotonic() + HEAD_TIMEOUT_SECONDS
    data = pending
    while b"\r\n\r\n" not in data and len(data) < MAX_HEAD_BYTES:
        left = deadline - time.monotonic()
        if left <= 0:
            return None, b""
        try:
            client.settimeout(left)
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
