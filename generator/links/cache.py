"""Recent successes, remembered in a JSON file so that a re-run only asks what it must.

Only `ok` and `redirected` results are kept, for `cache_max_age` seconds; anything else is
checked again on every run.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.files import write_atomic

from .types import Hop, LinkResult, Status

VERSION = 1
_CACHEABLE = frozenset({Status.OK, Status.REDIRECTED})


def load_cache(path: Path) -> dict[str, Any]:
    """Entries by URL; empty when the file is missing, unreadable or of another version."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


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


def _from_json(url: str, data: dict[str, Any]) -> LinkResult:
    return replace(
        LinkResult(
            url=url,
            status=Status(data["status"]),
            code=data.get("code"),
            final_url=data.get("final_url"),
            redirects=tuple(Hop(int(h["code"]), str(h["url"])) for h in data.get("redirects", ())),
            error=data.get("error"),
            elapsed_ms=int(data.get("elapsed_ms", 0)),
        ),
        cached=True,
    )
