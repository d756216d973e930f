"""Which links a run checks: the include/exclude filters and the shard of a CI matrix job."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from generator.text.addresses import parse_address

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


def site_of(url: str) -> str:
    """The site a URL belongs to: its host's last two labels (`user.github.io` is
    `github.io`), or the whole host for an IP address.

    Hosts of one site often share servers, so a split that keeps a site together keeps
    every per-server limit (`HostLimits`) within one checker.
    """
    return _site_of_host(host_of(url))


@functools.lru_cache(maxsize=4096)  # a list has many URLs on few hosts
def _site_of_host(host: str) -> str:
    if parse_address(host) is not None:
        return host
    return ".".join(host.split(".")[-2:])


def partition(links: list[Link], count: int) -> list[list[Link]]:
    """`links` in parts of whole sites that weigh alike, each in the links' order: `count`
    parts, or one per site when there are fewer sites.

    Every caller that sees the same URLs computes the same partition, so the parts are
    disjoint and together cover every link.
    """
    by_site: dict[str, int] = {}
    for link in links:
        site = site_of(link.url)
        by_site[site] = by_site.get(site, 0) + 1
    loads = [0] * min(count, len(by_site))  # only that many need weighing: a huge N is free
    owner: dict[str, int] = {}
    for site in sorted(by_site, key=lambda s: (-by_site[s], s)):
        lightest = min(range(len(loads)), key=lambda i: (loads[i], i))
        owner[site] = lightest
        loads[lightest] += by_site[site]
    parts: list[list[Link]] = [[] for _ in loads]
    for link in links:
        parts[owner[site_of(link.url)]].append(link)
    return parts


def shard(links: list[Link], index: int, count: int) -> list[Link]:
    """The links of shard `index` of `count` of a CI matrix: whole sites (`partition`), so
    that no server's limit is shared between jobs. Shards past the number of sites are empty."""
    parts = partition(links, count)
    return parts[index - 1] if index <= len(parts) else []


# What one job of the weekly matrix checks at most, and the most jobs it starts.
URLS_PER_SHARD = 2500
MAX_SHARDS = 16


def plan_shards(
    links: list[Link], urls_per_shard: int = URLS_PER_SHARD, max_shards: int = MAX_SHARDS
) -> dict[str, object]:
    """How many jobs to check `links` in: `urls_per_shard` each, never more than the sites
    (a shard holds whole sites), nor than `max_shards`.

    `shards` is the list a GitHub Actions matrix takes: `["1/3", "2/3", "3/3"]`.
    """
    sites = {site_of(link.url) for link in links}
    wanted = -(-len(links) // urls_per_shard)  # rounded up
    count = max(1, min(wanted, len(sites), max_shards))
    shards = [f"{k}/{count}" for k in range(1, count + 1)]
    return {"urls": len(links), "sites": len(sites), "shards": shards}
