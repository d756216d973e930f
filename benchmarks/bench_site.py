"""Time the site build for 1,000 and 10,000 synthetic papers, and print the ratio.

Each size gets its own temporary project: the repository's mkdocs.yml, docs/, templates/ and
notes/, with a generated papers.yaml and datasets.yaml. The build is the one
`python -m generator build` runs (strict MkDocs build into a staged directory, then swapped
in). Target: the 10,000-paper build takes at most 12 times the 1,000-paper one, i.e. cost
grows no worse than linearly.

    python benchmarks/bench_site.py [--sizes 1000 10000] [--keep]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from synthetic import make_project  # noqa: E402

from generator.catalog.project import Project  # noqa: E402
from generator.site.build import build_site  # noqa: E402

TARGET_RATIO = 12
SITE_SOURCES = ("mkdocs.yml", "docs", "overrides", "templates")


def time_build(project: Project) -> float:
    start = time.perf_counter()
    build_site(project)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=(1000, 10000), metavar="N")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    args = parser.parse_args()
    workspace = Path(tempfile.mkdtemp(prefix="bench-site-"))
    try:
        times = []
        for count in args.sizes:
            project = Project(make_project(workspace / f"papers-{count}", count, SITE_SOURCES))
            seconds = time_build(project)
            pages = sum(1 for _ in (project.root / "site").rglob("index.html"))
            print(f"{count:>6} papers: site built in {seconds:6.2f} s ({pages} pages)")
            times.append(seconds)
        ratio = times[1] / times[0]
        verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
        growth = args.sizes[1] / args.sizes[0]
        print(f"ratio {ratio:.2f} for {growth:g}x the papers (target <= {TARGET_RATIO}): {verdict}")
        return 0 if ratio <= TARGET_RATIO else 1
    finally:
        if args.keep:
            print(f"projects kept in {workspace}")
        else:
            shutil.rmtree(workspace, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
