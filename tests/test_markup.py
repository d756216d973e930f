"""Escaping: text from YAML stays literal text in Markdown and in the HTML it becomes."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest

from generator.text.markup import escape_attribute, escape_markdown, escape_url, github_anchor


def html_of(text: str) -> str:
    return markdown.markdown(escape_markdown(text))


def test_plain_text_is_unchanged():
    assert escape_markdown("Locating and Editing Factual Associations in GPT") == (
        "Locating and Editing Factual Associations in GPT"
    )


def test_whitespace_and_newlines_collapse_to_one_line():
    assert escape_markdown("  two\n\nlines\t here ") == "two lines here"


def test_script_tag_is_literal():
    escaped = escape_markdown("<script>alert(1)</script>")
    assert escaped == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "<script" not in html_of("<script>alert(1)</script>")


def test_link_syntax_is_literal():
    escaped = escape_markdown("Title](https://evil.example)")
    assert escaped == "Title\\](https&#58;//evil.example)"
    assert "<a " not in html_of("[Title](https://evil.example)")


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("*bold* and _em_", "\\*bold\\* and \\_em\\_"),
        ("`code`", "\\`code\\`"),
        ("a | b", "a \\| b"),
        ("~~gone~~", "\\~\\~gone\\~\\~"),
        ("# heading", "\\# heading"),
        ("back\\slash", "back\\\\slash"),
        ("{braces}", "\\{braces\\}"),
        ("![img](x)", "\\!\\[img\\](x)"),
        ("R&D", "R&D"),
        ("&amp; &#60; &lt;", "&amp;amp; &\\#60; &amp;lt;"),  # a backslash breaks "&#60;"
        ("- not a list", "\\- not a list"),
        ("+ not a list", "\\+ not a list"),
        ("1. not a list", "1\\. not a list"),
        ("2) not a list", "2\\) not a list"),
        ("12.5 points", "12\\.5 points"),
        ("= not a heading", "&#61; not a heading"),
        ('!!! danger "not an admonition"', '\\!!! danger "not an admonition"'),
        ('??? quote "not a details block"', '&#63;?? quote "not a details block"'),
        ("$x$ is not math", "&#36;x&#36; is not math"),
        ("see https://evil.example", "see https&#58;//evil.example"),
        ("see WWW.evil.example", "see &#87;WW.evil.example"),
        ("awww.x and 10:30", "awww.x and 10:30"),
        ("> not a quote", "&gt; not a quote"),
        ("/// html | div", "&#47;// html \\| div"),
        ("2024 is a year", "2024 is a year"),
        (42, "42"),
    ],
)
def test_markdown_specials_are_escaped(text, escaped):
    assert escape_markdown(text) == escaped


SITE_EXTENSIONS = [
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "pymdownx.blocks.html",
    "pymdownx.details",
    "pymdownx.tilde",
]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


@pytest.mark.parametrize(
    "text",
    [
        "1. Intro",
        "12.5 points",
        "2) two",
        "= equals",
        "- dash",
        "+ plus",
        '!!! danger "Hacked"',
        '??? quote "Hacked"',
        "/// html | div.hacked",
        "///",
        "$x$ & <b>",
        "a | b ~~c~~ {#id}",
        "see https://evil.example and www.evil.example",
    ],
)
def test_escaped_text_reads_exactly_as_written_on_the_site(text):
    # A paragraph of its own, as a section description is: no stray backslash, no block.
    source = f"# Page\n\n{escape_markdown(text)}\n"
    reader = _Reader()
    reader.feed(markdown.markdown(source, extensions=SITE_EXTENSIONS))
    assert reader.tags == ["h1", "p"]
    assert reader.text == f"Page\n{text}"


def test_entities_stay_literal_in_html():
    assert "&amp;amp;" in html_of("&amp;")


def test_attribute_escaping():
    assert escape_attribute("say \"hi\" <b> & 'bye'") == (
        "say &quot;hi&quot; &lt;b&gt; &amp; &#x27;bye&#x27;"
    )


@pytest.mark.parametrize(
    ("url", "escaped"),
    [
        ("https://arxiv.org/abs/2202.05262", "https://arxiv.org/abs/2202.05262"),
        ("https://openreview.net/forum?id=a&b=c", "https://openreview.net/forum?id=a&b=c"),
        ("https://x.org/a b", "https://x.org/a%20b"),
        ("https://x.org/(a)", "https://x.org/%28a%29"),
        ('https://x.org/"><script>', "https://x.org/%22%3E%3Cscript%3E"),
        ("https://x.org/it's", "https://x.org/it%27s"),
        ("https://x.org/é", "https://x.org/%C3%A9"),
        ("  https://x.org/  ", "https://x.org/"),
    ],
)
def test_urls_cannot_end_the_link_or_leave_the_attribute(url, escaped):
    assert escape_url(url) == escaped


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Survey & Framework", "survey--framework"),
        ("ECBD: Entity Cloze By Date", "ecbd-entity-cloze-by-date"),
        (
            "Recent sporting events in Wikipedia articles",
            "recent-sporting-events-in-wikipedia-articles",
        ),
        ("Training Stages", "training-stages"),
        ("GPT-2 (1.5B)", "gpt-2-15b"),
        ("snake_case", "snake_case"),
    ],
)
def test_github_anchors(heading, anchor):
    assert github_anchor(heading) == anchor
