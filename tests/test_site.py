"""The site, built once from a copy of the list plus a hostile paper, checked page by page."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
import yaml
from bibtexparser.bparser import BibTexParser
from mkdocs.config import load_config
from support.site import HOSTILE_ID, HOSTILE_TITLE, REPO, copy_project
from support.tree import write_tree_project

from generator.catalog.model import Catalog
from generator.catalog.project import Project, open_catalog
from generator.catalog.schema import SCHEMA_FILES, load_schema
from generator.cli import main
from generator.diagnostics import format_text
from generator.render.export import bibtex_entry, bibtex_fields, to_bibtex, to_csv, to_json
from generator.site.build import SiteError, build_site, stage_site
from generator.site.stage import stage


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("site") / "list")


@pytest.fixture(scope="module")
def site(root: Path) -> Path:
    return build_site(Project(root))


@pytest.fixture(scope="module")
def catalog(root: Path) -> Catalog:
    catalog, _ = open_catalog(Project(root))
    assert catalog is not None
    return catalog


class Links(HTMLParser):
    """Every element id and every link of a page, with the heading each link sits under."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[tuple[str, str, str]] = []  # (heading id, class, href)
        self.heading = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(attributes["id"] or "")
            if tag in {"h1", "h2"}:
                self.heading = attributes["id"] or ""
        if tag == "a" and attributes.get("href"):
            self.links.append(
                (self.heading, attributes.get("class") or "", attributes["href"] or "")
            )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def parse(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_paper_has_one_anchored_entry_on_its_section_pages(
    site: Path, catalog: Catalog
) -> None:
    for section in catalog.sections:
        ids = [
            i for page in (site / "sections" / section.id).rglob("*.html") for i in parse(page).ids
        ]
        for paper in catalog.papers_in(section.id):
            assert ids.count(paper.id) == 1, paper.id


def test_each_entry_links_to_its_line_in_papers_yaml(site: Path, catalog: Catalog) -> None:
    page = parse(site / "sections" / "paper-list" / "index.html")
    edits = {heading: href for heading, css, href in page.links if "ak-edit" in css}
    for paper in catalog.papers_in("paper-list"):
        assert edits[paper.id].endswith(f"/blob/main/papers.yaml#L{paper.line}")


def test_edit_this_page_opens_the_yaml_behind_the_page(site: Path) -> None:
    for page, source in (("sections/paper-list", "papers.yaml"), ("datasets", "datasets.yaml")):
        edits = [href for _, _, href in parse(site / page / "index.html").links if "/edit/" in href]
        assert edits == [
            f"https://github.com/awesome-llm-knowledge-update/awesome-llm-knowledge-update/edit/main/{source}"
        ], page


def test_paper_datasets_link_to_their_dataset_entries(site: Path) -> None:
    page = parse(site / "sections" / "paper-list" / "index.html")
    hrefs = [href for heading, _, href in page.links if heading == HOSTILE_ID]
    assert "../../datasets/#ecbd" in hrefs
    assert "ecbd" in parse(site / "datasets" / "index.html").ids


def test_datasets_list_exactly_the_papers_that_use_them(site: Path, catalog: Catalog) -> None:
    page = parse(site / "datasets" / "index.html")
    for dataset in catalog.datasets:
        used_by = {
            href.rpartition("#")[2]
            for heading, css, href in page.links
            if heading == dataset.id and "ak-used-by" in css
        }
        assert used_by == {p.id for p in catalog.papers_using(dataset.id)}, dataset.id
    assert any(catalog.papers_using(d.id) for d in catalog.datasets)


def _property_names(node: Any) -> set[str]:
    names: set[str] = set()
    if isinstance(node, dict):
        names |= set(node.get("properties", {}))
        for value in node.values():
            names |= _property_names(value)
    elif isinstance(node, list):
        for item in node:
            names |= _property_names(item)
    return names


def test_contributing_page_documents_every_schema_field(site: Path) -> None:
    text = (site / "contributing" / "index.html").read_text(encoding="utf-8")
    for schema_file in SCHEMA_FILES.values():
        for name in _property_names(load_schema(schema_file)):
            assert f"<td><code>{name}</code></td>" in text, name
    assert "Title of the paper exactly as published." in text
    assert "<code>'2202.05262'</code>" in text


def test_published_exports_equal_the_exporters(site: Path, catalog: Catalog) -> None:
    assert (site / "papers.bib").read_text(encoding="utf-8") == to_bibtex(catalog)
    assert (site / "papers.csv").read_text(encoding="utf-8") == to_csv(catalog)
    assert (site / "papers.json").read_text(encoding="utf-8") == to_json(catalog)
    assert json.loads(to_json(catalog))["version"] == 1


def test_published_bibtex_parses_back_to_every_field(site: Path, catalog: Catalog) -> None:
    parser = BibTexParser(common_strings=False, ignore_nonstandard_types=False)
    text = (site / "papers.bib").read_text(encoding="utf-8")
    entries = {e["ID"]: e for e in bibtexparser.loads(text, parser=parser).entries}
    assert set(entries) == {p.id for p in catalog.papers}
    for paper in catalog.papers:
        fields = {k: v for k, v in entries[paper.id].items() if k not in {"ID", "ENTRYTYPE"}}
        assert fields == dict(bibtex_fields(paper)), paper.id


def test_hostile_title_is_text_on_every_page(site: Path) -> None:
    escaped = "Editing &lt;img src=x onerror=alert(1)&gt; Models"
    for page in [*html_pages(site), site / "feed.xml", site / "search" / "search_index.json"]:
        text = page.read_text(encoding="utf-8")
        for raw in ("<img src=x", "<script>alert", "<b>set", 'href="javascript:'):
            assert raw not in text, (page, raw)
    assert escaped in (site / "sections" / "paper-list" / "index.html").read_text(encoding="utf-8")


def test_feed_lists_additions_newest_first(site: Path, catalog: Catalog) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(site / "feed.xml").getroot()
    titles = [entry.findtext(f"{atom}title") for entry in feed.iter(f"{atom}entry")]
    added = sorted(
        (p for p in catalog.papers if p.added), key=lambda p: (-p.added.toordinal(), p.id)
    )
    assert titles[: len(added)] == [p.title for p in added]
    assert HOSTILE_TITLE in titles
    links = [link.get("href") for link in feed.iter(f"{atom}link")]
    assert any(href and href.endswith(f"sections/paper-list/#{HOSTILE_ID}") for href in links)


def test_home_page_shows_counts_and_latest_additions(site: Path, catalog: Catalog) -> None:
    text = (site / "index.html").read_text(encoding="utf-8")
    assert f"<strong>{len(catalog.papers)}</strong> papers" in text
    assert f"<strong>{len(catalog.datasets)}</strong> datasets" in text
    assert f'href="sections/paper-list/#{HOSTILE_ID}"' in text
    assert 'href="feed.xml"' in text


def test_index_pages_link_papers_by_method_tag_and_year(site: Path) -> None:
    for page in ("methods/knowledge-editing", "tags/knowledge-editing", "years/2024"):
        hrefs = [href for _, _, href in parse(site / page / "index.html").links]
        assert f"../../sections/paper-list/#{HOSTILE_ID}" in hrefs, page


def test_notes_resolve_paper_references_to_site_anchors(site: Path) -> None:
    hrefs = [href for _, _, href in parse(site / "notes" / "training-stages" / "index.html").links]
    assert "../../sections/paper-list/#lima" in hrefs


def test_site_loads_nothing_from_third_parties(site: Path) -> None:
    for page in html_pages(site):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
        for marker in ('<script src="http', '<link href="http', 'rel="stylesheet" href="http'):
            assert marker not in text, (page, marker)


def test_browse_page_points_its_script_at_papers_json(site: Path) -> None:
    text = (site / "browse" / "index.html").read_text(encoding="utf-8")
    assert 'id="ak-browse"' in text
    assert 'href="../papers.json" id="ak-browse-data"' in text
    assert (site / "assets" / "browse.js").is_file()


class Head(HTMLParser):
    """The meta description and the feed links of a page's head."""

    def __init__(self) -> None:
        super().__init__()
        self.description: str | None = None
        self.feeds: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("name") == "description":
            self.description = attributes.get("content")
        if tag == "link" and attributes.get("type") == "application/atom+xml":
            self.feeds.append(attributes.get("href") or "")


def head(page: Path) -> Head:
    parser = Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_every_page_has_a_meta_description_of_its_own(site: Path) -> None:
    pages = [page for page in html_pages(site) if page.name == "index.html"]
    descriptions = {page: head(page).description for page in pages}
    assert all(descriptions.values())
    assert len(set(descriptions.values())) == len(pages)


def test_section_page_description_says_which_papers_it_holds(site: Path, catalog: Catalog) -> None:
    count = len(catalog.papers_in("paper-list"))
    assert head(site / "sections" / "paper-list" / "index.html").description == (
        f"Paper List: papers 1 to {count} of {count} in Awesome LLM Knowledge Update."
    )


def test_every_page_announces_the_atom_feed(site: Path) -> None:
    for page in html_pages(site):
        feeds = head(page).feeds
        assert len(feeds) == 1, page
        if page.name == "404.html":  # served at any depth: an absolute path under site_url
            assert feeds == ["/awesome-llm-knowledge-update/feed.xml"]
        else:
            target = (page.parent / feeds[0]).resolve()
            assert target == (site / "feed.xml").resolve(), page


def test_each_paper_has_its_bibtex_as_a_download_linked_from_its_entry(
    site: Path, catalog: Catalog
) -> None:
    for paper in catalog.papers:
        assert (site / "cite" / f"{paper.id}.bib").read_text(encoding="utf-8") == bibtex_entry(
            paper
        )
    section = parse(site / "sections" / "paper-list" / "index.html")
    assert ("rome", "", "../../cite/rome.bib") in section.links


def test_bibtex_stays_out_of_the_search_index(site: Path, catalog: Catalog) -> None:
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    # No paper's entry (the contributing page may show what a BibTeX field looks like).
    for paper in catalog.papers:
        first_line = bibtex_entry(paper).splitlines()[0]
        assert json.dumps(first_line)[1:-1] not in index, paper.id
    assert "Locating and Editing Factual Associations in GPT" in index


def test_section_pages_have_no_per_paper_table_of_contents(site: Path) -> None:
    page = (site / "sections" / "paper-list" / "index.html").read_text(encoding="utf-8")
    assert 'href="#rome"' in page  # the entry's own permalink
    assert page.count('href="#rome"') == 1


def test_invalid_data_stops_the_site_with_the_validate_diagnostics(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "list", "  - id: broken\n    title: Broken\n")
    _, diagnostics = open_catalog(Project(root))
    with pytest.raises(SiteError) as error:
        stage_site(Project(root))
    assert format_text(diagnostics) in str(error.value)
    assert not list(tmp_path.glob("list/.site.*"))


def test_staged_folder_is_a_plain_mkdocs_project_without_plugins(tmp_path: Path) -> None:
    mkdocs = shutil.which("mkdocs") or pytest.fail("mkdocs is not installed")
    root = copy_project(tmp_path / "list", "")
    catalog, _ = open_catalog(Project(root))
    assert catalog is not None
    staged = stage(Project(root), catalog, tmp_path / "staged")
    config = yaml.safe_load(staged.config.read_text(encoding="utf-8"))
    assert config["plugins"] == ["search"]
    assert config["nav"][0] == {"Home": "index.md"}
    command = [mkdocs, "build", "--strict", "--quiet", "-f", str(staged.config)]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(command, capture_output=True, text=True, env=environment)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "staged" / "site" / "sections" / "paper-list" / "index.html").is_file()


