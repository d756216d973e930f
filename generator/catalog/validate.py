"""Validate stage: the schema first, then the rules a schema cannot express.

Semantic checks read the data defensively: an entry that broke the schema still gets every
other check that can be made on it, and nothing here may raise on malformed data.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from generator.catalog import same
from generator.catalog.load import NoteFile, YamlFile, position
from generator.catalog.mistakes import misplaced_entries, url_mistakes
from generator.catalog.notes import validate_note
from generator.catalog.schema import SCHEMA_FILES, schema_diagnostics
from generator.catalog.structure import (
    check_dataset_venues,
    check_entries,
    check_headings,
    check_identity,
    check_sections,
    section_nodes,
)
from generator.catalog.venues import vocabulary
from generator.diagnostics import Diagnostic, unknown_name
from generator.text.characters import HINT, UNSAFE, describe, unsafe_characters
from generator.text.markup import github_anchor
from generator.text.urls import host_problem, url_problems

MIN_YEAR = 1950
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Sources:
    """Everything the load stage read; a file that failed to load is None."""

    papers: YamlFile | None
    datasets: YamlFile | None
    notes: tuple[NoteFile, ...] = ()
    identity: YamlFile | None = None  # list.yaml
    venues: YamlFile | None = None  # the project's own venues.yaml, if it has one


def validate(sources: Sources, this_year: int) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for loaded in (sources.papers, sources.datasets, sources.identity):
        if loaded is not None:
            problems += _schema_and_copy_mistakes(loaded)
    if sources.identity is not None:
        problems += check_identity(sources.identity)
        problems += _url_rules(sources.identity)
        problems += _control_characters(sources.identity)
    venue_problems = []
    if sources.venues is not None:
        venue_problems = schema_diagnostics(sources.venues, SCHEMA_FILES["venues.yaml"])
    problems += venue_problems
    # A broken venues.yaml is reported; the entries are then checked against the built-in list.
    venues = vocabulary(None if venue_problems or not sources.venues else sources.venues.data)
    papers = _entries(sources.papers, "papers")
    datasets = _entries(sources.datasets, "datasets")
    # Sections at every depth of the tree: an entry may name any of them.
    sections = list(enumerate(s for _, s in section_nodes(sources.papers and sources.papers.data)))
    paper_ids = {p["id"] for _, p in papers if isinstance(p.get("id"), str)}
    dataset_ids = {d["id"] for _, d in datasets if isinstance(d.get("id"), str)}
    if sources.papers is not None:
        problems += check_sections(sources.papers)
        problems += check_headings(sources.papers, sources.datasets)
        problems += check_entries(sources.papers, papers, venues)
        problems += _duplicate_ids(sources.papers, "papers", papers)
        problems += _same_paper_twice(sources.papers, papers)
        problems += _paper_references(
            sources.papers, papers, sections, dataset_ids if sources.datasets else None
        )
        problems += _url_rules(sources.papers)
        problems += _control_characters(sources.papers)
        problems += _years(sources.papers, papers, this_year)
    if sources.datasets is not None:
        problems += _duplicate_ids(sources.datasets, "datasets", datasets)
        problems += _duplicate_dataset_names(sources.datasets, datasets)
        if sources.papers is not None:
            problems += _dataset_references(sources.datasets, datasets, paper_ids)
        problems += _url_rules(sources.datasets)
        problems += _control_characters(sources.datasets)
        problems += _dataset_years(sources.datasets, datasets, this_year)
        problems += check_dataset_venues(sources.datasets, datasets, venues)
    if sources.papers is not None and sources.datasets is not None:
        for note in sources.notes:
            problems += validate_note(note, paper_ids, dataset_ids)
    return problems


def _schema_and_copy_mistakes(loaded: YamlFile) -> list[Diagnostic]:
    """The schema's errors, but one error for an entry pasted into the wrong list."""
    misplaced = misplaced_entries(loaded)
    skip = [path for path, _ in misplaced]
    problems = [problem for _, problem in misplaced]
    problems += schema_diagnostics(loaded, SCHEMA_FILES[loaded.name], skip)
    return problems + list(url_mistakes(loaded))


