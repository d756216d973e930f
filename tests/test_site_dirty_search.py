"""A preview's dirty MkDocs build keeps the search index of the pages it did not build.

Material indexes only the pages a build renders, so after a dirty build the index held the
edited page alone and the preview's search found nothing else.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support.site import copy_project

from generator.catalog.model import Catalog
from generator.catalog.project import Project, open_catalog
from generator.site.build import stage_sources
from generator.site.engines import EngineError, mkdocs
from generator.site.engines.mkdocs import KEPT_SEARCH_INDEX, SEARCH_INDEX, merged_search_docs
from generator.site.stage import StagedSources


def _doc(location: str, text: str = "") -> dict[str, str]:
    return {"location": location, "title": location, "text": text}


def test_a_rebuilt_page_s_documents_replace_its_old_ones_in_place() -> None:
    before = [_doc("a/"), _doc("b/"), _doc("b/#one", "old"), _doc("c/")]
    rebuilt = [_doc("b/"), _doc("b/#one", "new"), _doc("b/#two", "added"), _doc("d/")]
    assert merged_search_docs(before, rebuilt) == [
        _doc("a/"),
        _doc("b/"),
        _doc("b/#one", "new"),
        _doc("b/#two", "added"),
        _doc("c/"),
        _doc("d/"),  # a page the old index did not have comes last
    ]


def _built_once(tmp_path: Path) -> tuple[Catalog, StagedSources, Path]:
    """The example list staged and built in full once, as a preview starts."""
    project = Project(copy_project(tmp_path / "list"))
    catalog, problems = open_catalog(project)
    assert catalog is not None, problems
    staged = stage_sources(project, catalog, tmp_path / "staged")
    output = tmp_path / "site"
    mkdocs.build(staged.config, output)
    return catalog, staged, output


def test_a_dirty_build_after_an_edit_keeps_every_other_page_searchable(tmp_path: Path) -> None:
    catalog, staged, output = _built_once(tmp_path)
    full = json.loads((output / SEARCH_INDEX).read_text(encoding="utf-8"))["docs"]

    paper = next(p for p in catalog.papers if p.title.isascii() and p.title.isprintable())
    listed = next(name for name in staged.pages if name.startswith("sections/"))
    page = staged.config.parent / "docs" / listed
    while paper.title not in page.read_text(encoding="utf-8"):
        listed = next(n for n in staged.pages if n.startswith("sections/") and n > listed)
        page = staged.config.parent / "docs" / listed
    text = page.read_text(encoding="utf-8").replace(paper.title, "Renamed Entry")
    page.write_text(text, encoding="utf-8")
    later = page.stat().st_mtime_ns + 10**9
    os.utime(page, ns=(later, later))
    seen_by_postbuild: list[list[dict[str, str]]] = []

    def postbuild() -> None:
        index = json.loads((output / SEARCH_INDEX).read_text(encoding="utf-8"))
        seen_by_postbuild.append(index["docs"])

    mkdocs.build(staged.config, output, dirty=True, postbuild=postbuild)

    # the sanitizer sees the rebuilt page's documents alone, the kept ones went through it
    (seen,) = seen_by_postbuild
    stem = listed.removesuffix(".md")
    rebuilt_url = stem.removesuffix("index") if stem.endswith("/index") else f"{stem}/"
    assert seen and {doc["location"].split("#")[0] for doc in seen} == {rebuilt_url}
    assert not (output / KEPT_SEARCH_INDEX).exists()
    after = json.loads((output / SEARCH_INDEX).read_text(encoding="utf-8"))["docs"]
    assert len(after) == len(full)
    assert [doc["location"] for doc in after] == [doc["location"] for doc in full]
    titles = {doc["title"] for doc in after}
    assert "Renamed Entry" in titles
    assert paper.title not in titles


def test_a_failed_postbuild_leaves_the_last_sanitized_index_served(tmp_path: Path) -> None:
    _, staged, output = _built_once(tmp_path)
    full = (output / SEARCH_INDEX).read_text(encoding="utf-8")
    listed = next(name for name in staged.pages if name.startswith("sections/"))
    page = staged.config.parent / "docs" / listed
    later = page.stat().st_mtime_ns + 10**9
    os.utime(page, ns=(later, later))

    def failing_postbuild() -> None:
        raise RuntimeError("the sanitizer stopped")

    with pytest.raises(RuntimeError):
        mkdocs.build(staged.config, output, dirty=True, postbuild=failing_postbuild)
    assert (output / SEARCH_INDEX).read_text(encoding="utf-8") == full
    assert not (output / KEPT_SEARCH_INDEX).exists()


def test_a_failed_dirty_build_leaves_the_last_sanitized_index_served(tmp_path: Path) -> None:
    _, staged, output = _built_once(tmp_path)
    full = (output / SEARCH_INDEX).read_text(encoding="utf-8")
    staged.config.write_text("site_name: [unclosed\n", encoding="utf-8")

    with pytest.raises(EngineError):
        mkdocs.build(staged.config, output, dirty=True)
    assert (output / SEARCH_INDEX).read_text(encoding="utf-8") == full
    assert not (output / KEPT_SEARCH_INDEX).exists()
