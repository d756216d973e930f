"""From fetched metadata to a new papers.yaml entry: its id, its YAML text, where it goes.

The entry is inserted as text so that every existing byte of papers.yaml (comments, order,
quoting, blank lines) stays as the maintainer wrote it; the diff is the new entry only.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import yaml

from generator.catalog import same
from generator.catalog.model import Catalog, Paper
from generator.yamltext import Style, append_item, sequence_item

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_ACRONYM = re.compile(r"^[^\s:]{2,24}$")
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
    if reference.kind == "repository":
        return _find(catalog, same.keys(url=f"https://github.com/{reference.value}"))
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
    return free_id(base_id(metadata), taken)


def free_id(base: str, taken: Iterable[str]) -> str:
    """`base`, or `base` with -2, -3, ... when an entry has it."""
    taken = set(taken)
    base = base or "entry"
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
        # `date`, not the older `month`, as `import` writes it: the month it first appeared.
        "date": f"{metadata.year}-{metadata.month:02d}" if metadata.month else None,
        "section": section,
        "method": method,
        "authors": list(metadata.authors),
        "arxiv": metadata.arxiv,
        "doi": metadata.doi,
        "added": added.isoformat(),
    }
    return {key: value for key, value in fields.items() if value not in (None, [], "")}


def tool_fields(
    name: str, url: str, description: str, tool_id: str, section: str, *, added: dt.date
) -> dict[str, Any]:
    """A tool's fields (a repository `new` was given), in the order `import` writes them."""
    fields: dict[str, Any] = {
        "id": tool_id,
        "title": name,
        "kind": "tool",
        "url": url,
        "section": section,
        "description": description,
        "added": added.isoformat(),
    }
    return {key: value for key, value in fields.items() if value not in (None, "")}


# Writing it as YAML text, where it goes ---------------------------------------------------

# papers.yaml's conventions: an arXiv id is quoted (2202.05262 stays text), a date is not.
ENTRY_STYLE = Style(quoted=frozenset({"arxiv", "date"}), verbatim=frozenset({"added"}))


def format_entry(fields: dict[str, Any], dash_column: int = 2, key_column: int = 4) -> str:
    """`  - id: ...` then one `    key: value` line per field."""
    return sequence_item(fields, dash_column, key_column, ENTRY_STYLE)


def insert_entry(text: str, fields: dict[str, Any]) -> tuple[str, int]:
    """papers.yaml with the entry in its place, and the entry's first line (1-based).

    The place is stable, so that two pull requests that each add a paper touch different
    lines and merge without a conflict: among the entries of the same section, right after
    the one whose id comes last before the new id (or right before the section's first
    entry when the new id comes first); after the last paper when the section has none yet.
    Appending at the end put every concurrent addition on the same line. Two additions
    still meet when they fall between the same two entries (no listed id between theirs).

    Only bytes are added: everything that was in `text` is still there, in place.
    """
    return append_item(
        text,
        "papers",
        fields,
        file="papers.yaml",
        style=ENTRY_STYLE,
        follower=lambda entries: _follower(entries, fields),
    )


def _scalar(node: yaml.Node, key: str) -> str | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if key_node.value == key and isinstance(value_node, yaml.ScalarNode):
            return value_node.value
    return None


def _follower(entries: list[yaml.Node], fields: dict[str, Any]) -> yaml.Node | None:
    """The entry the new one goes right before; None to append after the last paper.

    Right after the section's entry whose id comes last before the new id; before the
    section's first entry when the new id comes first; at the end when the section has none.
    """
    new_id, section = str(fields["id"]), fields.get("section")
    mates = [
        (entry_id, index)
        for index, node in enumerate(entries)
        if _scalar(node, "section") == section and (entry_id := _scalar(node, "id")) is not None
    ]
    before = [mate for mate in mates if mate[0] < new_id]
    if before:
        following = max(before)[1] + 1
        return entries[following] if following < len(entries) else None
    return entries[min(index for _, index in mates)] if mates else None
