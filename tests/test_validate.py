"""Every semantic rule of the data, each reported at its exact line and column."""

from __future__ import annotations

import copy

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.data import DATASETS, PAPERS, REPO, THIS_YEAR, check, find, where

from generator.catalog.project import Project, open_catalog
from generator.diagnostics import Diagnostic

# A second paper, appended to PAPERS: its `id` is on line 11, `title` 12, `url` 13,
# `venue` 14, `year` 15, `section` 16, and extra keys from line 17 on.
MEND_URL = "https://openreview.net/forum?id=0DcZxeWfOPt"


def paper(
    ident: str = "mend",
    title: str = "Fast Model Editing at Scale",
    url: str = MEND_URL,
    section: str = "methods",
    year: str = "2022",
    extra: tuple[str, ...] = (),
) -> str:
    lines = [
        f"  - id: {ident}",
        f"    title: {title}",
        f"    url: {url}",
        "    venue: ICLR",
        f"    year: {year}",
        f"    section: {section}",
        *(f"    {line}" for line in extra),
    ]
    return PAPERS + "\n".join(lines) + "\n"


def test_the_repository_data_is_valid():
    catalog, problems = open_catalog(Project(REPO))
    assert problems == []
    assert catalog is not None


def test_the_minimal_fixture_is_valid():
    assert check() == []
    assert check(paper()) == []


def test_duplicate_paper_id_points_at_the_second_id():
    problems = check(paper(ident="rome"))
    assert where(problems) == [("papers.yaml", 11, 9)]
    assert problems[0].message == "duplicate id 'rome': already used at line 5"


def test_duplicate_section_id():
    text = PAPERS.replace("papers:\n", "  - id: methods\n    title: Again\npapers:\n")
    problems = check(text)
    assert where(problems) == [("papers.yaml", 4, 9)]
    assert "duplicate id 'methods': already used at line 2" in problems[0].message


def test_duplicate_dataset_id():
    text = DATASETS + "  - id: ecbd\n    name: Again\n    url: https://example.org/\n"
    text += "    publication: {title: T, venue: ACL, year: 2020}\n"
    problems = check(datasets=text)
    assert where(problems) == [("datasets.yaml", 9, 9)]
    assert "duplicate id 'ecbd'" in problems[0].message


@pytest.mark.parametrize("escape", ["\\x01", "\\0", "\\e", "\\x9b", "\\uFFFF"])
def test_control_characters_written_as_yaml_escapes_are_located(escape):
    title = "Locating and Editing Factual Associations in GPT"
    problems = check(PAPERS.replace(title, f'"Locating{escape} and Editing"'))
    assert where(problems) == [("papers.yaml", 6, 12)]
    assert "control character U+" in problems[0].message


def test_tabs_and_line_breaks_written_as_escapes_are_plain_spacing():
    title = "Locating and Editing Factual Associations in GPT"
    assert check(PAPERS.replace(title, '"Locating\\tand\\nEditing"')) == []


def test_two_datasets_with_the_same_name_would_share_one_readme_anchor():
    text = DATASETS + "  - id: ecbd-again\n    name: 'ECBD entity cloze by date'\n"
    text += "    url: https://example.org/\n    publication: {title: T, venue: ACL, year: 2020}\n"
    problems = check(datasets=text)
    assert where(problems) == [("datasets.yaml", 10, 11)]
    assert "is already used at line 3" in problems[0].message


