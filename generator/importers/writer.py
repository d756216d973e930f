"""The imported list as YAML data files: the one module that knows their shape.

It writes only what the data schema holds: nested sections, `kind`, `date` and `also` (other
sections of a paper) when the schema has them; otherwise sections are flattened and the
entry's other sections dropped. An entry the schema cannot hold (no venue, no year) is left
out and named in the notices, with its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from generator.catalog import same
from generator.catalog.parts import PAPERS_DIR
from generator.catalog.scaffold import ENTRY_STYLE, ascii_slug, base_id
from generator.catalog.schema import fast_check, load_schema
from generator.importers.entries import clean_title
from generator.importers.extract import without_signature
from generator.importers.model import (
    ImportedEntry,
    ImportedList,
    ImportedSection,
    UniqueIds,
    UnreadLine,
)
from generator.importers.notes import note_files
from generator.importers.sections import plan_sections, section_ids
from generator.sources.metadata import PaperMetadata
from generator.text.urls import url_problems
from generator.yamltext import block_lines, scalar

_DETAIL_FIELDS = {
    "task": "task",
    "tasks": "task",
    "insight": "insight",
    "note": "note",
    "license": "license",
    "licence": "license",
}
_LIST_DETAIL_FIELDS = {
    "organization": "organizations",
    "organizations": "organizations",
    "affiliation": "organizations",
    "affiliations": "organizations",
    "org": "organizations",
    "platform": "platforms",
    "platforms": "platforms",
    "language": "platforms",
    "languages": "platforms",
}


@dataclass
class Written:
    """The files' text and what the writer had to leave out or change, by source line."""

    files: dict[str, str]
    notices: list[UnreadLine] = field(default_factory=list)
    papers: int = 0
    datasets: int = 0
    sections: int = 0
    links: set[str] = field(default_factory=set)  # every address the entries link to


@dataclass
class _Shape:
    """What the schema of papers.yaml holds, read from the schema itself."""

    paper_fields: set[str]

    @classmethod
    def current(cls) -> _Shape:
        return cls(set(load_schema("papers.schema.json")["$defs"]["paper"]["properties"]))


@cache
def _paper_validator() -> Draft202012Validator:
    schema = load_schema("papers.schema.json")
    return Draft202012Validator({"$defs": schema["$defs"], "$ref": "#/$defs/paper"})


def _schema_problem(fields: dict[str, Any]) -> str | None:
    """Why the schema refuses this paper entry (its own words), or None when it accepts it."""
    if fast_check("papers.schema.json", "#/$defs/paper")(fields):
        return None
    for error in _paper_validator().iter_errors(fields):
        for cause in (error, *error.context):
            if isinstance(cause.schema, dict) and "x-message" in cause.schema:
                return cause.schema["x-message"]
        return error.message
    return "the data's schema refuses it"


# Entries --------------------------------------------------------------------------------


class _Urls:
    def __init__(self, notices: list[UnreadLine]) -> None:
        self.notices = notices

    def fit(self, url: str | None, line: int, title: str) -> str | None:
        """The URL fit to publish: expiring signatures removed (and said), else None."""
        if not url:
            return None
        cleaned, removed = without_signature(url)
        if removed:
            self.notices.append(
                UnreadLine(
                    line,
                    title,
                    f"removed the expiring signature ({', '.join(removed)}) from its link; "
                    "check that the link still opens, or link the landing page",
                )
            )
        return None if url_problems(cleaned) else cleaned


def _venue(entry: ImportedEntry) -> str | None:
    if entry.venue:
        return entry.venue
    return "arXiv" if entry.arxiv else None


def _details(entry: ImportedEntry, shape: _Shape) -> tuple[dict[str, Any], list[str]]:
    """The fields the entry's labelled facts fill, and the labels of those kept in its note
    because no field holds them."""
    found: dict[str, Any] = {}
    unfielded: list[tuple[str, str]] = []
    for label, text in entry.details:
        key = label.casefold()
        # A short unlabelled line under an entry names who made it: "- Microsoft".
        field_name = _DETAIL_FIELDS.get(key) or _LIST_DETAIL_FIELDS.get(key or "organizations")
        if field_name not in shape.paper_fields or (field_name in found and key in _DETAIL_FIELDS):
            unfielded.append((label, text))
        elif key in _DETAIL_FIELDS:
            found[field_name] = text
        else:
            names = [n.strip() for n in re.split(r",|;", text.rstrip(".")) if n.strip()]
            found.setdefault(field_name, [])
            found[field_name] += [n for n in names if n not in found[field_name]]
    if unfielded and "note" in shape.paper_fields:
        said = [found["note"]] if "note" in found else []
        facts = [_sentence(f"{label}: {text}") for label, text in unfielded]
        found["note"] = " ".join([*said, *facts])
    return found, [label for label, _ in unfielded]


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _description(entry: ImportedEntry, notices: list[UnreadLine]) -> str | None:
    """The description as the source wrote it, its first letter a capital (awesome-lint's
    rule for list items) and without the entry's own name in front ("Mage is a build tool"
    beside the link named "mage", which awesome-lint refuses too); the report names each
    change."""
    text = entry.description
    if not text:
        return None
    shorter = without_own_name(text, entry.title)
    if shorter != text:
        notices.append(UnreadLine(entry.line, entry.title, NAME_LEFT_OUT))
        return shorter
    if text[0].islower():
        text = text[0].upper() + text[1:]
        notices.append(UnreadLine(entry.line, entry.title, CAPITALISED))
    return text


