"""`init` and `import` end to end: the real CLI in a temporary directory."""

from __future__ import annotations

import os
import subprocess
from dataclasses import replace
from pathlib import Path
from textwrap import dedent

import pytest
import yaml

from generator.catalog.project import Project, open_catalog
from generator.cli import main

LIST = dedent(
    """\
    # Awesome Small Things

    > Small things, curated.

    ## Methods
    ### Editing
    - [Editing Facts in Models](https://arxiv.org/pdf/2202.05262). NeurIPS 2022.
      - Code: [GitHub](https://github.com/a/edit)
    ### Memory
    - [Editing Facts in Models](https://arxiv.org/abs/2202.05262)
    - [Memory Layers for Models](https://openreview.net/pdf?id=abc123). ICLR 2024.

    ## Datasets

    Datasets used in previous work.

    - CounterThings
      - [Counterfactual Things for Models](https://arxiv.org/abs/2305.01651). ACL 2023.
      - Time: 2020 to 2022

    ## Notes
    - a line without any link
    """
)


def write_source(directory: Path, text: str = LIST) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    source = directory / "README.md"
    source.write_text(text, encoding="utf-8")
    return source


def run_import(source: Path, into: Path, *extra: str) -> int:
    return main(["import", str(source), "--into", str(into), *extra])


def test_init_makes_a_list_that_builds_at_once(tmp_path: Path, capsys) -> None:
    target = tmp_path / "new-list"
    assert main(["init", str(target), "--title", "Awesome Tiny", "--license", "mit"]) == 0
    for name in (
        "papers.yaml",
        "datasets.yaml",
        "list.yaml",
        "mkdocs.yml",
        "contributing.md",
        "LICENSE",
        ".pre-commit-config.yaml",
        ".github/workflows/ci.yml",
        "requirements.txt",
    ):
        assert (target / name).is_file(), name
    for default in ("templates", "schemas", "overrides", "docs"):  # they stay in the package
        assert not (target / default).exists(), default
    assert "MIT License" in (target / "LICENSE").read_text()
    assert main(["--root", str(target), "build"]) == 0
    readme = (target / "README.md").read_text()
    assert readme.count("# Awesome Tiny") == 1
    assert "knowledge" not in readme.casefold()
    assert "## Entries\n\nNo entries yet.\n\n## Contributing" in readme  # no empty section
    assert (target / "site" / "index.html").is_file()


def test_identity_text_cannot_inject_template_code_or_markdown(tmp_path: Path) -> None:
    target = tmp_path / "list"
    title = "Awesome {{ 7 * 7 }} [x](javascript:alert(1))"
    assert main(["init", str(target), "--title", title]) == 0
    assert main(["--root", str(target), "build", "--no-site"]) == 0
    heading = (target / "README.md").read_text().splitlines()[0]
    badge = "[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)"
    assert heading == r"# Awesome \{\{ 7 \* 7 \}\} \[x\](javascript:alert(1)) " + badge


def test_import_writes_entries_sections_report_and_summary(tmp_path: Path, capsys) -> None:
    source = write_source(tmp_path / "src")
    target = tmp_path / "out"
    assert run_import(source, target) == 0
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    assert summary == (
        "imported 3 entries in 2 sections from README.md: 100% of the 3 entries it seems to "
        "hold; 0 lines not understood, 0 entries left out "
        f"(see {target / 'import-report.md'})"
    )
    papers = yaml.safe_load((target / "papers.yaml").read_text())
    (methods,) = papers["sections"]
    assert methods["title"] == "Methods"
    assert [s["title"] for s in methods["sections"]] == ["Editing", "Memory"]
    edit, memory = papers["papers"]
    assert edit["url"] == "https://arxiv.org/abs/2202.05262"
    assert {"label": "PDF", "url": "https://arxiv.org/pdf/2202.05262"} in edit["links"]
    assert (edit["venue"], edit["year"], edit["code"]) == (
        "NeurIPS",
        2022,
        "https://github.com/a/edit",
    )
    assert memory["url"] == "https://openreview.net/forum?id=abc123"
    datasets = yaml.safe_load((target / "datasets.yaml").read_text())
    assert datasets["description"] == "Datasets used in previous work."
    assert datasets["datasets"][0]["name"] == "CounterThings"
    assert datasets["datasets"][0]["publication"]["venue"] == "ACL"
    report = (target / "import-report.md").read_text()
    # A section of words and no entry is a note: its line is kept there, not reported lost.
    assert "a line without any link" not in report
    assert "- a line without any link" in (target / "notes" / "notes.md").read_text()
    identity = yaml.safe_load((target / "list.yaml").read_text())
    assert identity["title"] == "Awesome Small Things"
    assert identity["description"] == "Small things, curated."
    assert main(["--root", str(target), "validate"]) == 0
    assert main(["--root", str(target), "build", "--no-site"]) == 0