def test_hand_edited_settings_need_no_plugin_of_the_project() -> None:
    """mkdocs.yml holds settings only: the nav and the pages come from staging."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "awesome-catalog" not in config["plugins"] and "nav" not in config


def _snapshot(root: Path) -> dict[str, bytes]:
    """The list's files, without the cache a build keeps between builds (`.cache/`)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.relative_to(root).parts[0] != ".cache"
    }


@pytest.mark.parametrize("template", ["{{ no_such_value }}", "{{ 1 / 0 }}"])
def test_failed_site_build_leaves_readme_and_site_as_they_were(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], template: str
) -> None:
    root = copy_project(tmp_path / "list", "")
    (root / "README.md").write_text("old readme\n")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("old site\n")
    home = root / "templates" / "site" / "home.md.j2"
    home.write_text(template + "\n")
    before = _snapshot(root)
    assert main(["--root", str(root), "build"]) == 1
    assert "templates/site/home.md.j2:1:1: error: template error:" in capsys.readouterr().err
    assert _snapshot(root) == before
    assert not [p.name for p in root.iterdir() if p.name.startswith(".site")]


def test_site_that_cannot_be_swapped_in_leaves_the_readme_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "list", "")
    (root / "README.md").write_bytes(b"old readme \xff\n")

    def refuse(staged: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("generator.site.build.publish", refuse)
    assert main(["--root", str(root), "build"]) == 1
    assert "cannot replace" in capsys.readouterr().err
    assert (root / "README.md").read_bytes() == b"old readme \xff\n"
    # No half-built site is left beside it; the staged sources stay in the build cache.
    assert [p.name for p in root.iterdir() if p.name.startswith(".")] == [".cache"]


def test_build_command_writes_readme_and_swaps_in_the_site(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "list", "")
    (root / "site").mkdir()
    (root / "site" / "stale.html").write_text("stale\n")
    assert main(["--root", str(root), "build"]) == 0
    assert (root / "README.md").is_file()
    assert (root / "site" / "index.html").is_file()
    assert not (root / "site" / "stale.html").exists()
    assert not [p.name for p in root.iterdir() if p.name.startswith(".site")]


def test_build_without_site_leaves_site_alone(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "list", "")
    assert main(["--root", str(root), "build", "--no-site"]) == 0
    assert (root / "README.md").is_file()
    assert not (root / "site").exists()


@contextmanager
def immutable(directory: Path) -> Iterator[None]:
    """`chattr +i`: not even root (whom the tests run as) may add or rename entries in it."""
    chattr = shutil.which("chattr")
    done = chattr and subprocess.run([chattr, "+i", str(directory)], capture_output=True)
    if not done or done.returncode != 0:
        pytest.skip("needs `chattr +i` (e2fsprogs, as root on ext4) to make a directory read-only")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(directory)], check=True)


