"""Facts that change after an entry is listed (stars, archived state, citation counts).

`listsmith refresh` writes them to facts.json, a generated file next to the data;
the catalog reads it when it is there, and builds without it (the facts are then omitted).
Entries are keyed `paper:ID` and `dataset:ID`, and every fact carries the date it was checked.
A paper's `lineage` names the other listed papers it cites (`cites`, ids), as a citation
service answered (`source`) on `checked`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.catalog.paths import FACTS_FILE
from generator.diagnostics import Diagnostic
from generator.json_input import UnusableJson, read_json
from generator.text.characters import UNSAFE

VERSION = 1
MAX_BYTES = 32 * 2**20  # facts of some 100,000 entries
MAX_COUNT = 10_000_000  # of stars or citations: far above any real one; more is refused


@dataclass(frozen=True)
class RepositoryFacts:
    name: str
    stars: int
    archived: bool
    pushed_at: str
    checked: str


@dataclass(frozen=True)
class CitationFacts:
    count: int
    source: str
    checked: str


@dataclass(frozen=True)
class VenueFacts:
    suggested: str
    source: str
    checked: str


@dataclass(frozen=True)
class LineageFacts:
    """The ids of the listed papers this paper cites, as `source` answered on `checked`."""

    cites: tuple[str, ...]
    source: str
    checked: str


@dataclass(frozen=True)
class MissingFacts:
    """The repository answered 404, `runs` refreshes in a row."""

    name: str
    runs: int
    checked: str


@dataclass(frozen=True)
class EntryFacts:
    repository: RepositoryFacts | None = None
    citations: CitationFacts | None = None
    venue: VenueFacts | None = None
    missing: MissingFacts | None = None
    lineage: LineageFacts | None = None

    @property
    def gone(self) -> bool:
        """The code repository no longer exists (404 in two refreshes in a row)."""
        return self.missing is not None and self.missing.runs >= 2


def read_facts_file(path: Path) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The raw entries of facts.json: empty, with a warning, when it cannot be read."""
    try:
        data = read_json(path, MAX_BYTES)
    except FileNotFoundError:
        return {}, []
    except (OSError, UnusableJson) as error:
        return {}, [_warning(f"cannot read the facts ({error}); they are left out")]
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return {}, [_warning(f"not a version {VERSION} facts file; the facts are left out")]
    entries = data.get("entries")
    return (entries, []) if isinstance(entries, dict) else ({}, [_warning("no `entries`")])


def _warning(message: str) -> Diagnostic:
    hint = "run `listsmith refresh` to write it again"
    return Diagnostic(FACTS_FILE, 1, 1, message, hint, "warning")


def load_facts(path: Path) -> tuple[dict[str, EntryFacts], list[Diagnostic]]:
    entries, problems = read_facts_file(path)
    facts = {}
    for key, entry in entries.items():
        if isinstance(entry, dict):
            facts[str(key)] = EntryFacts(
                repository=_build(RepositoryFacts, entry.get("repository")),
                citations=_build(CitationFacts, entry.get("citations")),
                venue=_build(VenueFacts, entry.get("venue")),
                missing=_build(MissingFacts, entry.get("missing")),
                lineage=_lineage(entry.get("lineage")),
            )
    return facts, problems


@dataclass(frozen=True)
class CitationSource:
    """Where a fact came from and when: the part of `lineage` besides its ids."""

    source: str
    checked: str


_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # a paper id (the schemas' slug)
MAX_CITES = 100_000

_TYPES = {"name": str, "stars": int, "archived": bool, "pushed_at": str, "checked": str}
_TYPES |= {"count": int, "source": str, "suggested": str, "runs": int}


def _build(kind: type, data: Any) -> Any:
    """An instance of `kind` from a mapping of the right fields and types, else None."""
    if not isinstance(data, dict):
        return None
    names = kind.__dataclass_fields__
    values = {name: data.get(name) for name in names}
    for name, value in values.items():
        wanted = _TYPES[name]
        if not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
            return None
        if wanted is int and not 0 <= value <= MAX_COUNT:  # an absurd count is no fact
            return None
        if isinstance(value, str) and UNSAFE.search(value):  # facts.json is repository data
            return None
    return kind(**values)


def _lineage(data: Any) -> LineageFacts | None:
    """The lineage of a paper when `cites` is a list of ids and the rest is well formed."""
    if not isinstance(data, dict) or not isinstance(data.get("cites"), list):
        return None
    cites = data["cites"]
    if not all(isinstance(i, str) and _ID.match(i) for i in cites) or len(cites) > MAX_CITES:
        return None
    rest = _build(CitationSource, data)
    return LineageFacts(tuple(cites), rest.source, rest.checked) if rest else None


def facts_text(entries: dict[str, Any]) -> str:
    """The file's text: sorted keys, so the same facts give the same bytes."""
    data = {"version": VERSION, "entries": entries}
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
