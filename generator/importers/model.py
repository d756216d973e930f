"""What an importer read from a hand-written list, before it becomes YAML data."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.catalog.identity import Badge
from generator.catalog.model import Link


@dataclass(frozen=True)
class ImportedSection:
    """A heading of the source; `path` is the titles from the top heading down to this one."""

    title: str
    path: tuple[str, ...]
    line: int
    description: str = ""
    children: tuple[ImportedSection, ...] = ()


@dataclass(frozen=True)
class ImportedEntry:
    """One paper, tool, dataset... as the source wrote it; `sections` holds section paths."""

    title: str
    line: int
    sections: tuple[tuple[str, ...], ...]
    kind: str = "paper"
    url: str | None = None
    pdf: str | None = None
    arxiv: str | None = None
    doi: str | None = None
    code: str | None = None
    links: tuple[Link, ...] = ()
    venue_text: str | None = None
    venue: str | None = None
    track: str | None = None
    year: int | None = None
    date: str | None = None
    authors: tuple[str, ...] = ()
    tag: str | None = None
    aliases: tuple[str, ...] = ()
    name: str | None = None
    details: tuple[tuple[str, str], ...] = field(default=())
    lines: tuple[int, ...] = ()
    added: str | None = None
    description: str | None = None
    ci_badges: tuple[str, ...] = ()  # the pages its build-status badges linked to, left out


@dataclass(frozen=True)
class UnreadLine:
    line: int
    text: str
    reason: str
    linked: bool = False  # it carries a web link or an identifier: maybe an entry, lost


@dataclass(frozen=True)
class KeptText:
    """Words of the source kept outside the entries: a housekeeping section's prose as a
    note, or a paragraph after a section's entries joined to its description."""

    line: int
    heading: str
    where: str  # the note file, or the section whose description took it


@dataclass(frozen=True)
class NoteBlock:
    """One block of a kept section as the source wrote it, and its words without markup
    (what the note holds when the notes' safe subset refuses the Markdown)."""

    line: int
    markdown: str
    words: str


@dataclass(frozen=True)
class ImportedNote:
    """A housekeeping section (Contributing, License, Acknowledgements...) kept as a note."""

    slug: str
    title: str
    line: int
    blocks: tuple[NoteBlock, ...]


@dataclass(frozen=True)
class ImportedList:
    title: str
    description: str
    intro: str
    sections: tuple[ImportedSection, ...]
    entries: tuple[ImportedEntry, ...]
    unread: tuple[UnreadLine, ...]
    notices: tuple[UnreadLine, ...] = ()
    badges: tuple[Badge, ...] = ()
    news: tuple[tuple[str, str], ...] = ()  # (YYYY-MM[-DD], text) of the source's news section
    notes: tuple[ImportedNote, ...] = ()
    kept: tuple[KeptText, ...] = ()


class UniqueIds:
    """Ids (of entries, sections, notes), each used once: the base id, then base-2, base-3...
    counted per base, so that a thousand entries of one title take linear time, not quadratic."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.next_number: dict[str, int] = {}

    def __contains__(self, candidate: str) -> bool:
        return candidate in self.taken

    def new(self, base: str) -> str:
        base = base or "entry"
        number = self.next_number.get(base, 1)
        candidate = base if number == 1 else f"{base}-{number}"
        while candidate in self.taken:
            number += 1
            candidate = f"{base}-{number}"
        self.next_number[base] = number + 1
        self.taken.add(candidate)
        return candidate
