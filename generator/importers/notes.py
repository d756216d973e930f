"""The housekeeping sections an import keeps (Contributing, License, Acknowledgements...),
written as notes/<slug>.md in the notes' safe subset of Markdown.

Each block goes in as the source wrote it when the notes' check takes it; a block it refuses
(raw HTML, a link of a scheme notes do not allow) goes in as its words, and the report says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
# The README's lints (markdownlint, awesome-lint) want '-' for every list item, and a table's
# pipes aligned with a space on either side of each cell: the same Markdown, written so.
_LIST_MARKER = re.compile(r"^([ \t]*)[*+]([ \t])", re.MULTILINE)
# awesome-lint reads a list item that opens with emphasis as an entry without its link
# ('- **2016** : +60 citations'): the item keeps its words, without that emphasis.
_EMPHASIS_FIRST = re.compile(
    r"^([ \t]*(?:-|\d+[.)])[ \t]+)(\*\*|__|\*|_)([^*_\n]+?)\2", re.MULTILINE
)
_DELIMITER_CELL = re.compile(r"^:?-+:?$")
_FENCE = re.compile(r"^([ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)?)(```+|~~~+)")
# markdownlint wants a fence to name its language (MD040); one that names none is text.
_FENCE_WITHOUT_LANGUAGE = re.compile(r"\A([ \t]*)(```+|~~~+)[ \t]*$", re.MULTILINE)
_PIPE = re.compile(r"(?<!\\)\|")


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
    if not markdown.startswith(_CODE_START):  # code is shown as it is written
        markdown = _aligned_table(_outside_fences(markdown, _lint_ready_lines))
    markdown = _FENCE_WITHOUT_LANGUAGE.sub(r"\1\2text", markdown, count=1)
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


def _lint_ready_lines(text: str) -> str:
    return _EMPHASIS_FIRST.sub(r"\1\3", _LIST_MARKER.sub(r"\1-\2", text))


def _outside_fences(markdown: str, change: Callable[[str], str]) -> str:
    """`markdown` with `change` made to its lines outside fenced code (a fence inside a list
    item too), which stays as it is written."""
    parts, run, fence = [], [], ""
    for line in markdown.split("\n"):
        opening = _FENCE.match(line)
        if fence:
            parts.append(line)
            fence = "" if opening and opening.group(2).startswith(fence) else fence
            continue
        if opening:
            parts += [change("\n".join(run))] if run else []
            run, fence = [], opening.group(2)[:3]
            parts.append(line)
            continue
        run.append(line)
    parts += [change("\n".join(run))] if run else []
    return "\n".join(parts)


def _aligned_table(markdown: str) -> str:
    """A table block with its pipes aligned (cells padded to the widest of their column);
    any other block as it is."""
    rows = [_cells(line) for line in markdown.split("\n")]
    if len(rows) < 2 or not all(rows) or not all(map(_DELIMITER_CELL.match, rows[1])):
        return markdown
    columns = max(len(row) for row in rows)
    rows = [row + [""] * (columns - len(row)) for row in rows]
    widths = [
        max(3, *(_width(row[column]) for index, row in enumerate(rows) if index != 1))
        for column in range(columns)
    ]
    lines = []
    for index, row in enumerate(rows):
        if index == 1:
            cells = [_delimiter(cell, width) for cell, width in zip(row, widths, strict=True)]
        else:
            aligned = zip(row, widths, rows[1], strict=True)
            cells = [_padded(cell, width, how) for cell, width, how in aligned]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _padded(cell: str, width: int, delimiter: str) -> str:
    """The cell padded to `width` as its column aligns it (':-:' centres, '-:' right)."""
    room = width - _width(cell)
    if delimiter.startswith(":") and delimiter.endswith(":") and len(delimiter) > 1:
        return " " * (room // 2) + cell + " " * (room - room // 2)
    if delimiter.endswith(":"):
        return " " * room + cell
    return cell + " " * room


def _cells(line: str) -> list[str]:
    """The cells of a table row ('| a | b |'), or [] for a line that is none."""
    text = line.strip()
    if not text.startswith("|"):
        return []
    text = text[1:-1] if text.endswith("|") and not text.endswith("\\|") else text[1:]
    return [cell.strip() for cell in _PIPE.split(text)]


def _delimiter(cell: str, width: int) -> str:
    left, right = cell.startswith(":"), cell.endswith(":") and len(cell) > 1
    dashes = "-" * (width - left - right)
    return (":" if left else "") + dashes + (":" if right else "")


def _width(text: str) -> int:
    """A cell's width as awesome-lint's table rule counts it: its characters, wide or not."""
    return len(text)


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
