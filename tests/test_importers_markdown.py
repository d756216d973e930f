"""Shapes of hand-written lists: each becomes sections and entries, or a reported line."""

from __future__ import annotations

from textwrap import dedent

from generator.importers.markdown import parse_markdown
from generator.importers.model import ImportedEntry, ImportedList


def parse(text: str) -> ImportedList:
    return parse_markdown(dedent(text))


def only(result: ImportedList) -> ImportedEntry:
    assert len(result.entries) == 1, result.entries
    return result.entries[0]


def titles(sections) -> list:
    return [(s.title, titles(s.children)) for s in sections]


def test_nested_headings_with_emoji_links_and_numbers_form_the_section_tree() -> None:
    result = parse(
        """\
        # 🔥 Awesome Things [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)

        > Things, curated.

        ## Contents
        - [Papers](#papers)

        ## 📜 [Papers](#papers)
        ### 1. Surveys
        #### 1.1 General
        - [A Survey of Things](https://example.org/survey)
        ### 2. Methods
        - [A Method](https://example.org/method)
        ## License
        - [CC0](https://creativecommons.org/publicdomain/zero/1.0/)
        """
    )
    assert result.title == "Awesome Things"
    assert result.description == "Things, curated."
    assert titles(result.sections) == [
        ("Papers", [("Surveys", [("General", [])]), ("Methods", [])])
    ]
    assert [e.sections for e in result.entries] == [
        (("Papers", "Surveys", "General"),),
        (("Papers", "Methods"),),
    ]
    assert result.unread == ()


def test_bullet_with_sub_bullets_gives_code_details_and_method_tag() -> None:
    entry = only(
        parse(
            """\
            ## Methods
            - (SFT) [Injecting Knowledge](https://arxiv.org/pdf/2404.00213). Arxiv 2404.
              - Microsoft
              - Code: [GitHub - org/repo](https://github.com/org/repo)
              - Task: knowledge injection
              - Paper List: [More papers](https://github.com/org/list)
            """
        )
    )
    assert entry.url == "https://arxiv.org/abs/2404.00213"
    assert entry.pdf == "https://arxiv.org/pdf/2404.00213"
    assert (entry.arxiv, entry.venue, entry.year, entry.date) == (
        "2404.00213",
        "arXiv",
        2024,
        "2024-04",
    )
    assert entry.code == "https://github.com/org/repo"
    assert entry.tag == "SFT"
    assert ("Task", "knowledge injection") in entry.details
    assert ("", "Microsoft") in entry.details
    assert [(link.label, link.url) for link in entry.links] == [
        ("Paper List", "https://github.com/org/list")
    ]


def test_table_columns_are_read_by_header_in_any_order() -> None:
    result = parse(
        """\
        ## Papers

        | Date | Code | Venue | Title | Authors |
        |------|------|-------|-------|---------|
        | 2024.05 | [GitHub](https://github.com/a/b) | EMNLP 2024 Findings | [Paper One](https://arxiv.org/abs/2405.00001) | Ann Lee, Bo Chen |

        | Paper | Conference | Time |
        |---|---|---|
        | [Paper Two](https://openreview.net/forum?id=abc) | ICLR 2025 | 2025 |
        """
    )
    first, second = result.entries
    assert (first.title, first.venue, first.year, first.date) == (
        "Paper One",
        "Findings of EMNLP",
        2024,
        "2024-05",
    )
    assert first.code == "https://github.com/a/b"
    assert first.authors == ("Ann Lee", "Bo Chen")
    assert (second.title, second.venue, second.year) == ("Paper Two", "ICLR", 2025)


def test_numbered_title_authors_arxiv_lines_are_entries() -> None:
    entry = only(
        parse(
            """\
            ## Papers
            1. Efficient Things at Scale. Ann Lee, Bo Chen, Cy Dee. arXiv:2402.13116
            """
        )
    )
    assert entry.title == "Efficient Things at Scale"
    assert entry.authors == ("Ann Lee", "Bo Chen", "Cy Dee")
    assert entry.url == "https://arxiv.org/abs/2402.13116"
    assert entry.year == 2024


def test_bold_title_with_bracketed_links() -> None:
    entry = only(
        parse(
            """\
            ## Papers
            - **Sparse Things Work.** [[paper](https://arxiv.org/abs/2301.00001)] [[code](https://github.com/x/y)] [[blog](https://x.github.io/post)]
            """
        )
    )
    assert entry.title == "Sparse Things Work"
    assert entry.url == "https://arxiv.org/abs/2301.00001"
    assert entry.code == "https://github.com/x/y"
    assert [link.label for link in entry.links] == ["Blog"]