UNLINKED = (
    "left out: a work cited without a link, and an entry needs an address: "
    "`import --resolve` looks it up by title on arXiv, Crossref and OpenAlex"
)
CAPITALISED = "description begins with a capital letter now, as awesome-lint requires"
NAME_LEFT_OUT = (
    "description began with the entry's own name (its link's text), which awesome-lint "
    "refuses: the name and a following 'is' or dash are left out of it"
)
_AFTER_NAME = re.compile(r"^[\s.,!?:-]")  # awesome-lint's word boundary after the name
_LEAD = re.compile(r"^[\s.,!?:;\-\u2013\u2014]*(?:(?:is|are|was)\s+)?", re.IGNORECASE)


def without_own_name(text: str, name: str) -> str | None:
    """`text` without `name` in front (compared as awesome-lint does, ignoring case), its
    first letter a capital; None when nothing but the name was said."""
    if not name or not text.lower().startswith(name.lower()):
        return text
    rest = text[len(name) :]
    if rest and not _AFTER_NAME.match(rest):
        return text  # "Airflow ..." beside "Air": another word
    rest = rest[_LEAD.match(rest).end() :]
    if not re.search(r"[^\W\d_]{2,}", rest):
        return None
    return rest[0].upper() + rest[1:]


def _paper_fields(
    entry: ImportedEntry, paper_id: str, ids: dict, shape: _Shape, urls: _Urls
) -> dict[str, Any]:
    title = entry.title
    url = urls.fit(entry.url, entry.line, title)
    links = [
        {"label": link.label, "url": urls.fit(link.url, entry.line, title)} for link in entry.links
    ]
    pdf = urls.fit(entry.pdf, entry.line, title)
    if pdf:
        links.append({"label": "PDF", "url": pdf})
    if entry.ci_badges:
        why = "its build-status badge left out: awesome-lint refuses CI badges in a list"
        urls.notices.append(UnreadLine(entry.line, ", ".join(entry.ci_badges), why, True))
    details, unfielded = _details(entry, shape)
    if unfielded:
        kept = ", ".join(f"'{label}'" for label in dict.fromkeys(unfielded))
        urls.notices.append(
            UnreadLine(entry.line, title, f"kept {kept} in its note: the data has no field for it")
        )
    fields: dict[str, Any] = {
        "id": paper_id,
        "title": title,
        "description": _description(entry, urls.notices),
        "kind": entry.kind if entry.kind != "paper" else None,
        "url": url,
        "aliases": list(entry.aliases) or None,
        "venue": _venue(entry),
        "year": entry.year,
        "track": entry.track if entry.venue else None,
        "date": entry.date,
        "section": ids[entry.sections[0]],
        "also": [ids[path] for path in entry.sections[1:]] or None,
        "method": entry.tag,
        "authors": list(entry.authors) or None,
        "arxiv": entry.arxiv,
        "doi": entry.doi,
        "code": urls.fit(entry.code, entry.line, title),
        "links": [link for link in links if link["url"] and link["label"].strip()] or None,
        **details,
        "added": entry.added,
    }
    return {
        key: value
        for key, value in fields.items()
        if value not in (None, [], "") and (key in shape.paper_fields)
    }


