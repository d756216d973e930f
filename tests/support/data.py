"""Helpers for the data tests (issue 3): inline YAML fixtures, validation and project copies."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Any

from generator.catalog.load import NoteFile, parse_yaml
from generator.catalog.model import Paper
from generator.catalog.validate import Sources, validate
from generator.diagnostics import Diagnostic

REPO = Path(__file__).resolve().parents[2]
THIS_YEAR = 2024  # validation takes the year as an argument; tests pin it

# papers.yaml with one section and one paper; the line numbers are used by the tests.
PAPERS = """\
sections:
  - id: methods
    title: Methods
papers:
  - id: rome
    title: Locating and Editing Factual Associations in GPT
    url: https://arxiv.org/abs/2202.05262
    venue: NeurIPS
    year: 2022
    section: methods
"""

# The classic alias bomb: nine levels of nine aliases, a billion strings once expanded.
BILLION_LAUGHS_TEXT = (
    "a: &a ["
    + ",".join(['"lol"'] * 9)
    + "]\n"
    + "".join(
        f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]\n"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
)

DATASETS = """\
datasets:
  - id: ecbd
    name: "ECBD: Entity Cloze By Date"
    url: https://aclanthology.org/2022.findings-naacl.52/
    publication:
      title: "Entity Cloze By Date: What LMs Know About Unseen Entities"
      venue: Findings of NAACL
      year: 2022
"""


# A list of tools: one tool, no paper.
TOOLS = """\
sections:
  - id: cli
    title: Command line
papers:
  - id: click
    title: click
    kind: tool
    url: https://github.com/pallets/click
    section: cli
    description: Composable command line interfaces.
"""


def yaml_text(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def check(
    papers: str | None = PAPERS,
    datasets: str | None = DATASETS,
    notes: dict[str, str] | None = None,
) -> list[Diagnostic]:
    """Every diagnostic that loading and validating these texts produces, sorted."""
    problems: list[Diagnostic] = []
    loaded = []
    for text, name in ((papers, "papers.yaml"), (datasets, "datasets.yaml")):
        if text is None:
            loaded.append(None)
            continue
        data, load_problems = parse_yaml(yaml_text(text), Path(name), name)
        loaded.append(data)
        problems += load_problems
    note_files = tuple(
        NoteFile(Path(name), name, text) for name, text in sorted((notes or {}).items())
    )
    problems += validate(Sources(loaded[0], loaded[1], note_files), THIS_YEAR)
    return sorted(problems)


def where(problems: list[Diagnostic]) -> list[tuple[str, int, int]]:
    return [(d.file, d.line, d.column) for d in problems]


def find(problems: list[Diagnostic], fragment: str) -> Diagnostic:
    """The one diagnostic whose message contains `fragment`."""
    matching = [d for d in problems if fragment in d.message]
    assert len(matching) == 1, f"expected one {fragment!r} in {problems}"
    return matching[0]


def copy_project(destination: Path) -> Path:
    """A copy of the repository's data, templates and README in `destination`."""
    for name in ("list.yaml", "papers.yaml", "datasets.yaml", "README.md"):
        shutil.copy2(REPO / name, destination / name)
    for name in ("notes", "templates"):
        shutil.copytree(REPO / name, destination / name)
    return destination


def numbered_paper(n: int, **fields: Any) -> Paper:
    """Paper number `n` of a made-up list: its id, title, address and line follow from `n`,
    the rest from `fields`."""
    defaults: dict[str, Any] = {
        "id": f"paper-{n}",
        "title": f"Paper {n}",
        "url": f"https://example.org/{n}",
        "line": 10 + n,
    }
    return Paper(**{**defaults, **fields})
