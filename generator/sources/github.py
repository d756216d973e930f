"""GitHub's REST API: a repository's stars, last push and archived state.

`GET /repos/{owner}/{repo}` answers `stargazers_count`, `pushed_at` and `archived`; every
answer carries `X-RateLimit-Remaining` and `X-RateLimit-Reset` (epoch seconds), which the
client watches. A token from `GITHUB_TOKEN` raises the limit from 60 to 5,000 an hour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .http import Client, SourceError

SERVICE = "GitHub"
_REPOSITORY = re.compile(
    r"^https?://(?:www\.)?github\.com/(?P<owner>[A-Za-z0-9-]+)/(?P<name>[A-Za-z0-9._-]+?)"
    r"(?:\.git)?/?(?:[#?].*)?$"
)


@dataclass(frozen=True)
class Repository:
    full_name: str
    stars: int
    pushed_at: str
    archived: bool


def repository_name(url: str) -> str | None:
    """`owner/name` of a github.com repository URL; None for anything deeper or elsewhere."""
    match = _REPOSITORY.match(url.strip())
    return f"{match.group('owner')}/{match.group('name')}" if match else None


def repository(client: Client, full_name: str) -> Repository:
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
    if client.settings.github_token:
        headers["Authorization"] = f"Bearer {client.settings.github_token}"
    url = f"{client.endpoints.github.rstrip('/')}/repos/{full_name}"
    data = client.get(SERVICE, url, **headers).json(SERVICE)
    return _repository(data, full_name)


def _repository(data: Any, full_name: str) -> Repository:
    if not isinstance(data, dict):
        raise SourceError(SERVICE, f"unexpected answer for {full_name}")
    stars, pushed, archived = (data.get(k) for k in ("stargazers_count", "pushed_at", "archived"))
    if not isinstance(stars, int) or not isinstance(archived, bool):
        raise SourceError(SERVICE, f"unexpected answer for {full_name}")
    name = data.get("full_name")
    return Repository(
        full_name=name if isinstance(name, str) else full_name,
        stars=stars,
        pushed_at=pushed[:10] if isinstance(pushed, str) else "",
        archived=archived,
    )
