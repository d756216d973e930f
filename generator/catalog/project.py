"""Where a project's files are, and the one path from them to a valid Catalog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from generator.catalog import paths
from generator.catalog.facts import EntryFacts, load_facts
from generator.catalog.fields import CustomField, custom_values, fields_for
from generator.catalog.identity import ListIdentity, identity_from_data
from generator.catalog.load import YamlFile, load_notes, load_yaml, outside_problem
from generator.catalog.model import (
    Catalog,
    Dataset,
    Paper,
    dataset_from_data,
    note_from_text,
    paper_from_data,
    walk_sections,
)
from generator.catalog.parts import PAPERS_DIR, load_papers
from generator.catalog.schema import schema_diagnostics
from generator.catalog.validate import Sources, validate
from generator.catalog.venues import vocabulary
from generator.diagnostics import Diagnostic, has_errors, whole

_Entry = TypeVar("_Entry", Paper, Dataset)


@dataclass(frozen=True)
class Project:
    """The files of one list, relative to its root directory."""

    root: Path

    @property
    def papers_file(self) -> Path:
        return self.root / paths.PAPERS_FILE

    @property
    def papers_dir(self) -> Path:
        """Where a large list may keep its entries, one file per section (see `parts`)."""
        return self.root / PAPERS_DIR

    @property
    def datasets_file(self) -> Path:
        return self.root / paths.DATASETS_FILE

    @property
    def list_file(self) -> Path:
        return self.root / paths.LIST_FILE

    @property
    def venues_file(self) -> Path:
        return self.root / paths.VENUES_FILE

    @property
    def notes_dir(self) -> Path:
        return self.root / paths.NOTES_DIR

    @property
    def templates_dir(self) -> Path:
        return self.root / paths.TEMPLATES_DIR

    @property
    def facts_file(self) -> Path:
        return self.root / paths.FACTS_FILE

    @property
    def readme(self) -> Path:
        return self.root / paths.README_FILE

    @property
    def mkdocs_config(self) -> Path:
        return self.root / paths.MKDOCS_CONFIG

    @property
    def links_config(self) -> Path:
        return self.root / paths.LINKS_CONFIG

    @property
    def link_cache(self) -> Path:
        return self.root / paths.LINK_CACHE

    @property
    def sources_cache(self) -> Path:
        return self.root / paths.SOURCES_CACHE

    @property
    def site_stage(self) -> Path:
        return self.root / paths.SITE_STAGE

    @property
    def ignore_file(self) -> Path:
        return self.root / paths.IGNORE_FILE

    @property
    def import_report(self) -> Path:
        return self.root / paths.IMPORT_REPORT

    @property
    def watched_paths(self) -> tuple[Path, ...]:
        """Everything a rebuild depends on (for live reload), facts.json included."""
        return (
            self.list_file,
            self.papers_file,
            self.papers_dir,
            self.datasets_file,
            self.venues_file,
            self.facts_file,
            self.notes_dir,
            self.templates_dir,
        )


# The files that make a directory a list's root.
ROOT_MARKERS = ("list.yaml", "papers.yaml")


def find_root(start: Path) -> Path:
    """The nearest directory from `start` upwards that holds a list (its list.yaml or
    papers.yaml), so that a command run in notes/ works on the whole list; `start` itself
    when none does."""
    start = start.resolve()
    for directory in (start, *start.parents):
        if any((directory / marker).is_file() for marker in ROOT_MARKERS):
            return directory
    return start


def no_list_problem(project: Project) -> Diagnostic | None:
    """An error, telling how to start one, when the project's root holds no list at all."""
    if any((project.root / marker).is_file() for marker in ROOT_MARKERS):
        return None
    return whole(  # a folder has no line to point at
        str(project.root),
        "no list here: neither this folder nor any folder above it has list.yaml or papers.yaml",
        "run `listsmith init DIR` to start a list (or `listsmith import SOURCE.md --into DIR`), "
        "or pass --root DIR",
    )


def identity_problem(project: Project) -> Diagnostic | None:
    """README and site are titled by list.yaml: an error when the project has none."""
    if project.list_file.is_file():
        return None
    return Diagnostic(
        "list.yaml",
        1,
        1,
        "the list has no list.yaml, which names it for the README and the site",
        "write a list.yaml with at least `title` and `description` "
        "(its fields: generator/schemas/list.schema.json)",
    )


def read_identity(project: Project) -> ListIdentity | None:
    """The list's identity from list.yaml alone, for commands that do not open the catalog;
    None when the file is missing or does not fit its schema (`validate` says why)."""
    if not project.list_file.is_file():
        return None
    loaded, problems = load_yaml(project.list_file, "list.yaml")
    if loaded is None or problems or schema_diagnostics(loaded, "list.schema.json"):
        return None
    return identity_from_data(loaded.data)


