"""The preview answers only its own hosts (DNS rebinding), and says when it serves everyone."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest_site import REPO, copy_project

from generator.catalog.project import Project
from generator.site.hosts import binds_every_interface, host_allowed
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


def test_the_preview_refuses_a_rebound_host_and_answers_localhost(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "list", "")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    stop = threading.Event()
    thread = threading.Thread(
        target=serve_site,
        args=(Project(root), ("127.0.0.1", port), "mkdocs", stop, lambda message: None),
        daemon=True,
    )
    thread.start()
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while _status(port, f"localhost:{port}") != 200 and time.monotonic() < deadline:
            time.sleep(0.3)
        assert _status(port, f"localhost:{port}") == 200
        assert _status(port, f"127.0.0.1:{port}") == 200
        assert _status(port, f"rebind.evil.example:{port}") == 400
    finally:
        stop.set()
        thread.join(timeout=30)


def test_serving_every_interface_warns_first(tmp_path: Path) -> None:
    # An empty folder: serve stops before it binds anything, after the warning.
    command = [sys.executable, "-m", "generator", "--root", str(tmp_path), "serve",
               "--dev-addr", "0.0.0.0:8765"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.stderr.startswith("warning: 0.0.0.0 serves the preview to every machine")
    assert done.returncode == 1
