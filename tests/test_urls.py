"""What makes two references the same paper, and which URLs may not be published."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.catalog.same import normalize_title
from generator.text import urls
from generator.text.urls import (
    arxiv_id_from_url,
    host_problem,
    landing_page,
    normalize_url,
    url_problems,
)


@pytest.mark.parametrize(
    "url",
    [
        "https://arxiv.org/abs/2202.05262",
        "http://arxiv.org/abs/2202.05262",
        "https://arxiv.org/abs/2202.05262v2",
        "https://arxiv.org/abs/2202.05262/",
        "https://www.arxiv.org/abs/2202.05262",
        "https://export.arxiv.org/abs/2202.05262",
        "https://arxiv.org/pdf/2202.05262",
        "https://arxiv.org/pdf/2202.05262v1",
        "https://arxiv.org/pdf/2202.05262.pdf",
        "https://arxiv.org/pdf/2202.05262v10.pdf",
        "https://arxiv.org/html/2202.05262v1",
        "https://ARXIV.org/abs/2202.05262",
    ],
)
def test_every_arxiv_form_gives_the_bare_id(url):
    assert arxiv_id_from_url(url) == "2202.05262"
    assert normalize_url(url) == "arxiv.org/abs/2202.05262"


def test_old_style_and_five_digit_arxiv_ids():
    assert arxiv_id_from_url("https://arxiv.org/abs/hep-th/9901001v2") == "hep-th/9901001"
    assert arxiv_id_from_url("https://arxiv.org/abs/math.GT/0309136") == "math.GT/0309136"
    assert arxiv_id_from_url("https://arxiv.org/pdf/2405.14768v3") == "2405.14768"


@pytest.mark.parametrize(
    "url",
    [
        "https://arxiv.org/list/cs.CL/recent",
        "https://notarxiv.org/abs/2202.05262",
        "https://arxiv.org/abs/2202.05262/extra",
        "https://openreview.net/forum?id=0DcZxeWfOPt",
    ],
)
def test_other_urls_have_no_arxiv_id(url):
    assert arxiv_id_from_url(url) is None


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("https://aclanthology.org/D16-1139/", "http://aclanthology.org/D16-1139"),
        ("https://www.aclanthology.org/D16-1139", "https://ACLANTHOLOGY.org/D16-1139/"),
        ("https://openreview.net/forum?id=abc", "http://openreview.net/forum?id=abc"),
    ],
)
def test_normalised_urls_ignore_scheme_www_host_case_and_trailing_slash(first, second):
    assert normalize_url(first) == normalize_url(second)


def test_normalised_urls_keep_what_identifies_the_page():
    assert normalize_url("https://openreview.net/forum?id=a") != normalize_url(
        "https://openreview.net/forum?id=b"
    )
    assert normalize_url("https://example.org/Paper") != normalize_url("https://example.org/paper")


def test_titles_compare_ignoring_case_spacing_punctuation_and_accents():
    assert normalize_title("LIMA: Less Is More for Alignment") == normalize_title(
        "lima less-is-more   for ALIGNMENT."
    )
    assert normalize_title("Café Über") == normalize_title("cafe uber")
    assert normalize_title("a_b") == "ab"
    assert normalize_title("!!!") == ""


@pytest.mark.parametrize(
    "url",
    [
        "https://arxiv.org/abs/2202.05262",
        "http://example.org/",
        "https://example.org/search?q=a&page=2",
        "https://example.org/page#section",
        "https://medium.com/@someone/post",
        "HTTPS://EXAMPLE.ORG/",
    ],
)
def test_publishable_urls_have_no_problems(url):
    assert url_problems(url) == []


@pytest.mark.parametrize(
    ("url", "messages"),
    [
        ("ftp://example.org/", ["the URL scheme 'ftp' is not http(s)"]),
        ("javascript:alert(1)", ["the URL scheme 'javascript' is not http(s)"]),
        ("example.org/paper", ["the URL scheme '(none)' is not http(s)"]),
        ("https://user:pw@example.org/", ["the URL carries credentials"]),
        ("https://token@example.org/", ["the URL carries credentials"]),
        ("https://example.org:bad/", ["the URL is malformed"]),
        ("https://[::1/", ["the URL is malformed"]),
        ("https://x.org/a?token=1", ["the URL carries an expiring signature (token)"]),
        ("https://x.org/a?TOKEN=1", ["the URL carries an expiring signature (TOKEN)"]),
        ("https://x.org/a?Expires=1", ["the URL carries an expiring signature (Expires)"]),
        ("https://x.org/a?Signature=s", ["the URL carries an expiring signature (Signature)"]),
        ("https://x.org/a?X-Amz-Date=1", ["the URL carries an expiring signature (X-Amz-Date)"]),
        (
            "https://x.org/?x-goog-signature=1",
            ["the URL carries an expiring signature (x-goog-signature)"],
        ),
        (
            "ftp://u:p@x.org/a?sig=1",
            [
                "the URL scheme 'ftp' is not http(s)",
                "the URL carries credentials",
                "the URL carries an expiring signature (sig)",
            ],
        ),
    ],
)
def test_unpublishable_urls_say_why(url, messages):
    found = url_problems(url)
    assert [message for message, _ in found] == messages
    assert all(hint for _, hint in found)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://evil.example\\.arxiv.org/abs/1", "contains a backslash"),
        ("https://arxiv.org\\@evil.example/", "contains a backslash"),
        ("https://\u0430rxiv.org/abs/2202.05262", "is not plain ASCII"),  # Cyrillic a
        ("https://exa\u200bmple.org/", "is not plain ASCII"),  # a zero-width space
        ("https://\u2460\u2461.com/", "is not plain ASCII"),  # circled digits, read as 12
        ("https://%31%32%37.0.0.1/", "has characters a host name cannot have"),
    ],
)
def test_urls_a_browser_reads_as_another_host_than_a_reviewer_are_refused(url, words):
    found = url_problems(url)
    assert words in found[0][0]
    assert all(hint for _, hint in found)


@pytest.mark.parametrize(
    "url", ["https://xn--rxiv-5we.org/", "https://example.org/caf\u00e9", "http://a_b.example:8/"]
)
def test_ascii_hosts_with_any_path_are_publishable(url):
    assert url_problems(url) == []


def test_expiring_signature_hint_names_stable_pages():
    [(_, hint)] = url_problems("https://watermark.silverchair.com/x.pdf?token=abc")
    assert "landing page" in hint


def _without_fast_path(url: str) -> list[tuple[str, str]]:
    saved = urls._PLAIN_URL
    urls._PLAIN_URL = re.compile(r"(?!)")  # matches nothing: every URL takes the full path
    try:
        return urls.url_problems(url)
    finally:
        urls._PLAIN_URL = saved


_url_text = st.text(
    alphabet=st.sampled_from(list("ahtps:/@?#&=[]%.-_~ 01:xXtTokenAmzSig\t")), max_size=40
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["http://", "https://", "ftp://", ""]), _url_text)
def test_url_problems_fast_path_agrees_with_the_full_check(scheme, rest):
    found = url_problems(scheme + rest)
    assert found == _without_fast_path(scheme + rest)
    assert all(isinstance(message, str) and hint for message, hint in found)


@pytest.mark.parametrize("url", ["https://[x/abs/2202.05262", "http://[::1", "https://a]b/"])
def test_malformed_urls_do_not_raise(url):
    assert arxiv_id_from_url(url) is None
    assert normalize_url(url) == url
    assert [message for message, _ in url_problems(url)] == ["the URL is malformed"]


@pytest.mark.parametrize(
    ("pdf", "landing"),
    [
        ("https://arxiv.org/pdf/2202.05262v2", "https://arxiv.org/abs/2202.05262"),
        ("https://arxiv.org/pdf/2202.05262.pdf", "https://arxiv.org/abs/2202.05262"),
        ("https://openreview.net/pdf?id=KBMOKmX2he", "https://openreview.net/forum?id=KBMOKmX2he"),
        ("https://aclanthology.org/D16-1139.pdf", "https://aclanthology.org/D16-1139/"),
        (
            "https://proceedings.neurips.cc/paper_files/paper/2023/file/"
            "932147114c48f8b04d41aebc0c631158-Paper-Conference.pdf",
            "https://proceedings.neurips.cc/paper_files/paper/2023/hash/"
            "932147114c48f8b04d41aebc0c631158-Abstract-Conference.html",
        ),
        (
            "https://proceedings.neurips.cc/paper/2020/file/"
            "6b493230205f780e1bc26945df7481e5-Paper.pdf",
            "https://proceedings.neurips.cc/paper/2020/hash/"
            "6b493230205f780e1bc26945df7481e5-Abstract.html",
        ),
    ],
)
def test_landing_page_of_a_pdf(pdf, landing):
    assert landing_page(pdf) == landing


@pytest.mark.parametrize(
    "url",
    [
        "https://arxiv.org/abs/2202.05262",
        "https://openreview.net/forum?id=KBMOKmX2he",
        "https://aclanthology.org/D16-1139/",
        "https://example.org/paper.pdf",
    ],
)
def test_landing_pages_and_unknown_pdfs_have_no_landing_page(url):
    assert landing_page(url) is None


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://10.0.0.1/", "10.0.0.1"),
        ("http://167772161/", "10.0.0.1"),
        ("http://0xa000001/", "10.0.0.1"),
        ("http://0xA.0.0.1/", "10.0.0.1"),
        ("http://012.0.0.01/", "10.0.0.1"),
        ("http://10.1/", "10.0.0.1"),
        ("http://10.0.1/", "10.0.0.1"),
        ("http://10.0.0.1./", "10.0.0.1"),
        ("http://%31%30.0.0.1/", "10.0.0.1"),
        ("http://\uff11\uff10\u3002\uff10.\uff10.\uff11/", "10.0.0.1"),
        ("http://[::ffff:10.0.0.1]/", "10.0.0.1"),
        ("http://[::ffff:a00:1]/", "10.0.0.1"),
        ("http://[64:ff9b::a00:1]/", "10.0.0.1"),
        ("http://[2002:a00:1::]/", "10.0.0.1"),
        ("http://10.0.0.1\\@example.org/", "10.0.0.1"),  # urllib3 and browsers read 10.0.0.1
        ("http://user@10.0.0.1:8080/?q=1", "10.0.0.1"),
        ("http://[fd00::1]/", "fd00::1"),
    ],
)
def test_private_addresses_in_every_spelling_are_errors(url, address):
    severity, message, _ = host_problem(url)
    assert severity == "error"
    assert f"private address ({address})" in message
    assert message in [m for m, _ in url_problems(url)]


@pytest.mark.parametrize(
    ("url", "what"),
    [
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata address"),
        ("http://2852039166/", "cloud metadata address (169.254.169.254)"),
        ("http://[::ffff:169.254.169.254]/", "cloud metadata address (169.254.169.254)"),
        ("http://[fd00:ec2::254]/", "cloud metadata address (fd00:ec2::254)"),
        ("http://metadata.google.internal/", "cloud metadata host"),
        ("http://METADATA.google.internal./", "cloud metadata host"),
        ("http://169.254.0.1/", "link-local address"),
        ("http://[fe80::1%25eth0]/", "link-local address (fe80::1)"),
        ("http://0.0.0.0/", "unspecified address"),
        ("http://0/", "unspecified address"),
        ("http://[::]/", "unspecified address"),
        ("http://224.0.0.1/", "multicast address"),
        ("http://240.0.0.1/", "reserved, non-public address"),
        ("http://192.0.2.1/", "reserved, non-public address"),
        ("http://wiki.internal/", "name of a private network"),
        ("http://router.home.arpa/", "name of a private network"),
    ],
)
def test_addresses_never_to_contact_are_errors(url, what):
    severity, message, _ = host_problem(url)
    assert (severity, what in message) == ("error", True)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/paper",
        "http://127.1/",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://[::1]:8080/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost/paper",
        "http://app.localhost/",
    ],
)
def test_loopback_urls_are_only_a_warning(url):
    severity, message, hint = host_problem(url)
    assert severity == "warning" and "loopback" in message and hint
    assert url_problems(url) == []


@pytest.mark.parametrize(
    "url",
    [
        "https://arxiv.org/abs/2202.05262",
        "http://8.8.8.8/",
        "http://[2606:4700::1111]/",
        "https://1.2.3.4.5/",  # not an address in any parser: a name for DNS to judge
        "https://0x7f.example.org/",
        "https://example.org:99999/",
        "https://[::1/",
    ],
)
def test_public_names_and_addresses_have_no_host_problem(url):
    assert host_problem(url) is None
