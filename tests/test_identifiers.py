"""The one arXiv/DOI pattern set: the schemas and every reader use the same patterns."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from generator.text.identifiers import (
    ARXIV_ID,
    ARXIV_ID_PATTERN,
    DOI,
    arxiv_from_doi,
    bare_doi,
    canonical_arxiv_id,
    plausible_arxiv_id,
)


@pytest.mark.parametrize("schema", ["papers.schema.json", "datasets.schema.json"])
def test_schema_arxiv_pattern_is_the_identifiers_pattern(schema: str) -> None:
    text = resources.files("generator.schemas").joinpath(schema).read_text(encoding="utf-8")
    pattern = json.loads(text)["$defs"]["arxiv"]["pattern"]
    assert pattern == f"^(?:{ARXIV_ID_PATTERN})$"


@pytest.mark.parametrize(
    ("written", "paper"),
    [
        ("2202.05262", "2202.05262"),
        ("arXiv:2202.05262v3", "2202.05262"),
        ("hep-th/9901001", "hep-th/9901001"),
    ],
)
def test_arxiv_ids_are_read_without_prefix_or_version(written: str, paper: str) -> None:
    match = ARXIV_ID.match(written)
    assert match and match.group("id") == paper


@pytest.mark.parametrize("text", ["2202.052", "arxiv.org/abs/2202.05262", "22020.05262"])
def test_text_that_is_not_an_arxiv_id_is_refused(text: str) -> None:
    assert ARXIV_ID.match(text) is None


def test_dois_are_read_bare_prefixed_or_as_doi_org_links() -> None:
    for written in (
        "10.18653/v1/D16-1139",
        "doi:10.18653/v1/D16-1139",
        "https://doi.org/10.18653/v1/D16-1139",
    ):
        match = DOI.match(written)
        assert match and match.group("doi") == "10.18653/v1/D16-1139"
        assert bare_doi(written) == "10.18653/v1/D16-1139"
    assert bare_doi("11.1/x") is None


def test_arxivs_own_doi_names_the_paper_whatever_its_version() -> None:
    assert arxiv_from_doi("10.48550/arXiv.2202.05262v2") == "2202.05262"
    assert arxiv_from_doi("10.18653/v1/D16-1139") is None


def test_old_style_ids_lose_their_subject_class_and_impossible_ids_are_implausible() -> None:
    assert canonical_arxiv_id("math.GT/0309136") == "math/0309136"
    assert not plausible_arxiv_id("2213.00001")
    assert not plausible_arxiv_id("1601.0001")
    assert plausible_arxiv_id("1601.00001")
