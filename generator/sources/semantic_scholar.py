"""The Semantic Scholar Graph API: a paper's citations and references, and batches of papers.

`GET /paper/{id}/citations` and `/references` page with `offset` and `limit`, and name the
next offset in `next` (absent on the last page); `POST /paper/batch` takes up to 500 ids in
`{"ids": [...]}` and answers a list in the same order, with `null` for an unknown id.
Ids are written `arXiv:2202.05262` or `DOI:10.18653/v1/D16-1139`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from generator.text.identifiers import arxiv_from_doi, bare_doi

from .http import Client, SourceError
from .works import Work, parse_date

SERVICE = "Semantic Scholar"
PAGE_SIZE = 1000  # the API's maximum for citations and references
BATCH_SIZE = 500  # the API's maximum for /paper/batch
WORK_FIELDS = "title,externalIds,publicationDate,year,abstract,venue,url"
FACT_FIELDS = "externalIds,citationCount,venue,publicationVenue,journal,year"


def paper_id(arxiv: str | None, doi: str | None) -> str | None:
    if arxiv:
        return f"arXiv:{arxiv}"
    return f"DOI:{doi}" if doi else None


def _headers(client: Client) -> dict[str, str]:
    key = client.settings.semantic_scholar_key
    return {"x-api-key": key} if key else {}


def related(
    client: Client, identifier: str, direction: str, *, max_items: int = 2000
) -> list[Work]:
    """The papers citing (`citations`) or cited by (`references`) the paper `identifier`."""
    nested = "citingPaper" if direction == "citations" else "citedPaper"
    url = f"{client.endpoints.semantic_scholar.rstrip('/')}/paper/{identifier}/{direction}"
    works: list[Work] = []
    offset: int | None = 0
    while offset is not None and offset < max_items:
        params = {"fields": WORK_FIELDS, "offset": offset, "limit": PAGE_SIZE}
        page = client.get(SERVICE, url, params, **_headers(client)).json(SERVICE)
        if not isinstance(page, dict) or not isinstance(page.get("data"), list):
            raise SourceError(SERVICE, f"unexpected answer for {identifier}; try again later")
        works += [w for item in page["data"] if (w := _work(_field(item, nested)))]
        following = page.get("next")
        offset = following if isinstance(following, int) and following > offset else None
    return works


def batch(client: Client, identifiers: Sequence[str], fields: str = FACT_FIELDS) -> list[Any]:
    """One record (a dict, or None when unknown) per identifier, in order."""
    url = f"{client.endpoints.semantic_scholar.rstrip('/')}/paper/batch?fields={fields}"
    records: list[Any] = []
    for start in range(0, len(identifiers), BATCH_SIZE):
        chunk = list(identifiers[start : start + BATCH_SIZE])
        answer = client.post(SERVICE, url, {"ids": chunk}, **_headers(client)).json(SERVICE)
        if not isinstance(answer, list) or len(answer) != len(chunk):
            raise SourceError(SERVICE, "the batch answer does not match the ids sent")
        records += [record if isinstance(record, dict) else None for record in answer]
    return records


def _field(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, dict) else None


def _work(paper: Any) -> Work | None:
    if not isinstance(paper, dict) or not isinstance(paper.get("title"), str):
        return None
    ids = paper.get("externalIds") if isinstance(paper.get("externalIds"), dict) else {}
    doi = bare_doi(ids.get("DOI"))
    arxiv = ids.get("ArXiv") if isinstance(ids.get("ArXiv"), str) else arxiv_from_doi(doi)
    date = parse_date(paper.get("publicationDate")) or parse_date(str(paper.get("year") or ""))
    return Work(
        title=" ".join(paper["title"].split()),
        source=SERVICE,
        date=date,
        arxiv=arxiv,
        doi=None if arxiv_from_doi(doi) else doi,
        url=f"https://arxiv.org/abs/{arxiv}" if arxiv else _text(paper.get("url")),
        abstract=_text(paper.get("abstract")),
        venue=_text(paper.get("venue")),
    )


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def venue_of(record: dict[str, Any]) -> str:
    """Where a paper was published, or '' for a preprint server."""
    publication = record.get("publicationVenue")
    name = publication.get("name") if isinstance(publication, dict) else None
    venue = _text(name) or _text(record.get("venue"))
    return "" if venue.casefold() in {"arxiv", "arxiv.org"} else venue
