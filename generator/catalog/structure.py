"""Checks of the list's structure that a schema cannot express: the section tree, entries in
several sections, dates, and venues against the vocabulary.

Like `generator.catalog.validate`, every check reads the data defensively and never raises.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterator
from typing import Any

from generator.catalog.load import YamlFile
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


def check_sections(loaded: YamlFile) -> Iterator[Diagnostic]:
    first: dict[str, Path] = {}
    for path, section in section_nodes(loaded.data):
        ident = section.get("id")
        if isinstance(ident, str):
            if ident in first:
                line, _ = loaded.locate([*first[ident], "id"])
                yield loaded.diagnostic(
                    [*path, "id"],
                    f"duplicate id '{ident}': already used at line {line}",
                    "give each section its own id, also across levels of the tree",
                )
            else:
                first[ident] = path
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


def check_headings(papers: YamlFile, datasets: YamlFile | None) -> Iterator[Diagnostic]:
    """Every section title and dataset name is a README heading: markdownlint (MD024) refuses
    two headings of the same text, wherever they are."""
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
            line, _ = where.locate(earlier)
            yield loaded.diagnostic(
                path,
                f"the heading '{text}' is already used in {where.name} at line {line}",
                "give it a title of its own (Markdown linters refuse two headings alike), "
                "e.g. with its parent's name in it",
            )
        else:
            first[text] = (loaded, path)


def check_entries(
    loaded: YamlFile, papers: list[tuple[int, dict[str, Any]]], venues: VenueVocabulary
) -> Iterator[Diagnostic]:
    section_ids = {s["id"] for _, s in section_nodes(loaded.data) if isinstance(s.get("id"), str)}
    for index, paper in papers:
        yield from _also(loaded, index, paper, section_ids)
        yield from _dates(loaded, index, paper)
        yield from _venue(loaded, ["papers", index], paper, venues)


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


def _dates(loaded: YamlFile, index: int, paper: dict[str, Any]) -> Iterator[Diagnostic]:
    date, year, month = paper.get("date"), paper.get("year"), paper.get("month")
    if not isinstance(date, str) or not _DATE.match(date):
        return  # the schema reports it
    if isinstance(month, int) and not isinstance(month, bool) and month != int(date[5:7]):
        yield loaded.diagnostic(
            ["papers", index, "month"],
            f"'month' is {month} but 'date' is {date}",
            "remove `month`: `date` holds the month",
        )
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
