"""The shapes real awesome lists use, each a small fixture written here (issue 19), and the
bounds on hostile shapes (issue 17 item 6)."""

# ruff: noqa: E501  (a fixture line is as long as the list lines it stands for)

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest
import yaml

from generator.cli import main
from generator.importers import extract
from generator.importers.dedupe import merge_duplicates
from generator.importers.markdown import MAX_SECTION_DEPTH, parse_markdown
from generator.importers.model import ImportedEntry, ImportedList
from generator.importers.writer import build_data


def parse(text: str) -> ImportedList:
    return parse_markdown(dedent(text))


def only(result: ImportedList) -> ImportedEntry:
    assert len(result.entries) == 1, (result.entries, result.unread)
    return result.entries[0]


def test_a_tool_line_keeps_its_description_and_is_a_tool_with_no_authors() -> None:
    entry = only(
        parse(
            """\
            ## Command Line
            - [typer](https://github.com/fastapi/typer) - Modern CLI framework that uses Python type hints. Built on Click and Pydantic.
            """
        )
    )
    assert entry.description == (
        "Modern CLI framework that uses Python type hints. Built on Click and Pydantic."
    )
    assert entry.kind == "tool"
    assert entry.authors == ()  # "Built on Click and Pydantic" is a sentence, not authors


def test_a_code_span_keeps_its_backticks_in_a_description_and_not_in_a_title() -> None:
    entry = only(
        parse(
            """\
            ## Tools
            - [`blamer`](https://github.com/example/blamer) - Runs `git blame`to name a line's author.
            """
        )
    )
    assert entry.title == "blamer"
    assert entry.description == "Runs `git blame`to name a line's author."


def test_a_sentence_is_never_an_author_list() -> None:
    entry = only(
        parse(
            """\
            ## Libraries
            - [fastlib](https://example.org/fastlib) It is flexible, fast, efficient, unobtrusive.
            """
        )
    )
    assert entry.authors == ()


def test_a_title_followed_by_a_bracketed_paper_link_and_its_venue() -> None:
    entry = only(
        parse(
            """\
            ## Surveys
            * Unifying Large Language Models and Knowledge Graphs: A Roadmap (TKDE, 2024) [[paper]](https://arxiv.org/pdf/2306.08302.pdf)
            """
        )
    )
    assert entry.title == "Unifying Large Language Models and Knowledge Graphs: A Roadmap"
    assert (entry.url, entry.year) == ("https://arxiv.org/abs/2306.08302", 2024)


def test_a_title_followed_by_paper_and_code_links_in_double_brackets() -> None:
    entry = only(
        parse(
            """\
            ## Lifelong
            - Towards Lifelong Learning of LLMs: A Survey [[paper](https://arxiv.org/abs/2406.06391)][[code](https://github.com/qianlima-lab/awesome-lifelong)]
            """
        )
    )
    assert entry.title == "Towards Lifelong Learning of LLMs: A Survey"
    assert entry.url == "https://arxiv.org/abs/2406.06391"
    assert entry.code == "https://github.com/qianlima-lab/awesome-lifelong"


def test_a_link_written_as_a_date_is_the_entrys_link_and_date() -> None:
    entry = only(
        parse(
            """\
            ## Mixture of Experts
            - A Review of Sparse Expert Models [[4 Sep 2022]](https://arxiv.org/abs/2209.01667)
            """
        )
    )
    assert entry.title == "A Review of Sparse Expert Models"
    assert (entry.url, entry.date) == ("https://arxiv.org/abs/2209.01667", "2022-09")


def test_a_bold_title_with_year_authors_and_a_pdf_link() -> None:
    entry = only(
        parse(
            """\
            ## Detection
            - **Fast object detection at scale** (2015), R. Girshick et al. [[pdf]](http://example.org/fast.pdf)
            """
        )
    )
    assert (entry.title, entry.year) == ("Fast object detection at scale", 2015)
    assert entry.url == "http://example.org/fast.pdf"
    assert entry.authors == ("R. Girshick", "et al.")  # the list names only the first


@pytest.mark.parametrize(
    "authors", ["T. Mikolov, et. al.", "T. Mikolov et. al.", "T. Mikolov, et al."]
)
def test_et_al_written_with_a_full_stop_after_et_still_names_the_first_author(
    authors: str,
) -> None:
    # A real paper list writes 'T. Mikolov, et. al.': the first full stop ends no sentence.
    entry = only(
        parse(
            f"""\
            ## Language
            - **Distributed representations of words** (2013), {authors} [[pdf]](http://example.org/w.pdf)
            """
        )
    )
    assert entry.authors == ("T. Mikolov", "et al.")


def test_a_cited_year_keeps_the_earlier_arxiv_month_as_the_date() -> None:
    result = parse(
        """\
        ## Vision
        - **Deep residual learning** (2016), K. He et al. [[pdf]](https://arxiv.org/pdf/1512.03385)
        - **Misdated work** (2014), A. Writer et al. [[pdf]](https://arxiv.org/pdf/1512.00001)
        """
    )
    resnet, misdated = result.entries
    assert (resnet.year, resnet.date) == (2016, "2015-12")  # first public, then the venue's
    assert (misdated.year, misdated.date) == (2014, None)  # a date after the year is no date


