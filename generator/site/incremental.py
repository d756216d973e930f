"""What one edit of a papers file touches, so that a preview renders and stages only that.

A papers file (papers.yaml or one under papers/) holds its entries as a block list under a
top-level `papers:`, each entry starting with `- ` at one indentation. `entry_chunks` cuts
the text into the part before the entries and one piece of text per entry; comparing the
pieces before and after a save tells which entries changed without parsing the whole file,
and only those are parsed. When the file is not shaped so, or the edit added, removed or
moved entries, changed their number of lines, or changed where an entry is listed (its id,
sections, method, tags, year, datasets, what it builds on), `quick_catalog` gives None and
the preview stages everything again; it does so anyway right after, to validate the whole
list and write the downloads, so a case this module misjudges lasts only until then.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.catalog.load import parse_yaml
from generator.catalog.model import Catalog, Paper

_PAPERS_KEY = re.compile(r"^papers:[ \t]*(?:#.*)?$", re.MULTILINE)
# The first entry: the first line after `papers:` that is not blank or a comment.
_FIRST_ITEM = re.compile(r"^( *)-(?: |$)", re.MULTILINE)
MAX_CHANGED = 20  # past this many changed entries, staging everything again is as quick


@dataclass(frozen=True)
class EntryEdit:
    """A changed entry of a papers file: its place among the file's entries, its new text
    and the line that text starts at."""

    index: int
    text: str
    line: int


@functools.lru_cache(maxsize=8)  # a preview compares each text with the next one
def entry_chunks(text: str) -> tuple[str, tuple[str, ...]] | None:
    """(the text before the first entry, the text of each entry), or None when the entries
    are not a block list that ends the file."""
    key = _PAPERS_KEY.search(text)
    if key is None:
        return None
    first = _FIRST_ITEM.search(text, key.end())
    if first is None or not all(map(_is_blank, text[key.end() : first.start()].splitlines())):
        return None
    indent = len(first.group(1))
    block = text[first.start() :]
    if _not_in_entry(indent).search(block):
        return None  # a key after the entries, or an entry written differently
    starts = [match.start() for match in _item_at(indent).finditer(block)]
    ends = [*starts[1:], len(block)]
    return text[: first.start()], tuple(block[a:b] for a, b in zip(starts, ends, strict=True))


@functools.lru_cache(maxsize=16)
def _item_at(indent: int) -> re.Pattern[str]:
    """The first line of an entry at `indent`."""
    return re.compile(rf"^ {{{indent}}}-(?: |$)", re.MULTILINE)


@functools.lru_cache(maxsize=16)
def _not_in_entry(indent: int) -> re.Pattern[str]:
    """A line that is neither an entry's first line, nor inside an entry, blank or a comment."""
    return re.compile(rf"^(?! {{{indent}}}-(?: |$)| {{{indent + 1}}}|[ ]*#|[ ]*$)", re.MULTILINE)


def _is_blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def entry_edits(before: str, after: str) -> list[EntryEdit] | None:
    """The entries that differ between two texts of a papers file, each with as many lines as
    before (so that no other entry moves); None for any other kind of edit."""
    old, new = entry_chunks(before), entry_chunks(after)
    if old is None or new is None or old[0] != new[0] or len(old[1]) != len(new[1]):
        return None
    edits = []
    line = new[0].count("\n") + 1
    for index, (was, now) in enumerate(zip(old[1], new[1], strict=True)):
        if was != now:
            if was.count("\n") != now.count("\n"):
                return None
            edits.append(EntryEdit(index, now, line))
        line += now.count("\n")
    return edits if len(edits) <= MAX_CHANGED else None


def where_listed(paper: Paper) -> tuple[Any, ...]:
    """What decides on which pages an entry is listed and where other pages link to it (its
    lineage too: the entries it builds on show it), and what the pages drawn from the whole
    list count or order by (the date it was added orders the latest additions; its kind names
    the entries on Browse)."""
    uses = tuple(use.dataset_id for use in paper.datasets)
    listed = (paper.id, paper.sections, paper.method, paper.tags, paper.year, uses)
    return (*listed, paper.citable, paper.builds_on, paper.not_builds_on, paper.added, paper.kind)


def quick_catalog(
    catalog: Catalog,
    file_name: str,
    path: Path,
    edits: list[EntryEdit],
    make_paper: Callable[[dict[str, Any], int, str], Paper],
) -> tuple[Catalog, set[str]] | None:
    """The catalog with the edited entries of `file_name` made again, and their ids; None
    when an edited entry does not parse on its own or would be listed elsewhere now."""
    positions = [n for n, paper in enumerate(catalog.papers) if paper.file == file_name]
    papers = list(catalog.papers)
    changed = set()
    for edit in edits:
        if edit.index >= len(positions):
            return None
        loaded, problems = parse_yaml(edit.text, path, file_name)
        if loaded is None or problems:
            return None
        data = loaded.data
        if not (isinstance(data, list) and len(data) == 1 and isinstance(data[0], dict)):
            return None
        line = edit.line + loaded.line_of(data[0]) - 1
        try:
            paper = make_paper(data[0], line, file_name)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None  # not valid on its own: the whole list is validated next
        old = papers[positions[edit.index]]
        if where_listed(paper) != where_listed(old):
            return None
        papers[positions[edit.index]] = paper
        changed.add(paper.id)
    return with_papers(catalog, tuple(papers)), changed


def with_papers(catalog: Catalog, papers: tuple[Paper, ...]) -> Catalog:
    """The catalog with other papers, its indexes built anew (`dataclasses.replace` would
    hand the old indexes to the new catalog)."""
    kept = {
        field.name: getattr(catalog, field.name)
        for field in dataclasses.fields(catalog)
        if field.init and not field.name.startswith("_")
    }
    return Catalog(**{**kept, "papers": papers})
