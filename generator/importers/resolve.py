"""`import --resolve`: works the source cites without a link, looked up by title.

Each entry with no address (no URL, arXiv id or DOI) is looked up on arXiv, then Crossref,
then OpenAlex, through the clients of `generator.sources`; the first answer of the same
title (`catalog.same`) and, when both give one, a year at most one apart (a preprint and
its publication) is taken. Nothing else counts as a match: a near title is another paper.
Every lookup, found or not, is a notice of the import report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from generator.catalog import same
from generator.importers import extract
from generator.importers.model import ImportedEntry, ImportedList, UnreadLine
from generator.sources import arxiv, crossref, openalex
from generator.sources.http import Client, SourceError
from generator.sources.works import Work

Lookup = Callable[[Client, str], list[Work]]
LOOKUPS: tuple[tuple[str, Lookup], ...] = (
    ("arXiv", arxiv.works_by_title),
    ("Crossref", crossref.works_by_title),
    ("OpenAlex", openalex.works_by_title),
)
YEARS_APART = 1


def unlinked(entry: ImportedEntry) -> bool:
    return not (entry.url or entry.arxiv or entry.doi)


def resolve(imported: ImportedList, client: Client) -> ImportedList:
    """The list with each unlinked entry that a service knows by its title identified."""
    entries: list[ImportedEntry] = []
    notices = list(imported.notices)
    for entry in imported.entries:
        if unlinked(entry):
            entry = _resolved(entry, client, notices)
        entries.append(entry)
    return replace(imported, entries=tuple(entries), notices=tuple(notices))


def _resolved(entry: ImportedEntry, client: Client, notices: list[UnreadLine]) -> ImportedEntry:
    problems: list[str] = []
    for service, lookup in LOOKUPS:
        try:
            works = lookup(client, entry.title)
        except SourceError as error:
            problems.append(f"{service}: {error}")
            continue
        work = next((work for work in works if matches(entry, work)), None)
        if work is not None:
            found = f"arXiv {work.arxiv}" if work.arxiv else f"DOI {work.doi}" if work.doi else ""
            said = f"found by its title on {service}: {found or work.url}"
            notices.append(UnreadLine(entry.line, entry.title, said))
            return identified(entry, work)
    tried = ", ".join(service for service, _ in LOOKUPS)
    said = f"looked up by its title on {tried}: no work of that title and year"
    if problems:
        said += f" (not asked: {'; '.join(problems)})"
    notices.append(UnreadLine(entry.line, entry.title, said))
    return entry


def matches(entry: ImportedEntry, work: Work) -> bool:
    """A confident match: the same title, and no year more than a year from the cited one."""
    if same.normalize_title(work.title) != same.normalize_title(entry.title):
        return False
    if entry.year and work.date and abs(work.date.year - entry.year) > YEARS_APART:
        return False
    return bool(work.identified)


def identified(entry: ImportedEntry, work: Work) -> ImportedEntry:
    """The entry with the work's identifiers, address, venue and year; what the source said
    (its title, authors, year) stays."""
    venue = extract.venue(work.venue) if work.venue else None
    year = entry.year or (work.date.year if work.date else None)
    return replace(
        entry,
        url=work.url,
        arxiv=work.arxiv,
        doi=work.doi,
        venue=entry.venue or (venue.name if venue else work.venue or None),
        track=entry.track or (venue.track if venue else None),
        year=year,
        date=entry.date or (f"{work.date:%Y-%m}" if work.date and not entry.year else None),
    )
