"""`refresh`: fetch stars, archived state, citations, lineage and venue updates into facts.json."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from generator.catalog.facts import facts_text, read_facts_file
from generator.catalog.paths import FACTS_FILE, SOURCES_CACHE
from generator.catalog.project import Project, open_catalog
from generator.commands.common import (
    UNAVAILABLE,
    add_allow_private,
    add_no_cache,
    make_client,
    report,
)
from generator.files import write_atomic
from generator.refresh import refresh_facts
from generator.text.characters import printable
from generator.text.markup import issue_markdown

_DESCRIPTION = f"""\
Fetch what changes after an entry is listed: the stars, last push and archived state of its
GitHub repository (GITHUB_TOKEN raises the rate limit), its citation count (Semantic Scholar,
else OpenAlex), which listed papers it cites (its lineage, from the same services), and for a
preprint the venue it was since published in. The facts go to
{FACTS_FILE}, never into the YAML; a fact that cannot be fetched keeps its last value, an
absurd one is refused. A renamed repository is printed with its new URL; one that answers 404
in two runs in a row is marked gone. Keys come from the environment: GITHUB_TOKEN,
OPENALEX_API_KEY (OpenAlex requires one since February 2026) and SEMANTIC_SCHOLAR_API_KEY;
a service that refuses for want of a key or a quota is named once and the others are used.
Every request names the list's contact (list.yaml `contact.email`, else `contact.url`). The
services can be redirected with GITHUB_API_URL, SEMANTIC_SCHOLAR_API_URL and OPENALEX_API_URL;
private and loopback addresses (local stand-ins) need --allow-private."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "refresh", help=f"update {FACTS_FILE}: stars, citations, venues", description=_DESCRIPTION
    )
    add_no_cache(parser, SOURCES_CACHE)
    parser.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="how suggested venue updates are printed: plain lines, or a Markdown list whose "
        "server text is escaped (for a pull-request body)",
    )
    add_allow_private(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    project = Project(args.root)
    catalog, diagnostics = open_catalog(project)
    if catalog is None:
        report(diagnostics, stream=sys.stderr)
        print(f"error: fix the problems above; {FACTS_FILE} was not changed", file=sys.stderr)
        return 1
    old, problems = read_facts_file(project.facts_file)
    report(problems, stream=sys.stderr)
    client = make_client(project, catalog.identity.reach, args)
    try:
        refreshed = refresh_facts(client, catalog, old, dt.date.today())
    finally:
        client.close()
    report(refreshed.warnings, stream=sys.stderr)
    if refreshed.warnings and not refreshed.fetched:
        print(f"error: no source answered; {FACTS_FILE} was not changed", file=sys.stderr)
        return UNAVAILABLE
    text = facts_text(refreshed.entries)
    changed = text != _current_text(project)
    if changed:
        try:
            write_atomic(project.facts_file, text)
        except OSError as error:
            print(f"error: cannot write {FACTS_FILE}: {error.strerror or error}", file=sys.stderr)
            return 1
    for key, venue in refreshed.venue_updates():
        print(_venue_line(key, venue, args.format))
    for key, old, new in refreshed.moves:
        print(_move_line(key, old, new, args.format))
    state = "updated" if changed else "unchanged"
    print(f"{refreshed.fetched} facts fetched; {FACTS_FILE} {state}", file=sys.stderr)
    return 0


def _venue_line(key: str, venue: str, output: str) -> str:
    if output == "markdown":
        return f"- {issue_markdown(key)}: published since? suggested venue: {issue_markdown(venue)}"
    return f"{printable(key)}: published since? suggested venue: {printable(venue)}"


def _move_line(key: str, old: str, new: str, output: str) -> str:
    text = f"repository moved: https://github.com/{old} is now https://github.com/{new}"
    if output == "markdown":
        return f"- {issue_markdown(key)}: {issue_markdown(text)}; update the code link"
    return f"{printable(key)}: {printable(text)}; update the code link"


def _current_text(project: Project) -> str | None:
    try:
        return project.facts_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
