"""Exports: BibTeX that parses back to the same fields, versioned JSON, CSV, and the command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser.bparser import BibTexParser
from support.data import PAPERS

from generator.catalog.model import (
    ET_AL,
    Catalog,
    Dataset,
    DatasetUse,
    Link,
    Models,
    Paper,
    Section,
)
from generator.cli import main
from generator.render.export import bibtex_fields, to_bibtex, to_csv, to_json

HOSTILE = Paper(
    id="hostile-editing",
    title="Editing <img src=x onerror=alert(1)> Models: {Braces} & 100% of $x^2$ #1 ~ a_b \\ end",
    url="https://example.org/paper?a=1&b=50%25#frag_ment",
    venue='Workshop on "Quotes" & <Tags>',
    year=2024,
    month=2,
    section="papers",
    method="knowledge editing",
    authors=("Ada O'Neil", "Zoë Łukasiewicz", "Bob_Smith {Jr}"),
    arxiv="2401.00001",
    doi="10.1000/tacl_a_00644",
    datasets=(DatasetUse("ecbd", "ecbd"), DatasetUse("Hand-made; set")),
    models=Models(teacher=("GPT-4",), student=("OPT 1.3B",)),
    links=(Link("PDF", "https://example.org/pdf"),),
    tags=("knowledge-editing",),
    added=dt.date(2024, 5, 1),
)
PREPRINT = Paper(
    id="preprint",
    title="A Preprint",
    url="https://arxiv.org/abs/2402.13116",
    venue="arXiv",
    year=2024,
    section="papers",
)
CATALOG = Catalog(
    sections=(Section("papers", "Papers"),),
    papers=(HOSTILE, PREPRINT),
    datasets=(Dataset("ecbd", "ECBD", "https://example.org/ecbd", paper_id="preprint"),),
)

_LATEX_COMMANDS = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciicircum{}": "^",
    r"\textasciitilde{}": "~",
}


def unescape_latex(text: str) -> str:
    pattern = "|".join(re.escape(c) for c in _LATEX_COMMANDS) + r"|\\([&%$#_])"
    return re.sub(pattern, lambda m: m.group(1) or _LATEX_COMMANDS[m.group(0)], text)


def parse_bibtex(text: str) -> dict[str, dict[str, str]]:
    parser = BibTexParser(common_strings=False, ignore_nonstandard_types=False)
    database = bibtexparser.loads(text, parser=parser)
    return {entry["ID"]: entry for entry in database.entries}


def test_bibtex_parses_back_to_every_field_of_every_paper() -> None:
    entries = parse_bibtex(to_bibtex(CATALOG))
    assert set(entries) == {"hostile-editing", "preprint"}
    for paper in CATALOG.papers:
        entry = entries[paper.id]
        expected = dict(bibtex_fields(paper))
        assert {k for k in entry if k not in {"ID", "ENTRYTYPE"}} == set(expected)
        for name, value in expected.items():
            assert entry[name] == value, name


def test_bibtex_fields_unescape_to_the_original_text() -> None:
    entry = parse_bibtex(to_bibtex(CATALOG))["hostile-editing"]
    assert unescape_latex(entry["title"].removeprefix("{").removesuffix("}")) == HOSTILE.title
    assert [unescape_latex(a) for a in entry["author"].split(" and ")] == list(HOSTILE.authors)
    assert unescape_latex(entry["booktitle"]) == HOSTILE.venue
    assert entry["year"] == "2024"
    assert entry["month"] == "2"
    assert entry["eprint"] == "2401.00001"
    assert entry["doi"] == HOSTILE.doi
    assert entry["url"] == HOSTILE.url
    assert entry["ENTRYTYPE"] == "inproceedings"


def test_bibtex_authors_that_bibtex_would_split_or_invert_are_braced() -> None:
    authors = ("Ada Lovelace", "Research AND Development Team", "Müller, Jr.")
    paper = Paper("named", "T", "https://example.org/", "V", 2024, "papers", authors=authors)
    fields = dict(bibtex_fields(paper))
    assert fields["author"] == (
        "Ada Lovelace and {Research AND Development Team} and {Müller, Jr.}"
    )
    names = re.split(r"\s+and\s+(?![^{]*\})", fields["author"], flags=re.IGNORECASE)
    assert [name.strip("{}") for name in names] == list(authors)


def test_authors_ending_in_et_al_are_bibtex_others() -> None:
    # An imported 'G. Hinton et al.' keeps its 'et al.'; BibTeX's word for it is 'others'.
    paper = Paper(
        "named", "T", "https://example.org/", "V", 2015, "papers", authors=("G. Hinton", ET_AL)
    )
    assert dict(bibtex_fields(paper))["author"] == "G. Hinton and others"


def test_bibtex_braces_stay_balanced_in_every_value() -> None:
    text = to_bibtex(CATALOG)
    depth = 0
    for character in text:
        depth += {"{": 1, "}": -1}.get(character, 0)
        assert depth >= 0
    assert depth == 0


def test_bibtex_keys_are_the_paper_ids_so_they_are_unique_and_stable() -> None:
    keys = re.findall(r"^@\w+\{([^,]+),", to_bibtex(CATALOG), re.MULTILINE)
    assert keys == ["hostile-editing", "preprint"]


def test_arxiv_preprint_is_a_misc_entry_with_its_eprint() -> None:
    entry = parse_bibtex(to_bibtex(CATALOG))["preprint"]
    assert entry["ENTRYTYPE"] == "misc"
    assert entry["howpublished"] == "arXiv"


def test_json_has_a_version_and_every_paper_and_dataset() -> None:
    document = json.loads(to_json(CATALOG))
    assert document["version"] == 1
    assert [p["id"] for p in document["papers"]] == ["hostile-editing", "preprint"]
    hostile = document["papers"][0]
    assert hostile["title"] == HOSTILE.title
    assert hostile["models"] == {"teacher": ["GPT-4"], "student": ["OPT 1.3B"]}
    assert hostile["datasets"] == [
        {"name": "ecbd", "id": "ecbd"},
        {"name": "Hand-made; set", "id": None},
    ]
    assert hostile["added"] == "2024-05-01"
    assert document["datasets"][0]["paper"] == "preprint"


def test_csv_round_trips_through_a_csv_reader() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(CATALOG))))
    assert [row["id"] for row in rows] == ["hostile-editing", "preprint"]
    assert rows[0]["title"] == HOSTILE.title
    assert rows[0]["authors"] == "Ada O'Neil; Zoë Łukasiewicz; Bob_Smith {Jr}"
    assert rows[0]["datasets"] == "ecbd; Hand-made; set"
    assert rows[1]["method"] == ""


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_text() -> None:
    paper = Paper(
        id="formula",
        title='=HYPERLINK("https://evil.example")',
        url="https://example.org/formula",
        venue="+cmd",
        year=2024,
        section="papers",
        method="-1",
        authors=("@SUM(A1)", "Ada"),
        task="a = b",
    )
    catalog = Catalog(sections=CATALOG.sections, papers=(paper,), datasets=())
    row = next(csv.DictReader(io.StringIO(to_csv(catalog))))
    assert row["title"] == '\'=HYPERLINK("https://evil.example")'
    assert (row["venue"], row["method"]) == ("'+cmd", "'-1")
    assert row["authors"] == "'@SUM(A1); Ada"
    assert row["task"] == "a = b"
    assert row["year"] == "2024"


def test_exports_are_deterministic() -> None:
    for exporter in (to_bibtex, to_json, to_csv):
        assert exporter(CATALOG) == exporter(CATALOG)


DATASETS_YAML = "datasets: []\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "papers.yaml").write_text(PAPERS)
    (tmp_path / "datasets.yaml").write_text(DATASETS_YAML)
    return tmp_path


@pytest.mark.parametrize("output_format", ["bibtex", "json", "csv"])
def test_export_command_writes_the_chosen_format_to_a_file(
    project: Path, output_format: str
) -> None:
    output = project / "out" / f"papers.{output_format}"
    assert (
        main(["--root", str(project), "export", "--format", output_format, "--output", str(output)])
        == 0
    )
    assert "rome" in output.read_text(encoding="utf-8")


def test_export_command_prints_to_stdout(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(project), "export", "--format", "bibtex"]) == 0
    assert parse_bibtex(capsys.readouterr().out)["rome"]["year"] == "2022"


def test_export_command_stops_on_invalid_data_with_located_errors(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "papers.yaml").write_text(PAPERS.replace("year: 2022", "year: soon"))
    output = project / "papers.bib"
    assert (
        main(["--root", str(project), "export", "--format", "bibtex", "--output", str(output)]) == 1
    )
    assert "papers.yaml:9:11: error:" in capsys.readouterr().err
    assert not output.exists()
