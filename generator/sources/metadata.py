"""Fetch a paper's metadata from arXiv, Crossref or its landing page's citation meta tags.

Every failure (offline, timeout, HTTP error, a response that cannot be read, no such paper)
is raised as a `MetadataError` subclass whose message says what happened and what to do.
The requests go through the one service client (`http.Client`): paced, guarded, capped.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from generator.net.errors import Kind
from generator.sources import github
from generator.sources.http import (
    ATOM_TYPE,
    JSON_TYPE,
    Answer,
    Client,
    Endpoints,
    NotFound,
    Settings,
    SourceError,
)
from generator.sources.metadata_formats import (
    ARXIV_ID,
    DOI,
    MalformedResponse,
    MetadataError,
    PaperMetadata,
    PaperNotFound,
    parse_arxiv_feed,
    parse_citation_meta,
    parse_crossref,
)
from generator.text.identifiers import ARXIV_DOI
from generator.text.urls import arxiv_id_from_url, url_problems

__all__ = [
    "MalformedResponse",
    "MetadataError",
    "PaperMetadata",
    "PaperNotFound",
    "Reference",
    "RefusedAddress",
    "ServiceError",
    "ServiceUnavailable",
    "UnsupportedReference",
    "fetch_metadata",
    "fetch_repository",
    "parse_reference",
]

TIMEOUT = 30.0  # seconds for each request as a whole


class UnsupportedReference(MetadataError):
    """The argument is neither an arXiv id, a DOI nor an http(s) URL."""


class ServiceUnavailable(MetadataError):
    """No answer: offline, unknown host, refused connection or timeout."""


class ServiceError(MetadataError):
    """The service answered with an HTTP error status."""


class RefusedAddress(MetadataError):
    """The URL, a redirect or a service's host leads inside the network: not contacted."""


@dataclass(frozen=True)
class Reference:
    """What the contributor asked for: kind is 'arxiv', 'doi', 'repository' (a GitHub
    repository's page: a tool, its value `owner/name`) or 'url'."""

    kind: str
    value: str


def parse_reference(text: str) -> Reference:
    """Classify an arXiv id or URL, a DOI (bare, doi: or doi.org URL) or another landing page."""
    text = text.strip()
    if match := ARXIV_ID.match(text):
        return Reference("arxiv", match.group("id"))
    if match := DOI.match(text):
        doi = match.group("doi")
        if text.lower().startswith("http"):
            doi = unquote(doi)  # a doi.org URL may percent-encode the DOI's ( ) ; and so on
        if arxiv := ARXIV_DOI.match(doi):  # DataCite's, unknown to Crossref
            return Reference("arxiv", arxiv.group("id"))
        return Reference("doi", doi)
    if arxiv_id := arxiv_id_from_url(text):
        return Reference("arxiv", arxiv_id)
    if full_name := github.repository_home(text):
        return Reference("repository", full_name)
    if urlsplit(text).scheme in {"http", "https"}:
        problems = url_problems(text)
        if problems:
            message, hint = problems[0]
            raise UnsupportedReference(f"{text}: {message}; {hint}")
        return Reference("url", text)
    raise UnsupportedReference(
        f"{text!r} is not an arXiv id (2202.05262), a DOI (10.18653/v1/D16-1139) "
        "or an http(s) URL of the paper's landing page"
    )


def fetch_metadata(
    reference: Reference,
    endpoints: Endpoints | None = None,
    *,
    contact: str = "",
    timeout: float = TIMEOUT,
    allow_private: bool = False,
) -> PaperMetadata:
    """The paper's metadata; link-local and metadata addresses are never contacted, private
    and loopback ones only with `allow_private` (checked after DNS, on every redirect)."""
    settings = Settings(contact=contact, timeout=timeout, retries=1, allow_private=allow_private)
    client = Client(settings, endpoints or Endpoints())
    try:
        return _fetch(client, reference)
    finally:
        client.close()


def fetch_repository(
    reference: Reference,
    endpoints: Endpoints | None = None,
    *,
    contact: str = "",
    timeout: float = TIMEOUT,
    allow_private: bool = False,
) -> github.Repository:
    """A GitHub repository's name and description, asked of GitHub's API (a token from
    GITHUB_TOKEN is used when set), guarded as `fetch_metadata` is."""
    token = os.environ.get("GITHUB_TOKEN") or None
    settings = Settings(
        contact=contact, timeout=timeout, retries=1, allow_private=allow_private, github_token=token
    )
    client = Client(settings, endpoints or Endpoints())
    url = f"{client.endpoints.github.rstrip('/')}/repos/{reference.value}"
    try:
        return github.repository(client, reference.value)
    except NotFound as error:
        raise PaperNotFound(
            f"GitHub has no repository {reference.value} (HTTP {error.status} for {url})"
        ) from None
    except SourceError as error:
        raise _metadata_error(error, url) from None
    finally:
        client.close()


def _fetch(client: Client, reference: Reference) -> PaperMetadata:
    endpoints = client.endpoints
    if reference.kind == "arxiv":
        answer = _get(client, "arXiv", endpoints.arxiv, {"id_list": reference.value}, ATOM_TYPE)
        return parse_arxiv_feed(answer.text, reference.value)
    if reference.kind == "doi":
        url = endpoints.crossref.rstrip("/") + "/" + quote(reference.value, safe="/")
        polite = {"mailto": client.settings.email} if client.settings.email else None
        return parse_crossref(
            _get(client, "Crossref", url, polite, JSON_TYPE).text, reference.value
        )
    host = urlsplit(reference.value).netloc
    answer = _get(client, host, reference.value, None, "text/html")
    if "html" not in answer.content_type:
        raise MalformedResponse(
            f"{reference.value} serves {answer.content_type or 'no content type'}, not an HTML "
            "page; give the paper's landing page (arXiv abstract, OpenReview forum, ACL "
            "Anthology page), not a PDF"
        )
    return parse_citation_meta(answer.text, reference.value)


def _get(
    client: Client, service: str, url: str, params: dict[str, str] | None, accept: str
) -> Answer:
    try:
        return client.get(service, url, params, accept=accept)
    except NotFound as error:
        raise PaperNotFound(
            f"{service} has no such paper (HTTP {error.status} for {url})"
        ) from None
    except SourceError as error:
        if error.status == 400 and error.answer is not None and service == "arXiv":
            return error.answer  # arXiv says why in an Atom error entry: the parser reads it
        raise _metadata_error(error, url) from None


def _metadata_error(error: SourceError, url: str) -> MetadataError:
    service = error.service
    if error.kind is Kind.REFUSED_ADDRESS:
        return RefusedAddress(error.reason)
    if error.kind is Kind.TOO_LARGE:
        return MalformedResponse(f"{service} {error.reason}")
    if error.kind is Kind.TIMEOUT:
        return ServiceUnavailable(f"{service} did not answer in time; try again later")
    if error.status is None:
        host = urlsplit(url).netloc
        return ServiceUnavailable(
            f"cannot reach {service} at {host} ({error.detail}); are you offline?"
        )
    if error.status == 429 or error.status >= 500:
        return ServiceError(f"{service} is unavailable (HTTP {error.status}); try again later")
    return ServiceError(f"{service} refused the request (HTTP {error.status} for {url})")
