"""What the README template needs beyond the Catalog: heading anchors as GitHub computes them,
the words beside each entry's link, and the size GitHub still renders.

Plain values only; `templates/README.md.j2` decides how they look.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from generator.catalog.model import Catalog, Paper
from generator.diagnostics import Diagnostic
from generator.text.markup import github_anchor

GITHUB_RENDER_LIMIT = 512 * 1024  # GitHub shows a README up to this size, then only a notice
KIND_LABELS = {
    "paper": "Paper",
    "report": "Technical report",
    "tool": "Tool",
    "tutorial": "Tutorial",
    "benchmark": "Benchmark",
    "dataset": "Dataset",
    "blog": "Blog post",
    "resource": "Resource",
}
KIND_COUNTED = {  # (one, many)
    "paper": ("paper", "papers"),
    "report": ("technical report", "technical reports"),
    "tool": ("tool", "tools"),
    "tutorial": ("tutorial", "tutorials"),
    "benchmark": ("benchmark", "benchmarks"),
    "dataset": ("dataset entry", "dataset entries"),
    "blog": ("blog post", "blog posts"),
    "resource": ("resource", "resources"),
}
_MONTH_NAMES = tuple(calendar.month_name)


@dataclass
class Slugger:
    """GitHub's heading anchors, in document order: a repeated heading gets '-1', '-2'..."""

    occurrences: dict[str, int] = field(default_factory=dict)

    def slug(self, heading: str) -> str:
        base = result = github_anchor(heading)
        while result in self.occurrences:
            self.occurrences[base] += 1
            result = f"{base}-{self.occurrences[base]}"
        self.occurrences[result] = 0
        return result


@dataclass(frozen=True)
class ReadmeAnchors:
    sections: dict[str, str]
    datasets: dict[str, str]


def readme_grouped(catalog: Catalog) -> bool:
    """Whether the README groups entries under "Papers" and "Datasets": only a list with
    datasets of its own needs the two; any other keeps its sections as top-level headings."""
    return bool(catalog.datasets)


def readme_anchors(
    catalog: Catalog, fixed_before: tuple[str, ...], grouped: bool = True
) -> ReadmeAnchors:
    """The anchor of every section and dataset heading, in the order the README writes them."""
    slugger = Slugger()
    for heading in fixed_before:
        slugger.slug(heading)
    sections = {s.id: slugger.slug(s.title) for s in catalog.sections}
    if grouped:
        slugger.slug("Datasets")
    datasets = {d.id: slugger.slug(d.name) for d in catalog.datasets}
    return ReadmeAnchors(sections, datasets)


def publication_text(paper: Paper) -> str:
    """Venue, year, track and the month of first appearance, e.g. 'arXiv, February 2024'."""
    month = _MONTH_NAMES[paper.month] if paper.month else ""
    date_year = int(paper.date[:4]) if paper.date else paper.year
    venue = paper.venue or ""
    if not venue:
        return " ".join(str(part) for part in (month, date_year or "") if part)
    text = venue
    same_year = date_year == paper.year
    if month and venue == "arXiv" and same_year:
        text += f", {month}"
    if paper.year and str(paper.year) not in venue:
        text += f" {paper.year}"
    if paper.track:
        text += f" {paper.track}"
    if month and not (venue == "arXiv" and same_year):
        text += f", first released {month} {date_year}"
    return text


def entry_summary(paper: Paper) -> str:
    """What follows an entry's link: its kind unless a paper, then where and when."""
    parts = [KIND_LABELS[paper.kind]] if paper.kind != "paper" else []
    published = publication_text(paper)
    if published:
        parts.append(published)
    return ", ".join(parts)


_CODE_HOSTS = ("github.com", "gitlab.com", "codeberg.org", "bitbucket.org")
_PAPER_LIKE = {"paper", "report", "benchmark", "dataset"}


def main_link_label(paper: Paper) -> str:
    """What the entry's own link is, as a reader sees it: a paper, a repository, a website."""
    if paper.kind in _PAPER_LIKE:
        return "Paper"
    host = urlsplit(paper.url).netloc.lower().removeprefix("www.")
    return "Repository" if host in _CODE_HOSTS else "Website"


def counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def counts(catalog: Catalog) -> list[str]:
    """'13 papers', '1 tool', ..., '4 datasets': the kinds present, papers first."""
    by_kind: dict[str, int] = {}
    for paper in catalog.papers:
        by_kind[paper.kind] = by_kind.get(paper.kind, 0) + 1
    found = [
        counted(by_kind[kind], *KIND_COUNTED[kind]) for kind in KIND_COUNTED if kind in by_kind
    ]
    datasets = [counted(len(catalog.datasets), "dataset", "datasets")] if catalog.datasets else []
    return [*(found or ["0 papers"]), *datasets]


def readme_size_problem(readme: str, mode: str) -> Diagnostic | None:
    """A warning when GitHub would not render the README; None when it fits."""
    size = len(readme.encode("utf-8"))
    if size <= GITHUB_RENDER_LIMIT:
        return None
    kib = -(-size // 1024)
    message = f"README.md is {kib} KiB, more than the 512 KiB that GitHub renders"
    if mode == "summary":
        hint = "even the summary is too long: split the list into fewer top-level sections"
    else:
        hint = (
            "set `readme: {mode: summary}` in list.yaml: README.md then lists the sections "
            "with their counts and links to the site for the full list"
        )
    return Diagnostic("README.md", 1, 1, message, hint, "warning")
