"""The JSON Schemas of the data files: loading them, checking data against them, and turning
their errors into Diagnostics.

jsonschema is the validator of record: every reported problem is its verdict. fastjsonschema
compiles the same schema into Python code, about twenty times faster on a large list; it is
used only to spare jsonschema the walk over what is valid.
"""

from __future__ import annotations

import copy
import difflib
import json
from collections.abc import Callable, Collection, Iterator
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator, ValidationError, validators

from generator.catalog.hints import quoted
from generator.catalog.load import YamlFile
from generator.diagnostics import Diagnostic

SCHEMA_FILES = {
    "papers.yaml": "papers.schema.json",
    "datasets.yaml": "datasets.schema.json",
    "list.yaml": "list.schema.json",
    "venues.yaml": "venues.schema.json",
}

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping",
    "boolean": "true or false",
}
_FORMAT_CHECKER = Draft202012Validator.FORMAT_CHECKER


@cache
def load_schema(filename: str) -> dict[str, Any]:
    text = resources.files("generator.schemas").joinpath(filename).read_text(encoding="utf-8")
    return _python_patterns(json.loads(text))


def _python_patterns(node: Any) -> Any:
    """The schema with its patterns anchored as JSON Schema means them. In ECMA-262 regexes a
    final `$` is the end of the text; in Python's it also matches before a final line break,
    so an `id: |` block (`"rome\\n"`) would pass `^[a-z0-9-]+$`. `\\Z` is Python's end."""
    if isinstance(node, dict):
        return {key: _pattern(value) if key == "pattern" else _python_patterns(value)
                for key, value in node.items()}  # fmt: skip
    if isinstance(node, list):
        return [_python_patterns(item) for item in node]
    return node


def _pattern(pattern: Any) -> Any:
    if isinstance(pattern, str) and pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[:-1] + "\\Z"
    return pattern


@cache
def fast_check(filename: str, target: str = "#") -> Callable[[Any], bool]:
    """fastjsonschema's yes/no for the schema, or for one of its `#/$defs/...` targets."""
    # fastjsonschema rewrites `$ref`s in place: give it a copy, never the shared schema.
    schema = copy.deepcopy(load_schema(filename))
    if target != "#":
        schema = {"$id": schema["$id"], "$defs": schema["$defs"], "$ref": target}
    # The formats are jsonschema's own checkers, so that both libraries read `format` alike.
    formats = {name: _conforms(name) for name in ("date",)}
    validate = fastjsonschema.compile(schema, formats=formats)

    def is_valid(instance: Any) -> bool:
        try:
            validate(instance)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return is_valid


def _conforms(format_name: str) -> Callable[[Any], bool]:
    return lambda value: _FORMAT_CHECKER.conforms(value, format_name)


@cache
def _validator(filename: str) -> Draft202012Validator:
    """jsonschema's validator, told to skip any `$ref` target the fast check finds valid."""
    plain_ref = Draft202012Validator.VALIDATORS["$ref"]

    def ref(validator: Any, target: str, instance: Any, subschema: Any) -> Iterator[Any]:
        if not fast_check(filename, target)(instance):
            yield from plain_ref(validator, target, instance, subschema)

    cls = validators.extend(Draft202012Validator, {"$ref": ref})
    return cls(load_schema(filename), format_checker=_FORMAT_CHECKER)


def schema_diagnostics(
    loaded: YamlFile,
    schema_file: str,
    skip: Collection[tuple[str | int, ...]] = (),
    extra: tuple[str, str] | None = None,
) -> list[Diagnostic]:
    """The schema's verdict on the file, leaving out what lies under a path of `skip`.

    `extra` is (definition, JSON of more properties): a list's own fields
    (`generator.catalog.fields`), which join that definition's properties."""
    if extra is not None:
        validator = _extended_validator(schema_file, *extra)
    elif fast_check(schema_file)(loaded.data):
        return []
    else:
        validator = _validator(schema_file)
    errors = (
        error
        for error in validator.iter_errors(loaded.data)
        if not any(tuple(error.absolute_path)[: len(path)] == path for path in skip)
    )
    problems = (d for error in errors for d in _explain(loaded, error))
    return list(dict.fromkeys(problems))  # e.g. `pattern` and `format` can say the same thing


