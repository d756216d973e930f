"""Checks for the mistakes people make when they copy an entry from somewhere else.

An entry pasted into the wrong list gets one error that names the right list (instead of an
unknown-key error for each of its fields); a PDF given as `url` gets the landing page to use;
an arXiv `url` that is another paper than the `arxiv` field is an error naming both ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.catalog.load import YamlFile
from generator.catalog.schema import known_fields, load_schema
from generator.diagnostics import Diagnostic
from generator.text.urls import arxiv_id_from_url, landing_page

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class EntryKind:
    """A kind of entry, and the list that holds it."""

    noun: str
    file: str
    key: str
    fields: frozenset[str]


def entry_kinds() -> tuple[EntryKind, ...]:
    """Every kind of entry, most specific first: the first whose fields fit is the answer."""
    return (
        EntryKind(
            "paper", "papers.yaml", "papers", frozenset(known_fields("papers.schema.json", "paper"))
        ),
        EntryKind(
            "dataset",
            "datasets.yaml",
            "datasets",
            frozenset(known_fields("datasets.schema.json", "dataset")),
        ),
        EntryKind(
            "section",
            "papers.yaml",
            "sections",
            frozenset(known_fields("papers.schema.json", "section")),
        ),
    )


def misplaced_entries(loaded: YamlFile) -> list[tuple[Path, Diagnostic]]:
    """(path, error) of each entry whose fields are those of an entry of another list."""
    if not isinstance(loaded.data, dict):
        return []
    kinds = entry_kinds()
    found = []
    for here in kinds:
        items = loaded.data.get(here.key) if here.file == loaded.name else None
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if not isinstance(item, dict) or not item:
                continue
            belongs = _kind_of(item, here, kinds)
            if belongs is not None:
                path = (here.key, index)
                found.append((path, _misplaced(loaded, path, here, belongs)))
    return found


def _kind_of(
    item: dict[Any, Any], here: EntryKind, kinds: tuple[EntryKind, ...]
) -> EntryKind | None:
    keys = {key for key in item if isinstance(key, str)}
    if len(keys) != len(item):
        return None
    # An entry that fits here belongs here, unless it lacks a key every entry here must have
    # and fits another kind whole (a section, `id, title, description`, among the papers).
    fits_here = keys <= here.fields
    if fits_here and _required(here) <= keys:
        return None
    others = (kind for kind in kinds if kind is not here and keys <= kind.fields)
    return next((kind for kind in others if not fits_here or _required(kind) <= keys), None)


def _required(kind: EntryKind) -> frozenset[str]:
    schema = load_schema(kind.file.replace(".yaml", ".schema.json"))
    return frozenset(schema["$defs"][kind.noun].get("required", ()))


def _misplaced(loaded: YamlFile, path: Path, here: EntryKind, belongs: EntryKind) -> Diagnostic:
    where = (
        f"under '{belongs.key}:'"
        if belongs.file == loaded.name
        else f"to the '{belongs.key}' list of {belongs.file}"
    )
    return loaded.diagnostic(
        list(path),
        f"this entry is a {belongs.noun}, but it is in '{here.key}', the list of {here.noun}s",
        f"move the whole entry {where}",
    )


def url_mistakes(loaded: YamlFile) -> Iterator[Diagnostic]:
    """PDFs given as `url`, and arXiv `url`s of another paper than the entry's `arxiv`."""
    if not isinstance(loaded.data, dict):
        return
    for key in ("papers", "datasets"):
        items = loaded.data.get(key)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get("url"), str):
                yield from _entry_url_mistakes(loaded, [key, index, "url"], item)


def _entry_url_mistakes(
    loaded: YamlFile, path: list[str | int], item: dict[str, Any]
) -> Iterator[Diagnostic]:
    url = item["url"]
    landing = landing_page(url)
    if landing is not None:
        yield Diagnostic(
            *_where(loaded, path),
            "'url' is a PDF, but the paper has a landing page",
            f"write url: {landing} and, to list the PDF too, add it to 'links' labelled PDF",
            "warning",
        )
    listed_id = _arxiv_field(item)
    url_id = arxiv_id_from_url(url)
    if listed_id is not None and url_id is not None and listed_id != url_id:
        yield loaded.diagnostic(
            path,
            f"'url' is arXiv paper {url_id}, but 'arxiv' says {listed_id}",
            "make both name the same paper: correct the url or the arxiv id",
        )


def _where(loaded: YamlFile, path: list[str | int]) -> tuple[str, int, int]:
    return loaded.place(path)


def _arxiv_field(item: dict[str, Any]) -> str | None:
    arxiv = item.get("arxiv")
    publication = item.get("publication")
    if arxiv is None and isinstance(publication, dict):
        arxiv = publication.get("arxiv")
    return arxiv if isinstance(arxiv, str) else None
