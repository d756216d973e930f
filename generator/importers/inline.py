"""One line of Markdown inline content as plain pieces: text, links, images, emphasis.

Inline HTML is read too (`<a href>`, `<img>`, `<br>`), with the standard library's HTML
tokenizer, so that badges written as HTML look the same as badges written as Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from markdown_it.tree import SyntaxTreeNode


@dataclass
class Image:
    src: str
    alt: str


@dataclass
class InlineLink:
    href: str
    text: str = ""
    images: list[Image] = field(default_factory=list)
    strong: bool = False
    offset: int = 0  # where the link starts in Inline.text


@dataclass
class Inline:
    """`text` is everything a reader sees (link texts included, images left out)."""

    text: str = ""
    outside: str = ""  # the text outside links
    links: list[InlineLink] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)  # images outside links
    strong: list[str] = field(default_factory=list)
    emphasis: list[str] = field(default_factory=list)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        self.tags.append((f"/{tag}", {}))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def html_tags(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


class _Reader:
    def __init__(self) -> None:
        self.result = Inline()
        self.link: InlineLink | None = None
        self.strong_depth = 0
        self.spans: list[tuple[str, int]] = []  # (kind, start offset) of open strong/em

    def add_text(self, text: str) -> None:
        self.result.text += text
        if self.link is not None:
            self.link.text += text
        else:
            self.result.outside += text

    def add_image(self, image: Image) -> None:
        (self.link.images if self.link is not None else self.result.images).append(image)

    def open_link(self, href: str) -> None:
        self.close_link()
        offset = len(self.result.text)
        self.link = InlineLink(href.strip(), strong=self.strong_depth > 0, offset=offset)
        self.result.outside += " "

    def close_link(self) -> None:
        if self.link is not None:
            self.result.links.append(self.link)
            self.link = None

    def open_span(self, kind: str) -> None:
        self.spans.append((kind, len(self.result.text)))
        if kind == "strong":
            self.strong_depth += 1

    def close_span(self, kind: str) -> None:
        for index in range(len(self.spans) - 1, -1, -1):
            if self.spans[index][0] == kind:
                _, start = self.spans.pop(index)
                span = self.result.text[start:].strip()
                target = self.result.strong if kind == "strong" else self.result.emphasis
                if span:
                    target.append(span)
                if kind == "strong":
                    self.strong_depth -= 1
                return

    def html(self, content: str) -> None:
        for tag, attrs in html_tags(content):
            if tag == "a" and attrs.get("href"):
                self.open_link(attrs["href"])
            elif tag == "/a":
                self.close_link()
            elif tag == "img":
                self.add_image(Image(attrs.get("src", ""), attrs.get("alt", "")))
            elif tag in {"br", "p", "/p", "div", "/div"}:
                self.add_text(" ")
            elif tag in {"b", "strong"}:
                self.open_span("strong")
            elif tag in {"/b", "/strong"}:
                self.close_span("strong")
            elif tag in {"i", "em"}:
                self.open_span("em")
            elif tag in {"/i", "/em"}:
                self.close_span("em")

    def walk(self, node: SyntaxTreeNode) -> None:
        kind = node.type
        if kind == "text":
            self.add_text(node.content)
        elif kind == "code_inline":  # its backticks kept outside a link: words stay apart
            self.add_text(node.content if self.link else f"`{node.content}`")
        elif kind in {"softbreak", "hardbreak"}:
            self.add_text(" ")
        elif kind == "image":
            self.add_image(Image(str(node.attrs.get("src", "")), _plain(node)))
        elif kind == "html_inline":
            self.html(node.content)
        elif kind == "link":
            self.open_link(str(node.attrs.get("href", "")))
            self._children(node)
            self.close_link()
        elif kind in {"strong", "em"}:
            self.open_span(kind)
            self._children(node)
            self.close_span(kind)
        else:
            self._children(node)

    def _children(self, node: SyntaxTreeNode) -> None:
        for child in node.children:
            self.walk(child)


def _plain(node: SyntaxTreeNode) -> str:
    if node.type == "text":
        return node.content
    return "".join(_plain(child) for child in node.children)


def read_inline(nodes: list[SyntaxTreeNode]) -> Inline:
    reader = _Reader()
    for node in nodes:
        reader.walk(node)
    reader.close_link()
    result = reader.result
    result.text = " ".join(result.text.split())
    result.outside = " ".join(result.outside.split())
    for link in result.links:
        link.text = " ".join(link.text.split())
    return result


def split_lines(inline: SyntaxTreeNode) -> list[tuple[int, list[SyntaxTreeNode]]]:
    """The inline content cut at line breaks: (line offset, nodes of that line)."""
    lines: list[tuple[int, list[SyntaxTreeNode]]] = [(0, [])]
    for child in inline.children:
        if child.type in {"softbreak", "hardbreak"}:
            lines.append((lines[-1][0] + 1, []))
        else:
            lines[-1][1].append(child)
    return [(offset, nodes) for offset, nodes in lines if nodes]
