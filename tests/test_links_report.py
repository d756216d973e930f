"""Every output format, on a fixed set of results."""

from __future__ import annotations

import json

from generator.links.report import FORMATTERS, diagnostics, summary
from generator.links.types import Hop, LinkResult, Source, Status

RESULTS = [
    LinkResult(
        "https://a.org/gone",
        Status.BROKEN,
        404,
        "https://a.org/gone",
        error="404 Not Found",
        sources=(Source("papers.yaml", 12), Source("notes/a.md", 3)),
        elapsed_ms=40,
    ),
    LinkResult(
        "http://b.org/x",
        Status.REDIRECTED,
        200,
        "https://b.org/x",
        (Hop(301, "https://b.org/x"),),
        sources=(Source("datasets.yaml", 8),),
    ),
    LinkResult(
        "https://c.org/", Status.OK, 200, "https://c.org/", sources=(Source("papers.yaml", 20),)
    ),
    LinkResult(
        "https://d.org/|pipe",
        Status.BLOCKED,
        999,
        error="999: refused",
        sources=(Source("papers.yaml", 30),),
    ),
    LinkResult("https://e.org/", Status.EXCLUDED, sources=(Source("papers.yaml", 40),)),
]


def test_summary_counts_each_status() -> None:
    assert summary(RESULTS) == "5 links: 1 broken, 1 redirected, 1 blocked, 1 excluded, 1 ok"


def test_text_groups_problems_by_status_with_their_places() -> None:
    text = FORMATTERS["text"](RESULTS)
    assert text.splitlines()[:5] == [
        "broken (1)",
        "  https://a.org/gone",
        "    404 Not Found",
        "    at papers.yaml:12",
        "    at notes/a.md:3",
    ]
    assert "    moved permanently: link https://b.org/x instead" in text
    assert "https://c.org/" not in text  # ok links are only counted
    assert text.endswith(summary(RESULTS))


def test_json_has_every_field_of_every_result() -> None:
    data = json.loads(FORMATTERS["json"](RESULTS))
    assert [item["status"] for item in data] == [
        "broken",
        "redirected",
        "ok",
        "blocked",
        "excluded",
    ]
    assert data[1] == {
        "url": "http://b.org/x",
        "status": "redirected",
        "code": 200,
        "final_url": "https://b.org/x",
        "redirects": [{"code": 301, "url": "https://b.org/x"}],
        "sources": ["datasets.yaml:8"],
        "error": None,
        "elapsed_ms": 0,
        "new_url": "https://b.org/x",
    }
    assert data[0]["sources"] == ["papers.yaml:12", "notes/a.md:3"]


def test_markdown_is_a_table_per_problem_status() -> None:
    markdown = FORMATTERS["markdown"](RESULTS)
    assert markdown.startswith("## Link check\n\n5 links: 1 broken,")
    assert "### Broken (1)" in markdown
    assert "| <https://a.org/gone> | 404 Not Found | `papers.yaml:12`, `notes/a.md:3` |" in markdown
    assert "<https://d.org/%7Cpipe>" in markdown  # a pipe would end the cell
    assert "### Ok" not in markdown


def test_github_annotates_each_place_errors_fail_others_warn() -> None:
    assert FORMATTERS["github"](RESULTS).splitlines() == [
        "::warning file=datasets.yaml,line=8,col=1::redirected link http://b.org/x: "
        "it moved permanently (hint: link https://b.org/x)",
        "::error file=notes/a.md,line=3,col=1::broken link https://a.org/gone: 404 Not Found",
        "::error file=papers.yaml,line=12,col=1::broken link https://a.org/gone: 404 Not Found",
        "::warning file=papers.yaml,line=30,col=1::blocked link https://d.org/|pipe: 999: refused",
    ]
    assert diagnostics(RESULTS[2:3] + RESULTS[4:]) == []  # ok and excluded say nothing


def test_formats_are_deterministic() -> None:
    for formatter in FORMATTERS.values():
        assert formatter(RESULTS) == formatter(list(RESULTS))
