"""The cache remembers recent successes only."""

from __future__ import annotations

from pathlib import Path

from generator.links.cache import cached_result, load_cache, save_cache, updated
from generator.links.types import Hop, LinkResult, Source, Status

DAY = 86400.0
OK = LinkResult("https://a.org/", Status.OK, 200, "https://a.org/", elapsed_ms=12)
MOVED = LinkResult(
    "https://b.org/", Status.REDIRECTED, 200, "https://c.org/", (Hop(301, "https://c.org/"),)
)
BROKEN = LinkResult("https://d.org/", Status.BROKEN, 404, "https://d.org/", error="404 Not Found")


def test_successes_round_trip_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / ".link-cache.json"
    save_cache(path, updated({}, [OK, MOVED, BROKEN], 1000.0, DAY))
    entries = load_cache(path)
    assert set(entries) == {OK.url, MOVED.url}
    hit = cached_result(entries, MOVED.url, 1000.0 + 60, DAY)
    assert hit == MOVED and hit.cached
    assert hit.new_url == "https://c.org/"


def test_failures_are_never_served_from_the_cache() -> None:
    entries = updated({}, [OK], 1000.0, DAY)
    entries = updated(entries, [BROKEN.__class__(OK.url, Status.BROKEN, 404)], 2000.0, DAY)
    assert cached_result(entries, OK.url, 2000.0, DAY) is None


def test_old_entries_expire() -> None:
    entries = updated({}, [OK], 1000.0, DAY)
    assert cached_result(entries, OK.url, 1000.0 + DAY - 1, DAY) is not None
    assert cached_result(entries, OK.url, 1000.0 + DAY + 1, DAY) is None
    assert updated(entries, [], 1000.0 + DAY + 1, DAY) == {}


def test_cached_results_take_the_current_sources(tmp_path: Path) -> None:
    entries = updated({}, [OK.with_sources((Source("papers.yaml", 1),))], 1000.0, DAY)
    hit = cached_result(entries, OK.url, 1000.0, DAY)
    assert hit.sources == ()


def test_a_corrupt_or_foreign_cache_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / ".link-cache.json"
    path.write_text("{not json")
    assert load_cache(path) == {}
    path.write_text('{"version": 99, "entries": {"x": 1}}')
    assert load_cache(path) == {}
    assert cached_result({"x": {"checked_at": "soon"}}, "x", 0.0, DAY) is None


def test_entries_from_the_future_or_without_a_real_time_are_not_trusted() -> None:
    result = updated({}, [OK], 1000.0, DAY)[OK.url]["result"]
    for checked_at in (float("nan"), 5000.0):  # NaN; a clock that went backwards
        entries = {OK.url: {"checked_at": checked_at, "result": result}}
        assert cached_result(entries, OK.url, 1000.0, DAY) is None


def test_a_cache_of_an_older_shape_is_ignored_entry_by_entry(tmp_path: Path) -> None:
    path = tmp_path / ".link-cache.json"
    path.write_text(
        '{"version": 1, "entries": {"a": [], "b": {"checked_at": 1, "result": {"status": "ok",'
        ' "redirects": [{"url": 1}]}}, "c": {"checked_at": 1, "result": {"status": "gone"}}}}'
    )
    entries = load_cache(path)
    assert [cached_result(entries, url, 1.0, DAY) for url in "abc"] == [None, None, None]
    assert updated(entries, [], 1.0, DAY) == {}
