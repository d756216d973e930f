"""A list's own entry fields and labels, declared in list.yaml.

```yaml
fields:
  - name: license          # the key entries write: `license: MIT`
    type: text             # text, url, number, integer, boolean or list (of texts)
    label: License         # what README and site print before the value
    show: [readme, site]   # where it is shown (default: both)
    entries: papers        # papers (default) or datasets
labels:
  authors: Written by      # a built-in label renamed
```

A declared field is validated as a built-in one is: its JSON Schema fragment
(`schema_for`) joins the entry's properties, so a wrong type or an unknown key gets the
same located Diagnostic. This module is the one home of the names, types and defaults.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.catalog.load import YamlFile
from generator.catalog.schema import SCHEMA_FILES, load_schema
from generator.diagnostics import Diagnostic

FIELD_TYPES = ("text", "url", "number", "integer", "boolean", "list")
PLACES = ("readme", "site")
ENTRY_FILES = {"papers": ("papers.yaml", "paper"), "datasets": ("datasets.yaml", "dataset")}
# The labels README and site print, by the key a list may rename them with.
DEFAULT_LABELS = {
    "aliases": "Also known as",
    "authors": "Authors",
    "organizations": "Organizations",
    "task": "Task",
    "models": "Models",
    "insight": "Insight",
    "note": "Note",
    "datasets": "Datasets",
    "code": "Code",
    "source": "Source",
    "links": "Links",
}
_TEXT = {"type": "string", "minLength": 1, "maxLength": 500, "pattern": "\\S"}
_URL = {"type": "string", "pattern": "^https?://[^\\s/@]+[^\\s]*\\Z"}
_SCHEMAS: dict[str, dict[str, Any]] = {
    "text": {**_TEXT, "x-hint": "write some text, or remove the key"},
    "url": {**_URL, "x-hint": "write a full http:// or https:// address without spaces"},
    "number": {"type": "number"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean", "x-hint": "write true or false"},
    "list": {"type": "array", "items": _TEXT, "minItems": 1, "uniqueItems": True},
}


@dataclass(frozen=True)
class CustomField:
    name: str
    type: str
    label: str
    show: tuple[str, ...] = PLACES
    entries: str = "papers"
    description: str = ""

    def schema(self) -> dict[str, Any]:
        return {**_SCHEMAS[self.type], "description": self.description or self.label}


def fields_from_data(data: Any) -> tuple[CustomField, ...]:
    """The declared fields of list.yaml data; whatever is malformed is left to its schema."""
    found = []
    items = data.get("fields", ()) if isinstance(data, dict) else ()
    for item in items if isinstance(items, list) else ():
        if not isinstance(item, dict) or item.get("type") not in FIELD_TYPES:
            continue
        if not isinstance(item.get("name"), str) or not isinstance(item.get("label"), str):
            continue
        show = item.get("show", PLACES)
        found.append(
            CustomField(
                item["name"],
                item["type"],
                item["label"],
                tuple(p for p in show if p in PLACES) if isinstance(show, list) else PLACES,
                item.get("entries", "papers") if item.get("entries") in ENTRY_FILES else "papers",
                item.get("description", "") if isinstance(item.get("description"), str) else "",
            )
        )
    return tuple(found)


def labels_from_data(data: Any) -> dict[str, str]:
    labels = data.get("labels", {}) if isinstance(data, dict) else {}
    return {k: v for k, v in labels.items() if k in DEFAULT_LABELS and isinstance(v, str)}


def fields_for(fields: Iterable[CustomField], entries: str) -> tuple[CustomField, ...]:
    return tuple(f for f in fields if f.entries == entries)


def schema_properties(fields: Iterable[CustomField]) -> tuple[tuple[str, dict[str, Any]], ...]:
    """(name, JSON Schema) of each field, for the entry definition's properties."""
    return tuple((f.name, f.schema()) for f in fields)


def entry_properties(file_name: str, fields: Iterable[CustomField]) -> tuple[str, str] | None:
    """(schema definition, JSON of its added properties) for the entries of `file_name`, or
    None when the list declares no field for them."""
    for entries, (name, definition) in ENTRY_FILES.items():
        if name == file_name:
            chosen = fields_for(fields, entries)
            if chosen:
                return definition, json.dumps(dict(schema_properties(chosen)), sort_keys=True)
    return None


def field_problems(identity: YamlFile, fields: Iterable[CustomField]) -> list[Diagnostic]:
    """A declared field may not take a built-in field's name, nor be declared twice."""
    problems = []
    seen: set[tuple[str, str]] = set()
    for index, field in enumerate(fields):
        file_name, definition = ENTRY_FILES[field.entries]
        built_in = load_schema(SCHEMA_FILES[file_name])["$defs"][definition]["properties"]
        path = ["fields", index, "name"]
        if field.name in built_in:
            message = f"'{field.name}' is a built-in field of {field.entries}"
            hint = "pick another name; to rename its label, use `labels` instead"
            problems.append(identity.diagnostic(path, message, hint))
        elif (field.name, field.entries) in seen:
            message = f"the field '{field.name}' is declared twice"
            problems.append(identity.diagnostic(path, message, "remove one of them"))
        seen.add((field.name, field.entries))
    return problems


def custom_values(
    data: dict[str, Any], fields: Iterable[CustomField]
) -> tuple[tuple[str, Any], ...]:
    """The entry's values of the declared fields, in declaration order (lists as tuples)."""
    return tuple(
        (f.name, tuple(data[f.name]) if isinstance(data[f.name], list) else data[f.name])
        for f in fields
        if f.name in data
    )


@dataclass(frozen=True)
class Shown:
    """One custom value as a template prints it."""

    label: str
    type: str
    value: Any


def shown_values(
    values: tuple[tuple[str, Any], ...], fields: Iterable[CustomField], place: str
) -> list[Shown]:
    by_name = {f.name: f for f in fields}
    return [
        Shown(by_name[name].label, by_name[name].type, value)
        for name, value in values
        if name in by_name and place in by_name[name].show
    ]
