"""Where a project's files are, and the one path from them to a valid Catalog."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic, has_errors
from generator.facts import FACTS_FILE, EntryFacts, load_facts
from generator.load import YamlFile, load_notes, load_yaml, outside_problem
from generator.model import Catalog, Section, dataset_from_data, note_from_text, paper_from_data
from generator.validate import Sources, validate


@dataclass(frozen=True)
class Project:
    """The files of one list, relative to its root directory."""

    root: Path

    @property
    def papers_file(self) -> Path:
        return self.root / "papers.yaml"

    @property
    def datasets_file(self) -> Path:
        return self.root / "datasets.yaml"

    @property
    def notes_dir(self) -> Path:
        return self.root / "notes"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def facts_file(self) -> Path:
        return self.root / FACTS_FILE

    @property
    def readme(self) -> Path:
        return self.root / "README.md"

    @property
    def watched_paths(self) -> tuple[Path, ...]:
        """Everything a rebuild depends on (for live reload)."""
        return (
            self.papers_file,
            self.datasets_file,
            self.notes_dir,
            self.templates_dir,
        )


def load_sources(project: Project) -> tuple[Sources, list[Diagnostic]]:
    papers, problems = _load_data(project, project.papers_file)
    datasets, dataset_problems = _load_data(project, project.datasets_file)
    notes, note_problems = load_notes(project.notes_dir, project.root)
    return Sources(papers, datasets, tuple(notes)), problems + dataset_problems + note_problems


def _load_data(project: Project, path: Path) -> tuple[YamlFile | None, list[Diagnostic]]:
    problem = outside_problem(path, project.root, path.name)
    return (None, [problem]) if problem else load_yaml(path, path.name)


def open_catalog(
    project: Project, today: dt.date | None = None
) -> tuple[Catalog | None, list[Diagnostic]]:
    """Load and validate everything; the Catalog is None when any error was found."""
    today = today or dt.date.today()
    sources, problems = load_sources(project)
    problems += validate(sources, today.year)
    if has_errors(problems) or sources.papers is None or sources.datasets is None:
        return None, problems
    facts, fact_problems = load_facts(project.facts_file)
    return build_catalog(sources, facts), problems + fact_problems


def build_catalog(sources: Sources, facts: dict[str, EntryFacts] | None = None) -> Catalog:
    papers_file: YamlFile = sources.papers  # type: ignore[assignment]
    datasets_file: YamlFile = sources.datasets  # type: ignore[assignment]
    dataset_data = datasets_file.data["datasets"]
    dataset_ids = {d["id"] for d in dataset_data}
    return Catalog(
        sections=tuple(
            Section(s["id"], s["title"], s.get("description", ""))
            for s in papers_file.data["sections"]
        ),
        papers=tuple(
            paper_from_data(p, dataset_ids, papers_file.line_of(p))
            for p in papers_file.data["papers"]
        ),
        datasets=tuple(dataset_from_data(d, datasets_file.line_of(d)) for d in dataset_data),
        dataset_intro=datasets_file.data.get("description", ""),
        notes=tuple(note_from_text(n.path.stem, n.text, n.name) for n in sources.notes),
        facts=facts or {},
    )
