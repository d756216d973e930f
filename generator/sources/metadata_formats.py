"""Reading the answers of arXiv (Atom), Crossref (JSON) and landing pages (citation meta tags).

Each parser turns one answer into a `PaperMetadata`, or raises a `MetadataError` subclass
whose message says what was wrong with the answer.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from generator.catalog.venues import is_preprint_server, vocabulary
from generator.json_input import parse_json
from generator.text.identifiers import ARXIV_ID, DOI

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV_NS = "{http://arxiv.org/schemas/atom}"
_TAG = re.compile(r"<[^>]+>")
_DATE = re.compile(r"^(?P<year>\d{4})(?:[-/](?P<month>\d{1,2}))?")
# Long venue names as services spell them, and the short form the list uses.
_VENUES = (
    ("neural information processing systems", "NeurIPS"),
    ("international conference on learning representations", "ICLR"),
    ("international conference on machine learning", "ICML"),
    ("transactions of the association for computational linguistics", "TACL"),
    ("empirical methods in natural language processing", "EMNLP"),
    ("north american chapter of the association for computational linguistics", "NAACL"),
    ("annual meeting of the association for computational linguistics", "ACL"),
)


class MetadataError(Exception):
    """The metadata could not be fetched; the message is meant for the contributor."""


class PaperNotFound(MetadataError):
    """The service answered, but knows no such paper."""


class MalformedResponse(MetadataError):
    """The answer could not be read as the expected XML, JSON or HTML."""


@dataclass(frozen=True)
class PaperMetadata:
    title: str
    authors: tuple[str, ...]
    year: int
    venue: str
    url: str
    month: int | None = None
    arxiv: str | None = None
    doi: str | None = None
    note: str = ""  # what was inferred, for the contributor to check (a venue from a reference)


def one_line(text: str | None) -> str:
    """One line of text: markup tags removed, whitespace collapsed."""
    return " ".join(_TAG.sub("", text or "").split())


def _markup_text(text: str | None) -> str:
    """`one_line` for Crossref's JATS strings, which keep entities like `&amp;` escaped."""
    return html.unescape(one_line(text))


def _year_month(text: str, source: str) -> tuple[int, int | None]:
    match = _DATE.match(text.strip())
    if not match:
        raise MalformedResponse(f"{source} gives no readable publication date ({text!r})")
    month = int(match.group("month")) if match.group("month") else None
    return int(match.group("year")), month if month and 1 <= month <= 12 else None


_JOURNAL_REF_END = re.compile(r"[\s,;:(]*(?:\d|\(|$)")
_REF_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def journal_of(journal_ref: str) -> str:
    """The journal or conference of an arXiv `journal_ref`, as the venue vocabulary names it.

    'Phys. Rev. B 85, 115117 (2012)' is 'Phys. Rev. B'; 'ICLR 2023' is 'ICLR'.
    """
    text = one_line(journal_ref)
    match = _JOURNAL_REF_END.search(text)
    name = text[: match.start()] if match else text
    name = name.strip(" ,;:")
    return published_venue(name) if len(name) >= 2 else ""


def journal_year(journal_ref: str) -> int | None:
    """The year in a journal reference: its last plausible four-digit year."""
    years = _REF_YEAR.findall(journal_ref)
    return int(years[-1]) if years else None


def published_venue(name: str) -> str:
    """Where a paper was published, in the list's spelling; '' for a preprint server."""
    name = one_line(name)
    if not name or is_preprint_server(name):
        return ""
    return vocabulary().canonical(short_venue(name))


def short_venue(venue: str) -> str:
    """`NeurIPS` for 'Advances in Neural Information Processing Systems 36', and so on."""
    lowered = venue.casefold()
    if "findings" in lowered or "workshop" in lowered:
        return venue
    for long_name, short in _VENUES:
        if long_name in lowered:
            return short
    return venue


# arXiv ------------------------------------------------------------------------------------


