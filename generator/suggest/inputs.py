"""The list's topics and contact (list.yaml) and the dismissed candidates (suggest-ignore.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.catalog import same
from generator.catalog.identity import ListIdentity
from generator.catalog.load import YamlFile, load_yaml
from generator.diagnostics import Diagnostic
from generator.text.identifiers import ARXIV_ID, DOI

IDENTITY_FILE = "list.yaml"
IGNORE_FILE = "suggest-ignore.yaml"
_IGNORE_KEYS = ("arxiv", "doi", "url", "title")


@dataclass(frozen=True)
class Identity:
    keywords: tuple[str, ...]
    arxiv_categories: tuple[str, ...]
    contact: str = ""


@dataclass(frozen=True)
class Ignored:
    """The same-paper keys (catalog.same) of the dismissed papers, as (kind, value)."""

    keys: frozenset[tuple[str, str]] = frozenset()
    reasons: dict[str, str] = field(default_factory=dict, compare=False)


def topics_of(identity: ListIdentity) -> tuple[Identity | None, list[Diagnostic]]:
    """What `suggest` searches for and whom it names, from the validated list.yaml."""
    topics = identity.topics
    if not topics.keywords and not topics.arxiv_categories:
        hint = "add `topics: {keywords: [...], arxiv_categories: [...]}` to list.yaml"
        return None, [Diagnostic(IDENTITY_FILE, 1, 1, "list.yaml names no topics", hint)]
    return Identity(topics.keywords, topics.arxiv_categories, contact_text(identity)), []


def contact_text(identity: ListIdentity) -> str:
    """The contact that the User-Agent names: an e-mail address, else a URL, else a name."""
    contact = identity.contact
    if contact is None:
        return ""
    return contact.email or contact.url or contact.name or ""


def read_ignored(root: Path) -> tuple[Ignored, list[Diagnostic]]:
    """The dismissed papers; a missing file dismisses nothing."""
    if not (root / IGNORE_FILE).exists():
        return Ignored(), []
    loaded, problems = load_yaml(root / IGNORE_FILE, IGNORE_FILE)
    if loaded is None:
        return Ignored(), problems
    entries = loaded.data.get("ignored") if isinstance(loaded.data, dict) else None
    if not isinstance(entries, list):
        hint = "start the file with `ignored:` and list {arxiv|doi|url|title, reason} under it"
        return Ignored(), [loaded.diagnostic([], "no `ignored` list", hint)]
    keys: set[tuple[str, str]] = set()
    reasons: dict[str, str] = {}
    for index, entry in enumerate(entries):
        problem = _ignore_problem(loaded, entry, index)
        if problem:
            problems.append(problem)
            continue
        for key in same.keys(**{name: entry[name] for name in _IGNORE_KEYS if name in entry}):
            keys.add((key.kind, key.value))
            reasons[f"{key.kind}:{key.value}"] = entry["reason"].strip()
    ignored = Ignored(frozenset(keys), reasons=reasons)
    return ignored, problems


def _ignore_problem(loaded: YamlFile, entry: Any, index: int) -> Diagnostic | None:
    path: list[str | int] = ["ignored", index]
    if not isinstance(entry, dict):
        return loaded.diagnostic(
            path, "each ignored paper must be a mapping", "{arxiv: ..., reason: ...}"
        )
    unknown = sorted(set(entry) - {*_IGNORE_KEYS, "reason"}, key=str)
    if unknown:
        known = ", ".join((*_IGNORE_KEYS, "reason"))
        return loaded.diagnostic(
            [*path, unknown[0]], f"unknown key {unknown[0]!r}", f"use {known}", key=True
        )
    given = [name for name in _IGNORE_KEYS if name in entry]
    if not given:
        return loaded.diagnostic(path, "names no paper", "give one of arxiv, doi, url or title")
    for name in given:
        if not isinstance(entry[name], str) or not entry[name].strip():
            return loaded.diagnostic([*path, name], f"`{name}` must be a non-empty string")
    if "arxiv" in entry and not ARXIV_ID.match(entry["arxiv"].strip()):
        return loaded.diagnostic([*path, "arxiv"], "not an arXiv id", 'e.g. "2202.05262"')
    if "doi" in entry and not DOI.match(entry["doi"].strip()):
        return loaded.diagnostic([*path, "doi"], "not a DOI", "e.g. 10.18653/v1/D16-1139")
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        return loaded.diagnostic(path, "says no reason", "add `reason: why it does not belong`")
    return None
