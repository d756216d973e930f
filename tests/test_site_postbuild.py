"""The built site's page content and search index go through the sanitizer, for each engine."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support.site import copy_project, require_engine

from generator.catalog.project import Project
from generator.site.build import build_site
from generator.site.engines import ENGINES
from generator.site.postbuild import (
    UnsanitizedPage,
    sanitize_page,
    sanitize_search_index,
)
from generator.site.stage import CONTENT_END, CONTENT_START, ENTRY_END, ENTRY_START

RAW = "<img src=x onerror=alert(1)><script>alert(2)</script>"


def test_only_the_content_between_the_marks_is_sanitized() -> None:
    html = f'<svg class="icon"></svg>{CONTENT_START}<p>ok</p>{RAW}{CONTENT_END}<footer>f</footer>'
    assert (
        sanitize_page(html, "x.md")
        == '<svg class="icon"></svg><p>ok</p><img src="x"><footer>f</footer>'
    )


def test_a_forged_end_mark_cannot_shorten_the_sanitized_region() -> None:
    html = f"{CONTENT_START}<p>a</p>{CONTENT_END}{RAW}{CONTENT_END}"
    assert "onerror" not in sanitize_page(html, "x.md")
    assert "script" not in sanitize_page(html, "x.md")


def test_each_framed_entry_becomes_one_block_and_a_stray_frame_stays_inside_the_content() -> None:
    entries = f"{ENTRY_START}<h2>a</h2>{ENTRY_END}{ENTRY_START}<h2>b</h2>{ENTRY_END}"
    html = f"<main>{CONTENT_START}{entries}{CONTENT_END}</main>"
    assert sanitize_page(html, "x.md") == (
        '<main><div class="ak-entry"><h2>a</h2></div><div class="ak-entry"><h2>b</h2></div></main>'
    )
    # A note's raw comments may close a frame never opened, or open one never closed.
    html = f"<main>{CONTENT_START}{ENTRY_END}<p>a</p>{ENTRY_START}<p>b</p>{CONTENT_END}</main>"
    assert sanitize_page(html, "notes/n.md") == (
        '<main><p>a</p><div class="ak-entry"><p>b</p></div></main>'
    )


def test_a_page_without_marks_is_refused_rather_than_left_unsanitized() -> None:
    with pytest.raises(UnsanitizedPage, match=r"notes/a\.md"):
        sanitize_page(f"<p>{RAW}</p>", "notes/a.md")


def test_search_index_titles_texts_and_paths_are_sanitized_in_both_shapes() -> None:
    mkdocs = {"docs": [{"location": "a/", "title": RAW, "text": f"<p>{RAW}</p>"}]}
    zensical = {"items": [{"location": "a/", "title": RAW, "text": RAW, "path": [RAW]}]}
    for index in (mkdocs, zensical):
        dumped = json.dumps(sanitize_search_index(index))
        assert "onerror" not in dumped and "<script" not in dumped
        assert '<img src=\\"x\\">' in dumped


@pytest.mark.parametrize("engine", ENGINES)
def test_raw_html_a_template_lets_through_is_sanitized_in_pages_and_search(
    tmp_path: Path, engine: str
) -> None:
    if engine != "mkdocs":
        require_engine(engine)
    root = copy_project(tmp_path / "list", "")
    note = root / "templates" / "site" / "note.md.j2"
    note.write_text(note.read_text(encoding="utf-8") + f"\n{RAW}\n\n<p onclick=alert(3)>x</p>\n")
    site = build_site(Project(root), engine=engine)
    page = (site / "notes" / "training-stages" / "index.html").read_text(encoding="utf-8")
    assert "onerror" not in page and "alert(2)" not in page and "onclick" not in page
    # The image stays, without its handler; Zensical makes its address relative to the page.
    assert re.search(r'<img src="(\.\./)?x">', page)
    for name in ("search/search_index.json", "search.json"):
        if (site / name).is_file():
            text = (site / name).read_text(encoding="utf-8")
            assert "onerror" not in text and "onclick" not in text, name
            assert "Training" in text
