"""Validate stage: every rule of generator/catalog/rules over what the load stage read.

Semantic checks read the data defensively: an entry that broke the schema still gets every
other check that can be made on it, and nothing here may raise on malformed data.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.catalog import rules
from generator.catalog.load import NoteFile, YamlFile
from generator.diagnostics import Diagnostic


@dataclass(frozen=True)
class Sources:
    """Everything the load stage read; a file that failed to load is None."""

    papers: YamlFile | None
    datasets: YamlFile | None
    notes: tuple[NoteFile, ...] = ()
    identity: YamlFile | None = None  # list.yaml
    venues: YamlFile | None = None  # the project's own venues.yaml, if it has one


def validate(sources: Sources, this_year: int) -> list[Diagnostic]:
    """The diagnostics of every registered rule, each carrying its rule's code."""
    return rules.run(sources, this_year)
