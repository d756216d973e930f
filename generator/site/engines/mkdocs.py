"""MkDocs (with Material for MkDocs) as the site engine."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer

from generator.site.engines import EngineError
from generator.site.hosts import guard_hosts
from generator.site.stage import RESTAGED_DIR

# Material announces its end of life in every build; the announcement is not about the list.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # MkDocs' warnings (strict mode) say which page they concern.
        self.messages.append(f"mkdocs: {record.getMessage()}")


@contextmanager
def _collected_warnings() -> Iterator[_Collector]:
    logger = logging.getLogger("mkdocs")
    collector = _Collector()
    logger.addHandler(collector)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)


def build(staged_config: Path, output_dir: Path, dirty: bool = False) -> None:
    """Build the staged site strictly into `output_dir`; `dirty` builds again only the pages
    whose staged file is newer than their built one (MkDocs' `--dirty`, for the preview: the
    other pages keep their navigation, and the search index holds the rebuilt pages only)."""
    with _collected_warnings() as collector:
        try:
            config = load_config(str(staged_config), strict=not dirty, site_dir=str(output_dir))
            mkdocs_build(config, dirty=dirty)
        except (MkDocsException, OSError) as error:
            messages = [*collector.messages, f"site build failed: {error}"]
            raise EngineError("\n".join(messages)) from error


def serve(
    staged_config: Path,
    output_dir: Path,
    address: tuple[str, int],
    rebuild: Callable[[], None],
    stop: threading.Event,
) -> None:
    """Serve `output_dir` with MkDocs' live reload server; `rebuild` builds it first and
    again whenever the preview signals that it staged again (in `RESTAGED_DIR`: watching
    the one signal is quicker than watching every staged file), and open pages reload once
    it is done. Only the hosts of `generator.site.hosts` are answered."""
    host, port = address
    rebuild()

    def builder(config: object = None) -> None:
        rebuild()

    server = LiveReloadServer(
        builder=builder, host=host, port=port, root=str(output_dir), polling_interval=0.1
    )
    server.set_app(guard_hosts(server.serve_request, host))
    signal = staged_config.parent / RESTAGED_DIR
    signal.mkdir(exist_ok=True)
    server.watch(str(signal))
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        stop.wait()
    finally:
        server.shutdown()
        thread.join(timeout=10)
