"""arXiv's export API: the topic query, paging by start/max_results, refused queries."""

from __future__ import annotations

import datetime as dt

import pytest
from support.sources import arxiv_entry, arxiv_feed

from generator.sources import arxiv
from generator.sources.http import Client, Endpoints, Settings, SourceError


def client_for(api) -> Client:
    return Client(
        Settings(intervals={}, allow_private=True), Endpoints(arxiv=api.base + "/api/query")
    )


def test_topic_query_joins_categories_keywords_and_the_start_date():
    query = arxiv.topic_query(["model editing"], ["cs.CL", "cs.LG"], dt.date(2025, 1, 2))
    assert query == (
        '(cat:cs.CL OR cat:cs.LG) AND (ti:"model editing" OR abs:"model editing") '
        "AND submittedDate:[202501020000 TO 999912312359]"
    )


def test_search_pages_until_the_total_and_reads_each_entry(api):
    pages = {
        "0": arxiv_feed([arxiv_entry("2501.00001", "First", "2025-01-05", "About editing.")], 3),
        "1": arxiv_feed([arxiv_entry("2501.00002", "Second", "2025-01-04")], 3, 1),
        "2": arxiv_feed([arxiv_entry("2501.00003", "Third", "2025-01-03")], 3, 2),
    }
    api.route("GET", "/api/query", lambda r: (200, {}, pages[r.query["start"]]))
    works = arxiv.search(client_for(api), "cat:cs.CL", page_size=1)
    assert [w.arxiv for w in works] == ["2501.00001", "2501.00002", "2501.00003"]
    assert works[0].abstract == "About editing."
    assert works[0].date == dt.date(2025, 1, 5)
    assert [r.query["start"] for r in api.hits("/api/query")] == ["0", "1", "2"]
    assert api.hits("/api/query")[0].query["sortBy"] == "submittedDate"


def test_search_stops_at_max_results(api):
    feed = arxiv_feed([arxiv_entry("2501.00001", "First", "2025-01-05")], 1000)
    api.route("GET", "/api/query", lambda r: (200, {}, feed))
    arxiv.search(client_for(api), "cat:cs.CL", page_size=1, max_results=2)
    assert len(api.hits("/api/query")) == 2


def test_a_refused_query_is_a_source_error_with_arxivs_reason(api):
    refusal = arxiv_feed([], 1).replace(
        "</feed>",
        "<entry><id>http://arxiv.org/api/errors#incorrect_id_format</id>"
        "<title>Error</title><summary>malformed query</summary></entry></feed>",
    )
    api.route("GET", "/api/query", lambda r: (200, {}, refusal))
    with pytest.raises(SourceError, match="malformed query"):
        arxiv.search(client_for(api), "cat:")


def test_an_answer_with_a_doctype_is_refused(api):
    api.route("GET", "/api/query", lambda r: (200, {}, '<!DOCTYPE x [<!ENTITY a "b">]><feed/>'))
    with pytest.raises(SourceError, match="DOCTYPE"):
        arxiv.search(client_for(api), "cat:cs.CL")
