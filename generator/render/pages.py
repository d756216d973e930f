"""Site pages: the Catalog through the templates of `templates/site/` into Markdown files.

Nothing here knows about a site engine: `render_site` returns the files and the navigation,
and `generator.site.stage` writes them out for one. Sections and index pages are split into
pages of at most `PAGE_SIZE` papers, so that no page holds thousands of entries.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.catalog.lineage import lineage
from generator.catalog.model import Catalog, Dataset, Paper
from generator.render.browse import BrowseData
from generator.render.charts import LineageChart, lineage_chart, short_label, timeline_chart
from generator.render.export import bibtex_entry, pdf_url, to_bibtex, to_csv, to_json
from generator.render.list_indent import python_markdown_lists
from generator.render.parallel import run_all
from generator.render.readme import code_fence, make_environment, resolve_references
from generator.render.readme_model import KIND_LABELS, counts, main_link_label
from generator.render.reference import field_tables
from generator.text.markup import theme_text

# Papers per page of a section or an index. At 10,000 papers in one section, Lighthouse's
# mobile run of a page of 100 entries blocked the main thread for 290-470 ms (performance
# 0.88-0.92), of 50 for 190-200 ms (0.96): the theme restyles every entry as it starts.
PAGE_SIZE = 50
# The pager names the first and the last page, those near this one and every tenth: any page
# is a few steps away, and a section of hundreds of pages keeps a pager of a few lines.
PAGER_NEAR = 2
PAGER_STRIDE = 10
BROWSE_BATCH = 50  # results the Browse page shows at first and adds per "Show more"
LATEST_ADDITIONS = 10
USED_BY_SHOWN = 20  # back-links on the datasets page; the rest on the dataset's own pages
FEED_ENTRIES = 50
TEMPLATE_DIR = "site"
DATASETS_PAGE = "datasets.md"
# An index page, so that its source and its built page sit in one folder: its raw-HTML links
# then read the same to MkDocs (relative to the page's address) and Zensical (to its source).
BROWSE_PAGE = "browse/index.md"
LINEAGE_PAGE = "lineage/index.md"  # an index page: its raw-HTML links read the same to both engines
LINEAGE_SHOWN = 20  # papers named under "Built on by" on an entry; the rest on the Lineage page
SHORT_TITLE = 60  # characters of a title named under "Builds on": the part before its colon


@dataclass(frozen=True)
class SiteSettings:
    """What the pages need to know about where the site and its sources live."""

    site_name: str
    site_url: str = ""  # absolute address of the site, ending in '/'; '' when unknown
    source_url: str = ""  # where the repository's files are shown, e.g. .../blob/main/


@dataclass(frozen=True)
class GeneratedFile:
    path: str  # relative to the site's sources, e.g. 'sections/paper-list/index.md'
    content: str
    edit: str | None = None  # the repository file behind the page, for "edit this page"


@dataclass(frozen=True)
class Site:
    files: tuple[GeneratedFile, ...]
    nav: list[Any]  # in the shape of MkDocs' `nav` setting


@dataclass(frozen=True)
class Piece:
    """A part of the site that renders by itself: `kind` says what it is (a listing page, the
    downloads, the BibTeX files, or '' for the pages drawn from the whole list), `shows` the
    ids of the entries whose own fields it shows beyond a count or a link (None: any entry's),
    so that a preview renders again only what an edit of entries that stay where they are
    listed touches."""

    render: Callable[[], list[GeneratedFile]]
    kind: str = ""
    shows: frozenset[str] | None = None


@dataclass(frozen=True)
class Listing:
    """A titled list of papers shown over one or more pages: a section, a method, a year."""

    kind: str  # the directory: sections, methods, tags, years or used-by
    slug: str
    title: str
    papers: tuple[Paper, ...]
    description: str = ""

    @property
    def page_count(self) -> int:
        return max(1, -(-len(self.papers) // PAGE_SIZE))

    def page_path(self, number: int) -> str:
        name = "index" if number == 1 else str(number)
        return f"{self.kind}/{self.slug}/{name}.md"

    def pages(self) -> Iterable[tuple[int, tuple[Paper, ...]]]:
        for number in range(1, self.page_count + 1):
            start = (number - 1) * PAGE_SIZE
            yield number, self.papers[start : start + PAGE_SIZE]


def pager_numbers(current: int, count: int) -> list[int | None]:
    """The page numbers a pager shows, in order, with None where it leaves some out."""
    shown = [
        number
        for number in range(1, count + 1)
        if number in (1, count) or abs(number - current) <= PAGER_NEAR or number % PAGER_STRIDE == 0
    ]
    numbers: list[int | None] = []
    for before, number in zip([0, *shown], shown, strict=False):
        if number - before == 2:  # an ellipsis would stand for one page: that page instead
            numbers.append(before + 1)
        elif before and number - before > 2:
            numbers.append(None)
        numbers.append(number)
    return numbers


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "other"


def _grouped(
    kind: str, papers: Iterable[Paper], keys: Callable[[Paper], Iterable[str]]
) -> list[Listing]:
    groups: dict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        for key in keys(paper):
            groups[key].append(paper)
    listings, used = [], set()
    for name in sorted(groups, key=str.casefold):
        slug = base = slugify(name)
        counter = 2
        while slug in used:
            slug, counter = f"{base}-{counter}", counter + 1
        used.add(slug)
        listings.append(Listing(kind, slug, name, tuple(groups[name])))
    return listings


def _by_year(catalog: Catalog) -> list[Listing]:
    years: dict[int, list[Paper]] = defaultdict(list)
    for paper in catalog.papers:
        if paper.year is not None:
            years[paper.year].append(paper)
    return [
        Listing("years", str(year), str(year), tuple(years[year]))
        for year in sorted(years, reverse=True)
    ]


class _CompiledTemplates(jinja2.BytecodeCache):
    """The templates compiled in this process, kept for the next `Pages` (a preview renders
    on every save); Jinja compiles a template again when its source changed."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


class Pages:
    """Renders every page of one catalog; knows on which page each entry lives."""

    def __init__(self, catalog: Catalog, templates_dir: Path, settings: SiteSettings) -> None:
        self.catalog = catalog
        self.settings = settings
        self.sections = [
            Listing("sections", s.id, s.title, catalog.papers_in(s.id), s.description)
            for s in catalog.sections
        ]
        self.section_listing = {listing.slug: listing for listing in self.sections}
        self.methods = _grouped("methods", catalog.papers, lambda p: [p.method] if p.method else [])
        self.tags = _grouped("tags", catalog.papers, lambda p: p.tags)
        self.years = _by_year(catalog)
        self.paper_pages = {  # where each entry is listed in full: a page of its own section
            paper.id: section.page_path(number)
            for section in self.sections
            for number, papers in section.pages()
            for paper in papers
            if paper.section == section.slug
        }
        self.dataset_users: dict[str, list[Paper]] = defaultdict(list)
        for paper in catalog.papers:
            for use in paper.datasets:
                if use.dataset_id:
                    self.dataset_users[use.dataset_id].append(paper)
        # A dataset used by thousands of papers lists them on pages of its own.
        self.used_by = {
            dataset_id: Listing(
                "used-by", dataset_id, catalog.dataset(dataset_id).name, tuple(users)
            )
            for dataset_id, users in self.dataset_users.items()
            if len(users) > USED_BY_SHOWN
        }
        self.index_of = {
            (listing.kind, listing.title): listing.page_path(1)
            for listing in (*self.methods, *self.tags, *self.years)
        }
        self.lineage = lineage(catalog)
        self.lineage_chart = self._lineage_chart()
        self.environment = self._environment(templates_dir)

    def _lineage_chart(self) -> LineageChart | None:
        def group_page(year: int, _section: str) -> str:
            return self.index_of[("years", str(year))]

        return lineage_chart(
            self.catalog, self.lineage, lambda p: f"{self.paper_pages[p.id]}#{p.id}", group_page
        )

    def _environment(self, templates_dir: Path) -> jinja2.Environment:
        environment = make_environment(templates_dir)
        environment.bytecode_cache = _COMPILED
        environment.globals.update(
            href=self._href,
            paper_href=self._paper_href,
            paper_url=self._paper_url,
            dataset_href=self._dataset_href,
            index_href=self._index_href,
            entry_url=self.entry_url,
            page_url=page_url,
            paper_pages=self.paper_pages,
            dataset_users=self.dataset_users,
            used_by=self.used_by,
            used_by_shown=USED_BY_SHOWN,
            page_size=PAGE_SIZE,
            pager_numbers=pager_numbers,
            bibtex=bibtex_entry,
            bibtex_path=bibtex_path,
            pdf_url=pdf_url,
            browse_batch=BROWSE_BATCH,
            fence=code_fence,
            settings=self.settings,
            catalog=self.catalog,
            identity=self.catalog.identity,
            section_listing=self.section_listing,
            link=self._built_href,
            builds_on=self.lineage.builds_on,
            built_on_by=self.lineage.built_on_by,
            lineage_shown=LINEAGE_SHOWN,
            lineage_page=LINEAGE_PAGE if self.lineage_chart else None,
            # Asked of the whole list by pages a preview renders on every save: once here.
            any_citable=any(paper.citable for paper in self.catalog.papers),
            only_papers=all(paper.kind == "paper" for paper in self.catalog.papers),
        )
        environment.filters["slug"] = slugify
        environment.filters["short_title"] = lambda title: short_label(title, SHORT_TITLE)
        environment.globals["kind_label"] = KIND_LABELS.get
        environment.globals["main_link_label"] = main_link_label
        environment.globals["counts"] = counts(self.catalog)
        return environment

    @staticmethod
    @jinja2.pass_context
    def _href(context: jinja2.runtime.Context, target: str) -> str:
        return relative_link(context["here"], target)

    @staticmethod
    @jinja2.pass_context
    def _built_href(context: jinja2.runtime.Context, target: str) -> str:
        """A link for raw HTML (the charts' SVG), which the site engine leaves as it is."""
        return built_link(context["here"], target)

    @jinja2.pass_context
    def _paper_href(self, context: jinja2.runtime.Context, paper: Paper) -> str:
        return self._href(context, f"{self.paper_pages[paper.id]}#{paper.id}")

    @jinja2.pass_context
    def _paper_url(self, context: jinja2.runtime.Context, paper: Paper) -> str:
        """The paper's entry for raw HTML, whose links the site engine leaves as they are."""
        return built_link(context["here"], f"{self.paper_pages[paper.id]}#{paper.id}")

    @jinja2.pass_context
    def _dataset_href(self, context: jinja2.runtime.Context, dataset_id: str) -> str:
        return self._href(context, f"{DATASETS_PAGE}#{dataset_id}")

    @jinja2.pass_context
    def _index_href(self, context: jinja2.runtime.Context, kind: str, name: object) -> str:
        return self._href(context, self.index_of[(kind, str(name))])

    def entry_url(self, file: str, line: int) -> str:
        """The address of a line of a data file in the repository, '' when unknown."""
        return f"{self.settings.source_url}{file}#L{line}" if self.settings.source_url else ""

    def render(self, template: str, here: str, **context: Any) -> str:
        text = self.environment.get_template(f"{TEMPLATE_DIR}/{template}").render(
            here=here, **context
        )
        return text.rstrip("\n") + "\n"

    def page(self, template: str, here: str, edit: str | None, **context: Any) -> GeneratedFile:
        return GeneratedFile(here, self.render(template, here, **context), edit)

    def listing_pages(self, listing: Listing, template: str) -> Iterable[GeneratedFile]:
        for number, papers in listing.pages():
            yield self.listing_page(listing, template, number, papers)

    def listing_page(
        self, listing: Listing, template: str, number: int, papers: tuple[Paper, ...]
    ) -> GeneratedFile:
        edit = "papers.yaml" if listing.kind == "sections" else None
        here = listing.page_path(number)
        return self.page(template, here, edit, listing=listing, number=number, papers=papers)

    def additions(self) -> list[tuple[dt.date, str, Paper | Dataset]]:
        """Entries with an `added` date, newest first."""
        dated: list[tuple[dt.date, str, Paper | Dataset]] = [
            (entry.added, entry.id, entry)
            for entry in (*self.catalog.papers, *self.catalog.datasets)
            if entry.added
        ]
        return sorted(dated, key=lambda item: (-item[0].toordinal(), item[1]))

    def fact_sorts(self) -> dict[str, bool]:
        """Which facts some paper has: Browse offers a sort by a fact only then."""
        facts = [self.catalog.facts_for("paper", paper.id) for paper in self.catalog.papers]
        return {
            "has_stars": any(f and f.repository for f in facts),
            "has_citations": any(f and f.citations for f in facts),
        }

    def note_file(self, slug: str, title: str, body: str, source: str) -> GeneratedFile:
        here = f"notes/{slug}.md"
        targets = {
            f"paper:{p.id}": relative_link(here, f"{self.paper_pages[p.id]}#{p.id}")
            for p in self.catalog.papers
        }
        targets |= {
            f"dataset:{d.id}": relative_link(here, f"{DATASETS_PAGE}#{d.id}")
            for d in self.catalog.datasets
        }
        body = python_markdown_lists(resolve_references(body, targets))
        return self.page("note.md.j2", here, source, title=title, body=body)

    def files(self, workers: int = 1) -> list[GeneratedFile]:
        """Every file of the site, rendered by `workers` processes (the same files in the same
        order for any number)."""
        pieces = [piece.render for piece in self.pieces()]
        return [file for files in run_all(pieces, workers) for file in files]

    def pieces(self) -> list[Piece]:
        """The rendering of the site in independent pieces, each page of a listing one."""
        pieces = [
            *self.front_pieces(),
            Piece(self.download_files, "downloads"),
            Piece(self.cite_files, "cite"),
        ]
        listings = [(section, "section.md.j2") for section in self.sections]
        listings += [
            (listing, "listing.md.j2")
            for listing in (*self.methods, *self.tags, *self.years, *self.used_by.values())
        ]
        for listing, template in listings:
            pieces += [
                Piece(
                    functools.partial(self._listing_piece, listing, template, number, papers),
                    "listing",
                    frozenset(paper.id for paper in papers),
                )
                for number, papers in listing.pages()
            ]
        # A note links entries by their place, and shows none of their fields.
        pieces.append(Piece(self.note_files, shows=frozenset()))
        return pieces

    def _listing_piece(
        self, listing: Listing, template: str, number: int, papers: tuple[Paper, ...]
    ) -> list[GeneratedFile]:
        return [self.listing_page(listing, template, number, papers)]

    def front_pieces(self) -> list[Piece]:
        """The home, Browse, datasets, index and contributing pages, and the feed, in that
        order, each a piece of its own with the entries it shows."""
        additions = self.additions()
        latest, feed = additions[:LATEST_ADDITIONS], additions[:FEED_ENTRIES]
        first = self.catalog.papers[:BROWSE_BATCH]
        pieces = [
            Piece(functools.partial(self.home_page, latest), shows=_ids(latest)),
            Piece(self.browse_page, shows=frozenset(paper.id for paper in first)),
        ]
        if self.catalog.datasets:
            pieces.append(Piece(self.datasets_page, shows=self.datasets_page_shows()))
        pieces += self.index_pieces()
        pieces += [
            Piece(self.contributing_page, shows=frozenset()),
            Piece(functools.partial(self.feed_file, feed), shows=_ids(feed)),
        ]
        return pieces

    def home_page(self, latest: list[tuple[dt.date, str, Paper | Dataset]]) -> list[GeneratedFile]:
        return [
            self.page(
                "home.md.j2",
                "index.md",
                None,
                sections=self.sections,
                years=self.years,
                methods=self.methods,
                topics=bool(self.methods or self.tags),  # whether methods/index.md is written
                additions=latest,
            )
        ]

    def browse_page(self) -> list[GeneratedFile]:
        sorts = self.fact_sorts()
        return [self.page("browse.md.j2", BROWSE_PAGE, None, page_size=PAGE_SIZE, **sorts)]

    def datasets_page(self) -> list[GeneratedFile]:
        return [self.page("datasets.md.j2", DATASETS_PAGE, "datasets.yaml")]

    def datasets_page_shows(self) -> frozenset[str]:
        """The papers that introduce a dataset and the first users of each, by title."""
        introducing = {dataset.paper_id for dataset in self.catalog.datasets if dataset.paper_id}
        users = {
            paper.id for papers in self.dataset_users.values() for paper in papers[:USED_BY_SHOWN]
        }
        return frozenset(introducing | users)

    def contributing_page(self) -> list[GeneratedFile]:
        return [self.page("contributing.md.j2", "contributing.md", None, tables=field_tables())]

    def feed_file(self, feed: list[tuple[dt.date, str, Paper | Dataset]]) -> list[GeneratedFile]:
        return [GeneratedFile("feed.xml", self.render("feed.xml.j2", "feed.xml", additions=feed))]

    def download_files(self) -> list[GeneratedFile]:
        """The whole list as downloads."""
        catalog = self.catalog
        return [
            GeneratedFile("papers.bib", to_bibtex(catalog)),
            GeneratedFile("papers.json", to_json(catalog)),
            GeneratedFile("papers.csv", to_csv(catalog)),
            *self.browse_data(),
        ]

    def cite_files(self, papers: Iterable[Paper] | None = None) -> list[GeneratedFile]:
        """Each citable paper's BibTeX entry as a file of its own (of `papers`, else all)."""
        chosen = self.catalog.papers if papers is None else papers
        return [GeneratedFile(bibtex_path(p), bibtex_entry(p)) for p in chosen if p.citable]

    def note_files(self) -> list[GeneratedFile]:
        notes = self.catalog.notes
        return [self.note_file(note.slug, note.title, note.body, note.source) for note in notes]

    def browse_data(self) -> list[GeneratedFile]:
        """The chunked index and record files Browse loads on demand (`render.browse`)."""
        entry_pages = {paper_id: page_url(path) for paper_id, path in self.paper_pages.items()}
        data = BrowseData(self.catalog, entry_pages, self.lineage)
        return [GeneratedFile(path, content) for path, content in data.files().items()]

    def index_pieces(self) -> list[Piece]:
        """The pages of methods and tags and of years (counts of entries by where they are
        listed), and the lineage chart (which places its entries by date and title), each
        only when it has something."""
        pieces = []
        if self.methods or self.tags:
            pieces.append(Piece(self.topics_page, shows=frozenset()))
        if self.years:
            pieces.append(Piece(self.timeline_page, shows=frozenset()))
        if self.lineage_chart:
            charted = frozenset(paper_id for edge in self.lineage.edges for paper_id in edge)
            pieces.append(Piece(self.lineage_page, shows=charted))
        return pieces

    def topics_page(self) -> list[GeneratedFile]:
        page = self.page(
            "topics.md.j2", "methods/index.md", None, methods=self.methods, tags=self.tags
        )
        return [page]

    def timeline_page(self) -> list[GeneratedFile]:
        year_pages = {int(listing.title): listing.page_path(1) for listing in self.years}
        chart = timeline_chart(self.catalog)
        page = self.page(
            "timeline.md.j2",
            "years/index.md",
            None,
            years=self.years,
            chart=chart,
            year_pages=year_pages,
        )
        return [page]

    def lineage_page(self) -> list[GeneratedFile]:
        return [self.page("lineage.md.j2", LINEAGE_PAGE, None, chart=self.lineage_chart)]

    def _section_nav(self, parent: str | None) -> list[Any]:
        """The section tree as MkDocs nav: a section with subsections is a group of its page
        and theirs."""
        items: list[Any] = []
        for section in self.catalog.children(parent):
            page = self.section_listing[section.id].page_path(1)
            children = self._section_nav(section.id)
            label = theme_text(section.title)
            items.append({label: [page, *children]} if children else page)
        return items

    def nav(self) -> list[Any]:
        nav: list[Any] = [
            {"Home": "index.md"},
            {"Browse": BROWSE_PAGE},
            {("Papers" if self.catalog.datasets else "Sections"): self._section_nav(None)},
            *([{"Datasets": DATASETS_PAGE}] if self.catalog.datasets else []),
            *([{"Methods & tags": "methods/index.md"}] if self.methods or self.tags else []),
            *([{"Timeline": "years/index.md"}] if self.years else []),
            *([{"Lineage": LINEAGE_PAGE}] if self.lineage_chart else []),
        ]
        if self.catalog.notes:
            nav.append({"Notes": [f"notes/{note.slug}.md" for note in self.catalog.notes]})
        nav.append({"Contributing": "contributing.md"})
        return nav


def _ids(additions: list[tuple[dt.date, str, Paper | Dataset]]) -> frozenset[str]:
    return frozenset(entry.id for _, _, entry in additions)


def bibtex_path(paper: Paper) -> str:
    """The paper's BibTeX entry as a download of its own (ids are slugs: safe as file names)."""
    return f"cite/{paper.id}.bib"


def relative_link(here: str, target: str) -> str:
    """A link from the page `here` to `target`: source paths, the target maybe with '#anchor'."""
    path, hash_sign, anchor = target.partition("#")
    return _relative_path(path, posixpath.dirname(here) or ".") + hash_sign + anchor


# Every page of a listing links the same few pages (a section, a method, a year) from the same
# folder: the path between two folders is worked out once per build, not once per link.
@functools.lru_cache(maxsize=1 << 14)
def _relative_path(path: str, start: str) -> str:
    return posixpath.relpath(path, start)


def built_link(here: str, target: str) -> str:
    """Like `relative_link`, but between the built pages (`a/b/`), for links in raw HTML."""
    path, hash_sign, anchor = target.partition("#")
    link = posixpath.relpath(page_url(path) or ".", page_url(here) or ".")
    return ("" if link == "." else link + "/") + hash_sign + anchor


def page_url(path: str) -> str:
    """The address, relative to the site's root, of the page built from the source `path`."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def render_site(
    catalog: Catalog, templates_dir: Path, settings: SiteSettings, workers: int = 1
) -> Site:
    pages = Pages(catalog, templates_dir, settings)
    return Site(tuple(pages.files(workers)), pages.nav())
