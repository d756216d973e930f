"""Real servers on 127.0.0.1 for the link checker's tests (import explicitly).

`LinkServer` answers HTTP by path from a table of behaviours; `raw_server` speaks raw TCP for
the failures HTTP servers are too polite to produce (silence, resets, garbage).
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from generator.links.config import LinkConfig
from support.http import LoopbackServer, running

Behaviour = Callable[["Handler", int], None]  # (request handler, number of this hit)


def fast_config(**overrides) -> LinkConfig:
    """Timeouts and backoff small enough that every failure costs milliseconds."""
    settings = dict(
        timeout=0.5,
        max_time_per_url=5.0,
        retries=3,
        backoff_factor=0.01,
        retry_after_cap=2.0,
        arxiv_delay=0.0,
        arxiv_api_url="http://127.0.0.1:9/unused",
        doi_api_url="http://127.0.0.1:9/unused",
        allow_private=True,  # the servers of the tests are on 127.0.0.1
    )
    settings.update(overrides)
    return LinkConfig(**settings)


class Handler(BaseHTTPRequestHandler):
    server: LoopbackServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_GET(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        owner = self.server.owner
        path = self.path.split("?")[0]
        with owner.lock:
            owner.hits[(self.command, path)] += 1
            hit = owner.hits[(self.command, path)]
            owner.in_flight += 1
            owner.max_in_flight = max(owner.max_in_flight, owner.in_flight)
            owner.requests.append((self.command, self.path, dict(self.headers)))
        try:
            time.sleep(owner.delay)
        finally:
            # Counted out before the answer is sent: a client that waits for the answer
            # before its next request can then never look concurrent, however loaded the
            # machine; two requests really in flight overlap in their delays.
            with owner.lock:
                owner.in_flight -= 1
        owner.routes.get(path, status(404))(self, hit)

    def reply(self, code: int, headers: dict[str, str] | None = None, body: bytes = b"") -> None:
        self.send_response(code)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def status(code: int, **headers: str) -> Behaviour:
    return lambda handler, _hit: handler.reply(code, headers, b"x" * 20)


def redirect(code: int, location: str) -> Behaviour:
    return status(code, Location=location)


def sequence(*behaviours: Behaviour) -> Behaviour:
    """The n-th hit gets the n-th behaviour; later hits the last one."""
    return lambda handler, hit: behaviours[min(hit, len(behaviours)) - 1](handler, hit)


def by_method(head: Behaviour, get: Behaviour) -> Behaviour:
    return lambda handler, hit: (head if handler.command == "HEAD" else get)(handler, hit)


def endless_body(handler: Handler, _hit: int) -> None:
    """A body without end: only a client that never reads it can finish."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/pdf")
    handler.send_header("Content-Length", str(10 * 2**30))
    handler.end_headers()
    chunk = b"%" * 65536
    try:
        while True:
            handler.wfile.write(chunk)
            handler.server.owner.body_bytes_sent += len(chunk)
    except OSError:
        pass


class LinkServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.routes: dict[str, Behaviour] = {}
        self.hits: Counter[tuple[str, str]] = Counter()
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.delay = 0.0
        self.in_flight = 0
        self.max_in_flight = 0
        self.body_bytes_sent = 0
        self.base = ""
        self._running = ExitStack()

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> LinkServer:
        server = self._running.enter_context(running(Handler, self.host))
        server.owner = self  # type: ignore[attr-defined]
        self.base = f"http://{self.host}:{server.server_address[1]}"
        return self

    def stop(self) -> None:
        self._running.close()


@pytest.fixture(name="server")
def server_fixture() -> Iterator[LinkServer]:
    """A running LinkServer (import `server_fixture`, ask for `server`)."""
    running = LinkServer().start()
    yield running
    running.stop()


@contextmanager
def raw_server(on_connect: Callable[[socket.socket], None]) -> Iterator[str]:
    """A TCP server on 127.0.0.1 calling `on_connect` for each connection; yields its URL."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    stop = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            held.append(connection)
            on_connect(connection)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/page"
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()


def never_answer(_connection: socket.socket) -> None:
    pass  # keep the connection open, say nothing


def reset(connection: socket.socket) -> None:
    connection.recv(65536)
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


def garbage(connection: socket.socket) -> None:
    connection.recv(65536)
    connection.sendall(b"SSH-2.0-OpenSSH_9.6 this is not HTTP\r\n\r\n")
    connection.close()


def refused_url() -> str:
    """A loopback URL on a port that nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/page"


def write_project(
    root: Path, papers: str, *, datasets: str = "datasets: []\n", **files: str
) -> Path:
    """A project directory: papers.yaml, datasets.yaml and `files` (relative path -> text)."""
    (root / "papers.yaml").write_text(papers, encoding="utf-8")
    (root / "datasets.yaml").write_text(datasets, encoding="utf-8")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
