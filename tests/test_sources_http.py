"""The polite client: pacing, Retry-After, rate-limit headers, the cache, the User-Agent."""

from __future__ import annotations

import pytest
from support.links import refused_url
from support.network import (
    ObservingListener,
)
from support.sources import error, in_turn, json_answer, rate_headers

from generator.net.pacing import Pacer
from generator.sources.http import (
    Client,
    Endpoints,
    NotFound,
    RateLimited,
    Settings,
    SourceError,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def quick(**overrides) -> Settings:
    settings = dict(intervals={}, backoff_factor=0.0, retries=2, timeout=5.0, allow_private=True)
    return Settings(**(settings | overrides))


def test_pacer_spaces_requests_to_one_service_by_its_interval():
    clock = FakeClock()
    pacer = Pacer({"arXiv": 3.0}, clock, clock.sleep)
    with pacer.turn("arXiv"):
        clock.now += 5.0  # a slow answer: the 3 s count from its end, not from its start
    clock.now += 1.0
    with pacer.turn("arXiv"):
        pass
    with pacer.turn("arXiv"):
        pass
    assert clock.slept == [2.0, 3.0]


def test_pacer_lets_other_services_and_late_requests_through_at_once():
    clock = FakeClock()
    pacer = Pacer({"arXiv": 3.0}, clock, clock.sleep)
    for service in ("arXiv", "OpenAlex"):
        with pacer.turn(service):
            pass
    clock.now += 5.0
    with pacer.turn("arXiv"):
        pass
    assert clock.slept == []


def test_client_paces_real_requests_through_the_injected_clock(api):
    api.route("GET", "/x", lambda _r: json_answer({}))
    clock = FakeClock()
    client = Client(quick(intervals={"arXiv": 3.0}), clock=clock, sleep=clock.sleep)
    for _ in range(3):
        client.get("arXiv", api.base + "/x")
    assert len(api.hits("/x")) == 3
    assert clock.slept == [3.0, 3.0]


def test_one_request_to_a_service_at_a_time_arxivs_one_connection():
    import threading
    import time

    pacer = Pacer({"arXiv": 0.0})
    inside, most = [0], [0]

    def request() -> None:
        with pacer.turn("arXiv"):
            inside[0] += 1
            most[0] = max(most[0], inside[0])
            time.sleep(0.01)
            inside[0] -= 1

    threads = [threading.Thread(target=request) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 1


def test_default_arxiv_interval_is_three_seconds_and_the_environment_can_shorten_it():
    assert Settings().intervals["arXiv"] == 3.0
    settings = Settings.from_environment("", None, {"ARXIV_DELAY": "0", "GITHUB_TOKEN": "t"})
    assert settings.intervals["arXiv"] == 0.0
    assert settings.intervals["Semantic Scholar"] == 1.0
    assert settings.github_token == "t"


def test_a_429_with_retry_after_is_retried_and_then_answered(api):
    api.route(
        "GET",
        "/x",
        in_turn(
            error(429, "Too Many Requests", **{"Retry-After": "0"}),
            lambda _r: json_answer({"ok": 1}),
        ),
    )
    answer = Client(quick()).get("Semantic Scholar", api.base + "/x")
    assert answer.json("Semantic Scholar") == {"ok": 1}
    assert len(api.hits("/x")) == 2


def test_a_retry_after_over_the_cap_gives_up_as_rate_limited(api):
    api.route("GET", "/x", error(429, "slow down", **{"Retry-After": "3600"}))
    with pytest.raises(RateLimited, match="asked to wait 3600 s"):
        Client(quick(retry_after_cap=5.0)).get("Semantic Scholar", api.base + "/x")
    assert len(api.hits("/x")) == 1


def test_a_spent_github_limit_stops_requests_until_the_reset(api):
    api.route("GET", "/repos/a/b", lambda _r: json_answer({}, 200, **rate_headers(0)))
    client = Client(quick(), wall_clock=lambda: 1_800_000_000.0)
    client.get("GitHub", api.base + "/repos/a/b")
    with pytest.raises(RateLimited, match="not asked again"):
        client.get("GitHub", api.base + "/repos/a/b")
    assert len(api.hits("/repos/a/b")) == 1
    client.get("OpenAlex", api.base + "/repos/a/b")  # other services are not held up


def test_after_the_reset_time_github_is_asked_again(api):
    api.route("GET", "/repos/a/b", lambda _r: json_answer({}, 200, **rate_headers(0, reset=50)))
    client = Client(quick(), wall_clock=lambda: 100.0)
    client.get("GitHub", api.base + "/repos/a/b")
    client.get("GitHub", api.base + "/repos/a/b")
    assert len(api.hits("/repos/a/b")) == 2


def test_a_secondary_rate_limit_403_is_rate_limited_but_a_plain_403_is_refused(api):
    limited = "You have exceeded a secondary rate limit."
    api.route("GET", "/limited", error(403, limited, **{"Retry-After": "60"}))
    api.route("GET", "/forbidden", error(403, "Resource not accessible by integration"))
    with pytest.raises(RateLimited):
        Client(quick(retry_after_cap=1.0)).get("GitHub", api.base + "/limited")
    with pytest.raises(SourceError, match="refused the request") as raised:
        Client(quick()).get("GitHub", api.base + "/forbidden")
    assert not isinstance(raised.value, RateLimited)


def test_404_is_not_found_and_500_is_unavailable_after_retries(api):
    api.route("GET", "/gone", error(404))
    api.route("GET", "/down", error(503))
    with pytest.raises(NotFound):
        Client(quick()).get("OpenAlex", api.base + "/gone")
    with pytest.raises(SourceError, match="unavailable"):
        Client(quick(retries=2)).get("OpenAlex", api.base + "/down")
    assert len(api.hits("/down")) == 3


def test_an_unreachable_service_is_a_source_error_that_names_the_host():
    url = refused_url()
    with pytest.raises(SourceError, match=r"cannot reach 127\.0\.0\.1"):
        Client(quick(retries=0)).get("arXiv", url)


def test_the_cache_answers_a_repeated_request_without_asking(api, tmp_path):
    api.route("GET", "/x", lambda _r: json_answer({"n": len(api.requests)}))
    settings = quick(cache_dir=tmp_path / "cache")
    first = Client(settings).get("OpenAlex", api.base + "/x", {"q": "a"})
    again = Client(settings).get("OpenAlex", api.base + "/x", {"q": "a"})
    other = Client(settings).get("OpenAlex", api.base + "/x", {"q": "b"})
    assert first.text == again.text != other.text
    assert len(api.hits("/x")) == 2


def test_failures_are_not_cached(api, tmp_path):
    api.route("GET", "/x", in_turn(error(404), lambda _r: json_answer({})))
    settings = quick(cache_dir=tmp_path / "cache")
    with pytest.raises(NotFound):
        Client(settings).get("OpenAlex", api.base + "/x")
    Client(settings).get("OpenAlex", api.base + "/x")
    assert len(api.hits("/x")) == 2


def test_the_user_agent_names_the_project_and_the_contact(api):
    api.route("GET", "/x", lambda _r: json_answer({}))
    Client(quick(contact="mailto:list@example.org")).get("arXiv", api.base + "/x")
    agent = api.hits("/x")[0].headers["User-Agent"]
    assert "awesome-llm-knowledge-update/" in agent
    assert "mailto:list@example.org" in agent


def test_endpoints_come_from_the_environment_with_arxiv_shared_with_new():
    endpoints = Endpoints.from_environment(
        {"ARXIV_API_URL": "http://127.0.0.1:1/a", "GITHUB_API_URL": "http://127.0.0.1:1/g"}
    )
    assert endpoints.arxiv == "http://127.0.0.1:1/a"
    assert endpoints.github == "http://127.0.0.1:1/g"
    assert endpoints.openalex == "https://api.openalex.org"


@pytest.mark.parametrize(
    "target", ["http://169.254.169.254/latest/meta-data/", "http://[::ffff:169.254.169.254]/"]
)
def test_a_redirect_to_a_metadata_address_is_refused_even_with_allow_private(
    api, connects: list[object], target: str
) -> None:
    api.route("GET", "/x", lambda _r: (302, {"Location": target}, ""))
    with pytest.raises(SourceError, match=r"^OpenAlex: refused: .*metadata.*never contacted$"):
        Client(quick()).get("OpenAlex", api.base + "/x")
    assert set(connects) == {"127.0.0.1"}
    assert len(api.hits("/x")) == 1


@pytest.mark.usefixtures("loopback_is_public")
def test_a_redirect_to_a_private_address_is_refused_without_allow_private(
    api, connects: list[object]
) -> None:
    api.route("GET", "/x", lambda _r: (301, {"Location": "http://192.168.1.1/admin"}, ""))
    with pytest.raises(SourceError, match=r"192\.168\.1\.1 is a private address"):
        Client(quick(allow_private=False)).get("OpenAlex", api.base + "/x")
    assert set(connects) == {"127.0.0.1"}
    assert len(api.hits("/x")) == 1


def test_a_loopback_service_is_not_contacted_without_allow_private(
    listener: ObservingListener,
) -> None:
    url = f"http://127.0.0.1:{listener.port}/x"
    with pytest.raises(SourceError, match=r"loopback address .*--allow-private"):
        Client(quick(allow_private=False)).get("GitHub", url)
    assert listener.connections == 0
