"""What to do about the YAML mistakes people make when they copy an entry.

libyaml's messages say what the parser saw ("mapping values are not allowed in this
context"), and where it gave up, which can be the end of the file. These functions read the
raw text around a syntax error, a duplicate key or a trailing comment, and say where the
mistake is and how to write the value instead. They work on text alone: the load stage calls
them, and they import nothing from it.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from importlib import resources

import yaml

from generator.diagnostics import Diagnostic

# A key or list item whose value opens with a quote: `  title: "...` or `  - '...`.
_QUOTED_VALUE = re.compile(r"^(\s*(?:-\s+)?(?:[\w-]+:\s+)?)([\"'])(.*)$")
_CLOSES = {'"': re.compile(r'(?:[^"\\]|\\.)*"'), "'": re.compile(r"(?:[^']|'')*'")}
_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)([\w-]+):[ \t]+(.*?)\s*$")
# Fields holding prose, where a `#` is more likely part of the text than a comment.
TEXT_FIELDS = frozenset(
    {
        "title",
        "name",
        "venue",
        "method",
        "task",
        "insight",
        "note",
        "description",
        "time",
        "source",
        "label",
    }
)
# A plain (unquoted) value of a text field followed by ` #...` on its line.
_TRAILING_COMMENT = re.compile(
    rf"^\s*(?:-\s+)?({'|'.join(sorted(TEXT_FIELDS))}):[ \t]+(?![\"'|>\[{{#])\S.*?[ \t]#",
    re.MULTILINE,
)


def explain_yaml_error(error: yaml.MarkedYAMLError, text: str, name: str) -> Diagnostic | None:
    """A located diagnostic that says what to do, for the syntax errors that copying causes."""
    lines = text.split("\n")
    problem_line = error.problem_mark.line if error.problem_mark else len(lines)
    unclosed = _unclosed_quote(lines, problem_line)
    if unclosed is not None:
        return unclosed_quote(name, *unclosed)
    if error.context is None and "mapping values are not allowed" in str(error.problem):
        mark = error.problem_mark
        if mark is not None and mark.line < len(lines):
            return _indented_too_deep(name, lines, mark.line) or _colon_in_value(
                name, mark.line, lines[mark.line]
            )
    return None


def unclosed_quote(name: str, line: int, column: int, quote: str) -> Diagnostic:
    return Diagnostic(
        name,
        line + 1,
        column + 1,
        f"the quote {quote} that opens here is not closed on this line",
        f"end the value with a matching {quote}, or remove this one",
    )


def _unclosed_quote(lines: list[str], before: int) -> tuple[int, int, str] | None:
    """(line, column, quote) of the first quoted value left open before line `before`."""
    for number, line in enumerate(lines[: before + 1]):
        match = _QUOTED_VALUE.match(line)
        if match is None:
            continue
        quote, rest = match.group(2), match.group(3)
        if not _CLOSES[quote].match(rest):
            return number, len(match.group(1)), quote
    return None


def _indented_too_deep(name: str, lines: list[str], line: int) -> Diagnostic | None:
    """A known key indented deeper than the key above it: YAML read it as that key's value
    going on (`title: X` then `  venue: Y` is the title "X venue: Y"), not as a value with ': '.
    Quoting that value would give the same error back; the indentation is what to fix."""
    match = _KEY_VALUE.match(lines[line])
    above = _line_above(lines, line)
    if match is None or above is None or match.group(2) not in _known_keys():
        return None
    above_match = _KEY_VALUE.match(lines[above])
    column, key = len(match.group(1)), match.group(2)
    if above_match is None or column <= _key_column(above_match) or match.group(1).strip():
        return None
    above_key = above_match.group(2)
    return Diagnostic(
        name,
        line + 1,
        column + 1,
        f"'{key}' is indented deeper than '{above_key}' on the line above, so YAML reads it as "
        f"the rest of the value of '{above_key}'",
        f"indent '{key}' by {_key_column(above_match)} spaces, like '{above_key}'",
    )


def _line_above(lines: list[str], line: int) -> int | None:
    """The nearest line above `line` that is neither blank nor a comment."""
    for number in range(line - 1, -1, -1):
        if lines[number].strip() and not lines[number].lstrip().startswith("#"):
            return number
    return None


def _key_column(match: re.Match[str]) -> int:
    return len(match.group(1))


@functools.cache
def _known_keys() -> frozenset[str]:
    """Every field name any schema declares (read here: the schema module imports this one)."""
    names: set[str] = set()
    for schema in resources.files("generator.schemas").iterdir():
        if schema.name.endswith(".schema.json"):
            _collect_properties(json.loads(schema.read_text(encoding="utf-8")), names)
    return frozenset(names)


def _collect_properties(node: object, names: set[str]) -> None:
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            names.update(properties)
        for value in node.values():
            _collect_properties(value, names)
    elif isinstance(node, list):
        for value in node:
            _collect_properties(value, names)


def _colon_in_value(name: str, line: int, text: str) -> Diagnostic | None:
    match = _KEY_VALUE.match(text)
    if match is None:
        return None
    key, value = match.group(2), match.group(3)
    return Diagnostic(
        name,
        line + 1,
        len(match.group(1)) + len(key) + 3,
        f"the value of '{key}' contains ': ', which YAML reads as the start of another key",
        f"put the whole value in quotes: {key}: {quoted(value)}",
    )


def quoted(value: str) -> str:
    """`value` as a YAML double-quoted scalar, or single-quoted if it holds a double quote."""
    if '"' in value:
        return "'" + value.replace("'", "''") + "'"
    return '"' + value.replace("\\", "\\\\") + '"'


def duplicate_key_hint(key: object) -> str:
    if key in ("code", "url"):
        return f"an entry has one '{key}': list further links under 'links', each with a label"
    return "remove one of them"


def trailing_comments(text: str, name: str) -> Iterator[Diagnostic]:
    """Warn where ` #` cuts a text field short: `title: Editing #1 Facts` reads "Editing"."""
    if "#" not in text:
        return
    for match in _TRAILING_COMMENT.finditer(text):
        start = match.start()
        end = text.find("\n", start)
        line_text = text[start : end if end >= 0 else len(text)]
        yield from _comment_warning(text, name, start, line_text)


def _comment_warning(text: str, name: str, start: int, line_text: str) -> Iterator[Diagnostic]:
    match = _KEY_VALUE.match(line_text)
    if match is None:
        return
    key, whole = match.group(2), match.group(3)
    kept, _, comment = whole.partition(" #")
    kept = kept.rstrip()
    if not _reads_as(kept, key, line_text):
        return
    line = text.count("\n", 0, start) + 1
    column = line_text.index(" #", len(match.group(1)) + len(key)) + 2
    yield Diagnostic(
        name,
        line,
        column,
        f"YAML reads ' #{comment}' as a comment, so '{key}' is only {kept!r}",
        f"if the '#' is part of the text, put the whole value in quotes: {key}: {quoted(whole)}",
        "warning",
    )


def _reads_as(kept: str, key: str, line_text: str) -> bool:
    """True when YAML loads this line as `key` mapped to `kept`: a real trailing comment."""
    try:
        loaded = yaml.safe_load(line_text.lstrip().removeprefix("-").lstrip())
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and loaded.get(key) == kept
