"""Command line: parse arguments, call the library, print, choose the exit code.

Each command lives in `generator/commands/<name>.py` and exposes `register(subparsers)`,
which adds its parser and sets `run(args) -> int` as the parser's default.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.commands import build, check_links, export, new, validate

COMMANDS = (validate, build, export, new, check_links)


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
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
