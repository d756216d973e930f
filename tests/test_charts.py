"""The Lineage page and the Timeline chart as the pages render them: every node links to its
entry, every edge joins two real entries, labels are escaped, big lists collapse, and the
sanitizer's SVG allow-list is exactly what the charts use."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from support.site import HOSTILE_ID, HOSTILE_PAPER, HOSTILE_TITLE, copy_project

from benchmarks.synthetic import lineage_entries, make_project
from generator.catalog.facts import facts_text
from generator.catalog.lineage import lineage
from generator.catalog.model import Catalog
from generator.catalog.project import Project, open_catalog
from generator.render import sanitize
from generator.render.charts import COLLAPSE_AT
from generator.render.pages import Pages, SiteSettings, page_url

CITES = {
    "minillm": ["hinton-kd", "seqkd"],
    "dpkd": ["minillm", "hinton-kd"],
    "wise": ["mend", "rome"],
    "rome": ["mend"],
    HOSTILE_ID: ["rome"],
}
SITE = "https://example.org/list/"


def with_lineage(root: Path, cites: dict[str, list[str]]) -> Catalog:
    entries = {
        f"paper:{paper}": {"lineage": {"cites": ids, "source": "OpenAlex", "checked": "2026-01-02"}}
        for paper, ids in cites.items()
    }
    (root / "facts.json").write_text(facts_text(entries), encoding="utf-8")
    catalog, _ = open_catalog(Project(root))
    assert catalog is not None
    return catalog


def rendered(catalog: Catalog, root: Path) -> tuple[Pages, dict[str, str]]:
    pages = Pages(catalog, root / "templates", SiteSettings("Test list", SITE))
    return pages, {file.path: file.content for file in pages.files()}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("charts") / "list")


@pytest.fixture(scope="module")
def site(project: Path) -> tuple[Catalog, Pages, dict[str, str]]:
    catalog = with_lineage(project, CITES)
    pages, files = rendered(catalog, project)
    return catalog, pages, files


class Svg(HTMLParser):
    """The chart's node links, edge paths, node circles and every (element, attribute) used."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.paths: list[str] = []
        self.circles: list[tuple[float, float, float]] = []
        self.used: set[tuple[str, str]] = set()
        self.tags: set[str] = set()
        self._svg = 0
        self._group = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self._svg += tag == "svg"
        if not self._svg:
            return
        self.tags.add(tag)
        self.used |= {(tag, name) for name in found if name not in {"class", "id", "role"}}
        if tag == "g":
            self._group = found.get("class") or ""
        if tag == "a" and self._group == "ak-nodes":
            self.links.append(found["href"] or "")
        if tag == "path" and self._group == "ak-edges":
            self.paths.append(found["d"] or "")
        if tag == "circle" and self._group == "ak-nodes" and "class" in found:
            self.circles.append((float(found["cx"]), float(found["cy"]), float(found["r"])))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._svg -= tag == "svg"


def svg(text: str) -> Svg:
    parser = Svg()
    parser.feed(text)
    return parser


def ends(path: str) -> tuple[tuple[float, float], tuple[float, float]]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]
    return (numbers[0], numbers[1]), (numbers[-2], numbers[-1])


def node_at(circles: list[tuple[float, float, float]], point: tuple[float, float]) -> int:
    """The one node whose left or right edge is `point`."""
    x, y = point
    found = [
        i
        for i, (cx, cy, r) in enumerate(circles)
        if abs(cy - y) < 0.06 and min(abs(cx - r - x), abs(cx + r - x)) < 0.06
    ]
    assert len(found) == 1, (point, found)
    return found[0]


def test_every_node_links_to_its_entry_and_every_edge_joins_two_of_them(site) -> None:
    catalog, pages, files = site
    chart = svg(files["lineage/index.md"])
    here = urljoin(SITE, page_url("lineage/index.md"))
    linked = []
    for href in chart.links:
        address, _, anchor = urljoin(here, href).partition("#")
        paper = catalog.paper(anchor)  # a KeyError for an anchor that is no entry
        assert address == urljoin(SITE, page_url(pages.paper_pages[paper.id]))
        linked.append(anchor)
    edges = lineage(catalog).edges
    assert sorted(linked) == sorted({i for edge in edges for i in edge})
    assert len(chart.circles) == len(linked)
    drawn = set()
    for path in chart.paths:
        start, end = ends(path)
        drawn.add((linked[node_at(chart.circles, start)], linked[node_at(chart.circles, end)]))
    assert drawn == set(edges) and len(chart.paths) == len(edges)


