"""Candidates as text for a terminal, Markdown for the "Candidate papers" issue, or JSON.

Every title, venue and abstract here came from a server: Markdown escapes it through
`generator.text.markup`, text drops control characters so that none can steer the terminal.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from generator.text.characters import printable
from generator.text.markup import escape_url, issue_markdown

from .rank import Candidate


def evidence(candidate: Candidate) -> list[str]:
    """One phrase per kind of evidence, in the words the reports show."""
    parts = []
    if candidate.cites:
        parts.append(f"cites {len(candidate.cites)} listed: {', '.join(candidate.cites)}")
    if candidate.cited_by:
        parts.append(f"cited by {len(candidate.cited_by)} listed: {', '.join(candidate.cited_by)}")
    if candidate.title_keywords:
        parts.append("title: " + ", ".join(candidate.title_keywords))
    if candidate.abstract_keywords:
        parts.append("abstract: " + ", ".join(candidate.abstract_keywords))
    if candidate.age_days is not None:
        parts.append(f"{candidate.age_days} days old")
    return parts


def _date(candidate: Candidate) -> str:
    return candidate.work.date.isoformat() if candidate.work.date else "undated"


def format_text(candidates: Sequence[Candidate], warnings: Sequence[str]) -> str:
    lines = []
    for number, c in enumerate(candidates, 1):
        lines.append(f"{number}. {printable(c.work.title)} ({_date(c)}; score {c.score:g})")
        lines.append(f"   evidence: {printable('; '.join(evidence(c))) or 'none'}")
        lines.append(f"   section: {c.section} ({c.section_reason})")
        lines.append(
            f"   add: {printable(c.command) if c.command else 'no arXiv id, DOI or URL known'}"
        )
    if not candidates:
        lines.append("no candidates")
    del warnings  # the command prints them on stderr
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    """An inline code span, or escaped text when the command itself holds a backtick."""
    if "`" in text or "\n" in text:
        return issue_markdown(text)
    return f"`{printable(text)}`"


def format_markdown(candidates: Sequence[Candidate], warnings: Sequence[str]) -> str:
    lines = ["## Candidate papers", ""]
    if not candidates:
        lines += ["No candidates: the list has every paper its sources found.", ""]
    for number, c in enumerate(candidates, 1):
        title = issue_markdown(c.work.title)
        link = f"[{title}]({escape_url(c.work.url)})" if c.work.url else title
        lines.append(f"{number}. **{link}** ({_date(c)}, score {c.score:g})")
        lines.append(f"   - Evidence: {issue_markdown('; '.join(evidence(c)) or 'none')}")
        lines.append(f"   - Section: `{c.section}` ({issue_markdown(c.section_reason)})")
        if c.command:
            lines.append(f"   - Add: {_code(c.command)}")
        lines.append("")
    if warnings:
        lines += ["### Warnings", ""]
        lines += [f"- {issue_markdown(warning)}" for warning in warnings]
        lines.append("")
    lines.append(
        "Dismiss a candidate by adding it to `suggest-ignore.yaml` with a reason; "
        "add one with the command shown."
    )
    return "\n".join(lines) + "\n"


def format_json(candidates: Sequence[Candidate], warnings: Sequence[str]) -> str:
    data = {
        "candidates": [
            {
                "title": c.work.title,
                "date": c.work.date.isoformat() if c.work.date else None,
                "arxiv": c.work.arxiv,
                "doi": c.work.doi,
                "url": c.work.url,
                "source": c.work.source,
                "score": c.score,
                "evidence": {
                    "cites": list(c.cites),
                    "cited_by": list(c.cited_by),
                    "title_keywords": list(c.title_keywords),
                    "abstract_keywords": list(c.abstract_keywords),
                    "age_days": c.age_days,
                },
                "section": c.section,
                "section_reason": c.section_reason,
                "command": c.command,
            }
            for c in candidates
        ],
        "warnings": list(warnings),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


FORMATTERS = {"text": format_text, "markdown": format_markdown, "json": format_json}
