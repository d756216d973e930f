"""The JSON reports of a sharded check, merged into the report one run would have written.

Each shard of a CI matrix checks whole hosts (`selection.shard`) and writes
`check-links --format json`; the merging job reads those files back. They are artifacts of
the same workflow, yet read as untrusted data: a malformed report stops the merge with a
located problem instead of a traceback or a silently shorter report.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.json_input import UnusableJson, read_json

from .types import STATUS_ORDER, LinkResult

MAX_REPORT_BYTES = 64 * 2**20  # some 100,000 results
_HINT = "give the reports that `check-links --format json` wrote, one per shard"


def merge_reports(paths: Iterable[Path]) -> tuple[list[LinkResult], list[Diagnostic]]:
    """Every result of every report, sorted by URL; problems for the reports not read.

    A URL found in several reports (overlapping shards) is reported once, with the result
    that needs attention first and the places of all of them.
    """
    found: dict[str, LinkResult] = {}
    problems: list[Diagnostic] = []
    for path in paths:
        results, problem = read_report(path)
        if problem:
            problems.append(problem)
        for result in results:
            found[result.url] = _combined(found.get(result.url), result)
    return sorted(found.values(), key=lambda r: r.url), problems


def read_report(path: Path) -> tuple[list[LinkResult], Diagnostic | None]:
    name = str(path)
    try:
        data = read_json(path, MAX_REPORT_BYTES)
    except FileNotFoundError:
        return [], Diagnostic(name, 1, 1, "report not found", _HINT)
    except OSError as error:
        return [], Diagnostic(name, 1, 1, f"cannot read the report: {error.strerror}", _HINT)
    except UnusableJson as error:
        return [], Diagnostic(name, 1, 1, f"the report is unusable: {error}", _HINT)
    if not isinstance(data, list):
        return [], Diagnostic(name, 1, 1, "the report is not a list of results", _HINT)
    results = []
    for number, item in enumerate(data, start=1):
        try:
            results.append(LinkResult.from_json(item))
        except ValueError as error:
            message = f"result {number} of the report is malformed: {error}"
            return [], Diagnostic(name, 1, 1, message, _HINT)
    return results, None


def _combined(earlier: LinkResult | None, later: LinkResult) -> LinkResult:
    if earlier is None:
        return later
    first = min(earlier, later, key=lambda r: STATUS_ORDER.index(r.status))
    return first.with_sources(tuple(sorted({*earlier.sources, *later.sources})))
