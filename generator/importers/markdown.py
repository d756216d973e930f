"""A hand-written awesome list (CommonMark + GitHub tables + HTML) to an ImportedList.

Structure comes from markdown-it-py's syntax tree: headings (and `<details><summary>`) make
the section tree; list items, table rows and paragraph lines become entries through
`entries`. Every line inside a section that yields nothing is kept as an UnreadLine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from generator.catalog.paths import NOTES_DIR
from generator.catalog.scaffold import ascii_slug
from generator.importers import entries as read
from generator.importers.dedupe import merge_duplicates
from generator.importers.inline import Inline, html_tags, read_inline, split_lines
from generator.importers.model import (
    Badge,
    ImportedEntry,
    ImportedList,
    ImportedNote,
    ImportedSection,
    KeptText,
    NoteBlock,
    UniqueIds,
    UnreadLine,
)
from generator.render.readme import code_fence
from generator.text.urls import url_problems

# A table of contents skips its own lines only; the other sections below skip their
# sub-sections too (a news section's "Week Papers" is news as well).
_NAVIGATION = re.compile(r"^(?:table of contents?|contents?|toc|index|menu|navigation)\b", re.I)
_NOT_ENTRIES = re.compile(
    r"^(?:table of contents?|contents?|toc|index|overview|menu|navigation|news|updates?|"
    r"changelog|what'?s new|recent updates|latest news|star history|stargazers|"
    r"contribut\w*|how to contribute|licen[cs]e|citation|cite|cite us|citing|bibtex|"
    r"acknowledge?ments?|thanks|contact|contact us|about|authors?|maintainers?|"
    # How the list itself is built (as this generator writes it); not "Development Tools".
    r"development\s*$|"
    r"related (?:awesome )?(?:lists|repositories|repos)|back to top)\b",
    re.IGNORECASE,
)
# The mark of a README this generator wrote: its housekeeping sections are the generator's own.
_GENERATED = re.compile(r"<!--\s*Generated from [^>]*listsmith build", re.I)
# Headings the README writes itself (templates/README.md.j2): a note of that title would
# repeat one (markdownlint refuses two headings of one text), and awesome-lint refuses a
# "License" heading, since the README states the list's own licence.
_README_HEADINGS = re.compile(
    r"^(?:contents|news|papers|datasets|notes|citation|contributing|development|licen[cs]e)$",
    re.I,
)
_NEWS = re.compile(r"^(?:news|updates?|what'?s new|recent updates|latest news)\b", re.I)
_DATED = re.compile(r"[\[(]?\b\d{4}[-./]\d{1,2}(?:[-./]\d{1,2})?\b[\])]?\s*[:\-\u2013]?")
_SLUG = re.compile(r"^[^\W_]+(?:[-_][^\W_]+)+$")
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+")
_TABLE_ROLES = (
    ("authors", r"authors?"),
    ("code", r"code|github|repo|repository|implementation|source"),
    ("venue", r"venue|conference|conf|journal|publication|published in|pub|where"),
    ("date", r"date|time|year|month|released?|published"),
    ("organizations", r"orgs?|organi[sz]ations?|affiliations?|institutions?|compan(?:y|ies)"),
    ("stars", r"stars?|popularity"),
    ("title", r"title|paper|papers|name|method|model|work|article|project|tool|dataset"),
    ("description", r"description|summary|take-?away|abstract|notes?|highlights?|tl;?dr|remarks?"),
)
TABLE_DESCRIPTION_WORDS = 3  # an unnamed column says something about the entry from 3 words
MAX_UNREAD_TEXT = 200
MAX_SECTION_DEPTH = 40  # headings give six levels; only <details> inside <details> go deeper
MAX_BADGES = 12
PROSE_WORDS = 3  # prose after entries says something; "*(Tutorials)*" labels a group
LEAD_WORDS = 1  # "Paper: [Title](..)" is an entry; "see also [Title](..)" is prose


class TooDeep(Exception):
    """The source nests sections deeper than the importer follows; `line` is 1-based."""

    def __init__(self, line: int) -> None:
        super().__init__(
            f"<details> blocks nested more than {MAX_SECTION_DEPTH} deep; "
            "a list needs a few levels: close the <details> blocks you do not mean to nest"
        )
        self.line = line


@dataclass
class _Section:
    title: str
    level: float
    line: int
    path: tuple[str, ...]
    skipped: bool
    description: str = ""
    children: list[_Section] = field(default_factory=list)
    pseudo: bool = False
    has_entries: bool = False
    navigation: bool = False
    home: _Section | None = None
    news: bool = False  # its dated lines are the list's news, not entries
    keeper: _Section | None = None  # the housekeeping section whose note keeps its words
    blocks: list[NoteBlock] = field(default_factory=list)  # a keeper's words, in order
    # A section read for entries: its blocks, made a note's only if it turns out to hold none.
    read_blocks: list[SyntaxTreeNode] = field(default_factory=list)
    note_slug: str = ""  # a keeper's note file name

    def frozen(self) -> ImportedSection:
        return ImportedSection(
            self.title,
            self.path,
            self.line,
            self.description,
            tuple(child.frozen() for child in self.children if not child.skipped),
        )


def section_title(text: str) -> str:
    return _NUMBERING.sub("", read.clean_title(text)).strip() or read.clean_title(text)


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.source_lines = lines
        self.title = ""
        self.description = ""
        self.intro: list[str] = []
        self.roots: list[_Section] = []
        self.stack: list[_Section] = []
        self.entries: list[ImportedEntry] = []
        self.unread: list[UnreadLine] = []
        self.noted_lines: dict[int, str] = {}  # lines kept in a note of a prose section
        self.badges: list[Badge] = []
        self.by_path: dict[tuple[str, ...], _Section] = {}
        self.pending: tuple[Inline, int, tuple[str, ...]] | None = None  # a heading entry
        self.quoted = False  # the description is the front matter's quote ("> A curated list")
        self.notices: list[UnreadLine] = []
        self.news: list[tuple[str, str]] = []  # (date, text) of the source's news lines
        self.generated = False  # a README this generator wrote: its own sections are not notes
        self.keepers: list[_Section] = []
        self.note_slugs = UniqueIds()  # each keeper's note file name, in the source's order
        self.kept: list[KeptText] = []

    # Sections ------------------------------------------------------------------------------

    @property
    def section(self) -> _Section | None:
        return self.stack[-1] if self.stack else None

    def heading(self, text: str, level: float, line: int, pseudo: bool = False) -> None:
        title = section_title(text)
        if not self.title and not self.stack and level <= 1 and title:
            self.title = title
            return
        if not title:
            return
        # A heading closes every open <details> block, then the sections of its level or deeper.
        # A <details> summary nests inside the open <details> blocks; a heading closes them.
        while self.stack and (
            self.stack[-1].level >= level or (self.stack[-1].pseudo and not pseudo)
        ):
            self.stack.pop()
        parent = self.section
        inherited = parent is not None and parent.skipped and not parent.navigation
        skipped = bool(_NOT_ENTRIES.match(title)) or inherited
        # Under a skipped table of contents, a heading belongs where the contents section is.
        home = parent
        while home is not None and home.skipped:
            home = home.home
        if len(self.stack) >= MAX_SECTION_DEPTH:
            raise TooDeep(line + 1)
        path = self.unique((*home.path, title) if home else (title,))
        node = _Section(title, level, line, path, skipped, pseudo=pseudo, home=home)
        node.navigation = bool(_NAVIGATION.match(title))
        node.news = bool(_NEWS.match(title)) or (parent is not None and parent.news)
        node.keeper = self.keeper_of(node, parent if inherited else None)
        (home.children if home else self.roots).append(node)
        self.stack.append(node)
        self.by_path[path] = node

    def keeper_of(self, node: _Section, skipped_parent: _Section | None) -> _Section | None:
        """Where a skipped section's words go: its own note, or the note of the housekeeping
        section it is part of. The contents and the news have none: the generator writes
        those anew."""
        if not node.skipped or node.navigation or node.news:
            return None
        if skipped_parent is not None:
            return skipped_parent.keeper
        self.keepers.append(node)
        node.note_slug = self.note_slugs.new(ascii_slug(node.title) or "note")
        return node

    def keep(self, node: SyntaxTreeNode, words: str | None = None) -> None:
        """A block of a housekeeping section, as the source wrote it (`words`: its text
        when the block is raw HTML, which notes refuse)."""
        section = self.section
        keeper = section.keeper if section is not None else None
        if keeper is None or self.generated or node.map is None:
            return
        start, _ = node.map
        markdown = self.as_written(node)
        plain = (_words(node) or _image_alts(node)) if words is None else words
        if not markdown or not (plain or node.type in {"fence", "code_block"}):
            return
        if section is not keeper and not any(b.line == section.line + 1 for b in keeper.blocks):
            heading = "#" * min(6, 1 + max(1, round(section.level - keeper.level)))
            keeper.blocks.append(NoteBlock(section.line + 1, f"{heading} {section.title}", ""))
        if words is not None:
            where = f"{self.note_name(keeper)}, as its text: notes refuse raw HTML"
            self.kept.append(KeptText(start + 1, markdown[:MAX_UNREAD_TEXT], where))
            markdown = words
        keeper.blocks.append(NoteBlock(start + 1, markdown, plain or markdown))

    def remember(self, node: SyntaxTreeNode) -> None:
        """A block of a section that is read for entries: the words of a section that turns
        out to hold none are kept as a note (`prose_sections`)."""
        if self.section is not None and node.map is not None:
            self.section.read_blocks.append(node)

    def note_block(self, node: SyntaxTreeNode) -> NoteBlock | None:
        """A remembered block as the source wrote it (raw HTML as its words, which notes
        refuse); None for one without words (code has its own) or a table of contents,
        which the README writes itself."""
        start, _ = node.map or (0, 0)
        markdown = self.as_written(node)
        if node.type == "html_block":
            words = markdown = _html_words(node.content)
        else:
            words = _words(node) or (markdown if node.type in {"fence", "code_block"} else "")
        if not markdown or not words or _page_navigation(markdown):
            return None
        return NoteBlock(start + 1, markdown, words)

    def as_written(self, node: SyntaxTreeNode) -> str:
        """A block's Markdown as the source wrote it, without the blank lines around it;
        indented code as a fence, which needs no indentation to stay code."""
        if node.type == "code_block":
            fence = code_fence(node.content)
            return f"{fence}text\n{node.content.rstrip()}\n{fence}"
        start, end = node.map or (0, 0)
        return "\n".join(self.source_lines[start:end]).strip("\n").rstrip()

    def note_name(self, keeper: _Section) -> str:
        return f"{NOTES_DIR}/{keeper.note_slug}.md"

    def unique(self, path: tuple[str, ...]) -> tuple[str, ...]:
        """Two headings of one text under one parent ("Resources" at two levels) get two
        paths: the second's last title carries an invisible mark."""
        while path in self.by_path:
            path = (*path[:-1], path[-1] + "\u2063")
        return path

    def group(self, title: str, line: int, parent: tuple[str, ...]) -> tuple[str, ...]:
        """A list item that only names a group of the items below it: a subsection."""
        home = self.by_path.get(parent)
        if home is None:
            return parent
        path = self.unique((*parent, title))
        node = _Section(title, home.level + 0.25, line, path, False, home=home)
        home.children.append(node)
        self.by_path[path] = node
        return path

    def close_details(self) -> None:
        if self.stack and self.stack[-1].pseudo:
            self.stack.pop()

    # Lines that yield nothing --------------------------------------------------------------

    def not_read(self, line: int, reason: str, linked: bool = False) -> None:
        text = self.source_lines[line].strip() if line < len(self.source_lines) else ""
        if text:
            self.unread.append(UnreadLine(line + 1, text[:MAX_UNREAD_TEXT], reason, linked))

    def not_read_inline(self, line: int, inline: Inline, path: tuple[str, ...] = ()) -> None:
        """A line that is no entry with a link: a citation without one, or not read."""
        cited = read.citation_from(inline, line + 1, path) if path else None
        if cited is not None:
            self.add(cited)
        else:
            self.not_read(line, _why_not(inline), _linked(inline))

    def not_read_block(self, node: SyntaxTreeNode, reason: str) -> None:
        start, end = node.map or (0, 0)
        for line in range(start, end):
            self.not_read(line, reason)

    # Blocks --------------------------------------------------------------------------------

    def block(self, node: SyntaxTreeNode) -> None:
        kind = node.type
        if self.pending is not None:
            if kind in {"bullet_list", "ordered_list"}:
                self.flush_heading_entry(node)
                return
            self.flush_heading_entry(None)
        if kind == "heading":
            if self.section is None and not self.title:
                self.keep_badges(_inline_of(node), _first_line(node))
            if not self.heading_entry(node):
                self.heading(_inline_text(node), int(node.tag[1:]), _first_line(node))
        elif kind == "html_block":
            self.html_block(node)
        elif kind in {"fence", "code_block", "hr"}:
            if kind != "hr" and self.section is not None and self.section.skipped:
                self.keep(node)
            elif kind != "hr":
                self.remember(node)  # code is no entry, but words of a section without any
            return
        elif self.section is None:
            self.front_matter(node)
        elif self.section.skipped:
            if self.section.news:
                self.news_block(node)
            else:
                self.keep(node)
            return
        else:
            self.remember(node)
            self.entries_block(node)

    def entries_block(self, node: SyntaxTreeNode) -> None:
        """A block of a section read for entries."""
        kind = node.type
        if kind == "paragraph":
            self.paragraph(node)
        elif kind in {"bullet_list", "ordered_list"}:
            for item in node.children:
                self.item(item, self.section.path)
        elif kind == "table":
            self.table(node)
        elif kind == "blockquote":
            self.quote(node)
        else:
            self.not_read_block(node, f"a {kind.replace('_', ' ')} is not an entry")

    def heading_entry(self, node: SyntaxTreeNode) -> bool:
        """'### [Title](url)' inside a section: an entry, its details in the list below it."""
        inline = _inline_of(node)
        section = self.section
        if inline is None or section is None or section.skipped or section.pseudo:
            return False
        link = read._title_link(inline)
        if link is None or len(link.text) < 0.6 * len(inline.text):
            return False
        if int(node.tag[1]) <= section.level:
            return False
        self.pending = (inline, _first_line(node), section.path)
        return True

    def flush_heading_entry(self, details_list: SyntaxTreeNode | None) -> None:
        inline, line, path = self.pending
        self.pending = None
        items = details_list.children if details_list is not None else []
        facts = [i for i in (_item_inline(item) for item in items) if i is not None]
        details = read.read_details(facts + _deeper_inlines(items))
        entry = read.entry_from(inline, line + 1, path, details)
        if entry is not None:
            self.add(entry)

    def keep_badges(self, inline: Inline | None, line: int = 0) -> None:
        if inline is None:
            return
        badges, replaced = _badges(inline)
        self.badges += [b for b in badges if b not in self.badges]
        why = "the Awesome badge is written from awesome.re, the image awesome-lint wants"
        self.notices += [UnreadLine(line + 1, src[:MAX_UNREAD_TEXT], why) for src in replaced]

    def front_matter(self, node: SyntaxTreeNode) -> None:
        if node.type == "paragraph":
            self.keep_badges(_inline_of(node), _first_line(node))
        if node.type == "paragraph" and _only_links(_inline_of(node)):
            return  # a line of badges or of links to the list's parts, not a description
        if node.type in {"paragraph", "blockquote"}:
            text = _words(node)
            if text and node.type == "blockquote" and not self.quoted:
                # An awesome list's description is the quote under its title.
                self.intro[:0] = [self.description] if self.description else []
                self.description, self.quoted = text, True
            elif text and not self.description:
                self.description = text
            elif text:
                self.intro.append(text)

    def quote(self, node: SyntaxTreeNode) -> None:
        section = self.section
        if section is not None and not section.description and not section.has_entries:
            section.description = _words(node)

    def paragraph(self, node: SyntaxTreeNode) -> None:
        inline = node.children[0]
        first = _first_line(node)
        for offset, nodes in split_lines(inline):
            line = first + offset
            pieces = read_inline(nodes)
            entry = read.entry_from(pieces, line + 1, self.section.path, lead_words=LEAD_WORDS)
            if entry is not None:
                self.add(entry)
            elif not _has_words(pieces) or _navigation(pieces):
                continue
            elif self._describes_section(pieces):
                self.section.description = " ".join([self.section.description, pieces.text]).strip()
            elif self._after_entries(pieces, line):
                self.describe_after_entries(pieces.text, line)
            else:
                self.not_read_inline(line, pieces, self.section.path)

    def _describes_section(self, pieces: Inline) -> bool:
        section = self.section
        return section is not None and not section.has_entries and not pieces.links

    def _after_entries(self, pieces: Inline, line: int) -> bool:
        """Prose after a section's entries: no link nor identifier, and no citation."""
        section = self.section
        if section is None or not section.has_entries or _linked(pieces):
            return False
        if len(re.findall(r"[^\W\d_]{2,}", pieces.text)) < PROSE_WORDS:
            return False
        return read.citation_from(pieces, line + 1, section.path) is None

    def describe_after_entries(self, text: str, line: int) -> None:
        section = self.section
        section.description = " ".join([section.description, text]).strip()
        where = f"the description of section '{section.title}'"
        self.kept.append(KeptText(line + 1, text[:MAX_UNREAD_TEXT], where))

    def html_block(self, node: SyntaxTreeNode) -> None:
        content = node.content
        tags = {tag for tag, _ in html_tags(content)}
        text = _words_of_inline(content)
        heading = next((t for t in ("h1", "h2", "h3", "h4", "h5", "h6") if t in tags), None)
        if self.section is None:
            self.keep_badges(_html_inline(content), _first_line(node))
        if heading and text:
            self.heading(text, int(heading[1]), _first_line(node))
        elif "summary" in tags and text and "/details" not in tags:
            level = (self.section.level if self.section else 1) + 0.5
            self.heading(text, level, _first_line(node), pseudo=True)
        elif "/details" in tags and "summary" not in tags:
            self.close_details()
        elif self.section is None and text and not self.description:
            self.description = text
        elif self.section is None and text:
            self.intro.append(text)
        elif self.section is not None and self.section.skipped and text:
            self.keep(node, words=_html_words(content))
        elif self.section is not None and text and not _in_page_links(_html_inline(content)):
            self.remember(node)  # the words of a section that turns out to hold no entry
            self.unread.append(
                UnreadLine(
                    _first_line(node) + 1,
                    _html_words(content)[:MAX_UNREAD_TEXT],
                    "raw HTML, not an entry",
                )
            )

    # News ----------------------------------------------------------------------------------

    def news_block(self, node: SyntaxTreeNode) -> None:
        """A news section's dated lines: '- **[2026.05.27]**' with the papers it announces
        below it, or '- 2024-05: We passed 100 papers.' Each becomes a news item of list.yaml
        (the README writes its News section from there); the papers are entries where their
        topics list them."""
        if node.type in {"bullet_list", "ordered_list"}:
            for item in node.children:
                inline = _item_inline(item)
                subs = [i for c in item.children if c.type.endswith("_list") for i in c.children]
                said = [s for s in (_item_inline(sub) for sub in subs) if s is not None]
                if inline is not None:
                    self.news_item(inline, said)
        elif node.type == "paragraph":
            for _, nodes in split_lines(node.children[0]):
                self.news_item(read_inline(nodes), [])

    def news_item(self, inline: Inline, announced: list[Inline]) -> None:
        stamp = read.extract.date(inline.text)[1]
        if not stamp:
            return
        texts = [_announced(item) for item in announced] or [_DATED.sub(" ", inline.text)]
        text = "; ".join(t for t in (read.clean_title(t) for t in texts) if t)
        if text:
            self.news.append((stamp, text))

    # Entries -------------------------------------------------------------------------------

    def add(self, entry: ImportedEntry) -> None:
        self.entries.append(entry)
        if self.section is not None:
            self.section.has_entries = True

    def item(self, item: SyntaxTreeNode, path: tuple[str, ...]) -> None:
        paragraphs = [c for c in item.children if c.type == "paragraph"]
        subs = [i for c in item.children if c.type.endswith("_list") for i in c.children]
        line = _first_line(item)
        if not paragraphs:
            for sub in subs:
                self.item(sub, path)
            return
        pieces = read_inline(paragraphs[0].children[0].children)
        names = read.many_titles(pieces)
        if names:
            for link in names:
                alone = Inline(link.text, "", [replace(link, offset=0)])
                entry = read.entry_from(alone, line + 1, path)
                if entry is not None:
                    self.add(entry)
            return
        if _has_words(pieces) and _named_by_words(pieces) and _groups_groups(subs):
            path = self.group(self.group_title(pieces, line), line, path)
            for sub in subs:
                self.item(sub, path)
            return
        sub_lines = [(_first_line(s), _item_inline(s)) for s in subs]
        nested = [(n, s) for (n, s) in sub_lines if s is not None and _is_entry_line(s)]
        facts = [s for (_, s) in sub_lines if s is not None and not _is_entry_line(s)]
        deeper = _deeper_inlines(subs)
        details = read.read_details(facts + deeper)
        entry = read.entry_from(pieces, line + 1, path, details, lead_words=LEAD_WORDS)
        if entry is not None:
            self.add(entry)
            for sub in subs:
                if (_first_line(sub), _item_inline(sub)) in nested:
                    self.item(sub, path)
            return
        if len(nested) == 1 and pieces.text:
            number, inline = nested[0]
            inner = read.entry_from(inline, number + 1, path, read.read_details(facts + deeper))
            if inner is not None and inner.kind == "dataset":
                self.add(read.named(inner, pieces.text, line + 1))
                return
        if subs:
            if nested and _has_words(pieces) and not pieces.links:
                path = self.group(read.clean_title(pieces.text), line, path)
            for sub in subs:
                self.item(sub, path)
        elif _has_words(pieces) and not _navigation(pieces):
            self.not_read_inline(line, pieces, path)

    def group_title(self, pieces: Inline, line: int) -> str:
        """The title of a group named by a list item, from its words outside links ('SQL' of
        'SQL [[sql](..)]'); its links are reported, since a section has none."""
        words = _EMPTY_BRACKETS.sub(" ", pieces.outside)
        title = read.clean_title(words) or read.clean_title(pieces.text)
        for link in pieces.links:
            why = f"a link of the group '{title}' is not kept: a section has no link"
            self.notices.append(UnreadLine(line + 1, f"{link.text} ({link.href})", why, True))
        return title

    def table(self, node: SyntaxTreeNode) -> None:
        head = next((c for c in node.children if c.type == "thead"), None)
        body = next((c for c in node.children if c.type == "tbody"), None)
        headers = [
            _inline_text(cell) for row in (head.children if head else []) for cell in row.children
        ]
        roles = [_role(text) for text in headers]
        for row in body.children if body else []:
            cells = [
                read_inline(cell.children[0].children) if cell.children else Inline()
                for cell in row.children
            ]
            if (
                headers
                and len(cells) == len(headers)
                and all(not c.links and c.text == headers[i] for i, c in enumerate(cells))
            ):
                continue
            entry = self.row(cells, roles, _first_line(row))
            if entry is not None:
                self.add(entry)
            elif any(_has_words(c) for c in cells):
                linked = any(_linked(c) for c in cells)
                self.not_read(_first_line(row), "a table row without a title and a link", linked)
        if head is not None and headers and "title" not in roles and not self.section.has_entries:
            return

    def row(self, cells: list[Inline], roles: list[str], line: int) -> ImportedEntry | None:
        roles = roles + ["other"] * (len(cells) - len(roles))
        title_cell = next((c for c, r in zip(cells, roles, strict=False) if r == "title"), None)
        candidates = [title_cell] if title_cell else []
        candidates += [c for c in cells if c is not title_cell and c.links]
        details = read.Details()
        extra: list[str] = []
        described: list[str] = []
        for cell, role in zip(cells, roles, strict=False):
            if cell is title_cell:
                continue
            hrefs = [link.href for link in cell.links if link.href.startswith("http")]
            words = len(re.findall(r"[^\W\d_]{2,}", cell.text))
            if role == "authors":
                details.authors = read.extract.authors(cell.text)
            elif role == "organizations" and words:
                details.facts.append(("Organizations", cell.text))
            elif not cell.links and _describes(role, words):
                described.append(cell.text)
            elif role == "code" and hrefs:
                details.code = hrefs[0]
            elif role in {"venue", "date"}:
                extra.append(cell.text + " " + read._badge_texts(cell))
            elif cell.links:
                facts = read.read_details([cell])
                details.code = details.code or facts.code
                details.links += facts.links
                extra.append(read._badge_texts(cell))
        for cell in candidates:
            entry = read.entry_from(
                cell, line + 1, self.section.path, details, extra_text=" ".join(extra)
            )
            if entry is not None:
                return _with_description(entry, cell, described)
        return None

    def result(self) -> ImportedList:
        if self.pending is not None:
            self.flush_heading_entry(None)
        notes = self.notes()
        return ImportedList(
            title=self.list_title(),
            description=self.description,
            intro="\n\n".join(self.intro),
            sections=tuple(s.frozen() for s in self.roots if not s.skipped),
            entries=tuple(merge_duplicates(self.entries)),
            unread=self.still_unread(),
            badges=tuple(self.badges[:MAX_BADGES]),
            notices=tuple(self.notices),
            news=tuple(self.news),
            notes=notes,
            kept=tuple(self.kept),
        )

    def notes(self) -> tuple[ImportedNote, ...]:
        """The housekeeping sections that hold words, and the sections whose words are no
        entries (a "Background"), each a note; the report names them."""
        self.keepers += self.prose_sections()
        notes = []
        for keeper in self.keepers:
            if any(block.words for block in keeper.blocks):
                title = _note_title(keeper.title)
                note = ImportedNote(keeper.note_slug, title, keeper.line + 1, ())
                notes.append(replace(note, blocks=tuple(keeper.blocks)))
                where = self.note_name(keeper)
                where += f", titled '{title}'" if title != keeper.title else ""
                self.kept.append(KeptText(keeper.line + 1, keeper.title, where))
        return tuple(notes)

    def prose_sections(self) -> list[_Section]:
        """The outermost sections read for entries that hold none, nor do their subsections,
        but words: each keeps its words and its subsections' (under their headings) in a
        note, since the list writes no section without entries."""
        used = {path for entry in self.entries for path in entry.sections}
        found: list[_Section] = []

        def holds(section: _Section) -> bool:
            return section.path in used or any(holds(child) for child in section.children)

        def visit(section: _Section) -> None:
            if section.skipped:
                return
            if holds(section):
                for child in section.children:
                    visit(child)
                return
            blocks = self.with_headings(section, section.level)
            if any(block.words for block in blocks):
                section.blocks = blocks
                section.note_slug = self.note_slugs.new(ascii_slug(section.title) or "note")
                found.append(section)
                self.noted(section, section)

        for root in self.roots:
            visit(root)
        return found

    def noted(self, section: _Section, note: _Section) -> None:
        """The lines of `section`'s blocks (and its subsections') are kept in `note`: they
        are no lines not understood, and raw HTML among them is reported kept as its text."""
        for node in section.read_blocks:
            start, end = node.map or (0, 0)
            self.noted_lines.update(dict.fromkeys(range(start + 1, end + 1), self.note_name(note)))
            if node.type == "html_block" and _html_words(node.content):
                where = f"{self.note_name(note)}, as its text: notes refuse raw HTML"
                text = self.as_written(node)[:MAX_UNREAD_TEXT]
                self.kept.append(KeptText(start + 1, text, where))
        for child in section.children:
            if not child.skipped:
                self.noted(child, note)

    def still_unread(self) -> tuple[UnreadLine, ...]:
        """The lines not understood, but those a note keeps; one with a link stays, as it
        may be an entry not recognised, saying where its words are."""
        unread = []
        for line in self.unread:
            note = self.noted_lines.get(line.line)
            if note is None:
                unread.append(line)
            elif line.linked:
                unread.append(replace(line, reason=f"{line.reason}; kept in {note}"))
        return tuple(unread)

    def with_headings(self, section: _Section, level: float) -> list[NoteBlock]:
        """The remembered blocks of `section`, then of each of its subsections under its
        heading."""
        blocks = [b for b in map(self.note_block, section.read_blocks) if b is not None]
        for child in section.children:
            if child.skipped:
                continue
            heading = "#" * min(6, 1 + max(1, round(child.level - level)))
            blocks.append(NoteBlock(child.line + 1, f"{heading} {child.title}", ""))
            blocks += self.with_headings(child, level)
        return blocks

    def list_title(self) -> str:
        """The list's title; one written as a repository name ('Awesome-Robot-Papers') in words,
        as awesome-lint wants the title in title case."""
        if not _SLUG.match(self.title):
            return self.title
        words = " ".join(w[:1].upper() + w[1:] for w in re.split(r"[-_]", self.title))
        why = f"the list's title is written '{words}': a repository name is not a title"
        self.notices.append(UnreadLine(1, self.title, why))
        return words


