"""Data checks as rules: one function per check, each with a stable code, run by one loop.

Families, by the first digit of the code (`validate --explain CODE` prints a rule's page):

    LKU0xx  loading.py    reading a file: encoding, YAML syntax, duplicate keys (the loader)
    LKU1xx  files.py      whole files: schemas, entries in the wrong list, notes, rule settings
    LKU2xx  entries.py    entries: ids, the same paper twice, references, years
    LKU3xx  structure.py  the section tree, headings, `also`, dates, venues
    LKU4xx  text.py       URLs fit to publish, invisible characters

A new check is a function in the family it belongs to, decorated with `@rule(...)` under
the next free code of that family. A code is never reused for another check.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from generator.catalog.rules import entries, files, loading, structure, text
from generator.catalog.rules.registry import RULES, Context, Rule, Setting, apply_setting, rule
from generator.catalog.schema import SCHEMA_FILES, schema_diagnostics
from generator.catalog.venues import vocabulary
from generator.diagnostics import Diagnostic, unknown_name

if TYPE_CHECKING:
    from generator.catalog.load import YamlFile
    from generator.catalog.validate import Sources

__all__ = ["RULES", "Rule", "explain", "run"]
_FAMILIES = (entries, files, loading, structure, text)  # imported to register their rules


def run(sources: Sources, this_year: int) -> list[Diagnostic]:
    """Every diagnostic of every rule, stamped with its code, as list.yaml's settings want."""
    context = _context(sources, this_year)
    settings, _ = _settings(sources.identity)  # its problems are rule LKU105's
    problems = []
    for code in sorted(RULES):
        check = RULES[code].check
        for diagnostic in check(context) if check else ():
            stamped = dataclasses.replace(diagnostic, code=code)
            kept = apply_setting(stamped, settings.get(code))
            if kept is not None:
                problems.append(kept)
    return problems


def explain(code: str) -> str | None:
    """The page of rule `code` (any case), or None when no rule has that code."""
    found = RULES.get(code.strip().upper())
    return found.page() if found else None


def _context(sources: Sources, this_year: int) -> Context:
    venue_problems = []
    if sources.venues is not None:
        venue_problems = schema_diagnostics(sources.venues, SCHEMA_FILES["venues.yaml"])
    # A broken venues.yaml is reported; the entries are then checked against the built-in list.
    venues = vocabulary(None if venue_problems or not sources.venues else sources.venues.data)
    papers = _entries(sources.papers, "papers")
    datasets = _entries(sources.datasets, "datasets")
    # Sections at every depth of the tree: an entry may name any of them.
    data = sources.papers.data if sources.papers else None
    sections = list(enumerate(s for _, s in structure.section_nodes(data)))
    return Context(
        sources=sources,
        this_year=this_year,
        venues=venues,
        papers=papers,
        datasets=datasets,
        sections=sections,
        paper_ids={p["id"] for _, p in papers if isinstance(p.get("id"), str)},
        dataset_ids={d["id"] for _, d in datasets if isinstance(d.get("id"), str)},
    )


def _entries(loaded: YamlFile | None, key: str) -> list[tuple[int, dict[str, Any]]]:
    """(index, entry) for each mapping in the top-level list `key`, skipping malformed ones."""
    if loaded is None or not isinstance(loaded.data, dict):
        return []
    items = loaded.data.get(key)
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


@rule(
    "LKU105",
    "rule-setting",
    "list.yaml's `rules` names no rule, or tries to lower an error rule",
    hint="name a warning rule's code (validate --explain CODE) with off, warning or error",
    field="rules",
)
def _rule_settings(context: Context) -> list[Diagnostic]:
    """Only warnings are a list's to weigh: an error rule guards what readers get."""
    return _settings(context.sources.identity)[1]


def _settings(identity: YamlFile | None) -> tuple[dict[str, Setting], list[Diagnostic]]:
    data = identity.data if identity is not None else None
    written = data.get("rules") if isinstance(data, dict) else None
    if identity is None or not isinstance(written, dict):
        return {}, []
    settings: dict[str, Setting] = {}
    problems = []
    for code, setting in written.items():
        problem = _setting_problem(identity, str(code), setting)
        if problem:
            problems.append(problem)
        elif setting in ("off", False, "warning", "error"):
            settings[str(code)] = "off" if setting is False else setting  # YAML 1.1 reads off
    return settings, problems


def _setting_problem(identity: YamlFile, code: str, setting: Any) -> Diagnostic | None:
    path: list[str | int] = ["rules", code]
    if code not in RULES:
        message, hint = unknown_name("rule", code, set(RULES))
        return identity.diagnostic(path, message, hint, key=True)
    if setting not in ("off", False, "warning", "error"):
        return None  # the schema (LKU101) reports it
    if RULES[code].severity == "error" and setting != "error":
        return identity.diagnostic(
            path,
            f"{code} ({RULES[code].name}) is an error rule: a list cannot lower it",
            "remove the setting; only warning rules can be switched off",
        )
    return None
