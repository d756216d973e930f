"""A stand-in for arXiv, Semantic Scholar, OpenAlex and GitHub on 127.0.0.1 (import explicitly).

Routes map (method, path) to a function of the request that returns (status, headers, body);
every request is recorded with its query, body and headers. The helpers below write answers
in each API's documented shape.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from support.http import serving


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any = None


Answer = tuple[int, dict[str, str], str]
Route = Callable[[Request], Answer]


@dataclass
class ApiServer:
    routes: dict[tuple[str, str], Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    base: str = ""

    def route(self, method: str, path: str, answer: Route) -> None:
        self.routes[(method, path)] = answer

    def hits(self, path: str) -> list[Request]:
        return [request for request in self.requests if request.path == path]

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


def json_answer(data: Any, status: int = 200, **headers: str) -> Answer:
    return status, {"Content-Type": "application/json", **headers}, json.dumps(data)


def error(status: int, message: str = "error", **headers: str) -> Route:
    return lambda _request: json_answer({"message": message}, status, **headers)


def in_turn(*routes: Route) -> Route:
    """The n-th request gets the n-th route; later ones the last."""
    calls = []

    def answer(request: Request) -> Answer:
        calls.append(request)
        return routes[min(len(calls), len(routes)) - 1](request)

    return answer


def _handler(server: ApiServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._answer(None)

        def do_HEAD(self) -> None:
            self._answer(None)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            self._answer(json.loads(self.rfile.read(length) or b"null"))

        def _answer(self, body: Any) -> None:
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
            request = Request(self.command, parts.path, query, dict(self.headers.items()), body)
            server.requests.append(request)
            route = server.routes.get((self.command, parts.path))
            status, headers, text = route(request) if route else error(404, "Not Found")(request)
            data = text.encode("utf-8")
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture(name="api")
def api_fixture(monkeypatch: pytest.MonkeyPatch) -> Iterator[ApiServer]:
    state = ApiServer()
    with serving(_handler(state), monkeypatch) as base:
        state.base = base
        yield state


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


def github_repository(full_name: str, stars: int, archived: bool = False) -> dict[str, Any]:
    owner = full_name.split("/")[0]
    return {
        "id": 1296269,
        "name": full_name.split("/")[1],
        "full_name": full_name,
        "owner": {"login": owner},
        "html_url": f"https://github.com/{full_name}",
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
