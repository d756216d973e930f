"""The JSON Schemas: complete, documented, and checked exactly as jsonschema would check them."""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from support.data import REPO

from generator.catalog.load import load_yaml, parse_yaml
from generator.catalog.schema import (
    SCHEMA_FILES,
    _validator,
    fast_check,
    known_fields,
    load_schema,
    schema_diagnostics,
)

SCHEMAS = sorted(SCHEMA_FILES.values())


def plain_validator(schema_file: str) -> Draft202012Validator:
    schema = load_schema(schema_file)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _properties(node: object, path: str = ""):
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{path}/{name}", sub
        for key, value in node.items():
            yield from _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _properties(value, f"{path}/{index}")


@pytest.mark.parametrize("schema_file", SCHEMAS)
def test_schema_is_valid_draft_2020_12(schema_file):
    schema = load_schema(schema_file)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("schema_file", SCHEMAS)
def test_references_are_local_and_there_is_no_nested_id(schema_file):
    """The fast check compiles `#/$defs/...` targets against the root schema, which needs both."""
    text = json.dumps(load_schema(schema_file))
    assert text.count('"$id"') == 1
    assert all(ref.startswith("#/$defs/") for ref in re.findall(r'"\$ref": "([^"]*)"', text))


@pytest.mark.parametrize("schema_file", SCHEMAS)
def test_every_field_has_a_description(schema_file):
    schema = load_schema(schema_file)
    defs = schema["$defs"]
    missing = []
    for path, sub in _properties(schema):
        target = sub
        if "$ref" in sub and "description" not in sub:
            target = defs[sub["$ref"].removeprefix("#/$defs/")]
        if not target.get("description"):
            missing.append(path)
    assert missing == []


def real_file(name: str) -> Path:
    """The repository's file of that name; venues.yaml is the generator's built-in one."""
    return REPO / name if (REPO / name).is_file() else REPO / "generator" / "catalog" / name


@pytest.mark.parametrize(("data_file", "schema_file"), sorted(SCHEMA_FILES.items()))
def test_data_files_name_their_schema_for_editors(data_file, schema_file):
    path = real_file(data_file)
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    schema = Path(os.path.relpath(REPO / "generator" / "schemas" / schema_file, path.parent))
    assert first_line == f"# yaml-language-server: $schema={schema.as_posix()}"
    assert (REPO / "generator" / "schemas" / schema_file).is_file()


def test_known_fields_come_from_the_schema():
    fields = known_fields("papers.schema.json", "paper")
    assert {"id", "title", "url", "venue", "year", "section", "added", "links"} <= set(fields)
    assert fields == sorted(fields)


def test_every_entry_requires_id_title_and_section_and_its_kind_the_rest():
    paper = load_schema("papers.schema.json")["$defs"]["paper"]
    assert set(paper["required"]) == {"id", "title", "section"}
    assert paper["additionalProperties"] is False
    kinds = {rule["if"]["properties"]["kind"]["const"] for rule in paper["allOf"]}
    assert kinds == set(paper["properties"]["kind"]["enum"])


def _load(name: str, text: str):
    loaded, problems = parse_yaml(text, Path(name), name)
    assert problems == []
    return loaded


def test_valid_data_gives_no_diagnostics():
    for data_file, schema_file in SCHEMA_FILES.items():
        loaded = _load(data_file, real_file(data_file).read_text(encoding="utf-8"))
        assert schema_diagnostics(loaded, schema_file) == []


def test_a_value_breaking_two_keywords_is_reported_once():
    text = "sections: [{id: a, title: A}]\npapers:\n  - id: x\n    title: T\n"
    text += "    url: https://x.org/\n    venue: V\n    year: 2020\n    section: a\n"
    text += "    added: 1 May 2024\n"
    problems = schema_diagnostics(_load("papers.yaml", text), "papers.schema.json")
    assert [(d.line, d.column, d.message) for d in problems] == [
        (9, 12, "invalid value '1 May 2024' for 'added'")
    ]


def test_an_empty_text_is_reported_once_as_empty():
    text = "sections: [{id: a, title: A}]\npapers:\n  - id: x\n    title: ''\n"
    text += "    url: https://x.org/\n    venue: V\n    year: 2020\n    section: a\n"
    problems = schema_diagnostics(_load("papers.yaml", text), "papers.schema.json")
    assert [(d.line, d.column, d.message) for d in problems] == [
        (4, 12, "'title' must not be empty")
    ]


# --- The fast check never calls valid what jsonschema calls invalid ---

