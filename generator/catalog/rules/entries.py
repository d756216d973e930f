"""Rules of the entries themselves: ids, the same paper twice, names and references, years.

Every check reads the data defensively: an entry that broke the schema still gets every
other check that can be made on it, and nothing here may raise on malformed data.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from generator.catalog import same
from generator.catalog.load import YamlFile
from generator.catalog.rules.registry import Context, rule
from generator.diagnostics import Diagnostic, unknown_name
from generator.text.markup import github_anchor

MIN_YEAR = 1950
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@rule(
    "LKU201",
    "duplicate-id",
    "two papers, or two datasets, have the same id",
    hint="give each entry its own id",
    field="id",
)
def duplicate_ids(context: Context) -> Iterator[Diagnostic]:
    """An id names one entry: links, notes and the site's pages go by it."""
    papers, datasets = context.sources.papers, context.sources.datasets
    if papers is not None:
        yield from _duplicate_ids(papers, "papers", context.papers)
    if datasets is not None:
        yield from _duplicate_ids(datasets, "datasets", context.datasets)


@rule(
    "LKU202",
    "same-paper-twice",
    "two entries are the same paper (same URL, arXiv id, DOI or title)",
    hint="remove the duplicate entry, or merge the two",
    field="url, arxiv, doi, title",
)
def same_paper_twice(context: Context) -> Iterator[Diagnostic]:
    """The one same-paper rule of catalog/same.py, the one `new`, `import` and `suggest` use."""
    if context.sources.papers is not None:
        yield from _same_paper_twice(context.sources.papers, context.papers)


@rule(
    "LKU203",
    "duplicate-dataset-name",
    "two datasets have names with the same README anchor",
    hint="give each dataset a distinct name (links to a dataset go by its name)",
    field="name",
)
def duplicate_dataset_names(context: Context) -> Iterator[Diagnostic]:
    """The README links a dataset by the anchor of its name: two alike would share one."""
    if context.sources.datasets is not None:
        yield from _duplicate_dataset_names(context.sources.datasets, context.datasets)


@rule(
    "LKU204",
    "unknown-reference",
    "a paper names a section or dataset id, or a dataset a paper id, that does not exist",
    hint="use an id the other list has (the message names the closest one)",
    field="section, datasets, paper",
)
def unknown_references(context: Context) -> Iterator[Diagnostic]:
    """A lowercase-and-hyphens name is an id, and an id must name an entry."""
    papers, datasets = context.sources.papers, context.sources.datasets
    if papers is not None:
        dataset_ids = context.dataset_ids if datasets is not None else None
        yield from _paper_references(papers, context.papers, context.sections, dataset_ids)
    if datasets is not None and papers is not None:
        yield from _dataset_references(datasets, context.datasets, context.paper_ids)


@rule(
    "LKU205",
    "future-year",
    "a year is later than next year",
    hint=f"use a year from {MIN_YEAR} to next year",
    field="year",
)
def future_years(context: Context) -> Iterator[Diagnostic]:
    """Next year is allowed (a venue's proceedings may carry it); later is a typing slip."""
    papers, datasets = context.sources.papers, context.sources.datasets
    if papers is not None:
        yield from _years(papers, context.papers, context.this_year)
    if datasets is not None:
        yield from _dataset_years(datasets, context.datasets, context.this_year)


@rule(
    "LKU206",
    "unknown-lineage",
    "`builds_on` or `not_builds_on` names an id of no other listed paper, or the same in both",
    hint="name the id of another listed paper (the message names the closest one)",
    field="builds_on, not_builds_on",
)
def unknown_lineage(context: Context) -> Iterator[Diagnostic]:
    """The lineage page, the entries' "Builds on" and the README draw these as links between
    listed papers: each id must name another listed paper. `builds_on` adds an edge that the
    citation services missed; `not_builds_on` removes one they reported wrongly."""
    if context.sources.papers is not None:
        yield from _lineage_references(context.sources.papers, context.papers, context.paper_ids)


def _duplicate_ids(
    loaded: YamlFile, key: str, entries: list[tuple[int, dict[str, Any]]]
) -> Iterator[Diagnostic]:
    first_index: dict[str, int] = {}
    for index, entry in entries:
        ident = entry.get("id")
        if not isinstance(ident, str):
            continue
        if ident in first_index:
            where = loaded.mention([key, first_index[ident], "id"], seen_from=[key, index, "id"])
            yield loaded.diagnostic(
                [key, index, "id"],
                f"duplicate id '{ident}': already used at {where}",
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
        here, there = ["papers", papers[position_][0]], ["papers", papers[earlier][0]]
        yield loaded.diagnostic(
            [*here, key.field],
            f"this paper is already listed at {loaded.mention(there, seen_from=here)} "
            f"(same {key.kind})",
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


def _lineage_references(
    loaded: YamlFile, papers: list[tuple[int, dict[str, Any]]], paper_ids: set[str]
) -> Iterator[Diagnostic]:
    for index, paper in papers:
        added = paper.get("builds_on")
        added = set(added) if isinstance(added, list) else set()
        for key in ("builds_on", "not_builds_on"):
            named = paper.get(key)
            for item, name in enumerate(named if isinstance(named, list) else ()):
                if not isinstance(name, str):
                    continue
                path: list[str | int] = ["papers", index, key, item]
                if key == "not_builds_on" and name in added:
                    message = f"'{name}' is in both `builds_on` and `not_builds_on`"
                    yield loaded.diagnostic(path, message, "keep it in one of the two")
                elif name == paper.get("id"):
                    message = f"'{name}' is this paper itself: a paper does not build on itself"
                    yield loaded.diagnostic(path, message, f"remove '{name}' from `{key}`")
                elif name not in paper_ids:
                    message, hint = unknown_name("paper", name, paper_ids)
                    yield loaded.diagnostic(path, message, hint)
