"""The safe subset of Markdown that notes (notes/*.md) are written in, and its check.

A note is published as it is written: inside README.md, read by CommonMark renderers such as
GitHub's, and on the site, rendered by Python-Markdown with the site's extensions. Each
reads some texts differently (a code span split by a blank line, an unclosed fence), so a
trick that hides raw HTML from one of them must not reach the other. The check therefore
reads a note twice and refuses what either reading finds:

1. markdown-it-py, a CommonMark tokenizer, gives the located tokens: raw HTML, links in
   every form (inline, reference definitions, autolinks), images, attribute lists.
2. Python-Markdown with the site's extensions renders it, and every element, attribute and
   address of the HTML it makes must be one that plain Markdown makes.
3. The same CommonMark tokenizer, with GitHub's tables and strikethrough, reads the note as
   README.md holds it (`readme_text`: references emphasised, headings nested), and no raw
   HTML may be there: the rewrite can join what the note keeps apart (a link's title that
   hides a backtick, over a blank line), and the README has no sanitizer.

The README's form of a note is made here, below the render stage, so that the check reads
the very text that `generator.render.readme` writes.

What the subset allows is documented in contributing.md ("Notes").
"""

from __future__ import annotations

import html.parser
import re
from collections.abc import Iterator
from typing import Any

import markdown
from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.catalog.load import NoteFile, position
from generator.catalog.model import note_from_text
from generator.diagnostics import Diagnostic, unknown_name
from generator.text.characters import (
    HINT,
    describe,
    invisible_characters,
    unsafe_characters,
    unsafe_references,
)
from generator.text.urls import url_problems

# The site's `markdown_extensions` of mkdocs.yml (tests/test_notes.py keeps the two equal).
SITE_EXTENSIONS: list[Any] = [
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.blocks.html",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.superfences",
    "pymdownx.tilde",
]
SITE_EXTENSION_CONFIGS = {"toc": {"permalink": True}}
REFERENCE_SCHEMES = ("paper:", "dataset:")

# What Python-Markdown and the extensions make from plain Markdown, and nothing more.
_CLASS = frozenset({"class"})
NOTE_ELEMENTS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), frozenset({"id"})),
    "a": frozenset({"href", "title", "class"}),
    "img": frozenset({"src", "alt", "title"}),
    "ol": frozenset({"start"}),
    "th": frozenset({"style"}),
    "td": frozenset({"style"}),
    **dict.fromkeys(("p", "div", "span", "code", "pre", "details", "summary"), _CLASS),
    **dict.fromkeys(
        ("em", "strong", "ul", "li", "blockquote", "hr", "br", "del", "table", "thead"),
        frozenset(),
    ),
    **dict.fromkeys(("tbody", "tr"), frozenset()),
}
_TABLE_ALIGN = re.compile(r"^text-align: (?:left|right|center);$")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# Python-Markdown's attribute lists: `{: #id .class key=value }` and `{ ... }` after an element.
_ATTRIBUTE_LIST = re.compile(r"\{[^{}\n]*\}")
_URL_NOISE = re.compile(r"[\t\n\r]")
# Every form of reference target that the check allows: spaces, <angle brackets>, a "title".
REFERENCE = re.compile(
    r"\[([^\]]*)\]\(\s*<?((?:paper|dataset):[a-z0-9-]+)>?(?:\s+\"[^\"]*\")?\s*\)"
)
_HEADING = re.compile(r"^(#{1,6})(?=\s)", re.MULTILINE)
README_HEADING_SHIFT = 2  # a note's "# Title" is a "###" under the README's "## Notes"


def shift_headings(markdown: str, levels: int) -> str:
    """Demote every ATX heading of a note so that it nests under the page's own headings."""
    return _HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + levels), markdown)


def emphasise_references(markdown: str) -> str:
    """`[LIMA](paper:lima)` becomes `*LIMA*`: the words stay, the link goes."""
    return REFERENCE.sub(lambda m: f"*{m.group(1)}*", markdown)


def readme_text(body: str) -> str:
    """A note's body as it appears inside the README: headings nested, references kept as
    their words. awesome-lint forbids two links to one target, and every paper and dataset is
    linked already where it is listed."""
    return shift_headings(emphasise_references(body), README_HEADING_SHIFT)


