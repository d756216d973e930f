"""Render stage: the Catalog through the Jinja templates of `templates/` into Markdown.

Python prepares plain values; the templates decide how they look. Every filter that prints
text from the data escapes it (see `generator.text.markup`).
"""

from __future__ import annotations

import calendar
import dataclasses
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from generator.catalog.fields import CustomField, Shown, shown_values
from generator.catalog.identity import ListIdentity
from generator.catalog.lineage import lineage
from generator.catalog.model import ET_AL, Catalog, Dataset, Note, Paper
from generator.catalog.notes import REFERENCE, readme_text
from generator.diagnostics import Diagnostic
from generator.packaged import templates_dir as templates_dir_default
from generator.render.readme_model import (
    GITHUB_RENDER_LIMIT,
    counts,
    entry_summary,
    publication_text,
    readme_anchors,
    readme_grouped,
)
from generator.text.markup import (
    escape_attribute,
    escape_markdown,
    escape_url,
    github_anchor,
    paragraphs,
)

README_TEMPLATE = "README.md.j2"
_MONTH_NAMES = tuple(calendar.month_name)  # calendar.month_name formats on every access


class LinkedTemplate(jinja2.TemplateError):
    """A template, or a folder on its way, is a symbolic link."""

    def __init__(self, name: str) -> None:
        super().__init__(
            "the template is a symbolic link, or lies in a linked folder; templates are read "
            "only from the project's own files, since a link can lead to any file on this "
            "machine and the README and site would publish it"
        )
        self.name = name


class _ProjectLoader(jinja2.FileSystemLoader):
    """The project's templates, none read through a symbolic link."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        parts = jinja2.loaders.split_template_path(template)
        for folder in map(Path, self.searchpath):
            on_the_way = [folder, *(folder.joinpath(*parts[:n]) for n in range(1, len(parts) + 1))]
            if any(path.is_symlink() for path in on_the_way):
                raise LinkedTemplate(template)
        return super().get_source(environment, template)


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """Templates from the list's own `templates_dir`, file by file, else the packaged ones."""
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [_ProjectLoader(templates_dir), jinja2.FileSystemLoader(templates_dir_default())]
        ),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown output: escaping is explicit, through the filters below
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        md=escape_markdown,
        paragraphs=paragraphs,
        attr=escape_attribute,
        url=escape_url,
        anchor=github_anchor,
        link_label=link_label,
        month_name=month_name,
        human_list=human_list,
        sentence=sentence,
        count=count,
        entry_summary=entry_summary,
        publication=publication_text,
        clause=clause,
        heading=heading_marks,
        and_list=and_list,
        custom_fields=custom_fields,
    )
    environment.globals["fence"] = code_fence
    return environment


def custom_fields(
    entry: Paper | Dataset, fields: tuple[CustomField, ...], place: str
) -> list[Shown]:
    """The entry's values of the list's own fields that `place` (readme, site) shows."""
    return shown_values(entry.extra, fields, place)


def clause(text: str) -> str:
    """A sentence without its closing period, for a line that goes on and ends with one; a
    period inside closing quotes goes too ('"... have to."' then '.' would read '.".')."""
    return re.sub(r"\.([\"\u201d\u2019]*)$", r"\1", text.rstrip())


def heading_marks(depth: int, top: int = 3) -> str:
    """The `#`s of a section's heading: top-level sections at `top`, deeper ones below, to h6."""
    return "#" * min(6, top + depth)


def link_label(url: str) -> str:
    """`owner/repo` for a GitHub repository, else the host and path, for a link's text."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.strip("/")
    if host == "github.com" and path:
        return "/".join(path.split("/")[:2])
    return f"{host}/{path}" if path else host


def count(number: int) -> str:
    """`12,345`: a star or citation count as readers write it."""
    return f"{number:,}"


def month_name(month: int | None) -> str:
    return _MONTH_NAMES[month] if month else ""


def and_list(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)


def code_fence(text: str) -> str:
    """A backtick fence longer than any run of backticks in `text`, so it cannot be closed early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def human_list(items: list[str] | tuple[str, ...]) -> str:
    """Names in a line; an "et al." closing them follows the last name without a comma."""
    if len(items) > 1 and items[-1] == ET_AL:
        return f"{', '.join(items[:-1])} {ET_AL}"
    return ", ".join(items)


def sentence(text: str) -> str:
    """Text ending in a full stop, unless it ends in one already ("Inc.", "Jr.", "why?")."""
    return text if text.endswith((".", "?", "!")) else text + "."


def resolve_references(markdown: str, targets: dict[str, str]) -> str:
    """Replace links to `paper:ID` / `dataset:ID` by the link `targets` gives for them."""

    def replace(match: re.Match[str]) -> str:
        target = targets.get(match.group(2))
        return f"[{match.group(1)}]({target})" if target else match.group(0)

    return REFERENCE.sub(replace, markdown)


