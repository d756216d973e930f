"""`import`: a hand-written awesome list (Markdown) to a new list in DIR, as `init` then entries."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.catalog.paths import IMPORT_REPORT as REPORT_NAME
from generator.catalog.project import Project, open_catalog
from generator.commands.common import add_identity_options, refuse_overwrite, report, write_or_fail
from generator.defaults.skeleton import Identity, SkeletonError, skeleton_files
from generator.diagnostics import has_errors
from generator.importers.report import report_text
from generator.importers.source import SourceError, import_markdown
from generator.importers.writer import write_data


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="turn a hand-written awesome list (Markdown) into a new list in DIR",
        description="Read SOURCE.md: headings become sections; list items, table rows and "
        "numbered lines become entries. Writes a complete list in DIR (as `init` does), its "
        f"entries, and {REPORT_NAME} naming every line that could not be read. Nothing is "
        "fetched. When SOURCE.md is tracked by git, each entry's `added` is the date of the "
        "commit that introduced its line.",
    )
    parser.add_argument("source", type=Path, metavar="SOURCE.md")
    parser.add_argument("--into", type=Path, required=True, metavar="DIR")
    parser.add_argument(
        "--split",
        action="store_true",
        help="keep the entries in papers/<section>.yaml, one file per section, and only the "
        "sections in papers.yaml: smaller files to edit, fewer conflicts (for large lists)",
    )
    add_identity_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        imported = import_markdown(args.source)
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    written = write_data(imported, split=args.split)
    title = args.title or imported.title or args.source.stem
    description = args.description or imported.description or f"A curated list: {title}."
    badges = tuple(b for b in imported.badges if b.url not in written.links)
    identity = Identity(title, description, imported.intro, args.license, badges)
    try:
        files = skeleton_files(identity)
    except SkeletonError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    files |= written.files
    files[REPORT_NAME] = report_text(args.source.name, imported, written.notices)
    if refuse_overwrite(args.into, files, args.force) or not write_or_fail(args.into, files):
        return 1
    catalog, diagnostics = open_catalog(Project(args.into))
    report(diagnostics, stream=sys.stderr)
    left_out = len(imported.entries) - written.papers - written.datasets
    print(
        f"imported {written.papers + written.datasets} entries in {written.sections} sections "
        f"from {args.source.name}; {len(imported.unread)} lines not understood, {left_out} "
        f"entries left out (see {args.into / REPORT_NAME})"
    )
    if catalog is None or has_errors(diagnostics):
        print("the imported data does not validate (problems above)", file=sys.stderr)
        return 1
    return 0
