"""Ask the services for candidates: arXiv by topic, and the citation graph of listed papers.

Semantic Scholar gives both directions (papers citing a listed paper, papers a listed paper
cites); a listed paper it cannot answer for is asked of OpenAlex instead (citing works only).
A source that fails adds a warning and the others carry on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.catalog.model import Catalog, Paper
from generator.diagnostics import Diagnostic, unanswered
from generator.sources import arxiv, openalex, semantic_scholar
from generator.sources.http import Client, NotFound, RateLimited, SourceError
from generator.sources.works import Work

from .inputs import Identity

CITES = "cites"  # the candidate cites the listed paper
CITED_BY = "cited by"  # the listed paper cites the candidate


@dataclass
class Found:
    works: dict[str, Work] = field(default_factory=dict)
    relations: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)  # the services' failures
    unidentified: int = 0  # papers a source named without any arXiv id, DOI or landing URL

    def add(self, work: Work, relation: tuple[str, str] | None = None) -> None:
        if not work.identified:
            self.unidentified += 1  # no `new` could add it: counted and said, not listed
            return
        known = self.works.get(work.key)
        if known is None or (not known.abstract and work.abstract):
            self.works[work.key] = work
        if relation:
            self.relations.setdefault(work.key, set()).add(relation)

    def warn(self, error: SourceError, then: str) -> None:
        """Say what a source could not do, once per source that refuses for the run."""
        if not error.repeat:
            self.warnings.append(unanswered(f"{error}; {then}"))


def find_candidates(
    client: Client,
    catalog: Catalog,
    identity: Identity,
    since: dt.date | None,
    *,
    max_topic_results: int = 300,
) -> Found:
    found = Found()
    query = arxiv.topic_query(identity.keywords, identity.arxiv_categories, since)
    try:
        for work in arxiv.search(client, query, max_results=max_topic_results):
            found.add(work)
    except SourceError as error:
        found.warn(error, "no candidates from the list's topics")
    fallback = _citation_graph(client, catalog, found)
    _openalex_citations(client, fallback, found)
    if found.unidentified:
        found.warnings.append(
            unanswered(
                f"{found.unidentified} papers the services named have no arXiv id, DOI or "
                "landing URL; they are left out of the candidates"
            )
        )
    return found


def _graph_papers(catalog: Catalog) -> list[Paper]:
    return [paper for paper in catalog.papers if paper.arxiv or paper.doi]


def _citation_graph(client: Client, catalog: Catalog, found: Found) -> list[Paper]:
    """Ask Semantic Scholar about each listed paper; return those it could not answer for."""
    fallback: list[Paper] = []
    for index, paper in enumerate(papers := _graph_papers(catalog)):
        identifier = semantic_scholar.paper_id(paper.arxiv, paper.doi)
        try:
            for direction, relation in (("citations", CITES), ("references", CITED_BY)):
                for work in semantic_scholar.related(client, identifier, direction):
                    found.add(work, (paper.id, relation))
        except RateLimited as error:
            found.warn(error, "asking OpenAlex for the remaining papers")
            return fallback + papers[index:]
        except NotFound:
            fallback.append(paper)
        except SourceError as error:
            found.warn(error, f"asking OpenAlex about '{paper.id}'")
            fallback.append(paper)
    return fallback


def _openalex_citations(client: Client, papers: list[Paper], found: Found) -> None:
    if not papers:
        return
    dois = {openalex.doi_for(p.arxiv, p.doi): p for p in papers}
    try:
        records = openalex.works_by_doi(client, [doi for doi in dois if doi])
        for doi, paper in dois.items():
            record = records.get((doi or "").lower())
            if record and isinstance(record.get("id"), str):
                for work in openalex.citing(client, record["id"]):
                    found.add(work, (paper.id, CITES))
    except SourceError as error:
        found.warn(error, f"the citations of {len(papers)} listed papers are missing")
