"""Facts written inside one entry: identifiers, links, venue, year, date, authors, kind.

Everything here reads plain text or one URL and returns values; nothing is fetched.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from generator.catalog.model import ET_AL
from generator.importers.venue_text import Venue as Venue
from generator.importers.venue_text import VenueReader
from generator.importers.venue_text import arxiv_month as arxiv_month
from generator.text import urls
from generator.text.identifiers import ARXIV_ID_PATTERN, DOI_PATTERN
from generator.text.urls import arxiv_page

_ARXIV_URL = re.compile(
    rf"arxiv\.org/(?:abs|pdf|html)/({ARXIV_ID_PATTERN})(?:v\d+)?", re.IGNORECASE
)
_ARXIV_LABELLED = re.compile(
    rf"\barxiv\s*[:\uff1a]?\s*(?:abs/)?({ARXIV_ID_PATTERN})(?:v\d+)?\b", re.IGNORECASE
)
_DOI = re.compile(rf"\b({DOI_PATTERN}[^\s\"<>\[\]()]+)")
_DOI_TRAILING = ".,;:)]}'\""
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitee.com")
_SIGNATURE_PARAMETERS = {"token", "expires", "signature", "sig", "key-pair-id"}
_SIGNATURE_PREFIXES = ("x-amz-", "x-goog-")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


def arxiv_ids(text: str) -> list[str]:
    """Every arXiv id named in the text, as URL or `arXiv:ID`, in order, once each."""
    found = [m.group(1) for m in _ARXIV_URL.finditer(text)]
    found += [m.group(1) for m in _ARXIV_LABELLED.finditer(text)]
    return list(dict.fromkeys(found))


def dois(text: str) -> list[str]:
    found = (m.group(1).rstrip(_DOI_TRAILING) for m in _DOI.finditer(text))
    return list(dict.fromkeys(d.removesuffix(".pdf") for d in found))


def host(url: str) -> str:
    try:
        return urlsplit(url).netloc.lower().removeprefix("www.")
    except ValueError:
        return ""


def is_code_url(url: str) -> bool:
    name = host(url)
    if name == "huggingface.co":
        return False
    path = urlsplit(url).path.strip("/")
    return name in _CODE_HOSTS and path.count("/") >= 1


_CI_HOSTS = ("travis-ci.org", "travis-ci.com", "circleci.com", "ci.appveyor.com", "dev.azure.com")


def is_ci_badge(href: str, image_sources: list[str]) -> bool:
    """A badge image linking to a continuous-integration page ('[![CI](..badge.svg)](..
    /actions/workflows/ci.yml)'): a build status, which awesome-lint refuses in a list."""
    if not image_sources or not all(map(is_badge_image, image_sources)):
        return False
    name, parts = host(href), urlsplit(href).path.strip("/").split("/")
    github = name == "github.com" and len(parts) >= 3 and parts[2] == "actions"  # OWNER/REPO/
    gitlab = (
        name == "gitlab.com" and "-" in parts and parts[parts.index("-") + 1 :][:1] == ["pipelines"]
    )
    return name.endswith(_CI_HOSTS) or github or gitlab


def is_badge_image(src: str) -> bool:
    name = host(src)
    return name in {"img.shields.io", "shields.io", "badgen.net", "awesome.re"} or (
        "badge" in src.lower()
    )


def is_badge_address(href: str) -> bool:
    """A link that points at a badge image itself ('[CI](../badge.svg)'): a badge written
    without its image, not a page of the entry."""
    path = urlsplit(href).path.lower()
    return path.endswith((".svg", ".png")) and is_badge_image(href)


def badge_text(src: str) -> str:
    """'Conference ICML'25' for a shields.io /badge/Conference-ICML'25-blue image."""
    path = urlsplit(src).path
    if "/badge/" not in path:
        return ""
    body = unquote(path.split("/badge/", 1)[1]).removesuffix(".svg")
    parts = re.split(r"(?<!-)-(?!-)", body)
    words = parts[:-1] if len(parts) > 1 else parts
    return " ".join(w.replace("--", "-").replace("__", "_").replace("_", " ") for w in words)


