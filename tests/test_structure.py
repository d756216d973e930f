"""Checks of the list's structure: the section tree, `also`, kinds, dates and headings."""

from __future__ import annotations

import pytest
from support.data import check, find, where
from support.tree import TREE_DATASETS, TREE_PAPERS

from generator.catalog.rules.structure import HEADING_PUNCTUATION


def test_the_tree_fixture_is_valid_in_every_shape():
    assert check(TREE_PAPERS, TREE_DATASETS) == []


def test_a_section_id_is_unique_across_every_level_of_the_tree():
    papers = TREE_PAPERS.replace("id: memory\n", "id: causal\n", 1)
    problem = find(check(papers, TREE_DATASETS), "duplicate id 'causal'")
    assert (problem.line, problem.column) == (11, 13)
    assert "already used at line 9" in problem.message


def test_entries_may_name_a_section_at_any_depth_but_not_an_unknown_one():
    papers = TREE_PAPERS.replace("section: causal\n", "section: causl\n", 1)
    problem = find(check(papers, TREE_DATASETS), "unknown section 'causl'")
    assert problem.hint == "did you mean 'causal'?"


@pytest.mark.parametrize("mark", list(".,;:!"))
def test_a_section_title_ending_in_heading_punctuation_is_refused(mark):
    papers = TREE_PAPERS.replace("title: Memory Based\n", f'title: "Memory Based{mark}"\n')
    problem = find(check(papers, TREE_DATASETS), "ends in")
    assert problem.is_error
    assert problem.hint == f"write it without the final '{mark}', e.g. 'Memory Based'"


def test_full_width_heading_punctuation_is_refused_too():
    assert set("\u3002\uff01") <= set(HEADING_PUNCTUATION)


def test_also_names_other_known_sections_only():
    papers = TREE_PAPERS.replace("also: [locate, memory]", "also: [causal, memori]")
    problems = check(papers, TREE_DATASETS)
    own = find(problems, "already the entry's own section")
    unknown = find(problems, "unknown section 'memori'")
    assert (own.line, unknown.line) == (own.line, own.line)
    assert unknown.hint == "did you mean 'memory'?"


def _entry(kind: str, *fields: str) -> str:
    lines = "".join(f"    {field}\n" for field in fields)
    return TREE_PAPERS + f"  - id: extra\n    kind: {kind}\n    title: Extra\n{lines}"


@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        ("paper", ["venue: ACL", "year: 2020"], "a paper needs a 'url', an 'arxiv' id or a 'doi'"),
        ("paper", ["venue: ACL", "url: https://x.org/"], "a paper needs a 'year' (or a 'date')"),
        ("paper", ["year: 2020", "url: https://x.org/"], "a paper needs a 'venue'"),
        ("report", ["url: https://x.org/"], "a report needs a 'year' (or a 'date')"),
        ("report", ["year: 2020"], "a report needs a 'url', an 'arxiv' id or a 'doi'"),
        ("benchmark", ["year: 2020"], "a benchmark needs a 'url', an 'arxiv' id or a 'doi'"),
        ("dataset", ["doi: 10.1000/x"], "a dataset entry needs a 'year' (or a 'date')"),
        ("tutorial", ["year: 2020", "doi: 10.1000/x"], "a tutorial needs a 'url'"),
        ("blog", ["url: https://x.org/"], "a blog post needs a 'year' (or a 'date')"),
        ("tool", ["year: 2020"], "a tool needs a 'url'"),
    ],
)
def test_each_kind_is_told_what_it_lacks(kind, fields, message):
    problems = check(_entry(kind, *fields, "section: tools"), TREE_DATASETS)
    problem = find(problems, message)
    assert problem.line == TREE_PAPERS.count("\n") + 1  # the entry's first line
    assert problem.hint.startswith("add ")
    assert len(problems) == 1


@pytest.mark.parametrize(
    "fields",
    [
        ["url: https://github.com/x/y"],  # a tool needs only its address
    ],
)
def test_a_tool_needs_neither_venue_nor_year(fields):
    assert check(_entry("tool", *fields, "section: tools"), TREE_DATASETS) == []


def test_an_unknown_kind_lists_the_kinds():
    problem = find(check(_entry("podcast", "section: tools"), TREE_DATASETS), "kind")
    assert "paper, report, tool, tutorial, benchmark, dataset, blog" in problem.hint


@pytest.mark.parametrize("date", ["2024-02", "2024-02-29", "'2024-02'"])
def test_a_date_is_a_month_or_a_day(date):
    papers = TREE_PAPERS.replace("date: 2022-02\n", f"date: {date}\n")
    papers = papers.replace("year: 2022\n    date", "year: 2024\n    date", 1)
    assert check(papers, TREE_DATASETS) == []


@pytest.mark.parametrize("date", ["2024", "2024-13", "2024-02-32", "Feb 2024", "2024/02"])
def test_other_date_forms_are_refused(date):
    papers = TREE_PAPERS.replace("date: 2022-02\n", f"date: {date}\n")
    problem = find(check(papers, TREE_DATASETS), "'date'")
    assert (
        problem.hint == "write the date as YYYY-MM or YYYY-MM-DD in quotes or plain, e.g. 2024-02"
    )


def test_a_date_after_the_venue_year_is_a_warning():
    papers = TREE_PAPERS.replace("date: 2022-02\n", "date: 2023-02\n")
    problem = find(check(papers, TREE_DATASETS), "is after the venue's year 2022")
    assert problem.severity == "warning"


def test_month_and_date_must_agree():
    papers = TREE_PAPERS.replace("date: 2022-02\n", "date: 2022-02\n    month: 3\n")
    problem = find(check(papers, TREE_DATASETS), "'month' is 3 but 'date' is 2022-02")
    assert problem.is_error
    assert where([problem]) == [("papers.yaml", 28, 12)]


def test_two_sections_of_one_title_are_refused_wherever_they_are():
    papers = TREE_PAPERS.replace("title: Tools\n", "title: Causal Tracing\n")
    problem = find(check(papers, TREE_DATASETS), "the heading 'Causal Tracing' is already used")
    assert problem.message.endswith("in papers.yaml at line 10")
    assert "Markdown linters refuse two headings alike" in problem.hint


def test_a_dataset_named_like_a_section_is_refused():
    datasets = TREE_DATASETS.replace("name: zsRE\n", "name: Tools\n")
    problem = find(check(TREE_PAPERS, datasets), "the heading 'Tools' is already used")
    assert problem.file == "datasets.yaml"


def test_a_section_named_like_a_heading_of_the_readme_is_refused():
    papers = TREE_PAPERS.replace("title: Resources\n", "title: Datasets\n")
    problem = find(check(papers, TREE_DATASETS), "is a heading the README writes itself")
    assert problem.message == "'Datasets' is a heading the README writes itself"
