"""The housekeeping sections an import keeps (Contributing, License, Acknowledgements...),
written as notes/<slug>.md in the notes' safe subset of Markdown.

Each block goes in as the source wrote it when the notes' check takes it; a block it refuses
(raw HTML, a link of a scheme notes do not allow) goes in as its words, and the report says so.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.catalog.load import NoteFile
from generator.catalog.notes import validate_note
from generator.catalog.paths import NOTES_DIR
from generator.importers.model import ImportedNote, NoteBlock, UnreadLine
from generator.text.markup import escape_markdown

MAX_NOTICE_TEXT = 200
# An inline link or image to a file of the source's repository ('[guide](CONTRIBUTING.md)'):
# no scheme, no '#' of its own page. The new list has no such file.
_RELATIVE_LINK = re.compile(r"!?\[([^\]\n]*)\]\((?![A-Za-z][A-Za-z0-9+.\-]*:|#)[^)\s]*\)")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_LINK = re.compile(r"(?<!!)\[([^\[\]\n]*)\]\(([^()\s]+)(?:\s+\"[^\"\n]*\")?\)")
# A paragraph that is all emphasis ("**Star it if it helps!**") reads to markdownlint and
# awesome-lint as a heading written wrongly: the note keeps its words without the emphasis.
_EMPHASIS_ONLY = re.compile(r"^(\*\*|__|\*|_)([^*_\n]+)\1$")
_CODE_START = ("```", "~~~", "    ", "\t")


def note_files(
    notes: tuple[ImportedNote, ...], notices: list[UnreadLine], linked: set[str]
) -> dict[str, str]:
    """The files of the kept sections; `notices` gets each block kept as plain text.
    `linked` holds the addresses the README links to already (entries, badges)."""
    seen = {_same(url) for url in linked}
    return {f"{NOTES_DIR}/{note.slug}.md": note_text(note, notices, seen) for note in notes}


def note_text(note: ImportedNote, notices: list[UnreadLine], seen: set[str]) -> str:
    name = f"{NOTES_DIR}/{note.slug}.md"
    head = f"# {escape_markdown(note.title)}"
    parts = [head]
    for block in note.blocks:
        parts.append(_once(block, _block_text(head, block, name, notices), name, notices, seen))
    return "\n\n".join(parts) + "\n"


def _same(url: str) -> str:
    return url.rstrip("/")


def _once(block: NoteBlock, text: str, name: str, notices: list[UnreadLine], seen: set[str]) -> str:
    """The block with each link the README has already kept as its text: awesome-lint
    refuses a README that links to one address twice."""
    if text.startswith(_CODE_START):
        return text
    repeated = False

    def link(match: re.Match[str]) -> str:
        nonlocal repeated
        url = _same(match.group(2))
        if url in seen:
            repeated = True
            return match.group(1)
        seen.add(url)
        return match.group(0)

    kept = _LINK.sub(link, text)
    if repeated:
        why = f"a link the README has already kept as its text in {name}"
        notices.append(UnreadLine(block.line, block.markdown[:MAX_NOTICE_TEXT], why))
    return kept


def _block_text(head: str, block: NoteBlock, name: str, notices: list[UnreadLine]) -> str:
    markdown = _without_relative_links(block, name, notices)
    markdown = _EMPHASIS_ONLY.sub(lambda match: match.group(2).strip(), markdown)
    if _accepted(name, head, markdown):
        return markdown
    without_images = _IMAGE.sub(lambda match: match.group(1), markdown)
    if without_images != markdown and _accepted(name, head, without_images):
        why = f"an image kept as its alternative text in {name}: notes show no outside images"
        notices.append(UnreadLine(block.line, block.markdown[:MAX_NOTICE_TEXT], why))
        return without_images
    words = escape_markdown(block.words)
    why = f"kept in {name} as plain text: notes refuse its HTML or links"
    notices.append(UnreadLine(block.line, block.markdown[:MAX_NOTICE_TEXT], why))
    return words


def _without_relative_links(block: NoteBlock, name: str, notices: list[UnreadLine]) -> str:
    """The block with each link to a file of the source's repository kept as its text."""
    if block.markdown.startswith(_CODE_START) or not _RELATIVE_LINK.search(block.markdown):
        return block.markdown
    why = f"a link to a file of the source's repository kept as its text in {name}"
    notices.append(UnreadLine(block.line, block.markdown[:MAX_NOTICE_TEXT], why))
    return _RELATIVE_LINK.sub(lambda match: match.group(1), block.markdown)


def _accepted(name: str, head: str, markdown: str) -> bool:
    text = f"{head}\n\n{markdown}\n"
    problems = validate_note(NoteFile(Path(name), name, text), set(), set())
    return not any(problem.is_error for problem in problems)
