"""`new`: fetch a paper's metadata and insert a schema-valid entry into papers.yaml."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import sys
from pathlib import Path
from typing import Any

from generator.catalog.model import Catalog
from generator.catalog.project import Project, open_catalog
from generator.catalog.scaffold import (
    Listed,
    ascii_slug,
    entry_fields,
    find_listed,
    find_listed_reference,
    format_entry,
    free_id,
    insert_entry,
    new_id,
    tool_fields,
)
from generator.catalog.schema import SCHEMA_FILES, load_schema
from generator.commands.common import add_allow_private, report
from generator.diagnostics import Diagnostic, format_text, has_errors
from generator.files import write_atomic
from generator.render.issue_form import read_suggestion
from generator.sources.github import Repository
from generator.sources.http import Endpoints
from generator.sources.metadata import (
    MetadataError,
    Reference,
    fetch_metadata,
    fetch_repository,
    parse_reference,
)
from generator.text.characters import printable
from generator.yamltext import YamlEditError

_DESCRIPTION = """\
Fetch title, authors, date and landing page of a paper and add it to papers.yaml:
from the arXiv API for an arXiv id or URL, from Crossref for a DOI, and from the page's
citation meta tags for any other URL (OpenReview, ACL Anthology, proceedings pages).
A GitHub repository's page (https://github.com/OWNER/REPO) adds a tool, named and
described as GitHub's API says (GITHUB_API_URL; GITHUB_TOKEN when set).
The entry goes among its section's entries in id order, so that two pull requests that
each add a paper rarely touch the same lines; the existing text of papers.yaml is left
untouched. The result is validated, and nothing
is written when the paper is already listed, the service fails or the entry is invalid.
The services can be redirected with ARXIV_API_URL and CROSSREF_API_URL. Every address is
checked before connecting, on every redirect: private and loopback ones need --allow-private."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "new",
        help="add a paper (arXiv id, DOI or URL) or a tool (GitHub repository) to papers.yaml",
        description=_DESCRIPTION,
    )
    parser.add_argument(
        "reference",
        nargs="?",
        metavar="ARXIV_ID_OR_URL|DOI|URL",
        help="e.g. 2202.05262, https://arxiv.org/abs/2202.05262, 10.18653/v1/D16-1139, "
        "https://openreview.net/forum?id=0DcZxeWfOPt or https://github.com/OWNER/REPO",
    )
    parser.add_argument(
        "--section",
        metavar="ID",
        help="id of the section to list the paper in (default: the last section of papers.yaml)",
    )
    parser.add_argument("--method", metavar="TAG", help="short tag of the method, e.g. SFT or KD")
    parser.add_argument(
        "--from-issue",
        type=Path,
        metavar="FILE",
        help="read the link and section from the body of a suggest-a-paper issue saved in FILE",
    )
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


def _wanted(args: argparse.Namespace, catalog: Catalog) -> tuple[str, str | None]:
    """(reference, section id) from the command line or from a submitted issue form."""
    if args.from_issue is None:
        if not args.reference:
            raise ValueError("name the paper (ARXIV_ID_OR_URL|DOI|URL) or pass --from-issue FILE")
        return args.reference, args.section
    if args.reference:
        raise ValueError("pass the paper or --from-issue FILE, not both")
    try:
        body = args.from_issue.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"cannot read {args.from_issue}: {error}") from error
    suggestion = read_suggestion(body)
    if suggestion.section_title is None:
        return suggestion.link, args.section
    by_title = {s.title: s.id for s in catalog.sections}
    if suggestion.section_title not in by_title:
        raise ValueError(f"the issue names no section of papers.yaml: {suggestion.section_title!r}")
    return suggestion.link, by_title[suggestion.section_title]


