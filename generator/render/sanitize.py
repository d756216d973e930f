"""The last line of defence: the HTML of every generated page through an allow-list sanitizer.

Contributor text is escaped where it meets Markdown (`generator.text.markup`) and notes are
checked by `validate` (`generator.catalog.notes`); this pass runs on the HTML that
Python-Markdown made of a page, so that a parser trick those missed still cannot leave a
handler attribute, a script, a style or a `javascript:` address in the site. It uses nh3, the
binding of the Rust `ammonia` sanitizer, which parses as a browser does (html5ever) and
rebuilds the markup.

The allow-list is what the page templates, Markdown and the extensions of mkdocs.yml make:

- text structure: headings, paragraphs, lists, tables, quotes, code, emphasis;
- `id` on every element (heading anchors, `{ #id }` of the templates' attribute lists) and
  `class` on every element (Material's and the site's `ak-` classes, admonitions, the code
  highlighter's token spans); neither can run script;
- links with `href`, `title` and `rel`, to http(s), mailto or relative addresses only;
- `details`/`summary` (the "Cite" blocks), `nav` (the pager);
- the controls of the Browse page: a `form` with no `action` (it submits nowhere: the page's
  script reads it), `label`, `input`, `select`, `option` and `button` with their type, name,
  value and state, `role`, `hidden`, the `div`'s `data-page-size` and `data-batch`, and
  the summary `p`'s `data-noun` (what the results are called: papers, or entries);
- table cells' `style`, reduced to `text-align` (Markdown's column alignment);
- the charts of the Timeline and Lineage pages (templates/site/charts/): exactly the SVG
  elements and attributes those templates write, with links as above; no `style`, no
  `foreignObject`, no `use`, no script, no animation.

Everything else is removed: `on*` handlers, `style` elsewhere, `action`/`formaction` (a form
that posts elsewhere), `script`/`style`/`iframe` elements (with their content), comments, and
any address with another scheme.
"""

from __future__ import annotations

import nh3

_TEXT_TAGS = {
    *(f"h{level}" for level in range(1, 7)),
    "p", "br", "hr", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "pre", "code", "kbd", "samp", "var", "em", "strong", "b", "i", "u", "s", "del", "ins",
    "sub", "sup", "small", "mark", "abbr", "cite", "q",
}  # fmt: skip
_BROWSE_TAGS = {"form", "label", "input", "select", "option", "button"}
_SVG_ATTRIBUTES = {
    "svg": {"viewBox", "width", "height", "aria-labelledby", "aria-hidden"},
    "pattern": {"width", "height", "patternUnits", "patternTransform"},
    "marker": {"viewBox", "refX", "refY", "markerWidth", "markerHeight", "orient"},
    "path": {"d", "marker-end", "stroke-width"},
    "circle": {"cx", "cy", "r", "fill"},
    "rect": {"x", "y", "width", "height", "fill"},
    "line": {"x1", "y1", "x2", "y2"},
    "text": {"x", "y", "dy", "text-anchor"},
    "g": {"aria-hidden"},
}
_SVG_TAGS = {*_SVG_ATTRIBUTES, "defs", "title", "desc"}
TAGS = frozenset(
    {*_TEXT_TAGS, *_BROWSE_TAGS, *_SVG_TAGS, "a", "img", "span", "div", "nav", "details", "summary"}
)
ATTRIBUTES = {
    "*": {"id", "class", "title", "role", "hidden"},
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "th": {"style", "colspan", "rowspan"},
    "td": {"style", "colspan", "rowspan"},
    "div": {"data-page-size", "data-batch"},
    "p": {"data-noun"},
    "details": {"open"},
    "input": {"type", "name", "value", "placeholder", "disabled"},
    "select": {"name", "disabled"},
    "option": {"value", "selected"},
    "button": {"type", "name", "disabled"},
    **_SVG_ATTRIBUTES,
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Dropped with everything inside them, not just unwrapped.
REMOVED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template"})


def sanitize_html(html: str) -> str:
    """`html` with only the allowed elements, attributes and addresses left."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,  # keep the links' own rel; the site adds none
        strip_comments=True,
        filter_style_properties={"text-align"},
    )
