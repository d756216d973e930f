"""Lighthouse (mobile) and downloaded bytes of four pages at 1,000 and 10,000 papers.

Sizes: 1,000 and 10,000 synthetic papers spread over the four sections of `synthetic.py`,
and 10,000 in one section. Pages: the home page, the largest section page, the entry page
of the paper in the middle of the list (the section page that lists it in full) and Browse.
For each: Lighthouse's performance and accessibility scores (targets >= 0.90 and >= 0.95)
and the bytes the page downloads before it is usable: Lighthouse's `total-byte-weight`, the
transferred (gzipped) bytes of every request until the network is quiet, with the largest
request named.

Each `--checkout NAME=PATH` (default: this checkout as `after`) builds every size with its
own generator, templates and assets (`python -m generator build` in a synthetic project),
so that an unchanged checkout measures the figures before a change in the same run, e.g.
`git worktree add --detach /tmp/before 288518c`, then

    python benchmarks/bench_scale.py --checkout before=/tmp/before --checkout after=. --runs 2

Lighthouse is noisy: `--runs N` measures each page N times and prints every score.
Lighthouse 12 comes from node_modules (`npm ci`); CHROME_PATH names the browser.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_lighthouse import (  # noqa: E402
    LIGHTHOUSE,
    SITE_SOURCES,
    TARGETS,
    largest_section_page,
    lighthouse_report,
    serve,
)
from synthetic import SECTIONS, make_project  # noqa: E402

SIZES = {
    "1,000 over 4 sections": (1000, SECTIONS),
    "10,000 over 4 sections": (10000, SECTIONS),
    "10,000 in one section": (10000, SECTIONS[1:2]),
}
PAGES = ("home", "largest section", "entry", "Browse")


@dataclass
class Measure:
    scores: dict[str, list[float | None]] = field(default_factory=dict)
    bytes: list[int] = field(default_factory=list)
    largest: str = ""


def build(checkout: Path, project: Path) -> Path:
    environment = {**os.environ, "PYTHONPATH": str(checkout)}
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build"],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return project / "site"


def entry_page(site: Path, paper_id: str) -> str:
    """The section page that lists `paper_id` in full."""
    anchor = f'id="{paper_id}"'
    for page in sorted((site / "sections").rglob("index.html")):
        if anchor in page.read_text(encoding="utf-8"):
            return page.parent.relative_to(site).as_posix() + "/"
    raise SystemExit(f"no section page lists {paper_id}")


def pages_of(site: Path, count: int) -> dict[str, str]:
    return {
        "home": "",
        "largest section": largest_section_page(site),
        "entry": entry_page(site, f"paper-{count // 2}"),
        "Browse": "browse/",
    }


def largest_request(report: dict[str, Any]) -> str:
    items = report["audits"]["network-requests"]["details"]["items"]
    top = max(items, key=lambda item: item.get("transferSize", 0))
    name = top["url"].rstrip("/").rsplit("/", 1)[-1]
    return f"{name} {top['transferSize'] / 1024:.0f} KiB"


def measure(url: str, report_path: Path, into: Measure) -> None:
    report = lighthouse_report(url, report_path)
    for category in TARGETS:
        into.scores.setdefault(category, []).append(report["categories"][category]["score"])
    into.bytes.append(int(report["audits"]["total-byte-weight"]["numericValue"]))
    into.largest = largest_request(report)


def verdict(values: list[float | None], target: float) -> str:
    """The scores of every run; a run Lighthouse could not score (e.g. NO_FCP) shows as '-'."""
    text = "/".join("-" if value is None else f"{value:.2f}" for value in values)
    scored = [value for value in values if value is not None]
    return text if scored and min(scored) >= target else f"{text} (under {target:.2f})"


def print_table(results: dict[tuple[str, str, str], Measure], checkouts: list[str]) -> None:
    print("| size | page | checkout | performance | accessibility | KiB before usable | largest |")
    print("|---|---|---|---|---|---|---|")
    for (size, page, checkout), found in results.items():
        kib = "/".join(f"{value / 1024:.0f}" for value in found.bytes)
        print(
            f"| {size} | {page} | {checkout} | "
            f"{verdict(found.scores['performance'], TARGETS['performance'])} | "
            f"{verdict(found.scores['accessibility'], TARGETS['accessibility'])} | "
            f"{kib} | {found.largest} |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", action="append", metavar="NAME=PATH", default=[])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (1)")
    parser.add_argument("--sizes", nargs="*", choices=list(SIZES), default=list(SIZES))
    parser.add_argument("--pages", nargs="*", choices=PAGES, default=list(PAGES))
    parser.add_argument("--keep", action="store_true", help="keep the projects and reports")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE} is missing: run `npm ci` in {REPO}", file=sys.stderr)
        return 2
    checkouts = dict(item.split("=", 1) for item in args.checkout) or {"after": str(REPO)}
    workspace = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    results: dict[tuple[str, str, str], Measure] = {}
    try:
        for size in args.sizes:
            count, sections = SIZES[size]
            with ExitStack() as stack:
                bases: dict[str, tuple[str, dict[str, str]]] = {}
                for name, path in checkouts.items():
                    checkout = Path(path).resolve()
                    root = workspace / f"{name}-{count}-{len(sections)}"
                    make_project(root, count, SITE_SOURCES, sections=sections, repo=checkout)
                    site = build(checkout, root)
                    bases[name] = (stack.enter_context(serve(site)), pages_of(site, count))
                for run in range(args.runs):
                    for page in args.pages:
                        for name, (base, paths) in bases.items():
                            found = results.setdefault((size, page, name), Measure())
                            report = f"{name}-{count}-{len(sections)}-{page}-{run}.json"
                            measure(base + paths[page], workspace / report.replace(" ", ""), found)
                            print(f"{size} / {page} / {name}: {found.scores} {found.bytes}")
        print_table(results, list(checkouts))
        return 0
    finally:
        if args.keep:
            print(f"projects and reports kept in {workspace}")
        else:
            shutil.rmtree(workspace, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
