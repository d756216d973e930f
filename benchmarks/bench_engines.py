"""Full `build` time with each site engine at 1,000 and 10,000 papers over several sections
and at 10,000 in one section, and `build --no-site`, for one or more checkouts.

Each checkout (this one, and with `--before PATH` an older one, to compare in the same run)
builds its own copy of each synthetic project as a whole process: a first build, then a
second one of the unchanged list (where the staging and the engine's cache can skip work).
Timings on a shared machine are noisy: run it twice and give both.

    python benchmarks/bench_engines.py [--before PATH] [--engines mkdocs zensical]
                                     [--sizes 1000x4 10000x4 10000x1]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import REPO, SECTIONS, make_project

SITE_SOURCES = ("mkdocs.yml", "docs", "overrides", "templates")


def timed(command: list[str], repo: Path) -> float:
    environment = {**os.environ, "PYTHONPATH": str(repo)}
    start = time.perf_counter()
    done = subprocess.run(command, cwd=repo, env=environment, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {repo}:\n{done.stderr[-3000:]}")
    return seconds


def size(text: str) -> tuple[int, int]:
    """'10000x4': 10,000 papers over 4 sections."""
    papers, _, sections = text.partition("x")
    return int(papers), int(sections or len(SECTIONS))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="an older checkout to time as well")
    parser.add_argument("--engines", nargs="+", default=["mkdocs", "zensical"])
    parser.add_argument("--sizes", nargs="+", default=["1000x4", "10000x4", "10000x1"])
    args = parser.parse_args()
    checkouts = [("after", REPO)] + ([("before", args.before.resolve())] if args.before else [])
    workspace = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    print("checkout  papers sections engine    first build  second build")
    try:
        for text in args.sizes:
            papers, count = size(text)
            for label, repo in checkouts:
                folder = workspace / f"{label}-{text}"
                root = make_project(
                    folder, papers, SITE_SOURCES, sections=SECTIONS[:count], repo=repo
                )
                base = [sys.executable, "-m", "generator", "--root", str(root), "build"]
                readme = timed([*base, "--no-site"], repo)
                print(f"{label:8} {papers:7} {count:8} --no-site {readme:11.1f}", flush=True)
                for engine in args.engines:
                    first = timed([*base, "--engine", engine], repo)
                    # A checkout without a staging cache builds the same list in the same time.
                    again = timed([*base, "--engine", engine], repo) if label == "after" else 0
                    shown = f"{again:13.1f}" if again else f"{'-':>13}"
                    row = f"{label:8} {papers:7} {count:8} {engine:9} {first:11.1f}{shown}"
                    print(row, flush=True)
                shutil.rmtree(root, ignore_errors=True)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
