"""The preview answers only its own hosts (DNS rebinding), and says when it serves everyone."""

from __future__ import annotations

import http.client
import http.server
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import ClassVar

import pytest
from support.site import REPO, copy_project, require_engine

from generator.catalog.project import Project
from generator.site.engines import ENGINES
from generator.site.hosts import HostGate, binds_every_interface, host_allowed, request_host
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


def test_the_gate_passes_local_hosts_to_the_engine_and_refuses_the_others() -> None:
    engine = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
    gate = HostGate(("127.0.0.1", 0), ("127.0.0.1", engine.server_address[1]))
    threads = [threading.Thread(target=engine.serve_forever, daemon=True)]
    threads[0].start()
    threads.append(gate.serve_in_background())
    port = gate.server_address[1]
    try:
        assert _status(port, "rebind.evil.example") == 400
        assert _Upstream.hits == []
        assert _status(port, f"localhost:{port}") == 200
        assert _Upstream.hits == [f"localhost:{port}"]
    finally:
        for server in (gate, engine):
            server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join(timeout=10)


def test_serving_every_interface_warns_first(tmp_path: Path) -> None:
    # An empty folder: serve stops before it binds anything, after the warning.
    command = [sys.executable, "-m", "generator", "--root", str(tmp_path), "serve",
               "--dev-addr", "0.0.0.0:8765"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.stderr.startswith("warning: 0.0.0.0 serves the preview to every machine")
    assert done.returncode == 1
