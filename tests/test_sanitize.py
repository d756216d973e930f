"""The allow-list sanitizer: what it removes, and what the site's pages keep through it."""

from __future__ import annotations

import pytest

from generator.render.sanitize import sanitize_html


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ('<p onclick="alert(1)">x</p>', "<p>x</p>"),
        ('<img src="x" onerror="alert(1)">', '<img src="x">'),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href=" JaVa&#x09;ScRiPt:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="data:text/html,x">x</a>', "<a>x</a>"),
        ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
        ("<p>a<style>*{}</style><!-- c -->b</p>", "<p>ab</p>"),
        ('<svg onload="alert(1)"><path d="M0"/></svg>t', "t"),
        ('<p style="background:url(x)" autofocus onfocus="alert(1)">x</p>', "<p>x</p>"),
        (
            '<form action="https://e.example"><input name="q" formaction="https://e.example">'
            '<button formaction="https://e.example">Go</button></form>',
            '<form><input name="q"><button>Go</button></form>',
        ),
    ],
)
def test_handlers_scripts_and_script_addresses_are_removed(dirty: str, clean: str) -> None:
    assert sanitize_html(dirty) == clean


@pytest.mark.parametrize(
    "kept",
    [
        '<h2 class="ak-paper" id="rome"><a href="https://arxiv.org/abs/2202.05262">T</a>'
        '<a class="headerlink" href="#rome" title="Permanent link">¶</a></h2>',
        '<div class="highlight"><pre><span></span><code><span class="nt">a</span></code>'
        "</pre></div>",
        '<details class="quote"><summary>Cite</summary><p>x</p></details>',
        '<table><thead><tr><th style="text-align:left">a</th></tr></thead>'
        '<tbody><tr><td style="text-align:right">1</td></tr></tbody></table>',
        '<div class="admonition note"><p class="admonition-title">Note</p></div>',
        '<nav class="ak-pager">Pages: <strong>1</strong> · <a href="2/">2</a></nav>',
        '<div data-page-size="100" id="ak-browse"><p>x</p></div>',
        '<form class="ak-browse-form" role="search"><label>Search<input type="search" '
        'name="text" placeholder="Words" disabled=""></label><select name="sort" disabled="">'
        '<option value="">List order</option></select><button type="button" name="clear" '
        'hidden="">Clear filters</button></form>',
        '<p><a href="../papers.json" id="ak-browse-data">papers.json</a> '
        '<a href="mailto:a@example.org" rel="nofollow">m</a></p>',
    ],
)
def test_what_the_site_makes_is_kept_as_it_is(kept: str) -> None:
    assert sanitize_html(kept) == kept
