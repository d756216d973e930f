"""Fetching and reading metadata (generator.sources.metadata and .metadata_formats), against
a local server replaying recorded-shape answers."""

from __future__ import annotations

import json
import socket

import pytest
from support.http import StandIn
from support.replay import fixture_text

from generator.net import session
from generator.sources.http import CROSSREF_API_URL, Endpoints
from generator.sources.metadata import (
    MalformedResponse,
    PaperMetadata,
    PaperNotFound,
    Reference,
    ServiceError,
    ServiceUnavailable,
    UnsupportedReference,
    fetch_metadata,
    parse_reference,
)
from generator.sources.metadata_formats import short_venue

ATOM = "application/atom+xml; charset=utf-8"
ARXIV_QUERY = "/api/query?id_list="


def services(server: StandIn) -> Endpoints:
    return Endpoints(arxiv=server.url("/api/query"), crossref=server.url("/works/"))


def fetch_local(reference: Reference, services: Endpoints, **options) -> PaperMetadata:
    """`fetch_metadata` allowed to reach the stand-in services on 127.0.0.1."""
    return fetch_metadata(reference, services, allow_private=True, **options)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2202.05262", Reference("arxiv", "2202.05262")),
        ("2202.05262v3", Reference("arxiv", "2202.05262")),
        ("arXiv:2202.05262", Reference("arxiv", "2202.05262")),
        ("hep-th/9901001", Reference("arxiv", "hep-th/9901001")),
        ("https://arxiv.org/abs/2202.05262v2", Reference("arxiv", "2202.05262")),
        ("https://arxiv.org/pdf/2202.05262.pdf", Reference("arxiv", "2202.05262")),
        ("10.18653/v1/D16-1139", Reference("doi", "10.18653/v1/D16-1139")),
        ("doi:10.18653/v1/D16-1139", Reference("doi", "10.18653/v1/D16-1139")),
        ("https://doi.org/10.18653/v1/D16-1139", Reference("doi", "10.18653/v1/D16-1139")),
        (
            "https://doi.org/10.1016/S0140-6736%2820%2930183-5",
            Reference("doi", "10.1016/S0140-6736(20)30183-5"),
        ),
        ("10.48550/arXiv.2202.05262", Reference("arxiv", "2202.05262")),
        ("https://doi.org/10.48550/arxiv.2202.05262v2", Reference("arxiv", "2202.05262")),
        (
            " https://openreview.net/forum?id=0DcZxeWfOPt ",
            Reference("url", "https://openreview.net/forum?id=0DcZxeWfOPt"),
        ),
    ],
)
def test_reference_kinds_are_recognised(text: str, expected: Reference) -> None:
    assert parse_reference(text) == expected


@pytest.mark.parametrize("text", ["rome", "ftp://example.org/paper", "2202", ""])
def test_unrecognised_reference_is_refused_with_examples(text: str) -> None:
    with pytest.raises(UnsupportedReference, match="arXiv id"):
        parse_reference(text)


def test_signed_url_is_refused_before_any_download() -> None:
    with pytest.raises(UnsupportedReference, match="expiring signature"):
        parse_reference("https://example.org/paper.pdf?X-Amz-Signature=abc&X-Amz-Expires=60")


def test_services_come_from_the_environment() -> None:
    found = Endpoints.from_environment(
        {"ARXIV_API_URL": "http://127.0.0.1:1/q", "CROSSREF_API_URL": ""}
    )
    assert found == Endpoints(arxiv="http://127.0.0.1:1/q", crossref=CROSSREF_API_URL)


def test_arxiv_entry_gives_title_authors_date_and_abstract_page(replay: StandIn) -> None:
    replay.add(ARXIV_QUERY + "2305.01651", fixture_text("arxiv-2305.01651.xml"), content_type=ATOM)
    paper = fetch_local(Reference("arxiv", "2305.01651"), services(replay))
    assert paper.title == (
        "Can LMs Learn New Entities from Descriptions? Challenges in Propagating Injected Knowledge"
    )
    assert paper.authors[:2] == ("Yasumasa Onoe", "Michael J. Q. Zhang")
    assert len(paper.authors) == 5
    assert (paper.year, paper.month, paper.venue) == (2023, 5, "arXiv")
    assert paper.url == "https://arxiv.org/abs/2305.01651"
    assert (paper.arxiv, paper.doi) == ("2305.01651", "10.18653/v1/2023.acl-long.300")


def test_requests_identify_the_tool(replay: StandIn) -> None:
    replay.add(ARXIV_QUERY + "2305.01651", fixture_text("arxiv-2305.01651.xml"), content_type=ATOM)
    fetch_local(Reference("arxiv", "2305.01651"), services(replay))
    assert replay.requests[0].headers["User-Agent"].startswith("listsmith/")


def test_empty_arxiv_feed_means_no_such_paper(replay: StandIn) -> None:
    replay.add(ARXIV_QUERY + "2399.99999", fixture_text("arxiv-empty.xml"), content_type=ATOM)
    with pytest.raises(PaperNotFound, match=r"arXiv has no paper 2399\.99999"):
        fetch_local(Reference("arxiv", "2399.99999"), services(replay))


