"""`refresh` records which listed papers cite which, from Semantic Scholar, else OpenAlex.

The stand-in answers are the recorded ones of tests/fixtures/services/ (their `origin` names
where each was recorded), with the cited papers of this repository's list put in them.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from support.data import REPO
from support.sources import Request, error, json_answer

from generator.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "services"
TODAY = dt.date.today().isoformat()
S2 = "/graph/v1/paper/{}/references"

# Who cites whom, as (citing paper's S2 id, [(title, externalIds)]): by arXiv id, by DOI and,
# for the survey's reference to MiniLLM, by title alone (the same-paper rule's last key).
REFERENCES: dict[str, list[tuple[str, dict[str, str]]]] = {
    "arXiv:2306.08543": [  # minillm
        ("Distilling the Knowledge in a Neural Network", {"ArXiv": "1503.02531"}),
        ("Sequence-Level Knowledge Distillation", {"DOI": "10.18653/V1/D16-1139"}),
    ],
    "arXiv:2402.13116": [  # kd-llm-survey
        ("MiniLLM: Knowledge Distillation of Large Language Models", {}),
        ("Sequence-Level Knowledge Distillation", {"DOI": "10.18653/v1/D16-1139"}),
    ],
    "arXiv:2405.14768": [  # wise
        ("Locating and Editing Factual Associations in GPT", {"ArXiv": "2202.05262"}),
        ("Fast Model Editing at Scale", {"ArXiv": "2110.11309"}),
    ],
    "DOI:10.18653/v1/D16-1139": [],  # seqkd: only papers the list does not hold
}
OPENALEX_IDS = {  # the listed papers OpenAlex knows, by the DOI refresh asks for
    "10.48550/arxiv.2202.05262": "W4221145109",
    "10.48550/arxiv.2110.11309": "W3206346498",
    "10.48550/arxiv.2308.07269": "W4385850021",
}
OPENALEX_REFERENCES = {"W4385850021": ["W4221145109", "W3206346498"]}  # easyedit


def recorded(name: str) -> list[dict[str, Any]]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))["answers"]


def s2_references(request: Request, identifier: str) -> tuple[int, dict[str, str], str]:
    """The recorded pages, the listed papers it cites put on the first among the others."""
    first, second = (answer["body"] for answer in recorded("semantic-scholar-references.json"))
    if request.query.get("offset") == "50":
        return json_answer(second)
    page = copy.deepcopy(first)
    template = page["data"][0]["citedPaper"]
    for title, ids in REFERENCES[identifier]:
        cited = {**template, "title": title, "externalIds": {**ids, "CorpusId": len(title)}}
        page["data"].append({"citedPaper": cited})
    return json_answer(page)


def openalex_works(request: Request) -> tuple[int, dict[str, str], str]:
    page = copy.deepcopy(recorded("openalex-referenced-works.json")[0]["body"])
    template, page["results"] = page["results"][0], []
    for doi in request.query["filter"].removeprefix("doi:").split("|"):
        if work := OPENALEX_IDS.get(doi.lower()):
            references = [f"https://openalex.org/{w}" for w in OPENALEX_REFERENCES.get(work, [])]
            page["results"].append(
                {
                    **template,
                    "id": f"https://openalex.org/{work}",
                    "doi": f"https://doi.org/{doi}",
                    "referenced_works": [*template["referenced_works"], *references],
                }
            )
    return json_answer(page)


@pytest.fixture
def project(tmp_path: Path, api, monkeypatch) -> Path:
    api.environment(monkeypatch)
    for name in ("papers.yaml", "datasets.yaml", "list.yaml"):
        shutil.copy2(REPO / name, tmp_path / name)
    for identifier in REFERENCES:
        api.route("GET", S2.format(identifier), lambda r, i=identifier: s2_references(r, i))
    api.route("POST", "/graph/v1/paper/batch", lambda r: json_answer([None] * len(r.body["ids"])))
    api.route("GET", "/openalex/works", openalex_works)
    return tmp_path


def refresh(project: Path) -> int:
    return main(["--root", str(project), "refresh", "--allow-private", "--no-cache"])


def lineage(project: Path) -> dict[str, Any]:
    entries = json.loads((project / "facts.json").read_text(encoding="utf-8"))["entries"]
    return {key: facts["lineage"] for key, facts in entries.items() if "lineage" in facts}


def test_refresh_records_the_listed_papers_each_paper_cites(project: Path) -> None:
    assert refresh(project) == 0
    found = lineage(project)
    assert found["paper:minillm"] == {
        "cites": ["hinton-kd", "seqkd"],
        "source": "Semantic Scholar",
        "checked": TODAY,
    }
    assert found["paper:kd-llm-survey"]["cites"] == ["minillm", "seqkd"]  # a title matches too
    assert found["paper:wise"]["cites"] == ["mend", "rome"]
    assert found["paper:easyedit"] == {  # Semantic Scholar had none: OpenAlex's record
        "cites": ["mend", "rome"],
        "source": "OpenAlex",
        "checked": TODAY,
    }
    assert set(found) == {"paper:minillm", "paper:kd-llm-survey", "paper:wise", "paper:easyedit"}


def test_an_answer_naming_no_listed_paper_removes_the_old_lineage(project: Path, api) -> None:
    refresh(project)
    unlisted = recorded("semantic-scholar-references.json")[1]["body"]  # the last page alone
    api.route("GET", S2.format("arXiv:2405.14768"), lambda r: json_answer(unlisted))
    refresh(project)
    assert "paper:wise" not in lineage(project)


def test_a_service_down_keeps_the_last_lineage(project: Path, api, capsys) -> None:
    refresh(project)
    before = lineage(project)
    for identifier in REFERENCES:
        api.route("GET", S2.format(identifier), error(503))
    api.route("GET", "/openalex/works", error(503))
    refresh(project)
    assert lineage(project) == before
    err = capsys.readouterr().err
    assert "asking OpenAlex for the references" in err and "keep their last lineage" in err
