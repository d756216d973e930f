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
them in the built HTML. The templates frame each entry of a section page the same way
(`ENTRY_START`, `ENTRY_END`), and the sanitizing step makes each frame one `div.ak-entry`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import markdown
import yaml

from generator import packaged
from generator.catalog.model import Catalog
from generator.catalog.paths import DOCS_DIR, OVERRIDES_DIR
from generator.catalog.paths import MKDOCS_CONFIG as CONFIG_FILE
from generator.catalog.project import Project
from generator.diagnostics import Diagnostic, format_text, whole
from generator.files import symbolic_links
from generator.render.pages import GeneratedFile, Pages, Site, SiteSettings, render_site
from generator.site.writer import StageWriter
from generator.text.markup import escape_url, page_title, theme_text

ASSETS_DIR = "assets"
# GitHub opens a repository file in its editor under this path of the repository address.
DEFAULT_EDIT_URI = "edit/main/"
DEFAULT_THEME = "material"

SITE_DIR = "site"
RESTAGED_DIR = ".restaged"  # a preview signals there that it staged again (`serve`)
HOME_PAGE = "index.md"
CONTENT_START = "<!-- ak:content -->"
CONTENT_END = "<!-- ak:end-content -->"
ENTRY_START = "<!-- ak:entry -->"
ENTRY_END = "<!-- ak:end-entry -->"
# Settings that the staged configuration decides: where things are, what is in the nav.
RESOLVED_KEYS = (
    "docs_dir", "site_dir", "nav", "edit_uri", "edit_uri_template", "use_directory_urls"
)  # fmt: skip
_HEADING = re.compile(r"^# (.+?)\s*$", re.MULTILINE)
# What the templates write needs these Markdown extensions: a list's copy of an older
# section.md.j2 wraps each entry in `/// html`. A list's mkdocs.yml without them gets them staged.
TEMPLATE_EXTENSIONS = ("pymdownx.blocks.html",)


class StageError(Exception):
    """The project's site settings cannot be staged; `diagnostics` say why."""

    def __init__(self, *diagnostics: Diagnostic) -> None:
        self.diagnostics = diagnostics
        super().__init__(format_text(diagnostics))


@dataclass(frozen=True)
class StagedSources:
    """What `stage` wrote: the resolved configuration and the pages, by source path."""

    config: Path
    pages: tuple[str, ...]
    nav: list[Any]
    written: tuple[str, ...] = ()  # the files that changed, relative to the staging folder
    titles: tuple[str, ...] = ()  # the title of each page, in the order of `pages`

    def navigation(self) -> tuple[Any, ...]:
        """What every built page shows of the others: the nav, the pages and their titles. A
        staging that keeps it lets an engine build only the pages that changed."""
        return (self.nav, self.pages, self.titles)


def read_settings(project: Project) -> dict[str, Any]:
    """The project's hand-edited `mkdocs.yml`, as plain data."""
    path = project.root / CONFIG_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise StageError(whole(CONFIG_FILE, f"cannot read {path}: {error.strerror}")) from error
    except yaml.YAMLError as error:
        raise StageError(whole(CONFIG_FILE, f"not plain YAML: {error}")) from error
    if not isinstance(data, dict):
        raise StageError(whole(CONFIG_FILE, "the settings must be a mapping"))
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
    named = {**settings, "site_name": theme_text(identity.title), "site_description": description}
    return {**named, **addresses(settings, identity.site, identity.repository)}


def addresses(settings: dict[str, Any], site: str | None, repository: str | None) -> dict[str, str]:
    """`site_url` and the edit links' base from list.yaml's `links` where mkdocs.yml leaves
    them out: one place says where the list lives, and the canonical links, sitemap, feed
    links and edit links follow from it. The repository becomes an absolute `edit_uri`, not
    `repo_url`: with `repo_url` the theme shows a repository widget that asks the GitHub API
    from every reader's browser, and nothing of the site is loaded from a third party."""
    found: dict[str, str] = {}
    if site and not settings.get("site_url"):
        found["site_url"] = site
    on_github = bool(repository) and urlsplit(repository or "").netloc == "github.com"
    if on_github and not settings.get("repo_url") and not settings.get("edit_uri"):
        found["edit_uri"] = f"{(repository or '').rstrip('/')}/{DEFAULT_EDIT_URI}"
    return found


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


