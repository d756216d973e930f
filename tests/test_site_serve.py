"""`serve`: the preview answers, and shows an edit of papers.yaml without a restart."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from support.site import REPO, copy_project, require_engine

from generator.catalog.project import Project
from generator.cli import main
from generator.site.engines import ENGINES
from generator.site.serve import serve_site

WAIT_SECONDS = 90  # an upper bound for slow machines, not a speed target
NEW_TITLE = "A Title Edited While The Preview Runs"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    pytest.fail(f"the preview never showed {what}")


@pytest.mark.parametrize("engine", ENGINES)
def test_serve_shows_an_edit_of_papers_yaml(tmp_path: Path, engine: str) -> None:
    if engine != "mkdocs":
        require_engine(engine)
    root = copy_project(tmp_path / "list", "")
    port = _free_port()
    stop = threading.Event()
    messages: list[str] = []
    thread = threading.Thread(
        target=serve_site,
        args=(Project(root), ("127.0.0.1", port), engine, stop, messages.append),
        daemon=True,
    )
    thread.start()
    url = f"http://127.0.0.1:{port}/sections/paper-list/"
    try:
        _wait_for(lambda: "Paper List" in _page(url), "the section page")
        assert NEW_TITLE not in _page(url)
        papers = root / "papers.yaml"
        text = papers.read_text(encoding="utf-8")
        # The first title is a section's, which every page shows in its navigation.
        first = next(line for line in text.splitlines() if line.startswith("    title: "))
        papers.write_text(text.replace(first, f"    title: {NEW_TITLE}", 1), encoding="utf-8")
        _wait_for(lambda: NEW_TITLE in _page(url), "the edited title")
        # MkDocs' dirty rebuild and the gate in front of Zensical's server frame entries and
        # sanitize the content as the full build does (the marks are gone once sanitized).
        page = _page(url)
        entries = page.count('class="ak-paper"')
        assert entries and page.count('<div class="ak-entry">') == entries
        assert "ak:entry" not in page
        assert "ak:content" not in page
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()
    assert not [m for m in messages if "error" in m], messages


def test_invalid_data_while_serving_is_reported_and_the_last_pages_stay(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "list", "")
    port = _free_port()
    stop = threading.Event()
    messages: list[str] = []
    thread = threading.Thread(
        target=serve_site,
        args=(Project(root), ("127.0.0.1", port), "mkdocs", stop, messages.append),
        daemon=True,
    )
    thread.start()
    url = f"http://127.0.0.1:{port}/sections/paper-list/"
    try:
        _wait_for(lambda: "Paper List" in _page(url), "the section page")
        papers = root / "papers.yaml"
        papers.write_text(papers.read_text(encoding="utf-8") + "  - id: broken\n")
        _wait_for(lambda: any("papers.yaml:" in m for m in messages), "the data error")
        assert "Paper List" in _page(url)
    finally:
        stop.set()
        thread.join(timeout=30)


def test_a_terminated_preview_stops_the_engine_server_it_started(tmp_path: Path) -> None:
    """SIGTERM (a supervisor, an editor, the benchmark) left `zensical serve` running, which
    kept its port and its pipes open."""
    require_engine("zensical")
    root = copy_project(tmp_path / "list", "")
    port = _free_port()
    command = [sys.executable, "-m", "generator", "--root", str(root), "serve"]
    command += ["--engine", "zensical", "--dev-addr", f"127.0.0.1:{port}"]
    preview = subprocess.Popen(command, cwd=REPO, stderr=subprocess.DEVNULL)
    try:
        _wait_for(lambda: "Paper List" in _page(f"http://127.0.0.1:{port}/"), "the home page")
        children = _children(preview.pid)
        assert children, "the preview started no engine process"
        preview.send_signal(signal.SIGTERM)
        assert preview.wait(timeout=30) != 0
    finally:
        if preview.poll() is None:
            preview.kill()
    time.sleep(0.5)
    assert [pid for pid in children if _alive(pid)] == []


def _children(pid: int) -> list[int]:
    """The processes `pid` started, read from /proc (Linux, where CI runs)."""
    tasks = Path(f"/proc/{pid}/task")
    if not tasks.is_dir():
        pytest.skip("needs /proc to find the engine's process")
    found = []
    for task in tasks.iterdir():
        children = task / "children"
        if children.is_file():
            found += [int(child) for child in children.read_text().split()]
    return found


def _alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "State:\tZ" not in status.read_text()
    except OSError:
        return False


def test_serve_with_an_engine_not_installed_says_how_to_install_it_and_serves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "list", "")
    monkeypatch.setitem(sys.modules, "generator.site.engines.zensical", None)  # not importable
    address = f"127.0.0.1:{_free_port()}"
    assert main(["--root", str(root), "serve", "--engine", "zensical", "--dev-addr", address]) == 1
    said = capsys.readouterr().err
    assert "pip install 'listsmith[zensical]'" in said  # the distribution, not '.' (the list)
    assert "serving the site" not in said
