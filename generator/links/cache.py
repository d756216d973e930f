"""Recent successes, remembered in a JSON file so that a re-run only asks what it must.

Only `ok` and `redirected` results are kept, for `cache_max_age` seconds; anything else is
checked again on every run. The file is data from the repository, so a pull request can
write it: whatever is wrong in it (malformed, huge, hostile) is ignored with a warning.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic
from generator.files import write_atomic
from generator.json_input import UnusableJson, read_json

from .types import LinkResult, Status

VERSION = 1
MAX_BYTES = 32 * 2**20  # some 100,000 entries
_CACHEABLE = frozenset({Status.OK, Status.REDIRECTED})
_HINT = "delete the file; the next run writes a new one"


def load_cache(path: Path) -> dict[str, Any]:
    """Entries by URL that can be trusted; see `read_cache`."""
    return read_cache(path, time.time())[0]


def read_cache(path: Path, now: float) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Entries by URL, each well-formed and not from the future; a warning for what is not.

    Empty without a warning when the file is missing or of another version.
    """
    try:
        data = read_json(path, MAX_BYTES)
    except FileNotFoundError:
        return {}, []
    except (OSError, UnusableJson) as error:
        return {}, [_warning(path, f"the cache is ignored: {error}")]
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return {}, []
    entries = data.get("entries")
    if not isinstance(entries, dict):
        return {}, [_warning(path, "the cache is ignored: 'entries' is not a mapping")]
    kept = {url: entry for url, entry in entries.items() if _trusted(url, entry, now)}
    dropped = len(entries) - len(kept)
    if not dropped:
        return kept, []
    noun = "entry" if dropped == 1 else "entries"
    message = f"{dropped} cache {noun} ignored: malformed, or checked in the future"
    return kept, [_warning(path, message)]


def _warning(path: Path, message: str) -> Diagnostic:
    return Diagnostic(path.name, 1, 1, message, _HINT, "warning")


def _trusted(url: object, entry: object, now: float) -> bool:
    if not isinstance(url, str) or not isinstance(entry, dict):
        return False
    checked_at = entry.get("checked_at")
    if not _is_number(checked_at) or not 0 <= checked_at <= now:
        return False
    try:
        _from_json(url, entry.get("result"))
    except (TypeError, KeyError, ValueError, AttributeError):
        return False
    return True


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def cached_result(
    entries: dict[str, Any], url: str, now: float, max_age: float
) -> LinkResult | None:
    """The remembered result for `url` if it is recent enough, marked as cached."""
    entry = entries.get(url)
    try:
        age = now - float(entry["checked_at"])  # type: ignore[index]
        if not 0 <= age <= max_age:  # NaN, or from the future: not to be trusted
            return None
        result = _from_json(url, entry["result"])  # type: ignore[index]
    except (TypeError, KeyError, ValueError):
        return None
    return result if result.status in _CACHEABLE else None


def updated(
    entries: dict[str, Any], results: list[LinkResult], now: float, max_age: float
) -> dict[str, Any]:
    """The entries with fresh successes added, failures and expired entries dropped."""
    kept = {
        url: entry
        for url, entry in entries.items()
        if cached_result(entries, url, now, max_age) is not None
    }
    for result in results:
        if result.cached:
            continue
        if result.status in _CACHEABLE:
            data = result.to_json()
            for key in ("url", "sources", "new_url"):
                data.pop(key)
            kept[result.url] = {"checked_at": now, "result": data}
        else:
            kept.pop(result.url, None)
    return kept


def save_cache(path: Path, entries: dict[str, Any]) -> None:
    text = json.dumps({"version": VERSION, "entries": entries}, indent=1, sort_keys=True)
    write_atomic(path, text + "\n")


def _from_json(url: str, data: Any) -> LinkResult:
    """The result an entry records; ValueError when any field has a wrong type."""
    return replace(LinkResult.from_json(data, url), cached=True)