def stage(
    project: Project,
    catalog: Catalog,
    folder: Path,
    site: Site | None = None,
    workers: int = 1,
) -> StagedSources:
    """Write the pages, assets and resolved configuration of the site into `folder`.

    `folder` may hold an earlier staging: a file whose content is the same is left as it is,
    with its modification time, so that an engine's incremental build sees no change there;
    a file no longer staged is removed. `site` is the rendered site when the caller holds it;
    otherwise `workers` processes render it.
    """
    settings = apply_identity(read_settings(project), catalog)
    if site is None:
        site = render_site(catalog, project.templates_dir, site_settings(settings), workers)
    source_docs = project.root / str(settings.get("docs_dir") or DOCS_DIR)
    overrides = project.root / str((settings.get("theme") or {}).get("custom_dir") or OVERRIDES_DIR)
    problems = [*tree_problems(project, source_docs), *tree_problems(project, overrides)]
    if problems:
        raise StageError(*problems)
    writer = StageWriter(folder)
    docs = folder / DOCS_DIR
    writer.copy_over(packaged.assets_dir(), docs / ASSETS_DIR, suffixes=(".js", ".css"))
    if source_docs.is_dir():
        writer.copy_tree(source_docs, docs)
    writer.copy_over(packaged.overrides_dir(), folder / OVERRIDES_DIR, suffixes=(".html",))
    if overrides.is_dir():
        writer.copy_tree(overrides, folder / OVERRIDES_DIR)
    generated_paths = {g.path for g in site.files}
    site = replace(site, nav=[*site.nav, *own_pages_nav(source_docs, generated_paths)])
    base = edit_base(settings)
    titles = []
    for generated in site.files:
        text, title = staged_page(generated, base)
        writer.write(docs / generated.path, text.encode("utf-8"))
        if generated.path.endswith(".md"):
            titles.append(title)
    config = folder / CONFIG_FILE
    resolved = resolve_config(settings, site, has_overrides=True)
    writer.write(config, yaml.safe_dump(resolved, sort_keys=False, allow_unicode=True).encode())
    writer.prune(docs, folder / OVERRIDES_DIR)
    pages = tuple(g.path for g in site.files if g.path.endswith(".md"))
    return StagedSources(config, pages, site.nav, tuple(writer.written), tuple(titles))


def stage_entries(
    project: Project, catalog: Catalog, folder: Path, ids: set[str]
) -> tuple[str, ...]:
    """Stage again, over a complete staging, only the pages that show the entries `ids` or
    the entries of their lineage (`Piece.shows`: the listing pages, and those of the pages
    drawn from the whole list that name them) and their BibTeX files: what an edit of those
    entries changes, as long as it lists them where they were. The downloads of the whole
    list are left to the next complete staging. Returns the files written."""
    settings = apply_identity(read_settings(project), catalog)
    pages = Pages(catalog, project.templates_dir, site_settings(settings))
    lineage = pages.lineage  # an entry shows the titles of those it builds on and is built on by
    shown = ids | {
        other
        for paper_id in ids
        for other in (*lineage.builds_on.get(paper_id, ()), *lineage.built_on_by.get(paper_id, ()))
    }
    files = [
        file
        for piece in pages.pieces()
        if piece.kind in ("", "listing") and (piece.shows is None or piece.shows & shown)
        for file in piece.render()
    ]
    files += pages.cite_files(catalog.paper(paper_id) for paper_id in sorted(ids))
    writer = StageWriter(folder)
    base = edit_base(settings)
    for generated in files:
        writer.write(folder / DOCS_DIR / generated.path, staged_text(generated, base).encode())
    writer.prune()
    return tuple(writer.written)


def stage_downloads(project: Project, catalog: Catalog, folder: Path) -> tuple[str, ...]:
    """Stage again, over a complete staging, only the downloads of the whole list."""
    settings = apply_identity(read_settings(project), catalog)
    pages = Pages(catalog, project.templates_dir, site_settings(settings))
    writer = StageWriter(folder)
    for generated in pages.download_files():
        writer.write(folder / DOCS_DIR / generated.path, generated.content.encode())
    writer.prune()
    return tuple(writer.written)


