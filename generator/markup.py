"""Escaping: the one place where text from YAML meets Markdown and HTML.

Every template filter that prints user text goes through `escape_markdown`; every link
target through `escape_url`. Nothing from the data reaches output unescaped.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import quote

# Characters that start Markdown constructs inline; escaping them makes them literal.
_MARKDOWN_SPECIAL = str.maketrans({char: "\\" + char for char in "\\`*_{}[]#|~"})
_ANGLES = str.maketrans({"<": "&lt;", ">": "&gt;"})
_NEEDS_ESCAPE = re.compile(r"[\\`*_{}\[\]#|~<>&]")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_URL_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#@!$&'*+,;=%]")


def escape_markdown(text: object) -> str:
    """Literal text in Markdown and in the HTML it becomes: no links, no tags, no emphasis."""
    value = " ".join(str(text).split())
    if not _NEEDS_ESCAPE.search(value) and not _LINE_START.match(value):
        return value  # the common case, and the hot path of a large list
    value = value.translate(_MARKDOWN_SPECIAL)
    if "&" in value:
        value = _ENTITY.sub("&amp;", value)
    return _LINE_START.sub(r"\1\\\2", value.translate(_ANGLES))


def escape_attribute(text: object) -> str:
    """Text inside a quoted HTML attribute."""
    return html.escape(" ".join(str(text).split()), quote=True)


def escape_url(url: object) -> str:
    """A link target that cannot end the Markdown link or break out of an HTML attribute."""
    value = _URL_UNSAFE.sub(lambda m: quote(m.group(0), safe=""), str(url).strip())
    return value.replace("(", "%28").replace(")", "%29").replace("'", "%27")


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    value = unicodedata.normalize("NFC", heading).strip().lower()
    value = re.sub(r"[^\w\- ]", "", value)
    return value.replace(" ", "-")
