"""The one same-paper rule (catalog/same.py): validate, new, import, suggest and refresh agree."""

from __future__ import annotations

import json

import pytest
from conftest_data import check

from generator.catalog import same
from generator.catalog.model import Catalog, Paper, Section
from generator.catalog.scaffold import find_listed
from generator.importers.dedupe import merge_duplicates
from generator.importers.model import ImportedEntry
from generator.sources.metadata import PaperMetadata
from generator.sources.works import Work
from generator.suggest.inputs import Ignored
from generator.suggest.rank import Known

TITLE = "Locating and Editing Factual Associations in GPT"
OTHER_TITLE = "Mass-Editing Memory in a Transformer"

# (first reference, second reference): each the fields a contributor or a service gives.
SAME = [
    ({"doi": "10.18653/v1/D16-1139"}, {"doi": "10.18653/V1/d16-1139"}),
    ({"doi": "10.18653/v1/D16-1139"}, {"doi": "https://doi.org/10.18653/v1/D16-1139"}),
    ({"arxiv": "2202.05262"}, {"arxiv": "arXiv:2202.05262v3"}),
    ({"arxiv": "2202.05262"}, {"doi": "10.48550/arXiv.2202.05262"}),
    ({"title": TITLE}, {"title": "locating and editing factual-associations in GPT!"}),
    ({"title": TITLE}, {"title": "Locating and Édíting Factual Associations in GPT"}),
]
DIFFERENT = [
    ({"arxiv": "2202.05262"}, {"arxiv": "2202.05263"}),
    ({"doi": "10.18653/v1/D16-1139"}, {"doi": "10.18653/v1/D16-1140"}),
]


def _fields(reference: dict[str, str], title: str) -> dict[str, str]:
    return {"title": title, "url": "https://example.org/" + title[:4], **reference}


def _validate_says(first: dict, second: dict) -> bool:
    papers = [
        {"id": f"p{n}", "venue": "ICLR", "year": 2022, "section": "methods", **fields}
        for n, fields in enumerate((first, second))
    ]
    text = json.dumps({"sections": [{"id": "methods", "title": "Methods"}], "papers": papers})
    return any("already listed" in problem.message for problem in check(text, None))


def _paper(fields: dict[str, str]) -> Paper:
    return Paper(
        "p0",
        fields["title"],
        fields["url"],
        "ICLR",
        2022,
        "methods",
        arxiv=fields.get("arxiv"),
        doi=fields.get("doi"),
    )


def _new_says(first: dict, second: dict) -> bool:
    catalog = Catalog(
        sections=(Section("methods", "Methods"),), papers=(_paper(first),), datasets=()
    )
    metadata = PaperMetadata(
        second["title"],
        (),
        2022,
        "ICLR",
        second["url"],
        arxiv=second.get("arxiv"),
        doi=second.get("doi"),
    )
    return find_listed(catalog, metadata) is not None


def _import_says(first: dict, second: dict) -> bool:
    entries = [
        ImportedEntry(line=n, sections=(("A",),), **fields)
        for n, fields in enumerate((first, second))
    ]
    return len(merge_duplicates(entries)) == 1


def _work(fields: dict[str, str]) -> Work:
    return Work(
        fields["title"], "test", arxiv=fields.get("arxiv"), doi=fields.get("doi"), url=fields["url"]
    )


def _suggest_says(first: dict, second: dict) -> bool:
    catalog = Catalog(
        sections=(Section("methods", "Methods"),), papers=(_paper(first),), datasets=()
    )
    return Known.of(catalog, Ignored()).has(_work(second))


def _refresh_says(first: dict, second: dict) -> bool:
    """The sources merge the works they find by Work.key."""
    return _work(first).key == _work(second).key


CALLERS = [_validate_says, _new_says, _import_says, _suggest_says, _refresh_says]


@pytest.mark.parametrize(("first", "second"), SAME)
def test_the_five_callers_call_the_same_paper_the_same(first: dict, second: dict) -> None:
    # Titles differ unless the pair is about titles, so that only the key under test matches.
    a = _fields(first, first.get("title", TITLE))
    b = _fields(second, second.get("title", OTHER_TITLE))
    assert [caller.__name__ for caller in CALLERS if not caller(a, b)] == []


@pytest.mark.parametrize(("first", "second"), DIFFERENT)
def test_the_five_callers_tell_different_papers_apart(first: dict, second: dict) -> None:
    a, b = _fields(first, TITLE), _fields(second, OTHER_TITLE)
    assert [caller.__name__ for caller in CALLERS if caller(a, b)] == []


def test_two_entries_with_the_same_doi_fail_validate() -> None:
    a = _fields({"doi": "10.18653/v1/D16-1139"}, TITLE)
    b = _fields({"doi": "10.18653/V1/D16-1139"}, OTHER_TITLE)
    assert _validate_says(a, b)


def test_keys_name_the_field_a_diagnostic_points_at() -> None:
    found = same.keys(url="https://arxiv.org/pdf/2202.05262v2", title="T")
    assert [(k.kind, k.value, k.field) for k in found] == [
        ("URL", "arxiv.org/abs/2202.05262", "url"),
        ("arXiv id", "2202.05262", "url"),
        ("title", "t", "title"),
    ]


def test_arxivs_own_doi_is_the_arxiv_id_not_a_second_key() -> None:
    assert [k.kind for k in same.keys(doi="10.48550/arXiv.2202.05262")] == ["arXiv id"]