def _entries(loaded: YamlFile | None, key: str) -> list[tuple[int, dict[str, Any]]]:
    """(index, entry) for each mapping in the top-level list `key`, skipping malformed ones."""
    if loaded is None or not isinstance(loaded.data, dict):
        return []
    items = loaded.data.get(key)
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def _duplicate_ids(
    loaded: YamlFile, key: str, entries: list[tuple[int, dict[str, Any]]]
) -> Iterator[Diagnostic]:
    first_index: dict[str, int] = {}
    for index, entry in entries:
        ident = entry.get("id")
        if not isinstance(ident, str):
            continue
        if ident in first_index:
            line, _ = loaded.locate([key, first_index[ident], "id"])
            yield loaded.diagnostic(
                [key, index, "id"],
                f"duplicate id '{ident}': already used at line {line}",
                "give each entry its own id",
            )
        else:
            first_index[ident] = index


def _duplicate_dataset_names(
    loaded: YamlFile, datasets: list[tuple[int, dict[str, Any]]]
) -> Iterator[Diagnostic]:
    """The README links a dataset by the anchor of its name: two alike would share one."""
    first_index: dict[str, int] = {}
    for index, dataset in datasets:
        name = dataset.get("name")
        if not isinstance(name, str) or not name.strip():
            continue
        earlier = first_index.setdefault(github_anchor(name), index)
        if earlier != index:
            line, _ = loaded.locate(["datasets", earlier, "name"])
            yield loaded.diagnostic(
                ["datasets", index, "name"],
                f"dataset name '{name}' is already used at line {line}",
                "give each dataset a distinct name (links to a dataset go by its name)",
            )


def _same_paper_twice(
    loaded: YamlFile, papers: list[tuple[int, dict[str, Any]]]
) -> Iterator[Diagnostic]:
    entry_keys = (same.keys_of_fields(paper) for _, paper in papers)
    for position_, earlier, key in same.duplicates(entry_keys):
        line, _ = loaded.locate(["papers", papers[earlier][0]])
        yield loaded.diagnostic(
            ["papers", papers[position_][0], key.field],
            f"this paper is already listed at line {line} (same {key.kind})",
            "remove the duplicate entry, or merge the two",
        )


def _paper_references(
    loaded: YamlFile,
    papers: list[tuple[int, dict[str, Any]]],
    sections: list[tuple[int, dict[str, Any]]],
    dataset_ids: set[str] | None,
) -> Iterator[Diagnostic]:
    section_ids = {s["id"] for _, s in sections if isinstance(s.get("id"), str)}
    for index, paper in papers:
        section = paper.get("section")
        if isinstance(section, str) and _SLUG.match(section) and section not in section_ids:
            message, hint = unknown_name("section", section, section_ids)
            yield loaded.diagnostic(["papers", index, "section"], message, hint)
        datasets = paper.get("datasets")
        if dataset_ids is None or not isinstance(datasets, list):
            continue
        for item, name in enumerate(datasets):
            # A slug names a dataset of datasets.yaml; anything else is free text.
            if isinstance(name, str) and _SLUG.match(name) and name not in dataset_ids:
                message, hint = _unknown_dataset_id(name, dataset_ids)
                yield loaded.diagnostic(["papers", index, "datasets", item], message, hint)


def _unknown_dataset_id(name: str, dataset_ids: set[str]) -> tuple[str, str]:
    """The rule, said where it bites: a lowercase-and-hyphens item must be an id."""
    message = (
        f"'{name}' is written like a dataset id (lowercase letters, digits and hyphens), "
        "but datasets.yaml has no dataset with that id"
    )
    close = difflib.get_close_matches(name, sorted(dataset_ids), n=1, cutoff=0.6)
    link = (
        f"did you mean '{close[0]}'? To link a dataset, use its id"
        if close
        else (f"to link a dataset, add it to datasets.yaml with id '{name}'")
    )
    hint = (
        f"{link}; to name one that datasets.yaml does not list, write the name as it is "
        f"spelled, with a capital letter or a space (e.g. 'SQuAD' rather than 'squad')"
    )
    return message, hint


