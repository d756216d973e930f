"""The new entry's id, its YAML text, and where it is inserted into papers.yaml."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.catalog.load import parse_yaml
from generator.catalog.scaffold import (
    base_id,
    entry_fields,
    format_entry,
    insert_entry,
    new_id,
)
from generator.sources.metadata import PaperMetadata
from generator.yamltext import YamlEditError, flow_list, scalar

# Text without surrogates (they cannot be encoded as UTF-8 at all).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


def read_back(source: str):
    loaded, problems = parse_yaml(source, Path("x.yaml"), "x.yaml")
    assert loaded is not None, problems
    return loaded.data["k"]


def paper(title: str, authors: tuple[str, ...] = ("Kevin Meng",), year: int = 2022):
    return PaperMetadata(title, authors, year, "arXiv", "https://arxiv.org/abs/2202.05262")


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_string_reads_back_exactly_with_the_projects_loader(value: str) -> None:
    assert read_back(f"k: {scalar(value)}\n") == value


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT.filter(bool), min_size=1, max_size=5))
def test_any_list_of_strings_reads_back_exactly(items: list[str]) -> None:
    assert read_back(f"k: {flow_list(items)}\n") == items


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Fast Model Editing at Scale", "Fast Model Editing at Scale"),
        ("LIMA: Less Is More for Alignment", '"LIMA: Less Is More for Alignment"'),
        ("yes", '"yes"'),
        ("2024-05-01", '"2024-05-01"'),
        ("C# #1", '"C# #1"'),
        ("Line\u2028break", '"Line\\u2028break"'),
    ],
)
def test_strings_are_plain_only_when_that_is_safe(value: str, written: str) -> None:
    assert scalar(value) == written


@pytest.mark.parametrize(
    ("title", "authors", "expected"),
    [
        ("EasyEdit: An Easy-to-use Knowledge Editing Framework", (), "easyedit"),
        ("Locating and Editing Factual Associations in GPT", ("Kevin Meng",), "meng-2022-locating"),
        ("The Effect of Data", ("Ève Ångström",), "angstrom-2022-effect"),
        ("Knowledge Editing via Two Words: A Survey", ("A B",), "b-2022-knowledge"),
        ("A Survey", (), "2022-survey"),
    ],
)
def test_ids_come_from_the_name_or_author_year_and_word(title, authors, expected) -> None:
    assert base_id(paper(title, authors)) == expected


def test_taken_ids_get_the_next_free_number() -> None:
    assert new_id(paper("ROME: x"), {"rome", "rome-2"}) == "rome-3"


def test_entry_keeps_the_lists_field_order_and_drops_empty_fields() -> None:
    fields = entry_fields(paper("T", ()), "t", "paper-list", added=dt.date(2026, 1, 2))
    assert list(fields) == ["id", "title", "url", "venue", "year", "section", "added"]
    assert format_entry(fields, 0, 2).splitlines()[:2] == ["- id: t", "  title: T"]


def test_a_flow_list_of_papers_is_refused() -> None:
    text = "sections: []\npapers: [{id: a}]\n"
    with pytest.raises(YamlEditError, match="block list"):
        insert_entry(text, {"id": "b"})


def test_a_file_without_final_newline_gets_one_before_the_entry() -> None:
    text = "papers:\n  - id: a\n    title: A"
    updated, line = insert_entry(text, {"id": "b"})
    assert updated == text + "\n\n  - id: b\n"
    assert line == 5


def test_a_byte_order_mark_stays_first() -> None:
    text = "\ufeffpapers:\n  - id: a\n"
    updated, _ = insert_entry(text, {"id": "b"})
    assert updated == text + "\n  - id: b\n"
