"""Nested lists written the GitHub way keep their nesting in Python-Markdown."""

from __future__ import annotations

import markdown

from generator.render.list_indent import python_markdown_lists


def _html(text: str) -> str:
    return markdown.markdown(python_markdown_lists(text))


def test_two_space_nested_items_nest_on_the_site() -> None:
    html = _html("- Pre-training\n  - From raw text.\n- Fine-tuning\n")
    assert html == (
        "<ul>\n<li>Pre-training<ul>\n<li>From raw text.</li>\n</ul>\n</li>\n"
        "<li>Fine-tuning</li>\n</ul>"
    )


def test_items_under_a_numbered_item_nest_by_its_three_columns() -> None:
    text = "1. One\n   - under one\n\n   More about one.\n2. Two\n"
    assert python_markdown_lists(text) == (
        "1. One\n    - under one\n\n    More about one.\n2. Two\n"
    )


def test_deeper_levels_and_returning_to_the_top() -> None:
    text = "- a\n  - b\n    - c\n- d\n"
    assert python_markdown_lists(text) == "- a\n    - b\n        - c\n- d\n"


def test_four_space_lists_and_text_outside_lists_stay_as_they_are() -> None:
    text = "# Title\n\n- a\n    - b\n\nA paragraph.\n\n    indented code\n"
    assert python_markdown_lists(text) == text


def test_fenced_code_inside_a_list_moves_with_its_item_and_is_otherwise_untouched() -> None:
    text = "- a\n  - b\n\n    ```\n      - not a list\n    ```\n\n```\n  - not a list\n```\n"
    assert python_markdown_lists(text) == (
        "- a\n    - b\n\n        ```\n          - not a list\n        ```\n\n"
        "```\n  - not a list\n```\n"
    )