def test_the_table_holds_the_same_and_entries_link_both_ways(site) -> None:
    _, pages, files = site
    table = files["lineage/index.md"].split("## The lineage as a table", 1)[1]
    assert len(re.findall(r"^\| \[", table, re.MULTILINE)) == 8  # the papers of the edges
    section = files[pages.paper_pages["hinton-kd"]]
    entry = section.split('id="hinton-kd"', 1)[1].split("<h2", 1)[0]
    built_on_by = entry.split("**Built on by:**", 1)[1].splitlines()[0]
    assert built_on_by.index("Direct Preference") < built_on_by.index("MiniLLM")  # newest first
    assert "**Builds on:**" not in entry
    records = {p["id"]: p for p in json.loads(files["papers.json"])["papers"]}
    assert records["hinton-kd"]["built_on_by"] == ["dpkd", "minillm"]
    assert records["dpkd"]["builds_on"] == ["minillm", "hinton-kd"]
    assert "builds_on" not in records["lima"] and "built_on_by" not in records["lima"]


def test_a_hostile_title_is_text_in_the_chart_and_the_table(site) -> None:
    _, _, files = site
    page = files["lineage/index.md"]
    assert "<img" not in page and "onerror=alert(1)&gt;" not in page.split("<svg", 1)[0]
    assert "<title>Editing &lt;img src=x onerror=alert(1)&gt; Models</title>" in page
    assert HOSTILE_TITLE not in page


def test_the_pages_and_links_exist_only_with_an_edge(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "list")
    pages, files = rendered(with_lineage(root, {}), root)
    assert "lineage/index.md" not in files and {"Lineage": "lineage/index.md"} not in pages.nav()
    assert "lineage/index.md" not in files["index.md"] and "<svg" in files["years/index.md"]
    pages, files = rendered(with_lineage(root, {"rome": ["mend"]}), root)
    assert {"Lineage": "lineage/index.md"} in pages.nav() and "(lineage/index.md)" in files[
        "index.md"
    ]


def test_a_big_lineage_is_drawn_by_year_and_section(tmp_path: Path) -> None:
    root = make_project(tmp_path / "big", 400)
    (root / "facts.json").write_text(facts_text(lineage_entries(400)), encoding="utf-8")
    catalog, _ = open_catalog(Project(root))
    assert catalog is not None and len({i for e in lineage(catalog).edges for i in e}) > COLLAPSE_AT
    pages, files = rendered(catalog, root)
    chart = svg(files["lineage/index.md"])
    years = {page_url(listing.page_path(1)) for listing in pages.years}
    here = urljoin(SITE, "lineage/")
    assert chart.links and all(
        urljoin(here, href).removeprefix(SITE) in years for href in chart.links
    )
    assert len(chart.links) == len({(p.year, p.section) for p in catalog.papers})  # 10 x 4
    assert 'stroke-width="' in files["lineage/index.md"]  # edges as wide as their citations


def test_the_same_catalog_draws_the_same_bytes(site, project: Path) -> None:
    catalog, _, files = site
    _, again = rendered(catalog, project)
    assert again["lineage/index.md"] == files["lineage/index.md"]
    assert again["years/index.md"] == files["years/index.md"]


def test_the_sanitizer_allows_exactly_the_svg_the_charts_use(site, tmp_path: Path) -> None:
    _, _, files = site
    root = make_project(tmp_path / "big", 400)
    (root / "facts.json").write_text(facts_text(lineage_entries(400)), encoding="utf-8")
    catalog, _ = open_catalog(Project(root))
    assert catalog is not None
    _, big = rendered(catalog, root)
    used, tags = set(), set()
    for text in (files["lineage/index.md"], files["years/index.md"], big["lineage/index.md"]):
        chart = svg(text)
        used |= chart.used
        tags |= chart.tags
        block = text[text.index('<div class="ak-chart') : text.rindex("</svg>") + 6]
        clean = sanitize.sanitize_html(block)
        for markup in (r"<[a-zA-Z]", r'\s[\w-]+="'):  # no element and no attribute dropped
            assert len(re.findall(markup, clean)) == len(re.findall(markup, block))
    allowed = {  # html.parser reads names in lower case
        (tag, name.lower())
        for tag, names in sanitize.ATTRIBUTES.items()
        if tag in sanitize._SVG_TAGS
        for name in names
    }
    assert used - {("a", "href")} == allowed
    assert tags - {"a"} == sanitize._SVG_TAGS


def test_an_entry_without_a_date_keeps_its_edges_off_the_time_axis(tmp_path: Path) -> None:
    tool = """
  - id: a-tool
    title: A Tool
    url: https://github.com/example/tool
    kind: tool
    section: paper-list
    builds_on: [rome]
"""
    root = copy_project(tmp_path / "list", HOSTILE_PAPER + tool)
    catalog = with_lineage(root, {"rome": ["mend"]})
    assert lineage(catalog).builds_on["a-tool"] == ("rome",)
    _, files = rendered(catalog, root)
    assert len(svg(files["lineage/index.md"]).links) == 2  # rome and mend
    assert "**Builds on:** [Locating and Editing" in files["sections/paper-list/index.md"]