@pytest.mark.parametrize(
    "url",
    [
        "http://arxiv.org/abs/2202.05262",  # scheme
        "https://arxiv.org/abs/2202.05262/",  # trailing slash
        "https://www.arxiv.org/abs/2202.05262",
        "https://export.arxiv.org/abs/2202.05262",
        "https://arxiv.org/abs/2202.05262v1",  # version
        "https://arxiv.org/pdf/2202.05262",  # PDF
        "https://arxiv.org/pdf/2202.05262v3",
        "https://arxiv.org/pdf/2202.05262v3.pdf",
        "https://arxiv.org/pdf/2202.05262.pdf",
        "https://arxiv.org/html/2202.05262v2",
    ],
)
def test_same_paper_twice_by_normalised_url(url):
    problems = [problem for problem in check(paper(url=url)) if problem.is_error]
    assert where(problems) == [("papers.yaml", 13, 10)]
    assert problems[0].message == "this paper is already listed at line 5 (same URL)"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("https://aclanthology.org/D16-1139/", "http://www.aclanthology.org/D16-1139"),
        ("https://ACLanthology.org/D16-1139", "https://aclanthology.org/D16-1139/"),
    ],
)
def test_same_paper_twice_by_url_outside_arxiv(first, second):
    text = paper(url=second).replace("https://arxiv.org/abs/2202.05262", first)
    problems = check(text)
    assert where(problems) == [("papers.yaml", 13, 10)]
    assert "(same URL)" in problems[0].message


def test_same_paper_twice_by_arxiv_id():
    problems = check(paper(url="https://openreview.net/forum?id=x", extra=('arxiv: "2202.05262"',)))
    assert where(problems) == [("papers.yaml", 17, 12)]
    assert problems[0].message == "this paper is already listed at line 5 (same arXiv id)"


def test_same_paper_twice_by_title_ignoring_case_spacing_and_punctuation():
    title = '"locating and EDITING   factual-associations in GPT!"'
    problems = check(paper(title=title))
    assert where(problems) == [("papers.yaml", 12, 12)]
    assert problems[0].message == "this paper is already listed at line 5 (same title)"


def test_different_versions_of_a_neighbouring_arxiv_id_are_different_papers():
    assert check(paper(url="https://arxiv.org/abs/2202.05263")) == []


def test_unknown_section_suggests_the_closest_one():
    problems = check(paper(section="method"))
    assert where(problems) == [("papers.yaml", 16, 14)]
    assert problems[0].message == "unknown section 'method'"
    assert problems[0].hint == "did you mean 'methods'?"


def test_unknown_dataset_reference_suggests_the_closest_id_and_free_text_is_allowed():
    problems = check(paper(extra=("datasets: [ecdb, WikiText, 1000 curated prompts]",)))
    assert where(problems) == [("papers.yaml", 17, 16)]
    assert problems[0].message == (
        "'ecdb' is written like a dataset id (lowercase letters, digits and hyphens), "
        "but datasets.yaml has no dataset with that id"
    )
    assert problems[0].hint.startswith("did you mean 'ecbd'? To link a dataset, use its id;")


def test_lowercase_dataset_name_states_the_id_rule_and_how_to_write_a_name():
    problems = check(paper(extra=("datasets: [squad, SQuAD]",)))
    assert where(problems) == [("papers.yaml", 17, 16)]
    assert "'squad' is written like a dataset id" in problems[0].message
    assert problems[0].hint == (
        "to link a dataset, add it to datasets.yaml with id 'squad'; to name one that "
        "datasets.yaml does not list, write the name as it is spelled, with a capital letter "
        "or a space (e.g. 'SQuAD' rather than 'squad')"
    )


def test_known_dataset_reference_is_accepted():
    assert check(paper(extra=("datasets: [ecbd]",))) == []


def test_dataset_naming_an_unknown_paper_suggests_the_closest_id():
    datasets = "datasets:\n  - id: facts\n    name: Facts\n"
    datasets += "    url: https://example.org/facts\n    paper: romee\n"
    problems = check(datasets=datasets)
    assert where(problems) == [("datasets.yaml", 5, 12)]
    assert problems[0].message == "unknown paper 'romee'"
    assert problems[0].hint == "did you mean 'rome'?"


def test_dataset_needs_exactly_one_of_paper_or_publication():
    datasets = "datasets:\n  - id: facts\n    name: Facts\n    url: https://example.org/facts\n"
    problems = check(datasets=datasets)
    assert where(problems) == [("datasets.yaml", 2, 5)]
    assert problems[0].message == "invalid entry 1 of 'datasets'"
    assert "exactly one of 'paper'" in problems[0].hint