def test_arxiv_error_entry_is_reported_with_its_reason(replay: StandIn) -> None:
    replay.add(ARXIV_QUERY + "1234.5678", fixture_text("arxiv-error.xml"), content_type=ATOM)
    with pytest.raises(PaperNotFound, match=r"incorrect id format for 1234\.5678"):
        fetch_local(Reference("arxiv", "1234.5678"), services(replay))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<html><body>Rate exceeded", "not valid XML"),
        ("<rss><channel/></rss>", "not an Atom feed"),
        ("", "not valid XML"),
        (
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><feed>&lol;</feed>',
            "DOCTYPE",
        ),
    ],
)
def test_malformed_arxiv_answer_is_a_clear_error(replay: StandIn, body: str, message: str) -> None:
    replay.add(ARXIV_QUERY + "2202.05262", body, content_type=ATOM)
    with pytest.raises(MalformedResponse, match=message):
        fetch_local(Reference("arxiv", "2202.05262"), services(replay))


@pytest.mark.parametrize(("status", "message"), [(500, "HTTP 500"), (503, "try again later")])
def test_server_errors_say_the_service_is_unavailable(
    replay: StandIn, status: int, message: str
) -> None:
    replay.add(ARXIV_QUERY + "2202.05262", "Internal Server Error", status)
    with pytest.raises(ServiceError, match=message):
        fetch_local(Reference("arxiv", "2202.05262"), services(replay))


def test_crossref_record_gives_short_venue_and_doi_landing_page(replay: StandIn) -> None:
    replay.add(
        "/works/10.18653/v1/P19-1001",
        fixture_text("crossref-10.18653-v1-P19-1001.json"),
        content_type="application/json",
    )
    paper = fetch_local(Reference("doi", "10.18653/v1/P19-1001"), services(replay))
    assert paper.title.startswith("One Time of Interaction May Not Be Enough: Go Deep")
    assert paper.authors == (
        "Chongyang Tao",
        "Wei Wu",
        "Can Xu",
        "Wenpeng Hu",
        "Dongyan Zhao",
        "Rui Yan",
    )
    assert (paper.year, paper.month, paper.venue) == (2019, None, "ACL")
    assert paper.url == "https://doi.org/10.18653/v1/P19-1001"
    assert (paper.doi, paper.arxiv) == ("10.18653/v1/P19-1001", None)


def test_unknown_doi_is_not_found(replay: StandIn) -> None:
    with pytest.raises(PaperNotFound, match="Crossref has no such paper"):
        fetch_local(Reference("doi", "10.9999/nothing"), services(replay))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Resource not found.", "not the expected JSON"),
        ('{"status": "ok"}', "not the expected JSON"),
        ('{"message": []}', "not the expected JSON"),
        pytest.param('{"message": ' + "[" * 100_000, "not the expected JSON", id="deep"),
        ('{"message": {"title": [], "issued": {"date-parts": [[2020]]}}}', "has no title"),
        ('{"message": {"title": ["T"], "issued": {"date-parts": [[null]]}}}', "no publication"),
    ],
)
def test_malformed_crossref_answer_is_a_clear_error(
    replay: StandIn, body: str, message: str
) -> None:
    replay.add("/works/10.1000/x", body, content_type="application/json")
    with pytest.raises(MalformedResponse, match=message):
        fetch_local(Reference("doi", "10.1000/x"), services(replay))


def test_crossref_markup_in_titles_is_removed(replay: StandIn) -> None:
    record = {
        "message": {
            "title": ["Editing <i>Factual</i>\n  Knowledge"],
            "author": [{"name": "The Consortium"}, {"given": "Ada", "family": "Lovelace"}],
            "published": {"date-parts": [[2021, 7, 1]]},
            "container-title": ["Transactions of the Association for Computational Linguistics"],
        }
    }
    replay.add("/works/10.1000/x", json.dumps(record), content_type="application/json")
    paper = fetch_local(Reference("doi", "10.1000/x"), services(replay))
    assert (paper.title, paper.venue, paper.month) == ("Editing Factual Knowledge", "TACL", 7)
    assert paper.authors == ("The Consortium", "Ada Lovelace")


def test_crossref_entities_in_titles_and_names_are_decoded(replay: StandIn) -> None:
    record = {
        "message": {
            "title": ["Q&amp;A over <i>Edited</i> Facts &#8211; a study"],
            "author": [{"given": "Ren&eacute;", "family": "O&apos;Neil"}],
            "published": {"date-parts": [[2021]]},
            "container-title": ["Findings of ACL &amp; EMNLP"],
        }
    }
    replay.add("/works/10.1000/x", json.dumps(record), content_type="application/json")
    paper = fetch_local(Reference("doi", "10.1000/x"), services(replay))
    assert paper.title == "Q&A over Edited Facts \u2013 a study"
    assert paper.authors == ("René O'Neil",)
    assert paper.venue == "Findings of ACL & EMNLP"