def test_a_heading_per_entry_with_labelled_bullets_under_it() -> None:
    result = parse(
        """\
        ## Machine Unlearning

        ### [Forgetting Facts Safely](https://arxiv.org/abs/2402.01234)

        - Author(s): Jan Bronec, Jindřich Helcl
        - Date: 2024-02
        - Venue: ICLR 2024 SeT-LLM Workshop
        - Code: [repo](https://github.com/a/forget)
        - Metrics: accuracy on held-out facts

        ### [Another Way to Forget](https://arxiv.org/abs/2403.05678)

        - Venue: ACL 2024
        """
    )
    first, second = result.entries
    assert first.title == "Forgetting Facts Safely"
    assert first.sections == (("Machine Unlearning",),)
    assert first.authors == ("Jan Bronec", "Jindřich Helcl")
    assert (first.venue, first.year, first.track) == ("ICLR", 2024, "SeT-LLM Workshop")
    assert first.code == "https://github.com/a/forget"
    assert ("Metrics", "accuracy on held-out facts") in first.details
    assert (second.venue, second.year) == ("ACL", 2024)
    assert [s.title for s in result.sections] == ["Machine Unlearning"]


def test_a_fact_without_a_field_goes_into_the_note_and_the_report() -> None:
    result = parse(
        """\
        ## Unlearning

        ### [Forgetting Facts Safely](https://arxiv.org/abs/2402.01234)

        - Metrics: accuracy on held-out facts
        """
    )
    papers, _, written = build_data(result)
    assert papers["papers"][0]["note"] == "Metrics: accuracy on held-out facts."
    assert any("kept 'Metrics' in its note" in n.reason for n in written.notices)


def test_a_group_inside_a_list_becomes_a_subsection() -> None:
    result = parse(
        """\
        ## Distributed
        - Synchronous
          - [Parameter Server](https://github.com/a/ps) - A server for parameters.
          - [AllReduce Tool](https://github.com/a/allreduce) - Reduces everything.
        - Asynchronous
          - [Hogwild Runner](https://github.com/a/hogwild) - Runs without locks.
        """
    )
    assert [e.sections[0] for e in result.entries] == [
        ("Distributed", "Synchronous"),
        ("Distributed", "Synchronous"),
        ("Distributed", "Asynchronous"),
    ]
    (distributed,) = result.sections
    assert [s.title for s in distributed.children] == ["Synchronous", "Asynchronous"]


def test_a_table_maps_its_columns_and_keeps_the_rest_as_details() -> None:
    result = parse(
        """\
        ## Models
        | Title | Venue | Date | Code |
        | --- | --- | --- | --- |
        | [Model One Explained](https://arxiv.org/abs/2401.00001) | ICLR'24 | 2024-01-02 | [code](https://github.com/a/one) |
        """
    )
    entry = only(result)
    assert (entry.venue, entry.year, entry.date) == ("ICLR", 2024, "2024-01-02")
    assert entry.code == "https://github.com/a/one"


def test_a_table_keeps_the_words_beside_its_title_and_its_organization_column() -> None:
    entry = only(
        parse(
            """\
            ## Pruning
            | Title & Take-away | Org | Venue |
            | --- | --- | --- |
            | [![Star](https://img.shields.io/github/stars/a/b.svg)](https://github.com/a/b) <br> [Pruning Layers Quickly](https://arxiv.org/abs/2403.03853) <br> Removes whole layers by their importance score. | Acme Labs | ICLR'25 |
            """
        )
    )
    assert entry.title == "Pruning Layers Quickly"
    assert entry.description == "Removes whole layers by their importance score."
    assert ("Organizations", "Acme Labs") in entry.details
    assert (entry.venue, entry.year, entry.code) == ("ICLR", 2025, "https://github.com/a/b")


def test_two_headings_of_one_text_get_two_section_ids() -> None:
    result = parse(
        """\
        ## Editing
        ### Resources
        - [First Thing Here](https://example.org/one) - The first.
        #### Resources
        - [Second Thing Here](https://example.org/two) - The second.
        """
    )
    papers, _, _ = build_data(result)

    def ids(sections: list) -> list[str]:
        return [s["id"] for s in sections] + [
            i for s in sections for i in ids(s.get("sections", []))
        ]

    found = ids(papers["sections"])
    assert len(found) == len(set(found)) == 3
    assert len({p["section"] for p in papers["papers"]}) == 2


def test_an_entry_the_model_cannot_type_comes_in_as_a_resource_with_a_notice() -> None:
    result = parse(
        """\
        ## Tutorials
        - [A Tour of Things](https://example.org/tour) - Learn things step by step.
        """
    )
    papers, _, written = build_data(result)
    (paper,) = papers["papers"]
    assert paper["kind"] == "resource"
    assert paper["description"] == "Learn things step by step."
    assert any(n.reason.startswith("kept as a resource") for n in written.notices)


