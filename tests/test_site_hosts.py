"""The preview answers only its own hosts (DNS rebinding), and says when it serves everyone."""

from __future__ import annotations

import contextlib
import http.client
import http.server
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from support.site import REPO, copy_project, require_engine

from generator.catalog.project import Project
from generator.site.engines import ENGINES
from generator.site.hosts import (
    Answering,
    HostGate,
    binds_every_interface,
    host_allowed,
    request_host,
)
from generator.site.postbuild import sanitized_answer, sanitizes
from generator.site.serve import serve_site

WAIT_SECONDS = 90  # an upper bound for slow machines, not a speed target


@pytest.mark.parametrize(
    "header",
    ["localhost:8000", "LOCALHOST", "127.0.0.1:8000", "[::1]:8000", "10.0.0.7", "docs.localhost"],
)
def test_local_names_and_addresses_are_answered(header: str) -> None:
    assert host_allowed(header, "127.0.0.1")


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "evil.example",
        "evil.example:8000",
        "127.0.0.1.nip.io",
        "localhost.evil.example",
        "localhost:notaport",
        "[::1",
    ],
)
def test_other_hosts_are_refused(header: str | None) -> None:
    assert not host_allowed(header, "127.0.0.1")


def test_the_name_the_preview_was_bound_to_is_answered() -> None:
    assert host_allowed("preview.lan:8000", "preview.lan")
    assert not host_allowed("preview.lan:8000", "0.0.0.0")


@pytest.mark.parametrize(
    ("host", "everyone"),
    [("0.0.0.0", True), ("::", True), ("[::]", True), ("127.0.0.1", False), ("localhost", False)],
)
def test_binding_every_interface_is_recognised(host: str, everyone: bool) -> None:
    assert binds_every_interface(host) is everyone


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _status(port: int, host_header: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.putrequest("GET", "/", skip_host=True)
        connection.putheader("Host", host_header)
        connection.endheaders()
        return connection.getresponse().status
    except OSError:
        return 0
    finally:
        connection.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_the_preview_refuses_a_rebound_host_and_answers_localhost(
    tmp_path: Path, engine: str
) -> None:
    require_engine(engine)  # MkDocs is always there
    root = copy_project(tmp_path / "list", "")
    port = _free_port()
    stop = threading.Event()
    thread = threading.Thread(
        target=serve_site,
        args=(Project(root), ("127.0.0.1", port), engine, stop, lambda message: None),
        daemon=True,
    )
    thread.start()
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        # The home page, or Zensical's redirect to the site's path.
        answered = {200, 301, 302}
        while _status(port, f"localhost:{port}") not in answered and time.monotonic() < deadline:
            time.sleep(0.3)
        assert _status(port, f"localhost:{port}") in answered
        assert _status(port, f"127.0.0.1:{port}") in answered
        assert _status(port, f"rebind.evil.example:{port}") == 400
    finally:
        stop.set()
        thread.join(timeout=30)


@pytest.mark.parametrize(
    ("head", "host"),
    [
        (b"GET / HTTP/1.1\r\nHost: localhost:8000\r\n\r\n", "localhost:8000"),
        (b"GET / HTTP/1.1\r\nhOsT:   evil.example \r\nX: 1\r\n\r\n", "evil.example"),
        (b"GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n", None),
        (b"GET / HTTP/1.1\r\nX-Host: localhost\r\n\r\n", None),
        (b"GET / HTTP/1.1\r\n\r\nHost: localhost\r\n", None),  # in the body, not the head
    ],
)
def test_the_host_of_a_request_head_is_read_once(head: bytes, host: str | None) -> None:
    assert request_host(head) == host


class _Upstream(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.headers["Host"])
        body = b"from the engine"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def _gate_in_front_of(
    handler: type[http.server.BaseHTTPRequestHandler], answering: Answering
) -> Iterator[int]:
    """The port of a gate in front of a server of `handler`s, both running meanwhile."""
    engine = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    gate = HostGate(("127.0.0.1", 0), ("127.0.0.1", engine.server_address[1]), answering)
    threads = [threading.Thread(target=engine.serve_forever, daemon=True)]
    threads[0].start()
    threads.append(gate.serve_in_background())
    try:
        yield gate.server_address[1]
    finally:
        for server in (gate, engine):
            server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join(timeout=10)


def test_the_gate_passes_local_hosts_to_the_engine_and_refuses_the_others() -> None:
    with _gate_in_front_of(_Upstream, _SANITIZING) as port:
        assert _status(port, "rebind.evil.example") == 400
        assert _Upstream.hits == []
        assert _status(port, f"localhost:{port}") == 200
        assert _Upstream.hits == [f"localhost:{port}"]


# What `zensical serve` (0.0.73) answered for a built page, recorded on this machine: the
# built file as it is on disk, its live-reload script after `</html>`, Content-Length.
_LIVE_RELOAD = '<script type="module">const socket = new WebSocket(location.href);</script>'
_BUILT_PAGE = (
    '<!doctype html><html><head><script src="bundle.js"></script></head><body>'
    "<!-- ak:content --><h1>Paper List</h1><!-- ak:entry --><p>An entry</p>"
    "<script>alert(1)</script><!-- ak:end-entry --><!-- ak:end-content -->"
    "</body></html>" + _LIVE_RELOAD
)
_SANITIZING = Answering(sanitizes, sanitized_answer)  # as `serve` with Zensical
_BIBTEX = b"@misc{p, title = {<script>kept as it is</script>}}\n"
_SEARCH_INDEX = '{"items":[{"location":"x/","title":"T","text":"<img src=x onerror=alert(1)>"}]}'


class _Engine(http.server.BaseHTTPRequestHandler):
    """Zensical's server as the gate sees it: pages, the search index, live reload's socket."""

    protocol_version = "HTTP/1.1"
    hosts: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hosts.append(self.headers["Host"])
        if self.headers.get("Upgrade") == "websocket":
            self._echo()
            return
        if self.path.endswith(".bib"):
            data, kind = _BIBTEX, "application/x-bibtex"
        elif self.path.endswith(("search.json", "search%2Ejson")):
            data, kind = _SEARCH_INDEX.encode(), "application/json"
        else:
            data, kind = _BUILT_PAGE.encode(), "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Last-Modified", "Fri, 04 Dec 2026 20:56:16 GMT")
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(data)

    do_HEAD = do_GET

    def _echo(self) -> None:
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.end_headers()
        self.wfile.flush()
        self.wfile.write(self.rfile.read(4))
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def answering_gate() -> Iterator[int]:
    """A gate in front of `_Engine` that sanitizes what it answers, as `serve` with Zensical."""
    _Engine.hosts.clear()
    with _gate_in_front_of(_Engine, _SANITIZING) as port:
        yield port


