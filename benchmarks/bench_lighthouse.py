"""Lighthouse (mobile) on a 1,000-paper site: the largest section page, Browse, Timeline, Lineage.

Builds a synthetic list (the repository's mkdocs.yml, docs/ and templates/, with a
generated papers.yaml and datasets.yaml, and a facts.json in which each paper cites up to three
of earlier years), serves the built site on 127.0.0.1 (text gzipped, as
GitHub Pages serves it) and runs
Lighthouse 12 from node_modules (`npm ci`) over the system Chromium, with Lighthouse's default
mobile form factor and simulated throttling. Prints the performance and accessibility scores
of each page. Targets: performance >= 0.90 and accessibility >= 0.95 on each.

    python benchmarks/bench_lighthouse.py [--papers N] [--keep]

CHROME_PATH (default /usr/bin/chromium) names the browser.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from synthetic import lineage_entries, make_project  # noqa: E402

from generator.catalog.facts import facts_text  # noqa: E402
from generator.catalog.project import Project  # noqa: E402
from generator.site.build import build_site  # noqa: E402

SITE_SOURCES = ("mkdocs.yml", "docs", "overrides", "templates")
# This checkout's node_modules, else a `lighthouse` on PATH (a worktree shares the main one's).
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
if not LIGHTHOUSE.exists() and shutil.which("lighthouse"):
    LIGHTHOUSE = Path(shutil.which("lighthouse") or "")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
TARGETS = {"performance": 0.90, "accessibility": 0.95}
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".bib", ".csv"}


class _CompressingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves text gzip-compressed when asked, as GitHub Pages and most hosts do."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.suffix in COMPRESSED and path.is_file()):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_CompressingHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def largest_section_page(site: Path) -> str:
    """The address, relative to the site, of the heaviest built section page."""
    pages = sorted((site / "sections").rglob("index.html"), key=lambda p: p.stat().st_size)
    return pages[-1].parent.relative_to(site).as_posix() + "/"


def lighthouse(url: str, report: Path) -> dict[str, float]:
    result = lighthouse_report(url, report)
    return {name: result["categories"][name]["score"] for name in TARGETS}


def lighthouse_report(url: str, report: Path) -> dict[str, Any]:
    """Lighthouse's whole JSON report on `url` (mobile, simulated throttling)."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--only-categories=performance,accessibility",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    environment = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    done = subprocess.run(command, capture_output=True, text=True, env=environment)
    if done.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1000, help="synthetic papers (1000)")
    parser.add_argument("--keep", action="store_true", help="keep the project and the reports")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE} is missing: run `npm ci` in {REPO}", file=sys.stderr)
        return 2
    workspace = Path(tempfile.mkdtemp(prefix="bench-lighthouse-"))
    try:
        project = Project(make_project(workspace / "list", args.papers, SITE_SOURCES))
        project.facts_file.write_text(facts_text(lineage_entries(args.papers)), encoding="utf-8")
        site = build_site(project)
        pages = {
            "largest section page": largest_section_page(site),
            "Browse": "browse/",
            "Timeline": "years/",
            "Lineage": "lineage/",
        }
        passed = True
        with serve(site) as base:
            for name, path in pages.items():
                scores = lighthouse(base + path, workspace / f"{name.split()[0]}.json")
                verdicts = []
                for category, score in scores.items():
                    ok = score is not None and score >= TARGETS[category]
                    passed &= ok
                    verdicts.append(
                        f"{category} {score:.2f} (target >= {TARGETS[category]:.2f}: "
                        f"{'ok' if ok else 'UNDER TARGET'})"
                    )
                print(f"{name} ({path}): " + ", ".join(verdicts))
        return 0 if passed else 1
    finally:
        if args.keep:
            print(f"project and reports kept in {workspace}")
        else:
            shutil.rmtree(workspace, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
