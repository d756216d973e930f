"""`serve`: a live preview of the site, staged again whenever the data or templates change."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from generator.catalog.project import Project
from generator.commands.common import add_engine, report
from generator.site.hosts import binds_every_interface


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
        help="where to serve the preview (default: 127.0.0.1:8000); it answers only "
        "requests for localhost, an IP address or HOST",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # The engine is imported only here: it doubles the start-up time of the CLI.
    from generator.site import engines
    from generator.site.build import SiteError, engine_problem
    from generator.site.serve import serve_site

    try:  # before the preview says it serves: an engine that is not installed serves nothing
        engines.load(args.engine)
    except engines.EngineError as error:
        report(engine_problem(error).diagnostics, stream=sys.stderr)
        print("serve stopped", file=sys.stderr)
        return 1
    host, port = args.dev_addr
    if binds_every_interface(host):
        print(
            f"warning: {host} serves the preview to every machine that can reach this one; "
            "use 127.0.0.1 unless you mean to share it",
            file=sys.stderr,
        )
    print(
        f"serving the site on http://{host}:{port}/ ({args.engine}); Ctrl-C stops", file=sys.stderr
    )
    # A terminated preview (a supervisor's or an editor's SIGTERM) stops as Ctrl-C does: the
    # engine's own server process, the staging folder and the watcher end with it.
    signal.signal(signal.SIGTERM, _stop_on_terminate)
    try:
        serve_site(Project(args.root), args.dev_addr, args.engine, threading.Event(), _report)
    except SiteError as error:
        report(error.diagnostics, stream=sys.stderr)
        print("serve stopped", file=sys.stderr)
        return 1
    return 0


def _stop_on_terminate(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _report(message: str) -> None:
    print(message, file=sys.stderr)
