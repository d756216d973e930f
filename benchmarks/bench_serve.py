"""Time from saving one entry to the new page being served by `listsmith serve`.

Makes a synthetic project (N papers over several sections, or all in one), starts
`python -m generator serve` from a checkout (this one, or `--repo` another, to measure
"before"), waits for the first page, then edits one entry several times (its title, or with
`--edit tags` its tags, which moves it to other tag pages): after each save it polls the page
that lists the entry over HTTP until the edit shows, and waits for the preview to say it
finished the complete staging that follows before the next edit. Prints each latency and
their median. Target: <= 2 s at 10,000 papers.

    python benchmarks/bench_serve.py [--papers N] [--one-section] [--engine mkdocs]
                                     [--edits 5] [--edit title|tags] [--repo PATH]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from synthetic import REPO, SECTIONS, TAGS, make_project

TARGET_SECONDS = 2.0
SITE_SOURCES = ("mkdocs.yml", "docs", "overrides", "templates")
START_LIMIT_S = 900  # the first full build of 10,000 papers on a busy machine
EDIT_LIMIT_S = 120
QUIET_S = 3.0  # before the new staging (a "before" checkout does not say when it is done)
DONE = "the site was staged again"  # what the preview says when it is done with an edit


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(condition, limit: float, poll: float = 0.1) -> float:
    """Seconds until `condition()` holds; SystemExit past `limit`."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if condition():
            return time.perf_counter() - start
        time.sleep(poll)
    raise SystemExit(f"gave up after {limit:.0f} s")


class Messages:
    """The preview's stderr, read in the background; when it last said something."""

    def __init__(self, stream) -> None:
        self.lines: list[str] = []
        self.last = time.monotonic()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))
            self.last = time.monotonic()

    def quiet_for(self, seconds: float) -> bool:
        return time.monotonic() - self.last >= seconds

    def done(self, count: int) -> bool:
        return sum(DONE in line for line in self.lines) >= count


def edit_title(papers: Path, index: int, number: int) -> str:
    """Give paper-`index` a new title of the same number of lines; the new title's word."""
    text = papers.read_text(encoding="utf-8")
    marker = f"EDITED{number}X"
    old = f'title: "Synthetic Paper {index}: Editing'
    previous = f'title: "Synthetic Paper {index}: EDITED{number - 1}X Editing'
    found = previous if previous in text else old
    new = f'title: "Synthetic Paper {index}: {marker} Editing'
    papers.write_text(text.replace(found, new, 1), encoding="utf-8")
    return marker


def edit_tags(papers: Path, number: int) -> str:
    """Give paper-0 two tags it did not have before this edit; the first one's name."""
    text = papers.read_text(encoding="utf-8")
    start = text.index("  - id: paper-0\n")
    end = text.index("\n  - id: ", start + 1)
    old, new = (
        TAGS[2 * n % len(TAGS)] + ", " + TAGS[(2 * n + 1) % len(TAGS)] for n in (number - 1, number)
    )
    entry = text[start:end].replace(f"tags: [{old}]", f"tags: [{new}]", 1)
    papers.write_text(text[:start] + entry + text[end:], encoding="utf-8")
    return TAGS[2 * number % len(TAGS)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--one-section", action="store_true", help="all papers in one section")
    parser.add_argument("--engine", default="mkdocs")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--edit", choices=("title", "tags"), default="title")
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout to run serve from")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    sections = SECTIONS[:1] if args.one_section else SECTIONS
    workspace = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    root = make_project(
        workspace / "list", args.papers, SITE_SOURCES, sections=sections, repo=args.repo
    )
    port = free_port()
    command = [sys.executable, "-m", "generator", "--root", str(root), "serve"]
    command += ["--engine", args.engine, "--dev-addr", f"127.0.0.1:{port}"]
    environment = {**os.environ, "PYTHONPATH": str(args.repo.resolve())}
    process = subprocess.Popen(
        command, cwd=args.repo, env=environment, stderr=subprocess.PIPE, text=True
    )
    messages = Messages(process.stderr)
    # paper-0 is the first entry of the first section: on its first page.
    url = f"http://127.0.0.1:{port}/sections/{sections[0]}/"
    try:
        started = wait_for(lambda: "Synthetic Paper 0" in page(url), START_LIMIT_S, poll=1)
        print(f"{args.papers} papers, {len(sections)} section(s), {args.engine}, {args.repo}")
        print(f"edit: {args.edit}; load average {os.getloadavg()[0]:.2f}")
        print(f"first page served after {started:.1f} s")
        latencies = []
        for number in range(1, args.edits + 1):
            # The preview finished the complete staging after the last edit.
            wait_for(lambda n=number: messages.done(n - 1), EDIT_LIMIT_S, poll=0.2)
            wait_for(lambda: messages.quiet_for(QUIET_S), EDIT_LIMIT_S, poll=0.2)
            if args.edit == "tags":
                tag = edit_tags(root / "papers.yaml", number)
                where, shown = f"http://127.0.0.1:{port}/tags/{tag}/", "Synthetic Paper 0:"
            else:
                where, shown = url, edit_title(root / "papers.yaml", 0, number)
            seconds = wait_for(lambda w=where, m=shown: m in page(w), EDIT_LIMIT_S)
            latencies.append(seconds)
            print(f"edit {number}: new {args.edit} served after {seconds:.2f} s")
        median = statistics.median(latencies)
        verdict = "ok" if median <= TARGET_SECONDS else "ABOVE TARGET"
        print(f"median {median:.2f} s, max {max(latencies):.2f} s ({verdict})")
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        if args.keep:
            print(f"project kept in {workspace}")
        else:
            shutil.rmtree(workspace, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
