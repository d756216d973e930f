"""Both site engines build the same staged folder into the same site.

MkDocs (with Material) and Zensical each build a copy of the list; the sites must have the
same pages, the same navigation (titles and addresses) and the same links in every page's
content. What may differ is the theme's own files, listed in THEME_FILES below.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from support.site import copy_project, require_engine

from generator.catalog.project import Project
from generator.site.build import build_site
from generator.site.engines import ENGINES

# Each engine ships its own copy of the theme's scripts, styles and search worker (Material's
# lunr language files, Zensical's classic/modern stylesheets), and writes its search index
# under its own name: search/search_index.json (MkDocs' search plugin), search.json.
THEME_FILES = ("assets/javascripts/", "assets/stylesheets/", "search/", "search.json")
# MkDocs also writes a gzipped copy of sitemap.xml, which Zensical does not.
ONLY_MKDOCS = {"sitemap.xml.gz"}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    require_engine("zensical")
    root = copy_project(tmp_path_factory.mktemp("engines") / "list")
    return {
        engine: build_site(Project(root), root / f"site-{engine}", engine) for engine in ENGINES
    }


class PageLinks(HTMLParser):
    """The primary navigation's (title, href) and the content's hrefs of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.nav: list[tuple[str, str]] = []
        self.content: list[str] = []
        self._nav_depth = 0  # nav elements open inside the primary navigation
        self._in_article = False
        self._link: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "nav" and (self._nav_depth or "md-nav--primary" in classes):
            self._nav_depth += 1
        if tag == "article" and "md-content__inner" in classes:
            self._in_article = True
        # Zensical links the current home page as href="", MkDocs as ".": the same address.
        if tag == "a" and attributes.get("href") is not None:
            href = attributes["href"] or ""
            if self._in_article:
                self.content.append(href)
            elif self._nav_depth and "md-nav__link" in classes:
                self._link, self._text = href, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1
        if tag == "article":
            self._in_article = False
        if tag == "a" and self._link is not None:
            self.nav.append((" ".join("".join(self._text).split()), self._link))
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._text.append(data)


def page_links(site: Path, address: str) -> PageLinks:
    """The links of a page, each resolved from the page's address: the engines write the
    same address differently (MkDocs `..`, Zensical `./..`)."""
    parser = PageLinks()
    parser.feed((site / address).read_text(encoding="utf-8"))
    base = f"http://site/{address.removesuffix('index.html')}"
    parser.nav = [(title, urljoin(base, href)) for title, href in parser.nav]
    parser.content = [urljoin(base, href) for href in parser.content]
    return parser


def site_files(site: Path) -> set[str]:
    return {
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.is_file() and not path.relative_to(site).as_posix().startswith(THEME_FILES)
    }


def html_pages(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def test_both_engines_build_the_same_pages_and_files(sites: dict[str, Path]) -> None:
    mkdocs, zensical = sites["mkdocs"], sites["zensical"]
    assert html_pages(mkdocs) == html_pages(zensical)
    assert "sections/paper-list/index.html" in html_pages(zensical)
    assert site_files(mkdocs) - ONLY_MKDOCS == site_files(zensical)
    for name in ("feed.xml", "papers.json", "papers.bib", "papers.csv", "assets/browse.js"):
        assert (mkdocs / name).read_bytes() == (zensical / name).read_bytes(), name


def test_both_engines_give_every_page_the_same_navigation(sites: dict[str, Path]) -> None:
    for address in html_pages(sites["mkdocs"]):
        if address == "404.html":  # addresses there are absolute: it is served at any path
            continue
        navs = {engine: page_links(site, address).nav for engine, site in sites.items()}
        assert navs["mkdocs"] == navs["zensical"], address
    home = page_links(sites["zensical"], "index.html").nav
    assert ("Browse", "http://site/browse/") in home
    assert ("Paper List", "http://site/sections/paper-list/") in home


def test_both_engines_give_every_page_the_same_content_links(sites: dict[str, Path]) -> None:
    for address in html_pages(sites["mkdocs"]):
        links = {engine: page_links(site, address).content for engine, site in sites.items()}
        assert links["mkdocs"] == links["zensical"], address
    hrefs = page_links(sites["zensical"], "sections/paper-list/index.html").content
    assert "http://site/datasets/#ecbd" in hrefs
