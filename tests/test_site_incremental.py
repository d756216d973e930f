"""What one edit of entries touches: the preview stages those pages first, then the rest."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support.site import copy_project

from generator.catalog.project import Project, open_sources, paper_maker
from generator.site.incremental import entry_chunks, entry_edits, quick_catalog
from generator.site.serve import Preview

PAPERS = """\
sections:
  - id: a
    title: A
papers:
  # the first entry
  - id: x
    title: X
    insight: |
      - a line that looks like an entry, inside a block text

  - id: y
    title: Y
"""
PAST_NS = 1_000_000_000 * 1_000_000_000
SURVEY = "A Survey on Knowledge Distillation of Large Language Models"


def test_the_entries_are_cut_at_their_first_lines() -> None:
    head, chunks = entry_chunks(PAPERS)
    assert head == PAPERS[: PAPERS.index("  - id: x")]
    assert chunks[0].startswith("  - id: x") and "inside a block text\n\n" in chunks[0]
    assert chunks[1] == "  - id: y\n    title: Y\n"


@pytest.mark.parametrize(
    "text",
    [
        PAPERS + "extra: after the entries\n",
        PAPERS.replace("papers:\n", "papers: [\n"),
        "sections: []\n",
        PAPERS.replace("  - id: y", " - id: y"),
    ],
    ids=["key-after", "flow-list", "no-papers", "other-indent"],
)
def test_a_file_of_another_shape_is_not_cut(text: str) -> None:
    assert entry_chunks(text) is None


def test_an_edit_within_an_entry_is_found_with_its_line() -> None:
    edits = entry_edits(PAPERS, PAPERS.replace("title: Y", "title: Why"))
    assert [(e.index, e.line) for e in edits] == [(1, 11)]
    assert edits[0].text == "  - id: y\n    title: Why\n"


@pytest.mark.parametrize(
    "after",
    [
        PAPERS.replace("title: Y", "title: Y\n    year: 2024"),  # a line more
        PAPERS + "  - id: z\n    title: Z\n",  # an entry more
        PAPERS.replace("title: A", "title: B"),  # the sections
    ],
    ids=["longer", "added", "sections"],
)
def test_other_edits_are_left_to_a_complete_staging(after: str) -> None:
    assert entry_edits(PAPERS, after) is None


def _project(tmp_path: Path) -> tuple[Project, Path]:
    root = copy_project(tmp_path / "list", "")
    return Project(root), root / "papers.yaml"


def test_an_edited_entry_listed_elsewhere_now_is_not_made_quickly(tmp_path: Path) -> None:
    project, papers = _project(tmp_path)
    sources, catalog, _ = open_sources(project)
    text = papers.read_text()
    start = text.index("  - id: kd-llm-survey")
    moved = text[:start] + text[start:].replace(
        "section: survey-and-framework", "section: paper-list", 1
    )
    edits = entry_edits(text, moved)
    assert edits is not None and len(edits) == 1
    assert quick_catalog(catalog, "papers.yaml", papers, edits, paper_maker(sources)) is None
    retitled = text.replace(SURVEY, "Retitled")
    edits = entry_edits(text, retitled)
    quick = quick_catalog(catalog, "papers.yaml", papers, edits, paper_maker(sources))
    assert quick is not None and quick[1] == {"kd-llm-survey"}
    papers.write_text(retitled)
    assert quick[0] == open_sources(project)[1]  # what loading the whole list gives


def _built_preview(tmp_path: Path) -> tuple[Preview, Path]:
    """A preview of the list, staged and built once by its engine (a complete build)."""
    project, papers = _project(tmp_path)
    preview = Preview(project, tmp_path / "staged")
    preview.folder.mkdir()
    preview.restage()
    preview.full_build = False
    return preview, papers


def test_a_preview_stages_an_edit_of_one_entry_in_the_pages_that_list_it(
    tmp_path: Path,
) -> None:
    preview, papers = _built_preview(tmp_path)
    staged = {p: p.stat().st_mtime_ns for p in preview.folder.rglob("*") if p.is_file()}
    for path in staged:
        os.utime(path, ns=(PAST_NS, PAST_NS))
    papers.write_text(papers.read_text().replace(SURVEY, "A Survey, Edited While Served"))
    written = preview.quick_restage({papers})
    assert written is not None
    assert "docs/sections/survey-and-framework/index.md" in written
    assert "docs/cite/kd-llm-survey.bib" in written
    assert "docs/sections/paper-list/index.md" not in written  # it does not list the survey
    assert "docs/papers.json" not in written and "docs/cite/rome.bib" not in written
    touched = {
        p.relative_to(preview.folder).as_posix()
        for p in preview.folder.rglob("*")
        if p.is_file() and p.stat().st_mtime_ns != PAST_NS
    }
    assert touched - {".restaged/count"} == set(written)
    page = preview.folder / "docs/sections/survey-and-framework/index.md"
    assert "A Survey, Edited While Served" in page.read_text()
    complete = preview.restage(after_quick=True)
    assert complete is not None  # the downloads of the whole list, and only those
    downloads = {"docs/papers.json", "docs/papers.csv", "docs/papers.bib"}
    assert all(
        name in downloads or name.startswith("docs/browse-data/") for name in complete.written
    )
    assert "docs/papers.json" in complete.written and not preview.full_build


def test_an_edited_title_is_staged_again_on_the_pages_of_the_entries_that_build_on_it(
    tmp_path: Path,
) -> None:
    project, papers = _project(tmp_path)
    text = papers.read_text()
    survey = "    section: survey-and-framework\n"  # the survey's, the first of its kind
    papers.write_text(text.replace(survey, survey + "    builds_on: [rome]\n", 1))
    preview = Preview(project, tmp_path / "staged")
    preview.folder.mkdir()
    preview.restage()
    rome = "Locating and Editing Factual Associations in GPT"
    papers.write_text(papers.read_text().replace(rome, "Locating Facts, Edited While Served"))
    written = preview.quick_restage({papers})
    assert written is not None
    assert "docs/sections/paper-list/index.md" in written  # rome's own page
    survey_page = "docs/sections/survey-and-framework/index.md"  # the survey builds on rome
    assert survey_page in written
    assert "Locating Facts, Edited While Served" in (preview.folder / survey_page).read_text()


def test_a_complete_staging_that_moves_an_entry_leaves_the_engine_the_changed_pages(
    tmp_path: Path,
) -> None:
    preview, papers = _built_preview(tmp_path)
    text = papers.read_text()
    start = text.index("  - id: kd-llm-survey")
    moved = text[start:].replace("section: survey-and-framework", "section: paper-list", 1)
    papers.write_text(text[:start] + moved)
    staged = preview.restage()
    assert staged is not None
    assert {"docs/sections/paper-list/index.md", "docs/index.md"} <= set(staged.written)
    assert not preview.full_build  # no page added or removed, no title changed
    papers.write_text(papers.read_text().replace("title: Survey & Framework", "title: Surveys", 1))
    preview.restage()
    assert preview.full_build  # every page names the section in its navigation