def _note_title(heading: str) -> str:
    """A kept section's note title: its heading, unless the README writes that heading
    itself or awesome-lint refuses it ("Contributing", "License")."""
    if _README_HEADINGS.match(heading.strip()):
        return f"{heading.strip()} (from the source list)"
    return heading


def _announced(item: Inline) -> str:
    """What a news line's sub-item announces: the title of its entry, else its words."""
    entry = read.entry_from(item, 0, ())
    return entry.title if entry is not None else item.text


def _describes(role: str, words: int) -> bool:
    """A column saying what the entry is: named so, or an unnamed one with a few words."""
    return (role == "description" and words > 0) or (
        role == "other" and words >= TABLE_DESCRIPTION_WORDS
    )


def _with_description(entry: ImportedEntry, cell: Inline, described: list[str]) -> ImportedEntry:
    """A table entry's description: its description columns, and the words its title cell
    holds beside the title ('[Title](..) <br> What it shows')."""
    beside = " ".join(cell.text.replace(entry.title, " ", 1).split()).strip(" -|:")
    if len(re.findall(r"[^\W\d_]{2,}", beside)) > TABLE_DESCRIPTION_WORDS:
        described = [beside, *described]
    if entry.description or not described:
        return entry
    return replace(entry, description=" ".join(" ".join(described).split()))


