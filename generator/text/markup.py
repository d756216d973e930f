"""Escaping: the one place where text from YAML meets Markdown and HTML.

Every template filter that prints user text goes through `escape_markdown`; every link
target through `escape_url`. Nothing from the data reaches output unescaped.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import quote

from generator.text.characters import printable

# Characters that start Markdown constructs inline; escaping them makes them literal.
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_MARKDOWN_SPECIAL = str.maketrans({char: "\\" + char for char in "\\`*_{}[]#|~"})
# `$` would open math on GitHub; entities are literal text in every Markdown dialect.
_ENTITIES = str.maketrans({"<": "&lt;", ">": "&gt;", "$": "&#36;"})
_NEEDS_ESCAPE = re.compile(r"[\\`*_{}\[\]#|~<>&$]|://|www\.", re.IGNORECASE)
# GitHub links bare `https://...` and `www....` in text; an entity in the pattern stops it.
_AUTOLINK = re.compile(r":(?=//)|\bw(?=ww\.)", re.IGNORECASE)
# A block marker at the start of a line: lists, setext underlines, admonitions (`!!!`),
# details (`???`) and the site's blocks (`///`, which also ends the block an entry is in).
# Python-Markdown has no backslash escape for `=`, `?` or `/`, nor does either dialect for a
# digit, so those get an entity or an escaped delimiter instead.
_LINE_START = re.compile(r"^(?:\d+(?=[.)])|(?=[-+!=?/]))")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_TAG = re.compile(r"<[^>]*>")
_URL_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#@!$&'*+,;=%]")


def escape_markdown(text: object) -> str:
    """Literal text in Markdown and in the HTML it becomes: no links, no tags, no emphasis."""
    value = " ".join(str(text).split())
    if not _NEEDS_ESCAPE.search(value) and not _LINE_START.match(value):
        return value  # the common case, and the hot path of a large list
    value = value.translate(_MARKDOWN_SPECIAL)
    if "&" in value:
        value = _ENTITY.sub("&amp;", value)
    value = _AUTOLINK.sub(lambda m: f"&#{ord(m.group(0))};", value.translate(_ENTITIES))
    return _escape_line_start(value)


def paragraphs(text: object) -> list[str]:
    """The paragraphs of a text, split at its blank lines; each is still text to escape."""
    return [part.strip() for part in _BLANK_LINE.split(str(text)) if part.strip()]


def _escape_line_start(value: str) -> str:
    match = _LINE_START.match(value)
    if not match:
        return value
    index = match.end()
    marker = value[index]
    escaped = f"&#{ord(marker)};" if marker in "=?/" else "\\" + marker
    return value[:index] + escaped + value[index + 1 :]


def escape_attribute(text: object) -> str:
    """Text inside a quoted HTML attribute."""
    return html.escape(" ".join(str(text).split()), quote=True)


def page_title(heading_html: str) -> str:
    """A page title as the theme prints it unescaped: HTML text with no markup left.

    MkDocs takes a page's title from its first heading, as HTML text; Material prints that
    through Jinja's `striptags` in `<title>`, which turns `&lt;/title&gt;` back into a tag.
    Given as the page's `title` metadata, this text is printed as it is everywhere instead.
    """
    return escape_attribute(html.unescape(_TAG.sub("", heading_html)))


def theme_text(text: object) -> str:
    """Plain text that the theme prints unescaped outside any page: the site's name and the
    label of a navigation group (Material writes both as they are, in text and attributes)."""
    return escape_attribute(text)


def escape_url(url: object) -> str:
    """A link target that cannot end the Markdown link or break out of an HTML attribute."""
    value = _URL_UNSAFE.sub(lambda m: quote(m.group(0), safe=""), str(url).strip())
    return value.replace("(", "%28").replace(")", "%29").replace("'", "%27")


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    value = unicodedata.normalize("NFC", heading).strip().lower()
    value = re.sub(r"[^\w\- ]", "", value)
    return value.replace(" ", "-")


# GitHub turns these into mentions and issue links after rendering, escaped or not; only a
# code span keeps them text. Matched in text that escape_markdown has already escaped.
_GITHUB_REFERENCE = re.compile(r"(?:@|\\#)[A-Za-z0-9][\w./-]*")


def issue_markdown(text: object) -> str:
    """Literal text for Markdown that GitHub shows as an issue or pull request: escaped as
    `escape_markdown` does, and with @mentions and #references kept from notifying anyone."""
    escaped = escape_markdown(printable(text))
    return _GITHUB_REFERENCE.sub(lambda m: f"`{m.group(0).replace(chr(92), '')}`", escaped)
