"""The catalog: a typed, immutable view of valid data that every later stage reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from generator.catalog.facts import EntryFacts
from generator.catalog.identity import ListIdentity

UNCITED_KINDS = frozenset({"tool", "resource"})
# The last of a paper's authors when the source names only the first few ("A. Name et al.").
ET_AL = "et al."


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Models:
    """Models a paper used: a flat list, or teacher and student lists for distillation."""

    models: tuple[str, ...] = ()
    teacher: tuple[str, ...] = ()
    student: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.models or self.teacher or self.student)


@dataclass(frozen=True)
class DatasetUse:
    """One entry of a paper's `datasets`: a dataset of the catalog, or free text."""

    name: str
    dataset_id: str | None = None


@dataclass(frozen=True)
class Section:
    """A section of the tree; `Catalog.sections` lists them parents first, in reading order."""

    id: str
    title: str
    description: str = ""
    parent: str | None = None
    depth: int = 0  # 0 for a top-level section


@dataclass(frozen=True)
class Paper:
    """One entry of papers.yaml, of any `kind`; `section` is where it is listed in full."""

    id: str
    title: str
    url: str
    venue: str | None
    year: int | None
    section: str
    line: int = 1
    file: str = "papers.yaml"  # where the entry is written: papers.yaml or papers/<name>.yaml
    month: int | None = None
    method: str | None = None
    authors: tuple[str, ...] = ()
    arxiv: str | None = None
    doi: str | None = None
    code: str | None = None
    links: tuple[Link, ...] = ()
    organizations: tuple[str, ...] = ()
    task: str | None = None
    datasets: tuple[DatasetUse, ...] = ()
    models: Models = field(default_factory=Models)
    insight: str | None = None
    note: str | None = None
    tags: tuple[str, ...] = ()
    added: dt.date | None = None
    kind: str = "paper"
    also: tuple[str, ...] = ()  # other sections that show it by name, linking to `section`
    aliases: tuple[str, ...] = ()
    date: str | None = None  # first public appearance: YYYY-MM or YYYY-MM-DD
    track: str | None = None  # a qualifier of the venue, e.g. "System Demonstrations"
    extra: tuple[tuple[str, Any], ...] = ()  # the list's own fields (catalog.fields), by name
    description: str | None = None  # one or two sentences, as tool lists write them
    license: str | None = None
    platforms: tuple[str, ...] = ()  # languages or platforms it runs on
    demo: str | None = None
    status: str | None = None  # "archived" or "deprecated"
    builds_on: tuple[str, ...] = ()  # listed papers it cites, added by hand (catalog.lineage)
    not_builds_on: tuple[str, ...] = ()  # citations a service reported wrongly, taken out

    @property
    def sections(self) -> tuple[str, ...]:
        return (self.section, *self.also)

    @property
    def citable(self) -> bool:
        """A work one cites (BibTeX, "Paper" links), not software or a page one links to."""
        return self.kind not in UNCITED_KINDS


@dataclass(frozen=True)
class Publication:
    title: str
    venue: str
    year: int
    authors: tuple[str, ...] = ()
    arxiv: str | None = None
    doi: str | None = None


@dataclass(frozen=True)
class Dataset:
    id: str
    name: str
    url: str
    line: int = 1
    description: str | None = None
    source: str | None = None
    time: str | None = None
    paper_id: str | None = None
    publication: Publication | None = None
    code: str | None = None
    added: dt.date | None = None
    extra: tuple[tuple[str, Any], ...] = ()  # the list's own fields (catalog.fields), by name


@dataclass(frozen=True)
class Note:
    slug: str
    title: str
    body: str
    source: str


