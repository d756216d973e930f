"""The checker against real servers on 127.0.0.1: every answer a host can give."""

from __future__ import annotations

import email.utils
import socket
import time
from dataclasses import replace

import pytest
from support.links import (
    LinkServer,
    by_method,
    endless_body,
    fast_config,
    garbage,
    never_answer,
    raw_server,
    redirect,
    refused_url,
    reset,
    sequence,
    status,
)

from generator.links.check import check_links, interleave_hosts
from generator.links.collect import Link
from generator.links.types import Hop, LinkResult, Source, Status


def check_one(url: str, **config) -> LinkResult:
    [result] = check_links([Link(url, (Source("papers.yaml", 3),))], fast_config(**config))
    return result


def test_200_is_ok_and_keeps_its_sources(server: LinkServer) -> None:
    server.routes["/paper"] = status(200)
    result = check_one(server.url("/paper"))
    assert (result.status, result.code, result.final_url) == (Status.OK, 200, server.url("/paper"))
    assert result.sources == (Source("papers.yaml", 3),)
    assert result.error is None
    assert server.hits[("HEAD", "/paper")] == 1 and not server.hits[("GET", "/paper")]


@pytest.mark.parametrize("code", [301, 308])
def test_permanent_redirect_is_redirected_with_the_new_url(server: LinkServer, code: int) -> None:
    server.routes.update({"/old": redirect(code, "/new"), "/new": status(200)})
    result = check_one(server.url("/old"))
    assert result.status is Status.REDIRECTED
    assert result.redirects == (Hop(code, server.url("/new")),)
    assert result.new_url == result.final_url == server.url("/new")


def test_temporary_redirect_is_ok(server: LinkServer) -> None:
    server.routes.update({"/now": redirect(302, "/today"), "/today": status(200)})
    result = check_one(server.url("/now"))
    assert result.status is Status.OK
    assert result.redirects == (Hop(302, server.url("/today")),)


def test_redirect_chain_is_recorded_hop_by_hop(server: LinkServer) -> None:
    server.routes.update(
        {
            "/a": redirect(301, "/b"),
            "/b": redirect(308, server.url("/c")),
            "/c": redirect(302, "/d"),
            "/d": status(200),
        }
    )
    result = check_one(server.url("/a"))
    assert [hop.code for hop in result.redirects] == [301, 308, 302]
    assert result.final_url == server.url("/d")
    assert result.status is Status.REDIRECTED
    assert result.new_url == server.url("/c")  # the permanent part of the chain


def test_redirect_loop_is_an_error(server: LinkServer) -> None:
    server.routes.update({"/ping": redirect(302, "/pong"), "/pong": redirect(302, "/ping")})
    result = check_one(server.url("/ping"))
    assert (result.status, result.error) == (Status.ERROR, "redirect loop")
    assert len(result.redirects) == 2


def test_too_many_redirects_is_an_error(server: LinkServer) -> None:
    for n in range(6):
        server.routes[f"/r{n}"] = redirect(302, f"/r{n + 1}")
    result = check_one(server.url("/r0"), max_redirects=3)
    assert result.status is Status.ERROR
    assert "too many redirects" in result.error


def test_redirect_into_a_file_url_is_never_followed(server: LinkServer) -> None:
    server.routes["/leak"] = redirect(302, "file:///etc/passwd")
    result = check_one(server.url("/leak"))
    assert result.status is Status.ERROR
    assert result.error == "redirect to a non-http scheme (file:)"


@pytest.mark.parametrize("code", [404, 410, 403, 400])
def test_client_errors_are_broken(server: LinkServer, code: int) -> None:
    server.routes["/gone"] = status(code)
    result = check_one(server.url("/gone"))
    assert (result.status, result.code) == (Status.BROKEN, code)
    assert result.error.startswith(str(code))


def test_429_with_retry_after_is_retried_then_ok(server: LinkServer) -> None:
    server.routes["/busy"] = sequence(status(429, **{"Retry-After": "1"}), status(200))
    started = time.monotonic()
    result = check_one(server.url("/busy"))
    assert result.status is Status.OK
    assert time.monotonic() - started >= 0.9  # the Retry-After was honoured
    assert server.hits[("HEAD", "/busy")] == 2


def test_503_twice_then_200_is_ok(server: LinkServer) -> None:
    server.routes["/flaky"] = sequence(status(503), status(503), status(200))
    assert check_one(server.url("/flaky")).status is Status.OK
    assert server.hits[("HEAD", "/flaky")] == 3


@pytest.mark.parametrize("code", [500, 503])
def test_persistent_server_error_is_broken_after_retries(server: LinkServer, code: int) -> None:
    server.routes["/down"] = status(code)
    result = check_one(server.url("/down"), retries=2)
    assert (result.status, result.code) == (Status.BROKEN, code)
    assert server.hits[("HEAD", "/down")] == 3  # the first try and two retries
    assert server.hits[("GET", "/down")] == 3  # then GET, in case only HEAD fails