def _dataset_references(
    loaded: YamlFile, datasets: list[tuple[int, dict[str, Any]]], paper_ids: set[str]
) -> Iterator[Diagnostic]:
    for index, dataset in datasets:
        paper = dataset.get("paper")
        if isinstance(paper, str) and _SLUG.match(paper) and paper not in paper_ids:
            message, hint = unknown_name("paper", paper, paper_ids)
            yield loaded.diagnostic(["datasets", index, "paper"], message, hint)


def _url_rules(loaded: YamlFile) -> Iterator[Diagnostic]:
    if not isinstance(loaded.data, dict | list):
        return
    for path, value in _strings(loaded.data, []):
        if path[-1] in _URL_KEYS and "://" in value:
            for message, hint in url_problems(value):
                yield loaded.diagnostic(path, message, hint)
            yield from _loopback_warning(loaded, path, value)


def _loopback_warning(loaded: YamlFile, path: list[str | int], url: str) -> Iterator[Diagnostic]:
    """A URL of this machine: allowed (test lists use it), but worth a warning."""
    problem = host_problem(url)
    if problem and problem[0] == "warning":
        yield replace(loaded.diagnostic(path, problem[1], problem[2]), severity="warning")


def _control_characters(loaded: YamlFile) -> Iterator[Diagnostic]:
    """Controls and bidi overrides: they break the feed's XML and make text lie about itself."""
    written = set()
    for index, character in unsafe_characters(loaded.text):
        written.add(character)
        line, column = position(loaded.text, index)
        message = f"the text contains {describe(character)}"
        yield Diagnostic(loaded.name, line, column, message, HINT)
    # YAML refuses C0 controls written raw; a double-quoted escape (`"\x01"`) makes one.
    if "\\" not in loaded.text or not isinstance(loaded.data, dict | list):
        return
    for path, value in _strings(loaded.data, []):
        found = UNSAFE.search(value)
        if found and found.group() not in written:
            yield loaded.diagnostic(
                path,
                f"the text contains {describe(found.group())}",
                "remove the escape sequence (such as \\x01) that writes it",
            )


_URL_KEYS = frozenset({"url", "code", "image", "repository", "site"})


def _strings(node: Any, path: list[str | int]) -> Iterator[tuple[list[str | int], str]]:
    """(path, value) of every string value in the document."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if isinstance(value, str):
            yield [*path, key], value
        elif isinstance(value, dict | list):
            yield from _strings(value, [*path, key])


def _year_problem(loaded: YamlFile, path: list[str | int], year: Any, this_year: int):
    if isinstance(year, int) and not isinstance(year, bool) and year > this_year + 1:
        return loaded.diagnostic(
            path,
            f"year {year} is in the future",
            f"use a year from {MIN_YEAR} to {this_year + 1}",
        )
    return None


def _years(
    loaded: YamlFile, papers: list[tuple[int, dict[str, Any]]], this_year: int
) -> Iterator[Diagnostic]:
    for index, paper in papers:
        problem = _year_problem(loaded, ["papers", index, "year"], paper.get("year"), this_year)
        if problem:
            yield problem


def _dataset_years(
    loaded: YamlFile, datasets: list[tuple[int, dict[str, Any]]], this_year: int
) -> Iterator[Diagnostic]:
    for index, dataset in datasets:
        publication = dataset.get("publication")
        if isinstance(publication, dict):
            path: list[str | int] = ["datasets", index, "publication", "year"]
            problem = _year_problem(loaded, path, publication.get("year"), this_year)
            if problem:
                yield problem