def test_openreview_page_meta_tags_give_the_paper(replay: StandIn) -> None:
    replay.add(
        "/forum?id=RDXwpw5Sx1",
        fixture_text("openreview-forum.html"),
        content_type="text/html; charset=utf-8",
    )
    url = replay.url("/forum?id=RDXwpw5Sx1")
    paper = fetch_local(Reference("url", url), services(replay))
    assert paper.title == "Editing Large Language Models: Problems, Methods, and Opportunities"
    assert paper.authors[0] == "Yunzhi Yao" and len(paper.authors) == 8
    assert (paper.year, paper.month, paper.venue, paper.url) == (2023, 10, "EMNLP", url)


def test_acl_anthology_authors_are_turned_to_given_family(replay: StandIn) -> None:
    # No charset in the header: the page is still read as UTF-8, not ISO-8859-1.
    page = fixture_text("acl-anthology.html").replace("Geva, Mor", "Gévá, Mor")
    replay.add("/2023.emnlp-main.751/", page, content_type="text/html")
    paper = fetch_local(Reference("url", replay.url("/2023.emnlp-main.751/")), services(replay))
    assert paper.authors == ("Mor Gévá", "Jasmijn Bastings", "Katja Filippova", "Amir Globerson")
    assert (paper.year, paper.month, paper.venue) == (2023, 12, "EMNLP")
    assert paper.doi == "10.18653/v1/2023.emnlp-main.751"


def test_page_without_citation_tags_asks_for_a_landing_page(replay: StandIn) -> None:
    replay.add("/blog", "<html><head><title>A blog</title></head></html>", content_type="text/html")
    with pytest.raises(MalformedResponse, match="no citation_title"):
        fetch_local(Reference("url", replay.url("/blog")), services(replay))


def test_pdf_url_is_refused_with_advice(replay: StandIn) -> None:
    replay.add("/paper.pdf", b"%PDF-1.5\x00\xff", content_type="application/pdf")
    with pytest.raises(MalformedResponse, match="not a PDF"):
        fetch_local(Reference("url", replay.url("/paper.pdf")), services(replay))


def test_missing_page_is_not_found(replay: StandIn) -> None:
    with pytest.raises(PaperNotFound, match="HTTP 404"):
        fetch_local(Reference("url", replay.url("/gone")), services(replay))


def test_oversized_answer_is_refused(replay: StandIn, monkeypatch) -> None:
    monkeypatch.setattr(session, "MAX_BODY", 100)
    replay.add("/big", "<html>" + "x" * 1000, content_type="text/html")
    with pytest.raises(MalformedResponse, match="more than 100 bytes"):
        fetch_local(Reference("url", replay.url("/big")), services(replay))


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_unreachable_service_says_offline() -> None:
    down = Endpoints(arxiv=f"http://127.0.0.1:{_closed_port()}/api/query")
    with pytest.raises(ServiceUnavailable, match=r"cannot reach arXiv .*offline"):
        fetch_local(Reference("arxiv", "2202.05262"), down)


def test_slow_service_times_out(replay: StandIn) -> None:
    replay.add(ARXIV_QUERY + "2202.05262", "late", delay=1.0)
    with pytest.raises(ServiceUnavailable, match="did not answer in time"):
        fetch_local(Reference("arxiv", "2202.05262"), services(replay), timeout=0.2)


@pytest.mark.parametrize(
    ("venue", "short"),
    [
        ("Advances in Neural Information Processing Systems 36", "NeurIPS"),
        ("The Twelfth International Conference on Learning Representations", "ICLR"),
        ("Findings of the Association for Computational Linguistics: EMNLP 2023", None),
        ("Nature", None),
    ],
)
def test_known_venues_get_their_short_name(venue: str, short: str | None) -> None:
    assert short_venue(venue) == (short or venue)


@pytest.mark.parametrize(
    ("reference", "venue", "year"),
    [
        ("Phys. Rev. B 85, 115117 (2012)", "Phys. Rev. B", 2012),
        ("Int. J. Mod. Phys. B, 26, 1244002 (2012)", "Int. J. Mod. Phys. B", 2012),  # arxiv.py
        ("ActaAstron.56:1-50,2006", "ActaAstron.", 2006),  # arxiv.py, a 2026 answer
        ("Advances in Neural Information Processing Systems 35 (NeurIPS 2022)", "NeurIPS", 2022),
        ("bioRxiv 2023.01.01.000001", "", 2023),  # a preprint server is no journal
    ],
)
def test_a_journal_reference_names_its_venue_and_year(reference, venue, year) -> None:
    from generator.sources.metadata_formats import journal_of, journal_year

    assert (journal_of(reference), journal_year(reference)) == (venue, year)


@pytest.mark.parametrize(
    "name", ["arXiv", "arXiv (Cornell University)", "bioRxiv", "medRxiv", "SSRN", "Research Square"]
)
def test_preprint_servers_are_never_a_published_venue(name) -> None:
    from generator.sources.metadata_formats import published_venue

    assert published_venue(name) == ""
