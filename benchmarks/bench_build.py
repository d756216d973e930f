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

REPO = Path(__file__).resolve().parent.parent
TARGET_RATIO = 1.5
SECTIONS = ("survey-and-framework", "paper-list")
METHODS = ("FT", "SFT", "KD", "SeqKD", "ReverseKD", "knowledge editing")


def paper_entry(index: int, dataset_ids: list[str]) -> str:
    """One paper in the style of the real papers.yaml, with every common field filled."""
    arxiv = f"{2000 + index // 90000:04d}.{index % 90000 + 10000:05d}"
    datasets = f"[{dataset_ids[index % len(dataset_ids)]}, Synthetic Set {index % 7}]"
    return f"""\
  - id: paper-{index}
    title: "Synthetic Paper {index}: Editing Knowledge at Scale, Part {index % 13}"
    url: https://arxiv.org/abs/{arxiv}
    venue: arXiv
    year: {2015 + index % 10}
    month: {1 + index % 12}
    section: {SECTIONS[index % len(SECTIONS)]}
    method: {METHODS[index % len(METHODS)]}
    authors: [Author {index} One, Author {index} Two, Author {index} Three]
    arxiv: "{arxiv}"
    code: https://github.com/example/paper-{index}
    links:
      - label: PDF
        url: https://arxiv.org/pdf/{arxiv}
    organizations: [Organization {index % 50}]
    task: knowledge injection
    datasets: {datasets}
    models:
      teacher: [Teacher {index % 5}]
      student: [Student {index % 9}]
    insight: Synthetic insight number {index}; knowledge is mostly learned in pretraining.
    tags: [synthetic, knowledge-editing]
    added: 2024-05-{1 + index % 28:02d}
"""


def papers_yaml(count: int, dataset_ids: list[str]) -> str:
    head = """\
# yaml-language-server: $schema=generator/schemas/papers.schema.json
sections:
  - id: survey-and-framework
    title: Survey & Framework
    description: Surveys and frameworks.
  - id: paper-list
    title: Paper List
    description: Methods.

papers:
"""
    return head + "\n".join(paper_entry(i, dataset_ids) for i in range(count))


def datasets_yaml(count: int) -> str:
    entries = "\n".join(
        f"""\
  - id: dataset-{index}
    name: Synthetic Dataset {index}
    url: https://example.org/dataset-{index}
    time: 2020 to 2021.
    publication:
      title: Synthetic Dataset Paper {index}
      venue: ACL
      year: 2023
"""
        for index in range(count)
    )
    return f"description: Synthetic datasets.\n\ndatasets:\n{entries}"


def make_project(directory: Path, papers: int) -> None:
    shutil.copytree(REPO / "templates", directory / "templates")
    dataset_ids = [f"dataset-{i}" for i in range(20)]
    (directory / "datasets.yaml").write_text(datasets_yaml(len(dataset_ids)), encoding="utf-8")
    (directory / "papers.yaml").write_text(papers_yaml(papers, dataset_ids), encoding="utf-8")


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
