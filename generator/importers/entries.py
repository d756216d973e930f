"""From the pieces of one item (its line and its sub-items) to an ImportedEntry."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs, urlsplit

from generator.catalog.model import ET_AL, Link
from generator.importers import extract
from generator.importers.inline import Inline, InlineLink
from generator.importers.model import ImportedEntry
from generator.render.readme_model import KIND_LABELS
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
    "web": "Website",
    "site": "Website",
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
_UNDESCRIPTIVE = {
    "link",
    "here",
    "click here",
    "this",
    "more",
    "url",
    "badge",
    "static badge",
}  # markdownlint MD059
_PAPER_LABELS = {"Paper", "arXiv", "OpenReview", "DOI", "Link"}
_CODE_LABELS = {"code", "github", "repo", "repository", "source code", "implementation"}
_DETAIL = re.compile(r"^\s*(?P<label>[A-Za-z][\w /&-]{0,30}?)\s*[:\uff1a]\s*(?P<rest>.*)$")
_TAG = re.compile(r"^\s*[(\[](?P<tag>[^()\[\]]{1,40})[)\]]\s*$")
_NEURIPS_PDF = re.compile(
    r"^/paper_files/paper/(\d{4})/file/([0-9a-f]{32})-Paper(-[A-Za-z_]+)?\.pdf$"
)
_QUOTES = "\"'\u201c\u201d"
# A link whose text is a date ("[4 Sep 2022]", "[2024-05]") points at the entry it dates.
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}"
_DATE_TEXT = re.compile(
    rf"^(?:\d{{1,2}}\s+{_MONTH}\.?,?\s+\d{{4}}|{_MONTH}\.?\s+(?:\d{{1,2}},?\s+)?\d{{4}}|"
    r"\d{4}[-./]\d{1,2}(?:[-./]\d{1,2})?)$",
    re.IGNORECASE,
)
# What comes between a title and its description: "[Name](..) - Does X", "**Name**: Does X".
_DESCRIPTION = re.compile(r"^\s*(?:\[[^\]]*\]\s*|\([^)]*\)\s*)*[-\u2013\u2014:]\s+(?P<text>\S.*)$")
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])\u2018(?=[^\W\d_])")
_TRAILING_GROUP = re.compile(r"\s*\((?P<inside>[^()]*)\)\s*\.?\s*$")
_NAME_PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "la", "le", "du", "del", "bin"}
_SENTENCE = re.compile(r"(?<=[^\s.A-Z])\.\s+|(?<=[a-z]{2})\.\s+")


@dataclass
class Details:
    """What sub-items said about an entry."""

    code: str | None = None
    links: list[Link] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    venue_text: str = ""
    authors: tuple[str, ...] = ()
    description: str = ""  # unlabelled sentences about the entry


def _label(link: InlineLink) -> str | None:
    """The generic label of a link ('Code', 'PDF'), or None when its text is a title."""
    text = link.text.strip(" []()").casefold()
    if _DATE_TEXT.match(text):
        return "Paper"
    if not text and link.images:
        alt = link.images[0].alt.strip().casefold()
        return _GENERIC.get(alt, link.images[0].alt.strip() or "Link")
    if not text:
        return "Link"
    if link.text.startswith("[") and link.text.endswith("]") and len(text.split()) <= 3:
        return _GENERIC.get(text, link.text.strip("[] "))  # "[[html]](..)": a label
    return _GENERIC.get(text)


def generic_label(link: InlineLink) -> bool:
    """Whether the link's text is a label ('code', 'PDF', a date) rather than a title."""
    return _label(link) is not None


def clean_title(text: str) -> str:
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith(("So", "Cs")))
    text = text.replace("\ufe0f", "").replace("\u200d", "")
    text = _strip_marks(" ".join(text.split()))
    # Quotes around the whole title go; a quote that opens only its first words stays.
    while len(text) > 1 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = _strip_marks(text[1:-1])
    if text[:1] in _QUOTES and sum(text.count(q) for q in _QUOTES) == 1:
        text = text[1:].strip()
    return text.rstrip(".").strip()


_END_MARKS = " *_-\u2013\u2014:|"
_SHORTCODE = re.compile(r":[a-z0-9_+-]+:")  # an emoji written ':heavy_dollar_sign:'


def _strip_marks(text: str) -> str:
    """`text` without the marks around it ('**', ' - ', ':'), but an emoji shortcode at
    either end whole."""
    codes = [match.span() for match in _SHORTCODE.finditer(text)]
    start, end = 0, len(text)
    while start < end and text[start] in _END_MARKS and all(a != start for a, _ in codes):
        start += 1
    while end > start and text[end - 1] in _END_MARKS and all(b != end for _, b in codes):
        end -= 1
    return text[start:end]


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
        if _usable(link.href) and link.text and _label(link) is None and not _badge(link):
            return link
    return _named_like_a_label(inline)


