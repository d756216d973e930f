"""What changed since a git revision, as the scopes of `collect.Occurrence` (for pull requests).

A YAML entry with an id has changed when it is new or differs from the entry with that id at
the revision; a note or template when its text differs. Comparing loaded data, not lines,
ignores moves and reformatting.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Diagnostic

from .collect import Occurrence


class RevisionError(Exception):
    """The revision cannot be read: not a git repository, or an unknown revision."""


def changed_since(occurrences: Iterable[Occurrence], root: Path, revision: str) -> set[str]:
    """The scopes among `occurrences` whose content differs at `revision`."""
    _verify(root, revision)
    scopes = {o.scope for o in occurrences}
    changed = set()
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for scope in sorted(scopes):
        name, _, key = scope.partition("#")
        if not key:
            if _git_show(root, revision, name) != _read(root / name):
                changed.add(scope)
            continue
        if name not in old:
            old[name] = _parse(_git_show(root, revision, name))
            new[name] = _parse(_read(root / name))
        if _yaml_value(old[name], key) != _yaml_value(new[name], key):
            changed.add(scope)
    return changed


def select_changed(occurrences: list[Occurrence], changed: set[str]) -> list[Occurrence]:
    """Every occurrence of each URL that appears in a changed scope (all its sources kept)."""
    urls = {o.url for o in occurrences if o.scope in changed}
    return [o for o in occurrences if o.url in urls]


def revision_diagnostic(error: RevisionError) -> Diagnostic:
    hint = "give a commit, branch or tag of this repository"
    return Diagnostic("--changed-since", 1, 1, str(error), hint)


def is_committed(root: Path, name: str) -> bool:
    """Whether git tracks `name` under `root` (so that a pull request may have written it)."""
    try:
        result = _git(root, "ls-files", "--error-unmatch", "--", name)
    except RevisionError:
        return False
    return result.returncode == 0


def _verify(root: Path, revision: str) -> None:
    if revision.startswith("-"):
        raise RevisionError(f"'{revision}' is not a git revision")
    result = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if result.returncode != 0:
        raise RevisionError(f"unknown git revision '{revision}'")


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except OSError as error:
        raise RevisionError(f"cannot run git: {error.strerror}") from None


def _git_show(root: Path, revision: str, name: str) -> str | None:
    result = _git(root, "show", f"{revision}:./{name}")
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else None


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _parse(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return None


def _yaml_value(data: Any, key: str) -> Any:
    """The entry `papers/rome` (by id) or the top-level value `description` of loaded data."""
    if not isinstance(data, dict):
        return None
    top, _, ident = key.partition("/")
    value = data.get(top)
    if not ident:
        return value
    if isinstance(value, list):
        for entry in value:
            if isinstance(entry, dict) and entry.get("id") == ident:
                return entry
    return None
