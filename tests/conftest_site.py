"""Site test helpers: a copy of the list with a hostile paper, and a local HTTP server."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SITE_SOURCES = (
    "mkdocs.yml",
    "docs",
    "overrides",
    "templates",
    "papers.yaml",
    "datasets.yaml",
    "notes",
)

HOSTILE_ID = "hostile-editing"
HOSTILE_TITLE = "Editing <img src=x onerror=alert(1)> Models"
HOSTILE_PAPER = """
  - id: hostile-editing
    title: "Editing <img src=x onerror=alert(1)> Models"
    url: https://example.org/hostile?a=1&b=2
    venue: "Workshop on <script>alert(2)</script> & {Braces} 100% | ~tilde"
    year: 2024
    section: paper-list
    method: knowledge editing
    authors: ["Ada O'Neil", "Bob_Smith $x^2$ #1 \\\\ back"]
    datasets: [ecbd, "Hand-made <b>set</b> [x](javascript:alert(3))"]
    insight: "*not emphasis* `not code` [not a link](https://evil.example) {: onclick=alert(4) }"
    tags: [knowledge-editing]
    added: 2026-11-20
"""


def copy_project(destination: Path, extra_papers: str = HOSTILE_PAPER) -> Path:
    """The repository's list and site sources under `destination`, plus `extra_papers`."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in SITE_SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        else:
            shutil.copy2(source, destination / name)
    papers = destination / "papers.yaml"
    papers.write_text(papers.read_text(encoding="utf-8").rstrip("\n") + "\n" + extra_papers)
    return destination


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` over HTTP on 127.0.0.1; yields the base address, ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