_REAL = {name: load_yaml(real_file(name))[0].data for name in SCHEMA_FILES}
_ENTRIES = {"papers.yaml": "papers", "datasets.yaml": "datasets", "list.yaml": "badges"}
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=3000),
    st.floats(allow_nan=False),
    st.sampled_from([2024.0, 1.5, 0, 1, 12, 13, 1949, 1950]),
    st.text(max_size=6),
    st.sampled_from(["", " ", "rome", "Rome", "2202.05262", "2202.05262v2", "10.1/x"]),
    st.sampled_from(["2024-02-30", "2024-05-01", "https://x.org/", "ftp://x", "paper-list"]),
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.one_of(
                st.sampled_from(["teacher", "student", "label", "url", "title", "id"]),
                st.text(max_size=3),
            ),
            inner,
            max_size=3,
        )
    ),
    max_leaves=8,
)


def _mutated(draw, name: str):
    """The real data with a few changes: mostly plausible ones, so that valid documents and
    invalid ones both come up often."""
    document = copy.deepcopy(_REAL[name])
    entries = document[_ENTRIES.get(name, "venues")]
    for _ in range(draw(st.integers(0, 3))):
        entry = draw(st.sampled_from(entries))
        field = draw(st.sampled_from([*sorted(entry), "extra", "links", "models", "publication"]))
        action = draw(st.sampled_from(["borrow", "borrow", "set", "delete", "repeat-item"]))
        donors = [other[field] for other in entries if field in other]
        if action == "delete":
            entry.pop(field, None)
        elif action == "repeat-item" and isinstance(entry.get(field), list) and entry[field]:
            entry[field].append(copy.deepcopy(entry[field][0]))
        elif action == "borrow" and donors:
            entry[field] = copy.deepcopy(draw(st.sampled_from(donors)))
        else:
            entry[field] = draw(_values)
    return document


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(sorted(SCHEMA_FILES)))
def test_fast_check_agrees_with_jsonschema_on_mutated_data(data, name):
    document = _mutated(data.draw, name)
    plain = plain_validator(SCHEMA_FILES[name])
    assert fast_check(SCHEMA_FILES[name])(document) == plain.is_valid(document)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(sorted(SCHEMA_FILES)))
def test_fast_check_agrees_with_jsonschema_on_each_definition(data, name):
    plain = plain_validator(SCHEMA_FILES[name])
    definition = data.draw(st.sampled_from(sorted(plain.schema["$defs"])))
    value = data.draw(_values)
    fast = fast_check(SCHEMA_FILES[name], f"#/$defs/{definition}")
    expected = plain.evolve(schema={"$ref": f"#/$defs/{definition}"}).is_valid(value)
    # Only soundness matters: jsonschema re-checks what the fast check rejects.
    if fast(value):
        assert expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(sorted(SCHEMA_FILES)))
def test_skipping_valid_subtrees_reports_the_same_errors_as_plain_jsonschema(data, name):
    document = _mutated(data.draw, name)
    schema_file = SCHEMA_FILES[name]

    def errors(validator):
        return sorted((list(e.absolute_path), e.message) for e in validator.iter_errors(document))

    assert errors(_validator(schema_file)) == errors(plain_validator(schema_file))


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_fast_check_accepts_the_real_data(name):
    assert fast_check(SCHEMA_FILES[name])(_REAL[name])


def test_fast_check_leaves_the_shared_schema_untouched():
    before = copy.deepcopy(load_schema("papers.schema.json"))
    fast_check.cache_clear()
    fast_check("papers.schema.json")({})
    fast_check("papers.schema.json", "#/$defs/paper")({})
    assert load_schema("papers.schema.json") == before


@pytest.mark.parametrize("field", ["id", "url"])
def test_a_final_line_break_does_not_slip_past_an_anchored_pattern(field):
    # `|` keeps the line break: "rome\n". A JSON Schema `$` ends the text (ECMA-262), while
    # Python's `$` would also match before that break.
    value = {"id": "rome", "url": "https://arxiv.org/abs/2202.05262"}[field]
    entry = {"id": "rome", "url": "https://arxiv.org/abs/2202.05262"}
    lines = [f"    {key}: {val}" for key, val in entry.items() if key != field]
    text = "sections: [{id: a, title: A}]\npapers:\n  - title: T\n" + "\n".join(lines)
    text += f"\n    {field}: |\n      {value}\n    venue: ACL\n    year: 2022\n    section: a\n"
    loaded = _load("papers.yaml", text)
    problems = schema_diagnostics(loaded, "papers.schema.json")
    assert [d.message for d in problems if field in d.message], problems
    assert not fast_check("papers.schema.json")(loaded.data)
