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
        ('<svg onload="alert(1)"><path d="M0"/></svg>t', '<svg><path d="M0"></path></svg>t'),
        (
            '<svg><a href="javascript:alert(1)"><text>x</text></a><use href="#x"/>'
            '<foreignObject><p>y</p></foreignObject><animate attributeName="href" to="x"/>'
            '<script>alert(2)</script><circle r="1" style="fill:red" onclick="alert(3)"/></svg>',
            '<svg><a><text>x</text></a><circle r="1"></circle></svg>',
        ),
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
        '<p class="ak-browse-summary" role="status" data-noun="entries">3 of 3 entries</p>',
        '<form class="ak-browse-form" role="search"><label>Search<input type="search" '
        'name="text" placeholder="Words" disabled=""></label><select name="sort" disabled="">'
        '<option value="">List order</option></select><button type="button" name="clear" '
        'hidden="">Clear filters</button></form>',
        '<p><a href="../papers.json" id="ak-browse-data">papers.json</a> '
        '<a href="mailto:a@example.org" rel="nofollow">m</a></p>',
        '<svg viewBox="0 0 9 9" width="9" height="9" role="group" aria-labelledby="t">'
        '<title id="t">T &lt;b&gt;</title><desc>D</desc><defs><pattern id="ak-p1" width="5" '
        'height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><path '
        'class="ak-hatch" d="M0 0V5"></path></pattern><marker id="ak-arrow" viewBox="0 0 10 10" '
        'refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 1L10 '
        '5z"></path></marker></defs><g class="ak-axis"><line x1="1" y1="2" x2="3" y2="4"></line>'
        '<text x="1" y="2" dy="0.35em" text-anchor="middle">2024</text></g><path d="M1 1C2 2 3 '
        '3 4 4" stroke-width="2" marker-end="url(#ak-arrow)"></path><a href="../sections/p/#rome">'
        '<title>R</title><circle class="ak-c0" cx="1" cy="2" r="3" fill="url(#ak-p1)"></circle>'
        '<rect x="0" y="1" width="2" height="3" fill="url(#ak-p1)"></rect></a></svg>',
        '<svg class="ak-swatch" viewBox="0 0 22 22" width="22" height="22" aria-hidden="true">'
        "</svg>",
    ],
)
def test_what_the_site_makes_is_kept_as_it_is(kept: str) -> None:
    assert sanitize_html(kept) == kept
