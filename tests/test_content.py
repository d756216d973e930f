"""The whole seed is in the data, as corrected in the checked reference facts.

Everything expected here is read from the team's checked reference,
`../shared/reference/seed-facts.yaml` beside the repository. It is other people's words, so it
is read in place and never copied in: without it these tests skip, except in CI
(AWESOME_CI=1), where the reference is laid beside the clone and its absence is a failure.
"""

from __future__ import annotations

import os

import pytest
import yaml
from support.data import REPO

FACTS_FILE = REPO.parent / "shared" / "reference" / "seed-facts.yaml"

# Fields of the facts that the data must carry verbatim, per entry.
PAPER_FIELDS = [
    "title",
    "authors",
    "venue",
    "year",
    "month",
    "arxiv",
    "doi",
    "url",
    "code",
    "section",
    "method",
    "organizations",
    "task",
    "datasets",
    "models",
    "insight",
]
# Facts that are commentary, or identifiers checked through the URL.
PAPER_COMMENTARY = {"key", "seed_says", "note", "related", "anthology", "openreview"}
PUBLICATION_FIELDS = ("authors", "venue", "year", "arxiv", "doi")
FORBIDDEN = ("watermark.silverchair.com", "aka.ms", "token=")


def _load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def facts():
    if not FACTS_FILE.is_file():
        message = f"the checked reference {FACTS_FILE} is not beside this checkout"
        if os.environ.get("AWESOME_CI") == "1":
            pytest.fail(f"{message}; AWESOME_CI=1 requires it")
        pytest.skip(f"{message}: the content tests need ../shared/reference/")
    return _load(FACTS_FILE)


def _as_seed_wrote_it(paper: dict) -> dict:
    """The entry in the seed's terms: a month, and the venue with its year and track."""
    paper = dict(paper)
    if paper.get("date"):
        paper["month"] = int(paper["date"][5:7])
    if paper.get("track"):
        paper["venue"] = f"{paper['venue']} {paper['year']} {paper['track']}"
    return paper


@pytest.fixture(scope="module")
def papers():
    entries = _load(REPO / "papers.yaml")["papers"]
    return {paper["id"]: _as_seed_wrote_it(paper) for paper in entries}


@pytest.fixture(scope="module")
def datasets():
    return {dataset["id"]: dataset for dataset in _load(REPO / "datasets.yaml")["datasets"]}


def _by_title(entries: dict, title: str) -> dict:
    found = [entry for entry in entries.values() if entry.get("title") == title]
    assert len(found) == 1, f"expected exactly one paper titled {title!r}, found {len(found)}"
    return found[0]


def test_every_fact_field_is_known_to_this_test(facts):
    known = set(PAPER_FIELDS) | PAPER_COMMENTARY
    unknown = {field for paper in facts["papers"] for field in paper} - known
    assert unknown == set(), "extend PAPER_FIELDS or PAPER_COMMENTARY"


def test_every_seed_paper_is_listed_with_the_checked_metadata(facts, papers):
    mismatches = []
    for fact in facts["papers"]:
        paper = _by_title(papers, fact["title"])
        assert paper["id"] == fact["key"]
        for field in PAPER_FIELDS:
            if field not in fact:
                continue
            expected = fact[field]
            if field == "datasets" and isinstance(expected, str):
                expected = [expected]  # one free-text description
            if paper.get(field) != expected:
                mismatches.append((fact["key"], field, expected, paper.get(field)))
    assert mismatches == []


def test_related_links_are_kept(facts, papers):
    for fact in facts["papers"]:
        if "related" in fact:
            assert fact["related"] in papers[fact["key"]].get("links", [])


def test_landing_pages_carry_their_identifiers(facts, papers):
    for fact in facts["papers"]:
        url = papers[fact["key"]]["url"]
        for identifier in ("anthology", "openreview"):
            if identifier in fact and fact["url"] == url:
                assert fact[identifier] in url


def test_every_seed_dataset_is_listed_with_its_paper(facts, papers, datasets):
    for fact in facts["datasets"]:
        dataset = datasets[fact["key"]]
        assert dataset["name"] == fact["name"]
        assert dataset["url"] == fact["url"]
        if "code" in fact:
            assert dataset.get("code") == fact["code"]
        if "seed_heading" in fact:
            assert fact["seed_heading"] in (dataset.get("source"), dataset["name"])
        if "paper" in dataset:
            introduced_by = papers[dataset["paper"]]
            assert introduced_by["title"] == fact["paper"]
        else:
            introduced_by = dataset["publication"]
            assert introduced_by["title"] == fact["paper"]
        for field in PUBLICATION_FIELDS:
            if field in fact:
                assert introduced_by.get(field) == fact[field], (fact["key"], field)


def test_every_seed_note_is_kept(facts):
    for fact in facts["notes"]:
        note = REPO / "notes" / f"{fact['key']}.md"
        assert note.read_text(encoding="utf-8").splitlines()[0] == f"# {fact['title']}"


@pytest.mark.parametrize("fragment", FORBIDDEN)
def test_no_signed_or_short_links_anywhere(fragment):
    files = [REPO / "papers.yaml", REPO / "datasets.yaml", REPO / "README.md"]
    files += sorted((REPO / "notes").glob("*.md"))
    for path in files:
        assert fragment not in path.read_text(encoding="utf-8"), path.name