def test_two_tools_of_one_name_are_two_entries() -> None:
    result = parse(
        """\
        ## Configuration
        - [config](https://github.com/one/config) - Reads configuration.
        - [config](https://github.com/two/config) - Writes configuration.
        """
    )
    papers, _, _ = build_data(result)
    assert [p["url"] for p in papers["papers"]] == [
        "https://github.com/one/config",
        "https://github.com/two/config",
    ]


def test_back_to_top_lines_are_not_reported() -> None:
    result = parse(
        """\
        ## Tools
        - [Tool One Here](https://github.com/a/one) - Does one thing.

        [⬆ back to top](#contents)
        """
    )
    assert result.unread == ()


def test_a_line_with_only_labelled_links_says_so() -> None:
    result = parse(
        """\
        ## Papers
        - [[code](https://github.com/a/b)]
        """
    )
    (line,) = result.unread
    assert "only labelled links" in line.reason


# Hostile shapes (issue 17 item 6) ----------------------------------------------------------


def test_deep_details_nesting_is_refused_with_the_line_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "deep.md"
    nested = "<details><summary>Group</summary>\n\n" * 5000
    source.write_text(f"# Deep\n\n## Start\n\n{nested}- [A](https://example.org/a)\n")
    assert main(["import", str(source), "--into", str(tmp_path / "out")]) == 1
    error = capsys.readouterr().err
    opening_line = 5 + 2 * (MAX_SECTION_DEPTH - 1)  # the first <details> past the bound
    assert f"deep.md:{opening_line}: <details> blocks nested more than" in error
    assert "Traceback" not in error
    assert not (tmp_path / "out").exists()


def test_many_copies_of_one_row_fold_into_one_entry_keeping_every_line() -> None:
    rows = "\n".join(
        "| [One Paper Title Here](https://arxiv.org/abs/2401.00001) | ICLR 2024 |"
        for _ in range(3000)
    )
    result = parse_markdown(f"## Papers\n\n| Title | Venue |\n| --- | --- |\n{rows}\n")
    entry = only(result)
    assert len(entry.lines) == 3000
    assert (entry.venue, entry.year) == ("ICLR", 2024)


def test_folding_keeps_the_first_occurrence_and_fills_in_what_later_ones_add() -> None:
    first = ImportedEntry("Some Long Paper Title", 1, (("A",),), url="https://x.org/p")
    later = ImportedEntry(
        "Some Long Paper Title", 5, (("B",),), url="https://x.org/p", venue="ICLR", track="Oral"
    )
    (merged,) = merge_duplicates([first, later, later])
    assert merged.sections == (("A",), ("B",))
    assert (merged.line, merged.venue, merged.track) == (1, "ICLR", "Oral")


def test_min_kept_fails_after_writing_and_says_how_much_was_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "list.md"
    source.write_text(
        "# A List\n\n## Things\n\n- [Good Thing Here](https://example.org/good) - Good.\n"
        "- [[code](https://github.com/a/b)]\n"
    )
    target = tmp_path / "out"
    assert main(["import", str(source), "--into", str(target)]) == 1
    captured = capsys.readouterr()
    assert "50% of the 2 entries it seems to hold" in captured.out
    assert "less than --min-kept 90%" in captured.err
    assert (target / "papers.yaml").is_file()  # written first, then refused
    assert main(["import", str(source), "--into", str(tmp_path / "b"), "--min-kept", "50"]) == 0


def test_an_imported_tool_list_builds_a_readme_in_its_own_shape(tmp_path: Path) -> None:
    source = tmp_path / "list.md"
    source.write_text(
        dedent(
            """\
            # Awesome Tiny Tools

            > Tools for tiny things.

            ## Command Line
            - [typer](https://github.com/fastapi/typer) - Modern CLI framework that uses Python type hints.

            ## Testing
            - [pytest](https://github.com/pytest-dev/pytest) - makes it easy to write small tests.
            """
        )
    )
    target = tmp_path / "out"
    assert main(["import", str(source), "--into", str(target)]) == 0
    assert main(["--root", str(target), "build", "--no-site"]) == 0
    readme = (target / "README.md").read_text(encoding="utf-8")
    headings = [line for line in readme.splitlines() if line.startswith("## ")]
    assert headings[:3] == ["## Contents", "## Command Line", "## Testing"]
    assert "## Papers" not in readme and "## Datasets" not in readme
    assert (
        "- [typer](https://github.com/fastapi/typer) - Modern CLI framework that uses Python "
        "type hints." in readme
    )
    assert "- [pytest](https://github.com/pytest-dev/pytest) - Makes it easy" in readme
    assert "2 tools." in readme and "0 datasets" not in readme
    papers = yaml.safe_load((target / "papers.yaml").read_text(encoding="utf-8"))
    assert {p["kind"] for p in papers["papers"]} == {"tool"}
    report = (target / "import-report.md").read_text(encoding="utf-8")
    assert "description begins with a capital letter now" in report


