"""Browse's data: a head, chunks of columns and groups of full records (render/browse.py)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from support.data import numbered_paper
from support.site import REPO

from generator.catalog.facts import EntryFacts, MissingFacts, RepositoryFacts
from generator.catalog.model import Catalog, Dataset, DatasetUse, Section
from generator.catalog.project import Project
from generator.render import browse
from generator.render.export import to_json
from generator.render.pages import PAGE_SIZE, Pages, SiteSettings

SETTINGS = SiteSettings("Test list", "https://example.org/list/")
DATASET = Dataset("ecbd", "ECBD", "https://example.org/ecbd", paper_id="paper-0")


def _catalog(count: int) -> Catalog:
    papers = tuple(
        numbered_paper(
            n,
            venue=("ICLR", "arXiv")[n % 2],
            year=2020 + n % 3,
            month=1 + n % 12,
            section=("big", "small")[n % 5 == 4],
            method="KD" if n % 4 else None,
            authors=(f"Author {n}", "Second Author"),
            arxiv=f"2401.{n:05d}",
            tags=("distillation", "survey")[: 1 + n % 2],
            datasets=(DatasetUse("ECBD", "ecbd"), DatasetUse("Set 10"), DatasetUse("Set 9"))[
                : n % 4
            ],
            insight=f"Insight {n}.",
        )
        for n in range(count)
    )
    sections = (Section("big", "Big"), Section("small", "Small"))
    return Catalog(sections=sections, papers=papers, datasets=(DATASET,))


def _files(catalog: Catalog) -> dict[str, str]:
    files = Pages(catalog, Project(REPO).templates_dir, SETTINGS).browse_data()
    return {file.path: file.content for file in files}


def _data(catalog: Catalog) -> dict[str, object]:
    prefix = browse.DATA_DIR + "/"
    return {path.removeprefix(prefix): json.loads(text) for path, text in _files(catalog).items()}


def _rows(data: dict[str, object]) -> list[dict[str, object]]:
    """The chunks' columns back as one row per paper, in chunk order."""
    rows = []
    for number in range(data["index.json"]["chunks"]):
        columns = data[f"{number}.json"]
        lengths = {len(values) for values in columns.values()}
        assert len(lengths) == 1  # columns, all of one length
        rows += [
            dict(zip(columns, values, strict=True))
            for values in zip(*columns.values(), strict=True)
        ]
    return rows


def test_the_index_is_chunks_of_columns_in_list_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browse, "CHUNK", 4)
    catalog = _catalog(10)
    data = _data(catalog)
    head = data["index.json"]
    assert (head["count"], head["chunk"], head["chunks"]) == (10, 4, 3)
    assert [len(data[f"{n}.json"]["id"]) for n in range(3)] == [4, 4, 2]
    assert [row["id"] for row in _rows(data)] == [paper.id for paper in catalog.papers]


def test_facets_are_numbers_into_the_heads_tables_with_counts_over_the_whole_list() -> None:
    catalog = _catalog(12)
    data = _data(catalog)
    facets = data["index.json"]["facets"]
    assert facets["year"] == [["2020", 4], ["2021", 4], ["2022", 4]]
    assert facets["venue"] == [["arXiv", 6], ["ICLR", 6]]
    assert facets["method"] == [["KD", 9]]
    # Numbers in names sort by value, as the filter lists them; a catalog dataset by its name.
    assert facets["dataset"] == [["ECBD", 9], ["Set 9", 3], ["Set 10", 6]]
    rows = _rows(data)
    for row, paper in zip(rows, catalog.papers, strict=True):
        assert facets["venue"][row["venue"]][0] == paper.venue
        assert row["method"] == (-1 if paper.method is None else 0)
        assert [facets["tag"][n][0] for n in row["tag"]] == list(paper.tags)
        assert [facets["dataset"][n][0] for n in row["dataset"]] == [
            "ECBD" if use.dataset_id else use.name for use in paper.datasets
        ]
        assert row["pdf"] == f"https://arxiv.org/pdf/{paper.arxiv}"
        assert "Insight" in row["text"]


def test_each_paper_points_to_the_page_that_lists_it_in_full() -> None:
    catalog = _catalog(PAGE_SIZE * 2 + 30)  # 'big' has 2 pages and more
    data = _data(catalog)
    head = data["index.json"]
    pages = {row["id"]: head["pages"][row["page"]] for row in _rows(data)}
    assert pages["paper-0"] == "sections/big/"
    big = [paper.id for paper in catalog.papers if paper.section == "big"]
    assert pages[big[PAGE_SIZE]] == "sections/big/2/"
    assert pages["paper-4"] == "sections/small/"
    assert head["sections"] == ["big", "small"]


def test_records_are_the_papers_json_records_in_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browse, "RECORD_GROUP", 3)
    catalog = _catalog(7)
    data = _data(catalog)
    records = [paper for n in range(3) for paper in data[f"records/{n}.json"]["papers"]]
    assert records == json.loads(to_json(catalog))["papers"]
    assert data["index.json"]["records"] == 3


def test_facts_are_columns_and_a_gone_repository_shows_no_stars() -> None:
    repository = RepositoryFacts("a/b", 1500, True, "2025-12-01T00:00:00Z", "2026-01-05")
    gone = EntryFacts(repository=repository, missing=MissingFacts("a/b", 2, "2026-01-12"))
    catalog = replace(
        _catalog(3),
        facts={"paper:paper-0": EntryFacts(repository=repository), "paper:paper-1": gone},
    )
    rows = _rows(_data(catalog))
    assert rows[0]["stars"] == [1500, "2026-01-05", True] and rows[0]["gone"] is False
    assert rows[1]["stars"] is None and rows[1]["gone"] is True
    assert rows[2]["stars"] is None and rows[2]["cited"] is None


def test_a_small_list_is_one_chunk_and_the_same_catalog_gives_the_same_bytes() -> None:
    catalog = _catalog(13)
    data = _files(catalog)
    assert sorted(data) == [
        "browse-data/0.json",
        "browse-data/index.json",
        "browse-data/records/0.json",
    ]
    assert data == _files(catalog)
    for text in data.values():  # compact: no spaces between tokens, keys sorted
        compact = json.dumps(
            json.loads(text), ensure_ascii=False, separators=(",", ":"), sort_keys=True
        )
        assert text == compact + "\n"
