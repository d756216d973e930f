"""`new`: fetch a paper's metadata and append a schema-valid entry to papers.yaml."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import sys
from typing import Any

from generator.catalog.model import Catalog
from generator.catalog.project import Project, open_catalog
from generator.catalog.scaffold import (
    Listed,
    ScaffoldError,
    entry_fields,
    find_listed,
    find_listed_reference,
    insert_entry,
    new_id,
)
from generator.catalog.schema import SCHEMA_FILES, load_schema
from generator.commands.common import add_allow_private, report
from generator.diagnostics import Diagnostic, format_text, has_errors
from generator.files import write_atomic
from generator.sources.metadata import (
    MetadataError,
    Services,
    fetch_metadata,
    parse_reference,
)

_DESCRIPTION = """\
Fetch title, authors, date and landing page of a paper and append it to papers.yaml:
from the arXiv API for an arXiv id or URL, from Crossref for a DOI, and from the page's
citation meta tags for any other URL (OpenReview, ACL Anthology, proceedings pages).
The existing text of papers.yaml is left untouched; the result is validated, and nothing
is written when the paper is already listed, the service fails or the entry is invalid.
The services can be redirected with ARXIV_API_URL and CROSSREF_API_URL. Every address is
checked before connecting, on every redirect: private and loopback ones need --allow-private."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "new",
        help="add a paper to papers.yaml from its arXiv id, DOI or URL",
        description=_DESCRIPTION,
    )
    parser.add_argument(
        "reference",
        metavar="ARXIV_ID_OR_URL|DOI|URL",
        help="e.g. 2202.05262, https://arxiv.org/abs/2202.05262, 10.18653/v1/D16-1139 or "
        "https://openreview.net/forum?id=0DcZxeWfOPt",
    )
    parser.add_argument(
        "--section",
        metavar="ID",
        help="id of the section to list the paper in (default: the last section of papers.yaml)",
    )
    parser.add_argument("--method", metavar="TAG", help="short tag of the method, e.g. SFT or KD")
    add_allow_private(parser)
    parser.set_defaults(run=run)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    print("papers.yaml was not changed", file=sys.stderr)
    return 1


def _section(catalog: Catalog, wanted: str | None) -> str:
    known = [section.id for section in catalog.sections]
    if wanted is None:
        return known[-1]
    if wanted in known:
        return wanted
    close = difflib.get_close_matches(wanted, known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"known sections: {', '.join(known)}"
    raise ValueError(f"unknown section '{wanted}' ({hint})")


def _already_listed(listed: Listed) -> int:
    paper = listed.paper
    problem = Diagnostic(
        "papers.yaml",
        paper.line,
        1,
        f"this paper is already listed as '{paper.id}' ({listed.reason}): {paper.title}",
        "nothing to add; edit that entry instead",
    )
    print(format_text([problem]), file=sys.stderr)
    print("papers.yaml was not changed", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    project = Project(args.root)
    catalog, diagnostics = open_catalog(project)
    if catalog is None:
        report(diagnostics, stream=sys.stderr)
        return _fail("fix the problems above before adding a paper")
    if args.method is not None and not args.method.strip():
        return _fail("--method must not be empty")
    try:
        section = _section(catalog, args.section)
        reference = parse_reference(args.reference)
    except (ValueError, MetadataError) as error:
        return _fail(str(error))
    listed = find_listed_reference(catalog, reference)
    if listed:
        return _already_listed(listed)
    try:
        metadata = fetch_metadata(
            reference, Services.from_environment(), allow_private=args.allow_private
        )
    except MetadataError as error:
        return _fail(str(error))
    listed = find_listed(catalog, metadata)
    if listed:
        return _already_listed(listed)
    fields = entry_fields(
        metadata,
        new_id(metadata, (paper.id for paper in catalog.papers)),
        section,
        method=args.method.strip() if args.method else None,
        added=dt.date.today(),
    )
    problem = too_long(fields)
    if problem:
        return _fail(f"{problem}; nothing was written")
    return _append(project, fields)


def too_long(fields: dict[str, object]) -> str | None:
    """What breaks the schema's maxLength among fetched fields: checked before any write."""
    schema = load_schema(SCHEMA_FILES["papers.yaml"])
    properties = schema["$defs"]["paper"]["properties"]
    for key, value in fields.items():
        limit = _max_length(schema, properties.get(key, {}))
        for item in value if isinstance(value, list) else [value]:
            if limit and isinstance(item, str) and len(item) > limit:
                length = f"{len(item):,} characters long, more than the {limit:,} allowed"
                return f"the {key} would be {length}"
    return None


def _max_length(schema: dict[str, Any], node: dict[str, Any]) -> int | None:
    while "$ref" in node or "items" in node:
        if "maxLength" in node:
            break
        ref = node.get("$ref")
        node = schema["$defs"][ref.rpartition("/")[2]] if ref else node["items"]
    return node.get("maxLength")


def _append(project: Project, fields: dict[str, object]) -> int:
    original = project.papers_file.read_bytes().decode("utf-8")  # open_catalog checked it
    try:
        updated, line = insert_entry(original, fields)
    except ScaffoldError as error:
        return _fail(str(error))
    try:
        write_atomic(project.papers_file, updated)
    except OSError as error:
        return _fail(f"cannot write papers.yaml: {error.strerror or error}")
    catalog, diagnostics = open_catalog(project)
    if catalog is None or has_errors(diagnostics):
        write_atomic(project.papers_file, original)
        report(diagnostics, stream=sys.stderr)
        return _fail("the new entry did not validate (problems above); it was removed again")
    sys.stdout.write(_entry_text(updated, line))
    print(
        f"added '{fields['id']}' to section '{fields['section']}' at papers.yaml:{line}.\n"
        "Check the title and the venue spelling (e.g. NeurIPS, ICLR, ACL), add method, code "
        "and tags if they apply, then run `python -m generator build`.",
        file=sys.stderr,
    )
    return 0


def _entry_text(text: str, line: int) -> str:
    """The lines of the entry that starts at `line`, up to the next blank line."""
    lines = text.splitlines(keepends=True)[line - 1 :]
    end = next((i for i, row in enumerate(lines) if not row.strip()), len(lines))
    return "".join(lines[:end])
