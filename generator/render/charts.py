"""The layout of the site's two pictures, in plain Python: same catalog, same coordinates.

`lineage_chart` places the papers of the lineage by date (x) and top-level section (y, one
lane each, rows within a lane so that no two nodes or labels overlap) and draws each edge from
the citing paper to the one it builds on. Past `COLLAPSE_AT` papers it draws one node per year
and section instead, sized by its count, and one edge per pair of such groups, as wide as the
citations it stands for. `timeline_chart` stacks each year's papers by section.

Templates (templates/site/charts/) turn the result into SVG; colours come from the site's
CSS by class (`ak-c0`..), so that they follow the light and dark palettes, and every group
also has a pattern and a letter, for readers who cannot tell the colours apart.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.catalog.lineage import Lineage, newest_first, published
from generator.catalog.model import Catalog, Paper

COLOURS = 8  # ak-c0..ak-c7 in site.css, light and dark
PATTERNS = 4  # none, stripes, dots, cross-hatch
COLLAPSE_AT = 120  # papers in the lineage; more are drawn by year and section
WIDTH = 720  # the content column of the theme at desktop width: drawn at about 1:1
LEFT, RIGHT, TOP, BOTTOM = 24.0, 150.0, 30.0, 8.0  # room for the labels and the years
LANE_HEAD = 24.0  # the lane's name, above its rows
ROW = 30.0  # between rows of one lane
RADIUS = 9.0
CHAR = 6.6  # the width of a label's character, near enough for 12px system fonts
LABEL_CHARS = 22
BAR_AREA = 220.0  # the height of the tallest bar of the Timeline chart


@dataclass(frozen=True)
class Group:
    """A top-level section: its colour, pattern and letter in both pictures and the legend."""

    id: str
    title: str
    letter: str
    colour: int
    pattern: int


@dataclass(frozen=True)
class Node:
    key: str  # a paper id, or YEAR/SECTION-ID of a collapsed group
    x: float
    y: float
    r: float
    group: Group
    label: str  # the text beside it (a short title) or below it (a count)
    title: str  # the full text, for the tooltip and the link's accessible name
    target: str  # the source path it links to, with its #anchor
    count: int = 1


@dataclass(frozen=True)
class Edge:
    source: str  # the citing node's key
    target: str  # the key of the node it builds on
    d: str  # the SVG path
    weight: int = 1

    @property
    def stroke(self) -> float:
        """The line's width: 1 for one citation, growing with the log of the count."""
        return round(min(8.0, 1 + math.log2(self.weight)), 1)


@dataclass(frozen=True)
class Lane:
    group: Group
    y: float  # top
    height: float


@dataclass(frozen=True)
class LineageChart:
    width: int
    height: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    lanes: tuple[Lane, ...]
    ticks: tuple[tuple[float, float, str], ...]
    groups: tuple[Group, ...]
    collapsed: bool


@dataclass(frozen=True)
class Segment:
    group: Group
    y: float
    height: float
    count: int


@dataclass(frozen=True)
class Bar:
    year: int
    x: float
    width: float
    total: int
    segments: tuple[Segment, ...]

    def count(self, group: Group) -> int:
        return sum(segment.count for segment in self.segments if segment.group == group)


@dataclass(frozen=True)
class TimelineChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    baseline: float
    gridlines: tuple[tuple[float, int], ...]
    groups: tuple[Group, ...]
    label_every: int  # a year label under every n-th bar


def letter(index: int) -> str:
    """A, B, ..., Z, AA, AB, ...: the group's letter, printed on its nodes and swatches."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def groups(catalog: Catalog) -> dict[str, Group]:
    """The top-level sections, in reading order, each with its colour, pattern and letter.

    Colour and pattern change together, so that the first 32 sections each have their own
    pair (the letter alone tells any two apart)."""
    top = catalog.children(None)
    return {
        section.id: Group(
            section.id, section.title, letter(i), i % COLOURS, (i + i // COLOURS) % PATTERNS
        )
        for i, section in enumerate(top)
    }


def top_section(catalog: Catalog, section_id: str) -> str:
    section = catalog.section(section_id)
    while section.parent is not None:
        section = catalog.section(section.parent)
    return section.id


def short_label(title: str, limit: int = LABEL_CHARS) -> str:
    """The part of a title before its colon, cut to `limit` characters with an ellipsis."""
    head = title.split(":", 1)[0].strip() or title
    return head if len(head) <= limit else head[: limit - 1].rstrip() + "…"


def _when(paper: Paper) -> float:
    """The paper's place in time, in years: mid-month, or mid-year when no month is known."""
    year, month, _ = published(paper)
    return year + ((month - 0.5) / 12 if month else 0.5)


