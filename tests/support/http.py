"""The one loopback HTTP server of the tests, and the stand-in for outside services on it.

`running` starts any handler on 127.0.0.1 (or another loopback address) for the duration of a
test; the link checker's `LinkServer` and the site's file server run on it. `StandIn` answers
as the outside services do: a route maps (method, path) to a function of the request, or a
canned reply is given for an exact path and query (`add`, for answers recorded from a
service and kept under tests/fixtures/); every request is recorded.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # clients that hang up early (timeouts, caps) are what many tests are about


@contextmanager
def running(handler: Callable[..., BaseHTTPRequestHandler], host: str = "127.0.0.1"):
    """`handler` served on a free port of `host`; yields the server."""
    server = LoopbackServer((host, 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def serving(
    handler: type[BaseHTTPRequestHandler], monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """Serve `handler` on a free loopback port; yields the base URL. A proxy set in the
    environment is bypassed for it."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with running(handler) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}"


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any = None


Answer = tuple[int, dict[str, str], str | bytes]
Route = Callable[[Request], Answer]


def reply(
    body: str | bytes,
    status: int = 200,
    content_type: str = "text/plain; charset=utf-8",
    delay: float = 0.0,
    **headers: str,
) -> Route:
    """A fixed answer, after `delay` seconds (for timeout tests)."""

    def answer(_request: Request) -> Answer:
        if delay:
            time.sleep(delay)
        return status, {"Content-Type": content_type, **headers}, body

    return answer


def json_answer(data: Any, status: int = 200, **headers: str) -> Answer:
    return status, {"Content-Type": "application/json", **headers}, json.dumps(data)


def error(status: int, message: str = "error", **headers: str) -> Route:
    return lambda _request: json_answer({"message": message}, status, **headers)


@dataclass
class StandIn:
    routes: dict[tuple[str, str], Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    base: str = ""

    def route(self, method: str, path: str, answer: Route) -> None:
        """Answer `method` on `path`, whatever the query."""
        self.routes[(method, path)] = answer

    def add(self, target: str, body: str | bytes, status: int = 200, **options: Any) -> None:
        """Answer GET on exactly `target` (path and query) with `body`; see `reply`."""
        headers = options.pop("headers", {})
        self.routes[("GET", target)] = reply(body, status, **options, **headers)

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[Request]:
        return [request for request in self.requests if request.path == path]

    def answer(self, method: str, target: str, headers: dict[str, str], body: Any) -> Answer:
        parts = urlsplit(target)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        request = Request(method, parts.path, query, headers, body)
        self.requests.append(request)
        route = self.routes.get((method, target)) or self.routes.get((method, parts.path))
        return route(request) if route else error(404, "Not Found")(request)


def stand_in_handler(server: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._answer(None)

        def do_HEAD(self) -> None:
            self._answer(None)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            self._answer(json.loads(self.rfile.read(length) or b"null"))

        def _answer(self, body: Any) -> None:
            headers = dict(self.headers.items())
            status, answer_headers, text = server.answer(self.command, self.path, headers, body)
            data = text.encode("utf-8") if isinstance(text, str) else text
            try:
                self.send_response(status)
                for name, value in answer_headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout tests)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def in_turn(*routes: Route) -> Route:
    """The n-th request gets the n-th route; later ones the last."""
    calls = []

    def answer(request: Request) -> Answer:
        calls.append(request)
        return routes[min(len(calls), len(routes)) - 1](request)

    return answer


@contextmanager
def stand_in(monkeypatch: pytest.MonkeyPatch, kind: type[StandIn] = StandIn) -> Iterator[Any]:
    state = kind()
    with serving(stand_in_handler(state), monkeypatch) as base:
        state.base = base
        yield state
