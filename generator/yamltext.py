"""The one YAML writer: values as YAML text, and items added to a document byte for byte.

Like pre-commit's `yaml_rewrite`, it edits text at the positions of composed nodes instead of
dumping a loaded document again: every comment, quote, blank line and key order a maintainer
wrote stays exactly as it was, and the diff is the new lines only. (A round trip through
ruamel.yaml would keep comments but re-indent and re-wrap what it did not understand.)
Values are written plain when they read back unchanged, else double-quoted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

_LINE = re.compile(r"[^\n]*\n|[^\n]+$")


class YamlEditError(Exception):
    """The document has a shape the item cannot be added to as text."""


@dataclass(frozen=True)
class Style:
    """Keys whose values are always double-quoted, and keys whose text is written as it is."""

    quoted: frozenset[str] = field(default_factory=frozenset)
    verbatim: frozenset[str] = field(default_factory=frozenset)


PLAIN = Style()


def _loads_back(source: str, expected: Any) -> bool:
    try:
        return yaml.load(source, Loader=yaml.CSafeLoader) == expected
    except yaml.YAMLError:
        return False


def _escape(ch: str) -> str:
    if ch.isprintable():
        return ch
    return f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"


def double_quoted(value: str) -> str:
    """A YAML double-quoted scalar: a JSON string, with every unprintable character escaped."""
    return "".join(_escape(ch) for ch in json.dumps(value, ensure_ascii=False))


def scalar(value: str) -> str:
    """The string as a plain YAML scalar when it reads back unchanged, else double-quoted."""
    plain_looking = value.isprintable() and value == value.strip()
    if plain_looking and _loads_back(f"k: {value}", {"k": value}):
        return value
    return double_quoted(value)


def flow_list(items: list[str]) -> str:
    parts = []
    for item in items:
        flow_safe = scalar(item) == item and _loads_back(f"[{item}]", [item])
        parts.append(item if flow_safe else double_quoted(item))
    return f"[{', '.join(parts)}]"


def value_text(key: str, value: Any, style: Style = PLAIN) -> str:
    """The text after `key: ` for a scalar or a list of scalars."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return flow_list([str(item) for item in value])
    if key in style.quoted and isinstance(value, str):
        return double_quoted(value)
    if key in style.verbatim:
        return str(value)
    return scalar(str(value))


def block_lines(value: Any, indent: int, style: Style = PLAIN, key: str = "") -> list[str]:
    """A mapping or list in block style, nested mappings indented by two spaces."""
    pad = " " * indent
    if isinstance(value, Mapping):
        lines = []
        for name, item in value.items():
            if isinstance(item, Mapping) or (
                isinstance(item, list) and item and isinstance(item[0], Mapping)
            ):
                lines.append(f"{pad}{name}:")
                lines += block_lines(item, indent + 2, style, name)
            else:
                lines.append(f"{pad}{name}: {value_text(name, item, style)}")
        return lines
    if isinstance(value, list):
        lines = []
        for item in value:
            inner = block_lines(item, indent + 2, style, key)
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines += inner[1:]
        return lines
    return [f"{pad}{value_text(key, value, style)}"]


def sequence_item(
    fields: Mapping[str, Any], dash_column: int = 2, key_column: int = 4, style: Style = PLAIN
) -> str:
    """`  - first: ...` then one `    key: value` line per field, at the given columns."""
    lines = []
    for number, (key, value) in enumerate(fields.items()):
        line = f"{key}: {value_text(key, value, style)}"
        if number == 0:
            gap = " " * max(key_column - dash_column - 1, 1)
            lines.append(f"{' ' * dash_column}-{gap}{line}")
        else:
            lines.append(f"{' ' * key_column}{line}")
    return "\n".join(lines) + "\n"


# Given the items of a list, the one a new item goes right before (None: after the last).
Follower = Callable[[list[yaml.Node]], yaml.Node | None]