def readme_note(note: Note) -> str:
    """A note's body as it appears inside the README (`generator.catalog.notes.readme_text`,
    which the notes check reads)."""
    return readme_text(note.body)


@dataclass(frozen=True)
class Readme:
    """The README as written; `summarized` when the full list did not fit GitHub (`limit`
    bytes) and the summary was written instead."""

    text: str
    summarized: bool = False
    limit: int = GITHUB_RENDER_LIMIT


def render_readme(catalog: Catalog, templates_dir: Path) -> str:
    return build_readme(catalog, templates_dir).text


def build_readme(catalog: Catalog, templates_dir: Path, limit: int = GITHUB_RENDER_LIMIT) -> Readme:
    """The README in the mode list.yaml asks for; a full README past the 512 KiB GitHub renders
    (`limit` bytes) becomes the summary by itself, which says so, when list.yaml names a site
    to link to. The full README is rendered only until it passes the limit."""
    environment = make_environment(templates_dir)
    environment.auto_reload = False  # one render: no need to stat a template per include
    identity = catalog.identity
    may_switch = identity.readme_mode == "full" and bool(identity.site)
    text = _render(environment, catalog, identity, limit=limit, stop_past=may_switch)
    if text is not None:
        return Readme(text)
    summary = dataclasses.replace(identity, readme_mode="summary")
    text = _render(environment, catalog, summary, summarized=True, limit=limit)
    return Readme(text or "", True, limit)


def summary_notice(readme: Readme) -> Diagnostic | None:
    """The warning that the README became the summary because the full list did not fit."""
    if not readme.summarized:
        return None
    message = (
        "README.md lists the sections only: with every entry it would be more than the "
        f"{readme.limit // 1024} KiB that GitHub renders"
    )
    hint = "set `readme: {mode: summary}` in list.yaml to say so, or split the list"
    return Diagnostic("README.md", 1, 1, message, hint, "warning")


def _render(
    environment: jinja2.Environment,
    catalog: Catalog,
    identity: ListIdentity,
    *,
    summarized: bool = False,
    limit: int = GITHUB_RENDER_LIMIT,
    stop_past: bool = False,
) -> str | None:
    """The README; None, when `stop_past`, as soon as it is past `limit` bytes."""
    template = environment.get_template(README_TEMPLATE)
    title_heading = " ".join([identity.title, *(badge.label for badge in identity.badges)])
    grouped = readme_grouped(catalog)
    news = ("News",) if identity.news else ()
    fixed = (title_heading, "Contents", *news, *(("Papers",) if grouped else ()))
    parts, size = [], 0
    for part in template.generate(
        catalog=catalog,
        grouped=grouped,
        identity=identity,
        section_titles={s.id: s.title for s in catalog.sections},
        anchors=readme_anchors(catalog, fixed, grouped),
        counts=counts(catalog),
        notes=[(note, readme_note(note)) for note in catalog.notes],
        builds_on=_builds_on(catalog) if identity.readme_lineage else {},
        summarized=summarized,
        github_limit_kib=limit // 1024,
    ):
        parts.append(part)
        size += len(part) if part.isascii() else len(part.encode("utf-8"))
        if stop_past and size > limit:
            return None
    return "".join(parts).rstrip("\n") + "\n"


def _builds_on(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """The titles of the listed papers each paper builds on, newest first (`readme.lineage`)."""
    return {
        paper_id: tuple(catalog.paper(other).title for other in cited)
        for paper_id, cited in lineage(catalog).builds_on.items()
    }


def template_problem(error: Exception, templates_dir: Path) -> Diagnostic:
    """A missing or broken template as a Diagnostic located in the template."""
    if isinstance(error, jinja2.TemplateNotFound):
        name = f"templates/{error.name}"
        hint = f"restore {name}, or delete the templates that include it to use the packaged ones"
        return Diagnostic(name, 1, 1, "template not found", hint)
    if isinstance(error, LinkedTemplate):
        hint = "put the template itself there instead of a link"
        return Diagnostic(f"templates/{error.name}", 1, 1, str(error.message), hint)
    name, line = f"templates/{README_TEMPLATE}", 1
    if isinstance(error, jinja2.TemplateSyntaxError) and error.name:
        name, line = f"templates/{error.name}", error.lineno or 1
    else:  # Jinja puts the template's own file and line into the traceback
        for frame in reversed(traceback.extract_tb(error.__traceback__)):
            path = Path(frame.filename)
            folder = next(
                (d for d in (templates_dir, templates_dir_default()) if path.is_relative_to(d)),
                None,
            )
            if folder is not None:
                name = f"templates/{path.relative_to(folder).as_posix()}"
                line = frame.lineno or 1
                break
    message = getattr(error, "message", None) or str(error)
    return Diagnostic(name, line, 1, f"template error: {message}", "fix the template")
