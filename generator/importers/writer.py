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
from typing import Any

from generator.importers.entries import clean_title
from generator.importers.extract import without_signature
from generator.importers.model import ImportedEntry, ImportedList, ImportedSection, UnreadLine
from generator.metadata import PaperMetadata
from generator.scaffold import _ascii_slug, double_quoted, new_id, yaml_flow_list, yaml_scalar
from generator.schema import load_schema
from generator.urls import url_problems
from generator.validate import _identity_keys

PAPERS_MODELINE = "# yaml-language-server: $schema=schemas/papers.schema.json\n"
DATASETS_MODELINE = "# yaml-language-server: $schema=schemas/datasets.schema.json\n"
_DETAIL_FIELDS = {"task": "task", "tasks": "task", "insight": "insight", "note": "note"}
_LIST_DETAIL_FIELDS = {"organization": "organizations", "organizations": "organizations"}


@dataclass
class Written:
    """The files' text and what the writer had to leave out or change, by source line."""

    files: dict[str, str]
    notices: list[UnreadLine] = field(default_factory=list)
    papers: int = 0
    datasets: int = 0
    sections: int = 0


@dataclass
class _Shape:
    """What the schema of papers.yaml holds, read from the schema itself."""

    paper_fields: set[str]
    required: set[str]
    nested_sections: bool

    @classmethod
    def current(cls) -> _Shape:
        defs = load_schema("papers.schema.json")["$defs"]
        paper, section = defs["paper"], defs["section"]
        return cls(
            set(paper["properties"]),
            set(paper.get("required", ())),
            "sections" in section["properties"],
        )


# Sections ------------------------------------------------------------------------------


def _slug(text: str, fallback: str) -> str:
    return _ascii_slug(text) or fallback


def _section_ids(sections: tuple[ImportedSection, ...]) -> dict[tuple[str, ...], str]:
    ids: dict[tuple[str, ...], str] = {}
    taken: set[str] = set()

    def visit(section: ImportedSection, parent: str) -> None:
        candidate = _slug(section.title, "section")
        if candidate in taken and parent:
            candidate = f"{parent}-{candidate}"
        base, number = candidate, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        taken.add(candidate)
        ids[section.path] = candidate
        for child in section.children:
            visit(child, candidate)

    for section in sections:
        visit(section, "")
    return ids


def _used(section: ImportedSection, used: set[tuple[str, ...]]) -> bool:
    return section.path in used or any(_used(child, used) for child in section.children)


def _section_tree(
    sections: tuple[ImportedSection, ...], ids: dict[tuple[str, ...], str], used: set
) -> list[dict[str, Any]]:
    tree = []
    for section in sections:
        if not _used(section, used):
            continue
        node: dict[str, Any] = {"id": ids[section.path], "title": section.title}
        if section.description:
            node["description"] = section.description
        children = _section_tree(section.children, ids, used)
        if children:
            node["sections"] = children
        tree.append(node)
    return tree


def _flat_sections(
    sections: tuple[ImportedSection, ...], ids: dict[tuple[str, ...], str], used: set
) -> list[dict[str, Any]]:
    """Depth first, only the sections that hold entries, titled with their parent if needed."""
    flat: list[tuple[ImportedSection, str]] = []

    def visit(section: ImportedSection) -> None:
        if section.path in used:
            flat.append((section, section.title))
        for child in section.children:
            visit(child)

    for section in sections:
        visit(section)
    titles = [title for _, title in flat]
    result = []
    for section, title in flat:
        if titles.count(title) > 1 and len(section.path) > 1:
            title = f"{section.path[-2]}: {title}"
        node = {"id": ids[section.path], "title": title}
        if section.description:
            node["description"] = section.description
        result.append(node)
    return result


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


def _month(entry: ImportedEntry) -> int | None:
    if entry.date and len(entry.date) >= 7:
        return int(entry.date[5:7])
    return None


def _details(entry: ImportedEntry, shape: _Shape) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for label, text in entry.details:
        key = label.casefold()
        if key in _DETAIL_FIELDS and _DETAIL_FIELDS[key] in shape.paper_fields:
            found.setdefault(_DETAIL_FIELDS[key], text)
        elif (key in _LIST_DETAIL_FIELDS or not label) and "organizations" in shape.paper_fields:
            names = [n.strip() for n in re.split(r",|;", text.rstrip(".")) if n.strip()]
            found.setdefault("organizations", [])
            found["organizations"] += [n for n in names if n not in found["organizations"]]
    return found


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
    fields: dict[str, Any] = {
        "id": paper_id,
        "title": title,
        "kind": entry.kind if entry.kind != "paper" else None,
        "url": url,
        "venue": _venue(entry),
        "year": entry.year,
        "date": entry.date,
        "month": _month(entry) if "date" not in shape.paper_fields else None,
        "section": ids[entry.sections[0]],
        "also": [ids[path] for path in entry.sections[1:]] or None,
        "method": entry.tag,
        "authors": list(entry.authors) or None,
        "arxiv": entry.arxiv,
        "doi": entry.doi,
        "code": urls.fit(entry.code, entry.line, title),
        "links": [link for link in links if link["url"] and link["label"].strip()] or None,
        **_details(entry, shape),
        "added": entry.added,
    }
    return {
        key: value
        for key, value in fields.items()
        if value not in (None, [], "") and (key in shape.paper_fields)
    }


def _missing(fields: dict[str, Any], shape: _Shape) -> list[str]:
    return sorted(shape.required - set(fields))


