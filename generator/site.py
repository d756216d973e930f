"""The MkDocs side of the site: a plugin that adds the generated pages, and a staged build.

The plugin (entry point `awesome-catalog`) loads and validates the data when MkDocs reads its
configuration, adds the pages of `generator.pages` as generated files, and asks `mkdocs serve`
to watch the data and templates. It uses MkDocs' public plugin events only; the theme is
configuration in `mkdocs.yml`.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.diagnostics import format_text
from generator.files import recover, staging_directory, swap_in
from generator.markup import escape_url, page_title
from generator.model import Catalog
from generator.pages import SiteSettings, render_site
from generator.project import Project, identity_problem, open_catalog
from generator.render import template_problem
from generator.sanitize import sanitize_html

CONFIG_FILE = "mkdocs.yml"
log = logging.getLogger(f"mkdocs.plugins.{__name__}")


def site_settings(config: MkDocsConfig) -> SiteSettings:
    """Where the site lives and where its sources are shown, from `mkdocs.yml`."""
    repo_url = config.repo_url or ""
    edit_url = urljoin(repo_url.rstrip("/") + "/" if repo_url else "", config.edit_uri or "")
    source_url = ""
    if urlsplit(edit_url).netloc == "github.com" and "/edit/" in edit_url:
        # GitHub shows a line of a file under blob/, while edit/ opens the whole file.
        source_url = edit_url.replace("/edit/", "/blob/", 1)
    site_url = config.site_url or ""
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    return SiteSettings(config.site_name, site_url, source_url)


def apply_identity(config: MkDocsConfig, catalog: Catalog) -> MkDocsConfig:
    """The site is named and described by list.yaml, like the README; mkdocs.yml must agree."""
    identity = catalog.identity
    if config.site_name != identity.title:
        log.warning(
            f"site_name '{config.site_name}' in {CONFIG_FILE} differs from the title "
            f"'{identity.title}' in list.yaml: the site uses the title; make them the same"
        )
    config["site_name"] = identity.title
    config["site_description"] = config.site_description or identity.description
    return config


class CatalogPlugin(BasePlugin):
    """Generates the site's pages from papers.yaml, datasets.yaml and notes/."""

    def __init__(self) -> None:
        self.project: Project | None = None
        self.catalog: Catalog | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.project = Project(Path(config.config_file_path).resolve().parent)
        catalog, diagnostics = open_catalog(self.project)
        missing = identity_problem(self.project)
        if missing:
            catalog, diagnostics = None, [*diagnostics, missing]
        if catalog is None:
            raise PluginError(f"the data is invalid:\n{format_text(diagnostics)}")
        for diagnostic in diagnostics:
            # A data warning (an unknown venue...) is advice, not a broken page: at warning
            # level, `mkdocs build --strict` would refuse the whole site for it.
            log.info(format_text([diagnostic]))
        self.catalog = catalog
        return apply_identity(config, catalog)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.project is not None and self.catalog is not None
        try:
            site = render_site(self.catalog, self.project.templates_dir, site_settings(config))
        except Exception as error:  # a template's own mistake (syntax, undefined, 1/0...)
            problem = template_problem(error, self.project.templates_dir)
            raise PluginError(format_text([problem])) from error
        in_nav = set(_nav_paths(site.nav))
        for generated in site.files:
            # Later pages of a section and the index pages are reached through links only.
            inclusion = InclusionLevel.UNDEFINED
            if generated.path.endswith(".md") and generated.path not in in_nav:
                inclusion = InclusionLevel.NOT_IN_NAV
            file = File.generated(
                config, generated.path, content=generated.content, inclusion=inclusion
            )
            # A file name is a path in a URL of an HTML attribute: escaped like any link.
            file.edit_uri = escape_url(generated.edit) if generated.edit else None
            files.append(file)
        if config.nav is None:
            config["nav"] = site.nav
        return files

    @event_priority(100)  # before any other plugin reads the page's HTML or title
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Every page holds contributor text: its HTML is sanitized, its title made plain."""
        if "title" not in page.meta and not page.is_homepage:  # Material titles that one
            page.meta["title"] = page_title(page.title or "")
        return sanitize_html(html)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.project is not None
        for path in self.project.watched_paths:
            if path.exists():
                server.watch(str(path))
        return server


def _nav_paths(nav: Any) -> Iterator[str]:
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_paths(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_paths(item)


class SiteError(Exception):
    """The site could not be built; the message says why."""


@dataclass(frozen=True)
class StagedSite:
    """A site built beside its destination, waiting to be swapped in."""

    built: Path
    destination: Path


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        # Errors carry their own location and severity (the plugin formats them like
        # `validate`); MkDocs' warnings (strict mode) say which page they concern.
        self.messages.append(message if record.levelno >= logging.ERROR else f"mkdocs: {message}")


@contextmanager
def _collected_warnings() -> Iterator[_Collector]:
    logger = logging.getLogger("mkdocs")
    collector = _Collector()
    logger.addHandler(collector)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)


def has_site(project: Project) -> bool:
    return (project.root / CONFIG_FILE).is_file()


def stage_site(project: Project, destination: Path | None = None) -> StagedSite:
    """Build the site strictly into a new directory beside its destination (`site_dir`),
    after finishing what an interrupted build left there."""
    with _collected_warnings() as collector:
        try:
            config = load_config(str(project.root / CONFIG_FILE), strict=True)
        except MkDocsException as error:
            raise SiteError(_message(error, collector)) from error
        destination = (destination or Path(config.site_dir)).resolve()
        built = _prepare(destination)
        config["site_dir"] = str(built)
        try:
            build(config)
        except (MkDocsException, OSError) as error:
            shutil.rmtree(built, ignore_errors=True)
            raise SiteError(_message(error, collector)) from error
        except BaseException:
            shutil.rmtree(built, ignore_errors=True)
            raise
    return StagedSite(built, destination)


def _prepare(destination: Path) -> Path:
    """An empty directory to build in beside `destination`, once a half-done swap is undone."""
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        recover(destination)
        return staging_directory(destination)
    except OSError as error:
        reason = error.strerror or str(error)
        raise SiteError(f"error: cannot create the site beside {destination}: {reason}") from error


def _message(error: Exception, collector: _Collector) -> str:
    return "\n".join([*collector.messages, f"site build failed: {error}"])


def publish(staged: StagedSite) -> None:
    """Swap the staged site into place: the destination is the old site or the new one at every
    instant, and the old one is removed only once the new one is in."""
    os.chmod(staged.built, 0o755)
    swap_in(staged.built, staged.destination)


def discard(staged: StagedSite) -> None:
    shutil.rmtree(staged.built, ignore_errors=True)


def build_site(project: Project, destination: Path | None = None) -> Path:
    """Stage and publish in one step; `destination` overrides `site_dir`. Returns where it is."""
    staged = stage_site(project, destination)
    publish(staged)
    return staged.destination
