"""Command line: parse arguments, call the library, print, choose the exit code.

Each command lives in `generator/commands/<name>.py` and exposes `register(subparsers)`,
which adds its parser and sets `run(args) -> int` as the parser's default. The commands (and
the libraries they use) are imported inside `main`, so that Ctrl-C while they load is the same
one-line message as Ctrl-C while they run.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.commands.common import INTERRUPTED

COMMANDS = (
    "validate",
    "build",
    "export",
    "new",
    "check_links",
    "suggest",
    "refresh",
    "init",
    "import_",
    "serve",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Validate and build a curated list from its YAML data.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--root",
        type=Path,
        default=Path.cwd(),
        help="directory holding papers.yaml, datasets.yaml, notes/ and templates/ (default: .)",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"generator.commands.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        return 1