def append_item(
    text: str,
    key: str,
    fields: Mapping[str, Any],
    *,
    file: str,
    style: Style = PLAIN,
    follower: Follower | None = None,
) -> tuple[str, int]:
    """The document with `fields` as an item of its top-level list `key` (the last, or right
    before the item `follower` picks, with the comments above it), and the item's first line
    (1-based). Only bytes are added: all of `text` is still there, in place, but for `key: []`,
    which becomes `key:` followed by the item."""
    newline = "\r\n" if "\r\n" in text else "\n"
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text.removeprefix(bom)
    key_node, items, next_key = _top_level(_compose(body, file), key, file)
    lines = _LINE.findall(body)
    if isinstance(items, yaml.SequenceNode) and items.value and not items.flow_style:
        dash, column = items.start_mark.column, items.value[0].start_mark.column
        item = sequence_item(fields, dash, column, style).replace("\n", newline)
        chosen = follower(items.value) if follower else None
        if chosen is not None:
            gap = newline if _blank_between_items(lines, items.value) else ""
            cut = _start_with_comments(lines, chosen.start_mark.line)
            return bom + "".join(lines[:cut]) + item + gap + "".join(lines[cut:]), cut + 1
        cut = _end_of_items(lines, next_key)
        before = "".join(lines[:cut])
        separator = _separator(before, newline)
        first_line = before.count("\n") + separator.count("\n") + 1
        return bom + before + separator + item + "".join(lines[cut:]), first_line
    if isinstance(items, yaml.SequenceNode) and not items.value:
        return _replace_empty_list(bom, lines, key_node, items, fields, newline, style, file)
    raise YamlEditError(
        f"{file} does not write its '{key}' as a block list ('- ...' items); add the entry by hand"
    )


def _blank_between_items(lines: list[str], items: list[yaml.Node]) -> bool:
    """Whether the list separates its items by blank lines (as its second item shows)."""
    if len(items) < 2:
        return True
    row = _start_with_comments(lines, items[1].start_mark.line)
    return row > 0 and not lines[row - 1].strip()


def _start_with_comments(lines: list[str], row: int) -> int:
    """The first line of the item at `row`, counting the comment lines right above it."""
    while row > 0 and lines[row - 1].lstrip().startswith("#"):
        row -= 1
    return row


def _compose(text: str, file: str) -> yaml.MappingNode:
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as error:
        raise YamlEditError(f"{file} is not valid YAML: {error}") from None
    if not isinstance(root, yaml.MappingNode):
        raise YamlEditError(f"{file} is not a mapping of top-level keys")
    return root


def _top_level(
    root: yaml.MappingNode, key: str, file: str
) -> tuple[yaml.Node, yaml.Node, yaml.Node | None]:
    """The key and value of `key`, and the top-level key after them (None if it is last)."""
    pairs = root.value
    for index, (name, value) in enumerate(pairs):
        if isinstance(name, yaml.ScalarNode) and name.value == key:
            following = pairs[index + 1][0] if index + 1 < len(pairs) else None
            return name, value, following
    raise YamlEditError(f"{file} has no '{key}' list")


def _end_of_items(lines: list[str], next_key: yaml.Node | None) -> int:
    """Index of the first line after the last item: before the next key and its comments."""
    if next_key is None:
        return len(lines)
    cut = next_key.start_mark.line
    while cut > 0 and (not lines[cut - 1].strip() or lines[cut - 1].startswith("#")):
        cut -= 1
    return cut


def _separator(before: str, newline: str) -> str:
    """What goes between the last item and the new one: end its line, then one blank line."""
    if not before.endswith(("\n", "\r")):
        return newline + newline
    stripped = before.rstrip("\r\n")
    ends_blank = before[len(stripped) :].count("\n") >= 2
    return "" if ends_blank else newline


def _replace_empty_list(
    bom: str,
    lines: list[str],
    key_node: yaml.Node,
    items: yaml.Node,
    fields: Mapping[str, Any],
    newline: str,
    style: Style,
    file: str,
) -> tuple[str, int]:
    """`key: []` becomes `key:` followed by the item, the one edit of an existing line."""
    row = items.start_mark.line
    if items.end_mark.line != row or key_node.start_mark.line != row:
        raise YamlEditError(f"{file} writes its empty '{key_node.value}' list over several lines")
    line = lines[row]
    rest = line[items.end_mark.column :].rstrip("\r\n")
    head = line[: items.start_mark.column].rstrip()
    column = key_node.start_mark.column
    item = sequence_item(fields, column + 2, column + 4, style).replace("\n", newline)
    replaced = f"{head}{rest}{newline}{item}"
    text = "".join(lines[:row]) + replaced + "".join(lines[row + 1 :])
    return bom + text, row + 2
