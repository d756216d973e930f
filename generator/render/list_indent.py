"""Nested lists written for GitHub, re-indented for Python-Markdown (the site's Markdown).

CommonMark (GitHub, the README) nests a list item under the one whose text it lines up
with: two spaces under `- `, three under `1. `. Python-Markdown nests by four spaces a level
and flattens anything less, so a note written the GitHub way lost its nesting on the site.
`python_markdown_lists` re-indents list items and their continuation lines by their depth,
which leaves a note already indented by four spaces as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

INDENT = 4  # Python-Markdown's `tab_length`
_LIST_ITEM = re.compile(r"(?P<indent> *)(?P<marker>[-+*]|\d{1,9}[.)])(?P<gap> +|$)")
_FENCE = re.compile(r" *(?P<marks>`{3,}|~{3,})")


@dataclass(frozen=True)
class _Item:
    text_column: int  # where the item's text starts as written (CommonMark's nesting column)
    new_column: int  # where Python-Markdown wants its further lines and nested blocks


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def python_markdown_lists(markdown: str) -> str:
    open_items: list[_Item] = []
    fence = ""  # the marks of the fenced code block the lines are in, if any
    shift = 0  # how far the lines of that block move
    lines = []
    for line in markdown.split("\n"):
        if fence:
            lines.append(_moved(line, shift))
            match = _FENCE.match(line)
            if match and match.group("marks").startswith(fence) and not line.strip(" `~"):
                fence = ""
            continue
        if not line.strip():
            lines.append(line)
            continue
        indent = _indent_of(line)
        while open_items and indent < open_items[-1].text_column:
            open_items.pop()
        item = _LIST_ITEM.match(line)
        if item:
            depth = len(open_items)
            new_indent = INDENT * depth if depth else indent
            prefix = len(item.group("marker")) + len(item.group("gap") or " ")
            open_items.append(_Item(indent + prefix, new_indent + INDENT))
            shift = new_indent - indent
        elif open_items:
            shift = open_items[-1].new_column - open_items[-1].text_column
        else:
            shift = 0
        lines.append(_moved(line, shift))
        fence_match = _FENCE.match(line[len(item.group(0)) :] if item else line)
        if fence_match:
            fence = fence_match.group("marks")[0] * len(fence_match.group("marks"))
    return "\n".join(lines)


def _moved(line: str, shift: int) -> str:
    if shift >= 0:
        return " " * shift + line if line.strip() else line
    return line[min(-shift, _indent_of(line)) :]
