"""The date each line of a file was committed, from one `git blame --porcelain` run."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

_HEADER = re.compile(r"^([0-9a-f]{40}) \d+ (\d+)(?: \d+)?$")
_UNCOMMITTED = "0" * 40
BLAME_TIMEOUT_SECONDS = 120
_BLAME = ("git", "-c", "core.fsmonitor=false", "blame", "--porcelain", "--no-textconv")


def _offset(tz: str) -> dt.timezone:
    sign = -1 if tz.startswith("-") else 1
    hours, minutes = int(tz[1:3]), int(tz[3:5])
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def line_dates(path: Path) -> dict[int, str]:
    """{line number (1-based): 'YYYY-MM-DD'} of its commit; empty when git cannot tell.

    The repository's own configuration cannot make git run a program here: textconv is off
    and fsmonitor disabled for this call.
    """
    try:
        done = subprocess.run(
            [*_BLAME, "--", path.name],
            cwd=path.parent,
            capture_output=True,
            timeout=BLAME_TIMEOUT_SECONDS,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if done.returncode != 0:
        return {}
    return parse_porcelain(done.stdout.decode("utf-8", "replace"))


def parse_porcelain(text: str) -> dict[int, str]:
    times: dict[str, int] = {}
    zones: dict[str, str] = {}
    lines: dict[int, str] = {}
    commit = ""
    for row in text.splitlines():
        header = _HEADER.match(row)
        if header:
            commit = header.group(1)
            lines[int(header.group(2))] = commit
        elif row.startswith("committer-time "):
            times[commit] = int(row.split()[1])
        elif row.startswith("committer-tz "):
            zones[commit] = row.split()[1]
    dates = {}
    for number, commit in lines.items():
        if commit != _UNCOMMITTED and commit in times:
            moment = dt.datetime.fromtimestamp(times[commit], _offset(zones.get(commit, "+0000")))
            dates[number] = moment.date().isoformat()
    return dates
