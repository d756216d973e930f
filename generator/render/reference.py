"""The contributor's field reference, read from the JSON Schemas so docs and rules never drift."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from generator.catalog.schema import SCHEMA_FILES, load_schema

_TYPE_WORDS = {
    "string": "text",
    "integer": "whole number",
    "number": "number",
    "boolean": "true/false",
    "object": "mapping",
    "array": "list",
}
_REF_WORDS = {"slug": "identifier", "url": "URL", "year": "year", "arxiv": "arXiv id", "doi": "DOI"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    description: str
    example: str


@dataclass(frozen=True)
class FieldTable:
    """The fields of one kind of mapping, e.g. a paper in papers.yaml."""

    file: str
    name: str
    description: str
    fields: tuple[Field, ...]


def _definition(schema: dict[str, Any], node: dict[str, Any]) -> tuple[str | None, dict]:
    ref = node.get("$ref", "")
    if not ref.startswith("#/$defs/"):
        return None, {}
    name = ref.removeprefix("#/$defs/")
    return name, schema["$defs"][name]


def _type(schema: dict[str, Any], node: dict[str, Any]) -> str:
    ref_name, target = _definition(schema, node)
    if ref_name in _REF_WORDS:
        return _REF_WORDS[ref_name]
    if ref_name:
        return _type(schema, target) if "properties" not in target else ref_name
    if "oneOf" in node:
        return " or ".join(_type(schema, option) for option in node["oneOf"])
    if node.get("format") == "date":
        return "date"
    kind = node.get("type", "")
    if kind == "array":
        return f"list of {_type(schema, node.get('items', {}))}"
    if kind == "object" and "properties" not in node:
        return "mapping"
    return _TYPE_WORDS.get(kind, "mapping")


def _merged(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """The property with what its `$ref` says, the property's own words winning."""
    return {**_definition(schema, node)[1], **node}


def format_example(value: Any) -> str:
    """An example as it is written in YAML, on one line."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6)
    return text.strip().removesuffix("...").strip()


def _field(schema: dict[str, Any], name: str, node: dict[str, Any], required: bool) -> Field:
    merged = _merged(schema, node)
    examples = merged.get("examples", [])
    return Field(
        name=name,
        type=_type(schema, node),
        required=required,
        description=merged.get("description", ""),
        example=format_example(examples[0]) if examples else "",
    )


def _tables(
    schema: dict[str, Any], file: str, name: str, node: dict[str, Any]
) -> Iterator[FieldTable]:
    """The table of a mapping, then those of mappings written out inside it (e.g. `models`)."""
    required = set(node.get("required", ()))
    properties = node["properties"]
    fields = tuple(_field(schema, key, value, key in required) for key, value in properties.items())
    yield FieldTable(file, name, node.get("description", ""), fields)
    for key, value in properties.items():
        for option in (value, *value.get("oneOf", ())):
            if "properties" in option:
                yield from _tables(schema, file, f"{name} {key}", option)


def field_tables() -> list[FieldTable]:
    """One table for each file's top level and each kind of mapping its schema defines."""
    tables = []
    for file, schema_file in SCHEMA_FILES.items():
        schema = load_schema(schema_file)
        tables += _tables(schema, file, "top level", schema)
        for name, node in schema.get("$defs", {}).items():
            if "properties" in node:
                tables += _tables(schema, file, name, node)
    return tables