def tree_problems(project: Project, tree: Path) -> list[Diagnostic]:
    """A folder the site publishes must lie inside the project and hold no symbolic link:
    a link can lead to any file on this machine, and its contents would be on the site."""
    root = project.root.resolve()
    if not tree.exists() and not tree.is_symlink():
        return []
    if not tree.resolve().is_relative_to(root):
        name = CONFIG_FILE
        what = f"the folder {tree} lies outside the project; the site publishes nothing from it"
        return [Diagnostic(name, 1, 1, what, "keep docs_dir and custom_dir inside the project")]
    return [
        Diagnostic(
            _shown(link, project.root),
            1,
            1,
            "the file is a symbolic link; the site copies no link, since one can lead to any "
            "file on this machine",
            "put the file itself here instead of a link",
        )
        for link in symbolic_links(tree)
    ]


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def own_pages_nav(source_docs: Path, generated: set[str]) -> list[Any]:
    """The list's own Markdown pages in its docs/ (a guide, an about page), in the nav after
    the generated ones: a top-level page by itself, a folder's pages as a group named after it."""
    if not source_docs.is_dir():
        return []
    nav: list[Any] = []
    groups: dict[str, list[str]] = {}
    for path in sorted(source_docs.rglob("*.md")):
        name = path.relative_to(source_docs).as_posix()
        if name in generated or path.is_symlink():
            continue
        folder, _, _ = name.rpartition("/")
        if folder:
            groups.setdefault(folder, []).append(name)
        else:
            nav.append(name)
    nav += [
        {folder.split("/")[0].replace("-", " ").title(): pages} for folder, pages in groups.items()
    ]
    return nav


def resolve_config(settings: dict[str, Any], site: Site, has_overrides: bool) -> dict[str, Any]:
    """The project's settings with the site's own structure filled in."""
    resolved = {key: value for key, value in settings.items() if key not in RESOLVED_KEYS}
    resolved["docs_dir"] = DOCS_DIR
    resolved["site_dir"] = SITE_DIR
    resolved["use_directory_urls"] = True  # the pages link each other as folders
    resolved["nav"] = site.nav
    resolved["edit_uri"] = ""  # not the engines' default: each page names its own
    resolved["markdown_extensions"] = with_template_extensions(
        resolved.get("markdown_extensions") or []
    )
    theme = {k: v for k, v in (resolved.get("theme") or {}).items() if k != "custom_dir"}
    if has_overrides:  # copied beside the pages, under its staged name
        # The packaged overrides are Material's: a list that names no theme gets it.
        theme = {"name": DEFAULT_THEME, **theme, "custom_dir": OVERRIDES_DIR}
    if theme:
        resolved["theme"] = theme
    return resolved


def with_template_extensions(extensions: Any) -> Any:
    """The list's Markdown extensions and, after them, those the templates need that it lacks
    (a setting that is not a list is left for the engine to report)."""
    if not isinstance(extensions, list):
        return extensions
    named = {next(iter(e), None) if isinstance(e, dict) else e for e in extensions}
    return [*extensions, *(name for name in TEMPLATE_EXTENSIONS if name not in named)]


def staged_text(generated: GeneratedFile, edit_base_url: str) -> str:
    """A generated file as the engine reads it: pages with front matter and content marks."""
    return staged_page(generated, edit_base_url)[0]


def staged_page(generated: GeneratedFile, edit_base_url: str) -> tuple[str, str]:
    """(a generated file as the engine reads it, the page's title). A template may open the
    page with front matter of its own (a description, `hide`); the title and the edit link
    are added to it."""
    if not generated.path.endswith(".md"):
        return generated.content, ""
    meta, body = split_front_matter(generated.content)
    title = heading_title(body)
    if title and generated.path != HOME_PAGE:  # the home page is titled by the site's name
        meta["title"] = title
    if generated.edit and edit_base_url:
        # A file name is a path in a URL of an HTML attribute: escaped like any link.
        meta["edit_url"] = edit_base_url + escape_url(generated.edit)
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) if meta else ""
    header = f"---\n{front}---\n\n" if front else ""
    return f"{header}{CONTENT_START}\n\n{body.strip(chr(10))}\n\n{CONTENT_END}\n", title


def split_front_matter(page: str) -> tuple[dict[str, Any], str]:
    """(front matter, the rest) of a page that a template wrote."""
    if not page.startswith("---\n"):
        return {}, page
    front, _, body = page[4:].partition("\n---\n")
    meta = yaml.safe_load(front) or {}
    if not isinstance(meta, dict):
        message = f"a page's front matter is not a mapping: {front[:80]!r}"
        raise StageError(whole("templates", message))
    return meta, body


def heading_title(page: str) -> str:
    """The page's first level-one heading as the theme may print it: escaped plain text."""
    match = _HEADING.search(page)
    if not match:
        return ""
    html = markdown.markdown(f"# {match.group(1)}", extensions=["attr_list"])
    return page_title(html)