def _named_like_a_label(inline: Inline) -> InlineLink | None:
    """'[github](..) - Go library for the GitHub API.': a tool whose name is a word that
    labels links elsewhere, told by its place (first) and the description after it."""
    first = inline.links[0] if inline.links else None
    if first is None or first.offset != 0 or not _usable(first.href) or _badge(first):
        return None
    text = first.text.strip()
    if not text or text.startswith("[") or _DATE_TEXT.match(text):
        return None
    return first if _DESCRIPTION.match(inline.text[len(first.text) :]) else None


def _badge(link: InlineLink) -> bool:
    return extract.is_badge_address(link.href)


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
    after: str = ""  # the text after the title, labelled links left out


def _unlabelled_text(inline: Inline) -> str:
    """The line's text with the texts of generic links ('code', 'pdf') blanked out."""
    text = inline.text
    for link in inline.links:
        if link.text and (_label(link) is not None or _badge(link)):
            end = link.offset + len(link.text)
            text = text[: link.offset] + " " * len(link.text) + text[end:]
    return re.sub(r"\[\s*\]|\(\s*\)", " ", text)


def _head(inline: Inline) -> Head | None:
    plain = _unlabelled_text(inline)
    link = _title_link(inline)
    if link is not None:
        end = link.offset + len(link.text)
        rest = inline.text[: link.offset] + " " + inline.text[end:]
        tag = _tag_before(inline, link)
        return Head(clean_title(link.text), link.href, tag, rest, _after_title(inline, link, plain))
    if inline.strong and clean_title(inline.strong[0]):
        title = inline.strong[0]
        start = inline.text.find(title)
        after = plain[start + len(title) :] if start >= 0 else ""
        return Head(clean_title(title), None, None, inline.text.replace(title, " ", 1), after)
    labelled = _before_labelled_links(inline)
    if labelled is not None:
        return labelled
    ids = extract.arxiv_ids(inline.text) or extract.dois(inline.text)
    sentences = [s for s in _SENTENCE.split(inline.outside) if s.strip()]
    if ids and sentences and not extract.arxiv_ids(sentences[0]):
        return Head(clean_title(sentences[0]), None, None, ". ".join(sentences[1:]))
    return None


_OPENING = re.compile(r"[\[(]\s*$")
_CLOSING = re.compile(r"^\s*[\])]")


def _after_title(inline: Inline, title: InlineLink, plain: str) -> str:
    """The text after the title link, without what only belongs to the title: the bracket
    around it ('[[sevenz-rust](..)] - A 7z..'), and the links right after it, the same
    thing elsewhere ('[fastnum](github) [fastnum](crates) - Fast..'), which stay links."""
    end = title.offset + len(title.text)
    after = plain[end:]
    if _OPENING.search(inline.text[: title.offset]) and _CLOSING.match(after):
        after = " " + _CLOSING.sub("", after, count=1)
    start = end
    for link in inline.links:
        if link.offset < start or inline.text[start : link.offset].strip():
            continue
        gap = link.offset - end
        after = after[:gap] + " " * len(link.text) + after[gap + len(link.text) :]
        start = link.offset + len(link.text)
    return after


def _before_labelled_links(inline: Inline) -> Head | None:
    """'Title (TKDE, 2024) [[paper]](..)', 'Title [[paper](..)][[code](..)]': a plain title
    whose links all come after it and are labelled; a closing '(...)' is its venue."""
    usable = [link for link in inline.links if _usable(link.href)]
    if not usable or any(_label(link) is None for link in usable):
        return None
    before = inline.text[: usable[0].offset].rstrip(" [(")
    venue = ""
    cited = _CITED_YEAR.search(before)
    if cited and before[cited.end() :].lstrip().startswith(","):
        # 'Long short-term memory (1997), S. Hochreiter and J. Schmidhuber. [[pdf]](..)':
        # the year and the authors are read from the rest, as after a bold title.
        venue, before = before[cited.start() :], before[: cited.start()]
    while match := _TRAILING_GROUP.search(before):
        venue, before = f"({match.group('inside')}) {venue}", before[: match.start()]
    title = clean_title(before)
    if not re.search(r"[^\W\d_]{2,}", title):
        return None
    return Head(title, None, None, venue + " " + inline.text[usable[0].offset :])


