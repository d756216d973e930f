"""Collecting URLs with their file:line, and narrowing them to what changed since a revision."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support.links import write_project

from generator.catalog.load import parse_yaml
from generator.catalog.project import Project
from generator.links.changes import RevisionError, changed_since, select_changed
from generator.links.collect import (
    _yaml_urls,
    collect,
    group,
    text_occurrences,
    trim_url,
    yaml_occurrences,
)
from generator.links.types import Source

PAPERS = """\
sections:
  - id: methods
    title: Methods
papers:
  - id: rome
    title: ROME
    url: https://arxiv.org/abs/2202.05262
    arxiv: "2202.05262"
    code: https://github.com/kmeng01/rome
    links:
      - label: Site
        url: https://rome.baulab.info/
  - id: mend
    title: MEND
    url: https://openreview.net/forum?id=0DcZxeWfOPt
    doi: 10.1234/mend
    code: https://github.com/kmeng01/rome
"""
DATASETS = """\
datasets:
  - id: zsre
    name: zsRE
    url: https://example.org/zsre
"""
NOTE = """\
# A note

See [ROME](paper:rome), [the site](https://notes.example/a_(b)). Also <https://auto.example/x>.
Inline `https://code.example/skip` and:

```sh
curl https://fenced.example/skip
```

Bare https://bare.example/page, [anchor](#top).
"""
TEMPLATE = """\
{# https://comment.example/skip #}
[![Badge](https://awesome.re/badge.svg)](https://awesome.re)
[{{ paper.title }}]({{ paper.url }}) https://github.com/{{ owner }}/x
"""


@pytest.fixture
def project(tmp_path: Path) -> Project:
    write_project(
        tmp_path,
        PAPERS,
        datasets=DATASETS,
        **{"notes/a.md": NOTE, "templates/README.md.j2": TEMPLATE},
    )
    return Project(tmp_path)


def test_every_url_is_collected_once_with_all_its_lines(project: Project) -> None:
    occurrences, problems = collect(project)
    assert problems == []
    links = {link.url: [str(s) for s in link.sources] for link in group(occurrences)}
    assert links == {
        "https://arxiv.org/abs/2202.05262": ["papers.yaml:7", "papers.yaml:8"],
        "https://github.com/kmeng01/rome": ["papers.yaml:9", "papers.yaml:17"],
        "https://rome.baulab.info/": ["papers.yaml:12"],
        "https://openreview.net/forum?id=0DcZxeWfOPt": ["papers.yaml:15"],
        "https://doi.org/10.1234/mend": ["papers.yaml:16"],
        "https://example.org/zsre": ["datasets.yaml:4"],
        "https://notes.example/a_(b)": ["notes/a.md:3"],
        "https://auto.example/x": ["notes/a.md:3"],
        "https://bare.example/page": ["notes/a.md:10"],
        "https://awesome.re/badge.svg": ["templates/README.md.j2:2"],
        "https://awesome.re": ["templates/README.md.j2:2"],
    }


def test_a_file_that_does_not_parse_is_reported(tmp_path: Path) -> None:
    write_project(tmp_path, "papers: [\n")
    _, problems = collect(Project(tmp_path))
    assert problems and problems[0].file == "papers.yaml"


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("https://a.org/x).", "https://a.org/x"),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("https://a.org/x,", "https://a.org/x"),
        ("https://a.org/?q=1", "https://a.org/?q=1"),
    ],
)
def test_trailing_punctuation_is_not_part_of_a_url(raw: str, url: str) -> None:
    assert trim_url(raw) == url


def test_xml_namespaces_in_templates_are_not_links() -> None:
    feed = "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:x='http://x.org/ns'>\n"
    feed += '<link href="https://list.example/"/>\n'
    found = text_occurrences(feed, "templates/feed.xml.j2", markdown=False)
    assert [o.url for o in found] == ["https://list.example/"]


def test_lines_are_counted_from_one() -> None:
    [occurrence] = text_occurrences("\n\nsee https://x.org/a\n", "notes/n.md", markdown=True)
    assert occurrence.source == Source("notes/n.md", 3)


AWKWARD_SHAPES = """\
sections: [{id: s, title: S}]
papers:
  - {id: flow, title: Flow, url: https://flow.example/}
  - id: quoted
    title: "url: https://decoy.example/ in a title"
    url: "https://quoted.example/\\u0041"
    code: >-
      https://folded.example/
  - id: listed
    # url: https://commented.example/
    title: Listed
    also_url: https://decoy.example/
    url:
      https://next-line.example/
    links: [{label: A, url: https://decoy.example/}, {label: B, url: https://b.example/}]
    tags: [https://in-a-list.example/]
"""


def test_yaml_lines_found_from_the_entry_start_are_those_the_document_gives() -> None:
    loaded, problems = parse_yaml(AWKWARD_SHAPES, Path("papers.yaml"), "papers.yaml")
    assert loaded is not None and not problems
    found = yaml_occurrences(loaded)
    fresh, _ = parse_yaml(AWKWARD_SHAPES, Path("papers.yaml"), "papers.yaml")
    expected = [fresh.locate(path)[0] for path, _ in _yaml_urls(fresh.data, [])]
    assert [o.source.line for o in found] == expected
    assert {o.url: o.source.line for o in found}["https://b.example/"] == 15


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repository(project: Project) -> Project:
    _git(project.root, "init", "-q")
    _git(project.root, "add", ".")
    _git(project.root, "commit", "-q", "-m", "base")
    return project


def _changed_urls(project: Project, revision: str = "HEAD") -> set[str]:
    occurrences, _ = collect(project)
    changed = changed_since(occurrences, project.root, revision)
    return {link.url for link in group(select_changed(occurrences, changed))}


def test_nothing_changed_checks_nothing(repository: Project) -> None:
    assert _changed_urls(repository) == set()


def test_changed_and_added_entries_and_notes_are_selected(repository: Project) -> None:
    papers = repository.papers_file.read_text().replace(
        "https://openreview.net/forum?id=0DcZxeWfOPt", "https://openreview.net/forum?id=NEW"
    )
    papers += "  - id: memit\n    title: MEMIT\n    url: https://memit.baulab.info/\n"
    repository.papers_file.write_text(papers)
    note = repository.notes_dir / "b.md"
    note.write_text("# B\n\nhttps://new-note.example/\n")
    assert _changed_urls(repository) == {
        "https://openreview.net/forum?id=NEW",
        "https://doi.org/10.1234/mend",
        "https://github.com/kmeng01/rome",  # in the changed entry, so checked
        "https://memit.baulab.info/",
        "https://new-note.example/",
    }


def test_moving_an_entry_is_not_a_change(repository: Project) -> None:
    text = repository.papers_file.read_text()
    head, rome, mend = (
        text.partition("  - id: rome")[0],
        *text.split("  - id: rome")[1].split("  - id: mend"),
    )
    repository.papers_file.write_text(head + "  - id: mend" + mend + "  - id: rome" + rome)
    assert _changed_urls(repository) == set()


def test_unknown_revision_is_refused(repository: Project) -> None:
    occurrences, _ = collect(repository)
    with pytest.raises(RevisionError, match="unknown git revision 'nope'"):
        changed_since(occurrences, repository.root, "nope")
    with pytest.raises(RevisionError):
        changed_since(occurrences, repository.root, "--output=/tmp/x")


def test_files_that_did_not_exist_at_the_revision_are_wholly_new(project: Project) -> None:
    _git(project.root, "init", "-q")
    _git(project.root, "commit", "-q", "--allow-empty", "-m", "before the list")
    occurrences, _ = collect(project)
    assert _changed_urls(project) == {o.url for o in occurrences}


def test_bracketed_ipv6_urls_in_notes_are_collected_whole() -> None:
    note = (
        "See [x](http://[::1]:8000/a) and http://[2001:db8::1]/b,\n"
        "<https://[::ffff:169.254.169.254]/c> and http://user@[fd00::1]/d.\n\n"
        "[ref]: http://[::127.0.0.1]/e\n"
    )
    found = [(o.url, o.source.line) for o in text_occurrences(note, "notes/n.md", markdown=True)]
    assert found == [
        ("http://[::1]:8000/a", 1),
        ("http://[2001:db8::1]/b", 1),
        ("https://[::ffff:169.254.169.254]/c", 2),
        ("http://user@[fd00::1]/d", 2),
        ("http://[::127.0.0.1]/e", 4),
    ]


def test_brackets_after_a_host_name_still_end_a_url() -> None:
    found = text_occurrences(
        "[https://a.org/x][ref] and https://b.org/[y]\n", "n.md", markdown=True
    )
    assert [o.url for o in found] == ["https://a.org/x", "https://b.org/"]
