"""Crossref's REST API: works found by a bibliographic query (a title, or a whole citation).

`GET /works?query.bibliographic=...&rows=N` ranks works by how well their title, authors,
venue and year match the text (https://api.crossref.org/swagger-ui/index.html, "works");
the answer's `message.items` holds one record per work, each with `DOI`, `title` (a list),
`container-title` and `issued.date-parts`. Looking a DOI up is `sources.metadata`'s.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.sources.metadata_formats import (
    crossref_date,
    crossref_title,
    crossref_venue,
    published_venue,
)
from generator.text.identifiers import arxiv_from_doi, bare_doi

from .http import Client, SourceError
from .works import Work

SERVICE = "Crossref"


def works_by_title(client: Client, title: str, *, rows: int = 5) -> list[Work]:
    """The works Crossref ranks first for `title` (one request)."""
    url = client.endpoints.crossref.rstrip("/")
    params: dict[str, Any] = {"query.bibliographic": " ".join(title.split()), "rows": rows}
    if client.settings.email:
        params["mailto"] = client.settings.email  # Crossref's polite pool
    answer = client.get(SERVICE, url, params).json(SERVICE)
    message = answer.get("message") if isinstance(answer, dict) else None
    items = message.get("items") if isinstance(message, dict) else None
    if not isinstance(items, list):
        raise SourceError(SERVICE, "unexpected answer; try again later")
    return [work for item in items if isinstance(item, dict) and (work := _work(item))]


def _work(item: dict[str, Any]) -> Work | None:
    title, doi = crossref_title(item), bare_doi(item.get("DOI"))
    if not title or not doi:
        return None
    arxiv = arxiv_from_doi(doi)
    venue = crossref_venue(item)
    return Work(
        title=title,
        source=SERVICE,
        date=_date(crossref_date(item)),
        arxiv=arxiv,
        doi=None if arxiv else doi,
        url=f"https://arxiv.org/abs/{arxiv}" if arxiv else f"https://doi.org/{doi}",
        venue=published_venue(venue) if venue else "",
    )


def _date(found: tuple[int, int | None] | None) -> dt.date | None:
    """A work's date for `Work`: its month's first day, January 1 when only the year is known."""
    if found is None:
        return None
    year, month = found
    try:
        return dt.date(year, month or 1, 1)
    except ValueError:
        return None
