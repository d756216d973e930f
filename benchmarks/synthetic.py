"""Synthetic projects for the benchmarks: N papers shaped like the real papers.yaml.

Every common field is filled, so that loading, validation and rendering do the work a real
list of that size would ask of them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SECTIONS = ("survey-and-framework", "paper-list", "knowledge-editing", "distillation")
METHODS = ("FT", "SFT", "KD", "SeqKD", "ReverseKD", "DPKD", "knowledge editing")
TAGS = ("knowledge-editing", "distillation", "alignment", "survey", "scaling", "injection")
DATASETS = 40


def paper_entry(index: int, sections: tuple[str, ...] = SECTIONS) -> str:
    arxiv = f"{2000 + index // 90000:04d}.{index % 90000 + 10000:05d}"
    return f"""\
  - id: paper-{index}
    title: "Synthetic Paper {index}: Editing Knowledge at Scale, Part {index % 13}"
    url: https://arxiv.org/abs/{arxiv}
    venue: {"arXiv" if index % 3 else "NeurIPS"}
    year: {2015 + index % 10}
    month: {1 + index % 12}
    section: {sections[index % len(sections)]}
    method: {METHODS[index % len(METHODS)]}
    authors: [Author {index} One, Author {index} Two, Author {index} Three]
    arxiv: "{arxiv}"
    code: https://github.com/example/paper-{index}
    links:
      - label: PDF
        url: https://arxiv.org/pdf/{arxiv}
    organizations: [Organization {index % 50}]
    task: knowledge injection
    datasets: [dataset-{index % DATASETS}, Synthetic Set {index % 7}]
    models:
      teacher: [Teacher {index % 5}]
      student: [Student {index % 9}]
    insight: Knowledge learned in pretraining can be updated by method {index % 11}.
    tags: [{TAGS[index % len(TAGS)]}, {TAGS[(index + 1) % len(TAGS)]}]
    added: 2024-{1 + index % 12:02d}-{1 + index % 28:02d}
"""


def papers_yaml(count: int, sections: tuple[str, ...] = SECTIONS) -> str:
    """`count` papers spread in turn over `sections` (all of them listed, used or not)."""
    listed = "".join(
        f"  - id: {s}\n    title: {s.replace('-', ' ').title()}\n    description: Papers.\n"
        for s in SECTIONS
    )
    papers = "\n".join(paper_entry(i, sections) for i in range(count))
    header = "# yaml-language-server: $schema=generator/schemas/papers.schema.json\n"
    return f"{header}sections:\n{listed}\npapers:\n{papers}"


def datasets_yaml() -> str:
    """Half the datasets name a listed paper, half their own publication."""
    entries = []
    for n in range(DATASETS):
        origin = (
            f"    paper: paper-{n}\n"
            if n % 2
            else f"    publication:\n      title: Dataset Paper {n}\n      venue: ACL\n"
            "      year: 2023\n"
        )
        entries.append(
            f"  - id: dataset-{n}\n    name: Dataset {n}\n    url: https://example.org/data/{n}\n"
            f"    time: 2020 to 2023.\n{origin}"
        )
    return f"description: Synthetic datasets.\n\ndatasets:\n{''.join(entries)}"


def make_project(
    root: Path,
    count: int,
    sources: tuple[str, ...] = ("templates",),
    *,
    sections: tuple[str, ...] = SECTIONS,
    repo: Path = REPO,
) -> Path:
    """A project at `root` with `count` papers over `sections` and copies of the `sources` of
    the checkout `repo` (this one unless told).

    The checkout's list.yaml always comes along: a build refuses a list without one.
    """
    root.mkdir(parents=True, exist_ok=True)
    for name in dict.fromkeys(("list.yaml", *sources)):
        source = repo / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    (root / "papers.yaml").write_text(papers_yaml(count, sections), encoding="utf-8")
    (root / "datasets.yaml").write_text(datasets_yaml(), encoding="utf-8")
    return root


def lineage_entries(count: int, per_paper: int = 3) -> dict[str, dict[str, object]]:
    """facts.json entries in which each paper cites up to `per_paper` papers of earlier years."""
    entries: dict[str, dict[str, object]] = {}
    for index in range(count):
        cited = [
            f"paper-{index - step}"
            for step in (1, 3, 7, 11, 17)
            if index - step >= 0 and (index - step) % 10 < index % 10
        ][:per_paper]
        if cited:
            lineage = {"cites": sorted(cited), "source": "OpenAlex", "checked": "2026-01-02"}
            entries[f"paper:paper-{index}"] = {"lineage": lineage}
    return entries