def test_note_references_and_links_are_checked_where_they_are():
    note = "# A note\n\nSee [ROME](paper:romee), [E](dataset:ecbd) and [x](#a).\n"
    note += "Also [a PDF](https://example.org/p.pdf?X-Amz-Signature=abc).\n"
    problems = check(notes={"notes/a.md": note})
    assert where(problems) == [("notes/a.md", 3, 12), ("notes/a.md", 4, 14)]
    assert problems[0].message == "unknown paper 'romee'"
    assert problems[0].hint == "did you mean 'rome'?"
    assert "expiring signature (X-Amz-Signature)" in problems[1].message


def test_raw_html_in_a_note_is_refused_where_it_starts():
    note = "# A note\n\nSee <img src=x onerror=alert(1)> and <!-- hidden -->.\n"
    problems = check(notes={"notes/a.md": note})
    assert where(problems) == [("notes/a.md", 3, 5), ("notes/a.md", 3, 38)]
    assert {d.message for d in problems} == {"raw HTML is not allowed in notes"}


def test_code_autolinks_and_comparisons_in_a_note_are_not_html_or_links():
    note = "# A note\n\nWrite `<b>` or `[x](paper:nope)`, see <https://example.org>; a < b.\n"
    note += "\n```html\n<div>[x](paper:nope)</div>\n```\n"
    assert check(notes={"notes/a.md": note}) == []


def test_note_must_start_with_its_title():
    problems = check(notes={"notes/a.md": "No heading here.\n"})
    assert where(problems) == [("notes/a.md", 1, 1)]
    assert problems[0].message == "a note must start with its title"


def test_unknown_key_suggests_closest_field_and_points_at_the_key():
    problems = check(paper(extra=("venu: ICLR",)))
    assert where(problems) == [("papers.yaml", 17, 5)]
    assert problems[0].message == "unknown key 'venu'"
    assert problems[0].hint == "did you mean 'venue'?"


def test_unknown_top_level_key_suggests_closest_field():
    problems = check(PAPERS + "sectons: []\n")
    assert where(problems) == [("papers.yaml", 11, 1)]
    assert problems[0].hint == "did you mean 'sections'?"


def test_unknown_key_without_a_close_match_lists_the_known_keys():
    problems = check(paper(extra=("zzzz: 1",)))
    assert problems[0].hint.startswith("known keys: added, aliases, also, arxiv, authors")


def test_duplicate_key_in_one_mapping_is_reported_at_the_second_key():
    problems = check(paper(extra=("title: Again",)))
    assert where(problems) == [("papers.yaml", 17, 5)]
    assert problems[0].message.startswith("duplicate key 'title': it is already set at line 12")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org/paper", "the URL scheme 'ftp' is not http(s)"),
        ("https://user:secret@example.org/paper", "the URL carries credentials"),
        ("https://user@example.org/paper", "the URL carries credentials"),
        (
            "https://watermark.silverchair.com/x.pdf?token=AQE",
            "the URL carries an expiring signature (token)",
        ),
        (
            "https://cdn.example.org/p.pdf?Expires=1700000000&Signature=abc&Key-Pair-Id=K",
            "the URL carries an expiring signature (Expires, Key-Pair-Id, Signature)",
        ),
        (
            "https://b.s3.amazonaws.com/p.pdf?X-Amz-Algorithm=A&X-Amz-Credential=c",
            "the URL carries an expiring signature (X-Amz-Algorithm, X-Amz-Credential)",
        ),
        ("https://example.org:99999/paper", "the URL is malformed"),
        ("https://[example.org/paper", "the URL is malformed"),
    ],
)
def test_unpublishable_urls_are_reported_at_the_value(url, message):
    problems = check(paper(url=url))
    assert (find(problems, message).line, find(problems, message).column) == (13, 10)


