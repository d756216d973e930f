"""`init`: a new, empty, buildable list in a directory."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import __version__
from generator.commands.common import add_identity_options, refuse_overwrite, write_or_fail
from generator.defaults.skeleton import Identity, SkeletonError, skeleton_files


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "init",
        help="make a new, empty list in DIR that `build` can build at once",
        description="Write the data files, identity (list.yaml), site settings, contributing "
        "guide, license, requirements.txt, pre-commit and GitHub workflow files of a new list, "
        f"pinned to listsmith {__version__}. The templates, schemas and site assets stay in "
        "the package (a list's own file of the same name replaces the packaged one).",
    )
    parser.add_argument("directory", type=Path, metavar="DIR")
    parser.add_argument(
        "--eject",
        action="store_true",
        help="also copy the packaged templates, schemas, site assets and theme overrides, to edit",
    )
    add_identity_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    directory: Path = args.directory
    title = args.title or f"Awesome {directory.resolve().name.replace('-', ' ').title()}"
    description = args.description or f"A curated list of resources: {title}."
    try:
        files = skeleton_files(Identity(title, description, license=args.license), args.eject)
    except SkeletonError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if refuse_overwrite(directory, files, args.force) or not write_or_fail(directory, files):
        return 1
    print(
        f"created a new list in {directory} (listsmith {__version__}): add entries to "
        f"papers.yaml, then run `listsmith build` in {directory}"
    )
    return 0
