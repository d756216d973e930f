"""A live preview: the site staged in a private folder, served by an engine, staged again on
every change of the data, templates or site settings.

A small watcher of the project's sources stages again into the served folder, where staging
writes only the files whose bytes changed (`generator.site.stage`). An edit of entries in a
papers file is staged in two steps: first only the pages that show the edited entries, and
the pages drawn from the whole list (`generator.site.incremental`), so that the engine
rebuilds a few pages and the edit shows at once; then, once the engine is done, the whole
list is validated and staged, which writes the downloads (papers.json...) and reports any
problem. MkDocs rebuilds on a signal of this watcher, as a dirty build of the changed pages
(`engines.mkdocs`) unless the navigation every page shows changed (`needs_full_build`), so
that even an entry moved to another section costs a staging, not a build of every page;
Zensical watches the staged folder itself and renders again every page (it keeps the
Markdown it converted). Open pages reload once the engine is done.
"""

from __future__ import annotations

import dataclasses
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.catalog.load import read_text
from generator.catalog.paths import DOCS_DIR, OVERRIDES_DIR
from generator.catalog.paths import MKDOCS_CONFIG as CONFIG_FILE
from generator.catalog.project import Project, identity_problem, open_sources, paper_maker
from generator.catalog.validate import Sources
from generator.site import engines
from generator.site.build import SiteError, engine_problem, stage_sources
from generator.site.incremental import entry_edits, quick_catalog
from generator.site.postbuild import sanitize_site
from generator.site.stage import RESTAGED_DIR, StagedSources, stage_downloads, stage_entries

POLL_SECONDS = 0.1
SETTLE_SECONDS = 10  # the longest the full staging waits for the engine to show a quick one
# An engine that rebuilds by itself says nothing when it is done: the full staging waits this.
SELF_SETTLE_SECONDS = 2


def source_paths(project: Project) -> tuple[Path, ...]:
    """Everything the staged site is made from."""
    root = project.root
    return (*project.watched_paths, root / CONFIG_FILE, root / DOCS_DIR, root / OVERRIDES_DIR)


def fingerprint(paths: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """The modification time and size of every file under `paths`, by name."""
    found = {}
    for path in paths:
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            try:
                status = file.stat()
            except OSError:
                continue
            if file.is_file():
                found[str(file)] = (status.st_mtime_ns, status.st_size)
    return found


def changed_files(
    before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]
) -> set[Path]:
    """The files added, removed or changed between two fingerprints."""
    names = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    return {Path(name) for name in names}


def needs_full_build(before: StagedSources, after: StagedSources) -> bool:
    """Whether a staging changed what every built page shows: the settings, the theme's
    overrides, a page of the list's own docs/, or the navigation (pages added or removed, a
    title changed). Any other change, even an entry moved to another section, changes only
    the bytes of some pages, which the engine can build alone."""
    generated = set(after.pages)
    for name in after.written:
        if name == CONFIG_FILE or name.startswith(f"{OVERRIDES_DIR}/"):
            return True
        if name.endswith(".md") and name.removeprefix(f"{DOCS_DIR}/") not in generated:
            return True
    return before.navigation() != after.navigation()


