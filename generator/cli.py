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
from typing import NoReturn

from generator import PROGRAM, __version__
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
    "upgrade",
    "reference",
    "serve",
)


def command_name(module: str) -> str:
    """The command a module registers: `check_links` is `check-links`, `import_` `import`."""
    return module.rstrip("_").replace("_", "-")


def named_command(argv: Sequence[str]) -> str | None:
    """The module of the command `argv` names, found as argparse finds it (`--ro x` is
    `--root x`); None for help, the version, or no known command."""
    probe = _Probe(add_help=False, allow_abbrev=True)
    probe.add_argument("-h", "--help", action="store_true")
    probe.add_argument("--version", action="store_true")
    probe.add_argument("--root")
    probe.add_argument("command", nargs="?")
    try:
        known, _ = probe.parse_known_args(argv)
    except argparse.ArgumentError:
        return None  # the whole parser reports it
    if known.help or known.version:
        return None
    return next((m for m in COMMANDS if command_name(m) == known.command), None)


class _Probe(argparse.ArgumentParser):
    """A parser that raises instead of printing and leaving: it only looks."""

    def error(self, message: str) -> NoReturn:
        raise argparse.ArgumentError(None, message)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command; of the one `argv` names only, when it names one: each
    command imports the libraries it runs on, and one command needs not all of them."""
    parser = argparse.ArgumentParser(
        prog=PROGRAM,
        description="Validate and build a curated list from its YAML data.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--root",
        type=Path,
        help="directory holding list.yaml, papers.yaml, datasets.yaml and notes/ (default: the "
        "nearest folder from here upwards that holds them)",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    named = named_command(argv) if argv is not None else None
    for name in [named] if named else COMMANDS:
        importlib.import_module(f"generator.commands.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        argv = sys.argv[1:] if argv is None else argv
        args = build_parser(argv).parse_args(argv)
        if args.root is None:
            from generator.catalog.project import find_root

            args.root = find_root(Path.cwd())
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        return 1
