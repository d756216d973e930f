"""Time `build --no-site` against merely parsing the same papers.yaml with libyaml.

Generates N synthetic papers (default 10,000) into a temporary copy of the project, then
runs both as whole processes, best of a few runs, and prints the timings and their ratio.
Target: ratio <= 1.5 at 10,000 papers.

    python benchmarks/bench_build.py [--papers N] [--runs R] [--keep]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import REPO, make_project

TARGET_RATIO = 1.5


def best_time(command: list[str], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
        best = min(best, time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000, help="synthetic papers (10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each; the best counts (3)")
    parser.add_argument("--keep", action="store_true", help="keep and print the temp project")
    args = parser.parse_args()

    directory = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        make_project(directory, args.papers)
        papers_file = directory / "papers.yaml"
        size = papers_file.stat().st_size / 1e6
        print(f"{args.papers} papers, papers.yaml {size:.1f} MB, best of {args.runs} runs")
        build = [sys.executable, "-m", "generator", "--root", str(directory), "build", "--no-site"]
        parse = [
            sys.executable,
            "-c",
            "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8'), "
            "Loader=yaml.CSafeLoader)",
            str(papers_file),
        ]
        build_seconds = best_time(build, args.runs)
        parse_seconds = best_time(parse, args.runs)
        ratio = build_seconds / parse_seconds
        verdict = "ok" if ratio <= TARGET_RATIO else "ABOVE TARGET"
        print(f"build --no-site      {build_seconds:7.3f} s")
        print(f"parse (CSafeLoader)  {parse_seconds:7.3f} s")
        print(f"ratio                {ratio:7.2f}  (target <= {TARGET_RATIO}: {verdict})")
    finally:
        if args.keep:
            print(f"project kept in {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