def _description(head: Head) -> str | None:
    """'Modern CLI framework.' from '[typer](..) - Modern CLI framework.'"""
    match = _DESCRIPTION.match(head.after)
    if not match:
        return None
    text = " ".join(match.group("text").split()).strip(" -|")
    text = _APOSTROPHE.sub("\u2019", text)  # an opening single quote between letters: an apostrophe
    # This generator's own README: "- [T](u) - NeurIPS 2022 · SFT · [Code](..)." says where
    # and when, and a description it wrote ends where its " · " facts begin.
    first, _, _ = text.partition(" \u00b7 ")
    text = _TRAILING_GROUP.sub(lambda m: "" if _is_publication(m["inside"]) else m[0], first)
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    while sentences and _is_publication(sentences[-1]):  # "Edits facts. NeurIPS 2022."
        sentences.pop()
    if not sentences or text.strip(" .").casefold() in _KIND_WORDS:
        return None
    text = " ".join(sentences)
    text = text.strip(" .") + "." if first != text.strip() or " \u00b7 " in match["text"] else text
    return text if re.search(r"[^\W\d_]{2,}", text) else None


_PUBLICATION_WORDS = {"arxiv", "preprint", "in", "of", "the", "proceedings", "conference", "at"}
_PUBLICATION_WORDS |= {"first", "released"}  # this generator's "NeurIPS 2022, first released May"
_KIND_WORDS = {label.casefold() for label in KIND_LABELS.values()}  # "- [X](..) - Tool, 2023."


def _is_publication(text: str) -> bool:
    """'NeurIPS 2022', 'ArXiv, February 2024', 'ICLR 2024 SafeGen Workshop', 'Tool, 2023': a
    venue or date and hardly another word, not a sentence that names one ('RESTful caching
    micro-service', 'Accepted at ACL 2024 as an oral')."""
    words = re.findall(r"[^\W_]+", text)
    if not words or len(words) > 8:
        return False
    if extract.date(text) != (None, None) and len(words) <= 2:
        return True
    venue = extract.venue(text)
    if venue is None:
        return False
    said = " ".join([venue.name, venue.track or ""]).casefold()
    others = [
        w
        for w in words
        if not w.isdigit()
        and w.casefold() not in said
        and w.casefold() not in _PUBLICATION_WORDS
        and not re.fullmatch(_MONTH, w, re.IGNORECASE)
    ]
    return len(others) <= 1


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


def _looks_like_names(names: tuple[str, ...]) -> bool:
    """Every name two or more words, none of them a lowercase word other than a particle:
    'J. Redmon', 'Ludwig van Beethoven'; not 'It is flexible'."""
    for name in (name for name in names if name != ET_AL):
        words = name.split()
        if len(words) < 2 or any(w[0].islower() and w not in _NAME_PARTICLES for w in words):
            return False
        if any(ch.isdigit() for ch in name):  # "RFC 3489"
            return False
    return bool(names)


def _authors_in(inline: Inline, head: Head, said: str) -> tuple[str, ...]:
    """Authors only where the line shows an unmistakable author list: an emphasised list of
    names, or a comma-separated run of names (or 'A. Name et al.') beside the title, outside
    its description (`said`: '(RFC 3489, RFC 5389)' in a description names no authors)."""
    for span in inline.emphasis:
        names = extract.authors(span)
        if _looks_like_names(names) and clean_title(span) != head.title and span in said:
            return names
    cited = _CITED_YEAR.search(said)
    # 'Title (2015), R. Girshick [[pdf]](..)': one name where a citation puts its authors.
    after_year = (
        said[cited.end() :].lstrip(" ,")
        if cited and said[cited.end() :].lstrip().startswith(",")
        else ""
    )
    # 'et. al.' is no sentence's end.
    cited_text = re.sub(r"\bet\.\s*al\b", "et al", said)
    for part in re.split(r"(?<=[^\W\d_]{2})[.;]\s+|[()\[\]]", cited_text):
        if extract.arxiv_ids(part) or extract.venue(part) or not part.strip(" ,"):
            continue
        names = extract.authors(part.strip(" ,"))
        et_al = re.search(r"\bet al\b", part)
        cited_names = (
            bool(after_year)
            and after_year.startswith(part.strip(" ,"))
            and all(_INITIALLED.match(name) for name in names)  # 'R. Girshick', not 'Google Brain'
        )
        if _looks_like_names(names) and (len(names) >= 2 or et_al or cited_names):
            return names
    return ()


