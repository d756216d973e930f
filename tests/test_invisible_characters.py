"""Invisible characters (zero-width space, joiners, word joiner, BOM, soft hyphen): a warning
in titles, URL paths and notes, an error in a URL's host."""

from __future__ import annotations

import pytest
from support.data import PAPERS, check, where

from generator.text.urls import url_problems

TITLE = "Locating and Editing Factual Associations in GPT"
URL = "https://arxiv.org/abs/2202.05262"


@pytest.mark.parametrize(
    ("character", "name"),
    [
        ("\u200b", "U+200B (ZERO WIDTH SPACE)"),
        ("\u200c", "U+200C (ZERO WIDTH NON-JOINER)"),
        ("\u200d", "U+200D (ZERO WIDTH JOINER)"),
        ("\u2060", "U+2060 (WORD JOINER)"),
        ("\ufeff", "U+FEFF (ZERO WIDTH NO-BREAK SPACE)"),
        ("\u00ad", "U+00AD (SOFT HYPHEN)"),
    ],
)
def test_an_invisible_character_in_a_title_is_a_located_warning(character: str, name: str) -> None:
    problems = check(PAPERS.replace(TITLE, f"Locating{character} and Editing"))
    assert where(problems) == [("papers.yaml", 6, 20)]
    assert problems[0].severity == "warning"
    assert problems[0].message == f"the text contains the invisible character {name}"


def test_an_invisible_character_in_a_url_path_is_a_warning() -> None:
    problems = check(PAPERS.replace(URL, "https://arxiv.org/abs/2202.0\u200b5262"))
    assert [(d.line, d.severity) for d in problems] == [(7, "warning")]
    assert "U+200B" in problems[0].message


@pytest.mark.parametrize("host", ["arx\u200biv.org", "arxiv.org\u2060", "\ufeffarxiv.org"])
def test_an_invisible_character_in_a_url_host_is_an_error(host: str) -> None:
    problems = check(PAPERS.replace(URL, f"https://{host}/abs/2202.05262"))
    errors = [d for d in problems if d.severity == "error"]
    assert len(errors) == 1 and "host contains the invisible character" in errors[0].message
    assert errors[0].line == 7


def test_url_problems_name_the_invisible_character_of_a_host() -> None:
    [(message, hint)] = url_problems("https://arx\u200biv.org/abs/2101.00001")
    assert "U+200B (ZERO WIDTH SPACE)" in message and "a browser drops" in message
    assert hint.startswith("delete the invisible character")
    assert url_problems("https://arxiv.org/abs/2101.0\u200b0001") == []  # the path: validate warns


def test_an_invisible_character_in_a_note_is_a_warning() -> None:
    problems = check(notes={"notes/n.md": "# A note\n\nSome\u200b text.\n"})
    assert [(d.file, d.line, d.column, d.severity) for d in problems] == [
        ("notes/n.md", 3, 5, "warning")
    ]


def test_a_byte_order_mark_that_opens_a_file_is_no_problem() -> None:
    assert check("\ufeff" + PAPERS) == []
