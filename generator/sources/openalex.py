"""OpenAlex: works by DOI, and the works that cite one, page after page by cursor.

`GET /works?filter=doi:A|B` finds up to 100 works by DOI at once; `filter=cites:W123` lists
the works citing W123. Lists page with `cursor=*` and then `meta.next_cursor` until it is
null or `results` is empty (https://developers.openalex.org/guides/page-through-results).
arXiv papers are found by arXiv's DOI, 10.48550/arXiv.ID.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from generator.sources.metadata_formats import published_venue
from generator.text.identifiers import arxiv_from_doi, bare_doi

from .http import Client, SourceError
from .works import Work, parse_date

SERVICE = "OpenAlex"
PER_PAGE = 100
DOIS_PER_REQUEST = 50
MAX_PAGES = 20  # of one list, whatever the cursors say


def doi_for(arxiv: str | None, doi: str | None) -> str | None:
    return doi or (f"10.48550/arXiv.{arxiv}" if arxiv else None)


def _params(client: Client, **params: Any) -> dict[str, Any]:
    """The query with the key (required since February 2026) and the polite pool's mailto."""
    if client.settings.openalex_key:
        params["api_key"] = client.settings.openalex_key
    if client.settings.email:
        params["mailto"] = client.settings.email
    return params


def works_by_doi(client: Client, dois: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Records by lower-cased DOI; DOIs OpenAlex does not know are missing."""
    found: dict[str, dict[str, Any]] = {}
    url = f"{client.endpoints.openalex.rstrip('/')}/works"
    for start in range(0, len(dois), DOIS_PER_REQUEST):
        chunk = dois[start : start + DOIS_PER_REQUEST]
        params = _params(client, filter="doi:" + "|".join(chunk), per_page=PER_PAGE)
        for record in _results(client.get(SERVICE, url, params).json(SERVICE)):
            doi = bare_doi(record.get("doi"))
            if doi:
                found[doi.lower()] = record
    return found


def works_by_title(client: Client, title: str, *, per_page: int = 5) -> list[Work]:
    """The works OpenAlex's full-text `search` ranks first for `title` (one request)."""
    url = f"{client.endpoints.openalex.rstrip('/')}/works"
    params = _params(client, search=" ".join(title.split()), per_page=per_page)
    records = _results(client.get(SERVICE, url, params).json(SERVICE))
    return [work for record in records if (work := _work(record))]


def citing(client: Client, work_id: str, *, max_items: int = 2000) -> list[Work]:
    """The works citing `work_id` (`W123` or `https://openalex.org/W123`)."""
    short = work_id.rsplit("/", 1)[-1]
    url = f"{client.endpoints.openalex.rstrip('/')}/works"
    works: list[Work] = []
    cursor: str | None = "*"
    seen: set[str] = set()
    for _ in range(MAX_PAGES):  # a repeated cursor, an empty page or the page count ends it
        if not cursor or cursor in seen or len(works) >= max_items:
            break
        seen.add(cursor)
        params = _params(client, filter=f"cites:{short}", per_page=PER_PAGE, cursor=cursor)
        page = client.get(SERVICE, url, params).json(SERVICE)
        results = _results(page)
        works += [work for record in results if (work := _work(record))]
        following = page["meta"].get("next_cursor")
        cursor = following if results and isinstance(following, str) else None
    return works


def _results(page: Any) -> list[dict[str, Any]]:
    if (
        not isinstance(page, dict)
        or not isinstance(page.get("meta"), dict)
        or not isinstance(page.get("results"), list)
    ):
        raise SourceError(SERVICE, "unexpected answer; try again later")
    return [record for record in page["results"] if isinstance(record, dict)]


def _work(record: dict[str, Any]) -> Work | None:
    title = record.get("display_name") or record.get("title")
    if not isinstance(title, str) or not title.strip():
        return None
    doi = bare_doi(record.get("doi"))
    arxiv = arxiv_from_doi(doi)
    return Work(
        title=" ".join(title.split()),
        source=SERVICE,
        date=parse_date(record.get("publication_date")),
        arxiv=arxiv,
        doi=None if arxiv else doi,
        url=_url(arxiv, doi),
        abstract=abstract(record.get("abstract_inverted_index")),
        venue=venue_of(record),
    )


def _url(arxiv: str | None, doi: str | None) -> str | None:
    if arxiv:
        return f"https://arxiv.org/abs/{arxiv}"
    return f"https://doi.org/{doi}" if doi else None


def abstract(inverted: Any) -> str:
    """The text of OpenAlex's inverted index: {word: [positions]}."""
    if not isinstance(inverted, dict):
        return ""
    placed: dict[int, str] = {}
    for word, positions in inverted.items():
        for position in positions if isinstance(positions, list) else ():
            if isinstance(position, int):
                placed[position] = str(word)
    return " ".join(placed[index] for index in sorted(placed))


def venue_of(record: dict[str, Any]) -> str:
    """The journal or conference of the primary location, '' for a repository (arXiv)."""
    location = record.get("primary_location")
    source = location.get("source") if isinstance(location, dict) else None
    if not isinstance(source, dict) or source.get("type") == "repository":
        return ""
    name = source.get("display_name")
    return published_venue(name) if isinstance(name, str) else ""
