"""Links to arXiv and doi.org, checked the way those hosts ask to be checked.

arXiv asks for at most one request every 3 s: its abstract and PDF links are checked in
batches through the export API (`id_list=`), never one page at a time. A DOI is checked
through the doi.org handle API, which answers itself instead of redirecting to a publisher.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from urllib.parse import SplitResult, quote, unquote, urlencode, urlsplit

import requests

from generator.text import urls
from generator.text.identifiers import canonical_arxiv_id, plausible_arxiv_id

from .client import HostLimits, LinkError, deadline, follow
from .config import LinkConfig
from .deadlines import pause
from .types import LinkResult, Status

_ENTRY_ID = re.compile(r"arxiv\.org/abs/(?P<id>.+?)(?:v(?P<version>\d+))?$")
_DOI_HOSTS = {"doi.org", "dx.doi.org", "www.doi.org"}
_ATOM = "{http://www.w3.org/2005/Atom}"


def arxiv_page(url: str) -> tuple[str, int | None] | None:
    """(id, version) of an arXiv abstract or PDF URL; None for anything else (HTML pages too)."""
    parts = _split(url)
    if parts is None or parts.query or parts.fragment:
        return None
    match = urls.arxiv_page(url)
    if not match or match.group("kind").lower() == "html":
        return None
    version = match.group("version")
    return match.group("id"), int(version) if version else None


def doi_of(url: str) -> str | None:
    """The DOI of a doi.org link, percent-decoded (`%28` is a `(` of the DOI)."""
    parts = _split(url)
    if parts is None:
        return None
    doi = unquote(parts.path.lstrip("/"))
    return doi if parts.netloc.lower() in _DOI_HOSTS and doi.startswith("10.") else None


def _split(url: str) -> SplitResult | None:
    try:
        return urlsplit(url)
    except ValueError:  # e.g. an unbalanced IPv6 bracket: checked as a plain URL, an error
        return None


def check_arxiv(
    session: requests.Session, urls: list[str], config: LinkConfig, limits: HostLimits
) -> list[LinkResult]:
    """Results for arXiv abstract/PDF URLs, from a few batched calls of the export API."""
    pages = {url: arxiv_page(url) for url in urls}
    ids = sorted(
        {canonical_arxiv_id(p[0]) for p in pages.values() if p and plausible_arxiv_id(p[0])}
    )
    latest: dict[str, int] = {}
    failures: dict[str, LinkError] = {}
    batches = [
        ids[i : i + config.arxiv_batch_size] for i in range(0, len(ids), config.arxiv_batch_size)
    ]
    for number, batch in enumerate(batches):
        if number:
            pause(config.arxiv_delay)  # arXiv's rule: one request every 3 seconds
        try:
            latest.update(_arxiv_batch(session, batch, config, limits))
        except LinkError as error:
            failures.update(dict.fromkeys(batch, error))
    results = []
    for url, page in pages.items():
        assert page is not None
        results.append(_arxiv_result(url, *page, latest, failures))
    return results


def _arxiv_batch(
    session: requests.Session, ids: list[str], config: LinkConfig, limits: HostLimits
) -> dict[str, int]:
    query = urlencode({"id_list": ",".join(ids), "max_results": len(ids)})
    api = f"{config.arxiv_api_url}?{query}"
    with deadline(config.max_time_per_url):
        fetched = follow(session, api, "GET", config, limits, read_body=True)
    if fetched.code != 200:
        raise LinkError(Status.ERROR, f"the arXiv API answered {fetched.code}")
    try:
        root = ET.fromstring(fetched.body)
    except ET.ParseError as error:
        raise LinkError(Status.ERROR, f"the arXiv API answer is not Atom XML: {error}") from None
    if root.find(f"{_ATOM}entry") is None:
        # An overloaded API answers with an empty feed: that proves nothing about the papers.
        raise LinkError(Status.ERROR, "the arXiv API answered without any entry")
    for entry in root.iter(f"{_ATOM}entry"):
        if "/api/errors" in (entry.findtext(f"{_ATOM}id") or ""):
            # The API refuses the whole request for one id it cannot read: no paper is missing.
            reason = " ".join((entry.findtext(f"{_ATOM}summary") or "no reason given").split())
            raise LinkError(Status.ERROR, f"the arXiv API refused the request: {reason}")
    return _latest_versions(root)


def _latest_versions(root: ET.Element) -> dict[str, int]:
    """{id: latest version} of each paper in an export API answer."""
    found = {}
    for entry in root.iter(f"{_ATOM}entry"):
        title = (entry.findtext(f"{_ATOM}title") or "").strip()
        match = _ENTRY_ID.search((entry.findtext(f"{_ATOM}id") or "").strip())
        if match and title:
            found[match.group("id")] = int(match.group("version") or 1)
    return found


def _arxiv_result(
    url: str,
    paper: str,
    version: int | None,
    latest: dict[str, int],
    failures: dict[str, LinkError],
) -> LinkResult:
    if not plausible_arxiv_id(paper):
        return LinkResult(url, Status.BROKEN, error=f"{paper} is not a valid arXiv identifier")
    paper = canonical_arxiv_id(paper)
    if paper in failures:
        failure = failures[paper]
        return LinkResult(url, failure.status, error=f"arXiv API: {failure.message}")
    if paper not in latest:
        return LinkResult(url, Status.BROKEN, error=f"arXiv has no paper {paper}")
    if version is not None and version > latest[paper]:
        reason = f"arXiv has no version {version} of {paper} (latest: v{latest[paper]})"
        return LinkResult(url, Status.BROKEN, error=reason)
    return LinkResult(url, Status.OK, code=200, final_url=url)


def check_doi(
    session: requests.Session, url: str, config: LinkConfig, limits: HostLimits
) -> LinkResult:
    """A doi.org link: ok when the handle API knows the DOI, broken when it does not."""
    doi = doi_of(url)
    assert doi is not None
    api = config.doi_api_url.rstrip("/") + "/" + quote(doi, safe="/:;()")
    started = time.monotonic()
    try:
        with deadline(config.max_time_per_url):
            fetched = follow(session, api, "GET", config, limits)
    except LinkError as error:
        status, reason, code = error.status, f"doi.org: {error.message}", None
    else:
        code = fetched.code
        if code == 200:
            status, reason = Status.OK, None
        elif code == 404:
            status, reason = Status.BROKEN, f"doi.org does not know the DOI {doi}"
        else:
            status, reason = Status.ERROR, f"the doi.org handle API answered {code}"
    elapsed = int((time.monotonic() - started) * 1000)
    final = url if status is Status.OK else None
    return LinkResult(url, status, code, final, error=reason, elapsed_ms=elapsed)


def split_identifiers(
    urls: Iterable[str], config: LinkConfig
) -> tuple[list[str], list[str], list[str]]:
    """(arXiv pages, DOI links, everything else)."""
    arxiv, dois, plain = [], [], []
    for url in urls:
        if arxiv_page(url):
            arxiv.append(url)
        elif config.check_dois and doi_of(url):
            dois.append(url)
        else:
            plain.append(url)
    return arxiv, dois, plain
