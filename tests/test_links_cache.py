"""The cache remembers recent successes only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.links import cache
from generator.links.cache import cached_result, load_cache, read_cache, save_cache, updated
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


NOW = 10_000.0
GOOD_ENTRY = {"checked_at": NOW - 60, "result": {"status": "ok", "code": 200}}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / ".link-cache.json"
    path.write_text(text, encoding="utf-8")
    return path


def _cache_text(entries: object) -> str:
    return json.dumps({"version": 1, "entries": entries})


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("{not json", "not valid JSON"),
        ('{"version": 1, "entries": {"u": {"checked_at": Infinity}}}', "Infinity"),
        ('{"version": 1, "entries": {"u": {"checked_at": NaN}}}', "NaN"),
        ("[" * 200_000 + "]" * 200_000, "nested too deeply"),
        ('{"version": 1, "entries": ["u"]}', "'entries' is not a mapping"),
    ],
)
def test_a_hostile_cache_file_is_ignored_with_a_warning(tmp_path: Path, text: str, why: str):
    entries, problems = read_cache(_write(tmp_path, text), NOW)
    assert entries == {}
    [problem] = problems
    assert problem.severity == "warning" and why in problem.message and problem.hint


def test_a_huge_cache_file_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(cache, "MAX_BYTES", 1000)
    path = _write(tmp_path, _cache_text({f"https://a.org/{n}": GOOD_ENTRY for n in range(100)}))
    entries, [problem] = read_cache(path, NOW)
    assert entries == {} and "over" in problem.message


@pytest.mark.parametrize(
    "entry",
    [
        {"checked_at": NOW + 3600, "result": {"status": "ok"}},  # from the future
        {"checked_at": True, "result": {"status": "ok"}},
        {"checked_at": "9999", "result": {"status": "ok"}},
        {"checked_at": NOW, "result": {"status": "fine"}},
        {"checked_at": NOW, "result": {"status": "ok", "code": "200"}},
        {"checked_at": NOW, "result": {"status": "ok", "final_url": ["x"]}},
        {"checked_at": NOW, "result": {"status": "ok", "redirects": "https://x.org/"}},
        {"checked_at": NOW, "result": {"status": "ok", "redirects": [{"code": 301}]}},
        {"checked_at": NOW, "result": {"status": "ok", "elapsed_ms": 1e308}},
        {"checked_at": NOW, "result": "ok"},
        ["ok"],
    ],
)
def test_malformed_or_future_entries_are_dropped_with_a_warning(tmp_path: Path, entry: object):
    text = _cache_text({"https://good.org/": GOOD_ENTRY, "https://bad.org/": entry})
    entries, [problem] = read_cache(_write(tmp_path, text), NOW)
    assert set(entries) == {"https://good.org/"}
    assert problem.message == "1 cache entry ignored: malformed, or checked in the future"
    assert cached_result(entries, "https://good.org/", NOW, DAY).status is Status.OK


def test_a_missing_cache_is_empty_without_a_warning(tmp_path: Path):
    assert read_cache(tmp_path / ".link-cache.json", NOW) == ({}, [])
