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

from generator.project import Project  # noqa: E402
from generator.site import build_site  # noqa: E402

TARGET_RATIO = 12
SITE_SOURCES = ("mkdocs.yml", "docs", "templates", "notes")
SECTIONS = ("survey-and-framework", "paper-list", "knowledge-editing", "distillation")
METHODS = ("FT", "SFT", "KD", "SeqKD", "ReverseKD", "DPKD", "knowledge editing")
TAGS = ("knowledge-editing", "distillation", "alignment", "survey", "scaling", "injection")
DATASETS = 40


def paper_entry(index: int) -> str:
    arxiv = f"{2000 + index // 90000:04d}.{index % 90000 + 10000:05d}"
    dataset = f"dataset-{index % DATASETS}"
    return f"""\
  - id: paper-{index}
    title: "Synthetic Paper {index}: Editing Knowledge at Scale, Part {index % 13}"
    url: https://arxiv.org/abs/{arxiv}
    venue: {"arXiv" if index % 3 else "NeurIPS"}
    year: {2015 + index % 10}
    month: {1 + index % 12}
    section: {SECTIONS[index % len(SECTIONS)]}
    method: {METHODS[index % len(METHODS)]}
    authors: [Author {index} One, Author {index} Two, Author {index} Three]
    arxiv: "{arxiv}"
    code: https://github.com/example/paper-{index}
    organizations: [Organization {index % 50}]
    task: knowledge injection
    datasets: [{dataset}, Synthetic Set {index % 7}]
    models:
      teacher: [Teacher {index % 5}]
      student: [Student {index % 9}]
    insight: Knowledge learned in pretraining can be updated by method {index % 11}.
    tags: [{TAGS[index % len(TAGS)]}, {TAGS[(index + 1) % len(TAGS)]}]
    added: 2024-{1 + index % 12:02d}-{1 + index % 28:02d}
"""


def papers_yaml(count: int) -> str:
    sections = "".join(f"  - id: {s}\n    title: {s.replace('-', ' ').title()}\n" for s in SECTIONS)
    papers = "\n".join(paper_entry(i) for i in range(count))
    return f"sections:\n{sections}\npapers:\n{papers}"


def datasets_yaml() -> str:
    entries = "".join(
        f"  - id: dataset-{n}\n    name: Dataset {n}\n    url: https://example.org/data/{n}\n"
        f"    time: 2020 to 2023.\n    paper: paper-{n}\n"
        for n in range(DATASETS)
    )
    return f"description: Synthetic datasets.\n\ndatasets:\n{entries}"


def make_project(root: Path, count: int) -> Project:
    root.mkdir(parents=True)
    for name in SITE_SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    (root / "papers.yaml").write_text(papers_yaml(count), encoding="utf-8")
    (root / "datasets.yaml").write_text(datasets_yaml(), encoding="utf-8")
    # The repository's notes may cite papers that the synthetic list lacks.
    shutil.rmtree(root / "notes")
    (root / "notes").mkdir()
    return Project(root)


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
            project = make_project(workspace / f"papers-{count}", count)
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