def _role(header: str) -> str:
    for role, pattern in _TABLE_ROLES:
        if re.search(rf"\b(?:{pattern})\b", header, re.IGNORECASE):
            return role
    return "other"


def _first_line(node: SyntaxTreeNode) -> int:
    current: SyntaxTreeNode | None = node
    while current is not None:
        if current.map:
            return current.map[0]
        current = current.children[0] if current.children else None
    return 0


def _inline_text(node: SyntaxTreeNode) -> str:
    inline = next((c for c in node.children if c.type == "inline"), None)
    return read_inline(inline.children).text if inline else ""


def _inline_of(node: SyntaxTreeNode) -> Inline | None:
    inline = next((c for c in node.children if c.type == "inline"), None)
    return read_inline(inline.children) if inline else None


def _html_inline(html: str) -> Inline:
    tree = SyntaxTreeNode(_MARKDOWN.parseInline(html))
    return read_inline(tree.children[0].children) if tree.children else Inline()


def _in_page_links(inline: Inline) -> bool:
    """Links within the page only ("Back to top"): navigation, which the README writes."""
    return (
        bool(inline.links)
        and _only_links(inline)
        and all(link.href.startswith("#") for link in inline.links)
    )


def _only_links(inline: Inline | None) -> bool:
    return inline is not None and not any(ch.isalnum() for ch in inline.outside)


