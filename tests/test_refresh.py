"""`refresh` end to end: facts.json from GitHub, Semantic Scholar or OpenAlex, never losing data."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from support.links import write_project
from support.sources import (
    error,
    github_repository,
    json_answer,
    openalex_page,
    openalex_work,
    rate_headers,
)

from generator.cli import main

PAPERS = """\
sections:
  - id: editing
    title: Editing
papers:
  - id: rome
    title: Locating and Editing Factual Associations in GPT
    url: https://arxiv.org/abs/2202.05262
    venue: arXiv
    year: 2022
    section: editing
    arxiv: "2202.05262"
    code: https://github.com/kmeng01/rome
  - id: kd
    title: Sequence-Level Knowledge Distillation
    url: https://aclanthology.org/D16-1139/
    venue: EMNLP
    year: 2016
    section: editing
    doi: 10.18653/v1/D16-1139
    code: https://github.com/harvardnlp/seq2seq-attn
"""
TODAY = dt.date.today().isoformat()


@pytest.fixture
def project(tmp_path, api, monkeypatch):
    api.environment(monkeypatch)
    identity = "title: Awesome Model Editing\ndescription: Papers on editing what models know.\n"
    write_project(tmp_path, PAPERS, **{"list.yaml": identity})
    for name, stars, archived in (
        ("kmeng01/rome", 612, False),
        ("harvardnlp/seq2seq-attn", 1300, True),
    ):
        data = github_repository(name, stars, archived)
        api.route(
            "GET", f"/github/repos/{name}", lambda r, d=data: json_answer(d, **rate_headers(50))
        )
    records = {
        "arXiv:2202.05262": {
            "citationCount": 1500,
            "publicationVenue": {"name": "Neural Information Processing Systems"},
        },
        "DOI:10.18653/v1/D16-1139": {"citationCount": 1100, "venue": "EMNLP"},
    }
    api.route(
        "POST",
        "/graph/v1/paper/batch",
        lambda r: json_answer([records.get(i) for i in r.body["ids"]]),
    )
    return tmp_path


def refresh(project) -> int:
    return main(["--root", str(project), "refresh", "--allow-private", "--no-cache"])


def facts(project) -> dict:
    return json.loads((project / "facts.json").read_text())["entries"]


def test_refresh_writes_repository_citation_and_venue_facts_with_their_date(project, capsys):
    assert refresh(project) == 0
    entries = facts(project)
    assert entries["paper:rome"]["repository"] == {
        "name": "kmeng01/rome",
        "stars": 612,
        "archived": False,
        "pushed_at": "2024-03-01",
        "checked": TODAY,
    }
    assert entries["paper:kd"]["repository"]["archived"] is True
    assert entries["paper:rome"]["citations"] == {
        "count": 1500,
        "source": "Semantic Scholar",
        "checked": TODAY,
    }
    assert entries["paper:rome"]["venue"]["suggested"] == "NeurIPS"  # a preprint since published
    assert "venue" not in entries["paper:kd"]  # it names its venue already
    assert "paper:rome: published since? suggested venue: NeurIPS" in capsys.readouterr().out


def test_the_file_is_deterministic_and_unchanged_when_nothing_changed(project, capsys):
    refresh(project)
    first = (project / "facts.json").read_bytes()
    refresh(project)
    assert (project / "facts.json").read_bytes() == first
    assert "facts.json unchanged" in capsys.readouterr().err
    assert first.decode().startswith('{\n  "entries": {\n    "paper:kd"')


def test_a_failing_source_keeps_the_old_facts_and_warns(project, capsys, api):
    refresh(project)
    api.route("GET", "/github/repos/kmeng01/rome", error(502))
    api.route("POST", "/graph/v1/paper/batch", error(503))
    api.route("GET", "/openalex/works", error(503))
    old = facts(project)
    (project / "facts.json").write_text(
        (project / "facts.json")
        .read_text()
        .replace('"checked": "' + TODAY, '"checked": "2020-01-01')
    )
    assert refresh(project) == 0
    entries = facts(project)
    assert entries["paper:rome"]["repository"]["checked"] == "2020-01-01"  # kept, not lost
    assert entries["paper:rome"]["citations"]["count"] == old["paper:rome"]["citations"]["count"]
    assert entries["paper:kd"]["repository"]["checked"] == TODAY  # GitHub answered for this one
    err = capsys.readouterr().err
    assert "GitHub: unavailable (HTTP 502)" in err and "asking OpenAlex" in err


def test_semantic_scholar_down_falls_back_to_openalex(project, capsys, api):
    api.route("POST", "/graph/v1/paper/batch", error(429, **{"Retry-After": "9999"}))
    works = [
        openalex_work(
            "W1",
            "ROME",
            "10.48550/arXiv.2202.05262",
            cited_by_count=1400,
            primary_location={"source": {"display_name": "NeurIPS", "type": "conference"}},
        ),
        openalex_work("W2", "KD", "10.18653/v1/D16-1139", cited_by_count=1000),
    ]
    api.route("GET", "/openalex/works", lambda r: json_answer(openalex_page(works, None)))
    assert refresh(project) == 0
    entries = facts(project)
    assert entries["paper:rome"]["citations"]["source"] == "OpenAlex"
    assert entries["paper:kd"]["citations"]["count"] == 1000
    query = api.hits("/openalex/works")[0].query["filter"]
    assert query == "doi:10.18653/v1/D16-1139|10.48550/arXiv.2202.05262"


def test_a_spent_github_limit_stops_asking_github(project, capsys, api):
    spent = github_repository("harvardnlp/seq2seq-attn", 1, False)
    api.route(
        "GET",
        "/github/repos/kmeng01/rome",
        lambda r: json_answer({"message": "API rate limit exceeded"}, 403, **rate_headers(0)),
    )
    api.route("GET", "/github/repos/harvardnlp/seq2seq-attn", lambda r: json_answer(spent))
    assert refresh(project) == 0
    assert "repository" not in facts(project).get("paper:rome", {})
    assert api.hits("/github/repos/harvardnlp/seq2seq-attn") == []
    assert "GitHub: rate limit reached (HTTP 403)" in capsys.readouterr().err


def test_every_source_down_exits_2_and_writes_nothing(project, capsys, api):
    for method, path in list(api.routes):
        api.route(method, path, error(503))
    assert refresh(project) == 2
    assert not (project / "facts.json").exists()


def test_build_shows_stars_archived_marks_and_citations_and_works_without_facts(project, capsys):
    shutil.copytree(Path(__file__).parents[1] / "templates", project / "templates")
    assert main(["--root", str(project), "build", "--no-site"]) == 0
    plain = (project / "README.md").read_text()
    assert "★" not in plain and "cited by" not in plain
    refresh(project)
    assert main(["--root", str(project), "build", "--no-site"]) == 0
    readme = (project / "README.md").read_text()
    assert "[Code](https://github.com/kmeng01/rome) ★ 612" in readme
    assert "★ 1,300 (archived)" in readme
    assert "cited by 1,500" in readme


def test_markdown_venue_updates_escape_what_the_service_wrote(project, api, capsys):
    hostile = "[click](https://evil.example) <img src=x onerror=alert(1)> @maintainer"
    api.route(
        "POST",
        "/graph/v1/paper/batch",
        lambda r: json_answer([{"citationCount": 1, "venue": hostile} for _ in r.body["ids"]]),
    )
    assert (
        main(
            [
                "--root",
                str(project),
                "refresh",
                "--allow-private",
                "--no-cache",
                "--format",
                "markdown",
            ]
        )
        == 0
    )
    lines = [line for line in capsys.readouterr().out.splitlines() if "suggested venue" in line]
    assert lines and all(line.startswith("- paper") for line in lines)
    for line in lines:
        assert "<img" not in line and "[click](" not in line  # no tag, no link
        assert "\\[click\\]" in line  # the tag is dropped with the other markup
        assert "`@maintainer`" in line  # a code span: GitHub notifies nobody


def test_stand_in_services_on_loopback_are_refused_without_allow_private(project, capsys, api):
    assert main(["--root", str(project), "refresh", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert "refused: 127.0.0.1 is a loopback address" in err and "--allow-private" in err
    assert api.requests == []
    assert not (project / "facts.json").exists()
