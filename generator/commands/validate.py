"""`validate`: check every data file and print every problem."""

from __future__ import annotations

import argparse
import sys

from generator.catalog.project import Project, open_catalog
from generator.commands.common import report
from generator.diagnostics import FORMATTERS, has_errors


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("validate", help="check papers.yaml, datasets.yaml and notes/")
    add_format_option(parser)
    parser.set_defaults(run=run)


def add_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=sorted(FORMATTERS),
        default="text",
        help="text (default), github (pull-request annotations) or json",
    )


def run(args: argparse.Namespace) -> int:
    catalog, diagnostics = open_catalog(Project(args.root))
    report(diagnostics, args.format)
    if catalog is not None and args.format == "text":
        print(
            f"ok: {len(catalog.papers)} papers, {len(catalog.datasets)} datasets, "
            f"{len(catalog.notes)} notes",
            file=sys.stderr,
        )
    return 1 if has_errors(diagnostics) else 0
