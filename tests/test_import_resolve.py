"""`import --resolve`: works cited without a link, looked up by title on stand-ins for arXiv,
Crossref and OpenAlex on 127.0.0.1 (their answers in each API's documented shape: the
Crossref item is modelled on the record of 10.1109/TPAMI.2015.2437384 as api.crossref.org
returns it, trimmed to the fields read)."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest
import yaml
from support.sources import arxiv_entry, arxiv_feed, json_answer, openalex_page, openalex_work

from generator.cli import main
from generator.importers.markdown import parse_markdown
from generator.importers.resolve import resolve
from generator.sources.http import Client, Endpoints, Settings

GIRSHICK = "Region-based convolutional networks for accurate object detection and segmentation"
LIST = dedent(
    f"""\
    # Awesome Detection

    > Detection papers, curated.

    ## Papers

    - {GIRSHICK} (2016), R. Girshick et al.
    - A survey of imaginary detectors that nobody wrote (2019), A. Nobody et al.
    - [Fast R-CNN](https://arxiv.org/abs/1504.08083) - One stage training. ICCV 2015.
    """
)


def crossref_items(*items: dict) -> dict:
    return {
        "status": "ok",
        "message-type": "work-list",
        "message": {"total-results": len(items), "items-per-page": 5, "items": list(items)},
    }


GIRSHICK_RECORD = {
    "DOI": "10.1109/TPAMI.2015.2437384",
    "type": "journal-article",
    "title": ["Region-Based Convolutional Networks for Accurate Object Detection and Segmentation"],
    "container-title": ["IEEE Transactions on Pattern Analysis and Machine Intelligence"],
    "issued": {"date-parts": [[2016, 1, 1]]},
    "author": [{"given": "Ross", "family": "Girshick", "sequence": "first"}],
}


def route_services(api, *, crossref: dict, arxiv: str, openalex: dict) -> None:
    api.route("GET", "/api/query", lambda r: (200, {"Content-Type": "application/atom+xml"}, arxiv))
    api.route("GET", "/crossref/works", lambda r: json_answer(crossref))
    api.route("GET", "/openalex/works", lambda r: json_answer(openalex))


def client_for(api) -> Client:
    endpoints = Endpoints(
        arxiv=api.base + "/api/query",
        crossref=api.base + "/crossref/works",
        openalex=api.base + "/openalex",
    )
    return Client(Settings(intervals={}, allow_private=True, backoff_factor=0), endpoints)


def test_a_citation_without_a_link_is_an_entry_with_its_year_and_authors() -> None:
    imported = parse_markdown(LIST)
    cited = imported.entries[0]
    assert (cited.title, cited.year, cited.authors, cited.url) == (
        GIRSHICK,
        2016,
        ("R. Girshick", "et al."),  # more authors than the list names
        None,
    )
    assert imported.unread == ()


def test_a_confident_match_is_taken_and_a_near_title_is_not(api) -> None:
    near = arxiv_entry(
        "1311.2524", "Rich feature hierarchies for accurate object detection", "2013-11-11"
    )
    route_services(
        api,
        arxiv=arxiv_feed([near], 1),
        crossref=crossref_items(GIRSHICK_RECORD),
        openalex=openalex_page([openalex_work("W1", "Something else entirely", "10.1/x")], None),
    )
    resolved = resolve(parse_markdown(LIST), client_for(api))
    found, unknown, linked = resolved.entries
    assert (found.doi, found.url, found.venue, found.year) == (
        "10.1109/TPAMI.2015.2437384",
        "https://doi.org/10.1109/TPAMI.2015.2437384",
        "IEEE Transactions on Pattern Analysis and Machine Intelligence",
        2016,
    )
    assert found.authors == ("R. Girshick", "et al.")  # what the source said stays
    assert unknown.url is None and linked.arxiv == "1504.08083"
    said = {(n.line, n.reason) for n in resolved.notices}
    assert (7, "found by its title on Crossref: DOI 10.1109/TPAMI.2015.2437384") in said
    assert (
        8,
        "looked up by its title on arXiv, Crossref, OpenAlex: no work of that title and year",
    ) in said
    queries = [r.query["query.bibliographic"] for r in api.hits("/crossref/works")]
    assert queries[0] == GIRSHICK
    assert api.hits("/api/query")[0].query["search_query"] == f'ti:"{GIRSHICK}"'
    assert len(api.hits("/api/query")) == 2  # the linked entry is never looked up


def test_a_year_far_from_the_cited_one_is_another_work(api) -> None:
    later = dict(GIRSHICK_RECORD, issued={"date-parts": [[2021]]})
    route_services(
        api,
        arxiv=arxiv_feed([], 0),
        crossref=crossref_items(later),
        openalex=openalex_page([], None),
    )
    resolved = resolve(parse_markdown(LIST), client_for(api))
    assert resolved.entries[0].doi is None


def test_a_service_that_fails_is_named_and_the_next_one_asked(api) -> None:
    api.route("GET", "/api/query", lambda r: (503, {}, "down"))
    api.route("GET", "/crossref/works", lambda r: (503, {}, "down"))
    arxiv_doi = "10.48550/arXiv.1504.08083"
    api.route(
        "GET",
        "/openalex/works",
        lambda r: json_answer(openalex_page([openalex_work("W2", GIRSHICK, arxiv_doi)], None)),
    )
    client = client_for(api)
    resolved = resolve(parse_markdown(LIST), client)
    assert resolved.entries[0].arxiv == "1504.08083"
    missing = next(n for n in resolved.notices if n.line == 8)
    assert "not asked: arXiv:" in missing.reason and "Crossref:" in missing.reason


def test_import_resolve_writes_the_found_work_and_reports_every_lookup(
    api, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    api.environment(monkeypatch)
    monkeypatch.setenv("CROSSREF_API_URL", api.base + "/crossref/works")
    route_services(
        api,
        arxiv=arxiv_feed([], 0),
        crossref=crossref_items(GIRSHICK_RECORD),
        openalex=openalex_page([], None),
    )
    source = tmp_path / "README.md"
    source.write_text(LIST, encoding="utf-8")
    target = tmp_path / "list"
    code = main(
        [
            "import",
            str(source),
            "--into",
            str(target),
            "--resolve",
            "--allow-private",
            "--min-kept",
            "0",
        ]
    )
    assert code == 0, capsys.readouterr()
    papers = yaml.safe_load((target / "papers.yaml").read_text(encoding="utf-8"))["papers"]
    assert [p.get("doi") for p in papers] == ["10.1109/TPAMI.2015.2437384", None]
    report = (target / "import-report.md").read_text(encoding="utf-8")
    assert "found by its title on Crossref" in report
    assert "left out: a work cited without a link" in report


def test_without_resolve_nothing_is_fetched_and_the_citation_is_named(
    api, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.environment(monkeypatch)
    source = tmp_path / "README.md"
    source.write_text(LIST, encoding="utf-8")
    code = main(["import", str(source), "--into", str(tmp_path / "list")])
    assert code == 1  # 1 of 3 entries kept: less than --min-kept 90
    assert api.requests == []
    report = (tmp_path / "list" / "import-report.md").read_text(encoding="utf-8")
    assert "`import --resolve` looks it up by title" in report.replace("\\", "")
