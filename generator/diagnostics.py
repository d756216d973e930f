"""Problems as values: every check returns Diagnostics, one formatter per output prints them."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

from generator.text.characters import printable

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One located problem: where it is, what is wrong and what to do about it."""

    file: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def unknown_name(kind: str, value: str, known: set[str]) -> tuple[str, str]:
    """What to say of a name that is not among the `known` ones, with the closest as hint."""
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    listed = ", ".join(sorted(known)[:12]) + (", ..." if len(known) > 12 else "")
    hint = f"did you mean '{close[0]}'?" if close else f"known {kind}s: {listed or 'none'}"
    return f"unknown {kind} '{value}'", hint


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    """`papers.yaml:12:5: error: what is wrong (hint: what to do)`, one per line.

    Messages quote the data, and the data is a stranger's: no control character in it may
    reach the terminal (an escape sequence can retitle it, rewrite the screen or the
    clipboard), nor a bidi control that makes the line read otherwise.
    """
    lines = []
    for d in sorted(diagnostics):
        hint = f" (hint: {d.hint})" if d.hint else ""
        line = f"{d.file}:{d.line}:{d.column}: {d.severity}: {d.message}{hint}"
        lines.append(printable(line))
    return "\n".join(lines)


def _escape_annotation(text: str, *, property_value: bool = False) -> str:
    # GitHub workflow commands use %-encoding for their own delimiters.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    """`::error file=papers.yaml,line=12,col=5::message` annotations for pull requests."""
    lines = []
    for d in sorted(diagnostics):
        message = printable(f"{d.message} (hint: {d.hint})" if d.hint else d.message)
        location = ",".join(
            (
                f"file={_escape_annotation(printable(d.file), property_value=True)}",
                f"line={d.line}",
                f"col={d.column}",
            )
        )
        lines.append(f"::{d.severity} {location}::{_escape_annotation(message)}")
    return "\n".join(lines)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([asdict(d) for d in sorted(diagnostics)], indent=2, ensure_ascii=False)


FORMATTERS = {"text": format_text, "github": format_github, "json": format_json}
