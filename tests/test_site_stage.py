"""Staging: pages with front matter and content marks, and a resolved configuration."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from support.site import copy_project

from generator.catalog.project import Project, open_catalog
from generator.render.pages import GeneratedFile, Site
from generator.site.stage import (
    CONTENT_END,
    CONTENT_START,
    StageError,
    edit_base,
    resolve_config,
    stage,
    staged_text,
)

BASE = "https://github.com/o/r/edit/main/"


def _front_matter(text: str) -> dict:
    _, front, _ = text.split("---\n", 2)
    return yaml.safe_load(front)


def test_front_matter_title_is_the_heading_as_escaped_plain_text() -> None:
    page = GeneratedFile(
        "sections/s/index.md", "# Section &lt;/title&gt;&lt;img src=x&gt; `x` *y*\n"
    )
    meta = _front_matter(staged_text(page, BASE))
    assert meta["title"] == "Section &lt;/title&gt;&lt;img src=x&gt; x y"


def test_heading_attributes_are_not_part_of_the_title() -> None:
    page = GeneratedFile("notes/n.md", "Intro\n\n# Note title { #top }\n\n## Later\n")
    assert _front_matter(staged_text(page, BASE))["title"] == "Note title"


def test_edit_url_names_the_repository_file_behind_the_page() -> None:
    page = GeneratedFile("datasets.md", "# Datasets\n", edit="notes/a b.md")
    assert _front_matter(staged_text(page, BASE))["edit_url"] == f"{BASE}notes/a%20b.md"


def test_home_page_keeps_the_site_name_as_title_and_is_framed_by_marks() -> None:
    text = staged_text(GeneratedFile("index.md", "# Site\n\nText\n"), "")
    assert text == f"{CONTENT_START}\n\n# Site\n\nText\n\n{CONTENT_END}\n"


def test_files_other_than_pages_are_staged_as_they_are() -> None:
    assert staged_text(GeneratedFile("feed.xml", "<feed/>\n"), BASE) == "<feed/>\n"


def test_resolved_config_has_an_explicit_nav_and_no_engine_edit_links() -> None:
    settings = {
        "site_name": "S",
        "docs_dir": "elsewhere",
        "edit_uri": BASE,
        "plugins": ["search"],
        "theme": {"name": "material"},
    }
    site = Site((), [{"Home": "index.md"}])
    resolved = resolve_config(settings, site, has_overrides=True)
    assert resolved["docs_dir"] == "docs" and resolved["site_dir"] == "site"
    assert resolved["nav"] == [{"Home": "index.md"}]
    assert resolved["edit_uri"] == ""
    assert resolved["theme"] == {"name": "material", "custom_dir": "overrides"}
    assert resolved["plugins"] == ["search"] and settings["theme"] == {"name": "material"}


def test_a_list_whose_settings_predate_an_extension_the_templates_need_gets_it_staged() -> None:
    site = Site((), [{"Home": "index.md"}])
    old = {"markdown_extensions": ["attr_list", {"toc": {"permalink": True}}]}
    resolved = resolve_config(old, site, has_overrides=True)
    assert resolved["markdown_extensions"] == [*old["markdown_extensions"], "pymdownx.blocks.html"]
    assert old["markdown_extensions"] == ["attr_list", {"toc": {"permalink": True}}]
    current = {"markdown_extensions": [{"pymdownx.blocks.html": {}}, "attr_list"]}
    resolved = resolve_config(current, site, has_overrides=True)
    assert resolved["markdown_extensions"] == current["markdown_extensions"]
    assert resolve_config({}, site, True)["markdown_extensions"] == ["pymdownx.blocks.html"]


def test_edit_base_joins_repo_url_and_edit_uri() -> None:
    assert edit_base({"repo_url": "https://github.com/o/r", "edit_uri": "edit/main/"}) == BASE
    assert edit_base({"edit_uri": BASE.rstrip("/")}) == BASE
    assert edit_base({}) == ""


def test_staged_folder_holds_pages_assets_and_config(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "list", "")
    catalog, _ = open_catalog(Project(root))
    assert catalog is not None
    staged = stage(Project(root), catalog, tmp_path / "staged")
    docs = tmp_path / "staged" / "docs"
    assert (docs / "assets" / "browse.js").is_file() and (docs / "feed.xml").is_file()
    assert (tmp_path / "staged" / "overrides" / "partials" / "actions.html").is_file()
    assert "sections/paper-list/index.md" in staged.pages
    assert _front_matter((docs / "sections/paper-list/index.md").read_text())["title"]


def _staged_with(tmp_path: Path, plant) -> tuple[str, Path]:
    """(the StageError's text, the staged folder) after `plant(root, outside)` changed a copy."""
    root = copy_project(tmp_path / "list", "")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET-KEY-1234\n")
    plant(root, outside)
    catalog, _ = open_catalog(Project(root))
    assert catalog is not None
    folder = tmp_path / "staged"
    with pytest.raises(StageError) as refused:
        stage(Project(root), catalog, folder)
    return str(refused.value), folder


def _leaked(folder: Path) -> bool:
    return any(
        "SECRET-KEY" in path.read_text(errors="replace")
        for path in folder.rglob("*")
        if path.is_file()
    )


@pytest.mark.parametrize(
    ("plant", "shown"),
    [
        (lambda root, out: (root / "docs" / "secret.md").symlink_to(out / "secret.txt"),
         "docs/secret.md:1:1: error: the file is a symbolic link"),
        (lambda root, out: (root / "docs" / "more").symlink_to(out, target_is_directory=True),
         "docs/more:1:1: error: the file is a symbolic link"),
        (lambda root, out: (root / "overrides" / "partials" / "leak.html").symlink_to(
            out / "secret.txt"), "overrides/partials/leak.html:1:1: error"),
        (lambda root, out: (root / "docs" / "git.md").symlink_to(root / "list.yaml"),
         "docs/git.md:1:1: error: the file is a symbolic link"),
    ],
    ids=["file-outside", "folder-outside", "override-outside", "file-inside-the-project"],
)  # fmt: skip
def test_a_symbolic_link_in_a_published_folder_is_refused(tmp_path: Path, plant, shown) -> None:
    message, folder = _staged_with(tmp_path, plant)
    assert shown in message and "put the file itself here" in message
    assert not _leaked(folder)


def test_a_docs_folder_outside_the_project_is_refused(tmp_path: Path) -> None:
    def plant(root: Path, outside: Path) -> None:
        settings = root / "mkdocs.yml"
        settings.write_text(settings.read_text() + f"docs_dir: {outside}\n")

    message, folder = _staged_with(tmp_path, plant)
    assert "mkdocs.yml:1:1: error: the folder" in message and "outside the project" in message
    assert not _leaked(folder)


PAST_NS = 1_000_000_000 * 1_000_000_000  # 2001-09-09: older than any file a test writes


def _files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}


