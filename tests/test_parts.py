"""A list split over papers.yaml and papers/*.yaml: loaded, validated and located as one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support.links import write_project

from generator.catalog.project import Project, open_catalog
from generator.cli import main
from generator.links.collect import collect

SECTIONS = """\
sections:
  - id: editing
    title: Model editing
  - id: distillation
    title: Knowledge distillation
papers:
  - id: rome
    title: ROME
    url: https://arxiv.org/abs/2202.05262
    venue: NeurIPS
    year: 2022
    section: editing
"""


def paper(paper_id: str, section: str, url: str, extra: str = "") -> str:
    return (
        f"  - id: {paper_id}\n    title: {paper_id.upper()}\n    url: {url}\n"
        f"    venue: ICLR\n    year: 2023\n    section: {section}\n{extra}"
    )


EDITING = "papers:\n" + paper("mend", "editing", "https://openreview.net/forum?id=0DcZxeWfOPt")
DISTILLATION = "# Distillation papers\npapers:\n" + paper(
    "minillm", "distillation", "https://arxiv.org/abs/2306.08543"
)


@pytest.fixture
def split(tmp_path: Path) -> Project:
    files = {"papers/editing.yaml": EDITING, "papers/distillation.yaml": DISTILLATION}
    write_project(tmp_path, SECTIONS, **files)
    return Project(tmp_path)


def validate(project: Project, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--root", str(project.root), "validate"])
    out, err = capsys.readouterr()
    return code, out + err


def test_entries_of_every_file_load_as_one_list_each_with_its_file_and_line(
    split: Project,
) -> None:
    catalog, problems = open_catalog(split)
    assert catalog is not None and not problems
    found = {p.id: (p.file, p.line, p.section) for p in catalog.papers}
    assert found == {
        "rome": ("papers.yaml", 7, "editing"),
        "minillm": ("papers/distillation.yaml", 3, "distillation"),
        "mend": ("papers/editing.yaml", 2, "editing"),
    }
    # papers.yaml's own entries first, then each file's in name order.
    assert [p.id for p in catalog.papers] == ["rome", "minillm", "mend"]


def test_a_problem_is_located_in_the_file_and_line_it_is_written_at(
    split: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = "    colour: red\n" + paper("rome", "editing", "https://example.org/rome")
    (split.papers_dir / "editing.yaml").write_text(EDITING + extra, encoding="utf-8")
    code, err = validate(split, capsys)
    assert code == 1
    assert "papers/editing.yaml:8:5: error: unknown key 'colour'" in err
    assert (
        "papers/editing.yaml:9:9: error: duplicate id 'rome': already used at papers.yaml:7" in err
    )


def test_the_same_paper_in_two_files_names_the_other_file(
    split: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    twin = paper("rome-copy", "distillation", "https://arxiv.org/abs/2202.05262")
    (split.papers_dir / "distillation.yaml").write_text(DISTILLATION + twin, encoding="utf-8")
    code, err = validate(split, capsys)
    assert code == 1
    assert (
        "papers/distillation.yaml:11:10: error: this paper is already listed at papers.yaml:7"
        in err
    )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("extra.yaml", "sections: []\npapers: []\n", "extra.yaml:1:1: error: 'sections' does not"),
        ("extra.yaml", "- id: x\n", "extra.yaml:1:1: error: the file has no `papers:` list"),
        ("extra.yaml", "papers: [\n", "extra.yaml:2:1: error:"),
        ("Extra_Papers.yaml", "papers: []\n", "Extra_Papers.yaml:1:1: error: papers/Extra_Papers"),
        ("extra.yaml", 'papers:\n  - id: x\n    title: "\\u202e"\n', "extra.yaml:3:"),
    ],
)
def test_a_part_file_that_is_not_a_list_of_papers_is_refused_in_place(
    split: Project, capsys: pytest.CaptureFixture[str], name: str, text: str, message: str
) -> None:
    (split.papers_dir / name).write_text(text, encoding="utf-8")
    code, err = validate(split, capsys)
    assert code == 1
    assert f"papers/{message}" in err


def test_a_part_that_links_outside_the_project_is_not_read(
    split: Project, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.yaml"
    outside.write_text("papers: []\n", encoding="utf-8")
    os.symlink(outside, split.papers_dir / "secret.yaml")
    code, err = validate(split, capsys)
    assert code == 1
    assert "papers/secret.yaml:1:1: error: the file is a symbolic link to a place outside" in err


def test_links_are_collected_with_the_file_they_are_written_in(split: Project) -> None:
    occurrences, problems = collect(split)
    assert not problems
    found = {o.url: str(o.source) for o in occurrences}
    assert found["https://arxiv.org/abs/2306.08543"] == "papers/distillation.yaml:5"
    assert found["https://openreview.net/forum?id=0DcZxeWfOPt"] == "papers/editing.yaml:4"
    assert found["https://arxiv.org/abs/2202.05262"] == "papers.yaml:9"
    scopes = {o.scope for o in occurrences}
    assert "papers/editing.yaml#papers/mend" in scopes
