"""Semantic Scholar: citations paged by offset/next, the batch endpoint, venues."""

from __future__ import annotations

import datetime as dt

import pytest
from support.sources import json_answer, s2_page, s2_paper

from generator.sources import semantic_scholar
from generator.sources.http import Client, Endpoints, Settings, SourceError


def client_for(api) -> Client:
    return Client(
        Settings(intervals={}, allow_private=True),
        Endpoints(semantic_scholar=api.base + "/graph/v1"),
    )


def test_citations_follow_next_until_the_last_page(api):
    first = s2_page("citingPaper", [s2_paper("A", arxiv="2501.00001")], 0, 1000)
    last = s2_page(
        "citingPaper",
        [
            s2_paper("B", doi="10.1/b", publicationDate="2024-06-01"),
            {"paperId": None, "title": None},
        ],
        1000,
        None,
    )
    pages = {"0": first, "1000": last}
    path = "/graph/v1/paper/arXiv:2202.05262/citations"
    api.route("GET", path, lambda r: json_answer(pages[r.query["offset"]]))
    works = semantic_scholar.related(client_for(api), "arXiv:2202.05262", "citations")
    assert [(w.title, w.arxiv, w.doi) for w in works] == [
        ("A", "2501.00001", None),
        ("B", None, "10.1/b"),
    ]
    assert works[1].date == dt.date(2024, 6, 1)
    assert api.hits(path)[0].query["limit"] == "1000"
    assert "externalIds" in api.hits(path)[0].query["fields"]


def test_references_read_the_cited_paper(api):
    path = "/graph/v1/paper/DOI:10.1/x/references"
    page = s2_page("citedPaper", [s2_paper("Old", arxiv="1901.00001")], 0, None)
    api.route("GET", path, lambda r: json_answer(page))
    works = semantic_scholar.related(client_for(api), "DOI:10.1/x", "references")
    assert [w.arxiv for w in works] == ["1901.00001"]


def test_batch_posts_the_ids_and_keeps_unknown_ones_as_none(api):
    api.route(
        "POST",
        "/graph/v1/paper/batch",
        lambda r: json_answer(
            [{"citationCount": 5} if i.startswith("arXiv") else None for i in r.body["ids"]]
        ),
    )
    records = semantic_scholar.batch(client_for(api), ["arXiv:1", "DOI:2"])
    assert records == [{"citationCount": 5}, None]
    request = api.hits("/graph/v1/paper/batch")[0]
    assert request.body == {"ids": ["arXiv:1", "DOI:2"]}
    assert "citationCount" in request.query["fields"]


def test_a_batch_answer_of_the_wrong_length_is_an_error(api):
    api.route("POST", "/graph/v1/paper/batch", lambda r: json_answer([]))
    with pytest.raises(SourceError, match="does not match"):
        semantic_scholar.batch(client_for(api), ["arXiv:1"])


def test_venue_prefers_the_publication_venue_and_ignores_arxiv():
    assert semantic_scholar.venue_of({"publicationVenue": {"name": "ICLR"}, "venue": "x"}) == "ICLR"
    assert semantic_scholar.venue_of({"venue": "arXiv.org"}) == ""
