"""The one YAML writer: an item is added to any top-level list, every other byte kept."""

from __future__ import annotations

import pytest
import yaml

from generator.yamltext import Style, YamlEditError, append_item, block_lines, value_text

DOCUMENT = """\
# a comment the maintainer wrote
ignored:
  - arxiv: '2202.05262'   # quoted their way
    reason: off topic

# the next key keeps its comment
other: 1
"""


def test_an_item_goes_after_the_last_one_and_every_byte_stays() -> None:
    updated, line = append_item(DOCUMENT, "ignored", {"title": "T", "reason": "r"}, file="x.yaml")
    before, added, after = DOCUMENT.partition("\n# the next key")
    assert updated.startswith(before + "\n")
    assert updated.endswith(added + after)
    assert "  - title: T\n    reason: r\n" in updated
    assert updated.splitlines()[line - 1] == "  - title: T"
    assert yaml.safe_load(updated)["ignored"][1] == {"title": "T", "reason": "r"}


def test_a_missing_list_is_an_error_naming_the_file_and_key() -> None:
    with pytest.raises(YamlEditError, match=r"x\.yaml has no 'papers' list"):
        append_item(DOCUMENT, "papers", {"id": "a"}, file="x.yaml")


def test_values_read_back_as_written() -> None:
    style = Style(quoted=frozenset({"arxiv"}))
    for key, value in [("title", "a: b"), ("title", "yes"), ("arxiv", "2202.05262"), ("n", 3)]:
        assert yaml.safe_load(f"k: {value_text(key, value, style)}") == {"k": value}


def test_nested_values_are_written_in_block_style() -> None:
    lines = block_lines({"license": {"name": "CC0"}, "badges": [{"label": "a", "url": "u"}]}, 0)
    assert lines == ["license:", "  name: CC0", "badges:", "  - label: a", "    url: u"]
