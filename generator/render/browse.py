"""The data of the Browse page, shaped so that no reader downloads the whole list at once.

The page itself holds its first results (templates/site/browse.md.j2). `docs/assets/browse.js`
then reads, only as the reader asks for them:

- `browse-data/index.json`, the head: how many papers, how they are chunked, the tables the
  chunks point into (sections, entry pages, facet values) and each facet value's count over
  the whole list, so that the filters are filled without loading a single paper;
- `browse-data/<n>.json`, chunk n of `CHUNK` papers in list order, as columns (one array per
  field, no repeated keys) with facet values as numbers into the head's tables: what a
  result line shows, filters, sorts and searches. "Show more" loads the next chunk; a
  filter, a sort or words load them all;
- `browse-data/records/<n>.json`, group n of `RECORD_GROUP` full records (those of
  papers.json, so also any `builds_on` and `built_on_by`), loaded when a result's details
  are opened.

Every file is compact JSON (no spaces, keys sorted), which compresses well.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from generator.catalog.lineage import Lineage
from generator.catalog.model import Catalog, Paper
from generator.render.export import paper_document, pdf_url
from generator.render.readme import human_list

DATA_DIR = "browse-data"
CHUNK = 1000  # papers per chunk of the index
RECORD_GROUP = 100  # full records per file
VERSION = 1
FACETS = ("year", "venue", "method", "tag", "dataset")
_DIGITS = re.compile(r"(\d+)")


def _natural(value: str) -> tuple[Any, ...]:
    """Sort key: case-insensitive, numbers by value (as `localeCompare` with `numeric`)."""
    return tuple(int(part) if part.isdigit() else part.casefold() for part in _DIGITS.split(value))


def facet_values(catalog: Catalog) -> dict[str, Callable[[Paper], list[str]]]:
    """Each facet's values of one paper, as Browse shows and filters them."""

    def dataset_labels(paper: Paper) -> list[str]:
        return [
            catalog.dataset(use.dataset_id).name if use.dataset_id else use.name
            for use in paper.datasets
        ]

    return {
        "year": lambda paper: [] if paper.year is None else [str(paper.year)],
        "venue": lambda paper: [paper.venue] if paper.venue else [],
        "method": lambda paper: [paper.method] if paper.method else [],
        "tag": lambda paper: list(paper.tags),
        "dataset": dataset_labels,
    }


def _tables(catalog: Catalog) -> dict[str, list[tuple[str, int]]]:
    """Each facet's values, in the order the filter lists them, with their counts."""
    values = facet_values(catalog)
    tables = {}
    for facet in FACETS:
        counts: Counter[str] = Counter()
        for paper in catalog.papers:
            counts.update(set(values[facet](paper)))
        tables[facet] = sorted(counts.items(), key=lambda item: _natural(item[0]))
    return tables


def _facts_columns(catalog: Catalog, paper: Paper) -> tuple[Any, Any, bool]:
    """[stars, checked, archived], [count, source, checked] and whether the repository is gone."""
    facts = catalog.facts_for("paper", paper.id)
    if facts is None:
        return None, None, False
    repository, citations = facts.repository, facts.citations
    stars = None
    if repository and not facts.gone:
        stars = [repository.stars, repository.checked, repository.archived]
    cited = [citations.count, citations.source, citations.checked] if citations else None
    return stars, cited, facts.gone


def _search_text(paper: Paper) -> str:
    """What words find beyond the shown fields: task, insight, note, organizations, models,
    aliases."""
    models = paper.models
    parts = [
        paper.task,
        paper.insight,
        paper.note,
        paper.description,
        *paper.organizations,
        *models.models,
        *models.teacher,
        *models.student,
        *paper.aliases,
    ]
    return " ".join(part for part in parts if part)


class _Columns:
    """The columns of one chunk, filled paper by paper."""

    NAMES = (
        "id", "title", "url", "authors", "year", "month", "added", "section", "page", "pdf",
        "code", "stars", "cited", "gone", "text", *FACETS[1:],
    )  # fmt: skip

    def __init__(self) -> None:
        self.columns: dict[str, list[Any]] = {name: [] for name in self.NAMES}

    def add(self, **values: Any) -> None:
        for name, value in values.items():
            self.columns[name].append(value)


class BrowseData:
    """The head, chunks and record groups of one catalog."""

    def __init__(self, catalog: Catalog, entry_pages: Mapping[str, str], edges: Lineage) -> None:
        """`entry_pages`: each paper's entry page, relative to the site (`sections/a/2/`);
        `edges`: the catalog's lineage, which the full records carry."""
        self.catalog = catalog
        self.edges = edges
        self.entry_pages = entry_pages
        self.tables = _tables(catalog)
        self.numbers = {
            facet: {value: n for n, (value, _) in enumerate(table)}
            for facet, table in self.tables.items()
        }
        self.pages = sorted(set(entry_pages.values()), key=_natural)
        self.page_numbers = {page: n for n, page in enumerate(self.pages)}
        self.section_numbers = {section.id: n for n, section in enumerate(catalog.sections)}
        self.values = facet_values(catalog)

    def head(self) -> dict[str, Any]:
        papers = self.catalog.papers
        return {
            "version": VERSION,
            "count": len(papers),
            "chunk": CHUNK,
            "chunks": -(-len(papers) // CHUNK),
            "records": RECORD_GROUP,
            "sections": [section.id for section in self.catalog.sections],
            "pages": self.pages,
            "facets": {name: [list(pair) for pair in table] for name, table in self.tables.items()},
        }

    def _numbered(self, facet: str, paper: Paper) -> list[int]:
        return [self.numbers[facet][value] for value in self.values[facet](paper)]

    def chunk(self, papers: Iterable[Paper]) -> dict[str, list[Any]]:
        columns = _Columns()
        for paper in papers:
            pdf = pdf_url(paper)
            stars, cited, gone = _facts_columns(self.catalog, paper)
            method = self._numbered("method", paper)
            columns.add(
                id=paper.id,
                title=paper.title,
                url=paper.url,
                authors=human_list(paper.authors),
                year=paper.year,
                month=paper.month or 0,
                added=paper.added.isoformat() if paper.added else "",
                section=self.section_numbers[paper.section],
                page=self.page_numbers[self.entry_pages[paper.id]],
                pdf=pdf or None,
                code=paper.code,
                stars=stars,
                cited=cited,
                gone=gone,
                text=_search_text(paper),
                venue=self._numbered("venue", paper)[0] if paper.venue else -1,
                method=method[0] if method else -1,
                tag=self._numbered("tag", paper),
                dataset=self._numbered("dataset", paper),
            )
        return columns.columns

    def records(self, papers: Iterable[Paper]) -> dict[str, Any]:
        return {"papers": [paper_document(self.catalog, paper, self.edges) for paper in papers]}

    def files(self) -> dict[str, str]:
        """Every file, by its path relative to the site."""
        papers = self.catalog.papers
        files = {f"{DATA_DIR}/index.json": _dump(self.head())}
        for start in range(0, len(papers), CHUNK):
            files[f"{DATA_DIR}/{start // CHUNK}.json"] = _dump(
                self.chunk(papers[start : start + CHUNK])
            )
        for start in range(0, len(papers), RECORD_GROUP):
            files[f"{DATA_DIR}/records/{start // RECORD_GROUP}.json"] = _dump(
                self.records(papers[start : start + RECORD_GROUP])
            )
        return files


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
