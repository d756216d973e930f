"""The issue form a reader suggests a paper with, generated like the README so that its
section choices follow papers.yaml; and the reading of a submitted form's body.

GitHub writes a submitted form as Markdown: one `### Label` heading per field, its answer
below, `_No response_` for an empty one. The body is untrusted text: only the two answers
this module reads leave it, and the caller checks them as it checks a command line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.catalog.model import Catalog
from generator.render.readme import make_environment

FORM_TEMPLATE = "github/suggest-paper.yml.j2"
FORM_FILE = ".github/ISSUE_TEMPLATE/suggest-paper.yml"
LINK_LABELS = ("Link to the paper", "Link to the tool")  # a list of tools asks for a tool
SECTION_LABEL = "Section"
NOT_SURE = "Not sure"
_NO_RESPONSE = "_No response_"
_FIELD = re.compile(r"^### (.+?)\s*$", re.MULTILINE)


def render_issue_form(catalog: Catalog, templates_dir: Path) -> str:
    template = make_environment(templates_dir).get_template(FORM_TEMPLATE)
    text = template.render(
        identity=catalog.identity, sections=catalog.sections, papers=catalog.papers
    )
    return text.rstrip("\n") + "\n"


@dataclass(frozen=True)
class Suggestion:
    link: str
    section_title: str | None  # None: the reader was not sure


def issue_answers(body: str) -> dict[str, str]:
    """The answer under each `### Label` heading of a submitted form."""
    headings = list(_FIELD.finditer(body))
    answers: dict[str, str] = {}
    for heading, following in zip(headings, [*headings[1:], None], strict=True):
        end = following.start() if following else len(body)
        answer = body[heading.end() : end].strip()
        answers[heading.group(1)] = "" if answer == _NO_RESPONSE else answer
    return answers


def read_suggestion(body: str) -> Suggestion:
    """The link and section of a suggest-a-paper issue; ValueError when there is no link."""
    answers = issue_answers(body)
    link = next((answers[label] for label in LINK_LABELS if answers.get(label)), "")
    if not link or len(link.split()) != 1:
        raise ValueError(f"the issue has no single link under '### {LINK_LABELS[0]}'")
    section = answers.get(SECTION_LABEL) or None
    return Suggestion(link, None if section == NOT_SURE else section)
