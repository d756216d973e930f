"""MkDocs (with Material for MkDocs) as the site engine."""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
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


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled in this process: MkDocs makes a new Jinja environment
    for every build, and compiling Material's templates again is a good part of a preview's
    dirty build. Jinja compiles a template again when its source changed."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def _with_compiled_templates(config: MkDocsConfig) -> None:
    theme = config.theme
    make_environment = theme.get_env

    def get_env() -> jinja2.Environment:
        environment = make_environment()
        environment.bytecode_cache = _COMPILED
        return environment

    theme.get_env = get_env  # type: ignore[method-assign]


def build(
    staged_config: Path,
    output_dir: Path,
    dirty: bool = False,
    postbuild: Callable[[], None] | None = None,
) -> None:
    """Build the staged site strictly into `output_dir`, then run `postbuild` (the sanitizer)
    on what the build wrote; `dirty` builds again only the pages whose staged file is newer
    than their built one (MkDocs' `--dirty`, for the preview: the other pages keep their
    navigation, and their part of the search index is kept).

    A dirty build moves the old index aside rather than reading it first, and `postbuild`
    sees an index of the rebuilt pages alone: the kept documents went through it after an
    earlier build. Merging them back in comes last."""
    index = output_dir / SEARCH_INDEX
    kept = output_dir / KEPT_SEARCH_INDEX
    if dirty and index.is_file():
        index.replace(kept)
    try:
        _build(staged_config, output_dir, dirty)
        if postbuild is not None:
            postbuild()
    except BaseException:
        if kept.is_file():  # serve the last sanitized index, never a missing or raw one
            kept.replace(index)
        raise
    if kept.is_file():
        _merge_kept_index(kept, index)


def _build(staged_config: Path, output_dir: Path, dirty: bool) -> None:
    with _collected_warnings() as collector:
        try:
            config = load_config(str(staged_config), strict=not dirty, site_dir=str(output_dir))
            _with_compiled_templates(config)
            mkdocs_build(config, dirty=dirty)
        except (MkDocsException, OSError) as error:
            messages = [*collector.messages, f"site build failed: {error}"]
            raise EngineError("\n".join(messages)) from error


def _merge_kept_index(kept: Path, index: Path) -> None:
    before, after = _read_index(kept), _read_index(index)
    kept.unlink()
    if before is not None and after is not None:
        after["docs"] = merged_search_docs(before["docs"], after["docs"])
        index.write_text(json.dumps(after, ensure_ascii=False), encoding="utf-8")


SEARCH_INDEX = Path("search") / "search_index.json"  # where Material's search plugin writes
# The index of the last build while a dirty build runs, already sanitized.
KEPT_SEARCH_INDEX = SEARCH_INDEX.with_name("search_index.kept.json")


def _read_index(path: Path) -> dict[str, Any] | None:
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return index if isinstance(index, dict) and isinstance(index.get("docs"), list) else None


def merged_search_docs(
    before: list[dict[str, Any]], rebuilt: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The search index of a whole site after a dirty build: Material indexes only the pages
    it built, so each rebuilt page's documents replace that page's old ones, in place, and
    every other page keeps its own."""

    def page(doc: dict[str, Any]) -> str:
        return str(doc.get("location", "")).split("#", 1)[0]

    new_by_page: dict[str, list[dict[str, Any]]] = {}
    for doc in rebuilt:
        new_by_page.setdefault(page(doc), []).append(doc)
    merged: list[dict[str, Any]] = []
    for doc in before:
        location = page(doc)
        if location not in new_by_page:
            merged.append(doc)
        else:  # where the page's old documents began
            merged += new_by_page.pop(location)
            new_by_page[location] = []
    return merged + [doc for docs in new_by_page.values() for doc in docs]


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