def test_importing_a_readme_this_generator_wrote_gives_back_the_same_entries(
    tmp_path: Path,
) -> None:
    source = tmp_path / "list.md"
    source.write_text(
        dedent(
            """\
            # Awesome Round Trip

            > Tools and papers, there and back.

            ## Editors
            - [quill](https://github.com/a/quill) - Writes text quickly.
            - [Editing Facts in Models](https://arxiv.org/abs/2202.05262) - Edits one fact at a time. NeurIPS 2022.
              - Authors: Kevin Meng, David Bau
              - Code: [GitHub](https://github.com/a/edit)
            - [Memory Layers at Scale](https://openreview.net/forum?id=abc123) - Adds memory. ICLR 2024 SeT-LLM Workshop.

            ## Checkers
            ### Spelling
            - [lintly](https://github.com/a/lintly) - Checks text for slips.
              - License: MIT
            """
        )
    )
    first, second = tmp_path / "first", tmp_path / "second"
    assert main(["import", str(source), "--into", str(first)]) == 0
    assert main(["--root", str(first), "build", "--no-site"]) == 0
    assert main(["import", str(first / "README.md"), "--into", str(second)]) == 0

    def data(root: Path) -> tuple[list, list]:
        loaded = yaml.safe_load((root / "papers.yaml").read_text(encoding="utf-8"))
        papers = [{k: v for k, v in p.items() if k != "id"} for p in loaded["papers"]]
        return loaded["sections"], papers

    assert data(second) == data(first)
    papers = data(first)[1]
    assert [p.get("description") for p in papers] == [
        "Writes text quickly.",
        "Edits one fact at a time.",  # the venue after it is the venue, not its words
        "Adds memory.",
        "Checks text for slips.",
    ]
    assert (papers[2]["venue"], papers[2]["track"]) == ("ICLR", "SeT-LLM Workshop")
    assert papers[1]["authors"] == ["Kevin Meng", "David Bau"]
    assert (papers[3]["kind"], papers[3]["license"]) == ("tool", "MIT")


def test_a_description_that_begins_with_the_name_loses_the_name_and_says_so() -> None:
    result = parse(
        """\
        ## Build
        - [mage](https://github.com/magefile/mage) - Mage is a make/rake-like build tool using Go.
        - [air](https://github.com/cosmtrek/air) - Air - Live reload for Go apps.
        - [Plotly](https://github.com/plotly/plotly.rs) - Plotly.
        - [Airflow Tool](https://github.com/a/airflow) - Airflowing things, quickly.
        """
    )
    papers = build_data(result)[0]["papers"]
    assert [p.get("description") for p in papers] == [
        "A make/rake-like build tool using Go.",
        "Live reload for Go apps.",
        None,  # nothing but the name was said
        "Airflowing things, quickly.",
    ]
    notices = build_data(result)[2].notices
    assert sum("began with the entry's own name" in n.reason for n in notices) == 3


def test_a_badge_written_as_a_link_is_neither_a_link_nor_words() -> None:
    entry = only(
        parse(
            """\
            ## Web
            - [tako](https://github.com/rust-dd/tako) - An asynchronous web framework. [GitHub Workflow Status](https://github.com/rust-dd/tako/actions/workflows/ci.yml/badge.svg)
            """
        )
    )
    assert entry.description == "An asynchronous web framework."
    assert entry.links == ()


def test_the_sources_awesome_badge_gives_way_and_a_repository_name_title_becomes_words() -> None:
    result = parse(
        """\
        # Awesome-Multimodal-Large-Language-Models [![Awesome](https://cdn.rawgit.com/sindresorhus/awesome/d7305f3/media/badge.svg)](https://github.com/sindresorhus/awesome) [![Stars](https://img.shields.io/github/stars/a/b)](https://github.com/a/b)

        > Papers on models that see and read.

        ## Papers
        - [Seeing Models](https://arxiv.org/abs/2401.00001) - Models that see.
        """
    )
    assert result.title == "Awesome Multimodal Large Language Models"
    assert [b.label for b in result.badges] == ["Stars"]
    assert any("a repository name is not a title" in n.reason for n in result.notices)


def test_the_quote_under_the_title_is_the_description_and_the_paragraph_before_it_intro() -> None:
    result = parse(
        """\
        # Awesome Go

        We use the community Slack for instant communication.

        > A curated list of awesome Go frameworks, libraries and software.

        ## Actors
        - [ergo](https://github.com/ergo-services/ergo) - An actor-based framework.
        """
    )
    assert result.description == "A curated list of awesome Go frameworks, libraries and software."
    assert result.intro == "We use the community Slack for instant communication."


def test_a_proceedings_address_gives_the_venue_and_its_workshop() -> None:
    result = parse(
        """\
        ## Vision
        - **How transferable are features in deep neural networks?** (2014), J. Yosinski et al. [[pdf]](http://papers.nips.cc/paper/5347-how-transferable.pdf)
        - **CNN features off-the-shelf** (2014), A. Razavian et al. [[pdf]](http://www.cv-foundation.org//openaccess/content_cvpr_workshops_2014/W15/papers/Razavian_2014_CVPR_paper.pdf)
        - **Stated venue wins** (2016), A. Writer et al. ICML 2016 [[pdf]](http://papers.nips.cc/paper/1-x.pdf)
        """
    )
    assert [(e.venue, e.track, e.year, e.kind) for e in result.entries] == [
        ("NeurIPS", None, 2014, "paper"),
        ("CVPR", "Workshop", 2014, "paper"),
        ("ICML", None, 2016, "paper"),
    ]


