"""One entry per paper: the same paper under several headings is kept once, in each section.

Linear in the number of entries: the occurrences of one paper are gathered first and folded
into one entry once, so that a list repeating one row 50,000 times does not rebuild a
growing entry 50,000 times.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import chain

from generator.catalog import same
from generator.catalog.model import UNCITED_KINDS
from generator.importers.model import ImportedEntry

_FILLED = ("pdf", "arxiv", "doi", "code", "venue_text", "year", "date", "tag", "description")


def identity_keys(entry: ImportedEntry) -> Iterator[tuple[str, str]]:
    if entry.name:  # a named dataset is not the paper that introduced it
        yield "name", same.normalize_title(entry.name)
        return
    for key in same.keys(arxiv=entry.arxiv, doi=entry.doi, url=entry.url, title=entry.title):
        if key.kind != "title":
            yield key.kind, key.value
        elif len(key.value) >= 12 and entry.kind not in UNCITED_KINDS:
            # short titles ("ROME", "Code") name different things; tools go by address
            yield key.kind, f"{entry.kind}:{key.value}"


def _first(group: list[ImportedEntry], name: str) -> object:
    return next((value for e in group if (value := getattr(e, name)) is not None), None)


def _fold(group: list[ImportedEntry]) -> ImportedEntry:
    """The first occurrence, with the sections of all and the facts only later ones have."""
    first = group[0]
    if len(group) == 1:
        return first
    filled = {name: _first(group, name) for name in _FILLED if getattr(first, name) is None}
    if first.venue is None:  # a track belongs to the venue it qualifies
        source = next((e for e in group if e.venue is not None), None)
        if source is not None:
            filled |= {"venue": source.venue, "track": source.track}
    authors = first.authors or next((e.authors for e in group if e.authors), ())

    def union(name: str) -> tuple:
        return tuple(dict.fromkeys(chain.from_iterable(getattr(e, name) for e in group)))

    # The same tool described again under another heading: those words stay, in its note.
    described = [e.description for e in group if e.description]
    also = [
        ("Also described", text) for text in dict.fromkeys(described[1:]) if text != described[0]
    ]
    return replace(
        first,
        sections=union("sections"),
        links=union("links"),
        details=union("details") + tuple(also),
        lines=union("lines"),
        authors=authors,
        **filled,
    )


def merge_duplicates(entries: Iterable[ImportedEntry]) -> list[ImportedEntry]:
    groups: list[list[ImportedEntry]] = []
    index_of: dict[tuple[str, str], int] = {}
    for entry in entries:
        keys = list(identity_keys(entry))
        found = next((index_of[key] for key in keys if key in index_of), None)
        if found is None:
            found = len(groups)
            groups.append([])
        groups[found].append(entry)
        for key in keys:
            index_of.setdefault(key, found)
    return [_fold(group) for group in groups]
