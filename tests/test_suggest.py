"""`suggest` end to end through the CLI, against stand-ins for arXiv, Semantic Scholar, OpenAlex."""

from __future__ import annotations

import json

import pytest
from support.links import write_project
from support.sources import (
    arxiv_entry,
    arxiv_feed,
    error,
    json_answer,
    openalex_page,
    openalex_work,
    s2_page,
    s2_paper,
)

from generator.cli import main

PAPERS = """\
sections:
  - id: editing
    title: Editing
  - id: distillation
    title: Distillation
papers:
  - id: rome
    title: Locating and Editing Factual Associations in GPT
    url: https://arxiv.org/abs/2202.05262
    venue: NeurIPS
    year: 2022
    section: editing
    arxiv: "2202.05262"
  - id: kd
    title: Sequence-Level Knowledge Distillation
    url: https://aclanthology.org/D16-1139/
    venue: EMNLP
    year: 2016
    section: distillation
    doi: 10.18653/v1/D16-1139
"""
IDENTITY = """\
title: Awesome Model Editing
description: Papers on editing what a model knows.
contact: {email: list@example.org}
topics:
  keywords: [model editing]
  arxiv_categories: [cs.CL]
"""
IGNORE = """\
ignored:
  - arxiv: "2501.00003"
    reason: about images, not language models
"""


@pytest.fixture
def project(tmp_path, api, monkeypatch):
    api.environment(monkeypatch)
    write_project(tmp_path, PAPERS, **{"list.yaml": IDENTITY, "suggest-ignore.yaml": IGNORE})
    feed = arxiv_feed(
        [
            arxiv_entry(
                "2501.00001", "Model Editing at Scale", "2025-01-05", "We study model editing."
            ),
            arxiv_entry(
                "2202.05262", "Locating and Editing Factual Associations in GPT", "2022-02-10"
            ),
            arxiv_entry("2501.00003", "Dismissed model editing", "2025-01-04"),
        ],
        3,
    )
    api.route("GET", "/api/query", lambda r: (200, {}, feed))
    rome = "/graph/v1/paper/arXiv:2202.05262"
    citing = s2_paper(
        "Editing *bold* <script>x</script>", arxiv="2502.00009", publicationDate="2025-02-01"
    )
    pages = {
        "0": s2_page("citingPaper", [citing], 0, 1),
        "1": s2_page(
            "citingPaper", [s2_paper("Model Editing at Scale", arxiv="2501.00001")], 1, None
        ),
    }
    api.route("GET", rome + "/citations", lambda r: json_answer(pages[r.query["offset"]]))
    api.route(
        "GET", rome + "/references", lambda r: json_answer(s2_page("citedPaper", [], 0, None))
    )
    # Semantic Scholar fails for the distillation paper: OpenAlex answers for it.
    api.route("GET", "/graph/v1/paper/DOI:10.18653/v1/D16-1139/citations", error(500))

    def openalex(request):
        if request.query["filter"].startswith("doi:"):
            return json_answer(
                openalex_page([openalex_work("W42", "KD", "10.18653/v1/D16-1139")], None)
            )
        student = openalex_work(
            "W7", "Distilling Students", "10.1/students", publication_date="2024-12-01"
        )
        return json_answer(openalex_page([student] if request.query["cursor"] == "*" else [], None))

    api.route("GET", "/openalex/works", openalex)
    return tmp_path


def run_json(project, capsys, *extra):
    status = main(
        [
            "--root",
            str(project),
            "suggest",
            "--allow-private",
            "--format",
            "json",
            "--no-cache",
            *extra,
        ]
    )
    captured = capsys.readouterr()
    return status, json.loads(captured.out), captured.err


def test_candidates_come_from_topics_and_citations_minus_known_and_ignored(project, capsys):
    status, data, err = run_json(project, capsys)
    assert status == 0
    titles = [c["title"] for c in data["candidates"]]
    assert "Locating and Editing Factual Associations in GPT" not in titles  # listed
    assert "Dismissed model editing" not in titles  # in the ignore file
    assert set(titles) == {
        "Model Editing at Scale",
        "Editing *bold* <script>x</script>",
        "Distilling Students",
    }
    assert "Semantic Scholar: unavailable (HTTP 500)" in err


def test_ranking_shows_the_evidence_section_and_the_new_command(project, capsys):
    _, data, _ = run_json(project, capsys)
    first = data["candidates"][0]
    assert first["title"] == "Model Editing at Scale"  # cites rome and matches the keyword twice
    assert first["evidence"]["cites"] == ["rome"]
    assert first["evidence"]["title_keywords"] == ["model editing"]
    assert first["evidence"]["abstract_keywords"] == ["model editing"]
    assert first["section"] == "editing"
    assert first["command"] == "listsmith new 2501.00001 --section editing"
    students = next(c for c in data["candidates"] if c["title"] == "Distilling Students")
    assert students["section"] == "distillation"
    assert students["command"] == "listsmith new 10.1/students --section distillation"


def test_since_drops_older_candidates_and_limits_the_arxiv_query(project, capsys, api):
    _, data, _ = run_json(project, capsys, "--since", "2025-01-01", "--limit", "1")
    assert len(data["candidates"]) == 1
    assert "submittedDate:[202501010000" in api.hits("/api/query")[0].query["search_query"]
    _, data, _ = run_json(project, capsys, "--since", "2025-01-01")
    assert "Distilling Students" not in [c["title"] for c in data["candidates"]]


def test_markdown_escapes_server_text(project, capsys):
    assert (
        main(
            [
                "--root",
                str(project),
                "suggest",
                "--allow-private",
                "--format",
                "markdown",
                "--no-cache",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "<script>" not in out
    assert "\\*bold\\*" in out
    assert "`listsmith new 2501.00001 --section editing`" in out
    assert "### Warnings" in out


def test_text_output_has_no_control_characters(project, capsys, api):
    evil = s2_paper("Bad\x1b[31mred\x07 title", arxiv="2503.00001")
    api.route(
        "GET",
        "/graph/v1/paper/arXiv:2202.05262/citations",
        lambda r: json_answer(s2_page("citingPaper", [evil], 0, None)),
    )
    assert main(["--root", str(project), "suggest", "--allow-private", "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "Bad\ufffd[31mred\ufffd title" in out  # the escape shown as U+FFFD, inert
    assert "add: listsmith new 2503.00001 --section editing" in out


def test_every_source_down_exits_2(project, capsys, api):
    for method, path in list(api.routes):
        api.route(method, path, error(503))
    assert main(["--root", str(project), "suggest", "--allow-private", "--no-cache"]) == 2
    assert "no source answered" in capsys.readouterr().err


def test_a_bad_ignore_file_is_a_located_error_and_nothing_is_asked(project, capsys, api):
    (project / "suggest-ignore.yaml").write_text("ignored:\n  - arxiv: not-an-id\n    reason: x\n")
    assert main(["--root", str(project), "suggest", "--allow-private", "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert "suggest-ignore.yaml:2:12: error: not an arXiv id" in err
    assert api.requests == []


def test_missing_topics_are_a_located_error(project, capsys):
    identity = "title: T\ndescription: D.\ncontact: {email: x@example.org}\n"
    (project / "list.yaml").write_text(identity)
    assert main(["--root", str(project), "suggest", "--allow-private"]) == 1
    assert "list.yaml:1:1: error: list.yaml names no topics" in capsys.readouterr().err
