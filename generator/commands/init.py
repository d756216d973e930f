"""`init`: a new, empty, buildable list in a directory."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import __version__
from generator.defaults.skeleton import (
    LICENSES,
    Identity,
    SkeletonError,
    already_there,
    skeleton_files,
    write_files,
)


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


def add_identity_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--title", help="the list's title (default: from DIR or SOURCE.md)")
    parser.add_argument("--description", help="the list's one-line description")
    parser.add_argument(
        "--license", choices=LICENSES, default="cc0", help="license of the list (default: cc0)"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace files that DIR already has (a data file replaced is kept as NAME.bak)",
    )


def refuse_overwrite(directory: Path, files: dict[str, str], force: bool) -> bool:
    """Print why and return True when writing would replace existing files without --force."""
    existing = already_there(directory, files)
    if existing and not force:
        shown = ", ".join(existing[:5]) + (" ..." if len(existing) > 5 else "")
        print(f"error: {directory} already has {shown}", file=sys.stderr)
        print("nothing was written; pass --force to replace them", file=sys.stderr)
        return True
    return False


def write_or_fail(directory: Path, files: dict[str, str]) -> bool:
    try:
        backups = write_files(directory, files)
    except OSError as error:
        print(f"error: cannot write in {directory}: {error.strerror or error}", file=sys.stderr)
        return False
    for backup in backups:
        original = backup.split(".bak", 1)[0]
        print(f"replaced {original}; its previous content is in {backup}", file=sys.stderr)
    return True


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
