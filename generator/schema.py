"""The JSON Schemas of the data files: loading them, checking data against them, and turning
their errors into Diagnostics.

jsonschema is the validator of record. `FastCheck` answers "is this valid?" exactly as
jsonschema would, an order of magnitude faster on a large list, so that jsonschema only walks
what is invalid.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators

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
    """jsonschema's validator, told to skip any `$ref` target the fast check proves valid."""
    schema = load_schema(filename)
    plain_ref = Draft202012Validator.VALIDATORS["$ref"]

    def ref(validator: Any, target: str, instance: Any, subschema: Any) -> Iterator[Any]:
        if not _fast_check(filename).ref(target)(instance):
            yield from plain_ref(validator, target, instance, subschema)

    cls = validators.extend(Draft202012Validator, {"$ref": ref})
    return cls(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def _fast_check(filename: str) -> FastCheck:
    plain = Draft202012Validator(
        load_schema(filename), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    return FastCheck(plain)


def schema_diagnostics(loaded: YamlFile, schema_file: str) -> list[Diagnostic]:
    # jsonschema is the validator of record; the fast check only spares it valid subtrees.
    if _fast_check(schema_file).root(loaded.data):
        return []
    validator = _validator(schema_file)
    problems = (d for error in validator.iter_errors(loaded.data) for d in _explain(loaded, error))
    return list(dict.fromkeys(problems))  # e.g. `pattern` and `format` can say the same thing


Predicate = Callable[[Any], bool]
_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$defs", "$comment", "title", "description", "examples", "default"}
)


class FastCheck:
    """Compiles a schema into predicates equal to ``validator.is_valid``, only faster.

    Covers the keywords the project's schemas use, with jsonschema's own type and format
    checkers; any other keyword (or unusual value) falls back to jsonschema itself, so the
    answer is always exactly jsonschema's. Local references (`#/...`) resolve against the
    root schema: the project's schemas have no nested `$id`.
    """

    def __init__(self, validator: Draft202012Validator) -> None:
        self._validator = validator
        self._refs: dict[str, Predicate] = {}
        self.root = self.compile(validator.schema)

    def ref(self, target: str) -> Predicate:
        found = self._refs.get(target)
        if found is None:
            # Until compiled, a recursive schema reaches the target through this trampoline.
            self._refs[target] = lambda x: self._refs[target](x)
            found = self._refs[target] = self._compile_ref(target)
        return found

    def _compile_ref(self, target: str) -> Predicate:
        if not target.startswith("#/"):
            return self._slow({"$ref": target})
        node: Any = self._validator.schema
        for part in target[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return self.compile(node)

    def _slow(self, schema: Any) -> Predicate:
        return self._validator.evolve(schema=schema).is_valid

    def compile(self, schema: Any) -> Predicate:
        if isinstance(schema, bool):
            return lambda x: schema
        if not isinstance(schema, dict):
            return self._slow(schema)
        checks: list[Predicate] = []
        for keyword, value in schema.items():
            if keyword in _ANNOTATIONS or keyword.startswith("x-"):
                continue
            make = getattr(self, f"_k_{keyword.lstrip('$')}", None)
            check = make(value, schema) if make else None
            if check is None:
                return self._slow(schema)
            checks.append(check)
        return _all_of(checks)

    def _k_ref(self, target: str, schema: dict[str, Any]) -> Predicate:
        return self.ref(target)

    def _k_type(self, expected: str | list[str], schema: dict[str, Any]) -> Predicate:
        names = [expected] if isinstance(expected, str) else list(expected)
        fast = tuple(kind for name in names for kind in _PYTHON_TYPES.get(name, ()))
        is_type = self._validator.is_type
        return lambda x: type(x) in fast or any(is_type(x, name) for name in names)

    def _k_properties(self, properties: dict[str, Any], schema: dict[str, Any]) -> Predicate:
        checks = {name: self.compile(sub) for name, sub in properties.items()}

        def check(x: Any) -> bool:
            if isinstance(x, dict):
                for key, value in x.items():
                    value_check = checks.get(key) if isinstance(key, str) else None
                    if value_check is not None and not value_check(value):
                        return False
            return True

        return check

    def _k_additionalProperties(self, allowed: Any, schema: dict[str, Any]) -> Predicate | None:
        if allowed is not False or "patternProperties" in schema:
            return None
        known = frozenset(schema.get("properties", ()))
        return lambda x: not isinstance(x, dict) or all(key in known for key in x)

    def _k_required(self, names: list[str], schema: dict[str, Any]) -> Predicate:
        return lambda x: not isinstance(x, dict) or all(name in x for name in names)

    def _k_items(self, items: Any, schema: dict[str, Any]) -> Predicate | None:
        if "prefixItems" in schema or isinstance(items, bool):
            return None
        item_check = self.compile(items)

        def check(x: Any) -> bool:
            if isinstance(x, list):
                for item in x:
                    if not item_check(item):
                        return False
            return True

        return check

    def _k_minItems(self, minimum: int, schema: dict[str, Any]) -> Predicate:
        return lambda x: not isinstance(x, list) or len(x) >= minimum

    def _k_uniqueItems(self, unique: bool, schema: dict[str, Any]) -> Predicate:
        slow = self._slow({"uniqueItems": unique})

        def check(x: Any) -> bool:
            if unique and isinstance(x, list) and all(type(item) is str for item in x):
                return len(set(x)) == len(x)
            return slow(x)

        return check

    def _k_minLength(self, minimum: int, schema: dict[str, Any]) -> Predicate:
        return lambda x: not isinstance(x, str) or len(x) >= minimum

    def _k_pattern(self, pattern: str, schema: dict[str, Any]) -> Predicate:
        search = re.compile(pattern).search
        return lambda x: not isinstance(x, str) or search(x) is not None

    def _k_minimum(self, minimum: float, schema: dict[str, Any]) -> Predicate:
        return lambda x: not self._is_number(x) or x >= minimum

    def _k_maximum(self, maximum: float, schema: dict[str, Any]) -> Predicate:
        return lambda x: not self._is_number(x) or x <= maximum

    def _is_number(self, x: Any) -> bool:
        return type(x) in (int, float) or self._validator.is_type(x, "number")

    def _k_format(self, name: str, schema: dict[str, Any]) -> Predicate:
        checker = self._validator.format_checker
        if checker is None:
            return lambda x: True
        return lambda x: checker.conforms(x, name)

    def _k_oneOf(self, schemas: list[Any], schema: dict[str, Any]) -> Predicate:
        checks = [self.compile(sub) for sub in schemas]
        return lambda x: sum(1 for check in checks if check(x)) == 1


def _all_of(checks: list[Predicate]) -> Predicate:
    if len(checks) == 1:
        return checks[0]

    def check(x: Any) -> bool:
        for each in checks:  # noqa: SIM110 - a plain loop is faster than all() on a genexpr
            if not each(x):
                return False
        return True

    return check


# Exact Python types that certainly are of a JSON type; anything else asks jsonschema.
_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "array": (list,),
    "object": (dict,),
    "boolean": (bool,),
    "null": (type(None),),
}


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
