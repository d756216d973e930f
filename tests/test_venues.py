"""The venue vocabulary: canonical names, variants, years and tracks read out of free text."""

from __future__ import annotations

import pytest
from support.data import DATASETS, PAPERS, check, find

from generator.catalog.venues import advice, built_in_data, venue_key, vocabulary

VENUES = vocabulary()


@pytest.mark.parametrize(
    ("written", "name", "year", "track"),
    [
        ("EMNLP 2023 Findings", "Findings of EMNLP", 2023, None),
        ("Findings of EMNLP2023", "Findings of EMNLP", 2023, None),
        ("EMNLP Findings", "Findings of EMNLP", None, None),
        ("NIPS", "NeurIPS", None, None),
        ("neurips 2022", "NeurIPS", 2022, None),
        ("EMNLP'23", "EMNLP", 2023, None),
        ("ACL 2024 System Demonstrations", "ACL", 2024, "System Demonstrations"),
        ("Arxiv", "arXiv", None, None),
    ],
)
def test_variants_are_read_as_their_canonical_venue(written, name, year, track):
    reading = VENUES.read(written)
    assert (reading.verdict, reading.name, reading.year, reading.track) == (
        "variant",
        name,
        year,
        track,
    )


@pytest.mark.parametrize("name", ["ACL", "Findings of NAACL", "TACL", "NeurIPS", "arXiv", "COLM"])
def test_canonical_names_are_accepted_as_written(name):
    assert VENUES.read(name).verdict == "canonical"
    assert advice(VENUES.read(name), 2024, None) is None


def test_a_misspelt_venue_gets_a_did_you_mean_with_its_year():
    reading = VENUES.read("NAAC 2024")
    assert (reading.verdict, reading.name, reading.year) == ("unknown", "NAACL", 2024)
    message, hint = advice(reading, 2024, None)
    assert message == "unknown venue 'NAAC 2024'"
    assert hint == "did you mean venue: NAACL, year: 2024? Or add the venue to venues.yaml"


def test_a_variant_is_told_the_fields_to_write():
    message, hint = advice(VENUES.read("EMNLP 2023 Findings"), 2023, None)
    assert message == "venue 'EMNLP 2023 Findings' is a variant of 'Findings of EMNLP'"
    assert hint == "write venue: Findings of EMNLP, year: 2023"


def test_a_year_in_the_venue_that_contradicts_the_year_field_is_said():
    message, _ = advice(VENUES.read("ICLR 2023"), 2024, None)
    assert message.endswith("and names the year 2023 while 'year' is 2024")


def test_a_venue_unlike_any_known_one_suggests_adding_it():
    message, hint = advice(VENUES.read("Workshop on Quiet Models"), 2024, None)
    assert message == "unknown venue 'Workshop on Quiet Models'"
    assert hint == "check the spelling, or add it to venues.yaml"


def test_renderers_get_the_canonical_name_but_keep_a_track_they_cannot_place():
    assert VENUES.canonical("NIPS") == "NeurIPS"
    assert VENUES.canonical("EMNLP 2023 Findings") == "Findings of EMNLP"
    assert VENUES.canonical("ACL 2024 System Demonstrations") == "ACL 2024 System Demonstrations"
    assert VENUES.canonical("Workshop X") == "Workshop X"


def test_a_project_extends_the_vocabulary_with_its_own_venues():
    venues = vocabulary({"venues": [{"name": "MLHC"}, {"name": "ACL", "variants": ["ACL-main"]}]})
    assert venues.read("MLHC").verdict == "canonical"
    assert venues.read("ACL-main").name == "ACL"
    assert VENUES.read("MLHC").verdict == "unknown"  # the built-in list is unchanged


def test_validate_warns_about_a_variant_venue_at_its_line():
    problem = find(check(PAPERS.replace("venue: NeurIPS", "venue: NIPS 2022")), "variant")
    assert (problem.file, problem.line, problem.column) == ("papers.yaml", 8, 12)
    assert problem.severity == "warning"
    assert problem.hint == "write venue: NeurIPS, year: 2022"


def test_validate_checks_the_venues_of_dataset_publications():
    datasets = DATASETS.replace("venue: Findings of NAACL", "venue: NAACL 2022 Findings")
    problem = find(check(datasets=datasets), "variant")
    assert problem.file == "datasets.yaml"
    assert problem.hint == "write venue: Findings of NAACL, year: 2022"


def test_no_two_built_in_spellings_read_alike():
    seen: dict[tuple[str, ...], str] = {}
    for venue in built_in_data()["venues"]:
        for text in (venue["name"], *venue.get("variants", ())):
            key = venue_key(text)
            assert seen.setdefault(key, venue["name"]) == venue["name"], text


def test_every_built_in_name_reads_as_itself():
    for venue in built_in_data()["venues"]:
        assert VENUES.read(venue["name"]).verdict == "canonical"
        for variant in venue.get("variants", ()):
            assert VENUES.read(variant).name == venue["name"], variant