def test_retry_after_over_the_cap_is_blocked_without_waiting(server: LinkServer) -> None:
    server.routes["/later"] = status(429, **{"Retry-After": "3600"})
    started = time.monotonic()
    result = check_one(server.url("/later"))
    assert result.status is Status.BLOCKED
    assert "3600 s" in result.error
    assert time.monotonic() - started < 1
    assert server.hits[("HEAD", "/later")] == 1 and not server.hits[("GET", "/later")]


@pytest.mark.parametrize(
    ("behaviour", "reason"),
    [
        (status(999), "999"),
        (status(403, **{"cf-mitigated": "challenge"}), "Cloudflare"),
        (status(429), "rate limited"),
    ],
)
def test_hosts_refusing_robots_are_blocked_not_broken(server, behaviour, reason) -> None:
    server.routes["/profile"] = behaviour
    result = check_one(server.url("/profile"), retries=1)
    assert result.status is Status.BLOCKED
    assert reason in result.error


def test_403_from_a_listed_host_is_blocked(server: LinkServer) -> None:
    server.routes["/article"] = status(403)
    result = check_one(server.url("/article"), blocked_hosts=("127.0.0.1",))
    assert result.status is Status.BLOCKED


@pytest.mark.parametrize("head_code", [405, 404, 501])
def test_head_refused_falls_back_to_get(server: LinkServer, head_code: int) -> None:
    server.routes["/nohead"] = by_method(status(head_code), status(200))
    result = check_one(server.url("/nohead"))
    assert (result.status, result.code) == (Status.OK, 200)
    assert server.hits[("GET", "/nohead")] == 1


def test_huge_body_is_never_read(server: LinkServer) -> None:
    server.routes["/dataset.pdf"] = by_method(status(405), endless_body)
    started = time.monotonic()
    result = check_one(server.url("/dataset.pdf"))
    assert result.status is Status.OK
    assert time.monotonic() - started < 2
    assert server.body_bytes_sent < 64 * 2**20  # of the announced 10 GB


def test_soft_404_to_the_home_page_is_broken(server: LinkServer) -> None:
    server.routes.update({"/papers/42": redirect(301, "/"), "/": status(200)})
    result = check_one(server.url("/papers/42"))
    assert result.status is Status.BROKEN
    assert "home page" in result.error


def test_short_link_to_a_search_page_is_broken(server: LinkServer) -> None:
    server.routes.update({"/s/abc": redirect(302, "/search?q=abc"), "/search": status(200)})
    result = check_one(server.url("/s/abc"))
    assert result.status is Status.BROKEN
    assert "search page" in result.error


def test_200_behind_a_login_wall_is_broken(server: LinkServer) -> None:
    server.routes.update(
        {"/doc/7": redirect(302, "/accounts/login?next=/doc/7"), "/accounts/login": status(200)}
    )
    result = check_one(server.url("/doc/7"))
    assert result.status is Status.BROKEN
    assert "login page" in result.error


def test_server_that_never_answers_times_out_within_the_bound() -> None:
    with raw_server(never_answer) as url:
        started = time.monotonic()
        result = check_one(url, timeout=0.3, max_time_per_url=1.0)
    assert result.status is Status.TIMEOUT
    assert time.monotonic() - started < 2.0


def test_connection_reset_is_an_error() -> None:
    with raw_server(reset) as url:
        result = check_one(url)
    assert (result.status, result.error) == (Status.ERROR, "connection reset by the server")


def test_a_server_speaking_garbage_is_an_error() -> None:
    with raw_server(garbage) as url:
        result = check_one(url)
    assert result.status is Status.ERROR
    assert result.error.startswith("not HTTP")


def test_connection_refused_is_an_error() -> None:
    result = check_one(refused_url(), retries=1)
    assert (result.status, result.error) == (Status.ERROR, "connection refused")


def test_user_agent_is_descriptive(server: LinkServer) -> None:
    server.routes["/ua"] = status(200)
    check_one(server.url("/ua"))
    [(_, _, headers)] = server.requests
    assert headers["User-Agent"].startswith("listsmith-link-checker/")


def test_per_host_limit_holds_and_every_url_is_checked_once(server: LinkServer) -> None:
    server.delay = 0.05
    server.routes.update({f"/p{n}": status(200) for n in range(24)})
    links = [Link(server.url(f"/p{n}"), ()) for n in range(24)]
    results = check_links(links, fast_config(per_host=3, max_concurrency=16))
    assert [r.status for r in results] == [Status.OK] * 24
    assert server.max_in_flight == 3
    assert sum(server.hits.values()) == 24