def test_a_description_that_names_a_venue_word_is_still_a_description() -> None:
    entry = only(
        parse(
            """\
            ## Caches
            - [couchcache](https://github.com/a/couchcache) - RESTful caching micro-service backed by Couchbase server.
            """
        )
    )
    assert entry.description == "RESTful caching micro-service backed by Couchbase server."
    assert entry.venue is None and entry.kind == "tool"


def test_a_link_inside_a_description_keeps_its_words() -> None:
    entry = only(
        parse(
            """\
            ## Auth
            - [authgate](https://github.com/a/authgate) - An OAuth 2.0 server with Device Grant ([RFC 8628](https://datatracker.ietf.org/doc/html/rfc8628)).
            """
        )
    )
    assert entry.description == "An OAuth 2.0 server with Device Grant (RFC 8628)."
    assert [link.label for link in entry.links] == ["RFC 8628"]


def test_a_tool_named_like_a_link_label_is_a_tool_of_that_name() -> None:
    entry = only(
        parse(
            """\
            ## Third-party APIs
            - [github](https://github.com/google/go-github) - Go library for accessing the GitHub REST API v3.
            """
        )
    )
    assert (entry.title, entry.kind) == ("github", "tool")


def test_a_citation_without_a_link_is_an_entry_and_prose_is_not() -> None:
    result = parse(
        """\
        ## Detection
        1. Region-based convolutional networks for accurate object detection (2016), R. Girshick et al.
        2. Theano: A Python framework for fast computation, R. Al-Rfou, B. Writer
        3. Please read the guidelines before you add a paper, thank you.
        """
    )
    assert [(e.title, e.year, e.authors) for e in result.entries] == [
        (
            "Region-based convolutional networks for accurate object detection",
            2016,
            ("R. Girshick", "et al."),
        ),
        ("Theano: A Python framework for fast computation", None, ("R. Al-Rfou", "B. Writer")),
    ]
    assert [u.line for u in result.unread] == [4]
    notices = build_data(result)[2].notices
    assert sum("cited without a link" in n.reason for n in notices) == 2


def test_a_details_group_is_a_subsection_of_the_heading_it_is_under() -> None:
    result = parse(
        """\
        ## Papers of the Month

        <details><summary>May 2026</summary>

        - [Periodic Positions](https://arxiv.org/abs/2605.27980)

        </details>

        - [Open Again](https://arxiv.org/abs/2605.27981)
        """
    )
    assert [e.sections[0] for e in result.entries] == [
        ("Papers of the Month", "May 2026"),
        ("Papers of the Month",),
    ]


def test_a_closing_quote_keeps_the_description_punctuated_once(tmp_path: Path) -> None:
    source = tmp_path / "list.md"
    source.write_text(
        dedent(
            """\
            # Awesome Quotes

            > Quoted things.

            ## Memory
            - [zerocopy](https://crates.io/crates/zerocopy) - "Zerocopy makes memory manipulation effortless. We write unsafe so you don't have to."
            """
        )
    )
    target = tmp_path / "out"
    assert main(["import", str(source), "--into", str(target)]) == 0
    assert main(["--root", str(target), "build", "--no-site"]) == 0
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert "so you don't have to\"." in readme and '."' + "." not in readme


def test_a_tool_described_again_under_another_heading_keeps_both_descriptions() -> None:
    result = parse(
        """\
        ## Web
        - [wtx](https://github.com/c410-f3r/wtx) - Fast implementation with few dependencies.

        ## HTTP
        - [wtx](https://github.com/c410-f3r/wtx) - HTTP/2 client framework.
        """
    )
    (paper,) = build_data(result)[0]["papers"]
    assert paper["description"] == "Fast implementation with few dependencies."
    assert paper["note"] == "Also described: HTTP/2 client framework."
    assert (paper["section"], paper["also"]) == ("web", ["http"])


def test_names_inside_a_description_are_not_authors_and_an_awesome_list_is_a_resource() -> None:
    result = parse(
        """\
        ## Network
        - [go-stun](https://github.com/ccding/go-stun) - Go implementation of the STUN client (RFC 3489, RFC 5389).
        - [s3-proxy](https://github.com/a/s3-proxy) - S3 proxy with authentication (OpenID Connect, Basic Auth).
        - [Awesome-LLM](https://github.com/Hannibal046/Awesome-LLM) - A curated list of LLM papers.
        """
    )
    assert [(e.authors, e.kind) for e in result.entries] == [
        ((), "tool"),
        ((), "tool"),
        ((), "resource"),
    ]


