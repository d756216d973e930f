"""Facts read from inside one entry: arXiv ids, DOIs, venues, dates, authors, kinds."""

from __future__ import annotations

import pytest

from generator.catalog.venues import vocabulary
from generator.importers import extract
from generator.importers.entries import landing


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("https://arxiv.org/abs/2202.05262v2", ["2202.05262"]),
        ("https://arxiv.org/pdf/2309.17453.pdf", ["2309.17453"]),
        ("https://arxiv.org/html/2406.01234v1", ["2406.01234"]),
        ("Title. A. Author. arXiv:2402.13116", ["2402.13116"]),
        ("arXiv 1503.02531 and arXiv:hep-th/9901001", ["1503.02531", "hep-th/9901001"]),
    ],
)
def test_arxiv_ids_are_found_in_urls_and_text(text: str, ids: list[str]) -> None:
    assert extract.arxiv_ids(text) == ids


def test_dois_lose_trailing_punctuation_and_pdf_suffix() -> None:
    text = "see https://doi.org/10.18653/v1/D16-1139. or 10.1162/tacl_a_00644.pdf"
    assert extract.dois(text) == ["10.18653/v1/D16-1139", "10.1162/tacl_a_00644"]


@pytest.mark.parametrize(
    ("text", "venue", "year", "month", "track"),
    [
        ("EMNLP 2024 Findings", "Findings of EMNLP", 2024, None, None),
        ("Findings of EMNLP2023", "Findings of EMNLP", 2023, None, None),
        ("In ACL Findings 2023", "Findings of ACL", 2023, None, None),
        ("NAAC 2024", "NAACL", 2024, None, None),
        ("Arxiv 2402.", "arXiv", 2024, 2, None),
        ("ICLR 2024.", "ICLR", 2024, None, None),
        ("Conference-ICML'25", "ICML", 2025, None, None),
        ("ICLRW'25", "ICLR", 2025, None, "Workshop"),
        ("NIPS 2017", "NeurIPS", 2017, None, None),
        ("arXiv 2023", "arXiv", 2023, None, None),
        ("ACL 2024 System Demonstration Track.", "ACL", 2024, None, "System Demonstrations"),
        ("COLING 2024 (oral)", "COLING", 2024, None, "Oral"),
        ("Nature 2023", "Nature", 2023, None, None),
    ],
)
def test_venue_spellings_map_to_canonical_names(text, venue, year, month, track) -> None:
    assert extract.venue(text) == extract.Venue(venue, year, month, track)


def test_every_venue_the_importer_writes_is_a_canonical_name_of_the_vocabulary() -> None:
    names = set(vocabulary().names)
    for text in ("EMNLP 2024 Findings", "NIPS 2017", "ICLRW'25", "LREC-COLING 2024", "CoRR 2019"):
        assert extract.venue(text).name in names, text


@pytest.mark.parametrize("text", ["the nature of facts", "GPT 2023", "LLAMA 2024", "in science"])
def test_common_words_and_unknown_acronyms_are_no_venue(text: str) -> None:
    assert extract.venue(text) is None


def test_no_venue_in_plain_prose() -> None:
    assert extract.venue("a method for pruning large models") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[2026.05.12]", (2026, "2026-05-12")),
        ("May 2024", (2024, "2024-05")),
        ("2024-3", (2024, "2024-03")),
        ("2025", (2025, None)),
        ("no date", (None, None)),
    ],
)
def test_dates_are_read_to_iso_form(text: str, expected) -> None:
    assert extract.date(text) == expected


def test_arxiv_id_gives_the_month_of_first_appearance() -> None:
    assert extract.arxiv_month("2402.13116") == (2024, 2)
    assert extract.arxiv_month("hep-th/9901001") == (1999, 1)


def test_author_lists_are_split_and_prose_is_not_names() -> None:
    assert extract.authors("Ziwei He,Jian Yuan and Le Zhou.") == (
        "Ziwei He",
        "Jian Yuan",
        "Le Zhou",
    )
    assert extract.authors("A bold new method that prunes every layer") == ()


def test_badge_text_reads_a_shields_label_and_message() -> None:
    badge = "https://img.shields.io/badge/Conference-ICML'25-blue"
    assert extract.badge_text(badge) == "Conference ICML'25"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (("Resources", "Tutorials"), "tutorial"),
        (("Benchmarks",), "benchmark"),
        (("Datasets",), "dataset"),
        (("Tools & Libraries",), "tool"),
        (("Survey & Framework",), "paper"),
        (("Post-training Methods",), None),
    ],
)
def test_kind_follows_the_innermost_telling_heading(path, kind) -> None:
    assert extract.kind_from_headings(path) == kind


def test_kind_from_hosts_and_titles() -> None:
    assert extract.kind_from_url("https://github.com/org/tool", "Tool") == "tool"
    assert extract.kind_from_url("https://www.youtube.com/watch?v=x", "Talk") == "tutorial"
    assert extract.kind_from_url("https://medium.com/@a/post", "Post") == "blog"
    assert extract.kind_from_url("https://x.org/r.pdf", "Qwen Technical Report") == "report"


@pytest.mark.parametrize(
    ("url", "page", "pdf"),
    [
        ("https://arxiv.org/pdf/2311.07102v1.pdf", "https://arxiv.org/abs/2311.07102", True),
        (
            "https://openreview.net/pdf?id=KBMOKmX2he",
            "https://openreview.net/forum?id=KBMOKmX2he",
            True,
        ),
        ("https://aclanthology.org/D16-1139.pdf", "https://aclanthology.org/D16-1139/", True),
        ("https://arxiv.org/abs/2202.05262", "https://arxiv.org/abs/2202.05262", False),
    ],
)
def test_pdf_links_become_landing_pages_and_keep_the_pdf(url, page, pdf) -> None:
    assert landing(url) == (page, url if pdf else None)


def test_expiring_signatures_are_removed_from_urls() -> None:
    assert extract.without_signature("https://x.org/a.pdf?token=abc&page=2") == (
        "https://x.org/a.pdf?page=2",
        ["token"],
    )


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            '"Well, Keep Thinking": Enhancing Reasoning',
            '"Well, Keep Thinking": Enhancing Reasoning',
        ),
        ('"Quoted Title"', "Quoted Title"),
        ('"Lone opening quote', "Lone opening quote"),
    ],
)
def test_a_quote_that_opens_the_first_words_of_a_title_stays(text: str, title: str) -> None:
    from generator.importers.entries import clean_title

    assert clean_title(text) == title
