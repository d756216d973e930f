"""The date each line of a file was committed, from one `git blame --porcelain HEAD` run.

The source repository is someone else's, and its `.git/config` and `.gitattributes` can name
programs that git runs: filters (`filter.*.clean`, `.process`) when it reads the working tree,
`diff.*.textconv`, `core.fsmonitor` whenever it reads the index, hooks, pagers, and a fetch of
missing objects from a "promisor" remote whose URL can be `ext::<any command>`. So git blames
the committed blob (`HEAD`, never the working tree, so no filter applies), with textconv off,
fsmonitor, hooks and the pager neutralised on the command line (which overrides the
repository's own file), no transport allowed (no lazy fetch), implicit bare repositories
refused, and none of the user's system or global configuration or `GIT_*` environment.
Lines changed since `HEAD` are matched back to the file as it is, and get no date.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

_HEADER = re.compile(r"^([0-9a-f]{40}) \d+ (\d+)(?: \d+)?$")
_UNCOMMITTED = "0" * 40
BLAME_TIMEOUT_SECONDS = 120
_NEUTRALISED = (
    "core.fsmonitor=false",
    f"core.hooksPath={os.devnull}",
    "core.pager=cat",
    f"core.attributesFile={os.devnull}",
    "diff.external=",
    "credential.helper=",
    "protocol.allow=never",
    "safe.bareRepository=explicit",
)
_BLAME = (
    "git",
    "--no-pager",
    *(part for setting in _NEUTRALISED for part in ("-c", setting)),
    "blame",
    "--porcelain",
    "--no-textconv",
    "HEAD",
)
_ENVIRONMENT = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_ATTR_NOSYSTEM": "1",
    "GIT_ALLOW_PROTOCOL": "",  # an empty list: no transport at all
    "GIT_NO_LAZY_FETCH": "1",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_LITERAL_PATHSPECS": "1",
}


def _offset(tz: str) -> dt.timezone:
    sign = -1 if tz.startswith("-") else 1
    hours, minutes = int(tz[1:3]), int(tz[3:5])
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def git_environment() -> dict[str, str]:
    """The caller's environment without its `GIT_*` variables, plus the ones that shut git's
    doors."""
    kept = {name: value for name, value in os.environ.items() if not name.startswith("GIT_")}
    return kept | _ENVIRONMENT


def line_dates(path: Path, text: str, as_read: Callable[[str], str]) -> dict[int, str]:
    """{line number of `text` (1-based): 'YYYY-MM-DD' of its commit}, where `text` is `path`
    as `as_read` made it from the file's text. Lines not in `HEAD` have no date; empty when
    git cannot tell."""
    porcelain = _blame_head(path)
    if porcelain is None:
        return {}
    committed, dates = parse_porcelain(porcelain)
    pieces = [
        (number, piece)
        for number, line in enumerate(committed, 1)
        for piece in as_read(line + "\n").split("\n")[:-1]  # a lone CR splits a line
    ]
    unchanged = _unchanged_lines([piece for _, piece in pieces], text.split("\n"))
    blamed = {current: pieces[old - 1][0] for old, current in unchanged.items()}
    return {current: dates[number] for current, number in blamed.items() if number in dates}


def _blame_head(path: Path) -> str | None:
    try:
        done = subprocess.run(
            [*_BLAME, "--", path.name],
            cwd=path.parent,
            capture_output=True,
            timeout=BLAME_TIMEOUT_SECONDS,
            check=False,
            stdin=subprocess.DEVNULL,
            env=git_environment(),
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def _unchanged_lines(committed: list[str], current: list[str]) -> dict[int, int]:
    """{line number in `committed`: its number in `current`} for the lines left as they were."""
    if committed == current[: len(committed)]:
        return {number: number for number in range(1, len(committed) + 1)}
    matcher = difflib.SequenceMatcher(None, committed, current)
    return {
        old + offset + 1: new + offset + 1
        for old, new, size in matcher.get_matching_blocks()
        for offset in range(size)
    }


def parse_porcelain(text: str) -> tuple[list[str], dict[int, str]]:
    """The blamed file's lines, and {line number: commit date} for its committed lines."""
    times: dict[str, int] = {}
    zones: dict[str, str] = {}
    lines: dict[int, str] = {}
    contents: list[str] = []
    commit = ""
    for row in text.split("\n"):
        header = _HEADER.match(row)
        if header:
            commit = header.group(1)
            lines[int(header.group(2))] = commit
        elif row.startswith("\t"):
            contents.append(row[1:])
        elif row.startswith("committer-time "):
            times[commit] = int(row.split()[1])
        elif row.startswith("committer-tz "):
            zones[commit] = row.split()[1]
    dates = {}
    for number, commit in lines.items():
        if commit != _UNCOMMITTED and commit in times:
            moment = dt.datetime.fromtimestamp(times[commit], _offset(zones.get(commit, "+0000")))
            dates[number] = moment.date().isoformat()
    return contents, dates