def test_a_news_section_becomes_the_lists_news_and_its_papers_stay_under_their_topics(
    tmp_path: Path,
) -> None:
    source = tmp_path / "list.md"
    source.write_text(
        dedent(
            """\
            # Awesome Long Things

            > Long things, curated.

            ## 📢 News

            ### Week Papers

            - **[2026.05.27]**
              - Paper: [Periodic Positions for Long Inputs](https://arxiv.org/abs/2605.27980)
              - Paper: [Zipped Contexts](https://arxiv.org/abs/2605.28069) (ICML 2026)
            - 2026-05: We passed 100 papers.

            ## Papers

            - [Periodic Positions for Long Inputs](https://arxiv.org/abs/2605.27980) - Positions that repeat.
            """
        )
    )
    target = tmp_path / "out"
    assert main(["import", str(source), "--into", str(target), "--min-kept", "0"]) == 0
    identity = yaml.safe_load((target / "list.yaml").read_text(encoding="utf-8"))
    assert identity["news"] == [
        {"date": "2026-05-27", "text": "Periodic Positions for Long Inputs; Zipped Contexts"},
        {"date": "2026-05", "text": "We passed 100 papers"},
    ]
    papers = yaml.safe_load((target / "papers.yaml").read_text(encoding="utf-8"))["papers"]
    assert [(p["title"], p["section"]) for p in papers] == [
        ("Periodic Positions for Long Inputs", "papers")
    ]
    assert main(["--root", str(target), "build", "--no-site"]) == 0
    headings = [h for h in (target / "README.md").read_text().splitlines() if h.startswith("## ")]
    assert headings[:3] == ["## Contents", "## News", "## Papers"]


def test_badges_say_what_they_link_to_a_code_badge_is_the_code() -> None:
    result = parse(
        """\
        ## Base

        | Paper | Date | Resources |
        | --- | --- | --- |
        | [Verify Step by Step](https://arxiv.org/abs/2305.20050) | 2024 | [![Code](https://img.shields.io/badge/Code-GitHub-blue)](https://github.com/openai/prm800k) [![Static Badge](https://img.shields.io/badge/Homepage-blue)](https://example.org/verify/) |

        - Paper: [Sana World Model](https://arxiv.org/abs/2605.15178) [![Static Badge](https://img.shields.io/badge/Homepage-blue)](https://example.org/sana/)
        """
    )
    table, line = result.entries
    assert table.code == "https://github.com/openai/prm800k"
    assert [(link.label, link.url) for link in table.links] == [
        ("Homepage", "https://example.org/verify/")
    ]
    assert [link.label for link in line.links] == ["Homepage"]


def test_the_words_of_skipped_sections_become_notes_but_contents_and_news_do_not() -> None:
    result = parse(
        """\
        # Awesome Things
        ## Table of Contents
        - [Tools](#tools)
        ## Tools
        - [typer](https://github.com/example/typer) - Modern CLI framework.
        ## Latest News
        - 2024-05: We passed 100 tools.
        ## About
        > Kept by two people who like tools.

            make check
        ## Related lists
        - [awesome-python](https://github.com/vinta/awesome-python)
        """
    )
    assert [(n.slug, n.title) for n in result.notes] == [
        ("about", "About"),
        ("related-lists", "Related lists"),
    ]
    about, related = result.notes
    assert [b.markdown for b in about.blocks] == [
        "> Kept by two people who like tools.",
        "```text\nmake check\n```",  # indented code stays code as a fence
    ]
    assert [b.markdown for b in related.blocks] == [
        "- [awesome-python](https://github.com/vinta/awesome-python)"
    ]
    assert result.news == (("2024-05", "We passed 100 tools"),)
    assert [(k.line, k.where) for k in result.kept] == [
        (8, "notes/about.md"),
        (12, "notes/related-lists.md"),
    ]


def test_a_bracketed_title_or_a_second_link_after_it_keeps_the_description() -> None:
    result = parse(
        """\
        ## Math
        * [fastnum](https://github.com/neogenie/fastnum) [fastnum](https://crates.io/crates/fastnum) - Fast exact decimal numbers.
        * [[sevenz-rust](https://crates.io/crates/sevenz-rust)] - A 7z decompressor in pure Rust.
        """
    )
    fastnum, sevenz = result.entries
    assert fastnum.description == "Fast exact decimal numbers."
    assert [(link.label, link.url) for link in fastnum.links] == [
        ("fastnum", "https://crates.io/crates/fastnum")
    ]
    assert (sevenz.title, sevenz.description) == ("sevenz-rust", "A 7z decompressor in pure Rust.")


def test_a_section_of_words_without_entries_becomes_a_note_with_its_subsections() -> None:
    # A real paper list opens with "Background" and "Awesome list criteria": no entry in
    # either, whose words the list would otherwise lose without a word in the report.
    result = parse(
        """\
        # Awesome Papers
        ## Background
        Before this list, other lists *covered* the field.

        ### Criteria
        1. A list of **seminal papers** only.
        - [Background](#background)
        ## Papers
        - [Paper One](https://arxiv.org/abs/2401.00001) - The first.
        """
    )
    assert [(n.slug, n.title) for n in result.notes] == [("background", "Background")]
    (note,) = result.notes
    assert [b.markdown for b in note.blocks] == [
        "Before this list, other lists *covered* the field.",
        "## Criteria",  # under the note's own title
        "1. A list of **seminal papers** only.",
    ]  # the in-page link is navigation, which the README writes itself
    assert (2, "notes/background.md") in [(k.line, k.where) for k in result.kept]
    assert [s.title for s in result.sections if s.title == "Papers"] == ["Papers"]