def _identity(fields: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for key in same.keys_of_fields(fields):
        yield key.kind, key.value


def _metadata(entry: ImportedEntry) -> PaperMetadata:
    return PaperMetadata(entry.title, entry.authors, entry.year or 0, entry.venue or "", "")


def _dataset_fields(
    entry: ImportedEntry, dataset_id: str, paper_ids: dict[tuple[str, str], str], urls: _Urls
) -> dict[str, Any] | None:
    url = urls.fit(entry.url, entry.line, entry.name or entry.title)
    if not url:
        return None
    fields: dict[str, Any] = {"id": dataset_id, "name": entry.name, "url": url}
    for label, text in entry.details:
        if label.casefold() in {"time", "source", "description"}:
            fields.setdefault(label.casefold(), text)
    code = urls.fit(entry.code, entry.line, entry.name or entry.title)
    if code:
        fields["code"] = code
    probe = {"url": url, "title": entry.title, **({"arxiv": entry.arxiv} if entry.arxiv else {})}
    paper = next((paper_ids[key] for key in _identity(probe) if key in paper_ids), None)
    if paper:
        fields["paper"] = paper
    elif _venue(entry) and entry.year:
        publication = {"title": entry.title, "venue": _venue(entry), "year": entry.year}
        publication |= {"authors": list(entry.authors)} if entry.authors else {}
        publication |= {"arxiv": entry.arxiv} if entry.arxiv else {}
        publication |= {"doi": entry.doi} if entry.doi else {}
        fields["publication"] = publication
    else:
        return None
    if entry.added:
        fields["added"] = entry.added
    return fields


def build_data(imported: ImportedList) -> tuple[dict[str, Any], dict[str, Any], Written]:
    """The data of papers.yaml and datasets.yaml, and what had to be left out."""
    shape = _Shape.current()
    written = Written({}, notices=list(imported.notices))
    urls = _Urls(written.notices)
    ids = section_ids(imported.sections)
    named = [e for e in imported.entries if e.name and e.kind == "dataset"]
    papers, paper_ids = _papers([e for e in imported.entries if e not in named], ids, shape, urls)
    datasets = _datasets(named, paper_ids, urls, written)
    used = _used_paths(papers, ids)
    plan = plan_sections(imported.sections, used, [d["name"] for d in datasets], bool(datasets))
    written.notices += plan.notices
    sections = plan.tree or [{"id": "entries", "title": "Entries"}]
    written.papers, written.datasets, written.sections = len(papers), len(datasets), len(used)
    written.links = set(_addresses([*papers, *datasets]))
    papers_data = {"sections": sections, "papers": papers}
    description = next((s.description for s in _all(imported.sections) if _holds(s, named)), "")
    datasets_data = (
        {"description": description, "datasets": datasets}
        if description
        else {"datasets": datasets}
    )
    return papers_data, datasets_data, written


def _papers(
    entries: list[ImportedEntry], ids: dict[tuple[str, ...], str], shape: _Shape, urls: _Urls
) -> tuple[list[dict[str, Any]], dict[tuple[str, str], str]]:
    """The entries the schema accepts, and the paper id of each identity key (url, arxiv...)."""
    papers: list[dict[str, Any]] = []
    paper_ids: dict[tuple[str, str], str] = {}
    taken = UniqueIds()
    for entry in entries:
        paper_id = taken.new(base_id(_metadata(entry)) if entry.title else "")
        fields = _paper_fields(entry, paper_id, ids, shape, urls)
        clash = next((key for key in _identity(fields) if key in paper_ids), None)
        problem = _schema_problem(fields)
        if problem and _schema_problem(fields | {"kind": "resource"}) is None:
            fields = _as_resource(fields)
            reason = f"kept as a resource: {problem}, and the source gives none"
            urls.notices.append(UnreadLine(entry.line, entry.title, reason))
        elif problem and not (entry.url or entry.arxiv or entry.doi):
            urls.notices.append(UnreadLine(entry.line, entry.title, UNLINKED))
            continue
        elif problem:
            reason = f"left out: {problem}, and the source gives none"
            urls.notices.append(UnreadLine(entry.line, entry.title, reason))
            continue
        if clash:
            reason = f"left out: the same {clash[0]} as '{paper_ids[clash]}'"
            urls.notices.append(UnreadLine(entry.line, entry.title, reason))
            continue
        for key in _identity(fields):
            paper_ids.setdefault(key, fields["id"])
        papers.append(fields)
    return papers, paper_ids


def _as_resource(fields: dict[str, Any]) -> dict[str, Any]:
    """A paper the source says too little about, kept as a resource: the same fields in the
    same order, `kind` where it goes."""
    kept = {key: value for key, value in fields.items() if key != "kind"}
    items = list(kept.items())
    at = next((i for i, (key, _) in enumerate(items) if key == "url"), len(items))
    return dict([*items[:at], ("kind", "resource"), *items[at:]])


def _addresses(value: Any) -> Iterator[str]:
    """Every http(s) address inside the written data (a badge linking to one would repeat it,
    which awesome-lint refuses)."""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            yield from _addresses(item)
    elif isinstance(value, str) and value.startswith(("http://", "https://")):
        yield value


def _used_paths(
    papers: list[dict[str, Any]], ids: dict[tuple[str, ...], str]
) -> set[tuple[str, ...]]:
    """The heading paths the papers are filed under (their section and `also`), found through
    one reverse map: a list of thousands of sections and entries is not read
    sections x entries times."""
    path_of = {section_id: path for path, section_id in ids.items()}
    return {path_of[s] for paper in papers for s in (paper["section"], *paper.get("also", ()))}


def _all(sections: tuple[ImportedSection, ...]) -> Iterator[ImportedSection]:
    for section in sections:
        yield section
        yield from _all(section.children)


def _holds(section: ImportedSection, entries: list[ImportedEntry]) -> bool:
    return any(section.path in entry.sections for entry in entries)


def _datasets(
    named: list[ImportedEntry], paper_ids: dict, urls: _Urls, written: Written
) -> list[dict[str, Any]]:
    datasets, taken = [], UniqueIds()
    for entry in named:
        candidate = taken.new(ascii_slug(clean_title(entry.name or "")) or "dataset")
        fields = _dataset_fields(entry, candidate, paper_ids, urls)
        if fields is None:
            reason = "left out: a dataset needs a usable link and its paper's venue and year"
            written.notices.append(UnreadLine(entry.line, entry.name or entry.title, reason))
            continue
        datasets.append(fields)
    return datasets


# YAML text ------------------------------------------------------------------------------


def _lines(value: Any, indent: int) -> list[str]:
    return block_lines(value, indent, ENTRY_STYLE)


def _entries_text(papers: list[dict[str, Any]]) -> str:
    """`papers:` and the entries, one blank line between them."""
    if not papers:
        return "papers: []"
    return "papers:\n" + "\n\n".join("\n".join(_lines([p], 2)) for p in papers)


def split_papers(data: dict[str, Any], title: str) -> dict[str, str]:
    """papers.yaml with the sections only, and `papers/<section>.yaml` with each section's
    entries (see `catalog.parts`), in the order the entries came."""
    by_section: dict[str, list[dict[str, Any]]] = {}
    for paper in data["papers"]:
        by_section.setdefault(paper["section"], []).append(paper)
    files = {"papers.yaml": papers_text({**data, "papers": []}, title)}
    for section, papers in by_section.items():
        head = f"# The entries of section '{section}'; its title and place are in papers.yaml.\n"
        files[f"{PAPERS_DIR}/{section}.yaml"] = head + _entries_text(papers) + "\n"
    return files


def papers_text(data: dict[str, Any], title: str) -> str:
    # No editor modeline (`yaml-language-server: $schema=`): the schemas are the installed
    # generator's, at no path of the list's own.
    head = (
        f"# The entries of {_comment(title)}, imported from its Markdown by "
        "`listsmith import`.\n# Run `listsmith validate` after editing.\n\n"
    )
    body = "\n\n".join(
        ["sections:\n" + "\n".join(_lines(data["sections"], 2)), _entries_text(data["papers"])]
    )
    return head + body + "\n"


def datasets_text(data: dict[str, Any]) -> str:
    head = "# Datasets; papers name a dataset by its id in `datasets`.\n\n"
    parts = []
    if data.get("description"):
        parts.append(f"description: {scalar(data['description'])}")
    items = data["datasets"]
    parts.append(
        "datasets:"
        + ("\n" + "\n\n".join("\n".join(_lines([d], 2)) for d in items) if items else " []")
    )
    return head + "\n\n".join(parts) + "\n"


def news_text(news: tuple[tuple[str, str], ...]) -> str:
    """The source's news as list.yaml's `news` key, to follow the identity `init` writes."""
    if not news:
        return ""
    items = [{"date": date, "text": text} for date, text in news]
    return (
        "\n# The source's news, newest first as it wrote them.\n"
        + "\n".join(block_lines({"news": items}, 0))
        + "\n"
    )


def _comment(text: str) -> str:
    return " ".join(text.split()) or "this list"


def write_data(imported: ImportedList, *, split: bool = False) -> Written:
    """The files of the imported list; with `split`, the entries by section under papers/."""
    papers, datasets, written = build_data(imported)
    if split:
        written.files = split_papers(papers, imported.title)
    else:
        written.files = {"papers.yaml": papers_text(papers, imported.title)}
    written.files["datasets.yaml"] = datasets_text(datasets)
    badges = {badge.url for badge in imported.badges if badge.url}
    written.files |= note_files(imported.notes, written.notices, written.links | badges)
    return written