@pytest.mark.parametrize("key", ["code", "links"])
def test_url_rules_apply_to_code_and_links(key):
    bad = "https://example.org/code?token=abc"
    extra = (f"code: {bad}",) if key == "code" else ("links:", f"  - {{label: PDF, url: {bad}}}")
    problems = check(paper(extra=extra))
    expected = (17, 11) if key == "code" else (18, 27)
    assert where(problems) == [("papers.yaml", *expected)]
    assert "expiring signature (token)" in problems[0].message


def test_url_rules_apply_to_datasets():
    problems = check(datasets=DATASETS.replace("52/", "52/?Signature=x"))
    assert where(problems) == [("datasets.yaml", 4, 10)]


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/paper",
        "https://example.org/search?q=editing&page=2",
        "https://medium.com/@someone/post",
    ],
)
def test_http_urls_are_accepted(url):
    assert check(paper(url=url)) == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/paper",
        "http://localhost:8080/paper",
        "http://[::1]:8000/paper",
        "http://127.1/paper",
        "http://2130706433/paper",
    ],
)
def test_loopback_urls_are_accepted_with_a_located_warning(url):
    problems = check(paper(url=url))
    assert [(p.severity, p.file, p.line, p.column) for p in problems] == [
        ("warning", "papers.yaml", 13, 10)
    ]
    assert "loopback" in problems[0].message and problems[0].hint


@pytest.mark.parametrize(
    ("url", "what"),
    [
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata address (169.254.169.254)"),
        ("http://[fd00:ec2::254]/latest/", "cloud metadata address (fd00:ec2::254)"),
        ("http://metadata.google.internal/computeMetadata/v1/", "cloud metadata host"),
        ("http://169.254.1.2/", "link-local address (169.254.1.2)"),
        ("http://[fe80::1]/", "link-local address (fe80::1)"),
        ("http://10.0.0.1/paper", "private address (10.0.0.1)"),
        ("http://167772161/paper", "private address (10.0.0.1)"),
        ("http://0xa.0.0.1/paper", "private address (10.0.0.1)"),
        ("http://012.0.0.1/paper", "private address (10.0.0.1)"),
        ("http://10.1/paper", "private address (10.0.0.1)"),
        ("http://[::ffff:10.0.0.1]/paper", "private address (10.0.0.1)"),
        ("http://192.168.1.1:8080/admin?x=1", "private address (192.168.1.1)"),
        ("http://[fd12:3456::1]/", "private address (fd12:3456::1)"),
        ("http://0.0.0.0:8000/", "unspecified address"),
        ("http://printer.local/", "name of a private network"),
    ],
)
def test_urls_that_point_inside_a_network_are_errors_at_the_value(url, what):
    problems = check(paper(url=url))
    [problem] = [p for p in problems if what in p.message]
    assert (problem.severity, problem.file, problem.line, problem.column) == (
        "error",
        "papers.yaml",
        13,
        10,
    )
    assert problem.message.startswith("the URL points inside a network")
    assert problem.hint


@pytest.mark.parametrize("key", ["code", "links"])
def test_network_addresses_are_refused_in_code_and_links(key):
    bad = "http://169.254.169.254/latest"
    extra = (f"code: {bad}",) if key == "code" else ("links:", f"  - {{label: PDF, url: {bad}}}")
    problems = check(paper(extra=extra))
    expected = (17, 11) if key == "code" else (18, 27)
    assert where(problems) == [("papers.yaml", *expected)]
    assert "cloud metadata" in problems[0].message


def test_network_addresses_are_refused_in_dataset_urls():
    text = DATASETS.replace("https://aclanthology.org/2022.findings-naacl.52/", "http://10.1/")
    text += "    code: http://[::ffff:a00:1]/repo\n"
    problems = check(datasets=text)
    assert where(problems) == [("datasets.yaml", 4, 10), ("datasets.yaml", 9, 11)]
    assert all("private address (10.0.0.1)" in p.message for p in problems)
    assert all(p.severity == "error" for p in problems)


@pytest.mark.parametrize("year", ["1950", str(THIS_YEAR), str(THIS_YEAR + 1)])
def test_years_from_1950_to_next_year_are_accepted(year):
    assert check(paper(year=year)) == []