def _safe(url: str | None) -> bool:
    return url is None or (url.startswith("https://") and not url_problems(url))


def _badges(inline: Inline) -> tuple[list[Badge], list[str]]:
    """Badge images (shields.io, awesome.re...) on https addresses, each with its link; and
    the images of Awesome badges not from awesome.re, whose badge the README writes anew."""
    pairs = [(img, link.href) for link in inline.links for img in link.images]
    pairs += [(img, None) for img in inline.images]
    found, replaced = [], []
    for image, href in pairs:
        if _awesome_badge(image.src, href):  # the README shows it itself, from awesome.re
            if read.extract.host(image.src) != "awesome.re":
                replaced.append(image.src)
            continue
        if read.extract.is_badge_image(image.src) and _safe(image.src) and _safe(href):
            label = read.clean_title(image.alt) or read.extract.badge_text(image.src) or "Badge"
            found.append(Badge(label, image.src, href))
    return found, replaced


def _awesome_badge(src: str, href: str | None) -> bool:
    """The badge of an awesome list (linking to awesome.re or sindresorhus/awesome)."""
    target = (href or "").rstrip("/").lower()
    awesome = target.endswith(("://awesome.re", "github.com/sindresorhus/awesome"))
    return awesome or read.extract.host(src) == "awesome.re"


