"""GitHub's REST API: a repository's stars, last push, archived state and description.

`GET /repos/{owner}/{repo}` answers `stargazers_count`, `pushed_at`, `archived` and
`description` (null when the owner wrote none); every
answer carries `X-RateLimit-Remaining` and `X-RateLimit-Reset` (epoch seconds), which the
client watches. A token from `GITHUB_TOKEN` raises the limit from 60 to 5,000 an hour. A
renamed or transferred repository answers 301 to `/repositories/{id}`, followed to the
record whose `full_name` is the new name; a deleted one answers 404.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from generator.catalog.facts import MAX_COUNT
from generator.sources.metadata_formats import one_line

from .http import Client, SourceError

SERVICE = "GitHub"
# Any github.com URL inside a repository: the tree or a file of it, a clone URL, a fragment.
_REPOSITORY = re.compile(
    r"^https?://(?:www\.)?github\.com/(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))"
    r"/(?P<name>[A-Za-z0-9._-]+?)(?:\.git)?(?:[/#?].*)?$",
    re.IGNORECASE,
)
# First path segments that are GitHub's own pages, not owners.
_NOT_OWNERS = frozenset({"orgs", "topics", "features", "marketplace", "sponsors", "settings"})


@dataclass(frozen=True)
class Repository:
    full_name: str
    stars: int
    pushed_at: str
    archived: bool
    description: str = ""  # one line of the owner's words, what `new` writes for a tool


def repository_name(url: str) -> str | None:
    """`owner/name` of a github.com URL in a repository (`/tree/main/x`, `/blob/...`, `.git`)."""
    match = _REPOSITORY.match(url.strip())
    if (
        not match
        or match.group("owner").lower() in _NOT_OWNERS
        or match.group("name")
        in {
            ".",
            "..",
        }
    ):
        return None
    return f"{match.group('owner')}/{match.group('name')}"


def repository_home(url: str) -> str | None:
    """`owner/name` of a repository's own page (`https://github.com/owner/name`, a trailing
    slash or `.git`), not of a file or folder in it."""
    name = repository_name(url)
    path = urlsplit(url.strip()).path.strip("/").removesuffix(".git")
    return name if name and path.casefold() == name.casefold() else None


def repository(client: Client, full_name: str) -> Repository:
    headers = {"X-GitHub-Api-Version": "2022-11-28"}
    if client.settings.github_token:
        headers["Authorization"] = f"Bearer {client.settings.github_token}"
    url = f"{client.endpoints.github.rstrip('/')}/repos/{full_name}"
    answer = client.get(SERVICE, url, accept="application/vnd.github+json", **headers)
    data = answer.json(SERVICE)
    return _repository(data, full_name)


def _repository(data: Any, full_name: str) -> Repository:
    if not isinstance(data, dict):
        raise SourceError(SERVICE, f"unexpected answer for {full_name}")
    stars, pushed, archived = (data.get(k) for k in ("stargazers_count", "pushed_at", "archived"))
    if not isinstance(stars, int) or isinstance(stars, bool) or not isinstance(archived, bool):
        raise SourceError(SERVICE, f"unexpected answer for {full_name}")
    if not 0 <= stars <= MAX_COUNT:
        shown = str(stars) if len(str(stars)) <= 20 else f"a {len(str(stars))}-digit number"
        raise SourceError(SERVICE, f"an absurd star count for {full_name} ({shown}); refused")
    name, description = data.get("full_name"), data.get("description")
    valid = isinstance(name, str) and repository_name(f"https://github.com/{name}") == name
    return Repository(
        full_name=name if valid else full_name,
        stars=stars,
        pushed_at=pushed[:10] if isinstance(pushed, str) else "",
        archived=archived,
        description=one_line(description) if isinstance(description, str) else "",
    )
