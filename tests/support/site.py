"""Site test helpers: a copy of the list with a hostile paper, and a local HTTP server."""

from __future__ import annotations

import functools
import http.server
import io
import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from support.http import running

REPO = Path(__file__).resolve().parents[2]
SITE_SOURCES = (
    "mkdocs.yml",
    "docs",
    "list.yaml",
    "overrides",
    "templates",
    "papers.yaml",
    "datasets.yaml",
    "notes",
)

HOSTILE_ID = "hostile-editing"
HOSTILE_TITLE = "Editing <img src=x onerror=alert(1)> Models"
HOSTILE_PAPER = """
  - id: hostile-editing
    title: "Editing <img src=x onerror=alert(1)> Models"
    url: https://example.org/hostile?a=1&b=2
    venue: "Workshop on <script>alert(2)</script> & {Braces} 100% | ~tilde"
    year: 2024
    section: paper-list
    method: knowledge editing
    authors: ["Ada O'Neil", "Bob_Smith $x^2$ #1 \\\\ back"]
    datasets: [ecbd, "Hand-made <b>set</b> [x](javascript:alert(3))"]
    insight: "*not emphasis* `not code` [not a link](https://evil.example) {: onclick=alert(4) }"
    tags: [knowledge-editing]
    added: 2026-11-20
"""


def copy_project(destination: Path, extra_papers: str = HOSTILE_PAPER) -> Path:
    """The repository's list and site sources under `destination`, plus `extra_papers`."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in SITE_SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        else:
            shutil.copy2(source, destination / name)
    papers = destination / "papers.yaml"
    papers.write_text(papers.read_text(encoding="utf-8").rstrip("\n") + "\n" + extra_papers)
    return destination


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _SubPathHandler(_QuietHandler):
    """Serves the site under `prefix`, and its 404.html for what is missing, as hosts do."""

    prefix = "/"

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.path.split("?", 1)[0]
        if path.startswith(self.prefix):
            self.path = "/" + self.path[len(self.prefix) :]
            target = Path(self.translate_path(self.path))
            if target.is_file() or (target / "index.html").is_file():
                return super().send_head()
        page = Path(self.directory) / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(directory: Path, prefix: str = "/") -> Iterator[str]:
    """Serve `directory` over HTTP on 127.0.0.1 under the path `prefix` (ending in '/'), with
    its 404.html for missing files; yields the site's address, ending in '/'."""
    handler_class = type("Handler", (_SubPathHandler,), {"prefix": prefix})
    handler = functools.partial(handler_class, directory=str(directory))
    with running(handler) as server:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"


# Markup that runs script wherever it is read as HTML, after an entity decoding, or in an
# attribute: it goes into every text field that `validate` lets take any text.
PAYLOAD = "</title><img src=x onerror=alert(1)>\"'><svg onload=alert(2)>{: onclick=alert(3) }"
HOSTILE_SECTION_ID = "hostile-section"


def _quoted(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


def _hostile_entries() -> tuple[str, str, str]:
    """(section, paper, dataset) YAML entries with PAYLOAD in every free-text field."""
    p = _quoted
    section = (
        f"  - id: {HOSTILE_SECTION_ID}\n    title: {p('Section ' + PAYLOAD)}\n"
        f"    description: {p('Description ' + PAYLOAD)}\n"
        # A section with subsections is a navigation group, labelled by its title.
        f"    sections:\n      - id: {HOSTILE_SECTION_ID}-child\n"
        f"        title: {p('Subsection ' + PAYLOAD)}\n"
    )
    paper = f"""
  - id: hostile-everywhere
    title: {p("Title " + PAYLOAD)}
    url: https://example.org/hostile?a=1&b=2
    venue: {p("Venue " + PAYLOAD)}
    year: 2023
    section: {HOSTILE_SECTION_ID}
    method: {p("Method " + PAYLOAD)}
    authors: [{p("Author " + PAYLOAD)}]
    task: {p("Task " + PAYLOAD)}
    datasets: [hostile-set, {p("Free set " + PAYLOAD)}]
    models: [{p("Model " + PAYLOAD)}]
    organizations: [{p("Organization " + PAYLOAD)}]
    links:
      - label: {p("Label " + PAYLOAD)}
        url: https://example.org/label
    insight: {p("Insight " + PAYLOAD)}
    note: {p("Note " + PAYLOAD)}
    tags: [hostile-tag]
    added: 2024-01-02
"""
    dataset = f"""
  - id: hostile-set
    name: {p("Dataset " + PAYLOAD)}
    url: https://example.org/data
    description: {p("Description " + PAYLOAD)}
    source: {p("Source " + PAYLOAD)}
    time: {p("Time " + PAYLOAD)}
    publication:
      title: {p("Publication " + PAYLOAD)}
      venue: {p("Venue " + PAYLOAD)}
      year: 2023
      authors: [{p("Author " + PAYLOAD)}]
    added: 2024-01-03
"""
    return section, paper, dataset


# Every form of the payload that the notes subset still accepts: code, entities, titles.
HOSTILE_NOTE = f"""# Code `{PAYLOAD}` &lt;/title&gt;&lt;img src=x onerror=alert(4)&gt;

Text &lt;img src=x onerror=alert(5)&gt; and `{PAYLOAD}` and
&#60;script&#62;alert(6)&#60;/script&#62;.

A [link](https://example.org/x "a&quot; onmouseover=alert(7) x=&quot;") and a
![figure &lt;img src=x onerror=alert(8)&gt;](../assets/site.css).

```html
{PAYLOAD}
<script>alert(9)</script>
```

    {PAYLOAD}

| `{PAYLOAD}` | &lt;b onclick=alert(10)&gt; |
| --- | --- |
| cell | cell |
"""


def hostile_project(destination: Path) -> Path:
    """The repository's list with PAYLOAD in every text field and a note of every vector."""
    root = copy_project(destination, extra_papers="")
    section, paper, dataset = _hostile_entries()
    papers = root / "papers.yaml"
    text = papers.read_text(encoding="utf-8").replace("sections:\n", "sections:\n" + section, 1)
    papers.write_text(text.rstrip("\n") + "\n" + paper, encoding="utf-8")
    datasets = root / "datasets.yaml"
    text = datasets.read_text(encoding="utf-8").rstrip("\n") + "\n" + dataset
    text = re.sub(r"^description: .*$", f"description: {_quoted(PAYLOAD)}", text, flags=re.M)
    datasets.write_text(text, encoding="utf-8")
    (root / "notes" / "hostile-note.md").write_text(HOSTILE_NOTE, encoding="utf-8")
    identity = root / "list.yaml"
    text = re.sub(
        r"^title: .*$", f"title: {_quoted('List ' + PAYLOAD)}", identity.read_text(), flags=re.M
    )
    identity.write_text(text, encoding="utf-8")
    return root


def require_engine(name: str) -> None:
    """Skip a test of an optional site engine that is not installed; fail in CI."""
    import importlib.util
    import os

    if importlib.util.find_spec(name) is not None:
        return
    problem = f"the {name} site engine is not installed (pip install '.[{name}]')"
    if os.environ.get("AWESOME_CI") == "1":
        pytest.fail(f"{problem}; AWESOME_CI=1 requires it")
    pytest.skip(problem)