def _item_inline(item: SyntaxTreeNode) -> Inline | None:
    paragraph = next((c for c in item.children if c.type == "paragraph"), None)
    return read_inline(paragraph.children[0].children) if paragraph else None


def _deeper_inlines(subs: list[SyntaxTreeNode]) -> list[Inline]:
    """Sub-sub-items: details of details, read as details of the entry."""
    found = []
    for sub in subs:
        for child in sub.children:
            if child.type.endswith("_list"):
                for item in child.children:
                    inline = _item_inline(item)
                    if inline is not None:
                        found.append(inline)
    return found


_EMPTY_BRACKETS = re.compile(r"\[[\s,]*\]|\([\s,]*\)")


def _named_by_words(pieces: Inline) -> bool:
    """An item that begins with words, not with a title link ('SQL [[sql](..)]', not
    '[Scaling laws](..) - ICLR 2024.'): only such an item may name a group."""
    title = read._title_link(pieces)
    return title is None or bool(pieces.text[: title.offset].strip(" [("))


def _groups_groups(subs: list[SyntaxTreeNode]) -> bool:
    """Whether sub-items are groups of entries ('* Generic' over '* [sqlx](..) - ..'): then
    the item names a group of groups, even one with a link ('SQL [[sql](..)]'), not an entry
    whose details they are."""
    for sub in subs:
        label = _item_inline(sub)
        if label is None or _is_entry_line(label):
            continue
        below = [i for c in sub.children if c.type.endswith("_list") for i in c.children]
        if any((inline := _item_inline(b)) is not None and _is_entry_line(inline) for b in below):
            return True
    return False


