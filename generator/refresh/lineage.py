"""Which listed papers each listed paper cites, from the citation services, into facts.json.

Semantic Scholar answers a paper's references (`/paper/{id}/references`, one paper a request);
each reference is matched to the listed papers by the one same-paper rule (catalog/same.py:
arXiv id, DOI or title). A paper it cannot answer for (unknown, no references, or the service
down) is asked of OpenAlex, whose work records name their `referenced_works` by OpenAlex id:
the listed papers' own records, found by DOI, say which id is which listed paper.

A paper's `lineage` fact is replaced only when a service answered for it, and removed when
the answer names no listed paper; otherwise the last one is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from generator.catalog import same
from generator.catalog.model import Catalog, Paper
from generator.sources import openalex, semantic_scholar
from generator.sources.http import Client, NotFound, RateLimited, SourceError
from generator.sources.works import Work

if TYPE_CHECKING:
    from generator.refresh import Refreshed

MAX_REFERENCES = 2000  # of one paper: a survey's bibliography fits


def refresh_lineage(client: Client, catalog: Catalog, result: Refreshed, checked: str) -> None:
    listed = same.Index()
    for paper in catalog.papers:
        listed.add(paper.id, same.keys_of(paper))
    asked = [paper for paper in catalog.papers if paper.arxiv or paper.doi]
    unanswered = _semantic_scholar(client, asked, listed, result, checked)
    if unanswered:
        _openalex(client, catalog, unanswered, result, checked)


def _record(
    result: Refreshed, paper: Paper, cited: Iterable[str], source: str, checked: str
) -> None:
    facts = result.entries[f"paper:{paper.id}"]
    ids = sorted(set(cited) - {paper.id})
    if ids:
        facts["lineage"] = {"cites": ids, "source": source, "checked": checked}
    else:
        facts.pop("lineage", None)  # the service answered: it cites no listed paper
    result.fetched += 1


def _semantic_scholar(
    client: Client, papers: list[Paper], listed: same.Index, result: Refreshed, checked: str
) -> list[Paper]:
    """The references of each paper; the papers Semantic Scholar had none for."""
    unanswered = []
    for position, paper in enumerate(papers):
        identifier = semantic_scholar.paper_id(paper.arxiv, paper.doi) or ""
        try:
            works = semantic_scholar.related(
                client, identifier, "references", max_items=MAX_REFERENCES
            )
        except NotFound:
            works = []
        except RateLimited as error:
            result.warn(error, "asking OpenAlex for the references of the rest")
            return unanswered + papers[position:]
        except SourceError as error:
            result.warn(error, "asking OpenAlex for the references")
            works = []
        if works:
            _record(result, paper, _matched(works, listed), semantic_scholar.SERVICE, checked)
        else:
            unanswered.append(paper)
    return unanswered


def _matched(works: Iterable[Work], listed: same.Index) -> set[str]:
    found = (listed.find(same.keys_of(work)) for work in works)
    return {match[0] for match in found if match}


def _openalex(
    client: Client, catalog: Catalog, papers: list[Paper], result: Refreshed, checked: str
) -> None:
    dois = {
        paper.id: doi.lower()
        for paper in catalog.papers
        if (doi := openalex.doi_for(paper.arxiv, paper.doi))
    }
    try:
        records = openalex.works_by_doi(client, sorted(set(dois.values())))
    except SourceError as error:
        result.warn(error, f"{len(papers)} papers keep their last lineage")
        return
    by_work = {
        work: paper_id
        for paper_id, doi in dois.items()
        if doi in records and (work := _short(records[doi].get("id")))
    }
    for paper in papers:
        record = records.get(dois.get(paper.id, ""))
        references = record.get("referenced_works") if record else None
        if isinstance(references, list) and references:
            cited = {by_work[w] for w in map(_short, references) if w in by_work}
            _record(result, paper, cited, openalex.SERVICE, checked)


def _short(work_id: Any) -> str:
    """`W123` of `https://openalex.org/W123`; '' for anything but text."""
    return work_id.rsplit("/", 1)[-1] if isinstance(work_id, str) else ""
