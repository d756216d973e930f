"""The new entry's id, its YAML text, and where it is inserted into papers.yaml."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
import yaml
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


SECTIONED = """\
sections: [{id: a, title: A}, {id: b, title: B}]
papers:
  - id: alpha
    section: a

  - id: delta
    section: b

  # kept with its entry
  - id: gamma
    section: a

  - id: omega
    section: a
"""


def _ids(text: str) -> list[str]:
    return [p["id"] for p in yaml.safe_load(text)["papers"]]


@pytest.mark.parametrize(
    ("new", "section", "ids"),
    [
        ("beta", "a", ["alpha", "beta", "delta", "gamma", "omega"]),  # after its predecessor
        ("aardvark", "a", ["aardvark", "alpha", "delta", "gamma", "omega"]),  # before the first
        ("kappa", "a", ["alpha", "delta", "gamma", "kappa", "omega"]),
        ("zulu", "a", ["alpha", "delta", "gamma", "omega", "zulu"]),
        ("epsilon", "b", ["alpha", "delta", "epsilon", "gamma", "omega"]),
        ("new", "c", ["alpha", "delta", "gamma", "omega", "new"]),  # a section without papers
    ],
)
def test_new_entries_go_in_id_order_within_their_section(new: str, section: str, ids) -> None:
    updated, line = insert_entry(SECTIONED, {"id": new, "section": section})
    assert _ids(updated) == ids
    assert updated.splitlines()[line - 1] == f"  - id: {new}"
    assert "  # kept with its entry\n  - id: gamma\n" in updated
    assert "\n\n\n" not in updated and updated.count("\n\n") == SECTIONED.count("\n\n") + 1


def test_entries_without_blank_lines_between_them_get_none() -> None:
    text = "papers:\n  - id: a\n    section: s\n  - id: c\n    section: s\n"
    updated, line = insert_entry(text, {"id": "b", "section": "s"})
    assert updated == "papers:\n  - id: a\n    section: s\n  - id: b\n    section: s\n" + (
        "  - id: c\n    section: s\n"
    )
    assert line == 4


@pytest.mark.parametrize(
    ("one", "other", "ids"),
    [
        (("beta", "a"), ("kappa", "a"), ["alpha", "beta", "delta", "gamma", "kappa", "omega"]),
        (("beta", "a"), ("epsilon", "b"), ["alpha", "beta", "delta", "epsilon", "gamma", "omega"]),
    ],
)
def test_two_additions_merge_without_a_conflict(tmp_path: Path, one, other, ids) -> None:
    ours, _ = insert_entry(SECTIONED, {"id": one[0], "section": one[1]})
    theirs, _ = insert_entry(SECTIONED, {"id": other[0], "section": other[1]})
    for name, text in (("base", SECTIONED), ("ours", ours), ("theirs", theirs)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    merge = ["git", "merge-file", "-p", "ours", "base", "theirs"]
    merged = subprocess.run(merge, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert merged.returncode == 0, merged.stdout
    assert _ids(merged.stdout) == ids
