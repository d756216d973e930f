"""Writing a staging folder over an earlier one: only the files whose bytes differ.

An engine that builds incrementally (Zensical's cache, MkDocs' dirty builds in the preview)
looks at the staged files' contents or modification times; a file staged again with the
same bytes keeps both, so the engine sees no change there.
"""

from __future__ import annotations

import os
from pathlib import Path


class StageWriter:
    """Writes a staging folder over an earlier one: only files whose bytes differ are written,
    and `prune` removes the files of the earlier one that were not staged this time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.staged: dict[Path, bytes | Path] = {}  # the last writer of a path wins
        self.written: list[str] = []

    def write(self, path: Path, content: bytes) -> None:
        self.staged[path] = content

    def copy(self, source: Path, target: Path) -> None:
        self.staged[target] = source

    def copy_over(self, source: Path, target: Path, suffixes: tuple[str, ...]) -> None:
        """The packaged defaults of `source` into `target`; the list's own files are copied
        over them afterwards, so a list keeps only the files it changes."""
        for path in sorted(source.rglob("*")):
            if path.is_file() and path.suffix in suffixes:
                self.copy(path, target / path.relative_to(source))

    def copy_tree(self, source: Path, target: Path) -> None:
        """Every file of `source` into `target`, following no symbolic link (a caller refuses
        them first, `tree_problems`, and says so)."""
        for directory, folders, names in os.walk(source):
            folders[:] = sorted(f for f in folders if not Path(directory, f).is_symlink())
            for name in sorted(names):
                path = Path(directory, name)
                if not path.is_symlink() and path.is_file():
                    self.copy(path, target / path.relative_to(source))

    def prune(self, *trees: Path) -> None:
        """Write what was staged, then remove from `trees` whatever was not."""
        for path, content in self.staged.items():
            data = content.read_bytes() if isinstance(content, Path) else content
            if _write_if_changed(path, data):
                self.written.append(path.relative_to(self.folder).as_posix())
        for tree in trees:
            if tree.is_dir():
                _remove_unstaged(tree, self.staged)


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` unless it holds exactly that already; True when written."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _remove_unstaged(tree: Path, staged: dict[Path, bytes | Path]) -> None:
    for directory, _, names in os.walk(tree, topdown=False):
        for name in names:
            path = Path(directory, name)
            if path not in staged:
                path.unlink()
        if directory != str(tree) and not os.listdir(directory):
            os.rmdir(directory)
