"""`suggest`: papers the list may be missing, ranked by the evidence for each."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from generator.catalog.project import Project, open_catalog
from generator.commands.common import (
    SOURCES_CACHE,
    add_allow_private,
    add_no_cache,
    make_client,
    report,
)
from generator.diagnostics import has_errors
from generator.suggest.find import find_candidates
from generator.suggest.inputs import read_ignored, topics_of
from generator.suggest.rank import rank
from generator.suggest.report import FORMATTERS
from generator.text.characters import printable

_DESCRIPTION = """\
Find papers the list may be missing: arXiv papers matching the topics of list.yaml, and
papers citing or cited by the listed papers (Semantic Scholar, else OpenAlex). Papers already
listed or dismissed in suggest-ignore.yaml are dropped; the rest are ranked by the evidence
shown for each, with the `new` command that adds one. The services can be redirected with
ARXIV_API_URL, SEMANTIC_SCHOLAR_API_URL and OPENALEX_API_URL; private and loopback
addresses (local stand-ins) need --allow-private."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "suggest", help="find papers the list may be missing", description=_DESCRIPTION
    )
    parser.add_argument(
        "--since",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="only papers published on or after this date",
    )
    parser.add_argument("--limit", type=_positive, default=25, metavar="N", help="default: 25")
    parser.add_argument("--format", choices=sorted(FORMATTERS), default="text")
    add_no_cache(parser, SOURCES_CACHE)
    add_allow_private(parser)
    parser.set_defaults(run=run)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run(args: argparse.Namespace) -> int:
    project = Project(args.root)
    catalog, diagnostics = open_catalog(project)
    identity, identity_problems = topics_of(catalog.identity) if catalog else (None, [])
    ignored, ignore_problems = read_ignored(project.root)
    problems = diagnostics + identity_problems + ignore_problems
    if catalog is None or identity is None or has_errors(problems):
        report(problems, stream=sys.stderr)
        print("error: fix the problems above before asking for suggestions", file=sys.stderr)
        return 1
    client = make_client(project, identity.contact, args)
    try:
        found = find_candidates(client, catalog, identity, args.since)
    finally:
        client.close()
    candidates = rank(
        found, catalog, identity, ignored, today=dt.date.today(), since=args.since, limit=args.limit
    )
    sys.stdout.write(FORMATTERS[args.format](candidates, found.warnings))
    for warning in found.warnings:
        print(f"warning: {printable(warning)}", file=sys.stderr)
    if found.warnings and not found.works:
        print("error: no source answered; try again later", file=sys.stderr)
        return 2
    return 0
