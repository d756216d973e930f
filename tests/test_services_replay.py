"""suggest and refresh against answers shaped like the services' recorded ones (issue 21).

Every stand-in answer comes from tests/fixtures/services/, each file naming the recorded
answer it follows (a public client library's test data) and what was trimmed.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from support.data import PAPERS as PAPERS_TEXT
from support.links import write_project
from support.sources import (
    ApiServer,
    Request,
    arxiv_entry,
    arxiv_feed,
    error,
    json_answer,
    s2_page,
)

from generator import PROGRAM
from generator.cli import main
from generator.sources import arxiv, openalex
from generator.sources.http import Client, Endpoints, Settings, SourceError

FIXTURES = Path(__file__).parent / "fixtures" / "services"
TODAY = dt.date.today().isoformat()
ROME_DOI = "https://doi.org/10.48550/arXiv.2202.05262"
CONTACT = "contact:\n  email: maintainer@example.org\n"
IDENTITY = (
    "title: Awesome Model Editing\ndescription: Papers on editing what models know.\n"
    "topics:\n  keywords: [model editing]\n  arxiv_categories: [cs.CL]\n" + CONTACT
)


def recorded(name: str) -> list[dict[str, Any]]:
    """The answers of a fixture file: status, headers, body (and the path, when it has one)."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))["answers"]


def replay(answer: dict[str, Any]):  # type: ignore[no-untyped-def]
    def route(_request: Request):  # type: ignore[no-untyped-def]
        return json_answer(answer["body"], answer["status"], **answer.get("headers", {}))

    return route


def feed(name: str):  # type: ignore[no-untyped-def]
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return lambda _r: (200, {"Content-Type": "application/atom+xml; charset=utf-8"}, text)


def refresh(root: Path, *options: str) -> int:
    return main(["--root", str(root), "refresh", "--allow-private", "--no-cache", *options])


def suggest(root: Path) -> int:
    return main(["--root", str(root), "suggest", "--allow-private", "--no-cache"])


def facts(root: Path) -> dict[str, Any]:
    return json.loads((root / "facts.json").read_text())["entries"]


# refresh ----------------------------------------------------------------------------------

PAPERS = """\
sections:
  - id: editing
    title: Editing
papers:
  - id: turing
    title: Computing Machinery and Intelligence
    url: https://arxiv.org/abs/2301.00002
    venue: arXiv
    year: 1950
    section: editing
    arxiv: "2301.00002"
    code: https://github.com/protoncoin/protoncoin
  - id: geno
    title: A Genomics Preprint
    url: https://www.biorxiv.org/content/10.1101/2023.01.01.000001
    venue: bioRxiv
    year: 2023
    section: editing
    arxiv: "2301.00001"
    code: https://github.com/microsoft/LMOps/tree/main/minillm
  - id: lost
    title: A Paper Nobody Knows
    url: https://arxiv.org/abs/2301.00003
    venue: arXiv
    year: 2023
    section: editing
    arxiv: "2301.00003"
    code: https://github.com/jacquev6/Xxx
"""


def github_routes(api: ApiServer) -> None:
    for answer in recorded("github-renamed.json") + recorded("github-deleted.json"):
        if "Location" in answer.get("headers", {}):  # absolute, as GitHub writes it
            location = api.base + "/github" + answer["headers"]["Location"]
            answer = answer | {"headers": answer["headers"] | {"Location": location}}
        api.route("GET", "/github" + answer["path"], replay(answer))
    moved = recorded("github-renamed.json")[1]["body"] | {"full_name": "microsoft/LMOps"}
    api.route("GET", "/github/repos/microsoft/LMOps", lambda r: json_answer(moved))