def parse_arxiv_feed(text: str, arxiv_id: str) -> PaperMetadata:
    entries = arxiv_entries(text)
    if not entries:
        raise PaperNotFound(f"arXiv has no paper {arxiv_id}")
    entry = entries[0]
    if "/api/errors" in (entry.findtext(f"{ATOM}id") or ""):
        reason = one_line(entry.findtext(f"{ATOM}summary")) or "unknown error"
        raise PaperNotFound(f"arXiv refused the id {arxiv_id}: {reason}")
    return arxiv_metadata(entry, arxiv_id)


def arxiv_metadata(entry: ElementTree.Element, arxiv_id: str) -> PaperMetadata:
    """One `<entry>` of an arXiv Atom feed as metadata of the paper `arxiv_id`."""
    title = one_line(entry.findtext(f"{ATOM}title"))
    published = entry.findtext(f"{ATOM}published") or ""
    if not title or not published:
        raise PaperNotFound(f"arXiv has no paper {arxiv_id}")
    year, month = _year_month(published, "arXiv")
    authors = tuple(
        name for a in entry.iter(f"{ATOM}author") if (name := one_line(a.findtext(f"{ATOM}name")))
    )
    doi = one_line(entry.findtext(f"{ARXIV_NS}doi")).split(" ")[0] or None
    reference = one_line(entry.findtext(f"{ARXIV_NS}journal_ref"))
    journal = journal_of(reference)
    note = ""
    if journal:
        published = journal_year(reference)
        if published and published != year:
            year, month = published, None
        note = f"venue {journal} and year {year} from arXiv's journal reference '{reference}'"
    return PaperMetadata(
        title=title,
        authors=authors,
        year=year,
        month=month,
        venue=journal or "arXiv",
        url=f"https://arxiv.org/abs/{arxiv_id}",
        arxiv=arxiv_id,
        doi=doi if doi and DOI.match(doi) else None,
        note=note,
    )


def read_arxiv_feed(text: str) -> ElementTree.Element:
    """The `<feed>` of an arXiv answer, refusing DTDs and anything but Atom."""
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise MalformedResponse("arXiv's answer declares a DOCTYPE or entities; refusing it")
    try:
        feed = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        raise MalformedResponse(f"arXiv's answer is not valid XML ({error})") from None
    if feed.tag != f"{ATOM}feed":
        raise MalformedResponse("arXiv's answer is not an Atom feed")
    return feed


def arxiv_entries(text: str) -> list[ElementTree.Element]:
    return read_arxiv_feed(text).findall(f"{ATOM}entry")


# Crossref ---------------------------------------------------------------------------------


def parse_crossref(text: str, doi: str) -> PaperMetadata:
    try:
        message = parse_json(text)["message"]
    except (ValueError, KeyError, TypeError):
        raise MalformedResponse("Crossref's answer is not the expected JSON") from None
    if not isinstance(message, dict):
        raise MalformedResponse("Crossref's answer is not the expected JSON")
    title = crossref_title(message)
    if not title:
        raise MalformedResponse(f"Crossref's record of {doi} has no title")
    date = crossref_date(message)
    if date is None:
        raise MalformedResponse(f"Crossref's record of {doi} has no publication date")
    return PaperMetadata(
        title=title,
        authors=tuple(_crossref_authors(message.get("author"))),
        year=date[0],
        month=date[1],
        venue=short_venue(
            crossref_venue(message) or _markup_text(message.get("publisher")) or "unknown venue"
        ),
        url=f"https://doi.org/{doi}",
        doi=doi,
    )


def _first(value: Any) -> str:
    if isinstance(value, list) and value and isinstance(value[0], str):
        return value[0]
    return value if isinstance(value, str) else ""


def _event_name(message: dict[str, Any]) -> str:
    event = message.get("event")
    return event.get("name", "") if isinstance(event, dict) else ""