def test_the_gate_sends_each_page_sanitized_with_its_entries_framed(answering_gate: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", answering_gate, timeout=10)
    pages = []
    for _ in range(2):  # one connection, kept alive: each answer is sanitized
        connection.request("GET", "/site/sections/paper-list/", headers={"Host": "localhost"})
        response = connection.getresponse()
        pages.append((response.read().decode(), response.getheader("Last-Modified")))
    connection.close()
    for page, modified in pages:
        assert "alert(1)" not in page  # the content's script is gone
        assert '<div class="ak-entry"><p>An entry</p>' in page
        assert "ak:content" not in page and "ak:entry" not in page
        assert page.startswith('<!doctype html><html><head><script src="bundle.js">')
        assert page.endswith(_LIVE_RELOAD)  # the theme's and the engine's scripts stay
        assert modified == "Fri, 04 Dec 2026 20:56:16 GMT"
    assert _Engine.hosts == ["localhost", "localhost"]


def test_the_gate_checks_the_host_of_every_request_of_a_connection(answering_gate: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", answering_gate, timeout=10)
    connection.request("GET", "/", headers={"Host": "localhost"})
    assert connection.getresponse().read()
    connection.request("GET", "/", headers={"Host": "rebind.evil.example"})
    assert connection.getresponse().status == 400
    assert _Engine.hosts == ["localhost"]


@pytest.mark.parametrize("path", ["/site/search.json", "/site/search%2Ejson"])
def test_the_gate_sanitizes_the_search_index_by_any_spelling_of_its_name(
    answering_gate: int, path: str
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", answering_gate, timeout=10)
    connection.request("GET", path, headers={"Host": "localhost"})
    response = connection.getresponse()
    body = response.read()
    assert json.loads(body)["items"][0]["text"] == '<img src="x">'
    assert response.getheader("Content-Length") == str(len(body))


def test_head_tells_the_length_of_what_get_sends_and_other_files_pass_as_they_are(
    answering_gate: int,
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", answering_gate, timeout=10)
    connection.request("GET", "/site/", headers={"Host": "localhost"})
    sent = connection.getresponse().read()
    connection.request("HEAD", "/site/", headers={"Host": "localhost"})
    response = connection.getresponse()
    assert response.read() == b""
    assert response.getheader("Content-Length") == str(len(sent)) != str(len(_BUILT_PAGE))
    connection.request("GET", "/site/cite/p.bib", headers={"Host": "localhost"})
    assert connection.getresponse().read() == _BIBTEX  # no page: streamed, not sanitized


@pytest.mark.parametrize(
    ("request_line", "extra", "status"),
    [
        ("POST /site/ HTTP/1.1", "Content-Length: 1\r\n", 405),
        ("OPTIONS /site/ HTTP/1.1", "", 405),
        ("get /site/ HTTP/1.1", "", 405),  # methods are case-sensitive; the engine's are not
        ("GET /site/ HTTP/1.1", "Content-Length: 1\r\n", 400),
        ("GET /site/ HTTP/1.1", "Transfer-Encoding: chunked\r\n", 400),
        ("GET /site/ HTTP/1.1", "Upgrade: foo\r\n", 400),
        ("GET /site/\xc3\xa9 HTTP/1.1", "", 400),
        ("GET /site/\x01 HTTP/1.1", "", 400),
    ],
)
def test_the_gate_refuses_what_a_static_preview_has_no_answer_for_and_closes(
    answering_gate: int, request_line: str, extra: str, status: int
) -> None:
    # Before, such a request turned the rest of its connection into a pipe to the engine: a
    # GET after it came back unsanitized, its Host unchecked.
    head = f"{request_line}\r\nHost: localhost\r\n{extra}\r\nx"
    after = "GET /site/ HTTP/1.1\r\nHost: rebind.evil.example\r\n\r\n"
    with socket.create_connection(("127.0.0.1", answering_gate), timeout=10) as client:
        client.sendall(head.encode("latin-1") + after.encode())
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
    assert answer.startswith(f"HTTP/1.1 {status} ".encode())
    assert answer.count(b"HTTP/1.1 ") == 1  # and nothing else on that connection
    assert _Engine.hosts == []


def test_the_gate_passes_live_reloads_socket_through_as_bytes(answering_gate: int) -> None:
    with socket.create_connection(("127.0.0.1", answering_gate), timeout=10) as client:
        client.sendall(
            b"GET /site/ HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
            b"Connection: Upgrade\r\n\r\n"
        )
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += client.recv(1024)
        assert answer.startswith(b"HTTP/1.1 101")
        client.sendall(b"ping")
        echoed = answer.partition(b"\r\n\r\n")[2]
        while len(echoed) < 4:
            echoed += client.recv(1024)
        assert echoed == b"ping"


def test_the_gate_says_so_when_the_engine_does_not_answer() -> None:
    gate = HostGate(("127.0.0.1", 0), ("127.0.0.1", _closed_port()), _SANITIZING)
    thread = gate.serve_in_background()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", gate.server_address[1], timeout=10)
        connection.request("GET", "/", headers={"Host": "localhost"})
        response = connection.getresponse()
        assert response.status == 502
        assert b"does not answer" in response.read()
    finally:
        gate.shutdown()
        gate.server_close()
        thread.join(timeout=10)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serving_every_interface_warns_first(tmp_path: Path) -> None:
    # An empty folder: serve stops before it binds anything, after the warning.
    command = [sys.executable, "-m", "generator", "--root", str(tmp_path), "serve",
               "--dev-addr", "0.0.0.0:8765"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.stderr.startswith("warning: 0.0.0.0 serves the preview to every machine")
    assert done.returncode == 1
