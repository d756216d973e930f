"""`upgrade`: a list moved to the installed version of the generator.

What the generator owns (`skeleton.OWNED`: workflows, pre-commit and markdownlint settings,
requirements.txt) is rewritten as this version writes it. A copy of a packaged default
(templates/, docs/assets/, overrides/, schemas/) that is byte for byte what an earlier version
copied, or what this version ships, is unedited: it is removed, so the packaged file is used.
An edited copy stays, as the list's override, and is named. The data (`skeleton.is_data`) is
never read or written here.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from generator.defaults.skeleton import ejected_files, is_data, owned_files
from generator.files import write_atomic
from generator.packaged import DEFAULTS

_RELEASED = DEFAULTS / "released.json"
COPY_FOLDERS = ("templates", "docs/assets", "overrides", "schemas")


@dataclass(frozen=True)
class Rewrite:
    name: str
    before: str | None  # None: the list did not have it
    after: str

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                (self.before or "").splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                fromfile=f"a/{self.name}" if self.before is not None else "/dev/null",
                tofile=f"b/{self.name}",
            )
        )


@dataclass(frozen=True)
class Plan:
    rewrites: tuple[Rewrite, ...]
    unedited_copies: tuple[str, ...]  # removed: the packaged file is the same or newer
    overrides: tuple[str, ...]  # edited copies the list keeps

    @property
    def changes_anything(self) -> bool:
        return bool(self.rewrites or self.unedited_copies)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def released_digests() -> dict[str, set[str]]:
    """Every digest each default file has had, in a released version or in this one."""
    known: dict[str, set[str]] = {}
    for files in json.loads(_RELEASED.read_text(encoding="utf-8"))["versions"].values():
        for name, digest in files.items():
            known.setdefault(name, set()).add(digest)
    for name, text in ejected_files().items():
        known.setdefault(name, set()).add(_digest(text.encode("utf-8")))
    return known


def _copies(root: Path) -> list[str]:
    found = []
    for folder in COPY_FOLDERS:
        base = root / folder
        if base.is_dir() and not base.is_symlink():
            found += [
                path.relative_to(root).as_posix()
                for path in sorted(base.rglob("*"))
                if path.is_file() and not path.is_symlink()
            ]
    return found


def plan_upgrade(root: Path) -> Plan:
    rewrites = []
    for name, text in owned_files().items():
        path = root / name
        before = path.read_text(encoding="utf-8") if path.is_file() else None
        if before != text:
            rewrites.append(Rewrite(name, before, text))
    known = released_digests()
    unedited, edited = [], []
    for name in _copies(root):
        if is_data(name):
            continue
        digests = known.get(name)
        if digests is None:
            continue  # the list's own file (an extra asset, a page): not a copy
        is_unedited = _digest((root / name).read_bytes()) in digests
        (unedited if is_unedited else edited).append(name)
    return Plan(tuple(rewrites), tuple(unedited), tuple(edited))


def apply_upgrade(root: Path, plan: Plan) -> None:
    """Write the rewrites and remove the unedited copies (and the folders left empty)."""
    for rewrite in plan.rewrites:
        write_atomic(root / rewrite.name, rewrite.after)
    for name in plan.unedited_copies:
        (root / name).unlink()
    for folder in COPY_FOLDERS:
        base = root / folder
        if base.is_dir():
            for directory in sorted((d for d in base.rglob("*") if d.is_dir()), reverse=True):
                if not any(directory.iterdir()):
                    directory.rmdir()
            if not any(base.iterdir()):
                base.rmdir()
