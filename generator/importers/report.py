"""The import report: every source line the importer could not read, or had to change,
grouped by what was seen, the largest group first."""

from __future__ import annotations

from collections import defaultdict

from generator.importers.model import ImportedList, UnreadLine
from generator.text.markup import escape_markdown


def _cell(text: str) -> str:
    return escape_markdown(text).replace("|", "\\|")


def _groups(lines: list[UnreadLine]) -> list[str]:
    """One heading per reason, with its lines in source order."""
    by_reason: dict[str, list[UnreadLine]] = defaultdict(list)
    for item in lines:
        by_reason[item.reason].append(item)
    parts: list[str] = []
    for reason, items in sorted(by_reason.items(), key=lambda pair: (-len(pair[1]), pair[0])):
        count = f"{len(items)} line" + ("s" if len(items) != 1 else "")
        parts += ["", f"### {_cell(reason)} ({count})", "", "| line | text |", "| --- | --- |"]
        parts += [f"| {i.line} | {_cell(i.text)} |" for i in sorted(items, key=lambda u: u.line)]
    return parts


def report_text(
    source_name: str, imported: ImportedList, notices: list[UnreadLine], summary: str = ""
) -> str:
    parts = [
        f"# Import report for {escape_markdown(source_name)}",
        "",
        summary
        or (
            f"{len(imported.entries)} entries read in {_count(imported)} sections; "
            f"{len(imported.unread)} lines not understood; {len(notices)} entries changed or "
            "left out by the data files."
        ),
        "",
        "## Lines not understood",
    ]
    if imported.unread:
        parts += _groups(list(imported.unread))
    else:
        parts += ["", "Every line inside a section was read."]
    parts += ["", "## Words kept outside the entries"]
    parts += _kept(imported)
    parts += ["", "## Entries changed, kept differently or left out"]
    if notices:
        parts += _groups(notices)
    else:
        parts += ["", "None."]
    return "\n".join(parts) + "\n"


def _kept(imported: ImportedList) -> list[str]:
    """Each housekeeping section kept as a note, and each paragraph joined to a section's
    description: the list's words that are not entries, and where they went."""
    if not imported.kept:
        return ["", "None: the source has no words outside its entries and sections."]
    parts = ["", "| line | text | kept in |", "| --- | --- | --- |"]
    for item in sorted(imported.kept, key=lambda k: k.line):
        parts.append(f"| {item.line} | {_cell(item.heading)} | {_cell(item.where)} |")
    return parts


def _count(imported: ImportedList) -> int:
    def count(sections) -> int:
        return sum(1 + count(s.children) for s in sections)

    return count(imported.sections)
