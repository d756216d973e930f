"""The JSON Schemas of the data files: loading them, and turning their errors into Diagnostics."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from generator.diagnostics import Diagnostic
from generator.load import YamlFile

SCHEMA_FILES = {"papers.yaml": "papers.schema.json", "datasets.yaml": "datasets.schema.json"}

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping",
    "boolean": "true or false",
}


@cache
def load_schema(filename: str) -> dict[str, Any]:
    text = resources.files("generator.schemas").joinpath(filename).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _validator(filename: str) -> Draft202012Validator:
    schema = load_schema(filename)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_diagnostics(loaded: YamlFile, schema_file: str) -> list[Diagnostic]:
    validator = _validator(schema_file)
    return [d for error in validator.iter_errors(loaded.data) for d in _explain(loaded, error)]


def _type_name(value: Any) -> str:
    return {
        str: "text",
        int: "a whole number",
        float: "a number",
        bool: "true/false",
        list: "a list",
        dict: "a mapping",
        type(None): "empty",
    }.get(type(value), type(value).__name__)


def _field(path: list[str | int]) -> str:
    names = [str(step) for step in path if isinstance(step, str)]
    return names[-1] if names else "the document"


def _explain(loaded: YamlFile, error: ValidationError) -> Iterator[Diagnostic]:
    path = list(error.absolute_path)
    field = _field(path)
    hint = error.schema.get("x-hint", "") if isinstance(error.schema, dict) else ""
    keyword = error.validator
    if keyword == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        for key in sorted(set(error.instance) - set(known), key=str):
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            key_hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
            yield loaded.diagnostic([*path, key], f"unknown key '{key}'", key_hint, key=True)
        return
    if keyword == "required":
        missing = (
            error.message.split("'")[1] if "'" in error.message else str(error.validator_value)
        )
        description = error.schema.get("properties", {}).get(missing, {}).get("description", "")
        where = f"in '{field}'" if path else "at the top level"
        yield loaded.diagnostic(
            path, f"missing required key '{missing}' {where}", description, key=bool(path)
        )
        return
    value = error.instance
    if keyword == "type":
        expected = error.validator_value
        expected_names = " or ".join(
            _TYPE_NAMES.get(t, t) for t in (expected if isinstance(expected, list) else [expected])
        )
        message = f"'{field}' must be {expected_names}, not {_type_name(value)}"
        if not path:
            message = f"the document must be {expected_names}, not {_type_name(value)}"
        yield loaded.diagnostic(path, message, hint or _quote_hint(value, expected))
        return
    messages = {
        "pattern": f"invalid value {value!r} for '{field}'",
        "format": f"invalid value {value!r} for '{field}'",
        "minimum": f"'{field}' is {value}, below the minimum {error.validator_value}",
        "maximum": f"'{field}' is {value}, above the maximum {error.validator_value}",
        "minLength": f"'{field}' must not be empty",
        "minItems": f"'{field}' must not be an empty list",
        "uniqueItems": f"'{field}' lists the same item twice",
        "oneOf": f"invalid value for '{field}'",
        "enum": f"invalid value {value!r} for '{field}'",
    }
    message = messages.get(keyword, f"'{field}': {error.message}")
    yield loaded.diagnostic(path, message, hint)


def _quote_hint(value: Any, expected: Any) -> str:
    if expected == "string" and isinstance(value, bool | int | float):
        return f'put the value in quotes, e.g. "{value}", so that YAML reads it as text'
    if expected == "string" and value is None:
        return "write a value after the colon, or remove the key"
    return ""


def known_fields(schema_file: str, definition: str) -> list[str]:
    return sorted(load_schema(schema_file)["$defs"][definition]["properties"])
