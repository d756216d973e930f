"""`import`: a hand-written awesome list (Markdown) to a new list in DIR, as `init` then entries."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.catalog.paths import IMPORT_REPORT as REPORT_NAME
from generator.catalog.project import Project, open_catalog
from generator.commands.common import (
    add_allow_private,
    add_identity_options,
    refuse_overwrite,
    report,
    write_or_fail,
)
from generator.defaults.skeleton import Identity, SkeletonError, skeleton_files
from generator.diagnostics import has_errors
from generator.importers.model import ImportedList
from generator.importers.report import report_text
from generator.importers.resolve import resolve
from generator.importers.source import SourceError, import_markdown
from generator.importers.writer import Written, news_text, write_data
from generator.sources.http import Client, Endpoints, Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="turn a hand-written awesome list (Markdown) into a new list in DIR",
        description="Read SOURCE.md: headings become sections; list items, table rows and "
        "numbered lines become entries. Writes a complete list in DIR (as `init` does), its "
        f"entries, and {REPORT_NAME} naming every line that could not be read. Nothing is "
        "fetched unless --resolve is given. When SOURCE.md is tracked by git, each entry's "
        "`added` is the date of the commit that introduced its line.",
    )
    parser.add_argument("source", type=Path, metavar="SOURCE.md")
    parser.add_argument("--into", type=Path, required=True, metavar="DIR")
    parser.add_argument(
        "--split",
        action="store_true",
        help="keep the entries in papers/<section>.yaml, one file per section, and only the "
        "sections in papers.yaml: smaller files to edit, fewer conflicts (for large lists)",
    )
    parser.add_argument(
        "--min-kept",
        type=_percent,
        default=90.0,
        metavar="PERCENT",
        help="exit with status 1 (after writing) when fewer of the source's entries are kept: "
        "those imported, of those read plus the lines with a link not understood (default 90)",
    )
    parser.add_argument(
        "--resolve",
        action="store_true",
        help="look up each work the source cites without a link by its title on arXiv, "
        "Crossref and OpenAlex; only a work of the same title and year is taken, and the "
        "report lists every lookup",
    )
    add_allow_private(parser)
    add_identity_options(parser, title_from="SOURCE.md")
    parser.set_defaults(run=run)


def _percent(text: str) -> float:
    try:
        value = float(text.removesuffix("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a percentage, e.g. 90") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 100")
    return value


def _summary(imported: ImportedList, written: Written, source: str) -> tuple[str, float]:
    """The summary line, and the share of the source's entries kept, in percent."""
    kept = written.papers + written.datasets
    found = len(imported.entries) + sum(1 for line in imported.unread if line.linked)
    share = 100.0 * kept / found if found else 100.0
    left_out = len(imported.entries) - kept
    line = (
        f"imported {kept} entries in {written.sections} sections from {source}: "
        f"{share:.0f}% of the {found} entries it seems to hold; {len(imported.unread)} lines "
        f"not understood, {max(left_out, 0)} entries left out"
    )
    return line, share


def run(args: argparse.Namespace) -> int:
    try:
        imported = import_markdown(args.source)
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.resolve:
        settings = Settings.from_environment("", None, allow_private=args.allow_private)
        client = Client(settings, Endpoints.from_environment())
        try:
            imported = resolve(imported, client)
        finally:
            client.close()
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
    files["list.yaml"] += news_text(imported.news)
    files |= written.files
    summary, share = _summary(imported, written, args.source.name)
    files[REPORT_NAME] = report_text(args.source.name, imported, written.notices, summary + ".")
    if refuse_overwrite(args.into, files, args.force) or not write_or_fail(args.into, files):
        return 1
    catalog, diagnostics = open_catalog(Project(args.into))
    report(diagnostics, stream=sys.stderr)
    print(f"{summary} (see {args.into / REPORT_NAME})")
    if catalog is None or has_errors(diagnostics):
        print("the imported data does not validate (problems above)", file=sys.stderr)
        return 1
    if share < args.min_kept:
        print(
            f"error: kept {share:.0f}% of the source's entries, less than --min-kept "
            f"{args.min_kept:g}%: the report says what was not read and why",
            file=sys.stderr,
        )
        return 1
    return 0
