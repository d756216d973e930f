"""`reference`: print the configuration reference (list.yaml, custom fields, links.toml,
mkdocs.yml) in Markdown, for a list's maintainer."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "reference",
        help="print the configuration reference of list.yaml, links.toml and mkdocs.yml",
        description="Print, in Markdown, every key of list.yaml (with custom fields and "
        "labels), links.toml and the site settings, read from the schemas and defaults of "
        "this version.",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.site.configuration import configuration_reference

    sys.stdout.write(configuration_reference())
    return 0
