"""IPv6 spellings of IPv4 addresses: each is judged by the address it carries, and the
deprecated ones are never contacted."""

from __future__ import annotations

import pytest
from support.links import LinkServer, fast_config, redirect

from generator.links.check import check_links
from generator.links.collect import Link
from generator.links.types import Source, Status
from generator.text.addresses import Reach, classify_url
from generator.text.urls import url_problems


@pytest.mark.parametrize(
    "url",
    [
        "http://[::10.0.0.1]/",  # IPv4-compatible (RFC 4291, deprecated)
        "http://[::127.0.0.1]/",
        "http://[::169.254.169.254]/latest/meta-data/",
        "http://[::8.8.8.8]/",  # deprecated even when what it carries is public
        "http://[::ffff:0:10.0.0.1]/",  # IPv4-translated (RFC 2765)
        "http://[::ffff:0:8.8.8.8]/",
        "http://[0:0:0:0:ffff:0:a00:1]/",  # the same, written out
    ],
)
def test_deprecated_ipv4_forms_are_forbidden(url: str) -> None:
    verdict = classify_url(url)
    assert verdict is not None and verdict.reach is Reach.FORBIDDEN
    assert "deprecated IPv6 form" in verdict.reason


@pytest.mark.parametrize(
    ("url", "reach"),
    [
        ("http://[64:ff9b::10.0.0.1]/", Reach.PRIVATE),  # NAT64
        ("http://[64:ff9b::169.254.169.254]/", Reach.FORBIDDEN),
        ("http://[64:ff9b:1::10.0.0.1]/", Reach.PRIVATE),  # local-use NAT64 (RFC 8215)
        ("http://[64:ff9b:1::8.8.8.8]/", Reach.PRIVATE),
        ("http://[2002:a00:1::]/", Reach.PRIVATE),  # 6to4 of 10.0.0.1
        ("http://[2002:7f00:1::]/", Reach.LOOPBACK),  # 6to4 of 127.0.0.1
        ("http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/", Reach.PRIVATE),  # Teredo, 10.0.0.1
        ("http://[::ffff:192.168.1.1]/", Reach.PRIVATE),  # IPv4-mapped
    ],
)
def test_embedded_ipv4_addresses_are_judged_by_what_they_carry(url: str, reach: Reach) -> None:
    verdict = classify_url(url)
    assert verdict is not None and verdict.reach is reach


@pytest.mark.parametrize(
    "url",
    ["http://[::1]/", "http://[2001:4860:4860::8888]/", "http://[::ffff:8.8.8.8]/"],
)
def test_plain_ipv6_addresses_keep_their_verdict(url: str) -> None:
    verdict = classify_url(url)
    assert verdict is not None and verdict.reach is not Reach.FORBIDDEN


def test_validate_refuses_a_deprecated_form_in_the_data() -> None:
    assert url_problems("https://[::169.254.169.254]/paper")


@pytest.mark.parametrize("target", ["http://[::169.254.169.254]/", "http://[::ffff:0:7f00:1]/"])
def test_a_redirect_to_a_deprecated_form_is_never_followed(
    server: LinkServer, connects: list[object], target: str
) -> None:
    server.routes["/paper"] = redirect(302, target)
    link = Link(server.url("/paper"), (Source("papers.yaml", 3),))
    [result] = check_links([link], fast_config(allow_private=True))
    assert result.status is Status.EXCLUDED and "never contacted" in (result.error or "")
    assert set(connects) == {"127.0.0.1"}
