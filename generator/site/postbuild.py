"""After an engine built the site: every page's content and the search index sanitized.

No engine lets this project see a page's HTML before the theme wraps it (Zensical has no
plugins), so the sanitizer of `generator.render.sanitize` runs on the built files instead, the same
way for every engine:

- in each HTML page built from a staged page, the content between the marks that
  `generator.site.stage` put around the page's Markdown (the first start mark and the last
  end mark, so that a forged mark can only widen the sanitized region). The theme's own
  markup (icons, forms, scripts) is outside it and left as the theme made it.
  Each entry a section page frames with `ENTRY_START` and `ENTRY_END` becomes one
  `div.ak-entry` there, before it is sanitized: so framed, an entry costs Python-Markdown
  nothing, where a `/// html` block (pymdownx.blocks) maps the whole page for each of its
  paragraphs (a fifth of the time of a 50-entry page). Data cannot forge a frame: its text
  reaches the Markdown escaped, so `<!--` is never a comment.
- in the search index (`search/search_index.json` of MkDocs' search plugin, `search.json`
  of Zensical), the `title` and `text` of every entry and Zensical's `path` titles: both
  search interfaces show them as HTML.
"""

from __future__ import annotations

import functools
import json
import posixpath
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from generator.render.sanitize import sanitize_html
from generator.site.stage import CONTENT_END, CONTENT_START, ENTRY_END, ENTRY_START

SEARCH_INDEXES = ("search/search_index.json", "search.json")
_ENTRY_LISTS = ("docs", "items")  # MkDocs' search plugin, Zensical
_HTML_FIELDS = ("title", "text")
_ENTRY_OPEN = '<div class="ak-entry">'


class UnsanitizedPage(Exception):
    """A built page lacks the marks around its content, so it cannot be sanitized."""


def built_page(site: Path, source: str) -> Path:
    """The HTML file that an engine builds from the staged page `source` (directory URLs)."""
    stem = source.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return site / f"{stem}.html"
    return site / stem / "index.html"


def sanitize_site(site: Path, pages: tuple[str, ...], since_ns: int | None = None) -> None:
    """Sanitize in place the content of every built page and the search index.

    After a dirty build (`since_ns`, when it started) only the pages the engine wrote again
    are sanitized: those written since then that still hold the content marks; the others
    were sanitized after an earlier build, which took their marks away. The search index
    is sanitized whole: after a dirty build it holds the rebuilt pages alone, and the engine
    merges the documents it kept from the last sanitized index in only afterwards."""
    for source in pages:
        path = built_page(site, source)
        if since_ns is not None and not _rebuilt(path, since_ns):
            continue
        text = path.read_text(encoding="utf-8")
        path.write_text(sanitize_page(text, source), encoding="utf-8")
    for name in SEARCH_INDEXES:
        index = site / name
        if index.is_file():
            data = json.loads(index.read_text(encoding="utf-8"))
            index.write_text(_dump(sanitize_search_index(data)), encoding="utf-8")


# File times come from a clock that may lag the one `time.time_ns` reads by a tick.
_CLOCK_SLACK_NS = 1_000_000_000


def _rebuilt(path: Path, since_ns: int) -> bool:
    try:
        if path.stat().st_mtime_ns < since_ns - _CLOCK_SLACK_NS:
            return False
        with path.open(encoding="utf-8") as handle:
            return CONTENT_START in handle.read()
    except OSError:
        return False


def sanitizes(path: str, content_type: str) -> bool:
    """Whether `sanitized_answer` reads the answer to a GET of `path`: a page, or the search
    index (by its name, its escapes decoded: `search%2Ejson` is `search.json`)."""
    return _is_page(content_type) or _is_search_index(path)


def _is_page(content_type: str) -> bool:
    return content_type.partition(";")[0].strip().lower() == "text/html"


def _is_search_index(path: str) -> bool:
    name = posixpath.basename(unquote(path))
    return any(name == posixpath.basename(index) for index in SEARCH_INDEXES)


def sanitized_answer(path: str, content_type: str, body: bytes) -> bytes:
    """What a preview served by its engine's own server (Zensical's, behind a `HostGate`)
    sends instead of `body`, its answer to a GET of `path`: sanitized as `sanitize_site`
    sanitizes the built files. A page that has no content marks is the theme's alone (the
    404 page); it is sent as it is."""
    if _is_page(content_type):
        html = body.decode("utf-8", errors="replace")
        if CONTENT_START not in html:
            return body
        try:
            return sanitize_page(html, path).encode()
        except UnsanitizedPage as error:
            return f"<!doctype html><title>Not shown</title><p>{escape(str(error))}".encode()
    if _is_search_index(path):
        return _sanitized_index(body)
    return body


@functools.lru_cache(maxsize=2)
def _sanitized_index(body: bytes) -> bytes:
    """The search index sanitized; kept, since every page of a preview asks for the same one."""
    try:
        data = json.loads(body)
    except ValueError:
        return body
    return _dump(sanitize_search_index(data)).encode()


def sanitize_page(html: str, source: str) -> str:
    start = html.find(CONTENT_START)
    end = html.rfind(CONTENT_END)
    if start < 0 or end < start:
        raise UnsanitizedPage(f"the built page of {source} lost the marks around its content")
    content = entry_blocks(html[start + len(CONTENT_START) : end])
    return html[:start] + sanitize_html(content) + html[end + len(CONTENT_END) :]


def entry_blocks(content: str) -> str:
    """Each framed entry as one `div.ak-entry`, which the browser lays out only near the
    screen (site.css). The sanitizer closes a frame left open, as it closes any element."""
    return content.replace(ENTRY_START, _ENTRY_OPEN).replace(ENTRY_END, "</div>")


def sanitize_search_index(data: Any) -> Any:
    if not isinstance(data, dict):
        return data
    for key in _ENTRY_LISTS:
        for entry in data.get(key) or []:
            if not isinstance(entry, dict):
                continue
            for field in _HTML_FIELDS:
                if isinstance(entry.get(field), str):
                    entry[field] = sanitize_html(entry[field])
            if isinstance(entry.get("path"), list):
                entry["path"] = [
                    sanitize_html(item) if isinstance(item, str) else item for item in entry["path"]
                ]
    return data


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
