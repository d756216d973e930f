"""A live preview: the site staged in a private folder, served by an engine, staged again on
every change of the data, templates or site settings.

The engine watches the staged folder with its own live reload (MkDocs' LiveReloadServer,
`zensical serve`); a small watcher of the project's sources stages again into a new folder
and copies into the served one only the files that changed, so the engine rebuilds once
and open pages reload.
"""

from __future__ import annotations

import filecmp
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.catalog.paths import DOCS_DIR, OVERRIDES_DIR
from generator.catalog.paths import MKDOCS_CONFIG as CONFIG_FILE
from generator.catalog.project import Project
from generator.site import engines
from generator.site.build import SiteError, engine_problem, load_catalog, stage_sources
from generator.site.postbuild import sanitize_site
from generator.site.stage import StagedSources

POLL_SECONDS = 0.5
# What staging writes; the rest of the staging folder is the engine's.
STAGED_ITEMS = (CONFIG_FILE, DOCS_DIR, OVERRIDES_DIR)


def source_paths(project: Project) -> tuple[Path, ...]:
    """Everything the staged site is made from."""
    root = project.root
    return (*project.watched_paths, root / CONFIG_FILE, root / DOCS_DIR, root / OVERRIDES_DIR)


def fingerprint(paths: Iterable[Path]) -> frozenset[tuple[str, int, int]]:
    """The name, modification time and size of every file under `paths`."""
    found = set()
    for path in paths:
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            try:
                status = file.stat()
            except OSError:
                continue
            if file.is_file():
                found.add((str(file), status.st_mtime_ns, status.st_size))
    return frozenset(found)


def sync_tree(source: Path, target: Path) -> None:
    """Make `target` hold what `source` holds, writing only the files that differ."""
    for item in STAGED_ITEMS:
        _sync(source / item, target / item)


def _sync(source: Path, target: Path) -> None:
    if source.is_file():
        if not target.is_file() or not filecmp.cmp(source, target, shallow=False):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        return
    if not source.is_dir():
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        return
    if target.is_file():
        target.unlink()
    target.mkdir(parents=True, exist_ok=True)
    names = {child.name for child in source.iterdir()}
    for child in target.iterdir():
        if child.name not in names:
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    for name in sorted(names):
        _sync(source / name, target / name)


class Preview:
    """The staged folder of one preview and how to stage it again."""

    def __init__(self, project: Project, folder: Path) -> None:
        self.project = project
        self.folder = folder
        self.staged: StagedSources | None = None

    def restage(self) -> StagedSources:
        """Stage into a fresh folder, then copy what changed into the served one."""
        catalog, _ = load_catalog(self.project)
        with tempfile.TemporaryDirectory(prefix="stage-", dir=self.folder.parent) as fresh:
            staged = stage_sources(self.project, catalog, Path(fresh))
            sync_tree(Path(fresh), self.folder)
        self.staged = StagedSources(self.folder / CONFIG_FILE, staged.pages, staged.nav)
        return self.staged


def watch_sources(
    project: Project,
    on_change: Callable[[], None],
    stop: threading.Event,
    poll_seconds: float = POLL_SECONDS,
) -> None:
    """Call `on_change` whenever a source of the site changes, until `stop` is set."""
    paths = source_paths(project)
    seen = fingerprint(paths)
    while not stop.wait(poll_seconds):
        current = fingerprint(paths)
        if current != seen:
            seen = current
            on_change()


def serve_site(
    project: Project,
    address: tuple[str, int],
    engine: str,
    stop: threading.Event,
    report: Callable[[str], None],
) -> None:
    """Serve a live preview of the site on `address` until `stop` is set. Problems found
    after the start (invalid data, a template's mistake) go to `report`; the preview keeps
    the last good pages."""
    try:
        engine_module = engines.load(engine)
    except engines.EngineError as error:
        raise engine_problem(error) from error
    with tempfile.TemporaryDirectory(prefix="awesome-serve-") as work:
        preview = Preview(project, Path(work) / "staged")
        preview.folder.mkdir()
        output = Path(work) / "site"
        staged = preview.restage()

        def rebuild() -> None:
            current = preview.staged or staged
            try:
                engine_module.build(current.config, output)
                sanitize_site(output, current.pages)
            except Exception as error:  # the preview stays up and says what went wrong
                report(str(error))

        def restage() -> None:
            try:
                preview.restage()
                report("sources changed: the site was staged again")
            except SiteError as error:
                report(str(error))

        watcher = threading.Thread(target=watch_sources, args=(project, restage, stop), daemon=True)
        watcher.start()
        try:
            engine_module.serve(staged.config, output, address, rebuild, stop)
        finally:
            stop.set()
            watcher.join(timeout=10)
