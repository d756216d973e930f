"""What the commands share: exit codes, options declared once, reporting problems.

No command imports another; what two commands share lives here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.catalog.project import Project
from generator.defaults.skeleton import LICENSES, already_there, write_files
from generator.diagnostics import FORMATTERS, Diagnostic
from generator.site.engines import DEFAULT_ENGINE, ENGINES
from generator.sources.http import Client, Endpoints, Settings

OK = 0
PROBLEMS = 1  # the data, the input or the environment has a problem the output names
# Nothing was done: no outside service answered, or the command's own input (its options, a
# report it merges) could not be used; argparse's usage errors exit 2 as well.
UNAVAILABLE = 2
INTERRUPTED = 130  # 128 + SIGINT, as shells report it

ALLOW_PRIVATE_HELP = (
    "also connect to loopback and private-network addresses, for services redirected to "
    "local stand-ins (127.0.0.1); without it a URL, service or redirect leading there is "
    "refused, and link-local and cloud-metadata addresses are never contacted"
)


def add_allow_private(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--allow-private", action="store_true", help=ALLOW_PRIVATE_HELP)


def add_no_cache(parser: argparse.ArgumentParser, cache: str) -> None:
    parser.add_argument("--no-cache", action="store_true", help=f"neither read nor write {cache}")


def add_engine(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default=DEFAULT_ENGINE,
        help=f"the site engine that turns the staged pages into HTML (default: {DEFAULT_ENGINE})",
    )


def add_identity_options(parser: argparse.ArgumentParser, title_from: str = "DIR") -> None:
    """The options of `init` and `import`: who the new list says it is; its title comes
    from `title_from` unless told."""
    parser.add_argument("--title", help=f"the list's title (default: from {title_from})")
    parser.add_argument("--description", help="the list's one-line description")
    parser.add_argument(
        "--license", choices=LICENSES, default="cc0", help="license of the list (default: cc0)"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace files that DIR already has (a data file replaced is kept as NAME.bak)",
    )


def report(diagnostics: list[Diagnostic], output_format: str = "text", *, stream=None) -> None:
    """Print diagnostics in the chosen format, and a one-line count on stderr."""
    stream = stream or sys.stdout
    if diagnostics or output_format == "json":
        print(FORMATTERS[output_format](diagnostics), file=stream)
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    if errors or warnings:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def fail(message: str) -> int:
    """Say what went wrong on stderr; the exit code of a problem."""
    print(f"error: {message}", file=sys.stderr)
    return PROBLEMS


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


def make_client(project: Project, contact: str, args: argparse.Namespace) -> Client:
    """The sources client of `suggest` and `refresh`, from their shared options."""
    cache = None if args.no_cache else project.sources_cache
    settings = Settings.from_environment(contact, cache, allow_private=args.allow_private)
    return Client(settings, Endpoints.from_environment())
