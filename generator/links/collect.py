"""Collect stage: every URL of the project, with every `file:line` it appears at.

YAML values that are whole http(s) URLs count, and the `arxiv` and `doi` identifiers as the
URLs of their landing pages. In notes and templates, literal URLs in the text count; code
blocks, Jinja expressions and comments, XML namespaces, `paper:`/`dataset:` references and
anchors do not.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.catalog.load import YamlFile, read_text
from generator.catalog.project import Project, load_sources
from generator.diagnostics import Diagnostic

from .types import Source

_URL_CHARACTERS = r"[^\s<>\"'`{}|\\^\[\]]"
# A bracketed IPv6 host (RFC 3986) is the one place a URL holds `[` and `]`.
_TEXT_URL = re.compile(
    rf"https?://(?:{_URL_CHARACTERS}*@)?(?:\[[0-9A-Za-z:.%]+\]{_URL_CHARACTERS}*|{_URL_CHARACTERS}+)"
)
_YAML_URL = re.compile(r"https?://\S+")
_TRAILING = ".,;:!?*_~"
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.S)
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_XML_NAMESPACE = re.compile(
    r"\bxmlns(?::[\w.-]+)?\s*=\s*(?:\"[^\"]*\"|'[^']*')"
)  # names, not links
_IDENTIFIER_URLS = {"arxiv": "https://arxiv.org/abs/{}", "doi": "https://doi.org/{}"}
TEMPLATE_SUFFIXES = (".j2", ".jinja", ".html", ".md")


@dataclass(frozen=True)
class Occurrence:
    """A URL at one place; `scope` names the entry or file it belongs to (see `changes`)."""

    url: str
    source: Source
    scope: str


@dataclass(frozen=True)
class Link:
    url: str
    sources: tuple[Source, ...]


def collect(project: Project) -> tuple[list[Occurrence], list[Diagnostic]]:
    """Every URL occurrence in the project's data, notes and templates."""
    sources, problems = load_sources(project)
    found: list[Occurrence] = []
    for loaded in (sources.papers, sources.datasets):
        for part in loaded.parts() if loaded is not None else ():
            found += yaml_occurrences(part)
    for note in sources.notes:
        found += text_occurrences(note.text, note.name, markdown=True)
    template_occurrences, template_problems = _templates(project)
    return found + template_occurrences, problems + template_problems


def group(occurrences: Iterable[Occurrence]) -> list[Link]:
    """One Link per distinct URL, with all its sources, sorted by URL."""
    by_url: dict[str, set[Source]] = {}
    for occurrence in occurrences:
        by_url.setdefault(occurrence.url, set()).add(occurrence.source)
    return [Link(url, tuple(sorted(by_url[url]))) for url in sorted(by_url)]


def yaml_occurrences(loaded: YamlFile) -> list[Occurrence]:
    found = []
    lines = ValueLines(loaded)
    for path, url in _yaml_urls(loaded.data, []):
        scope = entry_scope(loaded.name, loaded.data, path)
        found.append(Occurrence(url, Source(loaded.name, lines.line(path, url)), scope))
    return found


class ValueLines:
    """The line of a URL value, found from the line its mapping starts at.

    `YamlFile.locate` composes the whole document first, which at 10,000 entries takes
    longer than loading it; the loader already knows where each mapping starts, and a
    `key: value` line that holds the URL is at or after it. What this cannot find (a URL
    in a list, a value written over several lines) `locate` still finds.
    """

    SEARCHED = 200  # lines after the mapping's start: far more than any entry has

    def __init__(self, loaded: YamlFile) -> None:
        self.loaded = loaded
        self.text_lines = loaded.text.splitlines()

    def line(self, path: list[str | int], url: str) -> int:
        mapping = _parent(self.loaded.data, path)
        key = path[-1] if path else None
        if isinstance(mapping, dict) and isinstance(key, str):
            start = self.loaded.line_of(mapping)
            for number in range(start, min(start + self.SEARCHED, len(self.text_lines)) + 1):
                text = self.text_lines[number - 1]
                at = text.find(f"{key}:")
                if at >= 0 and url in text[at:] and _starts_key(text, at):
                    return number
        return self.loaded.locate(path)[0]


def _parent(data: Any, path: list[str | int]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


def _starts_key(text: str, at: int) -> bool:
    """Whether `key:` at `at` is a key, not the end of a longer key or part of a value."""
    before = text[:at].rstrip()
    return not before or (before.endswith(("-", "{", ",")) and "#" not in before)


def entry_scope(name: str, data: Any, path: list[str | int]) -> str:
    """`papers.yaml#papers/rome` for a URL inside an entry with an id, else the top-level key."""
    if len(path) >= 2 and isinstance(path[1], int):
        entry = data[path[0]][path[1]]
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            return f"{name}#{path[0]}/{entry['id']}"
    return f"{name}#{path[0]}" if path else name


def _yaml_urls(node: Any, path: list[str | int]) -> Iterator[tuple[list[str | int], str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _IDENTIFIER_URLS and isinstance(value, str) and value.strip():
                yield [*path, key], _IDENTIFIER_URLS[key].format(value.strip())
            else:
                yield from _yaml_urls(value, [*path, key])
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _yaml_urls(value, [*path, index])
    elif isinstance(node, str) and _YAML_URL.fullmatch(node.strip()):
        yield path, node.strip()


def text_occurrences(text: str, name: str, *, markdown: bool) -> list[Occurrence]:
    """Literal URLs of a note (code left out) or a template (Jinja left out)."""
    text = _blank(text, (_FENCE, _CODE_SPAN) if markdown else (_JINJA_COMMENT, _XML_NAMESPACE))
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    found = []
    for match in _TEXT_URL.finditer(text):
        if text.startswith("{", match.end()):
            continue  # the URL continues with a Jinja expression: not a literal
        url = trim_url(match.group(0))
        line = bisect.bisect_right(line_starts, match.start())
        found.append(Occurrence(url, Source(name, line), name))
    return found


def _blank(text: str, patterns: tuple[re.Pattern[str], ...]) -> str:
    """Replace what the patterns match by spaces, keeping newlines so lines still count."""
    for pattern in patterns:
        text = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return text


def trim_url(url: str) -> str:
    """Drop the punctuation and unbalanced `)` that end the sentence or link around a URL."""
    while url:
        if url[-1] in _TRAILING or (url[-1] == ")" and url.count(")") > url.count("(")):
            url = url[:-1]
        else:
            break
    return url


def _templates(project: Project) -> tuple[list[Occurrence], list[Diagnostic]]:
    found: list[Occurrence] = []
    problems: list[Diagnostic] = []
    directory = project.templates_dir
    if not directory.is_dir():
        return found, problems
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        if path.suffix not in TEMPLATE_SUFFIXES:
            continue
        name = _relative(path, project.root)
        text, read_problems = read_text(path, name)
        problems += read_problems
        if text is not None:
            found += text_occurrences(text, name, markdown=False)
    return found, problems


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()