def detail_label(inline: Inline) -> tuple[str, str]:
    """('Code', rest) for 'Code: [..](..)'; ('', text) when no label comes before any link.
    'Author(s)' reads as 'Authors'."""
    match = _DETAIL.match(inline.text.replace("(s):", "s:", 1))
    first_link = inline.links[0].offset if inline.links else len(inline.text)
    if match and match.end("label") < first_link:
        return match.group("label").strip(), match.group("rest").strip()
    return "", inline.text.strip()


def _is_sentence(text: str) -> bool:
    """A sentence about the entry, not a short name ('Microsoft', 'Google, Meta')."""
    words = re.findall(r"[^\W\d_]+", text)
    return len(words) >= 6 or (len(words) >= 3 and text.rstrip().endswith((".", "!", "?")))


def read_details(lines: list[Inline]) -> Details:
    details = Details()
    for inline in lines:
        label, rest = detail_label(inline)
        hrefs = [link.href for link in inline.links if _usable(link.href)]
        if label.casefold() in _CODE_LABELS and hrefs:
            details.code = details.code or hrefs[0]
        elif hrefs:
            for link in inline.links:
                if not _usable(link.href) or _badge(link):
                    continue
                badge = _label(link) if link.images and not link.text else None
                if badge == "Code" and not label:  # "[![Code](..badge/Code-GitHub..)](repo)"
                    details.code = details.code or link.href
                    continue
                text = label or clean_title(link.text) or badge or ""
                if link.images and text.casefold() in _UNDESCRIPTIVE:  # "Static Badge"
                    text = extract.badge_text(link.images[0].src)
                if not text or text.casefold() in _UNDESCRIPTIVE:
                    text = extract.host(link.href) or "Link"
                details.links.append(Link(text, link.href))
        elif label.casefold() in {"venue", "conference", "published", "publication", "date"}:
            details.venue_text += f" {rest}"
        elif label.casefold() in {"authors", "author"}:
            details.authors = extract.authors(rest)
        elif rest and not label and _is_sentence(rest):
            details.description = " ".join([details.description, rest]).strip()
        elif rest:
            details.facts.append((label, rest.rstrip(".")))
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
    found = _links(inline, head, details)
    url = found.url or _url_from_ids(arxiv, doi) or found.pdf or found.code
    if url is None and found.links:  # "OpenAI [[web]](..)": its one link is its page
        url = found.links.pop(0).url
    if url is None:
        return None
    code = found.code if found.code != url else None
    url, pdf_of_url = landing(url)
    pdf = found.pdf or pdf_of_url
    arxiv = arxiv_id_from_url(url) or arxiv
    description = _description(head) or details.description or None
    said = head.rest.replace(description, " ") if description else head.rest
    addressed = extract.venue_of_address(found.pdf or url)  # a stated venue comes first
    venue_source = " ".join([said, _badge_texts(inline), details.venue_text, extra_text])
    venue_source = f"{venue_source} {addressed}" if addressed else venue_source
    when = extract.date(" ".join([extra_text, details.venue_text, *found.dates]))
    if when == (None, None):
        when = (extract.date(_parenthesised(said))[0], None)  # "Title (2016), A. Author"
    venue, year, date = _published(extract.venue(venue_source), when, arxiv)
    kind = _kind(section, url, head.title, scholarly=bool(venue or arxiv or doi), year=year)
    return ImportedEntry(
        title=head.title,
        line=line,
        sections=(section,),
        kind=kind,
        url=url,
        pdf=pdf if pdf != url else None,
        arxiv=arxiv,
        doi=doi,
        code=code if code != url else None,
        links=tuple(dict.fromkeys([*found.links, *details.links])),
        venue_text=" ".join(venue_source.split()) or None,
        venue=venue.name if venue else None,
        track=venue.track if venue else None,
        year=year,
        date=date,
        authors=details.authors or _authors_in(inline, head, said),
        tag=head.tag,
        details=tuple(details.facts),
        lines=(line,),
        description=description,
        ci_badges=tuple(found.ci_badges),
    )


@dataclass
class _Found:
    """The links of one line, sorted by what they are."""

    url: str | None
    code: str | None
    pdf: str | None = None
    links: list[Link] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)  # texts of links written as a date
    ci_badges: list[str] = field(default_factory=list)  # where its build badges link to