def test_a_paper_in_two_sections_is_written_once(tmp_path: Path) -> None:
    source = write_source(tmp_path / "src")
    target = tmp_path / "out"
    assert run_import(source, target) == 0
    text = (target / "papers.yaml").read_text()
    assert text.count("Editing Facts in Models") == 1


def test_existing_data_is_kept_without_force(tmp_path: Path, capsys) -> None:
    source = write_source(tmp_path / "src")
    target = tmp_path / "out"
    target.mkdir()
    (target / "papers.yaml").write_text("mine\n")
    assert run_import(source, target) == 1
    assert "--force" in capsys.readouterr().err
    assert (target / "papers.yaml").read_text() == "mine\n"
    assert sorted(p.name for p in target.iterdir()) == ["papers.yaml"]
    assert run_import(source, target, "--force") == 0
    assert "Editing Facts in Models" in (target / "papers.yaml").read_text()


def test_an_unreadable_source_is_a_clear_error(tmp_path: Path, capsys) -> None:
    assert run_import(tmp_path / "missing.md", tmp_path / "out") == 1
    assert "cannot read" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def _git(directory: Path, *args: str, date: str | None = None) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=directory, env=env, check=True, capture_output=True)


def test_added_dates_come_from_the_commit_of_each_line(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    source = write_source(
        repo, "# L\n\n## Papers\n- [First Paper Here](https://arxiv.org/abs/2101.00001)\n"
    )
    _git(repo, "init", "-q")
    _git(repo, "add", "README.md")
    _git(repo, "commit", "-qm", "first", date="2021-03-04T10:00:00+00:00")
    with source.open("a") as handle:
        handle.write("- [Second Paper Here](https://arxiv.org/abs/2202.00002)\n")
    _git(repo, "commit", "-qam", "second", date="2022-07-08T23:30:00-02:00")
    target = tmp_path / "out"
    assert run_import(source, target) == 0
    papers = yaml.safe_load((target / "papers.yaml").read_text())["papers"]
    assert [str(p["added"]) for p in papers] == ["2021-03-04", "2022-07-08"]


def test_an_untracked_source_has_no_added_dates(tmp_path: Path) -> None:
    source = write_source(
        tmp_path / "plain", "## Papers\n- [Some Paper Title](https://arxiv.org/abs/2101.00001)\n"
    )
    target = tmp_path / "out"
    assert run_import(source, target) == 0
    assert "added" not in (target / "papers.yaml").read_text()


@pytest.mark.parametrize("size", [5 * 1024 * 1024])
def test_a_huge_source_is_refused(tmp_path: Path, capsys, size: int) -> None:
    source = tmp_path / "big.md"
    source.write_bytes(b"a" * size)
    assert run_import(source, tmp_path / "out") == 1
    assert "at most" in capsys.readouterr().err


def test_controls_and_bidi_overrides_in_the_source_do_not_reach_the_data(tmp_path: Path) -> None:
    title = "Some \u202eeltiT\u202c Paper\x1b\x07 Title"
    source = write_source(
        tmp_path / "src", f"## Editing\n- [{title}](https://arxiv.org/abs/2101.00001)\n"
    )
    target = tmp_path / "out"
    assert run_import(source, target) == 0
    papers = (target / "papers.yaml").read_text(encoding="utf-8")
    assert "\u202e" not in papers and "\x1b" not in papers
    assert "title: Some eltiT Paper Title" in papers  # the entry came through, cleaned
    assert main(["--root", str(target), "validate"]) == 0


def test_import_split_writes_one_file_per_section_that_loads_as_the_same_list(
    tmp_path: Path,
) -> None:
    source = write_source(tmp_path / "src")
    assert run_import(source, tmp_path / "whole") == 0
    assert run_import(source, tmp_path / "split", "--split") == 0
    split = tmp_path / "split"
    sections = yaml.safe_load((split / "papers.yaml").read_text(encoding="utf-8"))
    assert sections["papers"] == [] and sections["sections"]
    parts = sorted(p.name for p in (split / "papers").iterdir())
    assert parts == ["editing.yaml", "memory.yaml"]
    for part in (split / "papers").iterdir():
        entries = yaml.safe_load(part.read_text(encoding="utf-8"))["papers"]
        assert {e["section"] for e in entries} == {part.stem}
    whole_catalog, _ = open_catalog(Project(tmp_path / "whole"))
    split_catalog, problems = open_catalog(Project(split))
    assert split_catalog is not None and not problems

    def located_nowhere(catalog):
        return sorted((replace(p, line=0, file="") for p in catalog.papers), key=lambda p: p.id)

    assert located_nowhere(split_catalog) == located_nowhere(whole_catalog)
    assert {p.file for p in split_catalog.papers} == {"papers/editing.yaml", "papers/memory.yaml"}


HOUSEKEEPING = dedent(
    """\
    # Awesome Things
    > Things that are awesome.
    ## Contents
    - [Tools](#tools)
    ## News
    - 2024-05: We passed 100 tools.
    ## Tools
    - [typer](https://github.com/example/typer) - Modern CLI framework.

    Every tool here is free software.
    ## Contributing
    Please read the [guidelines](https://example.org/guide) first. Pull requests are welcome.
    Ask in [the FAQ](docs/FAQ.md) or ![logo](logo.png) [the top](#awesome-things).

    <p align="center">Made with <b>care</b> by volunteers</p>

    **Star it if it helps!**

    ### Style
    - Use one line per entry.
    ## Acknowledgements
    We thank the Foo lab for support and the makers of [typer](https://github.com/example/typer/).
    ## License
    [![CC0](https://licensebuttons.net/p/zero/1.0/88x31.png)](https://creativecommons.org/publicdomain/zero/1.0/)

    Released as CC0.
    ## Citation
    ```bibtex
    @misc{things2024, title={Awesome Things}}
    ```
    """
)


def test_housekeeping_sections_are_kept_as_notes_that_validate_build_and_are_reported(
    tmp_path: Path,
) -> None:
    source = write_source(tmp_path / "src", HOUSEKEEPING)
    target = tmp_path / "out"
    assert run_import(source, target) == 0
    notes = {p.name: p.read_text(encoding="utf-8") for p in (target / "notes").glob("*.md")}
    assert sorted(notes) == ["acknowledgements.md", "citation.md", "contributing.md", "license.md"]
    assert notes["contributing.md"] == (
        "# Contributing (from the source list)\n\n"
        "Please read the [guidelines](https://example.org/guide) first. Pull requests are "
        "welcome.\nAsk in the FAQ or logo [the top](#awesome-things).\n\n"
        "Made with care by volunteers\n\nStar it if it helps!\n\n"
        "## Style\n\n- Use one line per entry.\n"
    )
    assert notes["acknowledgements.md"] == (
        "# Acknowledgements\n\nWe thank the Foo lab for support and the makers of typer.\n"
    )
    assert notes["license.md"] == (
        "# License (from the source list)\n\n"
        "[CC0](https://creativecommons.org/publicdomain/zero/1.0/)\n\nReleased as CC0.\n"
    )
    assert "```bibtex\n@misc{things2024, title={Awesome Things}}\n```" in notes["citation.md"]
    papers = yaml.safe_load((target / "papers.yaml").read_text(encoding="utf-8"))
    assert papers["sections"][0]["description"] == "Every tool here is free software."
    report = (target / "import-report.md").read_text(encoding="utf-8")
    assert "0 lines not understood" in report
    titled = ", titled '{} (from the source list)' |"
    for row in (
        "| 10 | Every tool here is free software. | the description of section 'Tools' |",
        "| 11 | Contributing | notes/contributing.md" + titled.format("Contributing"),
        "| 21 | Acknowledgements | notes/acknowledgements.md |",
        "| 23 | License | notes/license.md" + titled.format("License"),
        "| 27 | Citation | notes/citation.md" + titled.format("Citation"),
    ):
        assert row in report
    assert "notes/contributing.md, as its text: notes refuse raw HTML" in report
    assert "an image kept as its alternative text in notes/license.md" in report
    assert "a link the README has already kept as its text in notes/acknowledgements.md" in report
    assert (
        "a link to a file of the source's repository kept as its text in notes/contributing.md"
        in report
    )
    assert main(["--root", str(target), "validate"]) == 0
    assert main(["--root", str(target), "build", "--no-site"]) == 0
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert "We thank the Foo lab for support and the makers of typer." in readme
    assert "Made with care by volunteers" in readme
    assert "<b>" not in readme


def test_a_readme_this_generator_wrote_keeps_its_own_sections_out_of_notes(
    tmp_path: Path,
) -> None:
    first = tmp_path / "first"
    assert run_import(write_source(tmp_path / "src", HOUSEKEEPING), first) == 0
    assert main(["--root", str(first), "build", "--no-site"]) == 0
    again = tmp_path / "again"
    assert run_import(first / "README.md", again) == 0
    assert not (again / "notes").exists()


def test_the_paragraphs_of_a_lists_introduction_stay_paragraphs(tmp_path: Path) -> None:
    # The README of a real list ran "... papers (2012-2016) We believe ..." into one line.
    intro = "A curated list of the most cited papers (2012-2016)\n\nWe believe in classics.\n\n"
    quote = "> Small things, curated.\n"
    source = write_source(tmp_path / "source", LIST.replace(quote, f"{quote}\n{intro}", 1))
    target = tmp_path / "list"
    assert run_import(source, target) == 0
    assert main(["--root", str(target), "build", "--no-site"]) == 0
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert "papers (2012-2016)\n\nWe believe in classics." in readme
