"""Which listed papers build on which: the citations `refresh` found, corrected by hand.

An edge `a -> b` means paper `a` cites (builds on) paper `b`. The edges are those of
facts.json's `lineage` (what a citation service answered), plus the paper's own `builds_on`,
minus its `not_builds_on`; only ids of listed papers count, and no paper builds on itself.
Both directions are listed newest first (by the date of first appearance, then the id), so
that a reader sees the latest work first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.catalog.model import Catalog, Paper


def published(paper: Paper) -> tuple[int, int, int]:
    """When the paper first appeared, as (year, month, day); unknown parts are 0."""
    if paper.date:
        year, month, day = ([int(part) for part in paper.date.split("-")] + [0, 0])[:3]
        return year, month, day
    return paper.year or 0, paper.month or 0, 0


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    by_id = sorted(papers, key=lambda paper: paper.id)
    return sorted(by_id, key=published, reverse=True)


@dataclass(frozen=True)
class Lineage:
    """The edges among the listed papers, by id in both directions, newest first."""

    builds_on: dict[str, tuple[str, ...]] = field(default_factory=dict)
    built_on_by: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def edges(self) -> list[tuple[str, str]]:
        """(citing, cited) pairs, in a stable order."""
        return [(a, b) for a, cited in sorted(self.builds_on.items()) for b in cited]

    def __bool__(self) -> bool:
        return bool(self.builds_on)


def cited_ids(catalog: Catalog, paper: Paper) -> set[str]:
    """The listed papers `paper` builds on: facts + `builds_on` - `not_builds_on`."""
    facts = catalog.facts_for("paper", paper.id)
    found = set(facts.lineage.cites) if facts and facts.lineage else set()
    return (found | set(paper.builds_on)) - set(paper.not_builds_on) - {paper.id}


def lineage(catalog: Catalog) -> Lineage:
    listed = {paper.id: paper for paper in catalog.papers}
    builds_on: dict[str, tuple[str, ...]] = {}
    reverse: dict[str, list[Paper]] = {}
    for paper in catalog.papers:
        cited = [listed[i] for i in cited_ids(catalog, paper) if i in listed]
        if cited:
            builds_on[paper.id] = tuple(p.id for p in newest_first(cited))
        for other in cited:
            reverse.setdefault(other.id, []).append(paper)
    built_on_by = {key: tuple(p.id for p in newest_first(found)) for key, found in reverse.items()}
    return Lineage(builds_on, built_on_by)
