"""`check-links`: check every URL of the list; exit 1 when one is broken, timed out or failed."""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import threading
import time
from pathlib import Path
from typing import Any, TextIO

from generator.catalog.paths import LINK_CACHE as CACHE_FILE
from generator.catalog.project import Project, read_identity
from generator.commands.common import UNAVAILABLE
from generator.diagnostics import Diagnostic, format_text, has_errors
from generator.links.cache import cached_result, read_cache, save_cache, updated
from generator.links.changes import (
    RevisionError,
    changed_since,
    is_committed,
    revision_diagnostic,
    select_changed,
)
from generator.links.check import CheckInterrupted, check_links
from generator.links.collect import Link, collect, group
from generator.links.config import LinkConfig, load_config, with_overrides
from generator.links.merge import merge_reports
from generator.links.report import FORMATTERS, summary
from generator.links.selection import (
    MAX_SHARDS,
    URLS_PER_SHARD,
    apply_filters,
    parse_shard,
    plan_shards,
    shard,
)
from generator.links.types import LinkResult, Status
from generator.net.session import user_agent

INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check-links",
        help="check every URL of the data, notes and templates",
        description="Check every URL of papers.yaml, datasets.yaml, notes/ and templates/. "
        "Settings live in links.toml. Exit status: 0 all fine, 1 a link is broken, timed out "
        "or failed (redirected and blocked links only warn), 2 the check could not run or "
        "no server answered at all (no network).",
    )
    parser.add_argument(
        "--format",
        choices=sorted(FORMATTERS),
        default="text",
        help="text (default), json (only JSON on stdout), markdown (job summary) or github",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help=f"neither read nor write {CACHE_FILE}"
    )
    parser.add_argument(
        "--timeout",
        type=_positive(float),
        metavar="SECONDS",
        help="the most one request of a URL may take in all: connecting, headers and body, "
        "however slowly the server trickles them (default 15, links.toml `timeout`); a retry "
        "or a redirect hop is a new request with as long again, and no URL takes longer than "
        "`max_time_per_url` (60)",
    )
    parser.add_argument(
        "--include",
        action="append",
        default=[],
        type=_regex,
        metavar="REGEX",
        help="check only matching URLs (repeatable; wins over excludes)",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        type=_regex,
        metavar="REGEX",
        help="skip matching URLs (repeatable)",
    )
    parser.add_argument(
        "--changed-since",
        metavar="GIT_REV",
        help="only URLs of entries and notes added or changed since this revision",
    )
    parser.add_argument(
        "--max-concurrency",
        type=_positive(int),
        metavar="N",
        help="requests in flight overall (default 64)",
    )
    parser.add_argument(
        "--per-host",
        type=_positive(int),
        metavar="N",
        help="requests in flight per host (default 4)",
    )
    parser.add_argument(
        "--allow-private",
        action="store_true",
        help="also check loopback and private-network addresses (for local test servers); "
        "link-local and cloud-metadata addresses are never contacted",
    )
    parser.add_argument(
        "--shard",
        metavar="K/N",
        help="check only the K-th of N parts (whole sites: a.github.io goes with b.github.io), "
        "for CI matrices",
    )
    parser.add_argument(
        "--plan",
        action="store_true",
        help="check nothing: print as JSON how many URLs and sites there are and the shards "
        "(a GitHub Actions matrix) to check them in",
    )
    parser.add_argument(
        "--urls-per-shard",
        type=_positive(int),
        default=URLS_PER_SHARD,
        metavar="N",
        help=f"with --plan: URLs one shard checks at most (default {URLS_PER_SHARD:,}); "
        f"never more shards than sites, nor than {MAX_SHARDS}",
    )
    parser.add_argument(
        "--merge",
        nargs="+",
        type=Path,
        metavar="REPORT",
        help="check nothing: merge the JSON reports of the shards into one report "
        "(in --format), with the exit status one run would have had",
    )
    parser.set_defaults(run=run)


def _regex(text: str) -> str:
    try:
        re.compile(text)
    except re.error as error:
        raise argparse.ArgumentTypeError(f"'{text}' is not a regular expression: {error}") from None
    return text


def _positive(kind: type) -> object:
    def parse(text: str) -> float | int:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
        if not value > 0 or not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"'{text}' must be a finite number more than 0")
        return value

    parse.__name__ = kind.__name__
    return parse


def run(args: argparse.Namespace) -> int:
    if args.merge:
        return merge(args)
    project = Project(args.root)
    config, problems = load_config(project.root)
    links, more_problems = _links(project, args)
    problems += more_problems
    if problems:
        print(format_text(problems), file=sys.stderr)
    if has_errors(problems) or links is None:
        print("check-links stopped: nothing was checked", file=sys.stderr)
        return UNAVAILABLE
    if args.plan:
        selected, _ = apply_filters(
            links, [*config.include, *args.include], [*config.exclude, *args.exclude]
        )
        print(json.dumps(plan_shards(selected, args.urls_per_shard)))
        return 0
    config = with_overrides(
        config,
        user_agent=_agent(project, config),
        timeout=args.timeout,
        max_concurrency=args.max_concurrency,
        per_host=args.per_host,
        allow_private=args.allow_private or None,
    )
    try:
        results = check(project, links, config, args)
    except CheckInterrupted as stop:
        print(FORMATTERS[args.format](stop.results), flush=True)
        print(f"interrupted: {summary(stop.results)} checked before", file=sys.stderr)
        return INTERRUPTED
    print(FORMATTERS[args.format](results))
    if args.format != "text":
        print(summary(results), file=sys.stderr)
    if unanswered(results):
        print(
            "check-links could not reach the network: no link got an answer from its server; "
            "check the connection (or a proxy) and run it again",
            file=sys.stderr,
        )
        return UNAVAILABLE
    return 1 if any(r.status.fails for r in results) else 0


