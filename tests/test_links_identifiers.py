"""arXiv pages checked in batches through a local export API; DOIs through a local handle API."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from support.links import Handler, LinkServer, fast_config

from generator.links.check import check_links
from generator.links.collect import Link
from generator.links.identifiers import arxiv_page, doi_of
from generator.links.types import Status

KNOWN = {"2202.05262": 5, "2110.11309": 2, "hep-th/9901001": 1}
UNREADABLE = {"math-xx/0101001"}  # well-formed to us, refused by the (local) API


def atom_api(handler: Handler, _hit: int) -> None:
    """The export API as recorded (tests/fixtures/metadata/arxiv-*.xml): an Atom entry per
    known id, nothing for an unknown one, and for an id it cannot read only an error entry."""
    ids = parse_qs(urlsplit(handler.path).query)["id_list"][0].split(",")
    entries = [
        f"<entry><id>http://arxiv.org/abs/{paper}v{KNOWN[paper]}</id>"
        f"<title>Paper {paper}</title></entry>"
        for paper in ids
        if paper in KNOWN
    ]
    unreadable = [paper for paper in ids if paper in UNREADABLE]
    if unreadable:
        entries = [
            f"<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_{unreadable[0]}</id>"
            f"<title>Error</title><summary>incorrect id format for {unreadable[0]}</summary>"
            "</entry>"
        ]
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom">' + "".join(entries) + "</feed>"
    ).encode()
    handler.reply(200, {"Content-Type": "application/atom+xml"}, body)


def arxiv_config(server: LinkServer, **overrides):
    server.routes["/api/query"] = atom_api
    return fast_config(arxiv_api_url=server.url("/api/query"), **overrides)


def test_arxiv_urls_are_checked_in_one_batched_api_call(server: LinkServer) -> None:
    urls = [
        "https://arxiv.org/abs/2202.05262",
        "https://arxiv.org/pdf/2202.05262v3",
        "https://arxiv.org/abs/2110.11309",
        "http://arxiv.org/abs/hep-th/9901001",
        "https://arxiv.org/abs/2401.99999",
    ]
    results = check_links([Link(u, ()) for u in urls], arxiv_config(server))
    statuses = {r.url: r.status for r in results}
    assert statuses == {
        "https://arxiv.org/abs/2202.05262": Status.OK,
        "https://arxiv.org/pdf/2202.05262v3": Status.OK,
        "https://arxiv.org/abs/2110.11309": Status.OK,
        "http://arxiv.org/abs/hep-th/9901001": Status.OK,
        "https://arxiv.org/abs/2401.99999": Status.BROKEN,
    }
    assert [path for _, path, _ in server.requests] == [
        "/api/query?id_list=2110.11309%2C2202.05262%2C2401.99999%2Chep-th%2F9901001&max_results=4"
    ]


def test_old_style_ids_are_asked_for_as_arxiv_writes_them(server: LinkServer) -> None:
    urls = ["https://arxiv.org/abs/hep-th.XX/9901001", "https://arxiv.org/abs/HEP-TH/9901001v1"]
    results = check_links([Link(u, ()) for u in urls], arxiv_config(server))
    assert [r.status for r in results] == [Status.OK, Status.OK]
    assert [path for _, path, _ in server.requests] == [
        "/api/query?id_list=hep-th%2F9901001&max_results=1"
    ]


def test_arxiv_batches_respect_the_batch_size(server: LinkServer) -> None:
    urls = [f"https://arxiv.org/abs/{paper}" for paper in KNOWN]
    results = check_links([Link(u, ()) for u in urls], arxiv_config(server, arxiv_batch_size=2))
    assert {r.status for r in results} == {Status.OK}
    assert len(server.requests) == 2


def test_a_version_arxiv_does_not_have_is_broken(server: LinkServer) -> None:
    [result] = check_links([Link("https://arxiv.org/abs/2110.11309v3", ())], arxiv_config(server))
    assert result.status is Status.BROKEN
    assert "no version 3" in result.error


def test_arxiv_api_failure_is_an_error_for_each_of_its_ids(server: LinkServer) -> None:
    config = fast_config(arxiv_api_url=server.url("/missing-api"), retries=0)
    results = check_links([Link(f"https://arxiv.org/abs/{p}", ()) for p in KNOWN], config)
    assert {r.status for r in results} == {Status.ERROR}
    assert all(r.error.startswith("arXiv API") for r in results)


def test_an_id_the_api_refuses_makes_its_batch_an_error_not_broken(server: LinkServer) -> None:
    urls = ["https://arxiv.org/abs/2202.05262", "https://arxiv.org/abs/math-xx/0101001"]
    results = check_links([Link(u, ()) for u in urls], arxiv_config(server))
    assert {r.status for r in results} == {Status.ERROR}
    assert all("incorrect id format for math-xx/0101001" in r.error for r in results)


def test_impossible_arxiv_ids_are_broken_without_asking(server: LinkServer) -> None:
    urls = ["https://arxiv.org/abs/1234.5678", "https://arxiv.org/abs/1401.00001"]
    urls += ["https://arxiv.org/abs/2202.05262"]
    results = check_links([Link(u, ()) for u in urls], arxiv_config(server))
    assert [r.status for r in results] == [Status.BROKEN, Status.BROKEN, Status.OK]
    assert results[0].error == "1234.5678 is not a valid arXiv identifier"
    assert [path for _, path, _ in server.requests] == [
        "/api/query?id_list=2202.05262&max_results=1"
    ]


@pytest.mark.parametrize(
    ("url", "doi"),
    [
        ("https://doi.org/10.1016/S0140-6736%2820%2930183-5", "10.1016/S0140-6736(20)30183-5"),
        ("https://doi.org/10.1016/S0140-6736(20)30183-5", "10.1016/S0140-6736(20)30183-5"),
    ],
)
def test_percent_encoded_dois_are_asked_for_once_decoded(
    server: LinkServer, url: str, doi: str
) -> None:
    server.routes[f"/api/handles/{doi}"] = lambda h, _: h.reply(200, {}, b"{}")
    [result] = check_links([Link(url, ())], fast_config(doi_api_url=server.url("/api/handles/")))
    assert result.status is Status.OK
    assert doi_of(url) == doi


def test_a_malformed_url_is_neither_arxiv_nor_a_doi() -> None:
    assert arxiv_page("https://[arxiv.org/abs/2202.05262") is None
    assert doi_of("https://[doi.org/10.1000/x") is None


def test_an_empty_arxiv_feed_proves_nothing(server: LinkServer) -> None:
    empty = b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>'
    server.routes["/api/query"] = lambda handler, _: handler.reply(200, {}, empty)
    config = fast_config(arxiv_api_url=server.url("/api/query"))
    [result] = check_links([Link("https://arxiv.org/abs/2202.05262", ())], config)
    assert result.status is Status.ERROR
    assert "without any entry" in result.error


def test_arxiv_html_pages_are_not_batched() -> None:
    assert arxiv_page("https://arxiv.org/html/2202.05262") is None
    assert arxiv_page("https://arxiv.org/pdf/2202.05262v2.pdf") == ("2202.05262", 2)


def test_dois_are_checked_through_the_handle_api(server: LinkServer) -> None:
    server.routes["/api/handles/10.1162/tacl_a_00644"] = lambda h, _: h.reply(200, {}, b"{}")
    config = fast_config(doi_api_url=server.url("/api/handles/"))
    links = [
        Link("https://doi.org/10.1162/tacl_a_00644", ()),
        Link("https://doi.org/10.9999/missing", ()),
    ]
    ok, missing = check_links(links, config)
    assert ok.status is Status.OK
    assert (missing.status, missing.code) == (Status.BROKEN, 404)
    assert "10.9999/missing" in missing.error


def test_doi_urls_are_recognised() -> None:
    assert doi_of("https://dx.doi.org/10.18653/v1/D16-1139") == "10.18653/v1/D16-1139"
    assert doi_of("https://example.org/10.18653/v1/D16-1139") is None
