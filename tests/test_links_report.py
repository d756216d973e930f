"""Every output format, on a fixed set of results."""

from __future__ import annotations

import dataclasses
import json

from generator.links.report import EXPLANATION_LIMIT, FORMATTERS, diagnostics, summary
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


def test_json_names_every_field_but_the_cache_mark_and_reads_back_as_the_same_results() -> None:
    data = json.loads(FORMATTERS["json"](RESULTS))
    kept = {f.name for f in dataclasses.fields(LinkResult)} - {"cached"}
    assert all(set(item) == kept | {"new_url"} for item in data)
    assert [LinkResult.from_json(item) for item in data] == RESULTS


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


HOSTILE = "[click](https://evil.example/) ![x](https://evil.example/t.png) @maintainer #1 "
HOSTILE += "<img src=x onerror=alert(1)> \x1b[31mred\x1b]8;;https://evil.example\x07 \u202egnp.exe"
SERVER_CHOSE = [
    LinkResult(
        "https://a.org/moved",
        Status.REDIRECTED,
        200,
        f"https://evil.example/{HOSTILE}",
        (Hop(301, f"https://evil.example/{HOSTILE}"),),
        sources=(Source("papers.yaml", 5),),
    ),
    LinkResult(
        "https://a.org/odd", Status.ERROR, error=HOSTILE, sources=(Source("papers.yaml", 9),)
    ),
]


def test_markdown_report_cannot_carry_links_images_mentions_or_html_from_a_server() -> None:
    markdown = FORMATTERS["markdown"](SERVER_CHOSE)
    rows = [line for line in markdown.splitlines() if line.startswith("| <")]
    assert len(rows) == 2 and all(row.count(" | ") == 2 for row in rows)  # cells intact
    for row in rows:
        problem = row.split(" | ")[1]
        assert "](" not in problem.replace("\\](", "")  # every bracket escaped
        assert "\\[click\\]" in problem and "!\\[x\\]" in problem
        assert "<img" not in problem and "&lt;img" in problem
        assert "`@maintainer`" in problem and "`#1`" in problem
        assert "https://evil" not in problem  # no bare URL left for GitHub to link
        assert "\x1b" not in problem and "\u202e" not in problem and "\x07" not in problem


def test_text_report_strips_terminal_escapes_and_bidi_controls() -> None:
    text = FORMATTERS["text"](SERVER_CHOSE)
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "\ufffd[31mred" in text  # shown, harmless, instead of colouring the terminal


def test_github_annotations_stay_one_line_without_escapes() -> None:
    results = [LinkResult("https://a.org/x", Status.ERROR, error="bad\n::error::forged\x1b[2J")]
    results = [r.with_sources((Source("papers.yaml", 2),)) for r in results]
    [line] = FORMATTERS["github"](results).splitlines()
    assert line.startswith("::error file=papers.yaml,line=2,col=1::")
    assert "\x1b" not in line and "\n" not in line


def test_text_a_server_chose_is_cut_short_in_every_format() -> None:
    place = Source("papers.yaml", 3)
    huge = "https://a.org/" + "x" * 60_000
    results = [
        LinkResult("https://a.org/m", Status.REDIRECTED, 200, huge, (Hop(301, huge),), (place,)),
        LinkResult("https://a.org/e", Status.ERROR, sources=(place,), error="y" * 60_000),
    ]
    for name, formatter in FORMATTERS.items():
        if name == "json":  # data for programs: kept whole
            continue
        report = formatter(results)
        assert "x" * (EXPLANATION_LIMIT + 1) not in report, name
        assert "y" * (EXPLANATION_LIMIT + 1) not in report, name
        assert "\u2026" in report, name
