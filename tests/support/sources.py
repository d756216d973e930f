"""arXiv, Semantic Scholar, OpenAlex and GitHub stood in for on 127.0.0.1 (import explicitly).

The server is support.http's `StandIn`; the helpers below write answers in each API's
documented shape.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from support.http import Request, StandIn, error, in_turn, json_answer, stand_in

__all__ = ["ApiServer", "Request", "error", "in_turn", "json_answer"]


class ApiServer(StandIn):
    """The stand-in with every service of generator/sources pointed at it."""

    def environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Point every service at this server, with no pacing or backoff to wait for."""
        monkeypatch.setenv("ARXIV_API_URL", self.base + "/api/query")
        monkeypatch.setenv("SEMANTIC_SCHOLAR_API_URL", self.base + "/graph/v1")
        monkeypatch.setenv("OPENALEX_API_URL", self.base + "/openalex")
        monkeypatch.setenv("GITHUB_API_URL", self.base + "/github")
        monkeypatch.setenv("ARXIV_DELAY", "0")
        monkeypatch.setenv("SEMANTIC_SCHOLAR_DELAY", "0")
        monkeypatch.setenv("SOURCES_BACKOFF", "0")
        monkeypatch.delenv("GITHUB_TOKEN", raising=False)
        monkeypatch.delenv("SEMANTIC_SCHOLAR_API_KEY", raising=False)


@pytest.fixture(name="api")
def api_fixture(monkeypatch: pytest.MonkeyPatch) -> Iterator[ApiServer]:
    with stand_in(monkeypatch, ApiServer) as server:
        yield server


# Answers in each service's documented shape ------------------------------------------------


def arxiv_entry(arxiv_id: str, title: str, published: str, summary: str = "") -> str:
    return f"""<entry>
    <id>http://arxiv.org/abs/{arxiv_id}v1</id>
    <updated>{published}T10:00:00Z</updated>
    <published>{published}T10:00:00Z</published>
    <title>{title}</title>
    <summary>{summary}</summary>
    <author><name>Ada Lovelace</name></author>
    <link href="http://arxiv.org/abs/{arxiv_id}v1" rel="alternate" type="text/html"/>
    <arxiv:primary_category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
  </entry>"""


def arxiv_feed(entries: list[str], total: int, start: int = 0) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"
      xmlns:arxiv="http://arxiv.org/schemas/atom">
  <link href="http://arxiv.org/api/query" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=...</title>
  <id>http://arxiv.org/api/abc</id>
  <updated>2025-01-10T00:00:00-05:00</updated>
  <opensearch:totalResults>{total}</opensearch:totalResults>
  <opensearch:startIndex>{start}</opensearch:startIndex>
  <opensearch:itemsPerPage>{len(entries)}</opensearch:itemsPerPage>
  {"".join(entries)}
</feed>"""


def s2_paper(title: str, *, arxiv: str | None = None, doi: str | None = None, **extra: Any):
    ids: dict[str, Any] = {"CorpusId": len(title)}
    if arxiv:
        ids["ArXiv"] = arxiv
    if doi:
        ids["DOI"] = doi
    return {"paperId": title.encode().hex()[:40], "title": title, "externalIds": ids, **extra}


def s2_page(nested: str, papers: list[dict[str, Any]], offset: int, following: int | None):
    page: dict[str, Any] = {"offset": offset, "data": [{nested: paper} for paper in papers]}
    if following is not None:
        page["next"] = following
    return page


def openalex_work(work_id: str, title: str, doi: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"https://openalex.org/{work_id}",
        "doi": f"https://doi.org/{doi}" if doi else None,
        "title": title,
        "display_name": title,
        **extra,
    }


def openalex_page(results: list[dict[str, Any]], next_cursor: str | None) -> dict[str, Any]:
    meta = {"count": 99, "db_response_time_ms": 12, "page": None, "per_page": 100}
    return {"meta": {**meta, "next_cursor": next_cursor}, "results": results, "group_by": []}


def github_repository(
    full_name: str, stars: int, archived: bool = False, description: str | None = None
) -> dict[str, Any]:
    """GET /repos/{owner}/{repo} as GitHub's REST reference shows it for octocat/Hello-World
    (`description` "This your first repo!", null when none), trimmed to what is read."""
    owner = full_name.split("/")[0]
    return {
        "id": 1296269,
        "name": full_name.split("/")[1],
        "full_name": full_name,
        "owner": {"login": owner},
        "html_url": f"https://github.com/{full_name}",
        "description": description,
        "stargazers_count": stars,
        "watchers_count": stars,
        "pushed_at": "2024-03-01T12:00:00Z",
        "archived": archived,
    }


def rate_headers(remaining: int, reset: int = 1_900_000_000) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": "60",
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": str(reset),
        "X-RateLimit-Used": str(60 - remaining),
        "X-RateLimit-Resource": "core",
    }
