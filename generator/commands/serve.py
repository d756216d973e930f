"""`serve`: a live preview of the site, staged again whenever the data or templates change."""

from __future__ import annotations

import argparse
import sys
import threading

from generator.catalog.project import Project
from generator.commands.common import add_engine


def _address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, e.g. 127.0.0.1:8000, not {text!r}")
    return host, int(port)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve", help="preview the site with live reload while the data and templates change"
    )
    add_engine(parser)
    parser.add_argument(
        "--dev-addr",
        type=_address,
        default=("127.0.0.1", 8000),
        metavar="HOST:PORT",
        help="where to serve the preview (default: 127.0.0.1:8000)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # The engine is imported only here: it doubles the start-up time of the CLI.
    from generator.site.build import SiteError
    from generator.site.serve import serve_site

    host, port = args.dev_addr
    print(
        f"serving the site on http://{host}:{port}/ ({args.engine}); Ctrl-C stops", file=sys.stderr
    )
    try:
        serve_site(Project(args.root), args.dev_addr, args.engine, threading.Event(), _report)
    except SiteError as error:
        print(error, file=sys.stderr)
        print("serve stopped", file=sys.stderr)
        return 1
    return 0


def _report(message: str) -> None:
    print(message, file=sys.stderr)
