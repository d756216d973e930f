"""What the README says beside the data: anchors as GitHub makes them, an entry's venue and
date, the counts, and the size GitHub still renders."""

from __future__ import annotations

import pytest

from generator.catalog.model import Catalog, Dataset, Paper
from generator.render.readme_model import (
    GITHUB_RENDER_LIMIT,
    Slugger,
    counts,
    entry_summary,
    publication_text,
    readme_size_problem,
)


def test_repeated_headings_get_numbered_anchors_as_on_github():
    slugger = Slugger()
    assert [slugger.slug(t) for t in ["2024", "Survey & Framework", "2024", "2024", "2024-1"]] == [
        "2024",
        "survey--framework",
        "2024-1",
        "2024-2",
        "2024-1-1",
    ]


def _paper(**fields) -> Paper:
    base = {"id": "p", "title": "T", "url": "https://x.org/", "venue": "NeurIPS", "year": 2023}
    return Paper(**{**base, "section": "s", **fields})


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({}, "NeurIPS 2023"),
        ({"venue": "arXiv", "month": 2, "date": "2023-02"}, "arXiv, February 2023"),
        ({"month": 5, "date": "2023-05-17"}, "NeurIPS 2023, first released May 2023"),
        (
            {"year": 2024, "month": 10, "date": "2023-10"},
            "NeurIPS 2024, first released October 2023",
        ),
        ({"venue": "ACL", "track": "System Demonstrations"}, "ACL 2023 System Demonstrations"),
        ({"venue": None, "month": 11, "date": "2023-11-05"}, "November 2023"),
        ({"venue": None, "year": None}, ""),
    ],
)
def test_the_month_is_shown_for_every_entry_that_has_one(fields, shown):
    assert publication_text(_paper(**fields)) == shown


def test_an_entry_that_is_not_a_paper_says_its_kind():
    assert entry_summary(_paper(kind="tool", venue=None, year=None)) == "Tool"
    assert entry_summary(_paper(kind="report", venue=None)) == "Technical report, 2023"
    assert entry_summary(_paper()) == "NeurIPS 2023"


def test_counts_name_each_kind_once_and_count_an_entry_in_several_sections_once():
    papers = (
        _paper(id="a", also=("t", "u")),
        _paper(id="b"),
        _paper(id="c", kind="tool"),
    )
    dataset = Dataset("d", "D", "https://x.org/d")
    assert counts(Catalog((), papers, (dataset,))) == ["2 papers", "1 tool", "1 dataset"]


def test_a_readme_past_githubs_limit_gets_a_warning_that_says_what_to_do():
    assert readme_size_problem("x" * GITHUB_RENDER_LIMIT, "full") is None
    problem = readme_size_problem("x" * (GITHUB_RENDER_LIMIT + 1), "full")
    assert problem is not None and problem.severity == "warning"
    assert problem.message == "README.md is 513 KiB, more than the 512 KiB that GitHub renders"
    assert "`readme: {mode: summary}` in list.yaml" in problem.hint


def test_the_size_counts_bytes_not_characters():
    assert readme_size_problem("é" * (GITHUB_RENDER_LIMIT // 2 + 1), "full") is not None
