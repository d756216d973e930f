"""The site, built beside its destination and swapped in whole.

`stage_site` validates the data, stages the pages and configuration (`generator.site.stage`)
in a new folder beside the destination (`site_dir` of mkdocs.yml), has an engine build them
there, and sanitizes the result (`generator.site.postbuild`); `publish` swaps it in.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; builds of one list there run one at a time
    fcntl = None  # type: ignore[assignment]

from generator.catalog.model import Catalog
from generator.catalog.paths import MKDOCS_CONFIG as CONFIG_FILE
from generator.catalog.project import Project, identity_problem, open_catalog
from generator.diagnostics import Diagnostic, format_text, whole
from generator.files import recover, staging_directory, swap_in
from generator.render.parallel import default_workers
from generator.render.readme import template_problem
from generator.site import engines
from generator.site.postbuild import UnsanitizedPage, sanitize_site
from generator.site.stage import (
    SITE_DIR,
    StagedSources,
    StageError,
    read_settings,
    stage,
)


class SiteError(Exception):
    """The site could not be built; `diagnostics` say why, and where when it is a file's."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__(format_text(self.diagnostics))


def engine_problem(error: engines.EngineError) -> SiteError:
    """The engine's own words, one diagnostic per line it wrote."""
    lines = [line for line in str(error).splitlines() if line.strip()] or ["the engine failed"]
    return SiteError(whole("", line) for line in lines)


@dataclass(frozen=True)
class StagedSite:
    """A site built beside its destination, waiting to be swapped in."""

    built: Path
    destination: Path
    work: Path  # the folder holding the staged sources and `built`


def has_site(project: Project) -> bool:
    return (project.root / CONFIG_FILE).is_file()


def site_destination(project: Project) -> Path:
    settings = _settings(project)
    return (project.root / str(settings.get("site_dir") or SITE_DIR)).resolve()


def load_catalog(project: Project) -> tuple[Catalog, list[Diagnostic]]:
    """The valid catalog; SiteError with the validate diagnostics otherwise."""
    catalog, diagnostics = open_catalog(project)
    missing = identity_problem(project)
    if missing:
        catalog, diagnostics = None, [*diagnostics, missing]
    if catalog is None:
        raise SiteError(diagnostics)
    return catalog, diagnostics


def stage_sources(
    project: Project, catalog: Catalog, folder: Path, workers: int = 1
) -> StagedSources:
    """`stage`, with a template's or a setting's mistake as a SiteError."""
    try:
        return stage(project, catalog, folder, workers=workers)
    except StageError as error:
        raise SiteError(error.diagnostics) from error
    except OSError as error:
        message = f"cannot stage the site in {folder}: {error.strerror}"
        raise SiteError([whole("", message)]) from error
    except Exception as error:  # a template's own mistake (syntax, undefined, 1/0...)
        raise SiteError([template_problem(error, project.templates_dir)]) from error


def stage_site(
    project: Project,
    destination: Path | None = None,
    engine: str = engines.DEFAULT_ENGINE,
    catalog: Catalog | None = None,
) -> StagedSite:
    """Build the site strictly into a new directory beside its destination (`site_dir`),
    after finishing what an interrupted build left there. A caller that already holds the
    valid catalog passes it, so that the data is not read and validated a second time."""
    try:
        engine_module = engines.load(engine)
    except engines.EngineError as error:
        raise engine_problem(error) from error
    if catalog is None:
        catalog, _ = load_catalog(project)  # `build` reports the warnings itself
    destination = (destination or site_destination(project)).resolve()
    with staging_lock(project.site_stage):
        return _build_staged(project, catalog, destination, engine_module)


def _build_staged(
    project: Project, catalog: Catalog, destination: Path, engine_module: ModuleType
) -> StagedSite:
    """Stage into the project's staging folder, kept between builds (unchanged files keep
    their modification time, and the engine's cache lives beside them), then build anew."""
    staged = stage_sources(project, catalog, project.site_stage, default_workers())
    work = _prepare(destination)
    built = work / SITE_DIR
    try:
        engine_module.build(staged.config, built)
        sanitize_site(built, staged.pages)
    except engines.EngineError as error:
        shutil.rmtree(work, ignore_errors=True)
        raise engine_problem(error) from error
    except UnsanitizedPage as error:
        shutil.rmtree(work, ignore_errors=True)
        raise SiteError([whole("", f"site build failed: {error}")]) from error
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return StagedSite(built, destination, work)


@contextmanager
def staging_lock(folder: Path) -> Iterator[None]:
    """One build at a time in a staging folder: a second waits for the first to finish."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder.parent / f"{folder.name}.lock", "a+b")  # noqa: SIM115
    except OSError as error:
        message = f"cannot stage the site in {folder}: {error.strerror}"
        raise SiteError([whole("", message)]) from error
    with handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _settings(project: Project) -> dict:
    try:
        return read_settings(project)
    except StageError as error:
        raise SiteError(error.diagnostics) from error


def _prepare(destination: Path) -> Path:
    """An empty directory to work in beside `destination`, once a half-done swap is undone."""
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        recover(destination)
        return staging_directory(destination)
    except OSError as error:
        reason = error.strerror or str(error)
        message = f"cannot create the site beside {destination}: {reason}"
        raise SiteError([whole("", message)]) from error


def publish(staged: StagedSite) -> None:
    """Swap the staged site into place: the destination is the old site or the new one at every
    instant, and the old one is removed only once the new one is in."""
    os.chmod(staged.built, 0o755)
    swap_in(staged.built, staged.destination)
    shutil.rmtree(staged.work, ignore_errors=True)


def discard(staged: StagedSite) -> None:
    shutil.rmtree(staged.work, ignore_errors=True)


def build_site(
    project: Project, destination: Path | None = None, engine: str = engines.DEFAULT_ENGINE
) -> Path:
    """Stage and publish in one step; `destination` overrides `site_dir`. Returns where it is."""
    staged = stage_site(project, destination, engine)
    publish(staged)
    return staged.destination