def test_results_come_back_sorted_by_url(server: LinkServer) -> None:
    server.routes.update({"/b": status(200), "/a": status(404)})
    results = check_links([Link(server.url(p), ()) for p in ("/b", "/a")], fast_config())
    assert [r.url for r in results] == [server.url("/a"), server.url("/b")]


def test_hosts_are_interleaved_busiest_first() -> None:
    urls = ["https://a.org/1", "https://a.org/2", "https://a.org/3", "https://b.org/1"]
    assert interleave_hosts(urls) == [
        "https://a.org/1",
        "https://b.org/1",
        "https://a.org/2",
        "https://a.org/3",
    ]


def test_an_unusable_url_is_an_error_not_a_crash() -> None:
    result = check_one("http://127.0.0.1:99999/page")
    assert result.status is Status.ERROR


def test_tests_cannot_leave_loopback() -> None:
    with pytest.raises(AssertionError, match="must stay on loopback"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)
    with pytest.raises(AssertionError):
        socket.getaddrinfo("example.org", 443)


def utf8_location(handler, _hit: int) -> None:
    """A redirect whose Location is raw UTF-8, as many servers send it."""
    handler.send_response(302)
    handler._headers_buffer.append("Location: /café\r\n".encode())
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def test_a_utf8_location_header_is_followed_as_utf8(server: LinkServer) -> None:
    server.routes.update({"/moved": utf8_location, "/caf%C3%A9": status(200)})
    result = check_one(server.url("/moved"))
    assert (result.status, result.code) == (Status.OK, 200)
    assert result.final_url == server.url("/café")


def test_a_redirect_without_location_is_an_error(server: LinkServer) -> None:
    server.routes["/nowhere"] = status(301)
    result = check_one(server.url("/nowhere"))
    assert (result.status, result.error) == (
        Status.ERROR,
        "redirect (301) without a Location header",
    )


def test_a_redirect_to_a_malformed_url_is_an_error_not_a_crash(server: LinkServer) -> None:
    server.routes["/bad"] = redirect(302, "http://[::1/oops")
    result = check_one(server.url("/bad"))
    assert (result.status, result.error) == (Status.ERROR, "Invalid IPv6 URL")


def test_a_server_that_ignores_head_is_checked_with_get(server: LinkServer) -> None:
    def silent_head(handler, _hit: int) -> None:
        if handler.command == "HEAD":
            time.sleep(1.0)
        handler.reply(200)

    server.routes["/quiet"] = silent_head
    result = check_one(server.url("/quiet"), timeout=0.2)
    assert (result.status, result.code) == (Status.OK, 200)
    assert server.hits[("GET", "/quiet")] == 1


def test_a_malformed_url_is_an_error_not_a_crash() -> None:
    [result] = check_links([Link("http://[::1/x", ())], fast_config())
    assert (result.status, result.error) == (Status.ERROR, "invalid URL")


def test_retry_after_as_an_http_date_counts_like_seconds(server: LinkServer) -> None:
    in_an_hour = email.utils.formatdate(time.time() + 3600, usegmt=True)
    an_hour_ago = email.utils.formatdate(time.time() - 3600, usegmt=True)
    server.routes["/later"] = status(503, **{"Retry-After": in_an_hour})
    server.routes["/now"] = sequence(status(503, **{"Retry-After": an_hour_ago}), status(200))
    started = time.monotonic()
    later, now = check_links(
        [Link(server.url(p), ()) for p in ("/later", "/now")], fast_config(retry_after_cap=60)
    )
    assert time.monotonic() - started < 2
    assert later.status is Status.BLOCKED and "over the 60 s cap" in later.error
    assert now.status is Status.OK


def test_a_check_split_over_processes_finds_what_one_process_finds(server: LinkServer) -> None:
    other = LinkServer("127.0.0.2").start()
    try:
        for host, code in ((server, 200), (other, 404)):
            host.delay = 0.05
            host.routes.update({f"/p{n}": status(code) for n in range(12)})
        links = [
            Link(host.url(f"/p{n}"), (Source("papers.yaml", n + 1),))
            for host in (server, other)
            for n in range(12)
        ]
        seen: list[str] = []
        config = fast_config(per_host=3, max_concurrency=4)
        split = check_links(links, config, lambda r: seen.append(r.url), processes=2)
        # Each worker holds whole hosts and half of max_concurrency.
        assert server.max_in_flight == other.max_in_flight == 2
        whole = check_links(links, config, processes=1)
    finally:
        other.stop()
    untimed = [[replace(r, elapsed_ms=0) for r in results] for results in (split, whole)]
    assert untimed[0] == untimed[1] and sorted(seen) == [r.url for r in whole]
    assert [r.status for r in split] == [Status.OK] * 12 + [Status.BROKEN] * 12
    assert split[0].sources == (Source("papers.yaml", 1),)
