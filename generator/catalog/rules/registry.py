"""The registry of data checks: each rule has a stable code, a summary, a hint and a field.

A rule is one function decorated with `@rule(...)`; `generator.catalog.rules.run` runs every
registered rule in code order, one loop, and stamps each diagnostic with its rule's code. A
list may switch a warning rule off (or raise it to an error) in list.yaml:

    rules:
      LKU503: off
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from generator.catalog.venues import VenueVocabulary
from generator.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from generator.catalog.validate import Sources

Setting = Literal["off", "warning", "error"]
Entries = list[tuple[int, dict[str, Any]]]


@dataclass(frozen=True)
class Context:
    """What the rules read: the loaded files and what is known across them."""

    sources: Sources
    this_year: int
    venues: VenueVocabulary
    papers: Entries
    datasets: Entries
    sections: Entries
    paper_ids: set[str]
    dataset_ids: set[str]


Check = Callable[[Context], Iterable[Diagnostic]]


@dataclass(frozen=True)
class Rule:
    code: str  # LKU + three digits; the first digit is the family (see ARCHITECTURE.md)
    name: str
    summary: str  # one line: what the rule refuses
    hint: str  # what to do, in general; each diagnostic says it for its case
    field: str  # the field (or file) the rule concerns
    severity: Severity
    check: Check | None  # None: the loader applies it, before there is data to check
    explanation: str = ""  # the check's docstring: why the rule exists

    def page(self) -> str:
        """What `validate --explain CODE` prints."""
        lines = [
            f"{self.code} {self.name} ({self.severity})",
            "",
            self.summary,
            "",
            f"Field: {self.field}",
            f"What to do: {self.hint}",
        ]
        if self.explanation:
            lines += ["", self.explanation]
        if self.severity == "warning":
            lines += ["", f"A list can switch it off in list.yaml: rules: {{{self.code}: off}}"]
        return "\n".join(lines)


RULES: dict[str, Rule] = {}


def rule(
    code: str, name: str, summary: str, *, hint: str, field: str, severity: Severity = "error"
) -> Callable[[Check], Check]:
    """Register the decorated function as the check of rule `code`."""

    def register(check: Check) -> Check:
        add(Rule(code, name, summary, hint, field, severity, check, _doc(check)))
        return check

    return register


def add(new: Rule) -> None:
    if new.code in RULES:
        raise ValueError(f"rule code {new.code} is registered twice")
    RULES[new.code] = new


def _doc(check: Check) -> str:
    return " ".join((check.__doc__ or "").split())


def apply_setting(diagnostic: Diagnostic, setting: Setting | None) -> Diagnostic | None:
    """The diagnostic as the list's setting for its rule wants it; None when switched off."""
    if setting == "off":
        return None
    if setting in ("warning", "error"):
        return dataclasses.replace(diagnostic, severity=setting)
    return diagnostic