@pytest.fixture
def listed(tmp_path: Path, api: ApiServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    api.environment(monkeypatch)
    monkeypatch.delenv("OPENALEX_API_KEY", raising=False)
    write_project(tmp_path, PAPERS, **{"list.yaml": IDENTITY})
    github_routes(api)
    batch = recorded("semantic-scholar-batch.json")[0]["body"]
    api.route("POST", "/graph/v1/paper/batch", lambda r: json_answer(batch[: len(r.body["ids"])]))
    return tmp_path


def test_a_preprint_server_is_never_the_published_venue_and_journal_is_read(listed, capsys):
    assert refresh(listed) == 0
    entries = facts(listed)
    assert entries["paper:geno"]["venue"]["suggested"] == "Cell Genomics"  # not bioRxiv
    assert entries["paper:turing"]["venue"]["suggested"] == "Mind"  # journal.name
    assert "paper:geno: published since? suggested venue: Cell Genomics" in capsys.readouterr().out


def test_a_renamed_repository_is_reported_with_its_new_url(listed, capsys, api):
    assert refresh(listed) == 0
    out = capsys.readouterr().out
    assert (
        "paper:turing: repository moved: https://github.com/protoncoin/protoncoin is now "
        "https://github.com/padima2/protoncoin; update the code link"
    ) in out
    assert facts(listed)["paper:turing"]["repository"] == {
        "name": "protoncoin/protoncoin",
        "moved_to": "padima2/protoncoin",
        "stars": 5,
        "archived": False,
        "pushed_at": "2018-03-31",
        "checked": TODAY,
    }
    assert [r.path for r in api.requests if "protoncoin" in r.path or "1121" in r.path] == [
        "/github/repos/protoncoin/protoncoin",
        "/github/repositories/112116543",
    ]


def test_a_code_link_into_a_repository_folder_gets_the_repository_facts(listed):
    assert refresh(listed) == 0
    assert facts(listed)["paper:geno"]["repository"]["name"] == "microsoft/LMOps"


def test_a_repository_gone_two_runs_is_marked_gone_and_shown_so(listed, capsys):
    shutil.copytree(Path(__file__).parents[1] / "templates", listed / "templates")
    assert refresh(listed) == 0
    assert facts(listed)["paper:lost"]["missing"]["runs"] == 1
    assert "gone if it is still missing next run" in capsys.readouterr().err
    assert refresh(listed) == 0
    assert facts(listed)["paper:lost"]["missing"] == {
        "name": "jacquev6/Xxx",
        "runs": 2,
        "checked": TODAY,
    }
    assert "marked gone" in capsys.readouterr().err
    assert main(["--root", str(listed), "build", "--no-site"]) == 0
    readme = (listed / "README.md").read_text()
    assert "[Code](https://github.com/jacquev6/Xxx) (repository gone)" in readme
    assert "(repository gone)" not in readme.split("jacquev6")[0]  # only that entry


def test_a_secondary_rate_limit_stops_asking_github_and_is_said_once(listed, capsys, api):
    limited = recorded("github-rate-limit.json")[0]
    for path in list(api.routes):
        if path[1].startswith("/github"):
            api.route("GET", path[1], replay(limited))
    assert refresh(listed) == 0
    err = capsys.readouterr().err
    assert err.count("GitHub: rate limit reached (HTTP 403, asked to wait 60 s)") == 1
    assert len([r for r in api.requests if r.path.startswith("/github")]) == 1


@pytest.mark.parametrize(
    ("stars", "shown"), [(-42, "-42"), (10**300, "a 301-digit number")], ids=["neg", "huge"]
)
def test_absurd_star_counts_are_refused_with_a_warning(listed, capsys, api, stars, shown):
    body = recorded("github-renamed.json")[1]["body"] | {"stargazers_count": stars}
    api.route("GET", "/github/repositories/112116543", lambda r: json_answer(body))
    assert refresh(listed) == 0
    assert f"an absurd star count for protoncoin/protoncoin ({shown}); refused" in (
        capsys.readouterr().err
    )
    assert "repository" not in facts(listed).get("paper:turing", {})


def test_absurd_citation_counts_are_refused_and_old_facts_load_without_them(listed, capsys, api):
    batch = recorded("semantic-scholar-batch.json")[0]["body"]
    hostile = [batch[0] | {"citationCount": -5}, batch[1], None]
    api.route("POST", "/graph/v1/paper/batch", lambda r: json_answer(hostile))
    assert refresh(listed) == 0
    assert "an absurd citation count for paper:turing (-5); refused" in capsys.readouterr().err
    assert "citations" not in facts(listed)["paper:turing"]
    (listed / "facts.json").write_text(
        json.dumps(
            {
                "version": 1,
                "entries": {
                    "paper:turing": {"citations": {"count": -5, "source": "x", "checked": TODAY}}
                },
            }
        )
    )
    shutil.copytree(Path(__file__).parents[1] / "templates", listed / "templates")
    assert main(["--root", str(listed), "build", "--no-site"]) == 0
    assert "cited by -5" not in (listed / "README.md").read_text()


# OpenAlex: the key, the polite pool, refusals ------------------------------------------------


def openalex_route(api: ApiServer) -> None:
    works = recorded("openalex-works.json")[0]["body"]
    record = works["results"][0] | {"doi": "https://doi.org/10.48550/arXiv.2301.00002"}
    api.route("GET", "/openalex/works", lambda r: json_answer(works | {"results": [record]}))


def test_refresh_sends_the_openalex_key_and_the_contact(listed, api, monkeypatch):
    monkeypatch.setenv("OPENALEX_API_KEY", "secret-key")
    api.route("POST", "/graph/v1/paper/batch", error(503))
    openalex_route(api)
    assert refresh(listed) == 0
    requests = api.hits("/openalex/works")
    assert len(requests) == 2  # the citation counts, then the lineage (referenced_works)
    for request in requests:
        assert request.query["api_key"] == "secret-key"
        assert request.query["mailto"] == "maintainer@example.org"
        assert "mailto:maintainer@example.org" in request.headers["User-Agent"]
    assert facts(listed)["paper:turing"]["citations"] == {
        "count": 394,
        "source": "OpenAlex",
        "checked": TODAY,
    }


@pytest.mark.parametrize("refusal", [0, 1], ids=["401", "429"])
def test_refresh_without_an_openalex_key_warns_once_and_keeps_the_other_sources(
    listed, api, capsys, refusal
):
    api.route("POST", "/graph/v1/paper/batch", error(503))
    api.route("GET", "/openalex/works", replay(recorded("openalex-refused.json")[refusal]))
    assert refresh(listed) == 0  # GitHub still answered
    err = capsys.readouterr().err
    assert err.count("OpenAlex:") == 1
    assert "set OPENALEX_API_KEY to give a key" in err
    assert "api_key" not in api.hits("/openalex/works")[0].query
    assert facts(listed)["paper:turing"]["repository"]["stars"] == 5


# suggest -----------------------------------------------------------------------------------

# The list's one paper (support.data), as a preprint with its arXiv id.
ONE_PAPER = PAPERS_TEXT.replace("venue: NeurIPS", "venue: arXiv") + '    arxiv: "2202.05262"\n'


@pytest.fixture
def searching(tmp_path: Path, api: ApiServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    api.environment(monkeypatch)
    monkeypatch.delenv("OPENALEX_API_KEY", raising=False)
    write_project(tmp_path, ONE_PAPER, **{"list.yaml": IDENTITY})
    today = dt.date.today().isoformat()
    topic = arxiv_feed([arxiv_entry("2501.00001", "Model editing at scale", today)], 1)
    api.route("GET", "/api/query", lambda r: (200, {"Content-Type": "application/atom+xml"}, topic))
    page = recorded("semantic-scholar-citations.json")[0]["body"]
    base = "/graph/v1/paper/arXiv:2202.05262"
    api.route("GET", base + "/citations", lambda r: json_answer(page))
    api.route(
        "GET", base + "/references", lambda r: json_answer(s2_page("citedPaper", [], 0, None))
    )
    return tmp_path


def test_citing_papers_without_any_identifier_are_left_out_and_counted(searching, capsys):
    assert suggest(searching) == 0
    captured = capsys.readouterr()
    assert "Learning to Throw With a Handful of Samples" in captured.out
    assert "Munich Personal RePEc" not in captured.out
    assert "1 papers the services named have no arXiv id, DOI or landing URL" in captured.err


def test_suggest_asks_arxiv_for_atom_and_the_json_services_for_json(searching, api):
    assert suggest(searching) == 0
    assert api.hits("/api/query")[0].headers["Accept"] == "application/atom+xml"
    assert api.hits("/graph/v1/paper/arXiv:2202.05262/citations")[0].headers["Accept"] == (
        "application/json"
    )


def test_suggest_sends_the_openalex_key_and_without_one_warns_once(
    searching, api, capsys, monkeypatch
):
    limited = error(429, "Too Many Requests")
    api.route("GET", "/graph/v1/paper/arXiv:2202.05262/citations", limited)
    works = recorded("openalex-works.json")[0]["body"]
    listed = works["results"][0] | {"id": "https://openalex.org/W9", "doi": ROME_DOI}

    def openalex_answer(request: Request):  # type: ignore[no-untyped-def]
        by_doi = request.query["filter"].startswith("doi:")
        return json_answer(works | {"results": [listed]} if by_doi else works)

    api.route("GET", "/openalex/works", openalex_answer)
    monkeypatch.setenv("OPENALEX_API_KEY", "secret-key")
    assert suggest(searching) == 0
    assert {r.query.get("api_key") for r in api.hits("/openalex/works")} == {"secret-key"}
    assert "The state of OA" in capsys.readouterr().out  # a citing work from OpenAlex

    monkeypatch.delenv("OPENALEX_API_KEY")
    api.requests.clear()
    api.route("GET", "/openalex/works", replay(recorded("openalex-refused.json")[0]))
    assert suggest(searching) == 0
    captured = capsys.readouterr()
    assert captured.err.count("OpenAlex: refused for want of an API key or quota (HTTP 401)") == 1
    assert "Model editing at scale" in captured.out  # arXiv's candidates are still there


def test_arxiv_error_feed_on_http_400_is_reported_with_its_summary(searching, api, capsys):
    text = (FIXTURES / "arxiv-2026-error-400.xml").read_text()
    api.route("GET", "/api/query", lambda r: (400, {"Content-Type": "application/atom+xml"}, text))
    assert suggest(searching) == 0
    assert "arXiv: refused the query: incorrect id format for abc" in capsys.readouterr().err


# the sources, one answer at a time ----------------------------------------------------------


def client(api: ApiServer, **settings: Any) -> Client:
    endpoints = Endpoints(arxiv=api.base + "/api/query", openalex=api.base + "/openalex")
    return Client(Settings(intervals={}, allow_private=True, **settings), endpoints)


@pytest.mark.parametrize(
    ("name", "venue", "doi"),
    [
        ("arxiv-2016-journal-ref.xml", "Phys. Rev. B", "10.1103/PhysRevB.74.024520"),
        ("arxiv-2026-journal-ref.xml", "ActaAstron.", None),
    ],
)
def test_arxiv_feeds_of_2016_and_2026_give_the_journal_and_doi(api, name, venue, doi):
    api.route("GET", "/api/query", feed(name))
    [work] = arxiv.search(client(api), "cat:cond-mat", max_results=10)
    assert (work.venue, work.doi) == (venue, doi)
    assert work.arxiv in {"cond-mat/0603029", "astro-ph/0601001"}


def test_a_hostile_openalex_cursor_that_never_moves_ends_at_once(api):
    stuck = {"meta": {"count": 10**9, "next_cursor": "same"}, "results": [{}], "group_by": []}
    api.route("GET", "/openalex/works", lambda r: json_answer(stuck))
    assert openalex.citing(client(api), "W1") == []
    assert len(api.hits("/openalex/works")) == 2  # the first page, and the repeated cursor's


def test_an_openalex_cursor_that_moves_forever_is_bounded_by_the_page_count(api):
    pages = iter(range(10**6))
    api.route(
        "GET",
        "/openalex/works",
        lambda r: json_answer(
            {"meta": {"next_cursor": f"c{next(pages)}"}, "results": [{}], "group_by": []}
        ),
    )
    assert openalex.citing(client(api), "W1") == []
    assert len(api.hits("/openalex/works")) == openalex.MAX_PAGES


def test_an_empty_arxiv_page_ends_the_search_whatever_the_total_says(api):
    empty = arxiv_feed([], 10**6)
    api.route("GET", "/api/query", lambda r: (200, {}, empty))
    assert arxiv.search(client(api), "cat:cs.CL", max_results=10**6) == []
    assert len(api.hits("/api/query")) == 1


def test_a_refusal_for_want_of_a_key_stops_asking_and_is_marked_a_repeat(api):
    api.route("GET", "/openalex/works", replay(recorded("openalex-refused.json")[0]))
    service = client(api)
    with pytest.raises(SourceError) as first:
        openalex.citing(service, "W1")
    with pytest.raises(SourceError) as second:
        openalex.citing(service, "W2")
    assert not first.value.repeat and second.value.repeat
    assert len(api.hits("/openalex/works")) == 1


def test_an_openalex_key_never_appears_in_a_message(api):
    api.route("GET", "/openalex/works", error(400, "Invalid query parameters"))
    with pytest.raises(SourceError) as raised:
        openalex.citing(client(api, openalex_key="secret-key"), "W1")
    assert "api_key=***" in str(raised.value) and "secret-key" not in str(raised.value)


def test_the_link_checker_names_the_lists_contact_too(tmp_path, api, capsys):
    api.route("HEAD", "/page", lambda r: (200, {}, ""))
    api.route("GET", "/page", lambda r: (200, {}, ""))
    papers = f"papers:\n  - id: p\n    title: T\n    url: {api.base}/page\n"
    write_project(tmp_path, papers, **{"list.yaml": IDENTITY})
    options = ["--allow-private", "--no-cache", "--format", "json"]
    assert main(["--root", str(tmp_path), "check-links", *options]) == 0
    agent = api.requests[0].headers["User-Agent"]
    assert agent.startswith(f"{PROGRAM}-link-checker/")
    assert "mailto:maintainer@example.org" in agent