class Preview:
    """The staged folder of one preview, what it was staged from, and how to stage it again."""

    def __init__(self, project: Project, folder: Path) -> None:
        self.project = project
        self.folder = folder
        self.staged: StagedSources | None = None
        self._sources: Sources | None = None
        self._catalog = None
        self._texts: dict[Path, tuple[str, str]] = {}  # papers files: (name, text)
        # Whether the engine must build every page again (`needs_full_build`); otherwise it
        # builds only the pages whose staged file changed.
        self.full_build = True

    def restage(
        self, after_quick: bool = False, superseded: Callable[[], bool] = lambda: False
    ) -> StagedSources | None:
        """Validate everything and stage the whole site again (only changed files are
        written); SiteError with the problems when the data is not valid. After a quick
        staging whose catalog the complete one equals, only the downloads are staged (the
        pages are those already staged). None, with nothing staged, when the sources
        changed again meanwhile (`superseded`): the next change stages them."""
        sources, catalog, problems = open_sources(self.project)
        missing = identity_problem(self.project)
        if catalog is None or missing:
            raise SiteError([*problems, *([missing] if missing else [])])
        if superseded():
            return None
        if after_quick and self.staged is not None and catalog == self._catalog:
            written = stage_downloads(self.project, catalog, self.folder)
            staged = dataclasses.replace(self.staged, written=written)
        else:
            staged = stage_sources(self.project, catalog, self.folder)
        if self.staged is None or needs_full_build(self.staged, staged):
            self.full_build = True
        self._sources, self._catalog = sources, catalog
        parts = sources.papers.parts() if sources.papers else ()
        self._texts = {part.path: (part.name, part.text) for part in parts}
        self.staged = staged
        self.signal()
        return staged

    def quick_restage(self, changed: set[Path]) -> tuple[str, ...] | None:
        """Stage only what an edit of entries touches; None when it cannot tell, and so
        nothing was staged."""
        if self._catalog is None or self._sources is None or not changed:
            return None
        if not all(path in self._texts for path in changed):
            return None
        catalog, edited, texts = self._catalog, set(), {}
        make_paper = paper_maker(self._sources)
        for path in sorted(changed):
            name, before = self._texts[path]
            after, _ = read_text(path, name)
            edits = entry_edits(before, after) if after is not None else None
            if edits is None:
                return None
            quick = quick_catalog(catalog, name, path, edits, make_paper)
            if quick is None:
                return None
            catalog, ids = quick
            edited |= ids
            texts[path] = (name, after)
        written = stage_entries(self.project, catalog, self.folder, edited)
        self._catalog = catalog
        self._texts.update(texts)
        self.signal()
        return written

    def signal(self) -> None:
        """Tell an engine that waits for it that the staged folder changed."""
        mark = self.folder / RESTAGED_DIR / "count"
        mark.parent.mkdir(parents=True, exist_ok=True)
        count = int(mark.read_text() or 0) + 1 if mark.is_file() else 1
        mark.write_text(str(count))


def watch_sources(
    project: Project,
    on_change: Callable[[set[Path], Callable[[], bool]], None],
    stop: threading.Event,
    poll_seconds: float = POLL_SECONDS,
) -> None:
    """Call `on_change` with the files that changed whenever a source of the site changes,
    until `stop` is set; its second argument tells whether they changed again since."""
    paths = source_paths(project)
    seen = fingerprint(paths)
    while not stop.wait(poll_seconds):
        current = fingerprint(paths)
        if current != seen:
            changed = changed_files(seen, current)
            seen = current
            on_change(changed, lambda now=current: fingerprint(paths) != now)


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
        rebuilt = threading.Event()
        settle = (
            SELF_SETTLE_SECONDS
            if getattr(engine_module, "REBUILDS_ITSELF", False)
            else (SETTLE_SECONDS)
        )

        def rebuild() -> None:
            current = preview.staged or staged
            try:
                dirty = not preview.full_build and output.is_dir()
                preview.full_build = False
                started = time.time_ns()
                engine_module.build(
                    current.config,
                    output,
                    dirty=dirty,
                    postbuild=lambda: sanitize_site(
                        output, current.pages, since_ns=started if dirty else None
                    ),
                )
            except Exception as error:  # the preview stays up and says what went wrong
                report(str(error))
            finally:
                rebuilt.set()

        def restage(changed: set[Path], superseded: Callable[[], bool]) -> None:
            try:
                rebuilt.clear()
                written = preview.quick_restage(changed)
                if written is not None:
                    report(f"entries changed: {len(written)} staged files written")
                    rebuilt.wait(settle)  # the edit shows first, then the full check
                if preview.restage(written is not None, superseded):
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
