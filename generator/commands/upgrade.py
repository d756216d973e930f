"""`upgrade`: move a list to the installed version; see `generator.defaults.upgrade`."""

from __future__ import annotations

import argparse
import sys

from generator import __version__
from generator.defaults.upgrade import Plan, apply_upgrade, plan_upgrade


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "upgrade",
        help=f"move the list to listsmith {__version__}: rewrite the files the generator owns",
        description="Rewrite the workflows, pre-commit and markdownlint settings and "
        f"requirements.txt as listsmith {__version__} writes them, and remove unedited copies "
        "of the packaged templates, schemas, site assets and theme overrides. The diff is "
        "printed; the data (list.yaml, papers.yaml, datasets.yaml, notes/, facts.json) is "
        "never touched, and edited copies stay as the list's overrides.",
    )
    parser.add_argument(
        "--check", action="store_true", help="print the diff, write nothing; exit 1 if stale"
    )
    parser.set_defaults(run=run)


def _show(plan: Plan) -> None:
    for rewrite in plan.rewrites:
        sys.stdout.write(rewrite.diff())
    for name in plan.unedited_copies:
        print(f"remove {name}: an unedited copy of the packaged file", file=sys.stderr)
    for name in plan.overrides:
        print(f"keep {name}: edited, it replaces the packaged file", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    root = args.root
    if not (root / "list.yaml").is_file():
        print(f"error: {root} has no list.yaml: run `listsmith init DIR` first", file=sys.stderr)
        return 1
    plan = plan_upgrade(root)
    _show(plan)
    if not plan.changes_anything:
        print(f"the list is up to date with listsmith {__version__}", file=sys.stderr)
        return 0
    if args.check:
        print(
            f"the list is not at listsmith {__version__}: run `listsmith upgrade`", file=sys.stderr
        )
        return 1
    try:
        apply_upgrade(root, plan)
    except OSError as error:
        print(f"error: cannot upgrade {root}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(
        f"upgraded to listsmith {__version__}: {len(plan.rewrites)} files rewritten, "
        f"{len(plan.unedited_copies)} unedited copies removed; the data was not touched",
        file=sys.stderr,
    )
    return 0