def _tokenizer() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    # Its own filter would turn a `javascript:` link into text, hiding it from the check.
    parser.validateLink = lambda url: True
    return parser


_PARSER = _tokenizer()


def validate_note(note: NoteFile, paper_ids: set[str], dataset_ids: set[str]) -> list[Diagnostic]:
    problems = _title_problems(note) + list(_character_problems(note))
    found = list(_token_problems(note, {"paper:": paper_ids, "dataset:": dataset_ids}))
    for more in (_rendered_problems(note), _readme_problems(note)):
        lines = {d.line for d in found}
        found += [d for d in more if d.line not in lines]
    return problems + sorted(set(found))


def _title_problems(note: NoteFile) -> list[Diagnostic]:
    first_line = note.text.lstrip("\n").split("\n", 1)[0]
    if first_line.startswith("# ") and first_line[2:].strip():
        return []
    return [Diagnostic(note.name, 1, 1, "a note must start with its title", "begin with '# Title'")]


def _character_problems(note: NoteFile) -> Iterator[Diagnostic]:
    for index, character in unsafe_characters(note.text):
        line, column = position(note.text, index)
        yield Diagnostic(note.name, line, column, f"the note contains {describe(character)}", HINT)
    for index, character in invisible_characters(note.text):
        line, column = position(note.text, index)
        message = f"the note contains {describe(character)}"
        yield Diagnostic(note.name, line, column, message, HINT, severity="warning")
    for index, reference, character in unsafe_references(note.text):
        line, column = position(note.text, index)
        message = f"the character reference {reference} writes {describe(character)}"
        yield Diagnostic(note.name, line, column, message, f"delete {reference}")


class _Locator:
    """Finds each token's text in the note, moving forward, for its line and column."""

    def __init__(self, note: NoteFile) -> None:
        self.note = note
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", note.text)]
        self.cursor = 0

    def start_block(self, token: Token) -> None:
        if token.map:
            self.cursor = max(self.cursor, self.line_starts[token.map[0]])

    def find(self, *needles: str) -> int:
        for needle in needles:
            index = self.note.text.find(needle, self.cursor) if needle else -1
            if index >= 0:
                self.cursor = index + 1
                return index
        return self.cursor

    def diagnostic(self, index: int, message: str, hint: str) -> Diagnostic:
        return Diagnostic(self.note.name, *position(self.note.text, index), message, hint)


_RAW_HTML = ("raw HTML is not allowed in notes", "write Markdown; to show a '<', put it in `code`")
_ATTRIBUTES = (
    "attribute lists ({: ...} or { ... }) are not allowed in notes",
    "remove the braces; to show them, put them in `code`",
)


def _token_problems(note: NoteFile, known: dict[str, set[str]]) -> Iterator[Diagnostic]:
    env: dict[str, Any] = {}
    locate = _Locator(note)
    for token in _PARSER.parse(note.text, env):
        locate.start_block(token)
        if token.type == "html_block":
            yield locate.diagnostic(locate.find(token.content.lstrip()), *_RAW_HTML)
        elif token.type == "inline":
            yield from _inline_problems(token.children or [], locate, known)
    for label, reference in env.get("references", {}).items():
        yield from _reference_problems(note, label, reference["href"])


def _inline_problems(
    children: list[Token], locate: _Locator, known: dict[str, set[str]]
) -> Iterator[Diagnostic]:
    for child in children:
        if child.type == "html_inline":
            yield locate.diagnostic(locate.find(child.content), *_RAW_HTML)
        elif child.type == "text":
            for match in _ATTRIBUTE_LIST.finditer(child.content):
                yield locate.diagnostic(locate.find(match.group()), *_ATTRIBUTES)
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
            if child.markup == "autolink":
                index = locate.find(f"<{href}") + 1
            else:
                index = locate.find("](") + 2
            problem = _link_problem(href, known)
            if problem:
                yield locate.diagnostic(index, *problem)
        elif child.type == "image":
            src = str(child.attrGet("src") or "")
            index = locate.find("![")
            problem = _image_problem(src)
            if problem:
                yield locate.diagnostic(index, *problem)
            yield from _inline_problems(child.children or [], locate, known)