def test_markdown_and_html_badges_give_code_and_venue() -> None:
    result = parse(
        """\
        ## Papers

        | Title |
        |---|
        | [![Star](https://img.shields.io/github/stars/a/b.svg)](https://github.com/a/b) [![Publish](https://img.shields.io/badge/Conference-ICML'25-blue)]() <br> [Pruned Model](https://arxiv.org/abs/2501.00002) <br> Take-away text. |

        - [Other Paper](https://arxiv.org/abs/2502.00003) <a href="https://github.com/c/d"><img src="https://img.shields.io/github/stars/c/d" alt="GitHub Repo stars"></a>
        """
    )
    table, bullet = result.entries
    assert (table.title, table.code, table.venue, table.year) == (
        "Pruned Model",
        "https://github.com/a/b",
        "ICML",
        2025,
    )
    assert bullet.code == "https://github.com/c/d"


def test_details_blocks_become_sub_sections() -> None:
    result = parse(
        """\
        ## Papers
        <details><summary>2024</summary>

        - [Inside Details](https://arxiv.org/abs/2401.00004)

        </details>

        - [After Details](https://arxiv.org/abs/2401.00005)
        """
    )
    assert titles(result.sections) == [("Papers", [("2024", [])])]
    assert [e.sections for e in result.entries] == [(("Papers", "2024"),), (("Papers",),)]


def test_link_reference_definitions_resolve_and_code_fences_are_skipped() -> None:
    entry = only(
        parse(
            """\
            ## Papers
            - [Referenced Paper][ref]

            ```bibtex
            @article{x, title={[Not An Entry](https://example.org)}}
            ```

            [ref]: https://arxiv.org/abs/2403.00006
            """
        )
    )
    assert entry.arxiv == "2403.00006"


def test_the_same_paper_under_two_headings_is_one_entry_in_both() -> None:
    result = parse(
        """\
        ## Editing
        - [Shared Paper Title](https://arxiv.org/pdf/2202.05262)
        ## Memory
        - [Shared Paper Title](https://arxiv.org/abs/2202.05262v2). NeurIPS 2022.
        """
    )
    entry = only(result)
    assert entry.sections == (("Editing",), ("Memory",))
    assert (entry.venue, entry.year) == ("NeurIPS", 2022)
    assert entry.lines == (2, 4)


def test_a_name_line_above_its_paper_is_a_named_dataset() -> None:
    entry = only(
        parse(
            """\
            ## Datasets
            - ECBD: Entity Cloze By Date
              - [Entity Cloze By Date: What LMs Know](https://arxiv.org/pdf/2205.02832). NAACL 2022
              - Time: 2017 to 2021
            """
        )
    )
    assert (entry.kind, entry.name, entry.title) == (
        "dataset",
        "ECBD: Entity Cloze By Date",
        "Entity Cloze By Date: What LMs Know",
    )
    assert ("Time", "2017 to 2021") in entry.details


def test_a_line_naming_several_things_by_links_gives_one_entry_each() -> None:
    result = parse(
        "## Tools\n- [ROME](https://github.com/a/rome), [MEND](https://github.com/b/mend), ...\n"
    )
    assert [(e.title, e.kind) for e in result.entries] == [("ROME", "tool"), ("MEND", "tool")]


def test_unread_lines_are_reported_with_their_line_numbers() -> None:
    result = parse(
        """\
        ## Papers
        - [Good Paper](https://arxiv.org/abs/2401.00007)
        - just a thought without a link
        - see also [Somewhere](https://example.org) for prose

        ## Citation
        - not reported: citation sections hold no entries
        """
    )
    assert [(u.line, u.text) for u in result.unread] == [
        (3, "- just a thought without a link"),
        (4, "- see also [Somewhere](https://example.org) for prose"),
    ]


def test_prose_mentioning_a_paper_is_not_an_entry() -> None:
    result = parse(
        "## Notes\n\nPlease read [Some Long Paper Title](https://arxiv.org/abs/2401.00008).\n"
    )
    assert result.entries == ()
    assert [u.line for u in result.unread] == [3]


def test_a_contents_block_in_details_hides_neither_the_headings_after_nor_below_it() -> None:
    result = parse(
        """\
        <details>
          <summary>Table of Contents</summary>
          <a href="#methods">Methods</a>
        </details>

        ## Table of Contents
        ### Methods
        - [A Listed Method](https://arxiv.org/abs/2401.00009)
        ## News
        ### This Week
        - [Not An Entry Here](https://arxiv.org/abs/2401.00010)
        """
    )
    assert titles(result.sections) == [("Methods", [])]
    assert [(e.title, e.sections) for e in result.entries] == [("A Listed Method", (("Methods",),))]
