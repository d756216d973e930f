"""The README from the templates: complete, deterministic, escaped, linked once."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import markdown
import pytest
from support.data import DATASETS, PAPERS, REPO, TOOLS, copy_project, yaml_text
from support.tree import TREE_LIST, TREE_PAPERS, write_tree_project

from generator.catalog.load import NoteFile, parse_yaml
from generator.catalog.notes import emphasise_references, shift_headings
from generator.catalog.project import Project, build_catalog, open_catalog
from generator.catalog.validate import Sources
from generator.cli import main
from generator.render.readme import (
    build_readme,
    human_list,
    link_label,
    month_name,
    render_readme,
    resolve_references,
    summary_notice,
)
from generator.text.markup import github_anchor

TEMPLATES = REPO / "templates"
HOSTILE = "<script>alert(1)</script> [x](https://evil.example) *bold* ](https://evil.example)"


def catalog_of(papers: str = PAPERS, datasets: str = DATASETS, notes: dict[str, str] | None = None):
    loaded = [
        parse_yaml(yaml_text(text), Path(name), name)[0]
        for text, name in ((papers, "papers.yaml"), (datasets, "datasets.yaml"))
    ]
    note_files = tuple(NoteFile(Path(n), n, t) for n, t in sorted((notes or {}).items()))
    return build_catalog(Sources(loaded[0], loaded[1], note_files))


def readme_of(**kwargs) -> str:
    return render_readme(catalog_of(**kwargs), TEMPLATES)


def headings(text: str) -> set[str]:
    return {github_anchor(title) for title in re.findall(r"^#{1,6} (.+)$", text, re.MULTILINE)}


@pytest.fixture(scope="module")
def repo_readme() -> str:
    catalog, problems = open_catalog(Project(REPO))
    assert problems == []
    return render_readme(catalog, TEMPLATES)


def test_the_committed_readme_is_what_the_templates_render(repo_readme):
    assert (REPO / "README.md").read_text(encoding="utf-8") == repo_readme


def test_rendering_is_deterministic(repo_readme):
    catalog, _ = open_catalog(Project(REPO))
    assert render_readme(catalog, TEMPLATES) == repo_readme
    assert repo_readme.endswith("\n") and not repo_readme.endswith("\n\n")


def test_readme_has_every_part_an_awesome_list_needs(repo_readme):
    lines = repo_readme.splitlines()
    assert any(
        line.startswith("# Awesome LLM Knowledge Update [![Awesome](https://awesome.re/badge.svg)]")
        for line in lines
    )
    for heading in ["## Contents", "## Papers", "### Survey & Framework", "### Paper List"]:
        assert heading in lines
    for heading in ["## Datasets", "## Notes", "## Contributing", "## Development"]:
        assert heading in lines
    assert "[contribution guidelines](contributing.md)" in repo_readme
    assert "(LICENSE)" in repo_readme


def test_a_list_that_declares_no_development_section_gets_none_but_the_build_command():
    text = readme_of()  # no list.yaml `development:`, as an imported or new list
    assert "## Development" not in text and "(#development)" not in text
    contributing = text.split("## Contributing", 1)[1]
    assert "do not edit it by hand" in contributing
    assert "pip install -r requirements.txt && listsmith build" in contributing


def test_every_anchor_link_has_its_heading(repo_readme):
    anchors = set(re.findall(r"\]\(#([^)]+)\)", repo_readme))
    assert anchors
    assert anchors <= headings(repo_readme)


def test_every_link_target_appears_once(repo_readme):
    targets = [t for t in re.findall(r"\]\(([^)#][^)]*)\)", repo_readme)]
    assert len(targets) == len(set(targets))


def test_paper_datasets_of_the_catalog_link_to_the_dataset_anchors():
    text = readme_of(papers=PAPERS + "    datasets: [ecbd, WikiText]\n")
    line = next(line for line in text.splitlines() if line.strip().startswith("Datasets:"))
    assert (
        line.strip()
        == "Datasets: [ECBD: Entity Cloze By Date](#ecbd-entity-cloze-by-date), WikiText."
    )
    assert "ecbd-entity-cloze-by-date" in headings(text)
    assert "  - Used by: *Locating and Editing Factual Associations in GPT*." in text


def test_dataset_introduced_by_a_listed_paper_refers_to_it_without_a_second_link():
    datasets = yaml_text(
        """
        datasets:
          - id: facts
            name: Facts
            url: https://arxiv.org/abs/2202.05262
            paper: rome
        """
    )
    text = readme_of(datasets=datasets)
    assert text.count("](https://arxiv.org/abs/2202.05262)") == 1
    assert (
        "Introduced by *Locating and Editing Factual Associations in GPT* (NeurIPS 2022), " in text
    )
    # By reference: a section named by many such entries must not repeat an inline link.
    assert "listed under [Methods][methods] above." in text
    assert text.endswith("\n[methods]: #methods\n")


def test_hostile_title_renders_as_literal_text():
    papers = PAPERS.replace(
        "title: Locating and Editing Factual Associations in GPT", f"title: '{HOSTILE}'"
    )
    text = readme_of(papers=papers)
    assert "<script>" not in text
    assert "](https://evil.example)" not in text.replace("\\](https://evil.example)", "")
    html = markdown.markdown(text)
    assert "<script" not in html
    assert "evil.example" in html  # the words are still there...
    assert 'href="https://evil.example' not in html  # ...but not as a link
    assert "<strong>" not in html and "<em>bold" not in html


def test_hostile_urls_cannot_break_out_of_the_link():
    papers = PAPERS.replace(
        "url: https://arxiv.org/abs/2202.05262", "url: 'https://x.org/a) [y](https://evil.example'"
    )
    text = readme_of(papers=papers)
    assert 'href="https://evil.example' not in markdown.markdown(text)


def test_notes_keep_their_markdown_nest_their_headings_and_drop_reference_links():
    note = "# Note Title\n\n## Part\n\nSee [ROME](paper:rome) and [data](dataset:ecbd).\n"
    text = readme_of(notes={"notes/n.md": note})
    assert "### Note Title" in text
    assert "#### Part" in text
    assert "See *ROME* and *data*." in text
    assert "- [Notes](#notes)" in text


def test_without_notes_there_is_no_notes_section():
    text = readme_of()
    assert "## Notes" not in text
    assert "(#notes)" not in text


def test_paper_line_shows_venue_month_year_method_code_and_links():
    papers = PAPERS.replace("venue: NeurIPS", "venue: arXiv\n    month: 2") + (
        "    method: knowledge editing\n"
        "    code: https://github.com/kmeng01/rome\n"
        "    links:\n"
        "      - {label: PDF, url: https://arxiv.org/pdf/2202.05262}\n"
        "    authors: [Kevin Meng, David Bau]\n"
        "    models: {teacher: [A], student: [B, C]}\n"
        "    insight: It works.\n"
    )
    text = readme_of(papers=papers)
    assert (
        "- [Locating and Editing Factual Associations in GPT](https://arxiv.org/abs/2202.05262)"
        " - arXiv, February 2022 · knowledge editing · [Code](https://github.com/kmeng01/rome)"
        " · [PDF](https://arxiv.org/pdf/2202.05262)."
    ) in text
    assert "  - Authors: Kevin Meng, David Bau." in text
    assert "  - Models: teacher A; student B, C." in text
    assert "  - Insight: It works." in text


def test_venue_that_names_its_year_is_not_followed_by_the_year_again():
    text = readme_of(papers=PAPERS.replace("venue: NeurIPS", "venue: ACL 2022 Demos"))
    assert ") - ACL 2022 Demos." in text


def test_catalog_indexes_keep_list_order():
    catalog = catalog_of(
        papers=PAPERS.replace("rome", "a")
        + PAPERS.split("papers:\n")[1]
        .replace("2202.05262", "2202.05263")
        .replace("Locating", "Finding")
        .replace("rome", "b")
    )
    assert [p.id for p in catalog.papers_in("methods")] == ["a", "b"]
    assert catalog.papers_in("nothing") == ()
    assert catalog.papers_using("ecbd") == ()


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("https://github.com/kmeng01/rome", "kmeng01/rome"),
        ("https://github.com/microsoft/LMOps/tree/main/dpkd", "microsoft/LMOps"),
        ("https://www.example.org/data/", "example.org/data"),
        ("https://example.org", "example.org"),
    ],
)
def test_link_label(url, label):
    assert link_label(url) == label


def test_authors_closed_by_et_al_read_as_a_citation_does() -> None:
    # An imported 'G. Hinton et al.' keeps 'et al.' as its last author (see the schema).
    papers = PAPERS + '    authors: [Geoffrey Hinton, "et al."]\n'
    assert "  - Authors: Geoffrey Hinton et al.\n" in readme_of(papers=papers)
    assert human_list(("A. Name", "B. Name", "et al.")) == "A. Name, B. Name et al."
    assert human_list(("et al.",)) == "et al."


def test_a_list_of_tools_tells_contributors_to_add_a_repository() -> None:
    readme = readme_of(papers=TOOLS)
    assert "add a tool by running `listsmith new https://github.com/OWNER/REPO`" in readme
    assert "add a paper by running `listsmith new ARXIV_ID`" in readme_of()


def test_small_filters():
    assert month_name(2) == "February"
    assert month_name(None) == ""
    assert human_list(("a", "b")) == "a, b"
    assert shift_headings("# A\n## B\n###### C\nnot # a heading", 2) == (
        "### A\n#### B\n###### C\nnot # a heading"
    )
    targets = {"paper:rome": "#rome"}
    assert resolve_references("[R](paper:rome) [M](paper:mend)", targets) == (
        "[R](#rome) [M](paper:mend)"
    )
    assert emphasise_references("[R](paper:rome), [x](https://x.org)") == (
        "*R*, [x](https://x.org)"
    )


def test_detail_lines_end_in_one_full_stop():
    papers = PAPERS + "    authors: [Ada Lovelace, Bob Smith Jr.]\n    organizations: [Acme Inc.]\n"
    papers += "    task: what is new?\n    models: [GPT-2]\n"
    readme = readme_of(papers=papers)
    assert "  - Authors: Ada Lovelace, Bob Smith Jr.\n" in readme
    assert "  - Organizations: Acme Inc.\n" in readme
    assert "  - Task: what is new?\n" in readme
    assert "  - Models: GPT-2.\n" in readme


def test_references_resolve_in_every_link_form_that_validate_accepts():
    text = '[A]( paper:rome ) [B](<paper:rome>) [C](paper:rome "ROME")'
    assert resolve_references(text, {"paper:rome": "#rome"}) == "[A](#rome) [B](#rome) [C](#rome)"
    assert emphasise_references(text) == "*A* *B* *C*"


# --- The tree list (issue 10): nesting, entries in several sections, kinds, identity ---


@pytest.fixture(scope="module")
def tree_readme(tmp_path_factory) -> str:
    root = write_tree_project(tmp_path_factory.mktemp("tree") / "list")
    catalog, problems = open_catalog(Project(root))
    assert problems == []
    return render_readme(catalog, TEMPLATES)


def test_nested_sections_are_nested_headings(tree_readme):
    lines = tree_readme.splitlines()
    for heading in ["### Editing", "#### Locate Then Edit", "##### Causal Tracing", "#### Tools"]:
        assert heading in lines
    assert lines.index("#### Locate Then Edit") < lines.index("##### Causal Tracing")
    assert lines.index("##### Causal Tracing") < lines.index("#### Memory Based")


def test_contents_lists_the_top_level_sections_under_papers(tree_readme):
    contents = tree_readme.split("## Contents\n", 1)[1].split("\n## ", 1)[0]
    assert "- [Papers](#papers)\n  - [Editing](#editing)\n  - [Resources](#resources)\n" in contents


def test_an_entry_in_several_sections_is_listed_in_full_once_and_by_name_elsewhere(tree_readme):
    title = "[Locating and Editing Factual Associations in GPT]"
    assert tree_readme.count(f"{title}(https://arxiv.org/abs/2202.05262)") == 1
    assert tree_readme.count(f"{title}[causal]") == 2  # under Locate Then Edit and Memory Based
    assert "listed in full under Causal Tracing." in tree_readme
    assert tree_readme.count("\n[causal]: #causal-tracing\n") == 1


def test_the_url_comes_from_the_arxiv_id_or_the_doi(tree_readme):
    assert "[A Preprint Without a Venue](https://arxiv.org/abs/2406.19774) - arXiv, June 2024" in (
        tree_readme
    )
    assert "[A Paper Found by Its DOI](https://doi.org/10.18653/v1/D16-1139) - EMNLP 2016" in (
        tree_readme
    )


def test_every_kind_is_shown_with_its_own_words(tree_readme):
    for shown in [
        "[EditKit](https://github.com/example/editkit) - Tool.",
        "- Tutorial, ACL 2023 Tutorials.",
        "- Benchmark, 2023.",
        "- Dataset, 2024.",
        "- Technical report, 2024.",
        "- Blog post, November 2023.",
    ]:
        assert shown in tree_readme
    assert "4 papers, 1 technical report, 1 tool, 1 tutorial, 1 benchmark, 1 dataset entry, " in (
        tree_readme
    )


def test_aliases_are_shown_with_the_entry(tree_readme):
    assert "  - Also known as: ROME.\n" in tree_readme


def test_title_badges_description_news_and_license_come_from_list_yaml(tree_readme):
    lines = tree_readme.splitlines()
    assert (
        lines[0]  # first, where awesome-lint's badge rule looks
        == "# Awesome Tiny Tree [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)"
    )
    assert "> A small list that exercises every shape of the data model." in lines
    assert "- 2024-05: The tree grew a third level." in lines
    assert "The list is dedicated to the public domain under [CC0 1.0](LICENSE)." in lines
    assert "Knowledge Update" not in tree_readme


def test_two_sections_of_one_anchor_get_distinct_anchors(tmp_path):
    # Two headings of one text are refused (markdownlint's MD024); of one anchor, numbered.
    papers = TREE_PAPERS.replace("title: Tools\n", "title: EDITING\n")
    papers = papers.replace("also: [locate]\n  - id: lecture", "also: [editing]\n  - id: lecture")
    root = write_tree_project(tmp_path / "list", **{"papers.yaml": papers})
    catalog, problems = open_catalog(Project(root))
    assert problems == []
    text = render_readme(catalog, TEMPLATES)
    assert "[tools]: #editing-1" in text.splitlines()


def test_summary_mode_lists_sections_with_counts_and_links_to_the_site(tmp_path):
    identity = TREE_LIST + "readme:\n  mode: summary\n"
    root = write_tree_project(tmp_path / "list", **{"list.yaml": identity})
    catalog, problems = open_catalog(Project(root))
    assert problems == []
    text = render_readme(catalog, TEMPLATES)
    assert "- [Editing](https://example.org/tree/sections/editing/) - 1 entry." in text
    assert "    - [Causal Tracing](https://example.org/tree/sections/causal/) - 1 entry." in text
    assert "  - [Locate Then Edit](https://example.org/tree/sections/locate/) - 4 entries." in text
    assert "https://arxiv.org/abs/2202.05262" not in text


def test_a_full_readme_past_the_limit_becomes_the_summary_and_says_so(tmp_path):
    root = write_tree_project(tmp_path / "list")
    catalog, _ = open_catalog(Project(root))
    full = build_readme(catalog, TEMPLATES)
    assert not full.summarized and summary_notice(full) is None
    assert "https://arxiv.org/abs/2202.05262" in full.text
    assert build_readme(catalog, TEMPLATES, limit=len(full.text.encode())) == full  # it fits
    limit = len(full.text.encode("utf-8")) - 1  # one byte too many
    switched = build_readme(catalog, TEMPLATES, limit=limit)
    assert "https://arxiv.org/abs/2202.05262" not in switched.text
    assert "  - [Locate Then Edit](https://example.org/tree/sections/locate/) - 4 entries." in (
        switched.text
    )
    kib = limit // 1024
    assert f"with every entry it would be more than the {kib} KiB" in switched.text
    notice = summary_notice(switched)
    assert notice is not None and notice.severity == "warning" and f"{kib} KiB" in notice.message


def test_a_readme_past_the_limit_stays_full_without_a_site_to_link_to(tmp_path):
    identity = TREE_LIST.replace("links:\n  site: https://example.org/tree/\n", "")
    root = write_tree_project(tmp_path / "list", **{"list.yaml": identity})
    catalog, problems = open_catalog(Project(root))
    assert problems == [] and catalog.identity.site is None
    readme = build_readme(catalog, TEMPLATES, limit=1024)
    assert not readme.summarized and "https://arxiv.org/abs/2202.05262" in readme.text


# The tool's own name and repository, in the User-Agent it sends: they name the program, which
# stays the same whichever list it builds.
TOOL_IDENTITY = {"generator/__init__.py"}


def test_templates_and_generator_hold_no_word_of_this_list():
    words = ("Knowledge Update", "knowledge update", "knowledge-update", "LLM")
    for folder in ("templates", "generator"):
        for path in sorted((REPO / folder).rglob("*")):
            name = path.relative_to(REPO).as_posix()
            if path.suffix not in {".j2", ".py", ".json", ".yaml"} or name in TOOL_IDENTITY:
                continue
            text = path.read_text(encoding="utf-8")
            found = [w for w in words if w in text]
            assert found == [], f"{path.relative_to(REPO)} names {found}"


@pytest.mark.parametrize(
    ("link", "shown"),
    [("readme/dataset.md.j2", "readme/dataset.md.j2"), ("readme", "readme/")],
    ids=["file", "folder"],
)
def test_a_template_behind_a_symbolic_link_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], link: str, shown: str
) -> None:
    (tmp_path / "list").mkdir()
    root = copy_project(tmp_path / "list")
    outside = tmp_path / "outside"
    shutil.copytree(root / "templates" / "readme", outside)
    (outside / "dataset.md.j2").write_text("SECRET-KEY-1234\n")
    target = root / "templates" / link
    shutil.rmtree(target) if target.is_dir() else target.unlink()
    target.symlink_to(outside if link == "readme" else outside / "dataset.md.j2")
    before = (root / "README.md").read_text(encoding="utf-8")
    assert main(["--root", str(root), "build", "--no-site"]) == 1
    err = capsys.readouterr().err
    assert f"templates/{shown}" in err and "the template is a symbolic link" in err
    assert (root / "README.md").read_text(encoding="utf-8") == before
