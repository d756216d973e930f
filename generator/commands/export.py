"""`export`: write the catalog as BibTeX, JSON or CSV to stdout or a file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.catalog.project import Project, open_catalog
from generator.commands.common import report
from generator.diagnostics import has_errors
from generator.files import write_atomic
from generator.render.export import EXPORTERS, FORMATS


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="write the catalog as BibTeX, JSON or CSV")
    parser.add_argument("--format", choices=FORMATS, required=True, help="output format")
    parser.add_argument(
        "--output", type=Path, metavar="FILE", help="write to FILE instead of standard output"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    catalog, diagnostics = open_catalog(Project(args.root))
    report(diagnostics, stream=sys.stderr)
    if catalog is None or has_errors(diagnostics):
        print("export stopped: nothing was written", file=sys.stderr)
        return 1
    text = EXPORTERS[args.format](catalog)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        write_atomic(args.output, text)
    except OSError as error:
        print(f"{args.output}: cannot write: {error.strerror}", file=sys.stderr)
        return 1
    print(f"wrote {args.output} ({len(catalog.papers)} papers)", file=sys.stderr)
    return 0
