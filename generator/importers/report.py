"""The import report: every source line the importer could not read, or had to change."""

from __future__ import annotations

from generator.importers.model import ImportedList, UnreadLine
from generator.text.markup import escape_markdown

REPORT_NAME = "import-report.md"


def _rows(lines: list[UnreadLine]) -> list[str]:
    rows = []
    for item in sorted(lines, key=lambda u: u.line):
        text = escape_markdown(item.text).replace("|", "\\|")
        rows.append(f"| {item.line} | {text} | {escape_markdown(item.reason)} |")
    return rows


def report_text(source_name: str, imported: ImportedList, notices: list[UnreadLine]) -> str:
    parts = [
        f"# Import report for {escape_markdown(source_name)}",
        "",
        f"{len(imported.entries)} entries read in {_count(imported)} sections; "
        f"{len(imported.unread)} lines not understood; {len(notices)} entries changed or "
        "left out by the data files.",
        "",
        "## Lines not understood",
        "",
    ]
    if imported.unread:
        parts += ["| line | text | why |", "| --- | --- | --- |", *_rows(list(imported.unread))]
    else:
        parts.append("Every line inside a section was read.")
    parts += ["", "## Entries changed or left out", ""]
    if notices:
        parts += ["| line | entry | what happened |", "| --- | --- | --- |", *_rows(notices)]
    else:
        parts.append("None.")
    return "\n".join(parts) + "\n"


def _count(imported: ImportedList) -> int:
    def count(sections) -> int:
        return sum(1 + count(s.children) for s in sections)

    return count(imported.sections)
