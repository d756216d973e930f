"""Benchmark: `check-links` on 10,000 URLs from 20 loopback hosts, against its own bound.

Every URL is served from 127.0.0.1 .. 127.0.0.20 (one port), each answer after 100 ms. The
checker keeps at most `max_concurrency` (64) requests in flight, so no run can beat
10,000 x 100 ms / 64 = 15.6 s; the target is to finish within 1.05x of that bound. With
--linkinator the same URLs are also checked by `linkinator --concurrency 64` (about two
minutes), for comparison. With --floor, curl checks them too (`curl --parallel-max 64`, one C
process, no list to read): the stand-ins' own floor. Each exchange costs the servers and the
kernel a little beyond the 100 ms, so even curl does not reach the bound.

    python benchmarks/bench_links.py [--urls-per-host N] [--linkinator] [--node PATH] [--floor]

linkinator and the Node.js it needs (22 or newer) are pinned in package.json; `npm ci` installs
both, and the benchmark runs linkinator on that Node unless --node says otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOSTS = [f"127.0.0.{n}" for n in range(1, 21)]
URLS_PER_HOST = 500
DELAY = 0.1
CONNECTIONS = 64  # the checker's max_concurrency (links.toml), passed to linkinator too
TARGET = 1.05
BODY = b"ok\n"


class SlowServer:
    """Answers every HEAD or GET with 200 after DELAY seconds, keeping connections alive."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.requests = 0
        self.in_flight = 0
        self.most_in_flight = 0  # what a tool's concurrency really was (reset between tools)
        # Where a run's time goes: before the first request (startup), between the first
        # request and the last answer (the check), and how many requests were held at once
        # on average during the check (busy request-seconds / the check's duration).
        self.first = self.last = 0.0
        self.busy = 0.0
        self.port = 0
        self._ready = threading.Event()

    def reset(self) -> None:
        self.most_in_flight = 0
        self.first = self.last = self.busy = 0.0

    def phases(self, started: float) -> str:
        check = self.last - self.first
        mean = self.busy / check if check else 0
        return (
            f"  startup {self.first - started:.2f} s, check {check:.2f} s with "
            f"{mean:.1f} requests held on average (at most {self.most_in_flight})"
        )

    def start(self) -> SlowServer:
        threading.Thread(
            target=self.loop.run_until_complete, args=(self._serve(),), daemon=True
        ).start()
        self._ready.wait()
        return self

    async def _serve(self) -> None:
        first = await asyncio.start_server(self._handle, HOSTS[0], 0, backlog=1024)
        self.port = first.sockets[0].getsockname()[1]
        servers = [first] + [
            await asyncio.start_server(self._handle, host, self.port, backlog=1024)
            for host in HOSTS[1:]
        ]
        self._ready.set()
        await asyncio.gather(*(server.serve_forever() for server in servers))

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                started = time.perf_counter()
                self.first = self.first or started
                self.requests += 1
                self.in_flight += 1
                self.most_in_flight = max(self.most_in_flight, self.in_flight)
                await asyncio.sleep(DELAY)
                self.in_flight -= 1
                self.last = time.perf_counter()
                self.busy += self.last - started
                body = b"" if head.startswith(b"HEAD") else BODY
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                    b"Content-Length: %d\r\n\r\n%s" % (len(BODY), body)
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()


def urls(port: int, per_host: int) -> list[str]:
    return [f"http://{host}:{port}/paper/{n}" for n in range(per_host) for host in HOSTS]


def bound(links: list[str]) -> float:
    """The fastest any run can be with CONNECTIONS requests in flight, each DELAY long."""
    return len(links) * DELAY / CONNECTIONS


def write_project(directory: Path, links: list[str]) -> None:
    papers = "".join(
        f"  - id: p{n}\n    title: Paper {n}\n    url: {url}\n    venue: arXiv\n"
        f"    year: 2024\n    section: s\n"
        for n, url in enumerate(links)
    )
    (directory / "papers.yaml").write_text(f"sections:\n  - id: s\n    title: S\npapers:\n{papers}")
    (directory / "datasets.yaml").write_text("datasets: []\n")
    shutil.copy(ROOT / "links.toml", directory / "links.toml")
    page = "".join(f'<a href="{url}">{n}</a>\n' for n, url in enumerate(links))
    (directory / "links.html").write_text(f"<!doctype html><html><body>\n{page}</body></html>\n")


