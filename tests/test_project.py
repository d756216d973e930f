"""Project owns every path of a list; serve rebuilds when any of the sources changes."""

from __future__ import annotations

from pathlib import Path

from generator.catalog import paths
from generator.catalog.project import Project
from generator.site.serve import source_paths


def test_every_file_name_has_a_path_under_the_root(tmp_path: Path) -> None:
    project = Project(tmp_path)
    for path in (
        project.facts_file,
        project.mkdocs_config,
        project.links_config,
        project.link_cache,
        project.sources_cache,
        project.ignore_file,
        project.import_report,
    ):
        assert path.parent == tmp_path or path.is_relative_to(tmp_path)
    assert project.ignore_file.name == paths.IGNORE_FILE


def test_serve_watches_facts_json(tmp_path: Path) -> None:
    assert tmp_path / "facts.json" in source_paths(Project(tmp_path))