def _already_listed(listed: Listed) -> int:
    paper = listed.paper
    problem = Diagnostic(
        paper.file,
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
        text, wanted = _wanted(args, catalog)
        section = _section(catalog, wanted)
        reference = parse_reference(text)
    except (ValueError, MetadataError) as error:
        return _fail(str(error))
    listed = find_listed_reference(catalog, reference)
    if listed:
        return _already_listed(listed)
    fetch = fetch_repository if reference.kind == "repository" else fetch_metadata
    try:
        found = fetch(
            reference,
            Endpoints.from_environment(),
            contact=catalog.identity.reach,
            allow_private=args.allow_private,
        )
    except MetadataError as error:
        return _fail(str(error))
    if isinstance(found, Repository):
        return _add_tool(project, catalog, found, section)
    listed = find_listed(catalog, found)
    if listed:
        return _already_listed(listed)
    fields = entry_fields(
        found,
        new_id(found, (paper.id for paper in catalog.papers)),
        section,
        method=args.method.strip() if args.method else None,
        added=dt.date.today(),
    )
    return _write(project, catalog, fields, found.note)


def _add_tool(project: Project, catalog: Catalog, repository: Repository, section: str) -> int:
    """A GitHub repository's page: a tool, named and described as GitHub says."""
    listed = find_listed_reference(catalog, Reference("repository", repository.full_name))
    if listed:  # listed under the name GitHub spells, or the one it was renamed from
        return _already_listed(listed)
    name = repository.full_name.partition("/")[2]
    fields = tool_fields(
        name,
        f"https://github.com/{repository.full_name}",
        repository.description,
        free_id(ascii_slug(name), (paper.id for paper in catalog.papers)),
        section,
        added=dt.date.today(),
    )
    return _write(project, catalog, fields)


def _write(project: Project, catalog: Catalog, fields: dict[str, object], note: str = "") -> int:
    """The new entry, checked against the schema's lengths before anything is written."""
    problem = too_long(fields)
    if problem:
        return _fail(f"{problem}; nothing was written")
    return _append(project, catalog, fields, note)


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


def target_file(project: Project, catalog: Catalog, section: str) -> Path:
    """The file a new entry of `section` goes into: where the section's entries already
    are; else, in a list split over `papers/`, `papers/<section>.yaml`; else papers.yaml."""
    for paper in catalog.papers:
        if paper.section == section:
            return project.root / paper.file
    if project.papers_dir.is_dir():
        return project.papers_dir / f"{section}.yaml"  # section ids are slugs (the schema)
    return project.papers_file


def _append(project: Project, catalog: Catalog, fields: dict[str, object], note: str = "") -> int:
    target = target_file(project, catalog, str(fields["section"]))
    name = target.relative_to(project.root).as_posix()
    # open_catalog has read the file; a new part starts as an empty list.
    original = target.read_bytes().decode("utf-8") if target.exists() else None
    try:
        updated, line = insert_entry(original or "papers: []\n", fields)
    except YamlEditError as error:
        return _fail(str(error))
    try:
        write_atomic(target, updated)
    except OSError as error:
        return _fail(f"cannot write {name}: {error.strerror or error}")
    catalog_after, diagnostics = open_catalog(project)
    if catalog_after is None or has_errors(diagnostics):
        if original is None:
            target.unlink()
        else:
            write_atomic(target, original)
        report(diagnostics, stream=sys.stderr)
        return _fail("the new entry did not validate (problems above); it was removed again")
    sys.stdout.write(_entry_text(updated, line, fields))
    if note:
        print(f"note: {printable(note)}", file=sys.stderr)
    check = (
        "Check the name and the description, which are the repository's own"
        if fields.get("kind") == "tool"
        else "Check the title and the venue spelling (e.g. NeurIPS, ICLR, ACL), add method, "
        "code and tags if they apply"
    )
    print(
        f"added '{fields['id']}' to section '{fields['section']}' at {name}:{line}.\n"
        f"{check}, then run `listsmith build`.",
        file=sys.stderr,
    )
    return 0


def _entry_text(text: str, line: int, fields: dict[str, object]) -> str:
    """The lines of the entry that starts at `line` (as many as its fields take)."""
    count = format_entry(fields).count("\n")
    return "".join(text.splitlines(keepends=True)[line - 1 : line - 1 + count])
