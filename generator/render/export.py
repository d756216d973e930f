"""Export stage: the Catalog as BibTeX, JSON and CSV, each a pure function returning text."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict
from typing import Any

from generator.catalog.facts import EntryFacts
from generator.catalog.lineage import Lineage, lineage
from generator.catalog.model import ET_AL, Catalog, Dataset, Models, Paper

JSON_VERSION = 1
FORMATS = ("bibtex", "json", "csv")

# Inside a braced BibTeX value every brace counts, escaped or not, so literal braces become
# commands whose own braces balance.
_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_LATEX_PATTERN = re.compile("|".join(re.escape(c) for c in _LATEX_SPECIAL))
_NAME_SEPARATOR = re.compile(r",|\sand\s", re.IGNORECASE)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "id",
    "title",
    "authors",
    "venue",
    "year",
    "month",
    "section",
    "method",
    "tags",
    "datasets",
    "url",
    "arxiv",
    "doi",
    "code",
    "task",
    "insight",
    "note",
    "added",
    "kind",
    "also",
    "aliases",
    "date",
    "track",
    "description",
    "license",
    "platforms",
    "demo",
    "status",
)


def escape_latex(text: str) -> str:
    """Text that BibTeX and LaTeX print literally."""
    return _LATEX_PATTERN.sub(lambda m: _LATEX_SPECIAL[m.group(0)], " ".join(text.split()))


def verbatim(text: str) -> str:
    """A `url` or `doi` value: read verbatim by biblatex and the url package, braces encoded."""
    return text.replace("{", "%7B").replace("}", "%7D")


def bibtex_key(paper: Paper) -> str:
    """The paper's id: unique in the catalog and stable as long as the entry exists."""
    return paper.id


def bibtex_name(author: str) -> str:
    """One author; braced when BibTeX would split it (" and ") or read it as 'Last, First'.
    'et al.' is BibTeX's 'others'."""
    if author == ET_AL:
        return "others"
    name = escape_latex(author)
    return "{" + name + "}" if _NAME_SEPARATOR.search(name) else name


def bibtex_fields(paper: Paper) -> list[tuple[str, str]]:
    """The fields of a paper's BibTeX entry, in output order, values already escaped."""
    fields = [("title", "{" + escape_latex(paper.title) + "}")]
    if paper.authors:
        fields.append(("author", " and ".join(bibtex_name(a) for a in paper.authors)))
    if paper.venue == "arXiv":
        fields.append(("howpublished", "arXiv"))
    elif paper.venue and _bibtex_type(paper) == "inproceedings":
        fields.append(
            ("booktitle", escape_latex(" ".join(filter(None, (paper.venue, paper.track)))))
        )
    elif paper.venue:
        fields.append(("howpublished", escape_latex(paper.venue)))
    if paper.year is not None:
        fields.append(("year", str(paper.year)))
    if paper.month:
        fields.append(("month", str(paper.month)))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archiveprefix", "arXiv")]
    if paper.doi:
        fields.append(("doi", verbatim(paper.doi)))
    fields.append(("url", verbatim(paper.url)))
    return fields


def _bibtex_type(paper: Paper) -> str:
    if paper.kind == "report":
        return "techreport"
    if paper.kind == "paper" and paper.venue and paper.venue != "arXiv":
        return "inproceedings"
    return "misc"


def bibtex_entry(paper: Paper) -> str:
    kind = _bibtex_type(paper)
    body = "".join(f",\n  {name} = {{{value}}}" for name, value in bibtex_fields(paper))
    return f"@{kind}{{{bibtex_key(paper)}{body}\n}}\n"


def to_bibtex(catalog: Catalog) -> str:
    return "\n".join(bibtex_entry(paper) for paper in catalog.papers if paper.citable)


def _models(models: Models) -> list[str] | dict[str, list[str]] | None:
    if models.teacher or models.student:
        return {"teacher": list(models.teacher), "student": list(models.student)}
    return list(models.models) or None


