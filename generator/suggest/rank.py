"""Drop what the list has or dismissed, then order the rest by the evidence for each."""

from __future__ import annotations

import datetime as dt
import shlex
from collections import Counter
from dataclasses import dataclass

from generator.catalog import same
from generator.catalog.model import Catalog
from generator.sources.works import Work
from generator.text.urls import url_problems

from .find import CITED_BY, CITES, Found
from .inputs import Identity, Ignored

RECENT_DAYS = 365


@dataclass(frozen=True)
class Candidate:
    work: Work
    score: float
    cites: tuple[str, ...]  # ids of listed papers it cites
    cited_by: tuple[str, ...]  # ids of listed papers citing it
    title_keywords: tuple[str, ...]
    abstract_keywords: tuple[str, ...]
    age_days: int | None
    section: str
    section_reason: str
    command: str | None


@dataclass(frozen=True)
class Known:
    """The same-paper keys (catalog.same) of what the list has or dismissed."""

    keys: frozenset[tuple[str, str]]

    @classmethod
    def of(cls, catalog: Catalog, ignored: Ignored) -> Known:
        papers = [same.keys_of(paper) for paper in catalog.papers]
        publications = [same.keys_of(d.publication) for d in catalog.datasets if d.publication]
        datasets = [same.keys(url=d.url) for d in catalog.datasets]
        listed = {(k.kind, k.value) for keys in (*papers, *publications, *datasets) for k in keys}
        return cls(frozenset(listed) | ignored.keys)

    def has(self, work: Work) -> bool:
        return any((key.kind, key.value) in self.keys for key in same.keys_of(work))


def rank(
    found: Found,
    catalog: Catalog,
    identity: Identity,
    ignored: Ignored,
    *,
    today: dt.date,
    since: dt.date | None = None,
    limit: int | None = None,
) -> list[Candidate]:
    known = Known.of(catalog, ignored)
    candidates = [
        _candidate(work, found.relations.get(key, set()), catalog, identity, today)
        for key, work in found.works.items()
        if not known.has(work) and not (since and work.date and work.date < since)
    ]
    candidates.sort(
        key=lambda c: (-c.score, -(c.work.date or dt.date.min).toordinal(), c.work.title)
    )
    return candidates[:limit] if limit is not None else candidates


def _candidate(
    work: Work,
    relations: set[tuple[str, str]],
    catalog: Catalog,
    identity: Identity,
    today: dt.date,
) -> Candidate:
    cites = tuple(sorted(paper for paper, kind in relations if kind == CITES))
    cited_by = tuple(sorted(paper for paper, kind in relations if kind == CITED_BY))
    in_title = _matches(identity.keywords, work.title)
    in_abstract = _matches(identity.keywords, work.abstract)
    age = (today - work.date).days if work.date else None
    recency = max(0.0, 1 - age / RECENT_DAYS) if age is not None and age >= 0 else 0.0
    score = 3 * len(cites) + 3 * len(cited_by) + 2 * len(in_title) + len(in_abstract) + recency
    section, reason = _section(catalog, {*cites, *cited_by})
    return Candidate(
        work=work,
        score=round(score, 3),
        cites=cites,
        cited_by=cited_by,
        title_keywords=in_title,
        abstract_keywords=in_abstract,
        age_days=age,
        section=section,
        section_reason=reason,
        command=_command(work, section),
    )


def _matches(keywords: tuple[str, ...], text: str) -> tuple[str, ...]:
    words = " ".join(text.casefold().split())
    return tuple(k for k in keywords if " ".join(k.casefold().split()) in words)


def _section(catalog: Catalog, related: set[str]) -> tuple[str, str]:
    """The section most of the related listed papers are in; `new`'s default without any."""
    order = [section.id for section in catalog.sections]
    counts = Counter(catalog.paper(paper_id).section for paper_id in related)
    if not counts:
        return order[-1], "no related listed paper; the default section of `new`"
    best = max(counts.values())
    section = next(s for s in order if counts.get(s) == best)
    return section, f"{best} of {len(related)} related listed papers are there"


def _command(work: Work, section: str) -> str | None:
    """The `new` command that adds the paper, or None when it has no usable reference."""
    if work.arxiv:
        reference = work.arxiv
    elif work.doi:
        reference = work.doi
    elif work.url and work.url.startswith(("https://", "http://")) and not url_problems(work.url):
        reference = work.url
    else:
        return None
    return shlex.join(["python", "-m", "generator", "new", reference, "--section", section])
