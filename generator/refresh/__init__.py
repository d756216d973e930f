"""`refresh`: fetch the facts that change after an entry is listed, keeping the old ones.

`refresh_facts` starts from the entries of facts.json and replaces a fact only when a source
answered for it, so that a source that fails costs freshness, never data. An absurd value
(negative stars, a 301-digit count) is refused with a warning. A repository that moved is
reported with its new URL; one that answers 404 is counted, and gone after `GONE_AFTER`
runs in a row. The citations among the listed papers are `refresh.lineage`'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.catalog.facts import MAX_COUNT
from generator.catalog.model import Catalog, Paper
from generator.catalog.venues import is_preprint_server
from generator.diagnostics import Diagnostic, unanswered
from generator.refresh.lineage import refresh_lineage
from generator.sources import github, openalex, semantic_scholar
from generator.sources.http import Client, NotFound, RateLimited, SourceError

GONE_AFTER = 2  # runs in a row a repository answered 404


@dataclass
class Refreshed:
    entries: dict[str, dict[str, Any]]
    warnings: list[Diagnostic] = field(default_factory=list)  # the services' failures
    fetched: int = 0  # facts that a source answered for in this run
    moves: list[tuple[str, str, str]] = field(default_factory=list)  # key, old name, new

    def warn(self, error: SourceError, then: str) -> None:
        """Say what a source could not do, once per source that refuses for the run."""
        if not error.repeat:
            self.warnings.append(unanswered(f"{error}; {then}"))

    def venue_updates(self) -> list[tuple[str, str]]:
        return [(key, e["venue"]["suggested"]) for key, e in self.entries.items() if "venue" in e]


def _code_entries(catalog: Catalog) -> Iterator[tuple[str, str | None]]:
    for paper in catalog.papers:
        yield f"paper:{paper.id}", paper.code
    for dataset in catalog.datasets:
        yield f"dataset:{dataset.id}", dataset.code


def refresh_facts(
    client: Client, catalog: Catalog, old: dict[str, Any], today: dt.date
) -> Refreshed:
    keys = [key for key, _ in _code_entries(catalog)]
    result = Refreshed({key: _kept(old.get(key)) for key in keys})
    for paper in catalog.papers:
        if not is_preprint_server(paper.venue):
            result.entries[f"paper:{paper.id}"].pop("venue", None)  # it names its venue now
    checked = today.isoformat()
    _repositories(client, catalog, result, checked)
    _citations(client, catalog, result, checked)
    refresh_lineage(client, catalog, result, checked)
    result.entries = {key: facts for key, facts in sorted(result.entries.items()) if facts}
    return result


def _kept(entry: Any) -> dict[str, Any]:
    """The facts of an entry in the old file, or none when it is not a mapping."""
    return (
        {k: v for k, v in entry.items() if isinstance(v, dict)} if isinstance(entry, dict) else {}
    )


def _repositories(client: Client, catalog: Catalog, result: Refreshed, checked: str) -> None:
    for key, code in _code_entries(catalog):
        facts = result.entries[key]
        name = github.repository_name(code) if code else None
        old = facts.get("repository")
        if name is None or (isinstance(old, dict) and old.get("name", "").lower() != name.lower()):
            facts.pop("repository", None)  # no repository now, or another one than before
            facts.pop("missing", None)
        if name is None:
            continue
        try:
            repository = github.repository(client, name)
        except NotFound:
            _missing(result, key, name, checked)
            continue
        except RateLimited as error:
            result.warn(error, "the other repositories keep their last facts")
            return
        except SourceError as error:
            result.warn(error, f"{key} keeps its last repository facts")
            continue
        facts.pop("missing", None)
        if repository.full_name.lower() != name.lower():
            result.moves.append((key, name, repository.full_name))
        facts["repository"] = {
            "name": name,  # as the code link names it, so that the facts stay matched to it
            "stars": repository.stars,
            "archived": repository.archived,
            "pushed_at": repository.pushed_at,
            "checked": checked,
        }
        if repository.full_name.lower() != name.lower():
            facts["repository"]["moved_to"] = repository.full_name
        result.fetched += 1


def _missing(result: Refreshed, key: str, name: str, checked: str) -> None:
    """A repository that answered 404: counted, and gone after GONE_AFTER runs in a row."""
    facts = result.entries[key]
    before = facts.get("missing")
    runs = before.get("runs") if isinstance(before, dict) else None
    runs = runs + 1 if isinstance(runs, int) and not isinstance(runs, bool) and runs > 0 else 1
    facts["missing"] = {"name": name, "runs": min(runs, MAX_COUNT), "checked": checked}
    state = "marked gone" if runs >= GONE_AFTER else "gone if it is still missing next run"
    result.warnings.append(
        unanswered(
            f"GitHub: {name} of {key} does not exist (HTTP 404, {runs} run(s) in a row); {state}"
        )
    )


def _citations(client: Client, catalog: Catalog, result: Refreshed, checked: str) -> None:
    papers = [paper for paper in catalog.papers if paper.arxiv or paper.doi]
    missing = _semantic_scholar(client, papers, result, checked)
    if missing:
        _openalex(client, missing, result, checked)


def _record(
    result: Refreshed, paper: Paper, count: Any, venue: str, source: str, checked: str
) -> None:
    facts = result.entries[f"paper:{paper.id}"]
    if isinstance(count, int) and not isinstance(count, bool):
        if 0 <= count <= MAX_COUNT:
            facts["citations"] = {"count": count, "source": source, "checked": checked}
            result.fetched += 1
        else:
            shown = str(count) if len(str(count)) <= 20 else f"a {len(str(count))}-digit number"
            result.warnings.append(
                unanswered(
                    f"{source}: an absurd citation count for paper:{paper.id} ({shown}); "
                    "refused, the last count is kept"
                )
            )
    if is_preprint_server(paper.venue) and venue and venue != paper.venue:
        facts["venue"] = {"suggested": venue, "source": source, "checked": checked}


def _semantic_scholar(
    client: Client, papers: list[Paper], result: Refreshed, checked: str
) -> list[Paper]:
    """Citation counts and venues from one batch request; the papers it had no answer for."""
    identifiers = [semantic_scholar.paper_id(p.arxiv, p.doi) or "" for p in papers]
    try:
        records = semantic_scholar.batch(client, identifiers)
    except SourceError as error:
        result.warn(error, "asking OpenAlex for the citation counts")
        return papers
    missing = []
    for paper, record in zip(papers, records, strict=True):
        if record is None:
            missing.append(paper)
            continue
        venue = semantic_scholar.venue_of(record)
        _record(result, paper, record.get("citationCount"), venue, "Semantic Scholar", checked)
    return missing


def _openalex(client: Client, papers: list[Paper], result: Refreshed, checked: str) -> None:
    dois = {paper.id: openalex.doi_for(paper.arxiv, paper.doi) or "" for paper in papers}
    try:
        records = openalex.works_by_doi(client, sorted(set(dois.values())))
    except SourceError as error:
        result.warn(error, f"{len(papers)} papers keep their last citation counts")
        return
    for paper in papers:
        record = records.get(dois[paper.id].lower())
        if record is None:
            continue
        venue = openalex.venue_of(record)
        _record(result, paper, record.get("cited_by_count"), venue, "OpenAlex", checked)
