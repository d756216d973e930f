"""The imported headings as the section tree of papers.yaml, shaped so that `validate` accepts it.

Only sections that hold an entry (or have a descendant that does) are kept. A title loses the
punctuation Markdown headings must not end in; a heading the README writes itself ("Papers",
"Datasets"...) that only groups subsections is replaced by them, one level up; one that holds
entries is renamed; two headings of one text (markdownlint refuses them) are told apart by
their parent's title. Every change is a notice for the import report.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.catalog.rules.structure import GROUP_HEADINGS, HEADING_PUNCTUATION, README_HEADINGS
from generator.catalog.scaffold import ascii_slug
from generator.importers.model import ImportedSection, UniqueIds, UnreadLine


def _own_headings(grouped: bool) -> set[str]:
    """The headings the README writes itself: 'Papers' and 'Datasets' only around a list
    with datasets."""
    kept = README_HEADINGS if grouped else set(README_HEADINGS) - set(GROUP_HEADINGS)
    return {heading.casefold() for heading in kept}


SectionPath = tuple[str, ...]


@dataclass
class SectionPlan:
    """Section ids by the source's heading path, the tree to write, and what was changed."""

    ids: dict[SectionPath, str]
    tree: list[dict[str, Any]]
    notices: list[UnreadLine] = field(default_factory=list)


def section_ids(sections: tuple[ImportedSection, ...]) -> dict[SectionPath, str]:
    """A slug for every heading, unique across the tree (a parent's slug tells twins apart)."""
    ids: dict[SectionPath, str] = {}
    taken = UniqueIds()

    def visit(section: ImportedSection, parent: str) -> None:
        candidate = ascii_slug(section.title) or "section"
        if candidate in taken and parent:
            candidate = f"{parent}-{candidate}"
        candidate = taken.new(candidate)
        ids[section.path] = candidate
        for child in section.children:
            visit(child, candidate)

    for section in sections:
        visit(section, "")
    return ids


def _is_own_heading(title: str, own: set[str]) -> bool:
    """'Papers' or 'Paper', 'Datasets' or 'Dataset': a heading the README writes itself."""
    folded = title.casefold()
    return folded in own or f"{folded}s" in own


class _Shaper:
    def __init__(
        self, ids: dict[SectionPath, str], used: Collection[SectionPath], own: set[str]
    ) -> None:
        self.ids, self.used, self.own = ids, used, own
        self.notices: list[UnreadLine] = []
        self.lines: dict[str, int] = {}  # source line of each written section, by id

    def holds_entries(self, section: ImportedSection) -> bool:
        return section.path in self.used or any(self.holds_entries(c) for c in section.children)

    def note(self, section: ImportedSection, what: str) -> None:
        self.notices.append(UnreadLine(section.line + 1, section.title, what))

    def shape(self, sections: tuple[ImportedSection, ...]) -> list[dict[str, Any]]:
        nodes: list[dict[str, Any]] = []
        for section in sections:
            if not self.holds_entries(section):
                continue
            title = section.title.strip().rstrip(HEADING_PUNCTUATION + " ").strip() or "Section"
            if title != section.title:
                self.note(section, f"section title written '{title}': headings end in no mark")
            children = self.shape(section.children)
            if _is_own_heading(title, self.own) and children and section.path not in self.used:
                lost = " (its description is left out)" if section.description else ""
                self.note(
                    section,
                    f"'{title}' only groups sections under a heading the README writes itself: "
                    f"its subsections take its place{lost}",
                )
                nodes += children
                continue
            node: dict[str, Any] = {"id": self.ids[section.path], "title": title}
            self.lines[node["id"]] = section.line + 1
            if section.description:
                node["description"] = section.description
            if children:
                node["sections"] = children
            nodes.append(node)
        return nodes

    def distinct_titles(self, tree: list[dict[str, Any]], headings: Collection[str]) -> None:
        """Every title its own heading: not the README's, a dataset's, or another section's."""
        taken = {h.casefold() for h in headings} | self.own
        for node, parent in _walk(tree, None):
            wanted = node["title"]
            title = wanted
            if title.casefold() in taken and parent is not None:
                title = f"{wanted} ({parent['title']})"
            if title.casefold() in taken and _is_own_heading(wanted, self.own):
                title = f"{wanted} List"
            number = 2
            while title.casefold() in taken:
                title, number = f"{wanted} {number}", number + 1
            if title != wanted:
                line = self.lines.get(node["id"], 0)
                why = f"section titled '{title}': another heading of the README is '{wanted}'"
                self.notices.append(UnreadLine(line, wanted, why))
                node["title"] = title
            taken.add(title.casefold())


def _walk(
    tree: list[dict[str, Any]], parent: dict[str, Any] | None
) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
    for node in tree:
        yield node, parent
        yield from _walk(node.get("sections", []), node)


def plan_sections(
    sections: tuple[ImportedSection, ...],
    used: Collection[SectionPath],
    headings: Collection[str] = (),
    grouped: bool = True,
) -> SectionPlan:
    """The tree of the sections in `used` (and their parents); `headings` are the other README
    headings (dataset names) a section title must not repeat; `grouped` when the README
    writes 'Papers' and 'Datasets' around them (a list with datasets)."""
    ids = section_ids(sections)
    shaper = _Shaper(ids, used, _own_headings(grouped))
    tree = shaper.shape(sections)
    shaper.distinct_titles(tree, headings)
    return SectionPlan(ids, tree, shaper.notices)