def _readme_problems(note: NoteFile) -> Iterator[Diagnostic]:
    """Raw HTML in the note as README.md holds it, where GitHub would render it."""
    body = note_from_text("", note.text, note.name).body
    locate = _Locator(note)
    for token in _PARSER.parse(readme_text(body)):
        for found in [token, *(token.children or [])]:
            if found.type in {"html_block", "html_inline"}:
                opening = found.content.strip().split("\n", 1)[0]
                yield locate.diagnostic(_search(note, opening, "<"), *_RAW_HTML)


def _reference_problems(note: NoteFile, label: str, href: str) -> Iterator[Diagnostic]:
    words = r"\s+".join(re.escape(word) for word in label.split())
    found = re.search(rf"^ {{0,3}}\[\s*{words}\s*\]:", note.text, re.IGNORECASE | re.MULTILINE)
    line, column = position(note.text, found.start()) if found else (1, 1)
    if href.startswith(REFERENCE_SCHEMES):
        yield Diagnostic(
            note.name,
            line,
            column,
            "a paper or dataset is referenced in a link definition",
            "write the reference inline, as [words](paper:ID) or [words](dataset:ID)",
        )
        return
    problem = _link_problem(href, None)
    if problem:
        yield Diagnostic(note.name, line, column, *problem)


def _scheme(target: str) -> str | None:
    """The scheme as a browser reads it: spaces around and tabs or line breaks inside ignored."""
    found = _SCHEME.match(_URL_NOISE.sub("", target.strip()))
    return found.group(1).lower() if found else None


def _link_problem(target: str, known: dict[str, set[str]] | None) -> tuple[str, str] | None:
    if target.startswith("#"):
        return None
    if target.startswith(REFERENCE_SCHEMES):
        if known is None:
            return None  # the tokens' check has seen it; references are resolved later
        kind, _, ident = target.partition(":")
        ids = known[f"{kind}:"]
        return None if ident in ids else unknown_name(kind, ident, ids)
    scheme = _scheme(target)
    if scheme in {"http", "https"}:
        return next(iter(url_problems(target)), None)
    if scheme is not None:
        return (
            f"the link target uses the scheme '{scheme}:', which notes may not link to",
            "link to an http:// or https:// address, to a #heading, or to paper:ID / dataset:ID",
        )
    return None  # a relative link, to a page or file of the list


def _image_problem(source: str) -> tuple[str, str] | None:
    if _scheme(source) is None and not source.strip().startswith("//"):
        return None
    return (
        "images from other hosts are not allowed in notes: loading one tells that host who "
        "reads the page",
        "put the image into the repository and give its relative path, or link to it instead",
    )


class _Elements(html.parser.HTMLParser):
    """Every element, attribute and comment of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.others: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.others.append("<!--")

    def handle_decl(self, decl: str) -> None:
        self.others.append("<!")

    def handle_pi(self, data: str) -> None:
        self.others.append("<?")


def _rendered_problems(note: NoteFile) -> Iterator[Diagnostic]:
    """What Python-Markdown, as the site runs it, makes of the note beyond plain Markdown."""
    rendered = markdown.markdown(
        note.text, extensions=SITE_EXTENSIONS, extension_configs=SITE_EXTENSION_CONFIGS
    )
    elements = _Elements()
    elements.feed(rendered)
    elements.close()
    locate = _Locator(note)
    for opening in elements.others:
        yield locate.diagnostic(_search(note, opening), *_RAW_HTML)
    for tag, attributes in elements.elements:
        allowed = NOTE_ELEMENTS.get(tag)
        if allowed is None:
            yield locate.diagnostic(_search(note, f"<{tag}"), *_RAW_HTML)
            continue
        for name, value in attributes:
            problem = _attribute_problem(tag, name, value or "", allowed)
            if problem:
                yield locate.diagnostic(_search(note, value or name, name), *problem)


def _attribute_problem(
    tag: str, name: str, value: str, allowed: frozenset[str]
) -> tuple[str, str] | None:
    if name not in allowed or (name == "style" and not _TABLE_ALIGN.match(value)):
        return (
            f"the attribute '{name}' is not allowed in notes",
            "remove the attribute list ({: ...}) or the HTML that sets it",
        )
    if name == "href":
        return _link_problem(value, None)
    if name == "src":
        return _image_problem(value)
    return None


def _search(note: NoteFile, *needles: str) -> int:
    lowered = note.text.lower()
    for needle in needles:
        index = lowered.find(needle.lower())
        if index >= 0:
            return index
    return 0