def _identity(fields: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for kind, _, key in _identity_keys(fields):
        yield kind, key


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
    written = Written({})
    urls = _Urls(written.notices)
    ids = _section_ids(imported.sections)
    papers: list[dict[str, Any]] = []
    paper_ids: dict[tuple[str, str], str] = {}
    taken: set[str] = set()
    named = [e for e in imported.entries if e.name and e.kind == "dataset"]
    for entry in imported.entries:
        if entry in named:
            continue
        paper_id = new_id(_metadata(entry), taken) if _metadata(entry).title else "entry"
        fields = _paper_fields(entry, paper_id or "entry", ids, shape, urls)
        missing = _missing(fields, shape)
        clash = next((key for key in _identity(fields) if key in paper_ids), None)
        if missing:
            reason = f"left out: no {' and no '.join(missing)} found, and the data needs them"
            written.notices.append(UnreadLine(entry.line, entry.title, reason))
            continue
        if clash:
            reason = f"left out: the same {clash[0]} as '{paper_ids[clash]}'"
            written.notices.append(UnreadLine(entry.line, entry.title, reason))
            continue
        taken.add(fields["id"])
        for key in _identity(fields):
            paper_ids.setdefault(key, fields["id"])
        papers.append(fields)
    datasets = _datasets(named, paper_ids, urls, written)
    used = {path for p in papers for path in _paths_of(p, ids)}
    builder = _section_tree if shape.nested_sections else _flat_sections
    sections = builder(imported.sections, ids, used) or [{"id": "papers", "title": "Papers"}]
    written.papers, written.datasets, written.sections = len(papers), len(datasets), len(used)
    papers_data = {"sections": sections, "papers": papers}
    description = next((s.description for s in _all(imported.sections) if _holds(s, named)), "")
    datasets_data = (
        {"description": description, "datasets": datasets}
        if description
        else {"datasets": datasets}
    )
    return papers_data, datasets_data, written


def _paths_of(paper: dict[str, Any], ids: dict[tuple[str, ...], str]) -> Iterator[tuple[str, ...]]:
    wanted = {paper["section"], *paper.get("also", ())}
    return (path for path, section_id in ids.items() if section_id in wanted)


def _all(sections: tuple[ImportedSection, ...]) -> Iterator[ImportedSection]:
    for section in sections:
        yield section
        yield from _all(section.children)


def _holds(section: ImportedSection, entries: list[ImportedEntry]) -> bool:
    return any(section.path in entry.sections for entry in entries)


def _datasets(
    named: list[ImportedEntry], paper_ids: dict, urls: _Urls, written: Written
) -> list[dict[str, Any]]:
    datasets, taken = [], set()
    for entry in named:
        base = _slug(clean_title(entry.name or ""), "dataset")
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        fields = _dataset_fields(entry, candidate, paper_ids, urls)
        if fields is None:
            reason = "left out: a dataset needs a usable link and its paper's venue and year"
            written.notices.append(UnreadLine(entry.line, entry.name or entry.title, reason))
            continue
        taken.add(candidate)
        datasets.append(fields)
    return datasets


# YAML text ------------------------------------------------------------------------------


def _scalar(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if key == "arxiv" or (key == "date" and isinstance(value, str)):
        return double_quoted(value)
    if key == "added":
        return value
    return yaml_scalar(str(value))


def _yaml_lines(value: Any, indent: int, key: str = "") -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for name, item in value.items():
            if isinstance(item, dict) or (
                isinstance(item, list) and item and isinstance(item[0], dict)
            ):
                lines.append(f"{pad}{name}:")
                lines += _yaml_lines(item, indent + 2, name)
            elif isinstance(item, list):
                lines.append(f"{pad}{name}: {yaml_flow_list([str(i) for i in item])}")
            else:
                lines.append(f"{pad}{name}: {_scalar(name, item)}")
        return lines
    if isinstance(value, list):
        lines = []
        for item in value:
            inner = _yaml_lines(item, indent + 2, key)
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines += inner[1:]
        return lines
    return [f"{pad}{_scalar(key, value)}"]


def papers_text(data: dict[str, Any], title: str) -> str:
    head = (
        PAPERS_MODELINE + "#\n"
        f"# The entries of {_comment(title)}, imported from its Markdown by "
        "`python -m generator import`.\n# Run `python -m generator validate` after editing.\n\n"
    )
    body = "\n\n".join(
        [
            "sections:\n" + "\n".join(_yaml_lines(data["sections"], 2)),
            "papers:"
            + (
                "\n" + "\n\n".join("\n".join(_yaml_lines([p], 2)) for p in data["papers"])
                if data["papers"]
                else " []"
            ),
        ]
    )
    return head + body + "\n"


def datasets_text(data: dict[str, Any]) -> str:
    head = DATASETS_MODELINE + "#\n# Datasets; papers name a dataset by its id in `datasets`.\n\n"
    parts = []
    if data.get("description"):
        parts.append(f"description: {yaml_scalar(data['description'])}")
    items = data["datasets"]
    parts.append(
        "datasets:"
        + ("\n" + "\n\n".join("\n".join(_yaml_lines([d], 2)) for d in items) if items else " []")
    )
    return head + "\n\n".join(parts) + "\n"


def _comment(text: str) -> str:
    return " ".join(text.split()) or "this list"


def write_data(imported: ImportedList) -> Written:
    papers, datasets, written = build_data(imported)
    written.files = {
        "papers.yaml": papers_text(papers, imported.title),
        "datasets.yaml": datasets_text(datasets),
    }
    return written
