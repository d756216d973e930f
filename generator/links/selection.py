"""Which links a run checks: the include/exclude filters and the shard of a CI matrix job."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .client import host_of
from .collect import Link
from .types import LinkResult, Status


def apply_filters(
    links: Iterable[Link], include: Iterable[str], exclude: Iterable[str]
) -> tuple[list[Link], list[LinkResult]]:
    """(links to check, `excluded` results). An include pattern wins over the excludes:
    with include patterns, only the URLs that match one are checked."""
    includes = [re.compile(p) for p in include]
    excludes = [re.compile(p) for p in exclude]
    checked, excluded = [], []
    for link in links:
        if includes:
            keep = any(p.search(link.url) for p in includes)
        else:
            keep = not any(p.search(link.url) for p in excludes)
        if keep:
            checked.append(link)
        else:
            excluded.append(LinkResult(link.url, Status.EXCLUDED, sources=link.sources))
    return checked, excluded


def parse_shard(text: str) -> tuple[int, int]:
    """`K/N` (1 <= K <= N) as (K, N); ValueError otherwise."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise ValueError(f"'{text}' is not a shard K/N with 1 <= K <= N, e.g. 2/4")
    return int(match.group(1)), int(match.group(2))


def shard(links: list[Link], index: int, count: int) -> list[Link]:
    """The links of shard `index` of `count`: whole hosts, spread so the shards weigh alike.

    Every job sees the same URLs and computes the same partition, so the shards are disjoint
    and together cover every link; a host is never split, so its limit holds across jobs.
    """
    by_host: dict[str, list[Link]] = {}
    for link in links:
        by_host.setdefault(host_of(link.url), []).append(link)
    # Shards past the number of hosts stay empty, so only that many need weighing (and a
    # huge N costs nothing).
    loads = [0] * min(count, len(by_host))
    owner: dict[str, int] = {}
    for host in sorted(by_host, key=lambda h: (-len(by_host[h]), h)):
        lightest = min(range(len(loads)), key=lambda i: (loads[i], i))
        owner[host] = lightest
        loads[lightest] += len(by_host[host])
    return [link for link in links if owner[host_of(link.url)] == index - 1]


# What one job of the weekly matrix checks at most, and the most jobs it starts.
URLS_PER_SHARD = 2500
MAX_SHARDS = 16


def plan_shards(
    links: list[Link], urls_per_shard: int = URLS_PER_SHARD, max_shards: int = MAX_SHARDS
) -> dict[str, object]:
    """How many jobs to check `links` in: `urls_per_shard` each, never more than the hosts.

    `shards` is the list a GitHub Actions matrix takes: `["1/3", "2/3", "3/3"]`.
    """
    hosts = {host_of(link.url) for link in links}
    wanted = -(-len(links) // urls_per_shard)  # rounded up
    count = max(1, min(wanted, len(hosts), max_shards))
    shards = [f"{k}/{count}" for k in range(1, count + 1)]
    return {"urls": len(links), "hosts": len(hosts), "shards": shards}
