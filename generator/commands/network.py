"""The option every command that fetches from outside services shares."""

from __future__ import annotations

import argparse

ALLOW_PRIVATE_HELP = (
    "also connect to loopback and private-network addresses, for services redirected to "
    "local stand-ins (127.0.0.1); without it a URL, service or redirect leading there is "
    "refused, and link-local and cloud-metadata addresses are never contacted"
)


def add_allow_private(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--allow-private", action="store_true", help=ALLOW_PRIVATE_HELP)
