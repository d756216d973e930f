"""`init`: a new, empty, buildable list in a directory."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.commands.common import add_identity_options, refuse_overwrite, write_or_fail
from generator.defaults.skeleton import Identity, SkeletonError, skeleton_files


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "init",
        help="make a new, empty list in DIR that `build` can build at once",
        description="Write the data files, identity, templates, site configuration, "
        "contributing guide, license, pre-commit and GitHub workflow files of a new list.",
    )
    parser.add_argument("directory", type=Path, metavar="DIR")
    add_identity_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    directory: Path = args.directory
    title = args.title or f"Awesome {directory.resolve().name.replace('-', ' ').title()}"
    description = args.description or f"A curated list of resources: {title}."
    try:
        files = skeleton_files(Identity(title, description, license=args.license))
    except SkeletonError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if refuse_overwrite(directory, files, args.force) or not write_or_fail(directory, files):
        return 1
    print(
        f"created a new list in {directory}: add entries to papers.yaml, then run "
        f"`python -m generator --root {directory} build`"
    )
    return 0
