"""From the pieces of one item (its line and its sub-items) to an ImportedEntry."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs, urlsplit

from generator.catalog.model import Link
from generator.importers import extract
from generator.importers.inline import Inline, InlineLink
from generator.importers.model import ImportedEntry
from generator.text.urls import arxiv_id_from_url

_GENERIC = {
    "paper": "Paper",
    "pdf": "PDF",
    "arxiv": "arXiv",
    "abs": "arXiv",
    "code": "Code",
    "github": "Code",
    "repo": "Code",
    "official code": "Code",
    "project": "Project page",
    "project page": "Project page",
    "homepage": "Project page",
    "website": "Website",
    "page": "Project page",
    "blog": "Blog",
    "video": "Video",
    "slides": "Slides",
    "demo": "Demo",
    "dataset": "Dataset",
    "data": "Dataset",
    "model": "Model",
    "models": "Model",
    "huggingface": "Hugging Face",
    "openreview": "OpenReview",
    "link": "Link",
    "doi": "DOI",
    "poster": "Poster",
    "bibtex": "BibTeX",
    "star": "Code",
    "stars": "Code",
    "github repo stars": "Code",
}
_PAPER_LABELS = {"Paper", "arXiv", "OpenReview", "DOI", "Link"}
_CODE_LABELS = {"code", "github", "repo", "repository", "source code", "implementation"}
_DETAIL = re.compile(r"^\s*(?P<label>[A-Za-z][\w /&-]{0,30}?)\s*[:\uff1a]\s*(?P<rest>.*)$")
_TAG = re.compile(r"^\s*[(\[](?P<tag>[^()\[\]]{1,40})[)\]]\s*$")
_NEURIPS_PDF = re.compile(
    r"^/paper_files/paper/(\d{4})/file/([0-9a-f]{32})-Paper(-[A-Za-z_]+)?\.pdf$"
)
_QUOTES = "\"'\u201c\u201d"
_SENTENCE = re.compile(r"(?<=[^\s.A-Z])\.\s+|(?<=[a-z]{2})\.\s+")


@dataclass
class Details:
    """What sub-items said about an entry."""

    code: str | None = None
    links: list[Link] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    venue_text: str = ""
    authors: tuple[str, ...] = ()


def _label(link: InlineLink) -> str | None:
    """The generic label of a link ('Code', 'PDF'), or None when its text is a title."""
    text = link.text.strip(" []()").casefold()
    if not text and link.images:
        alt = link.images[0].alt.strip().casefold()
        return _GENERIC.get(alt, link.images[0].alt.strip() or "Link")
    if not text:
        return "Link"
    return _GENERIC.get(text)


def clean_title(text: str) -> str:
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith(("So", "Cs")))
    text = text.replace("\ufe0f", "").replace("\u200d", "")
    text = " ".join(text.split()).strip(" *_-\u2013\u2014:|")
    # Quotes around the whole title go; a quote that opens only its first words stays.
    while len(text) > 1 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip(" *_-\u2013\u2014:|")
    if text[:1] in _QUOTES and sum(text.count(q) for q in _QUOTES) == 1:
        text = text[1:].strip()
    return text.rstrip(".").strip()


def _usable(href: str) -> bool:
    return href.startswith(("http://", "https://"))


def landing(url: str) -> tuple[str, str | None]:
    """The landing page of a paper link and the PDF it pointed at, if it was one."""
    url, pdf = extract.landing_page(url)
    if pdf:
        return url, pdf
    parts = urlsplit(url)
    host = extract.host(url)
    if host == "openreview.net" and parts.path.rstrip("/") == "/pdf":
        forum = parse_qs(parts.query).get("id")
        if forum:
            return f"https://openreview.net/forum?id={forum[0]}", url
    if host == "aclanthology.org" and parts.path.endswith(".pdf"):
        return f"https://aclanthology.org{parts.path.removesuffix('.pdf')}/", url
    proceedings = _NEURIPS_PDF.match(parts.path)
    if host == "proceedings.neurips.cc" and proceedings:
        year, digest, track = proceedings.groups()
        page = f"/paper_files/paper/{year}/hash/{digest}-Abstract{track}.html"
        return f"https://proceedings.neurips.cc{page}", url
    return url, None


def _title_link(inline: Inline) -> InlineLink | None:
    for link in inline.links:
        if _usable(link.href) and link.text and _label(link) is None:
            return link
    return None


def _tag_before(inline: Inline, link: InlineLink | None) -> str | None:
    if link is None:
        return None
    match = _TAG.match(inline.text[: link.offset])
    return match.group("tag").strip() if match else None


def _badge_texts(inline: Inline) -> str:
    images = [img for link in inline.links for img in link.images] + inline.images
    return " ".join(
        extract.badge_text(img.src) for img in images if extract.is_badge_image(img.src)
    )


@dataclass(frozen=True)
class Head:
    title: str
    url: str | None
    tag: str | None
    rest: str  # the line's text outside the title


def _head(inline: Inline) -> Head | None:
    link = _title_link(inline)
    if link is not None:
        rest = inline.text[: link.offset] + " " + inline.text[link.offset + len(link.text) :]
        return Head(clean_title(link.text), link.href, _tag_before(inline, link), rest)
    if inline.strong and clean_title(inline.strong[0]):
        title = inline.strong[0]
        return Head(clean_title(title), None, None, inline.text.replace(title, " ", 1))
    ids = extract.arxiv_ids(inline.text) or extract.dois(inline.text)
    sentences = [s for s in _SENTENCE.split(inline.outside) if s.strip()]
    if ids and sentences and not extract.arxiv_ids(sentences[0]):
        return Head(clean_title(sentences[0]), None, None, ". ".join(sentences[1:]))
    return None


def _words_before(inline: Inline, head: Head) -> int:
    link = _title_link(inline)
    offset = link.offset if link else inline.text.find(head.title)
    before = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", inline.text[: max(offset, 0)])
    return len(re.findall(r"[^\W\d_]{2,}", before))


def many_titles(inline: Inline) -> list[InlineLink]:
    """'[ROME](..), [MEND](..), ...': a line that only names several things by their links."""
    titled = [
        link for link in inline.links if _usable(link.href) and link.text and not _label(link)
    ]
    bare = re.sub(r"[\s,;.…/|]+", "", inline.outside)
    return titled if len(titled) >= 2 and not bare else []


def _authors_in(inline: Inline, head: Head) -> tuple[str, ...]:
    for span in inline.emphasis:
        names = extract.authors(span)
        if names and clean_title(span) != head.title:
            return names
    for sentence in _SENTENCE.split(head.rest):
        if extract.arxiv_ids(sentence) or extract.venue(sentence):
            continue
        names = extract.authors(sentence)
        if len(names) >= 2:
            return names
    return ()


def detail_label(inline: Inline) -> tuple[str, str]:
    """('Code', rest) for 'Code: [..](..)'; ('', text) when no label comes before any link."""
    match = _DETAIL.match(inline.text)
    first_link = inline.links[0].offset if inline.links else len(inline.text)
    if match and match.end("label") < first_link:
        return match.group("label").strip(), match.group("rest").strip()
    return "", inline.text.strip()


def read_details(lines: list[Inline]) -> Details:
    details = Details()
    for inline in lines:
        label, rest = detail_label(inline)
        hrefs = [link.href for link in inline.links if _usable(link.href)]
        if label.casefold() in _CODE_LABELS and hrefs:
            details.code = details.code or hrefs[0]
        elif hrefs:
            for link in inline.links:
                if _usable(link.href):
                    text = label or clean_title(link.text) or extract.host(link.href) or "Link"
                    details.links.append(Link(text, link.href))
        elif label.casefold() in {"venue", "conference", "published", "publication"}:
            details.venue_text += f" {rest}"
        elif label.casefold() in {"authors", "author"}:
            details.authors = extract.authors(rest)
        elif rest:
            details.facts.append((label, rest.rstrip(".") if label else rest))
    return details


def entry_from(
    inline: Inline,
    line: int,
    section: tuple[str, ...],
    details: Details | None = None,
    *,
    extra_text: str = "",
    lead_words: int | None = None,
) -> ImportedEntry | None:
    """The entry one line describes, or None when the line names no titled resource.

    With `lead_words`, a line whose title comes after more words than that is prose that
    mentions a paper ("see [X](..)"), not an entry.
    """
    head = _head(inline)
    if head is None or not head.title:
        return None
    if lead_words is not None and _words_before(inline, head) > lead_words:
        return None
    details = details or Details()
    hrefs = [link.href for link in inline.links if _usable(link.href)]
    all_text = " ".join([inline.text, *hrefs, extra_text])
    arxiv = next(iter(extract.arxiv_ids(all_text)), None)
    doi = next(iter(extract.dois(all_text)), None)
    url, pdf, code, links = head.url, None, details.code, list[Link]()
    for link in inline.links:
        if not _usable(link.href) or link.href == head.url:
            continue
        label = _label(link) or clean_title(link.text) or "Link"
        if label == "Link":  # "[Link]" fails markdownlint's descriptive-link-text rule
            label = extract.host(link.href) or label
        if label == "Code" or (label not in _PAPER_LABELS and extract.is_code_url(link.href)):
            code = code or link.href
        elif label == "PDF":
            pdf = pdf or link.href
        elif label in _PAPER_LABELS and url is None:
            url = link.href
        else:
            links.append(Link(label, link.href))
    if url is None and arxiv:
        url = f"https://arxiv.org/abs/{arxiv}"
    elif url is None and doi:
        url = f"https://doi.org/{doi}"
    elif url is None and code:
        url, code = code, None
    if url is None:
        return None
    url, pdf_of_url = landing(url)
    pdf = pdf or pdf_of_url
    arxiv = arxiv_id_from_url(url) or arxiv
    venue_source = " ".join([head.rest, _badge_texts(inline), details.venue_text, extra_text])
    venue = extract.venue(venue_source)
    year, date = extract.date(" ".join([extra_text, details.venue_text]))
    year = (venue.year if venue else None) or year
    if venue and venue.month and venue.year:
        date = date or f"{venue.year}-{venue.month:02d}"
    if arxiv and not date:
        month = extract.arxiv_month(arxiv)
        if month and (year is None or year == month[0]):
            date = f"{month[0]}-{month[1]:02d}"
            year = year or month[0]
    kind = extract.kind_from_headings(section) or extract.kind_from_url(url, head.title) or "paper"
    if code and url == code:
        code = None
    return ImportedEntry(
        title=head.title,
        line=line,
        sections=(section,),
        kind=kind,
        url=url,
        pdf=pdf if pdf != url else None,
        arxiv=arxiv,
        doi=doi,
        code=code,
        links=tuple(dict.fromkeys([*links, *details.links])),
        venue_text=" ".join(venue_source.split()) or None,
        venue=venue.name if venue else None,
        track=venue.track if venue else None,
        year=year,
        date=date,
        authors=details.authors or _authors_in(inline, head),
        tag=head.tag,
        details=tuple(details.facts),
        lines=(line,),
    )


def named(entry: ImportedEntry, name: str, line: int) -> ImportedEntry:
    """An entry introduced by a name line above its paper: '- ECBD' then '  - [paper](..)'."""
    return replace(entry, name=clean_title(name), line=line, lines=(line, *entry.lines))
