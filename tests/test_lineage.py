"""The lineage among listed papers: facts.json's citations, `builds_on` added, `not_builds_on`
taken out; both directions newest first; a hand edit naming no listed paper is a located error."""

from __future__ import annotations

import json
from pathlib import Path

from support.data import check, copy_project, find

from generator.catalog.facts import facts_text
from generator.catalog.lineage import lineage
from generator.catalog.project import Project, open_catalog
from generator.render.readme import render_readme

TWO = """\
sections:
  - id: methods
    title: Methods
papers:
  - id: rome
    title: Locating and Editing Factual Associations in GPT
    url: https://arxiv.org/abs/2202.05262
    year: 2022
    section: methods
  - id: memit
    title: Mass-Editing Memory in a Transformer
    url: https://arxiv.org/abs/2210.07229
    year: 2022
    section: methods
    builds_on: [romee, memit]
"""


def test_a_builds_on_id_no_paper_has_is_a_located_error_naming_the_closest() -> None:
    problems = check(TWO)
    unknown = find(problems, "unknown paper 'romee'")
    assert (unknown.file, unknown.line, unknown.column, unknown.code) == (
        "papers.yaml",
        15,
        17,
        "LKU206",
    )
    assert unknown.hint == "did you mean 'rome'?"
    itself = find(problems, "is this paper itself")
    assert (itself.line, itself.column, itself.severity) == (15, 24, "error")


def test_a_not_builds_on_id_is_checked_too() -> None:
    problems = check(TWO.replace("builds_on: [romee, memit]", "not_builds_on: [nope]"))
    assert find(problems, "unknown paper 'nope'").code == "LKU206"


def test_an_id_in_both_builds_on_and_not_builds_on_is_an_error() -> None:
    both = "builds_on: [rome]\n    not_builds_on: [rome]"
    problem = find(check(TWO.replace("builds_on: [romee, memit]", both)), "in both")
    assert (problem.line, problem.column, problem.code) == (16, 21, "LKU206")


def catalog_with(tmp_path: Path, cites: dict[str, list[str]], edits: dict[str, str]):
    root = copy_project(tmp_path)
    papers = (root / "papers.yaml").read_text(encoding="utf-8")
    for paper_id, lines in edits.items():
        papers = papers.replace(f"  - id: {paper_id}\n", f"  - id: {paper_id}\n{lines}", 1)
    (root / "papers.yaml").write_text(papers, encoding="utf-8")
    entries = {
        f"paper:{paper}": {"lineage": {"cites": ids, "source": "OpenAlex", "checked": "2026-01-02"}}
        for paper, ids in cites.items()
    }
    (root / "facts.json").write_text(facts_text(entries), encoding="utf-8")
    catalog, problems = open_catalog(Project(root))
    assert catalog is not None and not [p for p in problems if p.severity == "error"], problems
    return catalog


def test_the_edges_are_the_facts_plus_builds_on_minus_not_builds_on(tmp_path: Path) -> None:
    catalog = catalog_with(
        tmp_path,
        {"wise": ["rome", "mend", "lima"], "minillm": ["hinton-kd", "no-such-paper", "minillm"]},
        {
            "wise": "    not_builds_on: [lima]\n",
            "dpkd": "    builds_on: [minillm, hinton-kd, seqkd]\n",
        },
    )
    found = lineage(catalog)
    assert found.builds_on == {
        "wise": ("mend", "rome"),  # both of 2022: then by id
        "minillm": ("hinton-kd",),  # an unknown id and the paper itself are no edges
        "dpkd": ("minillm", "seqkd", "hinton-kd"),  # 2024, 2016, 2015
    }
    assert found.built_on_by["hinton-kd"] == ("dpkd", "minillm")  # 2024-06 before 2024
    assert found.built_on_by["rome"] == ("wise",)
    assert ("dpkd", "seqkd") in found.edges and len(found.edges) == 6


def test_no_facts_and_no_hand_edits_is_no_lineage(tmp_path: Path) -> None:
    assert not lineage(catalog_with(tmp_path, {}, {}))


def test_a_malformed_lineage_fact_is_left_out(tmp_path: Path) -> None:
    catalog_with(tmp_path, {}, {})
    bad = {"cites": ["rome", "<script>"], "source": "OpenAlex", "checked": "2026-01-02"}
    (tmp_path / "facts.json").write_text(
        json.dumps({"version": 1, "entries": {"paper:wise": {"lineage": bad}}}), encoding="utf-8"
    )
    catalog, _ = open_catalog(Project(tmp_path))
    assert catalog is not None and not lineage(catalog)


def test_the_readme_names_what_a_paper_builds_on_only_when_list_yaml_asks(tmp_path: Path) -> None:
    catalog = catalog_with(tmp_path, {"dpkd": ["minillm", "hinton-kd"]}, {})
    assert "Builds on" not in render_readme(catalog, tmp_path / "templates")
    list_file = tmp_path / "list.yaml"
    list_file.write_text(
        list_file.read_text(encoding="utf-8").replace(
            "  mode: full\n", "  mode: full\n  lineage: true\n"
        ),
        encoding="utf-8",
    )
    catalog, _ = open_catalog(Project(tmp_path))
    assert catalog is not None and catalog.identity.readme_lineage
    readme = render_readme(catalog, tmp_path / "templates")
    lines = [line for line in readme.splitlines() if "Builds on" in line]
    assert lines == [
        "  - Builds on: MiniLLM: Knowledge Distillation of Large Language Models; "
        "Distilling the Knowledge in a Neural Network."
    ]