def _links(inline: Inline, head: Head, details: Details) -> _Found:
    found = _Found(head.url, details.code)
    for link in inline.links:
        if not _usable(link.href) or link.href == head.url or _badge(link):
            continue
        if extract.is_ci_badge(link.href, [image.src for image in link.images]):
            found.ci_badges.append(link.href)
            continue
        label = _label(link) or clean_title(link.text) or "Link"
        if _DATE_TEXT.match(link.text.strip(" []()")):
            found.dates.append(link.text)
        if link.images and label.casefold() in _UNDESCRIPTIVE:  # "[![Static Badge](..)](..)"
            label = extract.badge_text(link.images[0].src) or label
        if label.casefold() in _UNDESCRIPTIVE:  # "[Link]" fails markdownlint's MD059
            label = extract.host(link.href) or label
        if label == "Code" or (label not in _PAPER_LABELS and extract.is_code_url(link.href)):
            found.code = found.code or link.href
        elif label == "PDF":
            found.pdf = found.pdf or link.href
        elif label in _PAPER_LABELS and found.url is None:
            found.url = link.href
        else:
            found.links.append(Link(label, link.href))
    return found


def _kind(
    section: tuple[str, ...], url: str, title: str, *, scholarly: bool, year: int | None
) -> str:
    """What the entry is, by evidence: its heading, its address, and whether it names a venue,
    an arXiv id or a DOI ('Image / Video' lists papers too; a repository with no venue is
    a tool); an entry nothing types is a resource."""
    heading = extract.kind_from_headings(section)
    if heading in {"tutorial", "blog"} and scholarly:
        return "paper"
    kind = heading or extract.kind_from_url(url, title)
    if kind is None:
        kind = "paper" if scholarly or year else "resource"
    return kind


def _parenthesised(text: str) -> str:
    return " ".join(re.findall(r"\(([^()]*)\)", text))


def _url_from_ids(arxiv: str | None, doi: str | None) -> str | None:
    if arxiv:
        return f"https://arxiv.org/abs/{arxiv}"
    return f"https://doi.org/{doi}" if doi else None


def _published(
    venue: extract.Venue | None, when: tuple[int | None, str | None], arxiv: str | None
) -> tuple[extract.Venue | None, int | None, str | None]:
    """The venue, year and date the line's words and its arXiv id give, agreeing."""
    year, date = when
    year = (venue.year if venue else None) or year
    if venue and venue.month and venue.year:
        date = date or f"{venue.year}-{venue.month:02d}"
    if arxiv and not date:
        month = extract.arxiv_month(arxiv)
        # A preprint appears before its venue's year ('(2016)' of arXiv 1512.03385), not after.
        if month and (year is None or month[0] <= year):
            date = f"{month[0]}-{month[1]:02d}"
            year = year or month[0]
    return venue, year, date


def named(entry: ImportedEntry, name: str, line: int) -> ImportedEntry:
    """An entry introduced by a name line above its paper: '- ECBD' then '  - [paper](..)'."""
    return replace(entry, name=clean_title(name), line=line, lines=(line, *entry.lines))


_INITIALLED = re.compile(r"^(?:[^\W\d_]\.\s?)+[^\W\d_][\w'\u2019-]+$")
_CITED_YEAR = re.compile(r"\((?P<year>(?:19[5-9]\d|20\d\d))\)")
_CITATION_NUMBER = re.compile(r"^\s*\[?\d{1,4}[.)\]]\s+")
CITATION_WORDS = 3  # a cited title has at least this many words


def citation_from(inline: Inline, line: int, section: tuple[str, ...]) -> ImportedEntry | None:
    """A work cited without a link: 'Region-based networks (2016), R. Girshick et al.',
    '[12] Title, A. Author and B. Author'. Its title comes before the year in brackets or
    the author list; without one of them the line is prose. It has no address: `import
    --resolve` looks it up by title."""
    if any(_usable(link.href) for link in inline.links):
        return None
    text = _CITATION_NUMBER.sub("", inline.text)
    year = _CITED_YEAR.search(text)
    head = text[: year.start()] if year else text
    authors: tuple[str, ...] = ()
    parts = [p for p in re.split(r",\s+", head)]
    for cut in range(1, len(parts)):
        names = extract.authors(", ".join(parts[cut:]))
        if _looks_like_names(names) and (len(names) >= 2 or re.search(r"\bet\.? al", head)):
            head, authors = ", ".join(parts[:cut]), names
            break
    if year is None and not authors:
        return None
    if not authors and year:
        named = extract.authors(text[year.end() :].strip(" ,"))
        authors = named if _looks_like_names(named) else ()
    title = clean_title(head)
    if len(re.findall(r"[^\W\d_]{2,}", title)) < CITATION_WORDS:
        return None
    cited_year = int(year.group("year")) if year else None
    kind = _kind(section, "", title, scholarly=True, year=cited_year)
    return ImportedEntry(
        title=title,
        line=line,
        sections=(section,),
        kind=kind if kind != "tool" else "paper",
        year=cited_year,
        authors=authors,
        lines=(line,),
        venue_text=" ".join(text.split()) or None,
    )
