"""The safe subset of Markdown for notes: each refused thing located, with what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from support.data import REPO

from generator.catalog.load import NoteFile
from generator.catalog.notes import (
    SITE_EXTENSION_CONFIGS,
    SITE_EXTENSIONS,
    readme_text,
    validate_note,
)

PAPERS = {"rome"}
DATASETS = {"ecbd"}


def problems_of(text: str) -> list[tuple[int, int, str]]:
    note = NoteFile(Path("notes/a.md"), "notes/a.md", "# A note\n\n" + text)
    return [(d.line, d.column, d.message) for d in validate_note(note, PAPERS, DATASETS)]


def lines_and_words(text: str) -> list[tuple[int, str]]:
    return [(line, message) for line, _, message in problems_of(text)]


RAW_HTML = "raw HTML is not allowed in notes"
ATTRIBUTES = "attribute lists ({: ...} or { ... }) are not allowed in notes"


def test_plain_markdown_with_code_tables_and_references_is_accepted() -> None:
    text = (
        "Some *emphasis*, **strong**, `a < b`, ~~gone~~ and [ROME](paper:rome), "
        "[E](dataset:ecbd), [x](#a), [doc](https://example.org/doc) and <https://example.org>.\n\n"
        "| a | b |\n| :-- | --: |\n| 1 | 2 |\n\n"
        "```python\nprint('<b>')\n```\n\n"
        "- a list\n- [a link][ref]\n\n[ref]: https://example.org/ref\n\n"
        "![a figure](figures/one.png)\n\n"
        "!!! note\n    An admonition.\n"
    )
    assert problems_of(text) == []


def test_raw_html_is_refused_where_it_starts() -> None:
    assert problems_of("See <img src=x onerror=alert(1)> and <!-- hidden -->.\n") == [
        (3, 5, RAW_HTML),
        (3, 38, RAW_HTML),
    ]


def test_raw_html_block_is_refused() -> None:
    assert lines_and_words("Text.\n\n<div onclick=alert(1)>x</div>\n") == [(5, RAW_HTML)]


def test_code_span_split_by_a_blank_line_does_not_hide_raw_html() -> None:
    text = "Start `code\n\n<img src=x onerror=alert(1)>\n\nend` here.\n"
    assert lines_and_words(text) == [(5, RAW_HTML)]


def test_unclosed_fence_does_not_hide_raw_html_from_the_site() -> None:
    # CommonMark reads an unclosed fence as code to the end; the site's superfences does not.
    text = "```\n<img src=x onerror=alert(1)>\n"
    found = problems_of(text)
    assert found and found[0][0] == 4
    assert "onerror" in found[0][2] or found[0][2] == RAW_HTML


def test_entities_stay_text_and_are_allowed() -> None:
    assert problems_of("Write &lt;img src=x onerror=alert(1)&gt; as text.\n") == []


@pytest.mark.parametrize(
    "block",
    [
        "Paragraph.\n{: onclick=alert(1) }\n",
        "Paragraph.\n{ onerror=alert(1) }\n",
        "Paragraph.\n{: autofocus onfocus=alert(1) }\n",
        '[x](https://example.org){ href="javascript:alert(1)" }\n',
        "## Heading { #id onclick=alert(1) }\n",
    ],
)
def test_attribute_lists_are_refused(block: str) -> None:
    found = problems_of(block)
    assert found
    assert all(message == ATTRIBUTES or "attribute" in message for _, _, message in found)
    assert {line for line, _, _ in found} <= {3, 4}


@pytest.mark.parametrize(
    ("link", "scheme"),
    [
        ("[x](javascript:alert(1))", "javascript"),
        ("[x](JavaScript:alert(1))", "javascript"),
        ("[x](&#106;avascript:alert(1))", "javascript"),
        ("[x](java&#09;script:alert(1))", "javascript"),
        ("[x](data:text/html,<script>alert(1)</script>)", "data"),
        ("[x](vbscript:msgbox)", "vbscript"),
        ("<javascript:alert(1)>", "javascript"),
        ("[x][r]\n\n[r]: JAVASCRIPT:alert(1)", "javascript"),
        ("[x][r]\n\n[r]: data:text/html;base64,PHNjcmlwdD4=", "data"),
    ],
)
def test_links_other_than_http_are_refused_in_every_form(link: str, scheme: str) -> None:
    found = problems_of(link + "\n")
    assert found, link
    assert any(f"scheme '{scheme}:'" in message for _, _, message in found)


def test_unused_link_definition_to_a_script_is_refused_at_its_line() -> None:
    assert lines_and_words("Text.\n\n[unused]: javascript:alert(1)\n") == [
        (5, "the link target uses the scheme 'javascript:', which notes may not link to")
    ]


def test_paper_reference_in_a_link_definition_is_refused() -> None:
    found = lines_and_words("See [ROME][r].\n\n[r]: paper:rome\n")
    assert (5, "a paper or dataset is referenced in a link definition") in found


@pytest.mark.parametrize(
    "image",
    ["![t](https://tracker.example/pixel.png)", "![t](//tracker.example/p.png)"],
)
def test_images_from_other_hosts_are_refused(image: str) -> None:
    found = problems_of(image + "\n")
    assert [(line, column) for line, column, _ in found] == [(3, 1)]
    assert found[0][2].startswith("images from other hosts are not allowed in notes")


@pytest.mark.parametrize(
    ("character", "words"),
    [("\u202e", "the bidi control U+202E (RIGHT-TO-LEFT OVERRIDE)"), ("\x1b", "U+001B")],
)
def test_control_and_bidi_characters_are_located(character: str, words: str) -> None:
    found = problems_of(f"Some text{character} here.\n")
    assert found[0][:2] == (3, 10)
    assert words in found[0][2]


def test_bidi_marks_are_allowed() -> None:
    assert problems_of("A name \u200fwith a mark\u200e.\n") == []


def test_the_check_renders_with_the_extensions_of_the_site() -> None:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    configs = {
        next(iter(e)): e[next(iter(e))]
        for e in config["markdown_extensions"]
        if isinstance(e, dict)
    }
    assert names == SITE_EXTENSIONS
    assert configs == SITE_EXTENSION_CONFIGS


@pytest.mark.parametrize(
    ("reference", "words"),
    [
        ("&#x202E;", "the bidi control U+202E"),
        ("&#8238;", "the bidi control U+202E"),
        ("&#X2066;", "the bidi control U+2066"),
        ("&#27;", "the control character U+001B"),
        ("&#x9b;", "the control character U+009B"),  # CommonMark reads the code point
    ],
)
def test_character_references_to_control_and_bidi_characters_are_located(
    reference: str, words: str
) -> None:
    found = problems_of(f"Some text{reference}evil here.\n")
    assert [found[0][:2]] == [(line, column) for line, column, _ in found] == [(3, 10)]
    assert found[0][2].startswith(f"the character reference {reference} writes {words}")


def test_character_references_to_ordinary_characters_are_allowed() -> None:
    assert problems_of("A &lt;tag&gt;, &amp;, &#60;, &#x200F; and &rlm;.\n") == []


@pytest.mark.parametrize(
    "text",
    [
        # A reference's title over a blank line holds a backtick: the note has a code span
        # around the image, the README (the title gone with the link) has the image bare.
        '[ROME](paper:rome "x\n\n`") <img src=x onerror=alert(1)> `\n',
        '[ROME](paper:rome "x\n\n`")\n<img src=x onerror=alert(1)>\n`\n',
        # Neighbours: a double-backtick span, and an HTML block; Python-Markdown saw these.
        '[ROME](<paper:rome> "a\n\n``") <b onclick=alert(1)>b</b> ``\n',
        '[E](dataset:ecbd "\n\n`")\n\n<div onclick=alert(1)>x</div>\n\n`\n',
    ],
    ids=["inline-across-paragraphs", "next-line", "angle-target-double-ticks", "html-block"],
)
def test_raw_html_that_only_the_readme_text_shows_is_refused(text: str) -> None:
    found = lines_and_words(text)
    assert found and all(message == RAW_HTML for _, message in found)


def test_the_readme_form_of_a_note_is_the_text_the_readme_holds() -> None:
    body = '[ROME](paper:rome "x") and `code`\n\n## Part\n'
    assert readme_text(body) == "*ROME* and `code`\n\n#### Part\n"


def test_code_spans_and_references_that_stay_apart_are_accepted() -> None:
    text = "See [ROME](paper:rome) and `a <b> c`, then `[x](paper:rome) <i>`.\n"
    assert problems_of(text) == []