def load_sources(project: Project) -> tuple[Sources, list[Diagnostic]]:
    papers, problems = load_papers(project.papers_file, project.root)
    datasets, dataset_problems = _load_data(project, project.datasets_file)
    notes, note_problems = load_notes(project.notes_dir, project.root)
    identity, identity_problems = None, []
    if project.list_file.is_file():  # only README and site need it: see `identity_problem`
        identity, identity_problems = load_yaml(project.list_file, "list.yaml")
    venues, venue_problems = None, []
    if project.venues_file.is_file():
        venues, venue_problems = load_yaml(project.venues_file, "venues.yaml")
    problems += dataset_problems + note_problems + identity_problems + venue_problems
    return Sources(papers, datasets, tuple(notes), identity, venues), problems


def _load_data(project: Project, path: Path) -> tuple[YamlFile | None, list[Diagnostic]]:
    problem = outside_problem(path, project.root, path.name)
    return (None, [problem]) if problem else load_yaml(path, path.name)


def open_catalog(
    project: Project, today: dt.date | None = None
) -> tuple[Catalog | None, list[Diagnostic]]:
    """Load and validate everything; the Catalog is None when any error was found."""
    _, catalog, problems = open_sources(project, today)
    return catalog, problems


def open_sources(
    project: Project, today: dt.date | None = None
) -> tuple[Sources, Catalog | None, list[Diagnostic]]:
    """`open_catalog`, and the loaded files it was built from (a preview keeps them)."""
    today = today or dt.date.today()
    sources, problems = load_sources(project)
    problems += validate(sources, today.year)
    if has_errors(problems) or sources.papers is None or sources.datasets is None:
        return sources, None, problems
    facts, fact_problems = load_facts(project.facts_file)
    return sources, build_catalog(sources, facts), problems + fact_problems


def build_catalog(sources: Sources, facts: dict[str, EntryFacts] | None = None) -> Catalog:
    papers_file: YamlFile = sources.papers  # type: ignore[assignment]
    datasets_file: YamlFile = sources.datasets  # type: ignore[assignment]
    maker = EntryMaker.of(sources)
    return Catalog(
        sections=tuple(walk_sections(papers_file.data["sections"])),
        papers=tuple(
            maker.paper(p, papers_file.line_of(p), papers_file.file_of(p))
            for p in papers_file.data["papers"]
        ),
        datasets=tuple(
            maker.dataset(d, datasets_file.line_of(d)) for d in datasets_file.data["datasets"]
        ),
        dataset_intro=datasets_file.data.get("description", ""),
        notes=tuple(note_from_text(n.path.stem, n.text, n.name) for n in sources.notes),
        facts=facts or {},
        identity=maker.identity,
    )


@dataclass(frozen=True)
class EntryMaker:
    """How entries of valid data become Papers and Datasets: the list's identity (its own
    fields), its venue vocabulary and the ids of its datasets, read once per list."""

    identity: ListIdentity
    canonical_venue: Callable[[str], str]
    dataset_ids: frozenset[str]
    paper_fields: tuple[CustomField, ...]
    dataset_fields: tuple[CustomField, ...]

    @classmethod
    def of(cls, sources: Sources) -> EntryMaker:
        datasets_file: YamlFile = sources.datasets  # type: ignore[assignment]
        venues = vocabulary(sources.venues.data if sources.venues else None)
        identity = identity_from_data(sources.identity.data) if sources.identity else ListIdentity()
        dataset_ids = frozenset(d["id"] for d in datasets_file.data["datasets"])
        papers, datasets = (fields_for(identity.fields, kind) for kind in ("papers", "datasets"))
        return cls(identity, venues.canonical, dataset_ids, papers, datasets)

    def paper(self, data: dict[str, Any], line: int, file: str) -> Paper:
        """An entry of papers data, written at `line` of `file`."""
        paper = paper_from_data(data, self.dataset_ids, line, self.canonical_venue, file)
        return with_extra(paper, custom_values(data, self.paper_fields))

    def dataset(self, data: dict[str, Any], line: int) -> Dataset:
        dataset = dataset_from_data(data, line, self.canonical_venue)
        return with_extra(dataset, custom_values(data, self.dataset_fields))


def paper_maker(sources: Sources) -> Callable[[dict[str, Any], int, str], Paper]:
    """How an entry of valid papers data, written at a line of a file, becomes a Paper."""
    return EntryMaker.of(sources).paper


def with_extra(entry: _Entry, extra: tuple[tuple[str, object], ...]) -> _Entry:
    return replace(entry, extra=extra) if extra else entry