@dataclass(frozen=True)
class Catalog:
    sections: tuple[Section, ...]
    papers: tuple[Paper, ...]
    datasets: tuple[Dataset, ...]
    dataset_intro: str = ""
    notes: tuple[Note, ...] = ()
    facts: Mapping[str, EntryFacts] = field(default_factory=dict, compare=False, repr=False)
    identity: ListIdentity = field(default_factory=ListIdentity)
    _paper_index: dict[str, Paper] = field(default_factory=dict, compare=False, repr=False)
    _dataset_index: dict[str, Dataset] = field(default_factory=dict, compare=False, repr=False)
    _by_section: dict[str, list[Paper]] = field(default_factory=dict, compare=False, repr=False)
    _users: dict[str, list[Paper]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._paper_index.update((p.id, p) for p in self.papers)
        self._dataset_index.update((d.id, d) for d in self.datasets)
        for paper in self.papers:
            for section_id in dict.fromkeys(paper.sections):
                self._by_section.setdefault(section_id, []).append(paper)
            for dataset_id in dict.fromkeys(u.dataset_id for u in paper.datasets if u.dataset_id):
                self._users.setdefault(dataset_id, []).append(paper)

    def paper(self, paper_id: str) -> Paper:
        return self._paper_index[paper_id]

    def dataset(self, dataset_id: str) -> Dataset:
        return self._dataset_index[dataset_id]

    def papers_in(self, section_id: str) -> tuple[Paper, ...]:
        """Every entry the section shows: listed in full there, or by name (`also`)."""
        return tuple(self._by_section.get(section_id, ()))

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def children(self, section_id: str | None) -> tuple[Section, ...]:
        """The sections right below `section_id`; None gives the top-level sections."""
        return tuple(s for s in self.sections if s.parent == section_id)

    def papers_using(self, dataset_id: str) -> tuple[Paper, ...]:
        return tuple(self._users.get(dataset_id, ()))

    def facts_for(self, kind: str, entry_id: str) -> EntryFacts | None:
        """What `refresh` last found about `paper`/`dataset` `entry_id`, if anything."""
        return self.facts.get(f"{kind}:{entry_id}")


def _tuple(value: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(value or ())


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _models(value: Any) -> Models:
    if isinstance(value, dict):
        return Models(teacher=_tuple(value.get("teacher")), student=_tuple(value.get("student")))
    return Models(models=_tuple(value))


def entry_url(data: dict[str, Any]) -> str:
    """`url`, or else the address its arXiv id or DOI names."""
    if data.get("url"):
        return data["url"]
    if data.get("arxiv"):
        return f"https://arxiv.org/abs/{data['arxiv']}"
    return f"https://doi.org/{data['doi']}"


def entry_venue(data: dict[str, Any]) -> str | None:
    """`venue`; a paper that names none but has an arXiv id is a preprint, 'arXiv'."""
    if data.get("venue"):
        return data["venue"]
    if data.get("kind", "paper") == "paper" and data.get("arxiv"):
        return "arXiv"
    return None


def entry_year(data: dict[str, Any]) -> int | None:
    if data.get("year") is not None:
        return data["year"]
    return int(data["date"][:4]) if data.get("date") else None


def entry_month(data: dict[str, Any]) -> int | None:
    date = data.get("date")
    if date and len(date) >= 7:
        return int(date[5:7])
    return data.get("month")


def walk_sections(
    items: Iterable[dict[str, Any]], parent: str | None = None, depth: int = 0
) -> Iterable[Section]:
    """Nested `sections` as a flat sequence, each parent before its children."""
    for item in items:
        yield Section(item["id"], item["title"], item.get("description", ""), parent, depth)
        yield from walk_sections(item.get("sections", ()), item["id"], depth + 1)


def paper_from_data(
    data: dict[str, Any],
    dataset_ids: AbstractSet[str],
    line: int = 1,
    canonical_venue: Callable[[str], str] = str,
    file: str = "papers.yaml",
) -> Paper:
    venue = entry_venue(data)
    return Paper(
        id=data["id"],
        title=data["title"],
        url=entry_url(data),
        venue=canonical_venue(venue) if venue else None,
        year=entry_year(data),
        section=data["section"],
        line=line,
        file=file,
        month=entry_month(data),
        method=data.get("method"),
        authors=_tuple(data.get("authors")),
        arxiv=data.get("arxiv"),
        doi=data.get("doi"),
        code=data.get("code"),
        links=tuple(Link(link["label"], link["url"]) for link in data.get("links", ())),
        organizations=_tuple(data.get("organizations")),
        task=data.get("task"),
        datasets=tuple(
            DatasetUse(name, name if name in dataset_ids else None)
            for name in data.get("datasets", ())
        ),
        models=_models(data.get("models")),
        insight=data.get("insight"),
        note=data.get("note"),
        tags=_tuple(data.get("tags")),
        added=_date(data.get("added")),
        kind=data.get("kind", "paper"),
        also=_tuple(data.get("also")),
        aliases=_tuple(data.get("aliases")),
        date=data.get("date") or _legacy_date(data),
        track=data.get("track"),
        description=data.get("description"),
        license=data.get("license"),
        platforms=_tuple(data.get("platforms")),
        demo=data.get("demo"),
        status=data.get("status"),
        builds_on=_tuple(data.get("builds_on")),
        not_builds_on=_tuple(data.get("not_builds_on")),
    )


def _legacy_date(data: dict[str, Any]) -> str | None:
    """`year` and `month` of an entry written before `date` existed, as YYYY-MM."""
    if data.get("month") and data.get("year"):
        return f"{data['year']:04d}-{data['month']:02d}"
    return None


def dataset_from_data(
    data: dict[str, Any], line: int = 1, canonical_venue: Callable[[str], str] = str
) -> Dataset:
    publication = data.get("publication")
    return Dataset(
        id=data["id"],
        name=data["name"],
        url=data["url"],
        line=line,
        description=data.get("description"),
        source=data.get("source"),
        time=data.get("time"),
        paper_id=data.get("paper"),
        publication=Publication(
            title=publication["title"],
            venue=canonical_venue(publication["venue"]),
            year=publication["year"],
            authors=_tuple(publication.get("authors")),
            arxiv=publication.get("arxiv"),
            doi=publication.get("doi"),
        )
        if publication
        else None,
        code=data.get("code"),
        added=_date(data.get("added")),
    )


def note_from_text(slug: str, text: str, source: str) -> Note:
    title_line, _, body = text.lstrip("\n").partition("\n")
    return Note(
        slug=slug, title=title_line.removeprefix("# ").strip(), body=body.strip("\n"), source=source
    )
