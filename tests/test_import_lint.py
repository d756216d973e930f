"""An imported list passes `validate`, `build`, awesome-lint and markdownlint with no edit.

The fixture holds the shapes real lists have: badges, nested headings under a "Papers"
heading, a heading ending in ":", two headings of one text, a paper under two headings, a
table, numbered `Title. Authors. arXiv:ID` lines and a `<details>` block. The linters run as
in test_readme_lint (GitHub-only rules left out), with the imported list's own files.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from textwrap import dedent

import yaml
from test_readme_lint import GITHUB_RULES, awesome_lint_messages, linter

from generator.cli import main

SOURCE = dedent(
    """\
    # Awesome Tiny Editing [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)

    [![PRs Welcome](https://img.shields.io/badge/PRs-welcome-green.svg)](https://example.org/pr)

    > Papers and tools on editing small models.

    ## Contents
    - [Papers](#papers)

    ## Background

    Why this list exists, in its maintainers' words: a section without entries, kept as a note.

    | # | Problem | Description |
    |:-:|---------|-------------|
    | 1 | **Scaling** | No law yet |

    + **2016** : +60 citations
    + A plain item

    ```diff
    + an added line
    * **not** a list
    ```

    ## Papers

    ### Locate and Edit:

    - [Locating and Editing Factual Associations](https://arxiv.org/pdf/2202.05262). NeurIPS 2022.
      - Code: [GitHub](https://github.com/kmeng01/rome)
    - [Mass-Editing Memory in a Transformer](https://arxiv.org/abs/2210.07229). ICLR 2023.

    #### Other

    - [Editing Across Many Languages](https://arxiv.org/abs/2305.11111). EMNLP 2023 Findings.

    ### Meta-Learning

    | Title | Venue | Date | Code |
    | --- | --- | --- | --- |
    | [Fast Model Editing at Scale](https://arxiv.org/abs/2110.11309) | ICLR'22 | 2021-10-21 | [code](https://github.com/eric-mitchell/mend) |
    | [Locating and Editing Factual Associations](https://arxiv.org/abs/2202.05262) | NeurIPS 2022 | 2022-02 | |

    #### Other

    1. Editing Models with Task Arithmetic. G. Ilharco, M. Ribeiro. arXiv:2212.04089

    <details>
    <summary>Tools</summary>

    - [EasyEdit](https://github.com/zjunlp/EasyEdit)

    </details>

    ## License

    CC0.
    """
)


def _import(tmp_path: Path) -> Path:
    source = tmp_path / "src" / "README.md"
    source.parent.mkdir()
    source.write_text(SOURCE, encoding="utf-8")
    target = tmp_path / "list"
    assert main(["import", str(source), "--into", str(target)]) == 0
    return target


def _titles(sections: list[dict]) -> list[str]:
    return [s["title"] for s in sections] + [
        t for s in sections for t in _titles(s.get("sections", []))
    ]


def test_the_imported_tree_is_one_the_validator_accepts(tmp_path: Path) -> None:
    target = _import(tmp_path)
    papers = yaml.safe_load((target / "papers.yaml").read_text(encoding="utf-8"))
    top = [s["title"] for s in papers["sections"]]
    assert top == ["Papers"]  # the source's own heading: a list without datasets keeps it
    below = [s["title"] for s in papers["sections"][0]["sections"]]
    assert below == ["Locate and Edit", "Meta-Learning"]  # ":" dropped
    titles = _titles(papers["sections"])
    assert len(titles) == len(set(titles))
    assert "Other (Meta-Learning)" in titles
    rome = next(p for p in papers["papers"] if p["title"].startswith("Locating"))
    assert rome["also"] == ["meta-learning"]
    mend = next(p for p in papers["papers"] if p["title"] == "Fast Model Editing at Scale")
    assert (mend["venue"], mend["year"], mend["date"]) == ("ICLR", 2022, "2021-10-21")
    findings = next(p for p in papers["papers"] if p["title"].startswith("Editing Across"))
    assert (findings["venue"], findings["year"]) == ("Findings of EMNLP", 2023)
    tool = next(p for p in papers["papers"] if p["title"] == "EasyEdit")
    assert tool["kind"] == "tool"
    identity = yaml.safe_load((target / "list.yaml").read_text(encoding="utf-8"))
    assert identity["badges"] == [
        {"label": "Awesome", "image": "https://awesome.re/badge.svg", "url": "https://awesome.re"},
        {
            "label": "PRs Welcome",
            "image": "https://img.shields.io/badge/PRs-welcome-green.svg",
            "url": "https://example.org/pr",
        },
    ]
    assert identity["license"] == {
        "name": "CC0 1.0",
        "url": "LICENSE",
        "statement": "The list is dedicated to the public domain",
    }
    report = (target / "import-report.md").read_text(encoding="utf-8")
    assert "its subsections take its place" not in report  # "Papers" is the list's own
    assert "another heading of the README is 'Other'" in report


def test_an_imported_readme_passes_awesome_lint_and_markdownlint(tmp_path: Path) -> None:
    awesome_lint, markdownlint = linter("awesome-lint"), linter("markdownlint-cli2")
    target = _import(tmp_path)
    assert main(["--root", str(target), "validate"]) == 0
    assert main(["--root", str(target), "build", "--no-site"]) == 0
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert "pip install -r requirements.txt && listsmith build" in readme
    assert "pytest" not in readme  # the generator's own test suite is not this list's
    assert "Why this list exists, in its maintainers' words" in readme  # a note, linted too
    assert "+ an added line\n* **not** a list" in readme  # code stays as it is written
    awesome = subprocess.run(
        [awesome_lint, "README.md"], cwd=target, capture_output=True, text=True, timeout=300
    )
    messages, total = awesome_lint_messages(awesome.stdout + awesome.stderr)
    assert len(messages) == total, awesome.stdout + awesome.stderr
    assert [m for m in messages if m[3] not in GITHUB_RULES] == []
    markdown = subprocess.run(
        [markdownlint, "README.md"], cwd=target, capture_output=True, text=True, timeout=300
    )
    assert "Summary: 0 issues" in markdown.stdout + markdown.stderr, markdown.stdout


def test_a_badge_linking_to_an_entry_is_left_out_and_a_line_of_links_is_no_description(
    tmp_path: Path,
) -> None:
    source = tmp_path / "README.md"
    source.write_text(
        "# Awesome Survey List [![arXiv](https://img.shields.io/badge/arXiv-2503.17407-red)]"
        "(https://arxiv.org/abs/2503.17407)\n\n[Survey](#s) | [Papers](#p)\n\n"
        "> What it collects.\n\n## Surveys\n\n"
        "- [A Survey of Things](https://arxiv.org/abs/2503.17407)\n",
        encoding="utf-8",
    )
    target = tmp_path / "list"
    assert main(["import", str(source), "--into", str(target)]) == 0
    identity = yaml.safe_load((target / "list.yaml").read_text(encoding="utf-8"))
    # Only the Awesome badge every new list starts with: the arXiv badge is left out.
    assert [badge["label"] for badge in identity["badges"]] == ["Awesome"]
    assert identity["description"] == "What it collects."
