"""Checks of the list's structure that a schema cannot express: the section tree, entries in
several sections, dates, and venues against the vocabulary.

Every check reads the data defensively and never raises.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterator
from typing import Any

from generator.catalog.load import YamlFile
from generator.catalog.rules.registry import Context, rule
from generator.catalog.venues import VenueVocabulary, advice
from generator.diagnostics import Diagnostic

# markdownlint's MD026 refuses a heading that ends in one of these.
HEADING_PUNCTUATION = ".,;:!\u3002\uff0c\uff1b\uff1a\uff01"  # and their full-width forms

# Headings the README writes itself, around the sections and datasets.
README_HEADINGS = (
    "Contents",
    "News",
    "Papers",
    "Sections",
    "Datasets",
    "Notes",
    "Citation",
    "Contributing",
    "Development",
)

# The two a README writes only around a list that has datasets of its own.
GROUP_HEADINGS = ("Papers", "Datasets")

Path = list[str | int]
_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")  # as the schema's


def section_nodes(data: Any) -> Iterator[tuple[Path, dict[str, Any]]]:
    """(path, section) of every section of papers.yaml, parents first, at any depth."""

    def walk(items: Any, path: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
        if not isinstance(items, list):
            return
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield [*path, index], item
                yield from walk(item.get("sections"), [*path, index, "sections"])

    if isinstance(data, dict):
        yield from walk(data.get("sections"), ["sections"])


def warning(diagnostic: Diagnostic) -> Diagnostic:
    return dataclasses.replace(diagnostic, severity="warning")


@rule(
    "LKU301",
    "duplicate-section-id",
    "two sections have the same id, at any depth of the tree",
    hint="give each section its own id, also across levels of the tree",
    field="sections.id",
)
def section_ids(context: Context) -> Iterator[Diagnostic]:
    """An entry names its section by id: at any depth, an id names one section."""
    loaded = context.sources.papers
    if loaded is None:
        return
    first: dict[str, Path] = {}
    for path, section in section_nodes(loaded.data):
        ident = section.get("id")
        if not isinstance(ident, str):
            continue
        if ident in first:
            line, _ = loaded.locate([*first[ident], "id"])
            yield loaded.diagnostic(
                [*path, "id"],
                f"duplicate id '{ident}': already used at line {line}",
                "give each section its own id, also across levels of the tree",
            )
        else:
            first[ident] = path


@rule(
    "LKU302",
    "section-title",
    "a section title ends in punctuation or spans several lines",
    hint="write the title on one line, without a final '.', ',', ';', ':' or '!'",
    field="sections.title",
)
def section_titles(context: Context) -> Iterator[Diagnostic]:
    """Section titles are README headings: markdownlint (MD026) refuses final punctuation."""
    loaded = context.sources.papers
    if loaded is None:
        return
    for path, section in section_nodes(loaded.data):
        title = section.get("title")
        if isinstance(title, str) and title.strip():
            yield from _title_problems(loaded, [*path, "title"], title.strip())


def _title_problems(loaded: YamlFile, path: Path, title: str) -> Iterator[Diagnostic]:
    if title[-1] in HEADING_PUNCTUATION:
        yield loaded.diagnostic(
            path,
            f"section title '{title}' ends in '{title[-1]}', which Markdown headings must not",
            f"write it without the final '{title[-1]}', e.g. '{title.rstrip(HEADING_PUNCTUATION)}'",
        )
    if "\n" in title:
        yield loaded.diagnostic(path, "a section title must be one line", "join its lines")


def _section_count(papers: YamlFile) -> int:
    return sum(1 for _ in section_nodes(papers.data))


@rule(
    "LKU303",
    "duplicate-heading",
    "a section title or dataset name is a heading already used in the README",
    hint="give it a title of its own, e.g. with its parent's name in it",
    field="sections.title, datasets.name",
)
def headings(context: Context) -> Iterator[Diagnostic]:
    """Every section title and dataset name is a README heading: markdownlint (MD024) refuses
    two headings of the same text, wherever they are."""
    if context.sources.papers is not None:
        yield from _headings(context.sources.papers, context.sources.datasets)


def _headings(papers: YamlFile, datasets: YamlFile | None) -> Iterator[Diagnostic]:
    first: dict[str, tuple[YamlFile, Path]] = {}
    headings = [
        (papers, [*path, "title"], s.get("title")) for path, s in section_nodes(papers.data)
    ]
    if datasets is not None and isinstance(datasets.data, dict):
        items = datasets.data.get("datasets")
        for index, dataset in enumerate(items if isinstance(items, list) else []):
            if isinstance(dataset, dict):
                headings.append((datasets, ["datasets", index, "name"], dataset.get("name")))
    grouped = len(headings) > _section_count(papers)  # the README then groups by kind
    own = README_HEADINGS if grouped else tuple(set(README_HEADINGS) - set(GROUP_HEADINGS))
    for loaded, path, text in headings:
        if not isinstance(text, str) or not text.strip():
            continue
        text = text.strip()
        if text in own:
            yield loaded.diagnostic(
                path,
                f"'{text}' is a heading the README writes itself",
                "choose another title, e.g. one that says what the entries are about",
            )
        elif text in first:
            where, earlier = first[text]
            name, line, _ = where.place(earlier)
            yield loaded.diagnostic(
                path,
                f"the heading '{text}' is already used in {name} at line {line}",
                "give it a title of its own (Markdown linters refuse two headings alike), "
                "e.g. with its parent's name in it",
            )
        else:
            first[text] = (loaded, path)


@rule(
    "LKU304",
    "also-section",
    "`also` names the entry's own section or a section that does not exist",
    hint="list in `also` only the ids of the other sections the entry belongs to",
    field="also",
)
def also_sections(context: Context) -> Iterator[Diagnostic]:
    """`also` lists the entry under more sections; each must be another, existing one."""
    loaded = context.sources.papers
    if loaded is None:
        return
    known = {s["id"] for _, s in section_nodes(loaded.data) if isinstance(s.get("id"), str)}
    for index, paper in context.papers:
        yield from _also(loaded, index, paper, known)


@rule(
    "LKU305",
    "month-not-date",
    "`month` disagrees with the month of `date`",
    hint="remove `month`: `date` holds the month",
    field="month, date",
)
def month_and_date(context: Context) -> Iterator[Diagnostic]:
    """`date` is the more precise of the two; both would be shown, one of them wrong."""
    loaded = context.sources.papers
    if loaded is not None:
        for index, paper in context.papers:
            yield from _month_and_date(loaded, index, paper)


@rule(
    "LKU306",
    "date-after-year",
    "`date` (first public appearance) is later than the venue's `year`",
    hint="`date` is the first public appearance, `year` the venue's: check both",
    field="date, year",
    severity="warning",
)
def date_after_year(context: Context) -> Iterator[Diagnostic]:
    """A paper appears before or in the year of its venue, rarely after."""
    loaded = context.sources.papers
    if loaded is not None:
        for index, paper in context.papers:
            yield from _date_after_year(loaded, index, paper)


@rule(
    "LKU307",
    "venue-spelling",
    "a venue is not spelled as the vocabulary (venues.yaml, or the built-in one) spells it",
    hint="write the canonical name the message gives, with the year in `year`",
    field="venue",
    severity="warning",
)
def venue_spelling(context: Context) -> Iterator[Diagnostic]:
    """One spelling per venue keeps the README's venue counts and the site's filters right."""
    papers, datasets = context.sources.papers, context.sources.datasets
    if papers is not None:
        for index, paper in context.papers:
            yield from _venue(papers, ["papers", index], paper, context.venues)
    if datasets is not None:
        yield from check_dataset_venues(datasets, context.datasets, context.venues)


def _also(
    loaded: YamlFile, index: int, paper: dict[str, Any], section_ids: set[str]
) -> Iterator[Diagnostic]:
    also = paper.get("also")
    if not isinstance(also, list):
        return
    for item, section in enumerate(also):
        if not isinstance(section, str):
            continue
        path: Path = ["papers", index, "also", item]
        if section == paper.get("section"):
            yield loaded.diagnostic(
                path,
                f"'{section}' is already the entry's own section",
                "list in `also` only the other sections",
            )
        elif section not in section_ids:
            close = difflib.get_close_matches(section, sorted(section_ids), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "name a section id of papers.yaml"
            yield loaded.diagnostic(path, f"unknown section '{section}'", hint)


def _month_and_date(loaded: YamlFile, index: int, paper: dict[str, Any]) -> Iterator[Diagnostic]:
    date, month = paper.get("date"), paper.get("month")
    if not isinstance(date, str) or not _DATE.match(date):
        return  # the schema reports it
    if isinstance(month, int) and not isinstance(month, bool) and month != int(date[5:7]):
        yield loaded.diagnostic(
            ["papers", index, "month"],
            f"'month' is {month} but 'date' is {date}",
            "remove `month`: `date` holds the month",
        )


def _date_after_year(loaded: YamlFile, index: int, paper: dict[str, Any]) -> Iterator[Diagnostic]:
    date, year = paper.get("date"), paper.get("year")
    if not isinstance(date, str) or not _DATE.match(date):
        return  # the schema reports it
    if isinstance(year, int) and not isinstance(year, bool) and int(date[:4]) > year:
        yield warning(
            loaded.diagnostic(
                ["papers", index, "date"],
                f"'date' {date} is after the venue's year {year}",
                "`date` is the first public appearance, `year` the venue's: check both",
            )
        )


def _venue(
    loaded: YamlFile, path: Path, entry: dict[str, Any], venues: VenueVocabulary
) -> Iterator[Diagnostic]:
    venue = entry.get("venue")
    if not isinstance(venue, str) or not venue.strip():
        return
    found = advice(venues.read(venue), entry.get("year"), entry.get("track"))
    if found:
        yield warning(loaded.diagnostic([*path, "venue"], *found))


def check_dataset_venues(
    loaded: YamlFile, datasets: list[tuple[int, dict[str, Any]]], venues: VenueVocabulary
) -> Iterator[Diagnostic]:
    for index, dataset in datasets:
        publication = dataset.get("publication")
        if isinstance(publication, dict):
            yield from _venue(loaded, ["datasets", index, "publication"], publication, venues)


def check_identity(loaded: YamlFile) -> Iterator[Diagnostic]:
    data = loaded.data
    if not isinstance(data, dict):
        return
    readme = data.get("readme")
    links = data.get("links")
    site = links.get("site") if isinstance(links, dict) else None
    if isinstance(readme, dict) and readme.get("mode") == "summary" and not site:
        yield loaded.diagnostic(
            ["readme", "mode"],
            "a summary README links to the site for the full list, but no site is named",
            "add links: {site: https://...} with the address of the published site",
        )
