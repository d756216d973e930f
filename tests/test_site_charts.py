"""The Lineage page and the Timeline chart as both engines build them: the SVG survives the
engine and the sanitizer, every node is a link to an entry that is there, and both engines
write the same picture."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from support.site import HOSTILE_ID, copy_project, require_engine

from generator.catalog.facts import facts_text
from generator.catalog.project import Project
from generator.site.build import build_site
from generator.site.engines import ENGINES

CITES = {"minillm": ["hinton-kd", "seqkd"], "wise": ["mend", "rome"], HOSTILE_ID: ["rome"]}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    require_engine("zensical")
    root = copy_project(tmp_path_factory.mktemp("charts") / "list")
    entries = {
        f"paper:{paper}": {"lineage": {"cites": ids, "source": "OpenAlex", "checked": "2026-01-02"}}
        for paper, ids in CITES.items()
    }
    (root / "facts.json").write_text(facts_text(entries), encoding="utf-8")
    return {
        engine: build_site(Project(root), root / f"site-{engine}", engine) for engine in ENGINES
    }


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids |= {value or "" for name, value in attrs if name == "id"}


def chart(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text[
        text.index('<div class="ak-chart') : text.index("</svg>", text.index("<svg viewBox"))
    ]


def node_links(page: Path) -> list[str]:
    nodes = chart(page).split('<g class="ak-nodes">', 1)[1]
    return re.findall(r'<a href="([^"]+)"', nodes)


@pytest.mark.parametrize("engine", ENGINES)
def test_each_node_of_the_built_lineage_page_opens_an_entry_that_is_there(
    sites: dict[str, Path], engine: str
) -> None:
    site = sites[engine]
    links = node_links(site / "lineage" / "index.html")
    assert len(links) == 7
    for href in links:  # served under a path, as on GitHub Pages: no '..' past the site
        address, _, anchor = urljoin("http://host/list/lineage/", href).partition("#")
        assert address.startswith("http://host/list/"), href
        page = site / address.removeprefix("http://host/list/") / "index.html"
        parser = Ids()
        parser.feed(page.read_text(encoding="utf-8"))
        assert anchor in parser.ids, href


def test_both_engines_draw_the_same_pictures(sites: dict[str, Path]) -> None:
    for page in ("lineage/index.html", "years/index.html"):
        drawn = {engine: chart(site / page) for engine, site in sites.items()}
        assert drawn["mkdocs"] == drawn["zensical"], page
        assert "<svg" in drawn["mkdocs"] and "<a href=" in drawn["mkdocs"]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_built_charts_keep_the_hostile_title_as_text(
    sites: dict[str, Path], engine: str
) -> None:
    page = (sites[engine] / "lineage" / "index.html").read_text(encoding="utf-8")
    assert "<title>Editing &lt;img src=x onerror=alert(1)&gt; Models</title>" in page
    assert "<img src" not in page.split('<div class="ak-chart', 1)[1].split("</svg>", 1)[0]
    assert 'href="lineage/"' in (sites[engine] / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("engine", ENGINES)
def test_each_entry_link_of_the_built_browse_page_opens_an_entry_that_is_there(
    sites: dict[str, Path], engine: str
) -> None:
    """Browse writes its first results as raw HTML, whose links each engine reads its own way."""
    site = sites[engine]
    text = (site / "browse" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)">Entry</a>', text)
    assert len(links) >= 13
    for href in links:
        address, _, anchor = urljoin("http://host/list/browse/", href).partition("#")
        assert address.startswith("http://host/list/"), href
        parser = Ids()
        page = site / address.removeprefix("http://host/list/") / "index.html"
        parser.feed(page.read_text(encoding="utf-8"))
        assert anchor in parser.ids, href
