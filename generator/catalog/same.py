"""The one rule for "is this the same paper?", used by validate, new, import, suggest and refresh.

Two references are the same paper when they share any key: the arXiv id (any version,
with or without `arXiv:`), the DOI (any case, bare or as a doi.org link, arXiv's own DOI
counted as the arXiv id), the URL (as `normalize_url` compares them) or the title (ignoring
case, spacing, punctuation and accents).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.catalog.model import UNCITED_KINDS
from generator.text.identifiers import ARXIV_ID, arxiv_from_doi, bare_doi
from generator.text.urls import arxiv_id_from_url, normalize_url

_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
_FIELDS = ("arxiv", "doi", "url", "title")


@dataclass(frozen=True)
class Key:
    """One way two references can be the same paper."""

    kind: str  # "arXiv id", "DOI", "URL" or "title": said in messages ("same DOI")
    value: str
    field: str  # the field the key was read from, where a diagnostic points


def normalize_title(title: str) -> str:
    """Titles compare equal ignoring case, spacing, punctuation and accents."""
    decomposed = unicodedata.normalize("NFKD", title)
    return _NOT_ALPHANUMERIC.sub("", decomposed.casefold())  # keeps exactly str.isalnum()


def arxiv_key(arxiv: str) -> str:
    """`2202.05262` for `2202.05262`, `arXiv:2202.05262v3`, ` 2202.05262 `."""
    match = ARXIV_ID.match(arxiv.strip())
    return match.group("id") if match else arxiv.strip()


def doi_key(doi: str) -> str:
    """DOIs are case-insensitive: `10.18653/v1/d16-1139` for any spelling of it."""
    return (bare_doi(doi) or doi.strip()).casefold()


def keys(
    *,
    arxiv: str | None = None,
    doi: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> list[Key]:
    """Every key of one reference, in the order messages name them: URL, arXiv id, DOI, title."""
    found = [Key("URL", normalize_url(url), "url")] if url else []
    arxiv_field = "arxiv"
    if not arxiv and doi:
        arxiv, arxiv_field = arxiv_from_doi(doi_key(doi)), "doi"
    if not arxiv and url:
        arxiv, arxiv_field = arxiv_id_from_url(url), "url"
    if arxiv:
        found.append(Key("arXiv id", arxiv_key(arxiv), arxiv_field))
    if doi and not arxiv_from_doi(doi_key(doi)):
        found.append(Key("DOI", doi_key(doi), "doi"))
    if title and normalize_title(title):
        found.append(Key("title", normalize_title(title), "title"))
    return found


def keys_of_fields(fields: Mapping[str, Any]) -> list[Key]:
    """The keys of an entry as written in papers.yaml (values of the wrong type are ignored)."""
    text = {name: fields.get(name) for name in _FIELDS}
    if fields.get("kind") in UNCITED_KINDS:  # two tools called "config": two repositories
        text["title"] = None
    return keys(**{name: value for name, value in text.items() if isinstance(value, str)})


def keys_of(reference: object) -> list[Key]:
    """The keys of anything with `arxiv`, `doi`, `url` and `title` attributes (each optional)."""
    return keys_of_fields({name: getattr(reference, name, None) for name in _FIELDS})


def duplicates(entries: Iterable[list[Key]]) -> Iterator[tuple[int, int, Key]]:
    """(index, index of the earlier same paper, the key they share) for each repeat."""
    seen: dict[tuple[str, str], int] = {}
    for index, entry_keys in enumerate(entries):
        for key in entry_keys:
            earlier = seen.setdefault((key.kind, key.value), index)
            if earlier != index:
                yield index, earlier, key
                break


class Index:
    """The papers a list already has, found by any of their keys."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str], Any] = {}

    def add(self, item: Any, item_keys: Iterable[Key]) -> None:
        for key in item_keys:
            self._found.setdefault((key.kind, key.value), item)

    def find(self, wanted: Iterable[Key]) -> tuple[Any, Key] | None:
        """The first listed item sharing a key with `wanted`, and that key."""
        for key in wanted:
            if (key.kind, key.value) in self._found:
                return self._found[(key.kind, key.value)], key
        return None
