"""Formatters: link results as text, JSON, Markdown (job summaries) or GitHub annotations."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence

from generator.diagnostics import Diagnostic, format_github
from generator.text.characters import printable
from generator.text.markup import escape_url, issue_markdown

from .types import STATUS_ORDER, LinkResult, Status

# Excluded links are listed only when they carry a reason (an address that was refused).
_LISTED = tuple(s for s in STATUS_ORDER if s is not Status.OK)


def _code(text: str) -> str:
    """A place in the project as a code span within a table cell."""
    return "`" + printable(text).replace("`", "'").replace("|", "\\|") + "`"


def _listed(results: Sequence[LinkResult], status: Status) -> list[LinkResult]:
    return [r for r in results if r.status is status and (status is not Status.EXCLUDED or r.error)]


def summary(results: Sequence[LinkResult]) -> str:
    """`51 links: 45 ok, 2 redirected, 1 broken (30 from the cache)`."""
    counts = Counter(r.status for r in results)
    parts = [f"{counts[s]} {s}" for s in STATUS_ORDER if counts[s]]
    cached = sum(r.cached for r in results)
    tail = f" ({cached} from the cache)" if cached else ""
    noun = "link" if len(results) == 1 else "links"
    return f"{len(results)} {noun}: {', '.join(parts) or 'nothing to check'}{tail}"


# A server chooses the Location and the error text: a report (and the issue made of it) shows
# no more of them than a reader needs.
EXPLANATION_LIMIT = 300


def explain(result: LinkResult) -> str:
    """What is wrong with a link, or what to do about it, in a few words."""
    return shortened(_explanation(result))


def shortened(text: str) -> str:
    if len(text) <= EXPLANATION_LIMIT:
        return text
    return text[: EXPLANATION_LIMIT - 1] + "\u2026"


def _explanation(result: LinkResult) -> str:
    if result.status is Status.REDIRECTED:
        return f"moved permanently: link {result.new_url} instead"
    if result.status is Status.EXCLUDED:
        return result.error or "excluded"
    reason = result.error or (f"status {result.code}" if result.code else "")
    if result.redirects and result.status is not Status.OK:
        reason += f" (after {len(result.redirects)} redirect(s))"
    return reason


def format_text(results: Sequence[LinkResult]) -> str:
    lines = []
    for status in _LISTED:
        group = _listed(results, status)
        if not group:
            continue
        lines.append(f"{status} ({len(group)})")
        for result in group:
            lines.append(f"  {printable(result.url)}")
            lines.append(f"    {printable(explain(result))}")
            lines += [f"    at {printable(source)}" for source in result.sources]
        lines.append("")
    lines.append(summary(results))
    return "\n".join(lines)


def format_json(results: Sequence[LinkResult]) -> str:
    return json.dumps([r.to_json() for r in results], indent=2, ensure_ascii=False)


def format_markdown(results: Sequence[LinkResult]) -> str:
    lines = ["## Link check", "", summary(results) + "."]
    for status in _LISTED:
        group = _listed(results, status)
        if not group:
            continue
        lines += ["", f"### {str(status).capitalize()} ({len(group)})", ""]
        lines += ["| Link | Problem | Found at |", "| --- | --- | --- |"]
        for result in group:
            where = ", ".join(_code(str(s)) for s in result.sources)
            # escape_url leaves no space, `<`, `>` or `|` to end the autolink or the cell.
            url = escape_url(printable(result.url))
            lines.append(f"| <{url}> | {issue_markdown(explain(result))} | {where} |")
    return "\n".join(lines)


def diagnostics(results: Sequence[LinkResult]) -> list[Diagnostic]:
    """One Diagnostic per place a link that is not ok appears: errors fail, the rest warn."""
    found = []
    for result in results:
        if result.status is Status.OK or (result.status is Status.EXCLUDED and not result.error):
            continue
        severity = "error" if result.status.fails else "warning"
        hint = shortened(f"link {result.new_url}") if result.status is Status.REDIRECTED else ""
        message = f"{result.status} link {result.url}: {explain(result)}"
        if result.status is Status.REDIRECTED:
            message = f"redirected link {result.url}: it moved permanently"
        message, hint = printable(message), printable(hint)
        for source in result.sources:
            found.append(Diagnostic(source.file, source.line, 1, message, hint, severity))
    return found


def format_annotations(results: Sequence[LinkResult]) -> str:
    return format_github(diagnostics(results))


FORMATTERS: dict[str, Callable[[Sequence[LinkResult]], str]] = {
    "text": format_text,
    "json": format_json,
    "markdown": format_markdown,
    "github": format_annotations,
}
