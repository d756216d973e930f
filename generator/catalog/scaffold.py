"""From fetched metadata to a new papers.yaml entry: its id, its YAML text, where it goes.

The entry is inserted as text so that every existing byte of papers.yaml (comments, order,
quoting, blank lines) stays as the maintainer wrote it; the diff is the new entry only.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import yaml

from generator.catalog import same
from generator.catalog.model import Catalog, Paper

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_ACRONYM = re.compile(r"^[^\s:]{2,24}$")
_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
_STOPWORD_TEXT = """a an and are as at be by can do does for from how in into is it of on or the
to toward towards via what when where which why with"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


class PaperMetadata(Protocol):
    """What a service says about a paper (sources.metadata.PaperMetadata has this shape)."""

    @property
    def title(self) -> str: ...
    @property
    def authors(self) -> tuple[str, ...]: ...
    @property
    def year(self) -> int: ...
    @property
    def venue(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def month(self) -> int | None: ...
    @property
    def arxiv(self) -> str | None: ...
    @property
    def doi(self) -> str | None: ...


class Reference(Protocol):
    """What the contributor named: an arXiv id, a DOI or a URL (sources.metadata.Reference)."""

    @property
    def kind(self) -> str: ...
    @property
    def value(self) -> str: ...


class ScaffoldError(Exception):
    """papers.yaml has a shape the entry cannot be inserted into as text."""


@dataclass(frozen=True)
class Listed:
    """An existing paper that is the same as the one being added, and why."""

    paper: Paper
    reason: str


# Is it already listed? ---------------------------------------------------------------------


def _find(catalog: Catalog, wanted: list[same.Key]) -> Listed | None:
    listed = same.Index()
    for paper in catalog.papers:
        listed.add(paper, same.keys_of(paper))
    found = listed.find(wanted)
    return Listed(found[0], f"same {found[1].kind}") if found else None


def find_listed_reference(catalog: Catalog, reference: Reference) -> Listed | None:
    """The listed paper an arXiv id, DOI or URL already names (checked before any download)."""
    if reference.kind == "arxiv":
        return _find(catalog, same.keys(arxiv=reference.value))
    if reference.kind == "doi":
        return _find(catalog, same.keys(doi=reference.value))
    return _find(catalog, same.keys(url=reference.value))


def find_listed(catalog: Catalog, metadata: PaperMetadata) -> Listed | None:
    return _find(catalog, same.keys_of(metadata))


# The new entry -----------------------------------------------------------------------------


def ascii_slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_SLUG.sub("-", ascii_text.lower()).strip("-")


def base_id(metadata: PaperMetadata) -> str:
    """'easyedit' for 'EasyEdit: ...', else author, year and first word: 'meng-2022-locating'."""
    prefix, colon, _ = metadata.title.partition(":")
    if colon and _ACRONYM.match(prefix.strip()) and ascii_slug(prefix):
        return ascii_slug(prefix)
    words = [w for w in ascii_slug(metadata.title).split("-") if w not in _STOPWORDS]
    family = ascii_slug(metadata.authors[0].split()[-1]) if metadata.authors else ""
    year = str(metadata.year) if metadata.year else ""
    parts = [part for part in (family, year, words[0] if words else "") if part]
    return "-".join(parts)


def new_id(metadata: PaperMetadata, taken: Iterable[str]) -> str:
    """A slug no listed paper uses: the base id, or the base id with -2, -3, ..."""
    taken = set(taken)
    base = base_id(metadata)
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def entry_fields(
    metadata: PaperMetadata,
    paper_id: str,
    section: str,
    *,
    method: str | None = None,
    added: dt.date,
) -> dict[str, Any]:
    """The entry's fields in the order the list writes them; empty ones left out."""
    fields: dict[str, Any] = {
        "id": paper_id,
        "title": metadata.title,
        "url": metadata.url,
        "venue": metadata.venue,
        "year": metadata.year,
        "month": metadata.month,
        "section": section,
        "method": method,
        "authors": list(metadata.authors),
        "arxiv": metadata.arxiv,
        "doi": metadata.doi,
        "added": added.isoformat(),
    }
    return {key: value for key, value in fields.items() if value not in (None, [], "")}


# Writing it as YAML text -------------------------------------------------------------------


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


def yaml_scalar(value: str) -> str:
    """The string as a plain YAML scalar when it reads back unchanged, else double-quoted."""
    plain_looking = value.isprintable() and value == value.strip()
    if plain_looking and _loads_back(f"k: {value}", {"k": value}):
        return value
    return double_quoted(value)


def yaml_flow_list(items: list[str]) -> str:
    parts = []
    for item in items:
        flow_safe = yaml_scalar(item) == item and _loads_back(f"[{item}]", [item])
        parts.append(item if flow_safe else double_quoted(item))
    return f"[{', '.join(parts)}]"


def _value(key: str, value: Any) -> str:
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return yaml_flow_list(value)
    if key == "arxiv":
        return double_quoted(value)  # quoted like the rest of the list: 2202.05262 stays text
    if key == "added":
        return value  # the loader reads ISO dates as text
    return yaml_scalar(value)


def format_entry(fields: dict[str, Any], dash_column: int = 2, key_column: int = 4) -> str:
    """`  - id: ...` then one `    key: value` line per field."""
    lines = []
    for number, (key, value) in enumerate(fields.items()):
        line = f"{key}: {_value(key, value)}"
        if number == 0:
            gap = " " * max(key_column - dash_column - 1, 1)
            lines.append(f"{' ' * dash_column}-{gap}{line}")
        else:
            lines.append(f"{' ' * key_column}{line}")
    return "\n".join(lines) + "\n"


# Where it goes -----------------------------------------------------------------------------


def insert_entry(text: str, fields: dict[str, Any]) -> tuple[str, int]:
    """papers.yaml with the entry after the last paper, and the entry's first line (1-based).

    Only bytes are added: everything that was in `text` is still there, in place.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text.removeprefix(bom)
    root = _compose(body)
    papers_key, papers, next_key = _papers_node(root)
    lines = _LINE.findall(body)
    if isinstance(papers, yaml.SequenceNode) and papers.value and not papers.flow_style:
        dash, key = papers.start_mark.column, papers.value[0].start_mark.column
        entry = format_entry(fields, dash, key).replace("\n", newline)
        cut = _end_of_papers(lines, next_key)
        before = "".join(lines[:cut])
        separator = _separator(before, newline)
        first_line = before.count("\n") + separator.count("\n") + 1
        return bom + before + separator + entry + "".join(lines[cut:]), first_line
    if isinstance(papers, yaml.SequenceNode) and not papers.value:
        return _replace_empty_list(bom, lines, papers_key, papers, fields, newline)
    raise ScaffoldError(
        "papers.yaml does not list its papers as a block list ('- id: ...' items); "
        "add the entry by hand"
    )


def _compose(text: str) -> yaml.Node:
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as error:
        raise ScaffoldError(f"papers.yaml is not valid YAML: {error}") from None
    if not isinstance(root, yaml.MappingNode):
        raise ScaffoldError("papers.yaml is not a mapping with 'sections' and 'papers'")
    return root


def _papers_node(root: yaml.MappingNode) -> tuple[yaml.Node, yaml.Node, yaml.Node | None]:
    """The `papers` key and value, and the top-level key after them (None if papers is last)."""
    pairs = root.value
    for index, (key, value) in enumerate(pairs):
        if isinstance(key, yaml.ScalarNode) and key.value == "papers":
            following = pairs[index + 1][0] if index + 1 < len(pairs) else None
            return key, value, following
    raise ScaffoldError("papers.yaml has no 'papers' list")


def _end_of_papers(lines: list[str], next_key: yaml.Node | None) -> int:
    """Index of the first line after the last paper: before the next key and its comments."""
    if next_key is None:
        return len(lines)
    cut = next_key.start_mark.line
    while cut > 0 and (not lines[cut - 1].strip() or lines[cut - 1].startswith("#")):
        cut -= 1
    return cut


def _separator(before: str, newline: str) -> str:
    """What goes between the last paper and the new one: end its line, then one blank line."""
    if not before.endswith(("\n", "\r")):
        return newline + newline
    stripped = before.rstrip("\r\n")
    ends_blank = before[len(stripped) :].count("\n") >= 2
    return "" if ends_blank else newline


def _replace_empty_list(
    bom: str,
    lines: list[str],
    papers_key: yaml.Node,
    papers: yaml.Node,
    fields: dict[str, Any],
    newline: str,
) -> tuple[str, int]:
    """`papers: []` becomes `papers:` followed by the entry, the one edit of an existing line."""
    row = papers.start_mark.line
    if papers.end_mark.line != row or papers_key.start_mark.line != row:
        raise ScaffoldError("papers.yaml writes its empty 'papers' list over several lines")
    line = lines[row]
    rest = line[papers.end_mark.column :].rstrip("\r\n")
    head = line[: papers.start_mark.column].rstrip()
    key_column = papers_key.start_mark.column
    entry = format_entry(fields, key_column + 2, key_column + 4).replace("\n", newline)
    replaced = f"{head}{rest}{newline}{entry}"
    text = "".join(lines[:row]) + replaced + "".join(lines[row + 1 :])
    return bom + text, row + 2