@dataclass(frozen=True)
class _Scale:
    first: int  # the first year shown
    last: int  # the year after the last one shown

    @property
    def span(self) -> float:
        return WIDTH - LEFT - RIGHT

    def x(self, when: float) -> float:
        return round(LEFT + (when - self.first) / (self.last - self.first) * self.span, 1)

    def ticks(self) -> tuple[tuple[float, float, str], ...]:
        """(x of the line where a year begins, x of its label, the year), every `step` years;
        a label of one year is centred on it, of several on their first line."""
        step = max(1, math.ceil((self.last - self.first) / 12))
        middle = 0.5 if step == 1 else 0.0
        return tuple(
            (self.x(year), self.x(year + middle), str(year))
            for year in range(self.first, self.last, step)
        )


def _scale(years: Iterable[int]) -> _Scale:
    found = sorted(set(years))
    return _Scale(found[0], found[-1] + 1)


def _rows(items: list[tuple[str, float, float]]) -> dict[str, int]:
    """A row for each (key, x, width) so that items of one row keep `width` apart."""
    ends: list[float] = []
    rows: dict[str, int] = {}
    for key, x, width in sorted(items, key=lambda item: (item[1], item[0])):
        row = next((i for i, end in enumerate(ends) if end <= x), len(ends))
        if row == len(ends):
            ends.append(0.0)
        ends[row] = x + width
        rows[key] = row
    return rows


def _dated(catalog: Catalog, paper_id: str) -> bool:
    return published(catalog.paper(paper_id))[0] > 0


def _edge_path(start: Node, end: Node) -> str:
    """A curve from `start` that meets `end` level, at the side facing it, arrow last."""
    forward = -1 if start.x >= end.x else 1  # direction of travel along x
    if abs(start.x - end.x) < 1:  # the same month: a loop out to the right
        x1, x2 = start.x + start.r, end.x + end.r
        return _curve(x1, start.y, x1 + 40, x2 + 40, x2, end.y)
    x1 = start.x + forward * start.r
    x2 = end.x - forward * end.r
    bend = abs(x2 - x1) / 2
    return _curve(x1, start.y, x1 + forward * bend, x2 - forward * bend, x2, end.y)


def _curve(x1: float, y1: float, c1: float, c2: float, x2: float, y2: float) -> str:
    """A cubic curve leaving (x1, y1) and reaching (x2, y2) level, through x = c1 and c2."""
    return f"M{x1:.1f} {y1:.1f}C{c1:.1f} {y1:.1f} {c2:.1f} {y2:.1f} {x2:.1f} {y2:.1f}"


def _lanes(
    members: dict[str, list[tuple[str, float, float]]], colour_groups: dict[str, Group]
) -> tuple[list[Lane], dict[str, tuple[float, int]]]:
    """One lane per group that has members, rows inside it; each key's (y, row)."""
    lanes, placed, top = [], {}, TOP
    for group_id, group in colour_groups.items():
        if group_id not in members:
            continue
        rows = _rows(members[group_id])
        height = LANE_HEAD + ROW * (max(rows.values()) + 1) + 6
        lanes.append(Lane(group, top, height))
        for key, row in rows.items():
            placed[key] = (top + LANE_HEAD + ROW * (row + 0.5), row)
        top += height
    return lanes, placed


def lineage_chart(
    catalog: Catalog,
    lineage: Lineage,
    paper_target: Callable[[Paper], str],
    group_target: Callable[[int, str], str],
) -> LineageChart | None:
    """The picture of `lineage`, or None when there is no edge to draw.

    An entry with no date (a tool may have none) has no place on the time axis: its edges are
    left out of the picture, and stay on the entries' pages."""
    dated = [(a, b) for a, b in lineage.edges if _dated(catalog, a) and _dated(catalog, b)]
    ids = sorted({i for edge in dated for i in edge})
    if not ids:
        return None
    papers = [catalog.paper(i) for i in ids]
    colour_groups = groups(catalog)
    if len(papers) > COLLAPSE_AT:
        return _collapsed(catalog, dated, papers, colour_groups, group_target)
    scale = _scale(published(p)[0] for p in papers)
    top_of = {p.id: top_section(catalog, p.section) for p in papers}
    members: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for paper in newest_first(papers):
        width = 2 * RADIUS + 14 + CHAR * len(short_label(paper.title))
        members[top_of[paper.id]].append((paper.id, scale.x(_when(paper)) - RADIUS, width))
    lanes, placed = _lanes(members, colour_groups)
    nodes = {
        p.id: Node(
            p.id,
            scale.x(_when(p)),
            placed[p.id][0],
            RADIUS,
            colour_groups[top_of[p.id]],
            short_label(p.title),
            p.title,
            paper_target(p),
        )
        for p in papers
    }
    edges = [Edge(a, b, _edge_path(nodes[a], nodes[b])) for a, b in dated]
    return _chart(nodes, edges, lanes, scale, colour_groups, collapsed=False)


