"""Rules of whole files: each file against its schema, entries in the wrong list, notes."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog.fields import entry_properties, field_problems, fields_from_data
from generator.catalog.notes import validate_note
from generator.catalog.rules.mistakes import misplaced_entries
from generator.catalog.rules.registry import Context, rule
from generator.catalog.rules.structure import check_identity
from generator.catalog.schema import SCHEMA_FILES, schema_diagnostics
from generator.diagnostics import Diagnostic


@rule(
    "LKU101",
    "schema",
    "a file breaks its JSON Schema: an unknown or missing key, a value of the wrong type",
    hint="follow the message; the schemas in generator/schemas/ list every field",
    field="any",
)
def schema(context: Context) -> Iterator[Diagnostic]:
    """papers.yaml, datasets.yaml, list.yaml and venues.yaml against their schemas; an entry
    pasted into the wrong list is reported once by LKU102 instead of key by key."""
    sources = context.sources
    fields = fields_from_data(sources.identity.data) if sources.identity else ()
    for loaded in (sources.papers, sources.datasets, sources.identity):
        if loaded is not None:
            skip = [path for path, _ in misplaced_entries(loaded)]
            extra = entry_properties(loaded.name, fields)  # the list's own entry fields
            yield from schema_diagnostics(loaded, SCHEMA_FILES[loaded.name], skip, extra)
    if sources.venues is not None:
        yield from schema_diagnostics(sources.venues, SCHEMA_FILES["venues.yaml"])


@rule(
    "LKU106",
    "custom-field",
    "a field declared in list.yaml takes a built-in field's name, or is declared twice",
    hint="pick another name; to rename a built-in field's label, use `labels`",
    field="fields",
)
def custom_fields(context: Context) -> Iterator[Diagnostic]:
    """A list's own fields join the entries' schema: a clash would change a built-in field."""
    identity = context.sources.identity
    if identity is not None:
        yield from field_problems(identity, fields_from_data(identity.data))


@rule(
    "LKU102",
    "misplaced-entry",
    "an entry has the fields of another list's entries (a dataset among the papers...)",
    hint="move the whole entry to the list the message names",
    field="papers, datasets, sections",
)
def misplaced(context: Context) -> Iterator[Diagnostic]:
    """One error naming the right list, instead of an unknown-key error for each field."""
    sources = context.sources
    for loaded in (sources.papers, sources.datasets, sources.identity):
        if loaded is not None:
            yield from (problem for _, problem in misplaced_entries(loaded))


@rule(
    "LKU103",
    "summary-without-site",
    "list.yaml asks for a summary README but names no site to link the full list",
    hint="add links: {site: https://...} with the address of the published site",
    field="readme.mode",
)
def summary_without_site(context: Context) -> Iterator[Diagnostic]:
    """A summary README sends readers to the site: it must know where the site is."""
    if context.sources.identity is not None:
        yield from check_identity(context.sources.identity)


@rule(
    "LKU104",
    "note",
    "a note has no title, unsafe characters, raw HTML or a reference to an unknown entry",
    hint="follow the message; notes are Markdown with [[paper:ID]] and [[dataset:ID]] links",
    field="notes/*.md",
)
def notes(context: Context) -> Iterator[Diagnostic]:
    """Notes reach the README and the site as Markdown: they are checked as the README
    will hold them."""
    sources = context.sources
    if sources.papers is None or sources.datasets is None:
        return
    for note in sources.notes:
        yield from validate_note(note, context.paper_ids, context.dataset_ids)