def test_a_note_of_a_section_without_entries_keeps_its_html_code_and_is_not_reported_lost() -> None:
    result = parse(
        """\
        # Awesome Papers
        ## Background
        Words before the papers.

        <p align="center">Read the <b>survey</b> first.</p>

            def edit(model):
                return model

        - [[pdf](https://example.org/survey.pdf)]
        ## Papers
        - [Paper One](https://arxiv.org/abs/2401.00001) - The first.
        """
    )
    (note,) = result.notes
    assert [b.markdown for b in note.blocks] == [
        "Words before the papers.",
        "Read the survey first.",  # raw HTML, which notes refuse, as its words
        "```text\ndef edit(model):\n    return model\n```",  # indentation kept
        "- [[pdf](https://example.org/survey.pdf)]",
    ]
    kept = [(k.line, k.heading, k.where) for k in result.kept]
    assert (
        5,
        '<p align="center">Read the <b>survey</b> first.</p>',
        "notes/background.md, as its text: notes refuse raw HTML",
    ) in kept
    # Words the note keeps are not "not understood"; a line with a link may be an entry the
    # import did not recognise: it stays in the report, saying where it went.
    (linked,) = result.unread
    assert linked.line == 10
    assert linked.reason.endswith("; kept in notes/background.md")


def test_raw_html_with_words_in_a_section_of_entries_is_reported() -> None:
    result = parse(
        """\
        ## Tools
        - [typer](https://github.com/example/typer) - Modern CLI framework.

        <p>Ask before you
        add a tool.</p>

        <p align="right"><a href="#readme-top">Back to Top</a></p>
        """
    )
    # Once, with its words; a link back to the top is navigation, which the README writes.
    (line,) = result.unread
    assert (line.line, line.text, line.reason) == (
        4,
        "Ask before you add a tool.",
        "raw HTML, not an entry",
    )


def test_prose_after_entries_joins_the_section_description_but_a_linked_line_stays_unread() -> None:
    result = parse(
        """\
        ## Tools
        A few tools.
        - [typer](https://github.com/example/typer) - Modern CLI framework.

        More tools are welcome.
        *(Editors)*
        Read more about them in [this post](https://example.org/post).
        """
    )
    (section,) = result.sections
    assert section.description == "A few tools. More tools are welcome."
    assert [(k.line, k.heading) for k in result.kept] == [(5, "More tools are welcome.")]
    assert [u.line for u in result.unread] == [6, 7]  # a group's label, a line with a link


def test_imported_data_names_no_schema_file_the_list_does_not_have(tmp_path: Path) -> None:
    # An editor modeline to `schemas/papers.schema.json` pointed at nothing: no list holds one.
    source = tmp_path / "README.md"
    source.write_text(
        "# Awesome Things\n## Tools\n- [typer](https://github.com/a/typer) - A CLI.\n"
    )
    assert main(["import", str(source), "--into", str(tmp_path / "list")]) == 0
    for name in ("papers.yaml", "datasets.yaml"):
        assert "$schema=" not in (tmp_path / "list" / name).read_text(encoding="utf-8")


def test_an_emoji_shortcode_at_the_end_of_a_title_stays_whole() -> None:
    result = parse(
        """\
        ## Registries
        - [Cloudsmith :heavy_dollar_sign:](https://cloudsmith.com/) - A managed registry.
        """
    )
    assert result.entries[0].title == "Cloudsmith :heavy_dollar_sign:"


def test_an_item_over_groups_of_entries_is_a_group_even_with_a_link() -> None:
    # awesome-rust's "* SQL [[sql](..)]" over "* Generic", "* Microsoft SQL"...: it became
    # one entry whose details were every entry below it, their descriptions lost.
    result = parse(
        """\
        ## Database
        * SQL [[sql](https://crates.io/keywords/sql)]
          * Generic
            * [launchbadge/sqlx](https://github.com/launchbadge/sqlx) - Async SQL toolkit.
          * Microsoft SQL
            * [prisma/tiberius](https://github.com/prisma/tiberius) - A TDS driver.
        """
    )
    assert [(e.title, e.description, e.sections) for e in result.entries] == [
        ("launchbadge/sqlx", "Async SQL toolkit.", (("Database", "SQL", "Generic"),)),
        ("prisma/tiberius", "A TDS driver.", (("Database", "SQL", "Microsoft SQL"),)),
    ]
    (kept_out,) = result.notices
    assert (kept_out.line, kept_out.text) == (2, "sql (https://crates.io/keywords/sql)")


