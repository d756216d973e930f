"""The site as plain files: generated Markdown pages, assets and a resolved configuration.

`stage` writes into one folder everything a site engine needs and nothing it must be told
in code: `docs/` (the project's own `docs/` plus every page of `generator.render.pages`, each with
YAML front matter), `overrides/` (the project's theme overrides, if any) and a `mkdocs.yml`
resolved from the project's: an explicit `nav`, `docs_dir`, `site_dir` and no plugin of
this project. Any engine that reads `mkdocs.yml` (MkDocs with Material, Zensical) builds it
as it is. Nothing here imports an engine.

Each page's front matter carries:

- `title`: the page's first heading as plain, escaped text (`markup.page_title`). Both
  themes print a front-matter title as it is in `<title>`, the navigation and the header,
  and otherwise the heading through `striptags`, which turns `&lt;` back into `<`.
- `edit_url`: the repository file behind the page (papers.yaml, a note...), for the edit
  button of `overrides/partials/actions.html`. The engines' own edit links would name the
  staged Markdown file, which is not in the repository, so `edit_uri` is left out.

Every page's body is framed by `CONTENT_START` and `CONTENT_END`, HTML comments that
Python-Markdown keeps as they are: `generator.site.postbuild` sanitizes what lies between
them in the built HTML.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import markdown
import yaml

from generator.diagnostics import Diagnostic
from generator.text.markup import escape_url, page_title, theme_text
from generator.catalog.model import Catalog
from generator.render.pages import GeneratedFile, Site, SiteSettings, render_site
from generator.catalog.project import Project

CONFIG_FILE = "mkdocs.yml"
DOCS_DIR = "docs"
OVERRIDES_DIR = "overrides"
SITE_DIR = "site"
HOME_PAGE = "index.md"
CONTENT_START = "<!-- ak:content -->"
CONTENT_END = "<!-- ak:end-content -->"
# Settings that the staged configuration decides: where things are, what is in the nav.
RESOLVED_KEYS = (
    "docs_dir", "site_dir", "nav", "edit_uri", "edit_uri_template", "use_directory_urls"
)  # fmt: skip
_HEADING = re.compile(r"^# (.+?)\s*$", re.MULTILINE)


class StageError(Exception):
    """The project's site settings cannot be staged; the message says why."""


@dataclass(frozen=True)
class StagedSources:
    """What `stage` wrote: the resolved configuration and the pages, by source path."""

    config: Path
    pages: tuple[str, ...]
    nav: list[Any]


