"""A real HTTP server on 127.0.0.1 that replays recorded-shape responses (import explicitly)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from support.http import serving

FIXTURES = Path(__file__).parents[1] / "fixtures" / "metadata"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@dataclass
class Reply:
    body: str | bytes
    status: int = 200
    content_type: str = "text/plain; charset=utf-8"
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)  # e.g. a redirect's Location


@dataclass
class ReplayServer:
    """Answers each request path (with its query string) from `routes`; 404 otherwise."""

    routes: dict[str, Reply] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    base_url: str = ""

    def add(self, path: str, body: str | bytes, status: int = 200, **options) -> None:
        self.routes[path] = Reply(body, status, **options)

    def url(self, path: str) -> str:
        return self.base_url + path


def _handler(server: ReplayServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.requests.append((self.path, dict(self.headers.items())))
            reply = server.routes.get(self.path, Reply("Resource not found.", 404))
            if reply.delay:
                time.sleep(reply.delay)
            body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout tests)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def replay(monkeypatch: pytest.MonkeyPatch) -> Iterator[ReplayServer]:
    state = ReplayServer()
    with serving(_handler(state), monkeypatch) as base:
        state.base_url = base
        yield state