def _is_entry_line(inline: Inline) -> bool:
    """A sub-item that is an entry of its own: a titled link, labelled at most 'Paper:'."""
    label, _ = read.detail_label(inline)
    if label and label.casefold() not in {"paper"}:
        return False
    return read._title_link(inline) is not None


def _navigation(inline: Inline) -> bool:
    """'[⬆ back to top](#contents)': links within the page only, a reader's way around."""
    return bool(inline.links) and all(link.href.startswith("#") for link in inline.links)


_PAGE_LINK = re.compile(r"\[[^\]]*\]\(#[^)]*\)")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s", re.MULTILINE)


def _page_navigation(markdown: str) -> bool:
    """A block of links within the page only (a table of contents): the README writes its
    own."""
    rest = _PAGE_LINK.sub("", markdown)
    return rest != markdown and not re.search(r"[^\W_]", _LIST_MARK.sub("", rest))


def _linked(inline: Inline) -> bool:
    web = any(link.href.startswith(("http://", "https://")) for link in inline.links)
    return web or bool(read.extract.arxiv_ids(inline.text) or read.extract.dois(inline.text))


def _why_not(inline: Inline) -> str:
    """What was seen on a line that gave no entry, in words."""
    web = [link for link in inline.links if link.href.startswith(("http://", "https://"))]
    if not web:
        ids = read.extract.arxiv_ids(inline.text) or read.extract.dois(inline.text)
        if ids:
            return "an identifier but no title before it"
        return "text without a web link, and no citation (no title before a year or authors)"
    if all(read.generic_label(link) for link in web):
        return "only labelled links (such as 'code' or 'pdf') and no title beside them"
    return f"prose that mentions a link after more than {LEAD_WORDS} word, not an entry"