def test_build_in_a_read_only_project_stops_with_one_line_and_no_traceback(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path / "list", "")
    before = _snapshot(root)
    command = [sys.executable, "-m", "generator", "--root", str(root), "build"]
    with immutable(root):
        done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=300)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(root) in errors[0], done.stderr
    assert "Operation not permitted" in errors[0]
    assert done.stderr.endswith("build stopped: nothing was written\n")
    assert _snapshot(root) == before


def test_site_dir_under_a_regular_file_is_reported_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "list", "")
    (root / "blocker").write_text("a file where the site's folder would go\n")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_dir: blocker/site\n")
    assert main(["--root", str(root), "build"]) == 1
    err = capsys.readouterr().err
    assert f"error: cannot create the site beside {root / 'blocker' / 'site'}: " in err
    assert err.endswith("build stopped: nothing was written\n")
    assert (root / "blocker").read_text() == "a file where the site's folder would go\n"


def test_build_finishes_a_swap_that_was_killed_halfway(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "list", "")
    # What a kill between the two renames leaves where no atomic exchange is possible: the
    # old site moved aside, the new one staged, and no site/.
    aside = root / ".site-old.k1lled00" / "site"
    aside.mkdir(parents=True)
    (aside / "index.html").write_text("old site\n")
    (root / ".site.k1lled00").mkdir()
    (root / ".site.k1lled00" / "index.html").write_text("staged\n")
    assert main(["--root", str(root), "build"]) == 0
    assert "Browse" in (root / "site" / "index.html").read_text(encoding="utf-8")
    assert not [p.name for p in root.iterdir() if p.name.startswith(".site")]