@cache
def _extended_validator(filename: str, definition: str, properties: str) -> Draft202012Validator:
    schema = copy.deepcopy(load_schema(filename))
    added = _python_patterns(json.loads(properties))
    schema["$defs"][definition]["properties"] |= added
    return Draft202012Validator(schema, format_checker=_FORMAT_CHECKER)


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
    if isinstance(error.schema, dict) and "x-message" in error.schema:
        yield loaded.diagnostic(path, error.schema["x-message"], hint)  # the schema's own words
        return
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
            path, f"missing required key '{missing}' {where}", description or hint, key=bool(path)
        )
        return
    value = error.instance
    if keyword == "pattern" and value == "" and error.schema.get("minLength"):
        return  # `minLength` says it better: "must not be empty"
    limit = error.schema.get("maxLength") if isinstance(error.schema, dict) else None
    if keyword in {"pattern", "format"} and limit and len(value) > limit:
        return  # `maxLength` says it better, without quoting the whole text
    if keyword == "maxLength":
        message = f"'{field}' is {len(value):,} characters long, more than the {limit:,} allowed"
        yield loaded.diagnostic(path, message, "shorten it")
        return
    if keyword == "type":
        expected = error.validator_value
        expected_names = " or ".join(
            _TYPE_NAMES.get(t, t) for t in (expected if isinstance(expected, list) else [expected])
        )
        message = f"'{field}' must be {expected_names}, not {_type_name(value)}"
        if not path:
            message = f"the document must be {expected_names}, not {_type_name(value)}"
        hint = _colon_in_item_hint(path, value, expected) or hint or _quote_hint(value, expected)
        yield loaded.diagnostic(path, message, hint)
        return
    messages = {
        "pattern": f"invalid value {_shown(value)} for '{field}'",
        "format": f"invalid value {_shown(value)} for '{field}'",
        "minimum": f"'{field}' is {value}, below the minimum {error.validator_value}",
        "maximum": f"'{field}' is {value}, above the maximum {error.validator_value}",
        "minLength": f"'{field}' must not be empty",
        "minItems": f"'{field}' must not be an empty list",
        "uniqueItems": f"'{field}' lists the same item twice",
        "oneOf": (
            f"invalid entry {path[-1] + 1} of '{field}'"
            if path and isinstance(path[-1], int)
            else f"invalid value for '{field}'"
        ),
        "enum": f"invalid value {_shown(value)} for '{field}'",
    }
    message = messages.get(keyword, f"'{field}': {error.message}")
    yield loaded.diagnostic(path, message, hint)


def _shown(value: Any, width: int = 80) -> str:
    """The value as a message quotes it: in repr, cut short when long."""
    shown = repr(value)
    return shown if len(shown) <= width else shown[: width - 3] + "..."


def _colon_in_item_hint(path: list[str | int], value: Any, expected: Any) -> str:
    """`[CounterFact, zsRE: QA]` makes its second item a mapping: the ': ' needs quotes."""
    if expected != "string" or not path or not isinstance(path[-1], int):
        return ""
    if not isinstance(value, dict) or len(value) != 1:
        return ""
    ((key, item),) = value.items()
    if not isinstance(key, str) or not isinstance(item, str | None):
        return ""
    written = f"{key}: {item}" if item is not None else f"{key}:"
    return f"the ': ' makes this item a mapping: put the item in quotes, like {quoted(written)}"


def _quote_hint(value: Any, expected: Any) -> str:
    if expected == "string" and isinstance(value, bool | int | float):
        return f'put the value in quotes, e.g. "{value}", so that YAML reads it as text'
    if expected == "string" and value is None:
        return "write a value after the colon, or remove the key"
    if expected == "array" and isinstance(value, str):
        parts = [part.strip() for part in value.split(",") if part.strip()] or [value]
        return f"write it as a list in brackets, e.g. [{', '.join(parts[:3])}]"
    return ""


def known_fields(schema_file: str, definition: str) -> list[str]:
    return sorted(load_schema(schema_file)["$defs"][definition]["properties"])
