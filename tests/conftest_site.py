"""Site test helpers: a copy of the list with a hostile paper, and a local HTTP server."""

from __future__ import annotations

import functools
import http.server
import io
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


class _SubPathHandler(_QuietHandler):
    """Serves the site under `prefix`, and its 404.html for what is missing, as hosts do."""

    prefix = "/"

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.path.split("?", 1)[0]
        if path.startswith(self.prefix):
            self.path = "/" + self.path[len(self.prefix) :]
            target = Path(self.translate_path(self.path))
            if target.is_file() or (target / "index.html").is_file():
                return super().send_head()
        page = Path(self.directory) / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(directory: Path, prefix: str = "/") -> Iterator[str]:
    """Serve `directory` over HTTP on 127.0.0.1 under the path `prefix` (ending in '/'), with
    its 404.html for missing files; yields the site's address, ending in '/'."""
    handler_class = type("Handler", (_SubPathHandler,), {"prefix": prefix})
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
