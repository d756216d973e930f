"""What makes two references the same paper, and what makes a URL unfit for the list."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from generator.text.addresses import Reach, classify_url
from generator.text.identifiers import ARXIV_ID_PATTERN, ARXIV_VERSION

_ARXIV_PAGE = re.compile(
    r"^(?:export\.|www\.)?arxiv\.org/(?P<kind>abs|pdf|html)/"
    rf"(?P<id>{ARXIV_ID_PATTERN})(?:{ARXIV_VERSION})?(?:\.pdf)?/?$",
    re.IGNORECASE,
)
# No query, no user info, no port, no IPv6 brackets: nothing below can object to such a URL.
_PLAIN_URL = re.compile(r"https?://[^/?#@:\[\]\s]+(?:[/#][^?]*)?")
# The authority as a browser reads it: a backslash ends it, as '/' does.
_AUTHORITY = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://([^/?#\\]*)")
_HOST_NAME = re.compile(r"[A-Za-z0-9._-]*")
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
_SIGNATURE_PARAMETERS = {"token", "expires", "signature", "sig", "key-pair-id"}
_SIGNATURE_PREFIXES = ("x-amz-", "x-goog-")


def arxiv_page(url: str) -> re.Match[str] | None:
    """The match of an arXiv abstract, PDF or HTML URL, with its `kind`, `id` and `version`."""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. unbalanced IPv6 brackets: url_problems reports it
        return None
    return _ARXIV_PAGE.match(parts.netloc + parts.path)


_ACL_PDF = re.compile(r"^(?:www\.)?aclanthology\.org/(?P<id>[\w.-]+?)\.pdf$", re.IGNORECASE)
_NEURIPS_PDF = re.compile(
    r"^(?P<site>(?:papers\.nips\.cc|proceedings\.neurips\.cc)/paper(?:_files/paper)?/\d{4})"
    r"/file/(?P<hash>[0-9a-f]+)-Paper(?P<track>-[\w-]+)?\.pdf$",
    re.IGNORECASE,
)


def landing_page(url: str) -> str | None:
    """The landing page of a PDF on arXiv, OpenReview, ACL Anthology or NeurIPS proceedings."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host_path = parts.netloc.lower() + parts.path
    arxiv = arxiv_page(url)
    if arxiv and arxiv.group("kind").lower() == "pdf":
        return f"https://arxiv.org/abs/{arxiv.group('id')}"
    openreview_id = dict(parse_qsl(parts.query)).get("id")
    if host_path.removeprefix("www.") == "openreview.net/pdf" and openreview_id:
        return f"https://openreview.net/forum?id={openreview_id}"
    if acl := _ACL_PDF.match(host_path):
        return f"https://aclanthology.org/{acl.group('id')}/"
    if neurips := _NEURIPS_PDF.match(host_path):
        track = neurips.group("track") or ""
        return f"https://{neurips.group('site')}/hash/{neurips.group('hash')}-Abstract{track}.html"
    return None


def arxiv_id_from_url(url: str) -> str | None:
    """`2202.05262` for any arXiv abstract, PDF or HTML URL of that paper (any version)."""
    match = arxiv_page(url)
    return match.group("id") if match else None


def normalize_url(url: str) -> str:
    """A comparison key: scheme, `www.`, case of the host, trailing slash and arXiv form ignored."""
    arxiv_id = arxiv_id_from_url(url)
    if arxiv_id:
        return f"arxiv.org/abs/{arxiv_id}"
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # a malformed URL is only ever the same as itself
        return url.strip()
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    return urlunsplit(("", host, path, parts.query, "")).removeprefix("//")


def url_problems(url: str) -> list[tuple[str, str]]:
    """(message, hint) for each reason this URL must not be published."""
    host = host_problem(url)
    spelling = _spelling_problems(url)
    if _PLAIN_URL.fullmatch(url):
        return spelling + ([host[1:]] if host and host[0] == "error" else [])
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return [("the URL is malformed", "check the host and port")]
    problems = spelling + ([host[1:]] if host and host[0] == "error" else [])
    if parts.scheme not in {"http", "https"}:
        problems.append(
            (f"the URL scheme {parts.scheme or '(none)'!r} is not http(s)", "link an https:// page")
        )
    if parts.username or parts.password:
        problems.append(
            ("the URL carries credentials", "remove the user name and password from the URL")
        )
    signed = sorted(
        {
            name
            for name, _ in parse_qsl(parts.query, keep_blank_values=True)
            if name.lower() in _SIGNATURE_PARAMETERS or name.lower().startswith(_SIGNATURE_PREFIXES)
        }
    )
    if signed:
        problems.append(
            (
                f"the URL carries an expiring signature ({', '.join(signed)})",
                "link the stable landing page (arXiv, ACL Anthology, OpenReview, DOI) instead",
            )
        )
    return problems


def _spelling_problems(url: str) -> list[tuple[str, str]]:
    """A URL that reads as one host to a reviewer and leads a browser to another.

    Python and browsers disagree on a backslash (a browser reads `https://evil.example` +
    backslash + `.arxiv.org` as the host evil.example) and on percent-escapes in a host;
    letters of other scripts imitate Latin ones (arxiv.org with a Cyrillic U+0430 for `a`).
    """
    problems = []
    if "\\" in url:
        problems.append(
            (
                "the URL contains a backslash, which browsers read as '/'",
                "write '/' to mean '/', or %5C for a backslash in the path",
            )
        )
    found = _AUTHORITY.match(url)
    authority = found.group(1).rpartition("@")[2] if found else ""
    name = "" if authority.startswith("[") else authority.partition(":")[0]
    if not name.isascii():
        problems.append(
            (
                f"the URL's host {name!r} is not plain ASCII: letters of other scripts can "
                "imitate those of a known host",
                "write the host in its ASCII form (xn--...), which readers can tell apart",
            )
        )
    elif not _HOST_NAME.fullmatch(name):
        problems.append(
            (
                f"the URL's host {name!r} has characters a host name cannot have",
                "write the host with letters, digits, dots and hyphens only",
            )
        )
    return problems


def host_problem(url: str) -> tuple[str, str, str] | None:
    """(severity, message, hint) when the URL's host is not a public address or name.

    Loopback is a warning, not an error: test lists link servers on this machine.
    """
    verdict = classify_url(url)
    if verdict is None or verdict.is_public:
        return None
    if verdict.reach is Reach.LOOPBACK:
        hint = "fine for a local test list; a published list must link public pages"
        return "warning", f"the URL's host is {verdict.reason}", hint
    hint = "link the public page; the checker never reaches inside a network"
    return "error", f"the URL points inside a network: its host is {verdict.reason}", hint
