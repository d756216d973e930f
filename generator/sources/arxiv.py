"""arXiv's export API: search the Atom feed by topic, newest first, page by page.

https://info.arxiv.org/help/api/user-manual.html: `search_query` with field prefixes (`ti:`,
`abs:`, `cat:`) and `AND`/`OR`, `start` and `max_results` for paging, `sortBy=submittedDate`;
the feed's `opensearch:totalResults` says how many there are.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence

from generator.sources.metadata_formats import (
    ARXIV_ID,
    ARXIV_NS,
    ATOM,
    MetadataError,
    journal_of,
    one_line,
    read_arxiv_feed,
)
from generator.text.identifiers import bare_doi

from .http import ATOM_TYPE, Client, SourceError
from .works import Work, parse_date

SERVICE = "arXiv"
_OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def topic_query(keywords: Sequence[str], categories: Sequence[str], since: dt.date | None) -> str:
    """`(cat:cs.CL OR cat:cs.LG) AND (ti:"model editing" OR abs:"model editing" ...)`."""
    parts = []
    if categories:
        parts.append("(" + " OR ".join(f"cat:{category}" for category in categories) + ")")
    if keywords:
        terms = [f'{field}:"{_phrase(word)}"' for word in keywords for field in ("ti", "abs")]
        parts.append("(" + " OR ".join(terms) + ")")
    if since:
        parts.append(f"submittedDate:[{since:%Y%m%d}0000 TO 999912312359]")
    return " AND ".join(parts)


def _phrase(keyword: str) -> str:
    return " ".join(keyword.replace('"', " ").split())


def search(
    client: Client, query: str, *, page_size: int = 100, max_results: int = 300
) -> list[Work]:
    """The newest papers matching `query`, at most `max_results`, one page per request."""
    works: list[Work] = []
    start = 0
    while start < max_results:  # a bounded number of pages, whatever totalResults says
        params = {
            "search_query": query,
            "start": start,
            "max_results": min(page_size, max_results - start),
            "sortBy": "submittedDate",
            "sortOrder": "descending",
        }
        feed = _feed(_answer_text(client, params))
        page = [work for entry in feed.findall(f"{ATOM}entry") if (work := _work(entry))]
        works += page
        total = _int(feed.findtext(f"{_OPENSEARCH}totalResults"))
        start += page_size
        if not page or (total is not None and start >= total):
            break
    return works


def works_by_title(client: Client, title: str, *, max_results: int = 5) -> list[Work]:
    """The papers whose title holds `title` as a phrase (`ti:"..."`), newest first."""
    query = f'ti:"{_phrase(title)}"'
    return search(client, query, page_size=max_results, max_results=max_results)


def _answer_text(client: Client, params: dict[str, object]) -> str:
    """The feed's text; on HTTP 400 arXiv's error feed, whose summary says what was wrong."""
    try:
        return client.get(SERVICE, client.endpoints.arxiv, params, accept=ATOM_TYPE).text
    except SourceError as error:
        if error.status == 400 and error.answer is not None:
            return error.answer.text
        raise


def _feed(text: str) -> ElementTree.Element:
    try:
        feed = read_arxiv_feed(text)
    except MetadataError as error:
        raise SourceError(SERVICE, str(error)) from None
    first = feed.find(f"{ATOM}entry")
    if first is not None and "/api/errors" in (first.findtext(f"{ATOM}id") or ""):
        reason = one_line(first.findtext(f"{ATOM}summary")) or "unknown error"
        raise SourceError(SERVICE, f"refused the query: {reason}")
    return feed


def _work(entry: ElementTree.Element) -> Work | None:
    link = one_line(entry.findtext(f"{ATOM}id"))
    match = ARXIV_ID.match(link.rsplit("/abs/", 1)[-1])
    title = one_line(entry.findtext(f"{ATOM}title"))
    if not match or not title:
        return None
    arxiv_id = match.group("id")
    return Work(
        title=title,
        source=SERVICE,
        date=parse_date(entry.findtext(f"{ATOM}published")),
        arxiv=arxiv_id,
        doi=bare_doi(one_line(entry.findtext(f"{ARXIV_NS}doi"))),
        url=f"https://arxiv.org/abs/{arxiv_id}",
        abstract=one_line(entry.findtext(f"{ATOM}summary")),
        venue=journal_of(one_line(entry.findtext(f"{ARXIV_NS}journal_ref"))),
    )


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None