def test_year_before_1950_is_reported():
    problems = check(paper(year="1949"))
    assert where(problems) == [("papers.yaml", 15, 11)]
    assert problems[0].message == "'year' is 1949, below the minimum 1950"


def test_year_after_next_year_is_reported():
    problems = check(paper(year=str(THIS_YEAR + 2)))
    assert where(problems) == [("papers.yaml", 15, 11)]
    assert problems[0].message == f"year {THIS_YEAR + 2} is in the future"
    assert problems[0].hint == f"use a year from 1950 to {THIS_YEAR + 1}"


def test_dataset_publication_year_is_checked():
    problems = check(datasets=DATASETS.replace("year: 2022", f"year: {THIS_YEAR + 5}"))
    assert where(problems) == [("datasets.yaml", 8, 13)]


def test_missing_required_key_points_at_the_entry():
    text = PAPERS.replace("    section: methods\n", "")
    problems = check(text)
    assert where(problems) == [("papers.yaml", 5, 5)]
    assert problems[0].message == "missing required key 'section' in 'papers'"
    assert problems[0].hint  # the field's description tells what to write


def test_a_paper_without_venue_is_told_what_its_kind_needs():
    text = PAPERS.replace("    venue: NeurIPS\n", "")
    problems = check(text)
    assert where(problems) == [("papers.yaml", 5, 5)]
    assert problems[0].message == (
        "a paper needs a 'venue' (or an 'arxiv' id, which makes it an arXiv preprint)"
    )
    assert "venue: arXiv" in problems[0].hint


def test_missing_top_level_key():
    problems = check("sections:\n  - id: methods\n    title: Methods\n")
    assert where(problems) == [("papers.yaml", 1, 1)]
    assert problems[0].message == "missing required key 'papers' at the top level"


@pytest.mark.parametrize(
    ("line", "message", "hint"),
    [
        ("arxiv: 2202.05262", "'arxiv' must be text, not a number", "in quotes"),
        ("doi: 10.18653", "'doi' must be text, not a number", "DOI"),
        ("month: '2'", "'month' must be a whole number, not text", "1 to 12"),
        (
            "authors: Kevin Meng, David Bau",
            "'authors' must be a list, not text",
            "[Kevin Meng, David Bau]",
        ),
        ("code: yes", "'code' must be text, not true/false", "https://"),
        ("task:", "'task' must be text, not empty", "remove the key"),
    ],
)
def test_wrong_type_is_reported_at_the_value_with_a_hint(line, message, hint):
    problems = check(paper(extra=(line,)))
    assert [d.message for d in problems] == [message]
    assert problems[0].line == 17
    assert hint in problems[0].hint


def test_unquoted_year_string_is_a_type_error():
    problems = check(paper(year='"2022"'))
    assert [(d.line, d.column, d.message) for d in problems] == [
        (15, 11, "'year' must be a whole number, not text")
    ]


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("arxiv: '2202.05262v2'", "invalid value '2202.05262v2' for 'arxiv'"),
        ("doi: https://doi.org/10.1/x", "invalid value 'https://doi.org/10.1/x' for 'doi'"),
        ("month: 13", "'month' is 13, above the maximum 12"),
        ("added: 2024-02-30", "invalid value '2024-02-30' for 'added'"),
        ("added: 1 May 2024", "invalid value '1 May 2024' for 'added'"),
        ("tags: [Knowledge Editing]", "invalid value 'Knowledge Editing' for 'tags'"),
        ("authors: [A, A]", "'authors' lists the same item twice"),
        ("authors: []", "'authors' must not be an empty list"),
        ("models: {teacher: [A]}", "invalid value for 'models'"),
    ],
)
def test_schema_rules_are_reported_in_plain_words(line, fragment):
    problems = check(paper(extra=(line,)))
    assert fragment in find(problems, fragment).message
    assert find(problems, fragment).line == 17


def test_every_problem_is_reported_at_once():
    text = paper(ident="rome", section="method", year="1800", extra=("venu: x", "code: ftp://x"))
    problems = check(text)
    assert len(problems) >= 5
    assert problems == sorted(problems)


