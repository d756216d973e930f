"""Entries copied into the wrong place, or with the wrong link: one located, helpful problem."""

from __future__ import annotations

from support.data import DATASETS, PAPERS, check, where

PASTED_PAPER = """\
  - id: mend
    title: Fast Model Editing at Scale
    url: https://openreview.net/forum?id=0DcZxeWfOPt
    venue: ICLR
    year: 2022
    section: methods
"""


def test_paper_pasted_under_sections_is_one_error_naming_the_papers_list():
    problems = check(PAPERS.replace("papers:\n", PASTED_PAPER + "papers:\n"))
    assert where(problems) == [("papers.yaml", 4, 5)]
    assert problems[0].message == (
        "this entry is a paper, but it is in 'sections', the list of sections"
    )
    assert problems[0].hint == "move the whole entry under 'papers:'"


def test_paper_in_datasets_yaml_is_one_error_naming_papers_yaml():
    problems = check(datasets=DATASETS + PASTED_PAPER)
    assert where(problems) == [("datasets.yaml", 9, 5)]
    assert problems[0].message == (
        "this entry is a paper, but it is in 'datasets', the list of datasets"
    )
    assert problems[0].hint == "move the whole entry to the 'papers' list of papers.yaml"


def test_dataset_in_papers_yaml_is_one_error_naming_datasets_yaml():
    dataset = "  - id: counterfact\n    name: CounterFact\n    url: https://rome.baulab.info/\n"
    problems = check(PAPERS + dataset + "    paper: rome\n")
    assert where(problems) == [("papers.yaml", 11, 5)]
    assert problems[0].message == (
        "this entry is a dataset, but it is in 'papers', the list of papers"
    )
    assert problems[0].hint == "move the whole entry to the 'datasets' list of datasets.yaml"


def test_section_in_papers_is_one_error_naming_the_sections_list():
    problems = check(PAPERS + "  - id: more\n    title: More\n    description: Others.\n")
    assert where(problems) == [("papers.yaml", 11, 5)]
    assert problems[0].hint == "move the whole entry under 'sections:'"


def test_a_misspelt_key_is_still_an_unknown_key_and_not_a_misplaced_entry():
    problems = check(PAPERS + "    titel: x\n")
    assert [p.message for p in problems] == ["unknown key 'titel'"]


def test_pdf_as_url_warns_and_gives_the_landing_page():
    problems = check(PAPERS.replace("abs/2202.05262", "pdf/2202.05262v2"))
    assert where(problems) == [("papers.yaml", 7, 10)]
    assert problems[0].severity == "warning"
    assert problems[0].message == "'url' is a PDF, but the paper has a landing page"
    assert problems[0].hint == (
        "write url: https://arxiv.org/abs/2202.05262 and, to list the PDF too, "
        "add it to 'links' labelled PDF"
    )


def test_pdf_as_dataset_url_warns_too():
    text = DATASETS.replace(
        "https://aclanthology.org/2022.findings-naacl.52/",
        "https://aclanthology.org/2022.findings-naacl.52.pdf",
    )
    problems = check(datasets=text)
    assert where(problems) == [("datasets.yaml", 4, 10)]
    assert "https://aclanthology.org/2022.findings-naacl.52/" in problems[0].hint


def test_arxiv_url_of_another_paper_than_the_arxiv_field_is_an_error_naming_both():
    problems = check(PAPERS + '    arxiv: "2210.07229"\n')
    assert where(problems) == [("papers.yaml", 7, 10)]
    assert problems[0].severity == "error"
    assert problems[0].message == "'url' is arXiv paper 2202.05262, but 'arxiv' says 2210.07229"
    assert problems[0].hint == "make both name the same paper: correct the url or the arxiv id"


def test_arxiv_url_and_field_of_the_same_paper_in_any_version_agree():
    text = PAPERS.replace("abs/2202.05262", "abs/2202.05262v3") + '    arxiv: "2202.05262"\n'
    assert check(text) == []
