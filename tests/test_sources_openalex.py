"""OpenAlex: works by DOI, citing works paged by cursor, abstracts and venues."""

from __future__ import annotations

from support.sources import json_answer, openalex_page, openalex_work

from generator.sources import openalex
from generator.sources.http import Client, Endpoints, Settings


def client_for(api, contact: str = "") -> Client:
    return Client(
        Settings(intervals={}, allow_private=True, contact=contact),
        Endpoints(openalex=api.base + "/openalex"),
    )


def test_citing_works_follow_the_cursor_until_it_is_null(api):
    pages = {
        "*": openalex_page([openalex_work("W1", "One", "10.48550/arXiv.2501.00001")], "abc"),
        "abc": openalex_page([openalex_work("W2", "Two", "10.1/two")], "def"),
        "def": openalex_page([], None),
    }
    api.route("GET", "/openalex/works", lambda r: json_answer(pages[r.query["cursor"]]))
    works = openalex.citing(client_for(api), "https://openalex.org/W99")
    assert [(w.title, w.arxiv, w.doi) for w in works] == [
        ("One", "2501.00001", None),
        ("Two", None, "10.1/two"),
    ]
    hits = api.hits("/openalex/works")
    assert [r.query["cursor"] for r in hits] == ["*", "abc", "def"]
    assert hits[0].query["filter"] == "cites:W99"


def test_works_by_doi_batches_dois_and_sends_the_mailto_of_the_contact(api):
    work = openalex_work("W1", "One", "10.1/ONE", cited_by_count=7)
    api.route("GET", "/openalex/works", lambda r: json_answer(openalex_page([work], None)))
    found = openalex.works_by_doi(client_for(api, "list@example.org"), ["10.1/one", "10.1/two"])
    assert found["10.1/one"]["cited_by_count"] == 7
    request = api.hits("/openalex/works")[0]
    assert request.query["filter"] == "doi:10.1/one|10.1/two"
    assert request.query["mailto"] == "list@example.org"


def test_abstract_is_rebuilt_from_the_inverted_index():
    assert openalex.abstract({"editing": [1], "Model": [0], "works": [2]}) == "Model editing works"


def test_venue_is_that_of_the_primary_location_unless_a_repository():
    published = {"primary_location": {"source": {"display_name": "TACL", "type": "journal"}}}
    preprint = {"primary_location": {"source": {"display_name": "arXiv", "type": "repository"}}}
    assert openalex.venue_of(published) == "TACL"
    assert openalex.venue_of(preprint) == ""
