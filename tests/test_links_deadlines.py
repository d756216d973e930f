"""The deadline holds for the whole exchange of a URL, and Ctrl-C ends a run at once."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from support.links import fast_config, never_answer, raw_server, write_project
from support.signals import restore_sigint

from generator.links.check import check_links
from generator.links.collect import Link
from generator.links.types import Status

REPO = Path(__file__).resolve().parent.parent


def trickle(connection: socket.socket) -> None:
    """A status line and headers without end, one byte every 50 ms: each read gets data."""
    connection.recv(65536)
    stream = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 10_000
    try:
        for byte in stream:
            connection.sendall(bytes([byte]))
            time.sleep(0.05)
    except OSError:
        pass  # the checker hung up: what the test expects


def test_a_server_trickling_its_headers_cannot_hold_a_url_past_its_total_time() -> None:
    total = 1.0
    config = fast_config(timeout=0.5, max_time_per_url=total, retries=0)
    finished: list = []
    with raw_server(trickle) as url:
        worker = threading.Thread(
            target=lambda: finished.extend(check_links([Link(url, ())], config)), daemon=True
        )
        worker.start()
        # Every read gets a byte within the 0.5 s timeout: only a total deadline ends this.
        # The trickle lasts 500 s; the bound is generous next to the 1 s total.
        worker.join(timeout=total * 20)
        assert not worker.is_alive(), "the check outlived its total time"
    [result] = finished
    assert result.status is Status.TIMEOUT
    assert result.error == f"out of time: no complete answer within {total:g} s"


def test_a_short_deadline_ends_on_time_while_a_longer_one_is_already_watched() -> None:
    # One watchdog serves every check: it waits for the earliest deadline and is woken only
    # when a new one comes before it. A long check starts first, then a short one.
    finished: dict[str, list] = {"long": [], "short": []}

    def check(name: str, url: str, total: float) -> threading.Thread:
        config = fast_config(timeout=total, max_time_per_url=total, retries=0)
        worker = threading.Thread(
            target=lambda: finished[name].extend(check_links([Link(url, ())], config)),
            daemon=True,
        )
        worker.start()
        return worker

    with raw_server(never_answer) as silent, raw_server(trickle) as trickling:
        check("long", silent, 30.0)
        time.sleep(0.3)  # the watchdog now waits for the long check's 30 s
        started = time.monotonic()
        short = check("short", trickling, 1.0)
        short.join(timeout=20)
        assert not short.is_alive(), "the short check waited for the long one's deadline"
        assert time.monotonic() - started < 10
    [result] = finished["short"]
    assert result.status is Status.TIMEOUT


def slow_trickle(connection: socket.socket) -> None:
    """Headers one byte every 0.3 s (issue 17, item 5): each read gets data in time."""
    connection.recv(65536)
    try:
        for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 1000:
            connection.sendall(bytes([byte]))
            time.sleep(0.3)
    except OSError:
        pass  # the checker hung up


def test_timeout_bounds_each_whole_request_not_each_read(tmp_path: Path, capsys) -> None:
    """`--timeout 1` against a server trickling its headers: once a fixed 60 s per URL."""
    from generator.cli import main

    with raw_server(slow_trickle) as url:
        root = write_project(tmp_path, f"papers:\n  - id: p\n    title: T\n    url: {url}\n")
        started = time.monotonic()
        options = ["--timeout", "1", "--allow-private", "--no-cache", "--format", "json"]
        code = main(["--root", str(root), "check-links", *options])
        elapsed = time.monotonic() - started
    assert code == 1
    assert '"status": "timeout"' in capsys.readouterr().out
    # HEAD and GET, each tried twice, each bounded by 1 s: far below the old 61 s.
    assert elapsed < 30


def test_the_timeout_help_says_it_bounds_the_whole_request(capsys) -> None:
    from generator.cli import main

    with pytest.raises(SystemExit):
        main(["check-links", "--help"])
    assert "in all: connecting, headers and body" in " ".join(capsys.readouterr().out.split())


def test_ctrl_c_ends_the_run_at_once_with_the_partial_report(tmp_path: Path) -> None:
    """The first URL answers, the others never do: SIGINT must not wait for them."""
    answered = threading.Event()

    def answer_once(connection: socket.socket) -> None:
        connection.recv(65536)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        answered.set()

    with raw_server(answer_once) as ok_url, raw_server(never_answer) as silent:
        silent_urls = [f"{silent}{n}" for n in range(3)]
        lines = ["papers:"]
        for n, url in enumerate([ok_url, *silent_urls]):
            lines += [f"  - id: p{n}", f"    title: T{n}", f"    url: {url}"]
        root = write_project(tmp_path, "\n".join(lines) + "\n", **{"links.toml": SLOW})
        command = [sys.executable, "-m", "generator", "--root", str(root), "check-links"]
        process = subprocess.Popen(
            [*command, "--allow-private", "--no-cache", "--format", "json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            preexec_fn=restore_sigint,
        )
        assert answered.wait(timeout=30), "the checker never reached the first server"
        time.sleep(0.3)  # the silent requests are under way
        process.send_signal(signal.SIGINT)
        # Without the fix the run waits for the silent servers: 60 s per URL (links.toml).
        out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert '"status": "ok"' in out and ok_url in out
    assert all(url not in out for url in silent_urls)  # never judged: not in the report
    assert "interrupted: 1 link: 1 ok checked before" in err
    assert "Traceback" not in err


SLOW = "timeout = 60.0\nmax_time_per_url = 120.0\nretries = 0\n"