def read_settings(project: Project) -> dict[str, Any]:
    """The project's hand-edited `mkdocs.yml`, as plain data."""
    path = project.root / CONFIG_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise StageError(f"error: cannot read {path}: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise StageError(f"{CONFIG_FILE}: error: not plain YAML: {error}") from error
    if not isinstance(data, dict):
        raise StageError(f"{CONFIG_FILE}: error: the settings must be a mapping")
    return data


def site_settings(settings: dict[str, Any]) -> SiteSettings:
    """Where the site lives and where its sources are shown, from `mkdocs.yml`."""
    repo_url = settings.get("repo_url") or ""
    edit_url = urljoin(repo_url.rstrip("/") + "/" if repo_url else "", edit_base(settings))
    source_url = ""
    if urlsplit(edit_url).netloc == "github.com" and "/edit/" in edit_url:
        # GitHub shows a line of a file under blob/, while edit/ opens the whole file.
        source_url = edit_url.replace("/edit/", "/blob/", 1)
    site_url = settings.get("site_url") or ""
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    return SiteSettings(settings.get("site_name") or "", site_url, source_url)


def apply_identity(settings: dict[str, Any], catalog: Catalog) -> dict[str, Any]:
    """The site is named and described by list.yaml, like the README (`site_name_problem`
    warns where mkdocs.yml says otherwise)."""
    identity = catalog.identity
    description = settings.get("site_description") or identity.description
    return {**settings, "site_name": theme_text(identity.title), "site_description": description}


def site_name_problem(project: Project, catalog: Catalog) -> Diagnostic | None:
    """A warning when mkdocs.yml names the site differently from list.yaml."""
    try:
        name = read_settings(project).get("site_name")
    except StageError:
        return None  # the build reports it
    if name is None or name == catalog.identity.title:
        return None
    return Diagnostic(
        CONFIG_FILE,
        1,
        1,
        f"site_name '{name}' differs from the title '{catalog.identity.title}' in list.yaml, "
        "which the site uses",
        "make them the same, or leave site_name out of mkdocs.yml",
        severity="warning",
    )


def edit_base(settings: dict[str, Any]) -> str:
    """The address that a repository file's path is appended to for an edit link."""
    repo_url = settings.get("repo_url") or ""
    edit_uri = settings.get("edit_uri") or ""
    base = urljoin(repo_url.rstrip("/") + "/" if repo_url else "", edit_uri)
    return base if not base or base.endswith("/") else base + "/"


def stage(project: Project, catalog: Catalog, folder: Path) -> StagedSources:
    """Write the pages, assets and resolved configuration of the site into `folder`."""
    settings = apply_identity(read_settings(project), catalog)
    site = render_site(catalog, project.templates_dir, site_settings(settings))
    docs = folder / DOCS_DIR
    source_docs = project.root / str(settings.get("docs_dir") or DOCS_DIR)
    if source_docs.is_dir():
        shutil.copytree(source_docs, docs)
    overrides = project.root / str((settings.get("theme") or {}).get("custom_dir") or OVERRIDES_DIR)
    if overrides.is_dir():
        shutil.copytree(overrides, folder / OVERRIDES_DIR)
    base = edit_base(settings)
    for generated in site.files:
        target = docs / generated.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(staged_text(generated, base), encoding="utf-8")
    config = folder / CONFIG_FILE
    resolved = resolve_config(settings, site, has_overrides=overrides.is_dir())
    config.write_text(yaml.safe_dump(resolved, sort_keys=False, allow_unicode=True), "utf-8")
    pages = tuple(g.path for g in site.files if g.path.endswith(".md"))
    return StagedSources(config, pages, site.nav)


def resolve_config(settings: dict[str, Any], site: Site, has_overrides: bool) -> dict[str, Any]:
    """The project's settings with the site's own structure filled in."""
    resolved = {key: value for key, value in settings.items() if key not in RESOLVED_KEYS}
    resolved["docs_dir"] = DOCS_DIR
    resolved["site_dir"] = SITE_DIR
    resolved["use_directory_urls"] = True  # the pages link each other as folders
    resolved["nav"] = site.nav
    resolved["edit_uri"] = ""  # not the engines' default: each page names its own
    theme = {k: v for k, v in (resolved.get("theme") or {}).items() if k != "custom_dir"}
    if has_overrides:  # copied beside the pages, under its staged name
        theme["custom_dir"] = OVERRIDES_DIR
    if theme:
        resolved["theme"] = theme
    return resolved


def staged_text(generated: GeneratedFile, edit_base_url: str) -> str:
    """A generated file as the engine reads it: pages with front matter and content marks.

    A template may open the page with front matter of its own (a description, `hide`); the
    title and the edit link are added to it."""
    if not generated.path.endswith(".md"):
        return generated.content
    meta, body = split_front_matter(generated.content)
    title = heading_title(body)
    if title and generated.path != HOME_PAGE:  # the home page is titled by the site's name
        meta["title"] = title
    if generated.edit and edit_base_url:
        # A file name is a path in a URL of an HTML attribute: escaped like any link.
        meta["edit_url"] = edit_base_url + escape_url(generated.edit)
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) if meta else ""
    header = f"---\n{front}---\n\n" if front else ""
    return f"{header}{CONTENT_START}\n\n{body.strip(chr(10))}\n\n{CONTENT_END}\n"


def split_front_matter(page: str) -> tuple[dict[str, Any], str]:
    """(front matter, the rest) of a page that a template wrote."""
    if not page.startswith("---\n"):
        return {}, page
    front, _, body = page[4:].partition("\n---\n")
    meta = yaml.safe_load(front) or {}
    if not isinstance(meta, dict):
        raise StageError(f"a page's front matter is not a mapping: {front[:80]!r}")
    return meta, body


def heading_title(page: str) -> str:
    """The page's first level-one heading as the theme may print it: escaped plain text."""
    match = _HEADING.search(page)
    if not match:
        return ""
    html = markdown.markdown(f"# {match.group(1)}", extensions=["attr_list"])
    return page_title(html)