def _has_words(inline: Inline) -> bool:
    return any(ch.isalnum() for ch in inline.text)


_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")


def _words_of_inline(html: str) -> str:
    """The words of raw HTML as a title: a heading's, a summary's."""
    return read.clean_title(_html_words(html))


def _html_words(html: str) -> str:
    """The words of raw HTML as written, for a note (which refuses raw HTML)."""
    tree = SyntaxTreeNode(_MARKDOWN.parseInline(html))
    nodes = tree.children[0].children if tree.children else []
    return " ".join(read_inline(nodes).text.split()) if nodes else ""


def _words(node: SyntaxTreeNode) -> str:
    texts = []
    for child in node.walk():
        if child.type == "inline":
            texts.append(read_inline(child.children).text)
    return " ".join(" ".join(texts).split())


def _image_alts(node: SyntaxTreeNode) -> str:
    """The words of a block of images only (a licence badge): their alternative texts."""
    return " ".join(child.content for child in node.walk() if child.type == "image").strip()


def parse_markdown(text: str) -> ImportedList:
    reader = _Reader(text.split("\n"))
    reader.generated = bool(_GENERATED.search(text))
    tree = SyntaxTreeNode(_MARKDOWN.parse(text))
    for node in tree.children:
        reader.block(node)
    return reader.result()