def landing_page(url: str) -> tuple[str, str | None]:
    """(landing page, PDF link or None): a PDF whose landing page is known (arXiv, OpenReview,
    ACL Anthology, NeurIPS: `urls.landing_page`) gives way to it, and an arXiv HTML page to
    its abstract page."""
    if landing := urls.landing_page(url):
        return landing, url
    match = arxiv_page(url)
    if match and match.group("kind").lower() == "html":
        return f"https://arxiv.org/abs/{match.group('id')}", None
    return url, None


def without_signature(url: str) -> tuple[str, list[str]]:
    """The URL without expiring-signature parameters, and the names of those removed."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url, []
    kept, removed = [], []
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        low = name.lower()
        if low in _SIGNATURE_PARAMETERS or low.startswith(_SIGNATURE_PREFIXES):
            removed.append(name)
        else:
            kept.append((name, value))
    if not removed:
        return url, []
    return urlunsplit(parts._replace(query=urlencode(kept))), removed


_VENUE_READER = VenueReader()
# Proceedings hosts whose addresses say the venue (and often the year and track).
_PROCEEDINGS_HOSTS = {
    "papers.nips.cc": "NeurIPS",
    "papers.neurips.cc": "NeurIPS",
    "proceedings.neurips.cc": "NeurIPS",
    "jmlr.org": "JMLR",
    "transacl.org": "TACL",
    "ojs.aaai.org": "AAAI",
    "ijcai.org": "IJCAI",
}
_CVF_PATH = re.compile(
    r"content_(?P<venue>cvpr|iccv|eccv|wacv)_(?P<workshop>workshops_)?(?P<year>\d{4})"
)
_ACL_NEW = re.compile(r"^/(?P<year>\d{4})\.(?P<venue>[a-z]+)-(?P<track>[a-z]+)?")
_ACL_OLD = {"P": "ACL", "D": "EMNLP", "N": "NAACL", "E": "EACL", "C": "COLING", "Q": "TACL"}
_ACL_OLD_ID = re.compile(r"/(?P<letter>[PDNECQ])(?P<year>\d{2})-\d{4}")


def venue_of_address(url: str) -> str:
    """What a proceedings address says of its venue: 'CVPR 2014 Workshops' for an
    openaccess.thecvf.com PDF, 'ACL 2023' for aclanthology.org/2023.acl-long.1, '' else."""
    name, path = host(url), urlsplit(url).path
    if name in _PROCEEDINGS_HOSTS:
        return _PROCEEDINGS_HOSTS[name]
    cvf = _CVF_PATH.search(path) if name in {"openaccess.thecvf.com", "cv-foundation.org"} else None
    if cvf:
        workshop = " Workshops" if cvf["workshop"] else ""
        return f"{cvf['venue'].upper()} {cvf['year']}{workshop}"
    if name not in {"aclanthology.org", "aclweb.org"}:
        return ""
    path = path.removeprefix("/anthology")
    if new := _ACL_NEW.match(path):  # 2023.acl-long.1, 2023.findings-emnlp.3
        if new["venue"] == "findings" and new["track"]:
            return f"{new['track'].upper()} {new['year']} Findings"
        return f"{new['venue'].upper()} {new['year']}"
    if old := _ACL_OLD_ID.search(path):
        return f"{_ACL_OLD[old['letter']]} 20{old['year']}"
    return ""


def venue(text: str) -> Venue | None:
    """The first venue named in the text, canonical, with its year: 'EMNLP 2024 Findings'."""
    return _VENUE_READER.first(text)


_DATE_ISO = re.compile(rf"\b({_YEAR})[-./](0?[1-9]|1[0-2])(?:[-./](0?[1-9]|[12]\d|3[01]))?\b")
_DATE_WORDS = re.compile(
    rf"\b([A-Za-z]{{3,9}})\.?\s+(?:(\d{{1,2}}),?\s+)?({_YEAR})\b|\b({_YEAR})\s+([A-Za-z]{{3,9}})\b"
)
_YEAR_ONLY = re.compile(rf"(?<![\d.])({_YEAR})(?![\d.])")


def date(text: str) -> tuple[int | None, str | None]:
    """(year, 'YYYY-MM' or 'YYYY-MM-DD') written in the text: 2024.05.12, May 2024, 2025."""
    match = _DATE_ISO.search(text)
    if match:
        year, month, day = match.group(1), int(match.group(2)), match.group(3)
        stamp = f"{year}-{month:02d}" + (f"-{int(day):02d}" if day else "")
        return int(year), stamp
    for match in _DATE_WORDS.finditer(text):
        word, year = (match.group(1), match.group(3)) if match.group(1) else match.group(5, 4)
        month = _MONTHS.get(word.lower())
        if month:
            return int(year), f"{year}-{month:02d}"
    match = _YEAR_ONLY.search(text)
    return (int(match.group(1)), None) if match else (None, None)


_HEADING_KINDS = (
    ("paper", r"surveys?|reviews?"),
    ("tutorial", r"tutorials?|courses?|lectures?|talks?|videos?|slides"),
    ("blog", r"blogs?|articles?|blog posts?"),
    ("report", r"technical reports?|tech reports?|reports?"),
    ("benchmark", r"benchmarks?|leaderboards?"),
    ("dataset", r"datasets?|data sets?|corpus|corpora"),
    ("tool", r"tools?|toolkits?|frameworks?|librar(?:y|ies)|software|open[- ]source projects?"),
)
_BLOG_HOSTS = ("medium.com", "substack.com", "lilianweng.github.io", "wordpress.com")
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "bilibili.com")


def kind_from_headings(path: tuple[str, ...]) -> str | None:
    for title in reversed(path):
        for kind, pattern in _HEADING_KINDS:
            if re.search(rf"\b(?:{pattern})\b(?!-)", title, re.IGNORECASE):
                return kind
    return None


def kind_from_url(url: str | None, title: str) -> str | None:
    if re.search(r"\btechnical report\b", title, re.IGNORECASE):
        return "report"
    if not url:
        return None
    name, path = host(url), urlsplit(url).path
    if name.endswith(_BLOG_HOSTS) or name.startswith("blog.") or "/blog" in path:
        return "blog"
    if name.endswith(_VIDEO_HOSTS):
        return "tutorial"
    if name == "huggingface.co" and path.startswith("/datasets/"):
        return "dataset"
    if is_code_url(url):
        repository = path.strip("/").split("/")[1] if path.count("/") >= 2 else ""
        return "resource" if repository.lower().startswith("awesome") else "tool"  # a list
    return None


_ET_AL = re.compile(r"[\s,]*\bet\.?\s*al$")
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_NAME = re.compile(r"^[^\W\d_][\w.'\u2019-]*(?:\s+[\w.'\u2019-]+){0,4}$")


def authors(text: str) -> tuple[str, ...]:
    """Names from 'A. Smith, B. Jones and C. Lee' or an empty tuple if it does not read so;
    'A. Smith et al.' keeps its 'et al.' as the last (`ET_AL`), since more authors there are."""
    text = text.strip().rstrip(".")
    more = _ET_AL.search(text)
    text = (text[: more.start()] if more else text).rstrip(".").strip(" ,")
    names = [n.strip() for n in _AUTHOR_SPLIT.split(text) if n.strip()]
    if not names or not all(_NAME.match(n) for n in names):
        return ()
    if len(names) == 1 and " " not in names[0]:
        return ()
    return (*dict.fromkeys(names), *((ET_AL,) if more else ()))
