"""Zensical as the site engine: its command line, run on the staged folder.

Zensical builds in a Rust runtime that prints its messages itself, so it runs as a child
process (`python -m zensical`), whose output can be read and whose preview can be stopped.
It reads the staged `mkdocs.yml` and builds into the `site_dir` it names, which must lie
inside the staged folder; the result is then moved to where the caller wants it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from generator.site.engines import EngineError
from generator.site.hosts import Answering, HostGate
from generator.site.postbuild import sanitized_answer, sanitizes
from generator.site.stage import SITE_DIR

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_TIMEOUT_S = 600
if importlib.util.find_spec("zensical") is None:  # `engines.load` reports how to install it
    raise ImportError("zensical is not installed", name="zensical")


def _command(verb: str, staged_config: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "zensical", verb, "-f", str(staged_config), *options]


def _environment() -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}


def _messages(output: str) -> list[str]:
    """Zensical's own words, without colours and without the Python traceback it ends with."""
    text = _ANSI.sub("", output).partition("Traceback (most recent call last):")[0]
    return [f"zensical: {line}" for line in text.splitlines() if line.strip()]


# `zensical serve` builds by itself whenever the staged files change: `rebuild` is not called.
REBUILDS_ITSELF = True


def build(
    staged_config: Path,
    output_dir: Path,
    dirty: bool = False,
    postbuild: Callable[[], None] | None = None,
) -> None:
    """Build the staged site strictly into `output_dir`, then run `postbuild` (the sanitizer)
    on it. Zensical keeps a cache of the pages it rendered beside the staged configuration
    (`.cache/`), and renders again only the pages whose source changed: a folder staged again
    over an earlier one builds in a fraction of the time (`--clean` would empty that cache);
    `dirty` changes nothing for it."""
    built = staged_config.parent / SITE_DIR
    try:
        done = subprocess.run(
            _command("build", staged_config, "--strict"),
            cwd=staged_config.parent,
            capture_output=True,
            text=True,
            env=_environment(),
            timeout=_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise EngineError(f"site build failed: cannot run zensical: {error}") from error
    if done.returncode != 0:
        messages = _messages(done.stdout + done.stderr)
        raise EngineError("\n".join([*messages, "site build failed: zensical reported errors"]))
    if built.resolve() != output_dir.resolve():
        shutil.rmtree(output_dir, ignore_errors=True)
        os.replace(built, output_dir)
    if postbuild is not None:
        postbuild()


def serve(
    staged_config: Path,
    output_dir: Path,
    address: tuple[str, int],
    rebuild: Callable[[], None],
    stop: threading.Event,
) -> None:
    """Preview the staged folder with `zensical serve`, which rebuilds and reloads open pages
    whenever the staged files change. It builds by itself (`rebuild` is not called) and
    answers any `Host`, so it listens on a private loopback port behind a `HostGate` on
    `address`, which sanitizes each page and the search index it sends as a build sanitizes
    the files (`postbuild.sanitized_answer`)."""
    try:
        upstream = ("127.0.0.1", _free_loopback_port())
        gate = HostGate(address, upstream, Answering(sanitizes, sanitized_answer))
    except OSError as error:
        raise EngineError(f"cannot serve on {address[0]}:{address[1]}: {error}") from error
    process = subprocess.Popen(
        _command("serve", staged_config, "--dev-addr", f"127.0.0.1:{gate.upstream[1]}"),
        cwd=staged_config.parent,
        env=_environment(),
    )
    gate_thread = gate.serve_in_background()
    try:
        while not stop.wait(0.5):
            if process.poll() is not None:
                raise EngineError(f"zensical serve stopped (exit status {process.returncode})")
    finally:
        gate.shutdown()
        gate.server_close()
        gate_thread.join(timeout=10)
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