def test_a_plain_title_with_year_authors_and_a_pdf_link_is_a_paper() -> None:
    # As the bold form: terryum's "New", "Old Papers" and "Appendix" lines are written so.
    result = parse(
        """\
        ## Old Papers
        - Long short-term memory (1997), S. Hochreiter and J. Schmidhuber. [[pdf]](http://example.org/lstm.pdf)
        - **Fast R-CNN** (2015), R. Girshick [[pdf]](http://example.org/frcnn.pdf)
        """
    )
    lstm, fast = result.entries
    assert (lstm.title, lstm.year, lstm.authors, lstm.kind) == (
        "Long short-term memory",
        1997,
        ("S. Hochreiter", "J. Schmidhuber"),
        "paper",
    )
    assert fast.authors == ("R. Girshick",)  # one name where a citation names its authors


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("G. Hinton et al.", ("G. Hinton", "et al.")),
        ("A. Name, B. Name et al..", ("A. Name", "B. Name", "et al.")),  # a real list's '..'
        ("R. Girshick et. al", ("R. Girshick", "et al.")),
        ("A. Smith and B. Jones", ("A. Smith", "B. Jones")),
    ],
)
def test_an_author_list_keeps_its_et_al_however_it_is_written(
    text: str, names: tuple[str, ...]
) -> None:
    assert extract.authors(text) == names


def test_a_build_badge_is_no_code_link_and_the_report_names_it(tmp_path: Path) -> None:
    # awesome-rust's '- [![RustZX CI](..badge.svg)](../actions/workflows/ci.yml)' became a
    # 'Code' link to the CI page (399 of them); a badge that is a link label stays one.
    source = tmp_path / "README.md"
    source.write_text(
        dedent(
            """\
            # Awesome Things
            ## Emulators
            - [rustzx/rustzx](https://github.com/rustzx/rustzx) - [![RustZX CI](https://github.com/rustzx/rustzx/actions/workflows/ci.yml/badge.svg)](https://github.com/rustzx/rustzx/actions/workflows/ci.yml)
            - [Self-Distilled Reasoner](https://arxiv.org/abs/2601.18734) [![Code](https://img.shields.io/badge/Code-GitHub-blue)](https://github.com/siyan-zhao/OPSD)
            """
        )
    )
    assert main(["import", str(source), "--into", str(tmp_path / "list")]) == 0
    papers = yaml.safe_load((tmp_path / "list" / "papers.yaml").read_text(encoding="utf-8"))
    rustzx, reasoner = papers["papers"]
    assert "actions" not in str(rustzx)
    assert reasoner["code"] == "https://github.com/siyan-zhao/OPSD"
    report = (tmp_path / "list" / "import-report.md").read_text(encoding="utf-8")
    assert "build-status badge left out" in report


def test_an_awesome_badge_from_elsewhere_is_written_from_awesome_re_and_reported() -> None:
    result = parse(
        """\
        # Awesome Papers

        [![Awesome](https://cdn.rawgit.com/sindresorhus/awesome/d7305f3/media/badge.svg)](https://github.com/sindresorhus/awesome)

        > Papers.
        """
    )
    assert result.badges == ()  # the README writes awesome.re's
    (notice,) = result.notices
    assert (notice.line, notice.text) == (
        3,
        "https://cdn.rawgit.com/sindresorhus/awesome/d7305f3/media/badge.svg",
    )
    assert "awesome.re" in notice.reason


def test_an_entry_over_labelled_links_stays_an_entry_and_no_organization_is_an_author() -> None:
    # A review's counter-examples to the group and single-author rules.
    result = parse(
        """\
        ## Papers
        - [Scaling laws for long context](https://arxiv.org/abs/2401.00001) - ICLR 2024.
          - Implementations
            - [long-ctx-jax](https://github.com/a/long-ctx-jax) - JAX version.
        - Attention for translation (2017), Google Brain [[pdf]](https://example.org/a.pdf)
        """
    )
    scaling, attention = result.entries
    assert (scaling.title, scaling.sections) == ("Scaling laws for long context", (("Papers",),))
    assert (attention.title, attention.year, attention.authors) == (
        "Attention for translation",
        2017,
        (),
    )


@pytest.mark.parametrize(
    "href",
    [
        "https://github.com/kubeflow/pipelines",  # a repository named 'pipelines'
        "https://github.com/marketplace/actions/setup-go",
        "https://github.com/actions/toolkit",  # the 'actions' organization
    ],
)
def test_a_badge_linking_to_a_repository_named_like_ci_is_no_build_badge(href: str) -> None:
    badges = ["https://img.shields.io/github/stars/x"]
    assert not extract.is_ci_badge(href, badges)
    assert extract.is_ci_badge("https://github.com/a/b/actions/workflows/ci.yml", badges)


def test_code_in_a_note_stays_as_written_even_inside_a_list_item(tmp_path: Path) -> None:
    source = tmp_path / "README.md"
    source.write_text(
        "# Awesome Things\n\n> Things.\n\n## Setup\n\n1. Install the tool:\n   ```sh\n"
        "   * not a list item\n   + an added line\n   ```\n\n+ Then run it.\n\n"
        "## Tools\n\n- [typer](https://github.com/a/typer) - A CLI.\n"
    )
    assert main(["import", str(source), "--into", str(tmp_path / "list")]) == 0
    note = (tmp_path / "list" / "notes" / "setup.md").read_text(encoding="utf-8")
    assert "   * not a list item\n   + an added line\n" in note
    assert "- Then run it." in note