def crossref_title(message: dict[str, Any]) -> str:
    """The title of one Crossref work record, its JATS markup read as text."""
    return _markup_text(_first(message.get("title")))


def crossref_venue(message: dict[str, Any]) -> str:
    """Where the work appeared: its journal or proceedings, else its event; as written."""
    return _markup_text(_first(message.get("container-title")) or _event_name(message))


def crossref_date(message: dict[str, Any]) -> tuple[int, int | None] | None:
    """(year, month or None) of one Crossref work record: print first, as a citation dates it."""
    for key in ("published-print", "published", "issued", "published-online", "created"):
        field = message.get(key)
        parts = field.get("date-parts") if isinstance(field, dict) else None
        first = parts[0] if isinstance(parts, list) and parts else None
        if isinstance(first, list) and first and isinstance(first[0], int):
            month = first[1] if len(first) > 1 and isinstance(first[1], int) else None
            return first[0], month if month and 1 <= month <= 12 else None
    return None


def _crossref_authors(value: Any) -> list[str]:
    authors: list[str] = []
    for author in value if isinstance(value, list) else []:
        if not isinstance(author, dict):
            continue
        parts = [author.get(k) for k in ("given", "family") if isinstance(author.get(k), str)]
        name = _markup_text(" ".join(parts)) or _markup_text(_first(author.get("name")))
        if name and name not in authors:
            authors.append(name)
    return authors


# Landing pages ----------------------------------------------------------------------------


class _CitationMeta(HTMLParser):
    """Collects `<meta name="citation_*" content="...">` (and og:site_name) in page order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta":
            return
        attributes = dict(attrs)
        name = (attributes.get("name") or attributes.get("property") or "").lower()
        content = attributes.get("content")
        if content and (name.startswith("citation_") or name == "og:site_name"):
            self.values.setdefault(name, []).append(one_line(content))


def parse_citation_meta(text: str, url: str) -> PaperMetadata:
    parser = _CitationMeta()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError):  # HTMLParser's way of giving up on broken markup
        raise MalformedResponse(f"{url} is not readable HTML") from None
    meta = parser.values
    title = _meta(meta, "citation_title")
    if not title:
        raise MalformedResponse(
            f"{url} has no citation_title meta tag; give the paper's landing page "
            "(arXiv abstract, OpenReview forum, ACL Anthology page) or its DOI"
        )
    date = _meta(meta, "citation_publication_date", "citation_date", "citation_online_date")
    date = date or _meta(meta, "citation_year")
    if not date:
        raise MalformedResponse(f"{url} has no citation_publication_date meta tag")
    year, month = _year_month(date, url)
    venue = _meta(
        meta,
        "citation_conference_title",
        "citation_journal_title",
        "citation_inbook_title",
        "citation_publisher",
        "og:site_name",
    )
    doi = _meta(meta, "citation_doi").removeprefix("https://doi.org/")
    arxiv = _meta(meta, "citation_arxiv_id")
    arxiv_match = ARXIV_ID.match(arxiv)
    return PaperMetadata(
        title=title,
        authors=tuple(
            dict.fromkeys(n for a in meta.get("citation_author", ()) if (n := _given_family(a)))
        ),
        year=year,
        month=month,
        venue=short_venue(venue) if venue else urlsplit(url).netloc,
        url=url,
        arxiv=arxiv_match.group("id") if arxiv_match else None,
        doi=doi if DOI.match(doi) else None,
    )


def _meta(meta: dict[str, list[str]], *names: str) -> str:
    for name in names:
        for value in meta.get(name, ()):
            if value:
                return value
    return ""


def _given_family(name: str) -> str:
    """'Meng, Kevin' becomes 'Kevin Meng'; 'Kevin Meng' stays."""
    family, comma, given = name.partition(",")
    return f"{given.strip()} {family.strip()}" if comma and given.strip() else name.strip(" ,")