def _chart(
    nodes: dict[str, Node],
    edges: list[Edge],
    lanes: list[Lane],
    scale: _Scale,
    colour_groups: dict[str, Group],
    *,
    collapsed: bool,
) -> LineageChart:
    height = lanes[-1].y + lanes[-1].height + BOTTOM
    used = {node.group.id for node in nodes.values()}
    return LineageChart(
        WIDTH,
        math.ceil(height),
        tuple(sorted(nodes.values(), key=lambda n: (n.y, n.x, n.key))),
        tuple(edges),
        tuple(lanes),
        scale.ticks(),
        tuple(g for g in colour_groups.values() if g.id in used),
        collapsed,
    )


def _collapsed(
    catalog: Catalog,
    cites: list[tuple[str, str]],
    papers: list[Paper],
    colour_groups: dict[str, Group],
    group_target: Callable[[int, str], str],
) -> LineageChart:
    """One node per (year, top-level section), one edge per pair of them, weighted."""

    def key_of(paper: Paper) -> str:
        return f"{published(paper)[0]}/{top_section(catalog, paper.section)}"

    counts = Counter(key_of(p) for p in papers)
    scale = _scale(int(key.split("/")[0]) for key in counts)
    per_year = scale.span / (scale.last - scale.first)
    largest = max(counts.values())
    members: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for key in sorted(counts):
        year, group_id = key.split("/")
        members[group_id].append((key, scale.x(int(year) + 0.5) - 1, 2))
    lanes, placed = _lanes(members, colour_groups)
    limit = max(4.0, min(10.0, per_year / 2 - 2))
    nodes = {}
    for key, count in counts.items():
        year, group_id = key.split("/")
        group = colour_groups[group_id]
        nodes[key] = Node(
            key,
            scale.x(int(year) + 0.5),
            placed[key][0] - 4,
            round(4 + (limit - 4) * math.sqrt(count / largest), 1),
            group,
            str(count),
            f"{year}, {group.title}: {count} papers",
            group_target(int(year), group_id),
            count,
        )
    pairs = Counter((key_of(catalog.paper(a)), key_of(catalog.paper(b))) for a, b in cites)
    edges = [
        Edge(a, b, _edge_path(nodes[a], nodes[b]), weight)
        for (a, b), weight in sorted(pairs.items())
        if a != b
    ]
    return _chart(nodes, edges, lanes, scale, colour_groups, collapsed=True)


def timeline_chart(catalog: Catalog) -> TimelineChart | None:
    """Papers per year, stacked by top-level section; None when no paper has a year."""
    dated = [p for p in catalog.papers if p.year is not None]
    if not dated:
        return None
    colour_groups = groups(catalog)
    counts = Counter((p.year, top_section(catalog, p.section)) for p in dated)
    known = [p.year for p in dated if p.year is not None]
    years = range(min(known), max(known) + 1)
    totals = {year: sum(counts[(year, g)] for g in colour_groups) for year in years}
    top = max(totals.values())
    unit = BAR_AREA / top
    slot = (WIDTH - 56.0 - 16.0) / len(years)
    baseline = TOP + BAR_AREA
    bars = []
    for index, year in enumerate(years):
        segments, y = [], baseline
        for group_id, group in colour_groups.items():
            if count := counts[(year, group_id)]:
                height = round(count * unit, 1)
                y = round(y - height, 1)
                segments.append(Segment(group, y, height, count))
        x = round(56.0 + index * slot + slot * 0.15, 1)
        bars.append(Bar(year, x, round(slot * 0.7, 1), totals[year], tuple(segments)))
    step = _nice_step(top)
    used = {g for (_, g) in counts}
    return TimelineChart(
        WIDTH,
        math.ceil(baseline + 40),
        tuple(bars),
        baseline,
        tuple((round(baseline - v * unit, 1), v) for v in range(0, top + 1, step)),
        tuple(g for g in colour_groups.values() if g.id in used),
        max(1, math.ceil(len(years) / 16)),
    )


def _nice_step(top: int) -> int:
    """A step of 1, 2 or 5 times a power of ten giving at most six gridlines."""
    power = 1
    while True:
        for factor in (1, 2, 5):
            if top / (factor * power) <= 5:
                return factor * power
        power *= 10