# --- The site is named by list.yaml (issue 10) ---

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_mkdocs_site_name_agrees_with_list_yaml() -> None:
    mkdocs = load_config(str(REPO_ROOT / "mkdocs.yml"))
    catalog, _ = open_catalog(Project(REPO_ROOT))
    assert catalog is not None
    assert mkdocs.site_name == catalog.identity.title


def test_a_site_name_that_differs_from_list_yaml_is_warned_and_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "list")
    config_file = root / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(
        text.replace("site_name: ", "site_name: Old Name #", 1), encoding="utf-8"
    )
    catalog, _ = open_catalog(Project(root))
    assert catalog is not None
    assert main(["--root", str(root), "build"]) == 0
    err = capsys.readouterr().err
    assert "mkdocs.yml:1:1: warning: site_name 'Old Name' differs from the title" in err
    staged = stage(Project(root), catalog, tmp_path / "staged")
    assert yaml.safe_load(staged.config.read_text())["site_name"] == catalog.identity.title
    page = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert f"<title>{catalog.identity.title}</title>" in page


def test_the_tree_list_builds_strictly_with_nested_navigation(tmp_path: Path) -> None:
    root = write_tree_project(tmp_path / "tree")
    config = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    title = catalog_title(REPO_ROOT)
    (root / "mkdocs.yml").write_text(
        config.replace(f"site_name: {title}", "site_name: Awesome Tiny Tree"), encoding="utf-8"
    )
    shutil.copytree(REPO_ROOT / "docs", root / "docs")
    assert main(["--root", str(root), "build"]) == 0
    memory = (root / "site" / "sections" / "memory" / "index.html").read_text(encoding="utf-8")
    assert (
        '<a href="../causal/#rome">Locating and Editing Factual Associations in GPT</a>' in memory
    )
    assert 'listed in full under <a href="../causal/">Causal Tracing</a>' in memory
    causal = (root / "site" / "sections" / "causal" / "index.html").read_text(encoding="utf-8")
    assert 'id="rome"' in causal
    # The navigation holds the tree: Causal Tracing sits inside the Locate Then Edit group.
    nav = causal.split('class="md-nav__list"', 1)[1]
    assert nav.index("Locate Then Edit") < nav.index("Causal Tracing") < nav.index("Memory Based")


def catalog_title(root: Path) -> str:
    catalog, _ = open_catalog(Project(root))
    assert catalog is not None
    return catalog.identity.title


def test_use_directory_urls_false_in_mkdocs_yml_is_overridden(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "list", "")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "use_directory_urls: false\n")
    assert main(["--root", str(root), "build"]) == 0
    assert (root / "site" / "browse" / "index.html").is_file()
