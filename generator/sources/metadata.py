"""Fetch a paper's metadata from arXiv, Crossref or its landing page's citation meta tags.

Every failure (offline, timeout, HTTP error, a response that cannot be read, no such paper)
is raised as a `MetadataError` subclass whose message says what happened and what to do.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

import requests

from generator import user_agent
from generator.links.guard import AddressRefused, GuardedAdapter, Policy
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
    "Services",
    "UnsupportedReference",
    "fetch_metadata",
    "parse_reference",
]

ARXIV_API_URL = "https://export.arxiv.org/api/query"
CROSSREF_API_URL = "https://api.crossref.org/works/"
USER_AGENT = user_agent(detail="python -m generator new")
TIMEOUT = (10.0, 30.0)  # seconds to connect, seconds between bytes
MAX_BYTES = 5_000_000

_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


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
    """What the contributor asked for: kind is 'arxiv', 'doi' or 'url'."""

    kind: str
    value: str


@dataclass(frozen=True)
class Services:
    """Base URLs of the metadata services (tests point them at 127.0.0.1)."""

    arxiv: str = ARXIV_API_URL
    crossref: str = CROSSREF_API_URL

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Services:
        environ = os.environ if environ is None else environ
        return cls(
            arxiv=environ.get("ARXIV_API_URL") or ARXIV_API_URL,
            crossref=environ.get("CROSSREF_API_URL") or CROSSREF_API_URL,
        )


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
    services: Services | None = None,
    *,
    timeout: float | tuple[float, float] = TIMEOUT,
    allow_private: bool = False,
) -> PaperMetadata:
    """The paper's metadata; link-local and metadata addresses are never contacted, private
    and loopback ones only with `allow_private` (checked after DNS, on every redirect)."""
    services = services or Services()
    with _session(allow_private) as session:
        return _fetch(session, reference, services, timeout)


def _session(allow_private: bool) -> requests.Session:
    session = requests.Session()
    adapter = GuardedAdapter(Policy(allow_private))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": USER_AGENT})
    return session


def _fetch(
    session: requests.Session,
    reference: Reference,
    services: Services,
    timeout: float | tuple[float, float],
) -> PaperMetadata:
    if reference.kind == "arxiv":
        params = {"id_list": reference.value}
        body = _get(session, services.arxiv, "arXiv", timeout, params=params)
        return parse_arxiv_feed(body.text, reference.value)
    if reference.kind == "doi":
        url = services.crossref.rstrip("/") + "/" + quote(reference.value, safe="/")
        body = _get(session, url, "Crossref", timeout, accept="application/json")
        return parse_crossref(body.text, reference.value)
    host = urlsplit(reference.value).netloc
    body = _get(session, reference.value, host, timeout, accept="text/html")
    if "html" not in body.content_type:
        raise MalformedResponse(
            f"{reference.value} serves {body.content_type or 'no content type'}, not an HTML "
            "page; give the paper's landing page (arXiv abstract, OpenReview forum, ACL "
            "Anthology page), not a PDF"
        )
    return parse_citation_meta(body.text, reference.value)


@dataclass(frozen=True)
class _Body:
    text: str
    content_type: str


def _get(
    session: requests.Session,
    url: str,
    service: str,
    timeout: float | tuple[float, float],
    *,
    params: dict[str, str] | None = None,
    accept: str = "*/*",
) -> _Body:
    headers = {"Accept": accept}
    try:
        with session.get(
            url, params=params, headers=headers, timeout=timeout, stream=True
        ) as response:
            _raise_for_status(response, service)
            raw = _read_limited(response, service)
            content_type = response.headers.get("Content-Type", "")
    except AddressRefused as refused:
        raise RefusedAddress(refused.message) from None
    except requests.Timeout:
        raise ServiceUnavailable(f"{service} did not answer in time; try again later") from None
    except requests.ConnectionError as error:
        host = urlsplit(url).netloc
        raise ServiceUnavailable(
            f"cannot reach {service} at {host} ({_reason(error)}); are you offline?"
        ) from None
    except requests.RequestException as error:
        raise ServiceUnavailable(f"the request to {service} failed: {_reason(error)}") from None
    return _Body(_decode(raw, content_type), content_type.split(";")[0].strip().lower())


def _raise_for_status(response: requests.Response, service: str) -> None:
    status = response.status_code
    if status < 400:
        return
    if status in {404, 410}:
        raise PaperNotFound(f"{service} has no such paper (HTTP {status} for {response.url})")
    if status == 429 or status >= 500:
        raise ServiceError(f"{service} is unavailable (HTTP {status}); try again later")
    raise ServiceError(f"{service} refused the request (HTTP {status} for {response.url})")


def _read_limited(response: requests.Response, service: str) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_content(chunk_size=65536):
        size += len(chunk)
        if size > MAX_BYTES:
            raise MalformedResponse(f"{service} sent more than {MAX_BYTES} bytes; giving up")
        chunks.append(chunk)
    return b"".join(chunks)


def _reason(error: Exception) -> str:
    """The operating system's reason inside a requests error, without its wrappers' noise."""
    match = _ERRNO.search(str(error))
    return match.group(1).strip() if match else "connection failed"


def _decode(raw: bytes, content_type: str) -> str:
    # requests assumes ISO-8859-1 for text/* without a charset; these services send UTF-8.
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    encoding = match.group(1) if match else "utf-8"
    try:
        return raw.decode(encoding, errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")
