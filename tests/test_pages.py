"""Site pages without MkDocs: pagination, links between pages, fences, the schema reference."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import markdown
import yaml
from support.data import numbered_paper
from support.site import REPO
from support.tree import write_tree_project

from generator.catalog.facts import CitationFacts, EntryFacts, RepositoryFacts
from generator.catalog.lineage import lineage
from generator.catalog.model import Catalog, Dataset, DatasetUse, Link, Paper, Section
from generator.catalog.notes import SITE_EXTENSION_CONFIGS, SITE_EXTENSIONS
from generator.catalog.project import Project, open_catalog
from generator.render.pages import (
    BROWSE_BATCH,
    PAGE_SIZE,
    USED_BY_SHOWN,
    Pages,
    SiteSettings,
    built_link,
    code_fence,
    page_url,
    pager_numbers,
    pdf_url,
    relative_link,
    render_site,
)
from generator.render.reference import field_tables
from generator.site.incremental import with_papers
from generator.site.postbuild import sanitize_page
from generator.site.stage import (
    CONTENT_END,
    CONTENT_START,
    ENTRY_END,
    ENTRY_START,
    split_front_matter,
)

SETTINGS = SiteSettings(
    "Test list", "https://example.org/list/", "https://example.org/src/blob/main/"
)


def _catalog(count: int) -> Catalog:
    papers = tuple(
        numbered_paper(
            n,
            venue="ICLR",
            year=2020 + n % 3,
            section="big",
            method="KD",
        )
        for n in range(count)
    )
    return Catalog(sections=(Section("big", "Big"),), papers=papers, datasets=())


def _files(count: int) -> dict[str, str]:
    site = render_site(_catalog(count), Project(REPO).templates_dir, SETTINGS)
    return {file.path: file.content for file in site.files}


def test_large_section_is_split_into_pages_of_at_most_page_size() -> None:
    count = 2 * PAGE_SIZE + 5
    files = _files(count)
    pages = sorted(path for path in files if path.startswith("sections/big/"))
    assert pages == ["sections/big/2.md", "sections/big/3.md", "sections/big/index.md"]
    heading = re.compile(r'<h2 id="(paper-\d+)" class="ak-paper">')
    entries = {path: heading.findall(files[path]) for path in pages}
    assert all(len(ids) <= PAGE_SIZE for ids in entries.values())
    assert sorted(i for ids in entries.values() for i in ids) == sorted(
        f"paper-{n}" for n in range(count)
    )
    assert "[2](2.md)" in files["sections/big/index.md"]
    assert "[1](index.md)" in files["sections/big/3.md"]


def test_the_pager_names_the_ends_the_pages_near_and_every_tenth() -> None:
    assert pager_numbers(1, 1) == [1]
    assert pager_numbers(2, 3) == [1, 2, 3]
    assert pager_numbers(5, 12) == [1, 2, 3, 4, 5, 6, 7, None, 10, 11, 12]
    assert pager_numbers(23, 40) == [1, None, 10, None, 20, 21, 22, 23, 24, 25, None, 30, None, 40]


def test_a_page_of_a_long_section_links_its_neighbours_and_a_short_pager() -> None:
    files = _files(30 * PAGE_SIZE)
    page = files["sections/big/12.md"]
    pager = page[page.index('<nav class="ak-pager"') : page.index("</nav>")]
    links = re.findall(r"\[([^\]]+)\]\(([^)]+)\)", pager)
    assert links[0] == ("Previous", "11.md") and links[-1] == ("Next", "13.md")
    numbers = [text for text, _ in links[1:-1]]
    assert numbers == ["1", "10", "11", "13", "14", "20", "30"] and "**12**" in pager
    assert pager.count("…") == 3


def test_index_pages_are_split_too_and_link_to_the_right_section_page() -> None:
    files = _files(PAGE_SIZE + 1)
    assert "methods/kd/2.md" in files
    last = f"paper-{PAGE_SIZE}"
    assert f"](../../sections/big/2.md#{last})" in files["methods/kd/2.md"]


def test_only_first_pages_are_in_the_navigation() -> None:
    site = render_site(_catalog(PAGE_SIZE + 1), Project(REPO).templates_dir, SETTINGS)
    assert {"Sections": ["sections/big/index.md"]} in site.nav  # no datasets: not "Papers"


def test_a_list_of_tools_has_no_bibtex_no_paper_label_and_no_empty_index_pages() -> None:
    tools = tuple(
        Paper(
            id=f"tool-{n}",
            title=f"Tool {n}",
            url=f"https://github.com/owner/tool-{n}",
            venue=None,
            year=None,
            section="big",
            kind="tool",
            description=f"Does thing {n}.",
            license="MIT",
        )
        for n in range(3)
    )
    catalog = Catalog(sections=(Section("big", "Big"),), papers=tools, datasets=())
    site = render_site(catalog, Project(REPO).templates_dir, SETTINGS)
    files = {file.path: file.content for file in site.files}
    assert not [path for path in files if path.startswith("cite/")]
    assert files["papers.bib"] == ""
    page = files["sections/big/index.md"]
    assert "[Repository](https://github.com/owner/tool-0)" in page
    assert "[Paper](" not in page and "BibTeX" not in page
    assert "Does thing 0." in page and "**License:** MIT" in page
    assert "years/index.md" not in files and "methods/index.md" not in files
    assert "datasets.md" not in files
    labels = [next(iter(item)) for item in site.nav]
    assert "Timeline" not in labels and "Methods & tags" not in labels
    assert "Datasets" not in labels
    assert '<div class="ak-counts" markdown>\n3 tools\n</div>' in files["index.md"]


def test_entry_links_go_to_the_line_of_papers_yaml() -> None:
    files = _files(1)
    assert (
        "(https://example.org/src/blob/main/papers.yaml#L10){ .ak-edit }"
        in files["sections/big/index.md"]
    )


def test_doi_link_keeps_a_hash_question_mark_or_percent_in_the_doi() -> None:
    paper = Paper("p", "P", "https://example.org/p", "V", 2024, "big", doi="10.1000/a#b?c%d")
    catalog = Catalog(sections=(Section("big", "Big"),), papers=(paper,), datasets=())
    site = render_site(catalog, Project(REPO).templates_dir, SETTINGS)
    page = next(file.content for file in site.files if file.path == "sections/big/index.md")
    assert "[DOI](https://doi.org/10.1000/a%23b%3Fc%25d)" in page


def test_a_dataset_used_by_many_papers_lists_the_rest_on_pages_of_its_own() -> None:
    count = USED_BY_SHOWN + PAGE_SIZE + 1
    papers = tuple(
        Paper(
            f"p{n}",
            f"P{n}",
            f"https://example.org/{n}",
            "V",
            2024,
            "big",
            datasets=(DatasetUse("ds", "ds"),),
        )
        for n in range(count)
    )
    dataset = Dataset("ds", "DS", "https://example.org/ds", paper_id="p0")
    catalog = Catalog(sections=(Section("big", "Big"),), papers=papers, datasets=(dataset,))
    site = render_site(catalog, Project(REPO).templates_dir, SETTINGS)
    files = {file.path: file.content for file in site.files}
    assert files["datasets.md"].count("{ .ak-used-by }") == USED_BY_SHOWN
    assert f"and [{count - USED_BY_SHOWN} more papers](used-by/ds/index.md)" in files["datasets.md"]
    listed = files["used-by/ds/index.md"] + files["used-by/ds/2.md"]
    assert [f"#p{n})" in listed for n in range(count)] == [True] * count
    assert "used-by/ds/3.md" not in files


def test_each_entry_of_a_section_page_is_one_block_that_its_own_text_cannot_end() -> None:
    # Text that would end the frame an entry is in, or open one, were it not escaped: the
    # comments of the packaged template, and the `/// html` blocks of a list's older copy.
    papers = (
        numbered_paper(1, section="big", venue="ICLR", year=2020, description="///"),
        numbered_paper(
            2, section="big", venue="ICLR", year=2020, description="/// html | div.forged"
        ),
        numbered_paper(3, section="big", venue="ICLR", year=2020, description=ENTRY_END),
        numbered_paper(4, section="big", venue="ICLR", year=2020, description=ENTRY_START),
    )
    catalog = Catalog(sections=(Section("big", "Big"),), papers=papers, datasets=())
    site = render_site(catalog, Project(REPO).templates_dir, SETTINGS)
    page = next(f.content for f in site.files if f.path == "sections/big/index.md")
    md = markdown.Markdown(extensions=SITE_EXTENSIONS, extension_configs=SITE_EXTENSION_CONFIGS)
    converted = md.convert(split_front_matter(page)[1])
    html = sanitize_page(f"{CONTENT_START}{converted}{CONTENT_END}", "sections/big/index.md")
    block = r'<div class="ak-entry">\s*<h2 id="(paper-\d)"(?:(?!</?div).)*'
    block += r"Edit this entry</a></p>\s*</div>"
    assert re.findall(block, html, re.S) == ["paper-1", "paper-2", "paper-3", "paper-4"]
    assert html.count("<div") == 4 and html.count("</div>") == 4
    assert "<p>///</p>" in html and "/// html | div.forged" in html
    assert "&lt;!-- ak:end-entry --&gt;" in html and "&lt;!-- ak:entry --&gt;" in html
    assert [token["id"] for token in md.toc_tokens] == ["big"]  # the titles are not contents


def test_rendering_is_deterministic() -> None:
    assert _files(30) == _files(30)


def test_relative_link_between_source_pages() -> None:
    assert relative_link("sections/a/index.md", "datasets.md#x") == "../../datasets.md#x"
    assert relative_link("index.md", "sections/a/2.md") == "sections/a/2.md"
    assert relative_link("notes/n.md", "notes/m.md") == "m.md"


def test_page_url_follows_directory_urls() -> None:
    assert page_url("index.md") == ""
    assert page_url("sections/a/index.md") == "sections/a/"
    assert page_url("sections/a/2.md") == "sections/a/2/"
    assert page_url("datasets.md") == "datasets/"


def test_code_fence_is_longer_than_any_backtick_run() -> None:
    assert code_fence("plain") == "```"
    assert code_fence("a ```` b") == "`````"


def test_field_reference_covers_nested_mappings() -> None:
    names = {(table.file, table.name) for table in field_tables()}
    assert ("papers.yaml", "paper models") in names
    paper = next(t for t in field_tables() if t.name == "paper")
    fields = {field.name: field for field in paper.fields}
    assert fields["title"].required and not fields["method"].required
    assert fields["arxiv"].example == "'2202.05262'"
    assert fields["authors"].type == "list of text"


# --- The tree list (issue 10): nested navigation, entries in several sections, aliases ---


def _tree_site(tmp_path):
    root = write_tree_project(tmp_path / "list")
    catalog, problems = open_catalog(Project(root))
    assert problems == []
    site = render_site(catalog, root / "templates", SETTINGS)
    return catalog, {file.path: file.content for file in site.files}, site.nav


def test_navigation_nests_the_section_tree(tmp_path):
    _, _, nav = _tree_site(tmp_path)
    papers = next(item["Papers"] for item in nav if "Papers" in item)
    assert papers == [
        {
            "Editing": [
                "sections/editing/index.md",
                {"Locate Then Edit": ["sections/locate/index.md", "sections/causal/index.md"]},
                "sections/memory/index.md",
            ]
        },
        {
            "Resources": [
                "sections/resources/index.md",
                "sections/tools/index.md",
                "sections/benchmarks/index.md",
            ]
        },
    ]


def test_a_section_page_links_its_subsections(tmp_path):
    _, files, _ = _tree_site(tmp_path)
    page = files["sections/editing/index.md"]
    assert (
        "Subsections: [Locate Then Edit](../locate/index.md) (4), "
        "[Memory Based](../memory/index.md) (2)." in page
    )


def test_an_entry_in_several_sections_has_one_full_entry_and_links_from_the_others(tmp_path):
    _, files, _ = _tree_site(tmp_path)
    anchored = [path for path, text in files.items() if '<h2 id="rome" class="ak-paper">' in text]
    assert anchored == ["sections/causal/index.md"]
    for other in ("sections/locate/index.md", "sections/memory/index.md"):
        text = files[other]
        assert (
            "**[Locating and Editing Factual Associations in GPT](../causal/index.md#rome)**"
            in text
        )
        assert "listed in full under [Causal Tracing](../causal/index.md)." in text
    assert (
        "- **Also in:** [Locate Then Edit](../locate/index.md), [Memory Based](../memory/index.md)"
        in (files["sections/causal/index.md"])
    )


def test_indexes_count_an_entry_in_several_sections_once(tmp_path):
    _, files, _ = _tree_site(tmp_path)
    assert "**10** papers" in files["index.md"]
    assert files["years/2022/index.md"].count("Locating and Editing") == 1


def test_browse_data_holds_aliases_and_the_other_sections(tmp_path):
    _, files, _ = _tree_site(tmp_path)
    data = json.loads(files["papers.json"])
    rome = next(paper for paper in data["papers"] if paper["id"] == "rome")
    assert rome["aliases"] == ["ROME"]
    assert rome["also"] == ["locate", "memory"]
    assert [p["id"] for p in data["papers"]].count("rome") == 1
    assert {"id": "causal", "title": "Causal Tracing", "description": None, "parent": "locate"} in (
        data["sections"]
    )


def test_search_finds_an_entry_by_its_alias(tmp_path):
    _, files, _ = _tree_site(tmp_path)
    assert "- **Also known as:** ROME" in files["sections/causal/index.md"]


def test_the_home_page_is_introduced_by_list_yaml(tmp_path):
    _, files, _ = _tree_site(tmp_path)
    home = files["index.md"]
    assert "A small list that exercises every shape of the data model." in home
    assert "Every entry links to its page." in home


def test_built_link_joins_built_pages_for_raw_html() -> None:
    assert built_link("browse/index.md", "sections/a/index.md#x") == "../sections/a/#x"
    assert built_link("sections/a/2.md", "sections/a/index.md#y") == "../#y"
    assert built_link("index.md", "datasets.md") == "datasets/"
    assert built_link("sections/a/index.md", "sections/a/index.md#z") == "#z"


def test_pdf_url_prefers_a_pdf_link_then_arxiv() -> None:
    base = Paper("p", "P", "https://example.org/p", "V", 2024, "big")
    assert pdf_url(base) == ""
    assert pdf_url(replace(base, arxiv="2202.05262")) == "https://arxiv.org/pdf/2202.05262"
    listed = replace(base, arxiv="1", links=(Link("pdf", "https://example.org/p.pdf"),))
    assert pdf_url(listed) == "https://example.org/p.pdf"


def _front_matter(page: str) -> dict[str, object]:
    assert page.startswith("---\n")
    return yaml.safe_load(page.split("---\n", 2)[1])


def test_pages_carry_an_escaped_meta_description_and_listing_pages_no_contents() -> None:
    hostile = Section("big", 'Big "<b>" & tricks: yes')
    catalog = Catalog(sections=(hostile,), papers=_catalog(3).papers, datasets=())
    site = render_site(catalog, Project(REPO).templates_dir, SETTINGS)
    files = {file.path: file.content for file in site.files}
    section = _front_matter(files["sections/big/index.md"])
    assert section["description"] == (
        "Big &quot;&lt;b&gt;&quot; &amp; tricks: yes: papers 1 to 3 of 3 in Test list."
    )
    assert section["hide"] == ["toc"]
    method = _front_matter(files["methods/kd/index.md"])
    assert method == {
        "description": "Method KD: 3 papers in Test list.",
        "hide": ["toc"],
        "search": {"exclude": True},
    }


def test_browse_page_shows_the_first_batch_of_results_without_javascript() -> None:
    files = _files(BROWSE_BATCH + 1)
    browse = files["browse/index.md"]
    assert browse.count('<li class="ak-browse-result">') == BROWSE_BATCH
    assert '<a href="../sections/big/#paper-0">Entry</a>' in browse
    assert '<button type="button" name="more">' in browse


def test_each_paper_gets_a_bibtex_download() -> None:
    files = _files(2)
    assert files["cite/paper-1.bib"].startswith("@inproceedings{paper-1,")
    assert "[BibTeX](../../cite/paper-1.bib)" in files["sections/big/index.md"]


REPOSITORY_FACTS = RepositoryFacts("a/b", 1500, True, "2025-12-01T00:00:00Z", "2026-01-05")
CITATION_FACTS = CitationFacts(2345, "OpenAlex", "2026-01-06")


def _with_facts(catalog: Catalog) -> Catalog:
    facts = {
        "paper:paper-0": EntryFacts(repository=REPOSITORY_FACTS),
        "paper:paper-1": EntryFacts(citations=CITATION_FACTS),
    }
    return replace(catalog, facts=facts)


def _site_files(catalog: Catalog) -> dict[str, str]:
    site = render_site(catalog, Project(REPO).templates_dir, SETTINGS)
    return {file.path: file.content for file in site.files}


def test_browse_data_carries_each_papers_facts_with_the_date_checked() -> None:
    files = _site_files(_with_facts(_catalog(3)))
    papers = json.loads(files["papers.json"])["papers"]
    assert papers[0]["facts"] == {
        "repository": {
            "name": "a/b",
            "stars": 1500,
            "archived": True,
            "pushed_at": "2025-12-01T00:00:00Z",
            "checked": "2026-01-05",
        }
    }
    assert papers[1]["facts"] == {
        "citations": {"count": 2345, "source": "OpenAlex", "checked": "2026-01-06"}
    }
    assert "facts" not in papers[2]


def test_browse_data_and_page_without_facts_have_no_fact_fields_or_sorts() -> None:
    files = _site_files(_catalog(3))
    assert all("facts" not in paper for paper in json.loads(files["papers.json"])["papers"])
    assert 'value="stars"' not in files["browse/index.md"]
    assert 'value="citations"' not in files["browse/index.md"]
    assert "★" not in files["browse/index.md"] and "cited by" not in files["browse/index.md"]


def test_browse_page_offers_fact_sorts_and_shows_facts_in_its_first_batch() -> None:
    browse = _site_files(_with_facts(_catalog(3)))["browse/index.md"]
    assert '<option value="stars">Most stars</option>' in browse
    assert '<option value="citations">Most cited</option>' in browse
    results = browse.split('<li class="ak-browse-result">')[1:]
    assert '">★ 1,500</span> · <span class="ak-browse-archived">archived</span>' in results[0]
    assert 'title="GitHub stars, checked 2026-01-05"' in results[0]
    assert ">cited by 2,345</span>" in results[1]
    assert "★" not in results[2] and "cited by" not in results[2]


def test_browse_offers_only_the_sort_whose_fact_some_paper_has() -> None:
    catalog = replace(_catalog(2), facts={"paper:paper-1": EntryFacts(citations=CITATION_FACTS)})
    browse = _site_files(catalog)["browse/index.md"]
    assert 'value="citations"' in browse and 'value="stars"' not in browse


def test_a_repository_gone_is_shown_so_in_browse_and_in_its_data() -> None:
    """issue 21: 404 in two refreshes in a row; the last stars are no longer shown."""
    from generator.catalog.facts import MissingFacts

    gone = EntryFacts(repository=REPOSITORY_FACTS, missing=MissingFacts("a/b", 2, "2026-01-12"))
    catalog = replace(_catalog(3), facts={"paper:paper-0": gone})
    files = _site_files(catalog)
    first = files["browse/index.md"].split('<li class="ak-browse-result">')[1]
    assert '<span class="ak-browse-gone">repository gone</span>' in first and "★" not in first
    assert json.loads(files["papers.json"])["papers"][0]["facts"]["repository_gone"] is True


def _rendered(catalog: Catalog) -> list[tuple[str, dict[str, str]]]:
    pages = Pages(catalog, Project(REPO).templates_dir, SETTINGS)
    return [
        (piece.kind, {file.path: file.content for file in piece.render()})
        for piece in pages.pieces()
    ]


def test_a_page_that_changes_with_an_entry_says_it_shows_it() -> None:
    """A preview renders again, after an edit of an entry that stays where it is listed, only
    the pieces that show it: any other piece must come out the same."""
    listed = open_catalog(Project(REPO))[0]
    assert listed is not None
    first, second, *rest = listed.papers  # the first builds on the second: a lineage chart
    catalog = with_papers(listed, (replace(first, builds_on=(second.id,)), second, *rest))
    assert catalog.datasets and lineage(catalog)
    before = _rendered(catalog)
    pieces = Pages(catalog, Project(REPO).templates_dir, SETTINGS).pieces()
    for index, paper in enumerate(catalog.papers):
        edited = replace(paper, title=f"Edited {paper.title}", venue="Edited", month=None)
        papers = (*catalog.papers[:index], edited, *catalog.papers[index + 1 :])
        after = _rendered(with_papers(catalog, papers))
        for piece, (kind, old), (_, new) in zip(pieces, before, after, strict=True):
            if kind in ("", "listing") and old != new:
                assert piece.shows is None or paper.id in piece.shows, (paper.id, sorted(old))