def test_staging_again_rewrites_only_the_pages_that_changed(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "list", "")
    project, folder = Project(root), tmp_path / "staged"
    catalog, _ = open_catalog(project)
    first = stage(project, catalog, folder)
    assert "docs/sections/paper-list/index.md" in first.written  # all new the first time
    for path in _files(folder).values():
        os.utime(path, ns=(PAST_NS, PAST_NS))
    (folder / "docs" / "left-over.md").write_text("# A page no longer staged\n")
    papers = root / "papers.yaml"
    title = "A Survey on Knowledge Distillation of Large Language Models"
    papers.write_text(papers.read_text().replace(title, "A Survey of Distillation, Edited"))
    catalog, _ = open_catalog(project)
    again = stage(project, catalog, folder)
    changed = {name for name, path in _files(folder).items() if path.stat().st_mtime_ns != PAST_NS}
    assert changed == set(again.written)
    assert "docs/sections/survey-and-framework/index.md" in changed
    assert "docs/cite/kd-llm-survey.bib" in changed and "docs/papers.json" in changed
    assert "docs/sections/paper-list/index.md" not in changed  # the survey is not listed there
    assert "docs/assets/browse.js" not in changed and "mkdocs.yml" not in changed
    assert "docs/cite/rome.bib" not in changed
    assert not (folder / "docs" / "left-over.md").exists()
    assert (
        "Distillation, Edited"
        in (folder / "docs/sections/survey-and-framework/index.md").read_text()
    )