def _agent(project: Project, config: LinkConfig) -> str | None:
    """The default User-Agent with the list's contact (list.yaml), unless links.toml sets one."""
    if config.user_agent != LinkConfig().user_agent:
        return None
    identity = read_identity(project)
    return user_agent(identity.reach, role="link-checker") if identity and identity.reach else None


# How `links.client` words a request that never reached a server (name, route, connection).
_UNREACHED = ("dns:", "connection refused", "cannot connect", "network is unreachable", "no route")


def unanswered(results: list[LinkResult]) -> bool:
    """Every link asked over the network failed before reaching any server: the check says
    nothing about the links, only that the network could not be reached."""
    asked = [r for r in results if not r.cached and r.status is not Status.EXCLUDED]
    return bool(asked) and all(
        r.code is None and any(words in (r.error or "").lower() for words in _UNREACHED)
        for r in asked
    )


def merge(args: argparse.Namespace) -> int:
    """`--merge`: one report of the shards' reports; exit 2 when one cannot be read."""
    if args.shard or args.plan or args.changed_since:
        print(
            "error: --merge reads reports and checks nothing: it takes no --shard, "
            "--plan or --changed-since",
            file=sys.stderr,
        )
        return UNAVAILABLE
    results, problems = merge_reports(args.merge)
    if problems:
        print(format_text(problems), file=sys.stderr)
        print("check-links --merge stopped: no report was written", file=sys.stderr)
        return UNAVAILABLE
    print(FORMATTERS[args.format](results))
    if args.format != "text":
        print(summary(results), file=sys.stderr)
    return 1 if any(r.status.fails for r in results) else 0


def _links(
    project: Project, args: argparse.Namespace
) -> tuple[list[Link] | None, list[Diagnostic]]:
    occurrences, problems = collect(project)
    if has_errors(problems):
        return None, problems
    if args.changed_since:
        try:
            changed = changed_since(occurrences, project.root, args.changed_since)
        except RevisionError as error:
            return None, [*problems, revision_diagnostic(error)]
        occurrences = select_changed(occurrences, changed)
    links = group(occurrences)
    if args.shard:
        try:
            links = shard(links, *parse_shard(args.shard))
        except ValueError as error:
            return None, [*problems, Diagnostic("--shard", 1, 1, str(error))]
    return links, problems


def check(
    project: Project, links: list[Link], config: LinkConfig, args: argparse.Namespace
) -> list[LinkResult]:
    """Filter, answer what the cache can, check the rest; every result sorted by URL."""
    selected, excluded = apply_filters(
        links, [*config.include, *args.include], [*config.exclude, *args.exclude]
    )
    cache_path = project.root / CACHE_FILE
    now = time.time()
    entries = {} if args.no_cache else _trusted_entries(project, args, now)
    cached, to_check = [], []
    for link in selected:
        hit = cached_result(entries, link.url, now, config.cache_max_age)
        if hit:
            cached.append(hit.with_sources(link.sources))
        else:
            to_check.append(link)
    progress = Progress(len(to_check), sys.stderr) if sys.stderr.isatty() else None

    def finish(checked: list[LinkResult]) -> list[LinkResult]:
        if progress:
            progress.finish()
        if not args.no_cache:
            try:
                save_cache(cache_path, updated(entries, checked, now, config.cache_max_age))
            except OSError as error:
                print(f"warning: cannot write {CACHE_FILE}: {error.strerror}", file=sys.stderr)
        return sorted([*cached, *checked, *excluded], key=lambda r: r.url)

    try:
        checked = check_links(to_check, config, progress.update if progress else None)
    except CheckInterrupted as stop:
        # The report and the cache keep what was done; the rest was never judged.
        raise CheckInterrupted(finish(stop.results)) from None
    return finish(checked)


def _trusted_entries(project: Project, args: argparse.Namespace, now: float) -> dict[str, Any]:
    """The cache entries this run may believe: none of a cache that a pull request can set."""
    if args.changed_since:
        return {}  # the links a pull request changed are always checked afresh
    if is_committed(project.root, CACHE_FILE):
        print(
            f"warning: {CACHE_FILE} is committed to the repository: it is not trusted "
            f"(remove it with 'git rm --cached {CACHE_FILE}')",
            file=sys.stderr,
        )
        return {}
    entries, problems = read_cache(project.root / CACHE_FILE, now)
    if problems:
        print(format_text(problems), file=sys.stderr)
    return entries


class Progress:
    """`[#####-----] 12/51 links` on one terminal line, redrawn at most 20 times a second."""

    WIDTH = 30

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self._lock = threading.Lock()
        self._drawn = 0.0

    def update(self, _result: LinkResult) -> None:
        with self._lock:
            self.done += 1
            now = time.monotonic()
            if now - self._drawn >= 0.05 or self.done == self.total:
                self._drawn = now
                filled = self.WIDTH * self.done // max(self.total, 1)
                bar = "#" * filled + "-" * (self.WIDTH - filled)
                self.stream.write(f"\r[{bar}] {self.done}/{self.total} links")
                self.stream.flush()

    def finish(self) -> None:
        if self.total:
            self.stream.write("\r\033[K")
            self.stream.flush()
