"""Include/exclude filters and CI shards."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.links.client import host_of
from generator.links.collect import Link
from generator.links.selection import apply_filters, parse_shard, shard
from generator.links.types import Status

LINKS = [Link(u, ()) for u in ("https://a.org/1", "https://b.org/2", "https://c.org/3")]


def _urls(links) -> list[str]:
    return [link.url for link in links]


def test_excluded_urls_are_reported_not_checked() -> None:
    checked, excluded = apply_filters(LINKS, [], [r"b\.org"])
    assert _urls(checked) == ["https://a.org/1", "https://c.org/3"]
    assert [(r.url, r.status) for r in excluded] == [("https://b.org/2", Status.EXCLUDED)]


def test_include_wins_over_exclude() -> None:
    checked, excluded = apply_filters(LINKS, [r"^https://(a|b)\."], [r"b\.org", r"a\.org"])
    assert _urls(checked) == ["https://a.org/1", "https://b.org/2"]
    assert [r.url for r in excluded] == ["https://c.org/3"]


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b", "1/0"])
def test_bad_shards_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="K/N"):
        parse_shard(text)


hosts = st.sampled_from([f"h{n}.org" for n in range(12)])
link_sets = st.lists(st.tuples(hosts, st.integers(0, 50)), unique=True, max_size=80)


@given(link_sets, st.integers(1, 16))
def test_shards_partition_the_links_and_never_split_a_host(pairs, count) -> None:
    links = [Link(f"https://{host}/{n}", ()) for host, n in sorted(pairs)]
    parts = [shard(links, index, count) for index in range(1, count + 1)]
    assert sorted(_urls(itertools.chain(*parts))) == sorted(_urls(links))
    owners = {}
    for index, part in enumerate(parts):
        for link in part:
            assert owners.setdefault(host_of(link.url), index) == index


def test_shards_are_balanced_by_host_weight() -> None:
    links = [Link(f"https://h{h}.org/{n}", ()) for h in range(4) for n in range(h + 1)]
    sizes = sorted(len(shard(links, k, 2)) for k in (1, 2))
    assert sizes == [5, 5]


def test_more_shards_than_hosts_leave_the_rest_empty_at_no_cost() -> None:
    count = 10**12  # a typo in a CI matrix must not allocate a list of that size
    assert [_urls(shard(LINKS, k, count)) for k in (1, 2, 3)] == [[u] for u in _urls(LINKS)]
    assert shard(LINKS, count, count) == []


def test_hosts_of_one_site_stay_in_one_shard_and_addresses_are_their_own_site() -> None:
    urls = ["https://a.github.io/", "https://b.github.io/x", "https://x.org/", "http://10.0.0.1/"]
    links = [Link(url, ()) for url in urls]
    parts = [_urls(shard(links, k, 3)) for k in (1, 2, 3)]
    assert parts == [urls[:2], [urls[3]], [urls[2]]]