def test_a_file_that_failed_to_load_still_lets_the_other_be_checked():
    problems = check(PAPERS, "datasets: [\n")
    assert [d.file for d in problems] == ["datasets.yaml"]


# --- Property: validate never raises, whatever the YAML -----------------------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(["rome", "methods", "https://arxiv.org/abs/2202.05262", "ftp://x?token=1"]),
)
_keys = st.one_of(
    st.sampled_from(
        [
            "id",
            "title",
            "url",
            "venue",
            "year",
            "section",
            "papers",
            "sections",
            "datasets",
            "models",
            "teacher",
            "links",
            "label",
            "paper",
            "publication",
            "authors",
            "arxiv",
        ]
    ),
    st.text(max_size=8),
    st.integers(),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=5),
    max_leaves=25,
)


def _no_raise(papers: str, datasets: str = DATASETS) -> list[Diagnostic]:
    problems = check(papers, datasets)
    assert all(isinstance(d, Diagnostic) for d in problems)
    return problems


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_validate_never_raises_on_random_text(text):
    _no_raise(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_values, _values)
def test_validate_never_raises_on_random_structures(papers, datasets):
    _no_raise(yaml.safe_dump(papers), yaml.safe_dump(datasets))


_REAL_PAPERS = (REPO / "papers.yaml").read_text(encoding="utf-8")
_REAL_DOCUMENT = yaml.load(_REAL_PAPERS, Loader=yaml.CSafeLoader)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_validate_never_raises_on_mutations_of_the_real_papers(data):
    text = _REAL_PAPERS
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        kind = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        size = data.draw(st.integers(1, 40))
        piece = data.draw(st.text(alphabet=" -:#[]{}'\"\n\tabc019&*!|>%@`", max_size=8))
        if kind == "delete":
            text = text[:at] + text[at + size :]
        elif kind == "insert":
            text = text[:at] + piece + text[at:]
        else:
            text = text[:at] + piece + text[at + len(piece) :]
    problems = _no_raise(text)
    assert all(d.line >= 1 and d.column >= 1 for d in problems)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_validate_never_raises_when_real_papers_get_random_values(data):
    document = copy.deepcopy(_REAL_DOCUMENT)
    for _ in range(data.draw(st.integers(1, 3))):
        entry = data.draw(st.sampled_from(document["papers"]))
        key = data.draw(st.sampled_from(sorted(entry)))
        entry[key] = data.draw(_values)
    _no_raise(yaml.dump(document, Dumper=yaml.CSafeDumper, sort_keys=False))


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("[]()<># :\npaperdatset:/x.y?token=1é\t@")), max_size=80)
)
def test_validate_never_raises_on_random_notes(text):
    problems = check(notes={"notes/n.md": text})
    assert all(d.file == "notes/n.md" for d in problems)


@pytest.mark.parametrize(
    ("character", "words"),
    [("\u202e", "the bidi control U+202E (RIGHT-TO-LEFT OVERRIDE)"), ("\u2066", "U+2066")],
)
def test_bidi_controls_written_raw_in_yaml_are_located_at_their_column(character, words):
    title = "Locating and Editing Factual Associations in GPT"
    problems = check(PAPERS.replace(title, f"Locating{character} and Editing"))
    assert where(problems) == [("papers.yaml", 6, 20)]
    assert words in problems[0].message
    assert "delete it" in problems[0].hint


def test_bidi_marks_stay_allowed_in_yaml():
    title = "Locating and Editing Factual Associations in GPT"
    assert check(PAPERS.replace(title, "Locating\u200f and Editing")) == []


def test_a_title_longer_than_the_schema_allows_is_refused_without_quoting_it():
    title = "Locating and Editing Factual Associations in GPT"
    problems = check(PAPERS.replace(title, "x" * 100_000))
    assert where(problems) == [("papers.yaml", 6, 12)]
    assert problems[0].message == ("'title' is 100,000 characters long, more than the 500 allowed")
    assert problems[0].hint == "shorten it"