def run_check_links(directory: Path) -> tuple[float, float, int]:
    command = [sys.executable, "-m", "generator", "--root", str(directory), "check-links"]
    command.append("--allow-private")  # the servers are on 127.0.0.x
    used = _children_cpu()
    started = time.perf_counter()
    result = subprocess.run(
        [*command, "--no-cache", "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if not result.stdout.strip():
        sys.exit(f"check-links failed:\n{result.stderr}")
    ok = sum(item["status"] == "ok" for item in json.loads(result.stdout))
    print(f"  CPU time of check-links: {_children_cpu() - used:.2f} s (user + system)")
    return started, elapsed, ok


def _children_cpu() -> float:
    """CPU seconds used by the finished child processes (a shared machine slows the wall
    clock, much less the CPU time a run needs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_linkinator(directory: Path, node: str) -> tuple[float, int]:
    cli = (ROOT / "node_modules" / ".bin" / "linkinator").resolve()
    command = [node, str(cli), "links.html", "--concurrency", str(CONNECTIONS), "--format", "json"]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=directory, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    try:
        report = json.loads(result.stdout)
    except ValueError:
        sys.exit(f"linkinator failed:\n{result.stderr[-2000:]}")
    ok = sum(link["state"] == "OK" and "/paper/" in link["url"] for link in report["links"])
    return elapsed, ok


def run_curl(directory: Path, links: list[str]) -> tuple[float, int]:
    """HEAD every URL with curl, CONNECTIONS at once: what the stand-ins allow at best."""
    config = directory / "curl.cfg"
    config.write_text("".join(f'url = "{url}"\noutput = "/dev/null"\n' for url in links))
    command = ["curl", "--silent", "--head", "--parallel", "--parallel-max", str(CONNECTIONS)]
    command += ["--write-out", "%{http_code}\\n", "--config", str(config)]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    return elapsed, result.stdout.split().count("200")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    pinned_node = ROOT / "node_modules" / ".bin" / "node"
    parser.add_argument("--urls-per-host", type=int, default=URLS_PER_HOST, metavar="N")
    parser.add_argument("--linkinator", action="store_true", help="also time linkinator")
    parser.add_argument(
        "--node",
        default=os.environ.get("NODE", str(pinned_node) if pinned_node.exists() else "node"),
        help="Node.js to run linkinator with (default: the one package.json pins)",
    )
    parser.add_argument(
        "--floor", action="store_true", help="also time curl on the same URLs (the floor)"
    )
    args = parser.parse_args()
    server = SlowServer().start()
    links = urls(server.port, args.urls_per_host)
    best = bound(links)
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary)
        write_project(directory, links)
        started, ours, ours_ok = run_check_links(directory)
        print(f"check-links:    {ours:6.2f} s  {ours_ok}/{len(links)} ok")
        print(server.phases(started))
        print(f"  / bound {best:.1f} s: {ours / best:6.2f}x  (target <= {TARGET})")
        if args.linkinator:
            server.reset()
            started = time.perf_counter()
            theirs, theirs_ok = run_linkinator(directory, args.node)
            print(f"linkinator:     {theirs:6.2f} s  {theirs_ok}/{len(links)} ok")
            print(server.phases(started))
        if args.floor and not shutil.which("curl"):
            print("curl (floor):   not timed: no curl on PATH")
        elif args.floor:
            server.reset()
            started = time.perf_counter()
            floor, floor_ok = run_curl(directory, links)
            print(f"curl (floor):   {floor:6.2f} s  {floor_ok}/{len(links)} ok  ", end="")
            print(f"/ bound {floor / best:.2f}x")
            print(server.phases(started))
            print(f"  check-links / curl: {ours / floor:.3f}x")
    print(f"requests served: {server.requests}")
    return 0 if ours_ok == len(links) and ours / best <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