def paper_record(paper: Paper) -> dict[str, Any]:
    return {
        "id": paper.id,
        "title": paper.title,
        "url": paper.url,
        "venue": paper.venue,
        "year": paper.year,
        "month": paper.month,
        "section": paper.section,
        "method": paper.method,
        "authors": list(paper.authors),
        "arxiv": paper.arxiv,
        "doi": paper.doi,
        "code": paper.code,
        "links": [{"label": link.label, "url": link.url} for link in paper.links],
        "organizations": list(paper.organizations),
        "task": paper.task,
        "datasets": [{"name": use.name, "id": use.dataset_id} for use in paper.datasets],
        "models": _models(paper.models),
        "insight": paper.insight,
        "note": paper.note,
        "tags": list(paper.tags),
        "added": paper.added.isoformat() if paper.added else None,
        "kind": paper.kind,
        "also": list(paper.also),
        "aliases": list(paper.aliases),
        "date": paper.date,
        "track": paper.track,
        "description": paper.description,
        "license": paper.license,
        "platforms": list(paper.platforms),
        "demo": paper.demo,
        "status": paper.status,
    }


def facts_record(facts: EntryFacts | None) -> dict[str, Any]:
    """What readers sort and judge by (stars, archived state, citations), each with the date it
    was checked; empty when facts.json has nothing for the entry."""
    if facts is None:
        return {}
    record = {"repository": facts.repository, "citations": facts.citations}
    found = {name: asdict(fact) for name, fact in record.items() if fact is not None}
    return found | {"repository_gone": True} if facts.gone else found


def paper_document(catalog: Catalog, paper: Paper, edges: Lineage) -> dict[str, Any]:
    """The paper's full record as papers.json and Browse's record files hold it: with its facts
    and its lineage (ids, newest first), when it has any."""
    record = paper_record(paper)
    facts = facts_record(catalog.facts_for("paper", paper.id))
    for key, found in (("builds_on", edges.builds_on), ("built_on_by", edges.built_on_by)):
        if paper.id in found:
            record[key] = list(found[paper.id])
    return record | {"facts": facts} if facts else record


def pdf_url(paper: Paper) -> str:
    """The paper's PDF: a link labelled PDF, else the arXiv PDF; '' when there is neither."""
    for link in paper.links:
        if link.label.casefold() == "pdf":
            return link.url
    return f"https://arxiv.org/pdf/{paper.arxiv}" if paper.arxiv else ""


def dataset_record(dataset: Dataset) -> dict[str, Any]:
    publication = dataset.publication
    return {
        "id": dataset.id,
        "name": dataset.name,
        "url": dataset.url,
        "description": dataset.description,
        "source": dataset.source,
        "time": dataset.time,
        "paper": dataset.paper_id,
        "publication": {
            "title": publication.title,
            "venue": publication.venue,
            "year": publication.year,
            "authors": list(publication.authors),
            "arxiv": publication.arxiv,
            "doi": publication.doi,
        }
        if publication
        else None,
        "code": dataset.code,
        "added": dataset.added.isoformat() if dataset.added else None,
    }


def to_json(catalog: Catalog) -> str:
    edges = lineage(catalog)
    document = {
        "version": JSON_VERSION,
        "sections": [
            {"id": s.id, "title": s.title, "description": s.description or None, "parent": s.parent}
            for s in catalog.sections
        ],
        "papers": [paper_document(catalog, p, edges) for p in catalog.papers],
        "datasets": [dataset_record(d) for d in catalog.datasets],
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def _csv_cell(value: str) -> str:
    # A spreadsheet runs a cell that starts with one of these as a formula (CSV injection);
    # the leading apostrophe makes it text there.
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _csv_row(paper: Paper) -> Iterator[str]:
    record = paper_record(paper)
    for column in CSV_COLUMNS:
        value = record[column]
        if column == "datasets":
            value = [use["name"] for use in value]
        if isinstance(value, list):
            yield _csv_cell("; ".join(value))
        else:
            yield "" if value is None else _csv_cell(str(value))


def to_csv(catalog: Catalog) -> str:
    """One row per paper; list fields joined with '; '; formula-like cells made text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(list(_csv_row(paper)) for paper in catalog.papers)
    return buffer.getvalue()


EXPORTERS: dict[str, Callable[[Catalog], str]] = {
    "bibtex": to_bibtex,
    "json": to_json,
    "csv": to_csv,
}
