"""One entry per paper: the same paper under several headings is kept once, in each section."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from generator.catalog import same
from generator.importers.model import ImportedEntry


def identity_keys(entry: ImportedEntry) -> Iterator[tuple[str, str]]:
    if entry.name:  # a named dataset is not the paper that introduced it
        yield "name", same.normalize_title(entry.name)
        return
    for key in same.keys(arxiv=entry.arxiv, doi=entry.doi, url=entry.url, title=entry.title):
        if key.kind != "title":
            yield key.kind, key.value
        elif len(key.value) >= 12:  # short titles ("ROME", "Code") name different things
            yield key.kind, f"{entry.kind}:{key.value}"


def _merge(first: ImportedEntry, later: ImportedEntry) -> ImportedEntry:
    """The first occurrence, with the sections of both and the facts only the later one has."""
    filled = {
        name: getattr(later, name)
        for name in ("pdf", "arxiv", "doi", "code", "venue", "venue_text", "year", "date", "tag")
        if getattr(first, name) is None and getattr(later, name) is not None
    }
    if "venue" in filled:  # a track belongs to the venue it qualifies
        filled["track"] = later.track
    if not first.authors and later.authors:
        filled["authors"] = later.authors
    return replace(
        first,
        sections=tuple(dict.fromkeys([*first.sections, *later.sections])),
        links=tuple(dict.fromkeys([*first.links, *later.links])),
        details=tuple(dict.fromkeys([*first.details, *later.details])),
        lines=tuple(dict.fromkeys([*first.lines, *later.lines])),
        **filled,
    )


def merge_duplicates(entries: Iterable[ImportedEntry]) -> list[ImportedEntry]:
    merged: list[ImportedEntry] = []
    index_of: dict[tuple[str, str], int] = {}
    for entry in entries:
        keys = list(identity_keys(entry))
        found = next((index_of[key] for key in keys if key in index_of), None)
        if found is None:
            found = len(merged)
            merged.append(entry)
        else:
            merged[found] = _merge(merged[found], entry)
        for key in identity_keys(merged[found]):
            index_of.setdefault(key, found)
    return merged
