"""`validate`: check every data file and print every problem."""

from __future__ import annotations

import argparse
import sys

from generator.catalog.project import Project, no_list_problem, open_catalog
from generator.catalog.rules import RULES, explain
from generator.commands.common import OK, fail, report
from generator.diagnostics import FORMATTERS, has_errors, unknown_name
from generator.render.readme_model import counted, counts
from generator.text.characters import printable


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("validate", help="check papers.yaml, datasets.yaml and notes/")
    add_format_option(parser)
    parser.add_argument(
        "--explain",
        metavar="CODE",
        help="print the page of one rule (the code in brackets after a problem, e.g. LKU202)",
    )
    parser.set_defaults(run=run)


def add_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=sorted(FORMATTERS),
        default="text",
        help="text (default), github (pull-request annotations) or json",
    )


def run(args: argparse.Namespace) -> int:
    if args.explain:
        return _explain(args.explain)
    project = Project(args.root)
    missing = no_list_problem(project)
    if missing:
        report([missing], args.format)
        return 1
    catalog, diagnostics = open_catalog(project)
    report(diagnostics, args.format)
    if catalog is not None and args.format == "text":
        print(
            f"ok: {', '.join(counts(catalog))}, {counted(len(catalog.notes), 'note', 'notes')}",
            file=sys.stderr,
        )
    return 1 if has_errors(diagnostics) else 0


def _explain(code: str) -> int:
    page = explain(code)
    if page is None:
        message, hint = unknown_name("rule", code, set(RULES))
        return fail(f"{printable(message)}; {hint}")
    print(page)
    return OK
