"""A small list in the shapes that real lists need (issue 10): a section tree three levels
deep, entries in several sections, every kind of entry, dates, aliases and datasets that their
papers introduce. Written as a project directory, so tests can build it with the real CLI."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from support.data import REPO

TREE_LIST = """\
title: Awesome Tiny Tree
description: A small list that exercises every shape of the data model.
badges:
  - label: Awesome
    image: https://awesome.re/badge.svg
    url: https://awesome.re
introduction: Every entry links to its page.
news:
  - date: 2024-05
    text: The tree grew a third level.
license:
  name: CC0 1.0
  url: LICENSE
  statement: The list is dedicated to the public domain
links:
  site: https://example.org/tree/
"""

TREE_PAPERS = """\
sections:
  - id: editing
    title: Editing
    description: Methods that edit.
    sections:
      - id: locate
        title: Locate Then Edit
        sections:
          - id: causal
            title: Causal Tracing
      - id: memory
        title: Memory Based
  - id: resources
    title: Resources
    sections:
      - id: tools
        title: Tools
      - id: benchmarks
        title: Benchmarks
papers:
  - id: rome
    title: Locating and Editing Factual Associations in GPT
    aliases: [ROME]
    arxiv: "2202.05262"
    venue: NeurIPS
    year: 2022
    date: 2022-02
    section: causal
    also: [locate, memory]
  - id: mend
    title: Fast Model Editing at Scale
    aliases: [MEND]
    url: https://openreview.net/forum?id=0DcZxeWfOPt
    venue: ICLR
    year: 2022
    section: memory
    also: [locate]
  - id: preprint
    title: A Preprint Without a Venue
    arxiv: "2406.19774"
    date: 2024-06-28
    section: locate
  - id: doi-paper
    title: A Paper Found by Its DOI
    doi: 10.18653/v1/D16-1139
    venue: EMNLP
    year: 2016
    section: editing
  - id: toolkit
    kind: tool
    title: EditKit
    url: https://github.com/example/editkit
    section: tools
    also: [locate]
  - id: lecture
    kind: tutorial
    title: Editing Models in Practice
    url: https://example.org/tutorial
    venue: ACL
    year: 2023
    track: Tutorials
    section: resources
  - id: bench
    kind: benchmark
    title: CounterFact Bench
    arxiv: "2305.01651"
    year: 2023
    section: benchmarks
  - id: data-entry
    kind: dataset
    title: A Dataset Entry
    doi: 10.1162/tacl_a_00644
    year: 2024
    section: benchmarks
  - id: tech-report
    kind: report
    title: A Technical Report
    url: https://example.org/report
    year: 2024
    section: resources
  - id: post
    kind: blog
    title: Why Editing Is Hard
    url: https://example.org/blog/editing
    date: 2023-11-05
    section: resources
"""

# Two datasets introduced by papers of one section: the README names that section twice.
TREE_DATASETS = """\
datasets:
  - id: counterfact
    name: CounterFact
    url: https://rome.baulab.info/data/
    paper: rome
  - id: zsre
    name: zsRE
    url: https://example.org/zsre
    paper: mend
  - id: more-facts
    name: More Facts
    url: https://example.org/more-facts
    paper: rome
"""


def write_tree_project(root: Path, **replace: str) -> Path:
    """The tree list in `root`, with the repository's templates; `replace` swaps a file's text."""
    root.mkdir(parents=True, exist_ok=True)
    files = {"list.yaml": TREE_LIST, "papers.yaml": TREE_PAPERS, "datasets.yaml": TREE_DATASETS}
    for name, text in {**files, **replace}.items():
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "notes").mkdir()
    return root
